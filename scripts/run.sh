#!/usr/bin/env bash
# `make run`: Elasticsearch, migrations, demo data, the task worker and the web server.
# A process that exits (a worker after a database restart, say) is started again after a
# pause; Ctrl-C stops every process this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.dev}"
ES_PORT="${ES_PORT:-9200}"
export ELASTICSEARCH_URL="${ELASTICSEARCH_URL:-http://127.0.0.1:$ES_PORT}"
PY=.venv/bin/python

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "Stopping Waymark..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/elasticsearch.sh stop dev
}
trap cleanup INT TERM EXIT

scripts/elasticsearch.sh start dev "$ES_PORT"
$PY manage.py migrate --noinput
$PY manage.py createcachetable
$PY manage.py seed_demo
$PY manage.py search_reindex || echo "Warning: the search index was not rebuilt; search falls back to the database until it is."

# Runs a command, and runs it again whenever it exits, after a pause that grows while it keeps
# failing quickly (1 s up to 30 s). Stopping the supervisor stops its command.
supervise() {
  local name="$1"; shift
  (
    child=""
    trap '[ -n "$child" ] && kill "$child" 2>/dev/null; wait 2>/dev/null; exit 0' INT TERM
    pause=1
    while true; do
      started=$SECONDS
      "$@" &
      child=$!
      status=0; wait "$child" || status=$?
      child=""
      [ $((SECONDS - started)) -ge 60 ] && pause=1
      echo "$name exited (status $status); starting it again in ${pause}s." >&2
      sleep "$pause" & wait $! || true
      pause=$((pause * 2 > 30 ? 30 : pause * 2))
    done
  ) &
  pids+=($!)
}

supervise "task worker" $PY manage.py db_worker --queue-name default
supervise "scheduler" $PY manage.py scheduler
supervise "web server" $PY manage.py runserver 127.0.0.1:8000

for _ in $(seq 1 60); do
  curl -fsS -o /dev/null http://127.0.0.1:8000/healthz 2>/dev/null && break
  sleep 1
done

cat <<MSG

  Waymark is running.
    Site:        http://127.0.0.1:8000/
    Directory:   http://127.0.0.1:8000/directory/
    Forum:       http://127.0.0.1:8000/forum/
    Admin:       http://127.0.0.1:8000/admin/
    Health:      http://127.0.0.1:8000/healthz
    Search node: $ELASTICSEARCH_URL

  Demo accounts (password: waymark-demo):
    member@example.org        member, Colne Valley Refuge Trust
    member2@example.org       member, North Essex Migrant Advice Centre
    orgadmin@example.org      organisation admin, Colne Valley Refuge Trust
    coordinator@example.org   coordinator (sets up two-factor on first admin visit)
    editor@example.org        editor (sets up two-factor on first admin visit)
    police.admin@example.org  organisation admin, Essex Police Modern Slavery Unit
    council.admin@example.org organisation admin, Colchester City Council Safeguarding

  Press Ctrl-C to stop.
MSG
wait "${pids[@]}"

#!/usr/bin/env bash
# `make run`: Elasticsearch, migrations, demo data, the task worker and the web server.
# Ctrl-C stops every process this script started.
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

$PY manage.py db_worker --queue-name default &
pids+=($!)
$PY manage.py scheduler &
pids+=($!)
$PY manage.py runserver 127.0.0.1:8000 &
pids+=($!)

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
wait -n "${pids[@]}"

#!/usr/bin/env bash
# `make drill`: fault drills on a production-like stack (bench/drill.py): gunicorn, two workers,
# the scheduler, PostgreSQL and a three-node Elasticsearch cluster, all on loopback. Not part of
# `make test`. Bounded (DRILL_TIMEOUT, 20 min), and it stops everything it started.
# PostgreSQL is restarted in one drill: as root on Debian the drill makes a PostgreSQL cluster of
# its own on loopback (pg_createcluster, port DRILL_PG_PORT) and drops it at the end, so the
# machine's shared server is never restarted. Elsewhere, that drill is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
NAME="${DRILL_ES_NAME:-drill}"
PORT="${DRILL_ES_PORT:-9270}"

# A cluster already running (a second drill, say) is left running; one started here is stopped.
started_cluster=1
curl -fsS "http://127.0.0.1:$PORT/_cluster/health" >/dev/null 2>&1 && started_cluster=0
PG_CLUSTER="waymark-drill"
pg_made=0
cleanup() {
  [ "$started_cluster" = 0 ] || scripts/elasticsearch.sh cluster-stop "$NAME" 3 || true
  [ "$pg_made" = 0 ] || pg_dropcluster --stop "$PG_VERSION" "$PG_CLUSTER" || true
}
trap cleanup EXIT INT TERM

# A cluster started here is a new one: nodes that kept the data of an earlier drill's cluster
# (one cut short, say) would refuse to join each other.
if [ "$started_cluster" = 1 ]; then
  for i in 1 2 3; do
    rm -rf "$PWD/.cache/elasticsearch/nodes/$NAME-$i/data" /var/lib/waymark-es/*/nodes/"$NAME-$i"/data
  done
fi
scripts/elasticsearch.sh cluster-start "$NAME" "$PORT" 3
export ELASTICSEARCH_URL="http://127.0.0.1:$PORT,http://127.0.0.1:$((PORT + 1)),http://127.0.0.1:$((PORT + 2))"
pids=()
for i in 1 2 3; do
  for pid_file in "$PWD/.cache/elasticsearch/nodes/$NAME-$i/es.pid" /var/lib/waymark-es/*/nodes/"$NAME-$i"/es.pid; do
    [ -f "$pid_file" ] && { pids+=("$(cat "$pid_file")"); break; }
  done
done
[ "${#pids[@]}" -eq 3 ] || { echo "drill: could not find the cluster's process ids" >&2; exit 1; }
DRILL_ES_PIDS="$(IFS=,; echo "${pids[*]}")"
export DRILL_ES_PIDS

if [ -z "${DRILL_DATABASE_URL:-}" ] && [ "$(id -u)" = 0 ] && command -v pg_createcluster >/dev/null; then
  PG_VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  PG_PORT="${DRILL_PG_PORT:-5439}"
  pg_dropcluster --stop "$PG_VERSION" "$PG_CLUSTER" >/dev/null 2>&1 || true
  pg_made=1
  pg_createcluster "$PG_VERSION" "$PG_CLUSTER" -p "$PG_PORT" >/dev/null
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
  runuser -u postgres -- psql -p "$PG_PORT" -qAtc "CREATE ROLE waymark LOGIN CREATEDB PASSWORD 'waymark'"
  runuser -u postgres -- createdb -p "$PG_PORT" -O waymark waymark
  export DRILL_DATABASE_URL="postgres://waymark:waymark@127.0.0.1:$PG_PORT/waymark_drill"
  export DRILL_PG_CLUSTER="$PG_VERSION $PG_CLUSTER"  # bench/drill.py restarts this one
fi
if [ -z "${DRILL_DATABASE_URL:-}" ]; then
  base="$(scripts/postgres.sh)"
  export DRILL_DATABASE_URL="${base%/*}/waymark_drill"
fi
.venv/bin/python -c 'import os, sys; sys.path.insert(0, "."); from bench.stack import recreate_database; recreate_database(os.environ["DRILL_DATABASE_URL"])'
export DJANGO_SETTINGS_MODULE=bench.drill_settings
timeout "${DRILL_TIMEOUT:-1200}" .venv/bin/python bench/drill.py

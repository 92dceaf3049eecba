#!/usr/bin/env bash
# `make drill`: fault drills on a production-like stack (bench/drill.py): gunicorn, two workers,
# the scheduler, PostgreSQL and a three-node Elasticsearch cluster, all on loopback. Not part of
# `make test`. Bounded (DRILL_TIMEOUT, 15 min), and it stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
NAME="${DRILL_ES_NAME:-drill}"
PORT="${DRILL_ES_PORT:-9270}"

# A cluster already running (a second drill, say) is left running; one started here is stopped.
started_cluster=1
curl -fsS "http://127.0.0.1:$PORT/_cluster/health" >/dev/null 2>&1 && started_cluster=0
cleanup() { [ "$started_cluster" = 0 ] || scripts/elasticsearch.sh cluster-stop "$NAME" 3 || true; }
trap cleanup EXIT INT TERM

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

if [ -z "${DRILL_DATABASE_URL:-}" ]; then
  base="$(scripts/postgres.sh)"
  export DRILL_DATABASE_URL="${base%/*}/waymark_drill"
fi
.venv/bin/python -c 'import os, sys; sys.path.insert(0, "."); from bench.stack import recreate_database; recreate_database(os.environ["DRILL_DATABASE_URL"])'
export DJANGO_SETTINGS_MODULE=bench.drill_settings
timeout "${DRILL_TIMEOUT:-900}" .venv/bin/python bench/drill.py

#!/usr/bin/env bash
# `make load`: fifty people at once on the production-like stack (bench/load.py), on loopback.
# Not part of `make test`. Bounded (LOAD_TIMEOUT, 15 min), and it stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
# The bench's node (a node of its own: test runs on the shared test node would skew timings);
# the load test keeps to its own index prefix on it.
ES_PORT="${ES_BENCH_PORT:-9260}"
# A node already running (a bench, say) is left running; one started here is stopped.
started_node=1
curl -fsS "http://127.0.0.1:$ES_PORT/_cluster/health" >/dev/null 2>&1 && started_node=0
cleanup() { [ "$started_node" = 0 ] || scripts/elasticsearch.sh stop bench || true; }
trap cleanup EXIT INT TERM
scripts/elasticsearch.sh start bench "$ES_PORT" >/dev/null \
  || { echo "make load needs Elasticsearch (see the message above)" >&2; exit 1; }
export ELASTICSEARCH_URL="http://127.0.0.1:$ES_PORT"
if [ -z "${LOAD_DATABASE_URL:-}" ]; then
  base="$(scripts/postgres.sh)"
  export LOAD_DATABASE_URL="${base%/*}/waymark_load"
fi
export DJANGO_SETTINGS_MODULE=bench.load_settings
timeout "${LOAD_TIMEOUT:-900}" .venv/bin/python bench/load.py

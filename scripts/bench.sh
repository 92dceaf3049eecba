#!/usr/bin/env bash
# `make bench`: generate a large data set (fixed seed) in its own database and index prefix,
# then time search, indexing and save-to-searchable. Not a test: it prints a table and writes
# bench/results/bench.json and bench/results/bench.md. BENCH_SCALE=0.1 for a quick run.
set -euo pipefail
cd "$(dirname "$0")/.."
# A node of its own: test runs on the shared test node would skew the timings.
ES_PORT="${ES_BENCH_PORT:-9260}"
scripts/elasticsearch.sh start bench "$ES_PORT" >/dev/null \
  || { echo "make bench needs Elasticsearch (see the message above)" >&2; exit 1; }
export ELASTICSEARCH_URL="http://127.0.0.1:$ES_PORT"
if [ -z "${BENCH_DATABASE_URL:-}" ]; then
  base="$(scripts/postgres.sh)"
  export BENCH_DATABASE_URL="${base%/*}/waymark_bench"
fi
export BENCH_INDEX_PREFIX="${BENCH_INDEX_PREFIX:-waymark_bench}"
exec timeout "${BENCH_TIMEOUT:-1800}" .venv/bin/python bench/run.py

#!/usr/bin/env bash
# `make test`: real Elasticsearch and PostgreSQL, Chromium, lint, then the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
ES_TEST_PORT="${ES_TEST_PORT:-9250}"

scripts/chromium.sh
DATABASE_URL="$(scripts/postgres.sh)" || { echo "make test needs PostgreSQL (see the message above)" >&2; exit 1; }
case "$DATABASE_URL" in
  postgres://*|postgresql://*) export DATABASE_URL ;;
  *) echo "make test needs a postgres:// DATABASE_URL, got: $DATABASE_URL" >&2; exit 1 ;;
esac
scripts/elasticsearch.sh start test "$ES_TEST_PORT" \
  || { echo "make test needs Elasticsearch 8.19 (see the message above): a JDK 17+ and mvn" >&2; exit 1; }
export ELASTICSEARCH_URL="http://127.0.0.1:$ES_TEST_PORT"
scripts/vnu.sh install \
  || { echo "make test needs the Nu HTML Checker (see the message above): a JDK 17+ and mvn" >&2; exit 1; }
export DJANGO_SETTINGS_MODULE=config.settings.test
[ "${CI:-}" = "true" ] && trap 'scripts/elasticsearch.sh stop test' EXIT

echo "== lint"
scripts/lint.sh

echo "== tests"
.venv/bin/pytest "$@"

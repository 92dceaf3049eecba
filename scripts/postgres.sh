#!/usr/bin/env bash
# Make sure a PostgreSQL server answers for the tests and print its DATABASE_URL.
# With DATABASE_URL already set (a postgres:// URL), that server is used as it is.
# Otherwise, as root on Debian, install and start the local cluster with pg_ctlcluster.
set -euo pipefail

# Only the URL goes to standard output (callers capture it); everything else, including what
# pg_ctlcluster and apt-get print, goes to standard error. The server must not inherit fd 3,
# or the caller's $(...) would wait for it to exit: every command that may start it gets 3>&-.
exec 3>&1 1>&2
die() { echo "postgres: $*" >&2; exit 1; }

if [ -n "${DATABASE_URL:-}" ]; then
  case "$DATABASE_URL" in
    postgres://*|postgresql://*) echo "$DATABASE_URL" >&3; exit 0 ;;
  esac
fi

ROLE="${PGTEST_ROLE:-waymark}"
PASSWORD="${PGTEST_PASSWORD:-waymark}"
DATABASE="${PGTEST_DATABASE:-waymark}"

if [ "$(id -u)" != 0 ]; then
  die "no PostgreSQL: set DATABASE_URL=postgres://USER:PASS@HOST:PORT/DB (a user that may create databases), or run make test as root on Debian so it can install the postgresql package"
fi

if ! command -v pg_ctlcluster >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  command -v apt-get >/dev/null || die "no PostgreSQL and no apt-get: install PostgreSQL 15+ and set DATABASE_URL"
  echo "Installing Debian's postgresql..." >&2
  (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }) 3>&- \
    || die "could not install postgresql with apt-get"
fi

read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters --no-header | head -n 1) || true
if [ -z "${VERSION:-}" ]; then
  VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  pg_createcluster "$VERSION" main >/dev/null 3>&-
  read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters --no-header | head -n 1)
fi
if [ "$STATUS" != "online" ]; then
  echo "Starting PostgreSQL $VERSION/$CLUSTER on port $PORT..." >&2
  # A server killed without a shutdown leaves its socket lock behind; the new one refuses to
  # start beside it. Remove it only when the process it names is gone.
  lock="/var/run/postgresql/.s.PGSQL.$PORT.lock"
  if [ -f "$lock" ] && [ ! -d "/proc/$(head -n 1 "$lock")" ]; then
    echo "Removing the stale socket lock $lock" >&2
    rm -f "$lock"
  fi
  pg_ctlcluster "$VERSION" "$CLUSTER" start 3>&- || die "pg_ctlcluster $VERSION $CLUSTER start failed"
fi
for _ in $(seq 1 30); do
  runuser -u postgres -- psql -p "$PORT" -qAtc "select 1" >/dev/null 2>&1 && break
  sleep 1
done
runuser -u postgres -- psql -p "$PORT" -qAtc "select 1" >/dev/null 2>&1 || die "PostgreSQL did not answer on port $PORT"
runuser -u postgres -- psql -p "$PORT" -qAt -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  END IF;
END \$\$;
SQL
runuser -u postgres -- psql -p "$PORT" -qAtc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" | grep -q 1 \
  || runuser -u postgres -- createdb -p "$PORT" -O "$ROLE" "$DATABASE"
echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE" >&3

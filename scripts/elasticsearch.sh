#!/usr/bin/env bash
# Fetch, start and stop a local Elasticsearch node for development and tests.
#   scripts/elasticsearch.sh install            fetch the server from Maven Central (cached)
#   scripts/elasticsearch.sh start NAME PORT    start a node with its own data folder; wait until healthy
#   scripts/elasticsearch.sh stop NAME          stop that node
#   scripts/elasticsearch.sh cluster-start NAME PORT [COUNT]   a COUNT-node cluster (3) on PORT, PORT+1...
#   scripts/elasticsearch.sh cluster-stop NAME [COUNT]         stop it
set -euo pipefail

ES_VERSION="${ES_VERSION:-8.19.9}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="$ROOT/.cache/elasticsearch"
HOME_DIR="$CACHE/elasticsearch-$ES_VERSION"
ES_USER="${ES_USER:-waymark-es}"

die() { echo "elasticsearch: $*" >&2; exit 1; }
# shellcheck source=scripts/jdk.sh
. "$ROOT/scripts/jdk.sh"

install() {
  if [ -x "$HOME_DIR/bin/elasticsearch" ]; then return; fi
  command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch Elasticsearch: apt-get install maven"
  mkdir -p "$CACHE"
  echo "Fetching Elasticsearch $ES_VERSION (integ-test-zip) from Maven Central with mvn..."
  mvn -q dependency:copy \
    -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
    -DoutputDirectory="$CACHE" -Dmdep.overWriteReleases=true \
    || die "could not fetch org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip with mvn"
  rm -rf "$HOME_DIR.tmp" && mkdir -p "$HOME_DIR.tmp"
  (cd "$HOME_DIR.tmp" && unzip -q "$CACHE/elasticsearch-$ES_VERSION.zip")
  mv "$HOME_DIR.tmp/elasticsearch-$ES_VERSION" "$HOME_DIR" && rm -rf "$HOME_DIR.tmp"
  install_hunspell
}

install_hunspell() {
  local target="$HOME_DIR/config/hunspell/en_GB"
  [ -f "$target/en_GB.dic" ] && return
  local source_dir=/usr/share/hunspell
  if [ ! -f "$source_dir/en_GB.dic" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "Installing Debian's hunspell-en-gb dictionary..."
      (apt-get install -y -qq hunspell-en-gb >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq hunspell-en-gb >/dev/null; }) \
        || die "could not install hunspell-en-gb"
    else
      die "the en_GB hunspell dictionary is missing: apt-get install hunspell-en-gb"
    fi
  fi
  mkdir -p "$target"
  cp "$source_dir/en_GB.aff" "$source_dir/en_GB.dic" "$target/"
}

ensure_user() {
  id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
}

# Where the node runs from and keeps its data. As root the node runs as $ES_USER, who must be
# able to reach the checkout; a checkout inside a private folder (a 0700 temp dir, a home
# folder) is copied to a folder of that user's own instead.
runtime_dirs() {
  RUN_HOME="$HOME_DIR"
  STATE_ROOT="$CACHE/nodes"
  [ "$(id -u)" = 0 ] || return 0
  ensure_user
  if ! runuser -u "$ES_USER" -- test -x "$CACHE" 2>/dev/null; then
    local base; base="/var/lib/waymark-es/$(printf '%s' "$ROOT" | md5sum | cut -c1-12)"
    RUN_HOME="$base/elasticsearch-$ES_VERSION"
    STATE_ROOT="$base/nodes"
    if [ ! -x "$RUN_HOME/bin/elasticsearch" ]; then
      mkdir -p "$base" && cp -a "$HOME_DIR" "$RUN_HOME"
    fi
  fi
}

run_as() {
  # Elasticsearch refuses to run as root: use a dedicated unprivileged user.
  if [ "$(id -u)" = 0 ]; then
    chown -R "$ES_USER" "$RUN_HOME" "$1"
    shift
    runuser -u "$ES_USER" -- env "$@"
  else
    shift
    env "$@"
  fi
}

# launch NAME PORT CLUSTER [-E settings...]: start one node in the background.
launch() {
  local name="$1" port="$2" cluster="$3"; shift 3
  local state="$STATE_ROOT/$name"
  mkdir -p "$state/data" "$state/logs"
  local jdk; jdk="$(java_home)"
  echo "Starting Elasticsearch $ES_VERSION ($name) on 127.0.0.1:$port..."
  run_as "$state" ES_JAVA_HOME="$jdk" ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}" \
    "$RUN_HOME/bin/elasticsearch" -d -p "$state/es.pid" \
    -E cluster.name="waymark-$cluster" -E node.name="$name" "$@" \
    -E network.host=127.0.0.1 -E http.port="$port" \
    -E transport.port="$((port + 100))" \
    -E xpack.security.enabled=false -E xpack.ml.enabled=false \
    -E cluster.routing.allocation.disk.threshold_enabled=false \
    -E path.data="$state/data" -E path.logs="$state/logs" \
    > "$state/start.log" 2>&1 || { cat "$state/start.log" >&2; die "the node did not start (log above, and $state/logs)"; }
}

# wait_healthy PORT QUERY LOGS: until _cluster/health?QUERY answers, for up to 120 s.
wait_healthy() {
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$1/_cluster/health?$2&timeout=1s" >/dev/null 2>&1; then
      echo "Elasticsearch is healthy on http://127.0.0.1:$1"; return
    fi
    sleep 1
  done
  tail -n 40 "$3"/*.log >&2 || true
  die "Elasticsearch did not become healthy on 127.0.0.1:$1 within 120 s"
}

start() {
  local name="$1" port="$2"
  install
  runtime_dirs
  if curl -fsS "http://127.0.0.1:$port/_cluster/health" >/dev/null 2>&1; then
    echo "Elasticsearch is already answering on 127.0.0.1:$port"; return
  fi
  launch "$name" "$port" "$name" -E discovery.type=single-node
  wait_healthy "$port" "wait_for_status=yellow" "$STATE_ROOT/$name/logs"
}

# A cluster of COUNT nodes on loopback: NAME-1 on PORT, NAME-2 on PORT+1, ... (transport +100).
# Each node has its own heap (ES_JAVA_OPTS, 512 MB by default). List every node in
# ELASTICSEARCH_URL and set SEARCH_REPLICAS=1 so one node can go without losing a shard.
cluster_start() {
  local name="$1" port="$2" count="${3:-3}"
  install
  runtime_dirs
  local seeds="" masters="" i
  for i in $(seq 1 "$count"); do
    seeds+="${seeds:+,}127.0.0.1:$((port + i - 1 + 100))"
    masters+="${masters:+,}$name-$i"
  done
  for i in $(seq 1 "$count"); do
    if curl -fsS "http://127.0.0.1:$((port + i - 1))/_cluster/health" >/dev/null 2>&1; then
      echo "$name-$i is already answering on 127.0.0.1:$((port + i - 1))"; continue
    fi
    launch "$name-$i" "$((port + i - 1))" "$name" \
      -E discovery.seed_hosts="$seeds" -E cluster.initial_master_nodes="$masters"
  done
  wait_healthy "$port" "wait_for_nodes=$count&wait_for_status=yellow" "$STATE_ROOT/$name-1/logs"
  local urls=""
  for i in $(seq 1 "$count"); do urls+="${urls:+,}http://127.0.0.1:$((port + i - 1))"; done
  echo "ELASTICSEARCH_URL=$urls"
}

cluster_stop() {
  local name="$1" count="${2:-3}" i
  for i in $(seq 1 "$count"); do stop "$name-$i"; done
}

stop() {
  runtime_dirs
  local pid_file="$STATE_ROOT/$1/es.pid"
  [ -f "$pid_file" ] || return 0
  local pid; pid="$(cat "$pid_file")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  rm -f "$pid_file"
}

usage="usage: $0 install | start NAME PORT | stop NAME | cluster-start NAME PORT [COUNT] | cluster-stop NAME [COUNT]"
case "${1:-}" in
  install) install ;;
  start) [ $# -eq 3 ] || die "$usage"; start "$2" "$3" ;;
  stop) [ $# -eq 2 ] || die "$usage"; stop "$2" ;;
  cluster-start) [ $# -ge 3 ] || die "$usage"; cluster_start "$2" "$3" "${4:-3}" ;;
  cluster-stop) [ $# -ge 2 ] || die "$usage"; cluster_stop "$2" "${3:-3}" ;;
  *) die "$usage" ;;
esac

#!/usr/bin/env bash
# The Nu HTML Checker (nu.validator:validator) from Maven Central, for make test.
#   scripts/vnu.sh install          fetch the checker and its libraries with mvn (cached in .cache/vnu)
#   scripts/vnu.sh check ARGS...    run it: java ... nu.validator.client.SimpleCommandLineValidator ARGS
set -euo pipefail

VNU_VERSION="${VNU_VERSION:-26.5.2}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${VNU_CACHE:-$ROOT/.cache/vnu}/$VNU_VERSION"

die() { echo "vnu: $*" >&2; exit 1; }
# shellcheck source=scripts/jdk.sh
. "$ROOT/scripts/jdk.sh"

install() {
  [ -f "$DIR/complete" ] && return
  command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch the Nu HTML Checker: apt-get install maven"
  echo "Fetching the Nu HTML Checker (nu.validator:validator:$VNU_VERSION) from Maven Central with mvn..." >&2
  rm -rf "$DIR" && mkdir -p "$DIR"
  # The library and what it needs at run time, without a pom of Waymark's own to keep.
  cat > "$DIR/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>waymark</groupId><artifactId>vnu-fetch</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>nu.validator</groupId><artifactId>validator</artifactId><version>$VNU_VERSION</version></dependency>
  </dependencies>
</project>
POM
  mvn -q -f "$DIR/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$DIR/lib" >&2 \
    || die "could not fetch nu.validator:validator:$VNU_VERSION with mvn"
  touch "$DIR/complete"
}

case "${1:-}" in
  install) install ;;
  check) shift; install; home="$(java_home)"; exec "$home/bin/java" -Xss4m -cp "$DIR/lib/*" nu.validator.client.SimpleCommandLineValidator "$@" ;;
  *) die "usage: scripts/vnu.sh install | check ARGS..." ;;
esac

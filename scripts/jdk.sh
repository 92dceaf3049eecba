# The project's JDK (17 or newer), shared by the scripts that run Java (Elasticsearch, the Nu HTML
# Checker): ES_JAVA_HOME when set, else the first JDK found. Source it, then: home="$(java_home)"
java_home() {
  if [ -n "${ES_JAVA_HOME:-}" ]; then echo "$ES_JAVA_HOME"; return; fi
  for candidate in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-*-jdk-amd64 /usr/lib/jvm/java-*-openjdk-*; do
    [ -x "$candidate/bin/java" ] && { echo "$candidate"; return; }
  done
  if command -v java >/dev/null; then dirname "$(dirname "$(readlink -f "$(command -v java)")")"; return; fi
  echo "no JDK found: install a JDK 17+ (Debian: apt-get install openjdk-17-jdk-headless) or set ES_JAVA_HOME" >&2
  return 1
}

# Sourced by ./mvnw and ./airlock: Airlock targets Java 25 (the newest Lambda
# runtime), so pick a JDK 25+ even when the machine's default java is older.
airlock_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
airlock_select_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(airlock_java_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
    return 0
  fi
  case $- in *f*) set +f; airlock_noglob=1 ;; esac
  for candidate in /usr/lib/jvm/*25* /usr/lib/jvm/*2[6-9]* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    if [ -x "$candidate/bin/javac" ] && [ "$(airlock_java_major "$candidate")" -ge 25 ] 2>/dev/null; then
      JAVA_HOME="$candidate"
      export JAVA_HOME
      [ -z "${airlock_noglob-}" ] || set -f
      return 0
    fi
  done
  [ -z "${airlock_noglob-}" ] || set -f
  echo "Airlock needs JDK 25 or newer to build and run; none found in JAVA_HOME or /usr/lib/jvm." >&2
  echo "Fix: install a JDK 25 (for example Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}
airlock_select_jdk || exit 1

#!/usr/bin/env bash
# cdk.json's app: runs dev.airlock.infra.AirlockApp on the classpath Maven wrote at package time
# (target/cdk.classpath), so `cdk synth` needs neither Maven nor the network. When the classes or a
# function's zip are missing, it builds them first, offline.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

# The classes target Java 25; pick a JDK 25+ as ./mvnw does, even when the default java is older.
. "$root/.mvn/select-jdk.sh"

missing=""
[ -f "$here/target/cdk.classpath" ] || missing="$missing infra/cdk/target/cdk.classpath"
[ -f "$here/target/classes/dev/airlock/infra/AirlockApp.class" ] || missing="$missing infra/cdk/target/classes"
for f in gateway audit-upkeep approval-notifier; do
  [ -f "$root/functions/$f/target/function.zip" ] || missing="$missing functions/$f/target/function.zip"
done
if [ -n "$missing" ]; then
  echo "infra/cdk: missing$missing; building (./mvnw -o -q package -DskipTests -pl infra/cdk -am)" >&2
  (cd "$root" && ./mvnw -o -q -B package -DskipTests -pl infra/cdk -am) >&2
fi

# jsii (CDK's bridge to node) prints a banner about node 20 on every run.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=1 JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1
exec "$JAVA_HOME/bin/java" -cp "$here/target/classes:$(cat "$here/target/cdk.classpath")" dev.airlock.infra.AirlockApp

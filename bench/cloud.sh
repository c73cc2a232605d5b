#!/usr/bin/env bash
# Cloud pipeline throughput, drain, offline enqueue and latency against raw Paho, on a real mosquitto.
#
#   bench/cloud.sh [all|throughput|latency|enqueue|drain]     (after: mvn -B -ntp -DskipTests install)
#
# Runs MqttCloudConnection (publish -> durable MessageStore -> Forwarder -> Paho) outside OSGi from the reactor's
# built jars, and as baseline raw Paho MqttAsyncClient (in-memory persistence, window 1000) or MessageStore.append,
# in the same run against the same mosquitto (started by the bench on a free loopback port, stopped at the end).
# Sizes: -Dbench.throughput=200000 -Dbench.threads=8 -Dbench.drain=1000000 -Dbench.latency=5000 -Dbench.rate=500
# -Dbench.enqSync1=3000 -Dbench.enqSync8=20000 -Dbench.enqBatch=200000, passed through BENCH_OPTS.
# Prints markdown table rows on stdout; progress on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v mosquitto >/dev/null || { echo "mosquitto is not installed (Debian: mosquitto)" >&2; exit 1; }
jars=()
for module in api codec cloud; do
  jar=$(ls bundles/$module/target/org.edgeway.$module-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 || true)
  [[ -n "$jar" ]] || { echo "bundles/$module is not built: mvn -B -ntp -DskipTests install" >&2; exit 1; }
  jars+=("$jar")
done
out=bench/cloud/target
mkdir -p "$out/classes"
if ! mvn -B -ntp -q -f bench/cloud/pom.xml dependency:build-classpath -Dmdep.outputFile="$PWD/$out/classpath.txt" \
    >"$out/mvn.log" 2>&1; then
  cat "$out/mvn.log" >&2; exit 1
fi
cp="$(IFS=:; echo "${jars[*]}"):$(cat "$out/classpath.txt")"
javac -nowarn -d "$out/classes" -cp "$cp" $(find bench/cloud/src/main/java -name '*.java')
echo "| benchmark | messages | edgeway | baseline | edgeway / baseline |"
echo "|---|---|---|---|---|"
# shellcheck disable=SC2086
exec java -Xmx1g ${BENCH_OPTS:-} -cp "$out/classes:$cp" org.edgeway.bench.CloudBench "${1:-all}"

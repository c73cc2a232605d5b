#!/usr/bin/env bash
# Modbus polling overhead against a raw j2mod read loop, and the planner against the minimum request count.
#
#   bench/modbus.sh            (after: mvn -B -ntp -DskipTests install)
#
# 100 simulated SDM630 meters (a j2mod Modbus TCP server in its own JVM, 100 unit ids) on 4 TCP connections, each
# polled every second with the shipped profile: our BusScheduler + MeterPoller (decode, counters, publish to a
# counting sink) against ModbusTCPMaster threads reading the same planned requests at the same pace, in one run.
# Sizes: -Dbench.meters=100 -Dbench.buses=4 -Dbench.warm=10 -Dbench.seconds=30, passed through BENCH_OPTS.
# Prints markdown table rows on stdout; progress on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
jars=()
for module in api modbus; do
  jar=$(ls bundles/$module/target/org.edgeway.$module-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 || true)
  [[ -n "$jar" ]] || { echo "bundles/$module is not built: mvn -B -ntp -DskipTests install" >&2; exit 1; }
  jars+=("$jar")
done
out=bench/modbus/target
mkdir -p "$out/classes"
if ! mvn -B -ntp -q -f bench/modbus/pom.xml dependency:build-classpath -Dmdep.outputFile="$PWD/$out/classpath.txt" \
    >"$out/mvn.log" 2>&1; then
  cat "$out/mvn.log" >&2; exit 1
fi
cp="$(IFS=:; echo "${jars[*]}"):$(cat "$out/classpath.txt")"
javac -nowarn -d "$out/classes" -cp "$cp" $(find bench/modbus/src/main/java -name '*.java')
echo "| benchmark | edgeway | raw j2mod loop | edgeway / raw |"
echo "|---|---|---|---|"
# shellcheck disable=SC2086
exec java -Xmx512m ${BENCH_OPTS:-} -cp "$out/classes:$cp" org.edgeway.bench.ModbusBench

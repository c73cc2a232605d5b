#!/usr/bin/env bash
# Fleet console storage: stop-visit ingest into H2 and PostgreSQL against plain JDBC batch inserts, and report query
# latency over 10 million stop visits.
#
#   bench/fleet.sh [all|ingest|reports]     (after: mvn -B -ntp -DskipTests install)
#
# Runs FleetStore outside OSGi from the reactor's built org.edgeway.fleet jar. PostgreSQL from EDGEWAY_TEST_PG_URL,
# _USER, _PASSWORD (defaults as the store tests: jdbc:postgresql://127.0.0.1:5432/edgeway_test, edgeway, edgeway);
# every database gets a private schema, dropped at the end. H2 files live in a temporary directory.
# Sizes: -Dbench.visits=200000 -Dbench.threads=4 -Dbench.batch=200 -Dbench.reportVisits=10000000
# -Dbench.h2ReportVisits=1000000 -Dbench.runs=5 -Dbench.reportDatabases=postgresql,h2, passed through BENCH_OPTS.
# -Dbench.reuse=true keeps the report datasets (schema bench_reports_N, file bench/fleet/target/reports-N.mv.db) and
# reuses them in the next run of the same size instead of loading again (10M visits take minutes); drop them by hand:
#   DROP SCHEMA bench_reports_10000000 CASCADE;  rm bench/fleet/target/reports-*
# Prints markdown table rows on stdout (a machine line first); progress and query plans on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=$(ls bundles/fleet/target/org.edgeway.fleet-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 || true)
[[ -n "$jar" ]] || { echo "bundles/fleet is not built: mvn -B -ntp -DskipTests install" >&2; exit 1; }
out=bench/fleet/target
mkdir -p "$out/classes"
if ! mvn -B -ntp -q -f bench/fleet/pom.xml dependency:build-classpath -Dmdep.outputFile="$PWD/$out/classpath.txt" \
    >"$out/mvn.log" 2>&1; then
  cat "$out/mvn.log" >&2; exit 1
fi
cp="$jar:$(cat "$out/classpath.txt")"
javac -nowarn -d "$out/classes" -cp "$cp" $(find bench/fleet/src/main/java -name '*.java')
# shellcheck disable=SC2086
exec java -Xmx2g ${BENCH_OPTS:-} -cp "$out/classes:$cp" org.edgeway.bench.FleetBench "${1:-all}"

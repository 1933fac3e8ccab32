#!/usr/bin/env bash
# Benchmark: the HubSpot sync (kiln-hubspot) against the HubSpot API on loopback of its tests.
#
#   benchmarks/hubspot.sh [DIFF_ROWS] [RATE_ROWS]
#     DIFF_ROWS  contacts diffed (1000000): dry runs and a 1 % sync, time and peak heap, in a 256 MB heap
#     RATE_ROWS  changed records synced at 100 requests / 10 s (100000): the rate reached, 429s
#
# Builds kiln-hubspot's test classes from this worktree (no `mvn install`), then runs
# dev.kiln.hubspot.HubSpotBenchmark twice under /usr/bin/time (peak RSS).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
diff_rows="${1:-1000000}"
rate_rows="${2:-100000}"
cd "$repo"
mvn -q -B -ntp -pl kiln-hubspot -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-cp.txt >/dev/null
cp="kiln-hubspot/target/test-classes:kiln-hubspot/target/classes:$(cat kiln-hubspot/target/bench-cp.txt)"
echo "java: $(java -version 2>&1 | head -1)"
for run in "diff $diff_rows" "rate $rate_rows"; do
  /usr/bin/time -f "peak RSS %M KB, wall %e s" java -Xmx256m -cp "$cp" dev.kiln.hubspot.HubSpotBenchmark $run 2>&1 | grep -v '^SLF4J'
done

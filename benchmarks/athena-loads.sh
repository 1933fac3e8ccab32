#!/usr/bin/env bash
# Benchmark: a load through the Athena load sink (local DuckDB staging, Parquet, upload through the
# AWS SDK to an in-process S3/Glue, manifest, one UpdateTable) against the plain baseline (DuckDB's
# appender + one COPY to Parquet), in a 512 MB heap (docs/benchmarks.md, "Loads on Athena").
#
#   benchmarks/athena-loads.sh [ROWS] [HEAP]
# Builds from the reactor (never `mvn install`).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-2000000}"
heap="${2:-512m}"
cd "$repo"
mvn -q -B -o -DskipTests -pl engine-athena -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-cp.txt >/dev/null
cp="engine-athena/target/test-classes:engine-athena/target/classes:$(cat engine-athena/target/bench-cp.txt)"
echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx"$heap" -cp "$cp" dev.kiln.athena.AthenaLoadBenchmark "$rows" 2>/dev/null
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

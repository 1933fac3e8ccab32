#!/usr/bin/env bash
# Benchmark: loads against the plain baselines, in a 512 MB heap (docs/benchmarks.md, "Loads").
#   ROWS rows (default 10,000,000) of an embedded PostgreSQL table: `from: jdbc` vs a JDBC fetch
#   loop feeding DuckDB's appender; MB megabytes (default 1024) of JSON lines: `from: files` vs
#   DuckDB's own read_json_auto (and the JSON lines again record by record, native_reader: false). Prints figures.
#
#   benchmarks/loads.sh [ROWS] [MB] [HEAP]
# Builds from the reactor (never `mvn install`).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-10000000}"
mb="${2:-1024}"
heap="${3:-512m}"
cd "$repo"
mvn -q -B -o -DskipTests -pl kiln-ingest -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-cp.txt >/dev/null
cp="kiln-ingest/target/test-classes:kiln-ingest/target/classes:$(cat kiln-ingest/target/bench-cp.txt)"
echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx"$heap" -cp "$cp" dev.kiln.ingest.LoadBenchmark "$rows" "$mb" 2>/dev/null
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

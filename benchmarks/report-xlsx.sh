#!/usr/bin/env bash
# Benchmark: a report exposure of ROWS rows × 10 columns (default 1,000,000) written to xlsx
# (POI's streaming writer) — and, for comparison, csv and parquet — from a DuckDB table, with
# the Java heap capped at HEAP (default 256m). Prints the report's own time, its peak heap,
# and the whole process's peak RSS (DuckDB's native memory included).
#
#   benchmarks/report-xlsx.sh [ROWS] [HEAP]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-1000000}"
heap="${2:-256m}"
cd "$repo"
# compile in the reactor (no install: the local repository is shared)
mvn -q -B -pl kiln-report -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-cp.txt >/dev/null
cp="kiln-report/target/test-classes:kiln-report/target/classes:$(cat kiln-report/target/bench-cp.txt)"
echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); heap limit -Xmx$heap"
for format in xlsx csv parquet; do
  /usr/bin/time -f "  process: wall %e s, peak RSS %M KB" \
    java -Xmx"$heap" -XX:+UseSerialGC -cp "$cp" dev.kiln.report.bench.XlsxReportBenchmark "$rows" "$format" 2>&1 \
    | grep -v "SLF4J"
done

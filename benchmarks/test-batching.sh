#!/usr/bin/env bash
# Benchmark: 20 column checks on one model of ROWS rows (default 5,000,000), `kiln test`
# batched (one scan per model, the default) versus one query per check; on a table and on a
# view (where each query recomputes the model).
#
#   benchmarks/test-batching.sh [ROWS] [RUNS]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-5000000}"
runs="${2:-3}"
cd "$repo"
# Built from the reactor (nothing installed into ~/.m2, which other checkouts share).
mvn -q -B -ntp -DskipTests -pl engine-duckdb -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-cp.txt >/dev/null
cp="engine-duckdb/target/test-classes:engine-duckdb/target/classes:$(cat engine-duckdb/target/bench-cp.txt)"
echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for kind in table view; do
  java -cp "$cp" dev.kiln.duckdb.bench.TestBatchingBenchmark "$rows" "$runs" "$kind" 2>/dev/null
  java -Dkiln.batchTests=false -cp "$cp" dev.kiln.duckdb.bench.TestBatchingBenchmark "$rows" "$runs" "$kind" 2>/dev/null
done

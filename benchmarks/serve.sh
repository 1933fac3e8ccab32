#!/usr/bin/env bash
# kiln serve under load: key lookups on an rfm_segments-shaped table (see docs/benchmarks.md,
# "kiln serve"). Usage: benchmarks/serve.sh [rows=1000000] [clients=16] [seconds=20]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
mvn -q -B -ntp -DskipTests -pl kiln-serve -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-cp.txt >/dev/null
cp="kiln-serve/target/test-classes:kiln-serve/target/classes:$(cat kiln-serve/target/bench-cp.txt)"
echo "machine: $(nproc) cores; java: $(java -version 2>&1 | head -1)"
exec java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.kiln.serve.bench.ServeBenchmark "$@"

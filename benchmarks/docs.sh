#!/usr/bin/env bash
# The docs site on a big project (see docs/benchmarks.md, "Docs site on 10,000 models"):
# kiln docs generate, then the page in headless Chromium (interactive, search, lineage, 1,000 ancestors).
# Usage: benchmarks/docs.sh [models=10000] [--tables]   (--tables: create every model's table first,
# so that the catalog read describes N relations). Needs chromium and chromium-driver, python3.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
models="${1:-10000}"
shift || true
synth="$repo/../shared/bench/synth_project.py"
[ -f "$synth" ] || synth="/work/shared/bench/synth_project.py"
project="$(mktemp -d)/synth"
python3 "$synth" "$models" "$project" >/dev/null
mvn -q -B -ntp -DskipTests -pl kiln-docs -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-cp.txt >/dev/null
cp="kiln-docs/target/test-classes:kiln-docs/target/classes:$(cat kiln-docs/target/bench-cp.txt)"
echo "machine: $(nproc) cores; java: $(java -version 2>&1 | head -1); $(chromium --version 2>/dev/null)"
java -Xmx4g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.kiln.docs.bench.DocsBenchmark "$project" "$@"
rm -rf "$(dirname "$project")"

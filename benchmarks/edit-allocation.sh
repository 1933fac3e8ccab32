#!/usr/bin/env bash
# Benchmark: what a one-model edit allocates, phase by phase, in one long-lived JVM with the
# compiler daemon's collector and heap flags (benchmarks/EditAllocation.java): the up-to-date
# check, the load (partial parsing), the compile, and the graph's lists and counts read again.
#
#   benchmarks/edit-allocation.sh [N] [RUNS] [WARMUP]   N models (10000), RUNS (10), WARMUP (8)
#
# KILN_TARGET=DIR runs another build's engine-cli/target (a copy of it, to compare builds).
# Prints per phase the median MB the request's thread allocated and the median ms, and per
# edit the MB all live threads allocated and the process's CPU time, with the load average.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-10000}"
runs="${2:-10}"
warmup="${3:-8}"
synth="${KILN_SYNTH:-$repo/../shared/bench/synth_project.py}"
[ -f "$synth" ] || synth=/work/shared/bench/synth_project.py
[ -f "$synth" ] || { echo "missing synth_project.py (the shared benchmark tools)" >&2; exit 2; }
target="${KILN_TARGET:-$repo/engine-cli/target}"
[ -n "${KILN_TARGET:-}" ] || "$repo/kiln" --version >/dev/null   # builds the CLI when its sources changed
work="${KILN_BENCH_DIR:-${TMPDIR:-/tmp}/kiln-edit-allocation}"
mkdir -p "$work"
proj="$work/p$n"
echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$proj"
python3 "$synth" "$n" "$proj" --format kiln >/dev/null
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
"$java" -jar "$target/kiln.jar" --project-dir "$proj" --no-daemon compile >/dev/null
"$java" -XX:+UseSerialGC -Xms256m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xlog:disable \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$target/kiln.jar:$target/lib/*" \
  "$repo/benchmarks/EditAllocation.java" "$proj" "$proj/models/m_$((n / 2)).sql" "$runs" "$warmup"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$proj"

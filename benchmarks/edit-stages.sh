#!/usr/bin/env bash
# Benchmark: the stages of a one-model edit compile in one long-lived JVM, as in the compiler
# daemon (same collector and heap flags): `kiln --debug parse` in process, after appending a
# comment to one model, WARMUP untimed times then RUNS timed times (benchmarks/EditStages.java).
#
#   benchmarks/edit-stages.sh [N] [RUNS] [WARMUP]   N models (10000), RUNS (10), WARMUP (10)
#
# Prints each stage's median and best (load, its reading and fingerprinting, render, link,
# analyze, write, the partial-parse save with the up-to-date record), the request's wall time and
# the process's CPU time per request, with the load average before and after. The project comes
# from ../shared/bench/synth_project.py (not copied) and is compiled once cold first.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-10000}"
runs="${2:-10}"
warmup="${3:-10}"
synth="${KILN_SYNTH:-$repo/../shared/bench/synth_project.py}"
[ -f "$synth" ] || { echo "missing $synth (the shared benchmark tools)" >&2; exit 2; }
work="${KILN_BENCH_DIR:-${TMPDIR:-/tmp}/kiln-edit-stages}"
mkdir -p "$work"
proj="$work/p$n"
echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$repo/kiln" --version >/dev/null   # builds the CLI when its sources changed
rm -rf "$proj"
python3 "$synth" "$n" "$proj" --format kiln >/dev/null
"$repo/kiln" --project-dir "$proj" --no-daemon compile >/dev/null
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
"$java" -XX:+UseSerialGC -Xms256m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xlog:disable \
  -cp "$repo/engine-cli/target/kiln.jar:$repo/engine-cli/target/lib/*" \
  "$repo/benchmarks/EditStages.java" "$proj" "$proj/models/m_$((n / 2)).sql" "$runs" "$warmup"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$proj"

#!/usr/bin/env bash
# Benchmark: whole-process `kiln compile` with partial parsing (target/partial_parse.bin) on a
# synthetic project, against a full compile (--no-partial-parse) of the same project.
#
#   benchmarks/partial-parse.sh [N] [RUNS]     N models (10000), RUNS timed runs per case (3)
#
# Cases: full compile (--no-partial-parse, its artifacts written outside the project so that
# they do not count as project files); nothing changed; after editing one model's SQL (a new
# comment line each run, so each run re-renders it); and the same for a 1,000-model project.
# Prints median and best wall time, median CPU (user+sys) and peak RSS per case, with the load
# average before and after. Projects come from ../shared/bench/synth_project.py (not copied).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-10000}"
runs="${2:-3}"
synth="${KILN_SYNTH:-$repo/../shared/bench/synth_project.py}"
[ -f "$synth" ] || { echo "missing $synth (the shared benchmark tools)" >&2; exit 2; }
work="${KILN_BENCH_DIR:-${TMPDIR:-/tmp}/kiln-partial-bench}"
mkdir -p "$work"

# measure LABEL CMD… — RUNS timed runs (no warm-up: the callers prepare the state); one line.
measure() {
  local label="$1"; shift
  local walls=() cpus=() rss=() out
  for i in $(seq 1 "$runs"); do
    [ -n "${before_each:-}" ] && eval "$before_each"
    /usr/bin/time -o "$work/time.txt" -f '%e %U %S %M' "$@" >/dev/null 2>"$work/stderr.txt" \
      || { echo "$label failed:" >&2; tail -20 "$work/stderr.txt" >&2; return 1; }
    read -r wall user sys maxkb < <(tail -1 "$work/time.txt")
    walls+=("$wall"); cpus+=("$(echo "$user + $sys" | bc)"); rss+=("$maxkb")
  done
  python3 - "$label" "${walls[*]}" "${cpus[*]}" "${rss[*]}" <<'PY'
import sys, statistics as st
label, walls, cpus, rss = sys.argv[1], *[list(map(float, a.split())) for a in sys.argv[2:]]
print(f"{label:<44} wall median {st.median(walls):6.2f} s  best {min(walls):6.2f} s   "
      f"cpu median {st.median(cpus):6.2f} s   peak RSS {max(rss)/1024:5.0f} MB   ({len(walls)} runs)")
PY
}

echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1)"
"$repo/kiln" --version >/dev/null   # builds the CLI when its sources changed

for size in "$n" 1000; do
  proj="$work/p$size"
  rm -rf "$proj" "$work/full-$size"
  python3 "$synth" "$size" "$proj" --format kiln >/dev/null
  kiln=("$repo/kiln" --project-dir "$proj")
  "${kiln[@]}" compile >/dev/null                                      # cold: records the cache (and AppCDS)
  before_each="" measure "$size models: full (--no-partial-parse)" \
    "${kiln[@]}" --no-partial-parse --target-path "$work/full-$size" compile
  "${kiln[@]}" compile >/dev/null                                      # the cache is current again
  before_each="" measure "$size models: nothing changed" "${kiln[@]}" compile
  edit="$proj/models/m_$((size / 2)).sql"
  before_each="echo \"-- edit \$RANDOM\" >> '$edit'" measure "$size models: one model edited" "${kiln[@]}" compile
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

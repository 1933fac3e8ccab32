#!/usr/bin/env bash
# Benchmark: whole-process `kiln compile` on a synthetic project (default 10,000 models),
# and, side by side, `dataform compile` on the same graph.
#
#   benchmarks/compile.sh [N] [RUNS]        N models (10000), RUNS timed runs each (5)
#   KILN_BENCH_SKIP_DATAFORM=1              leave Dataform out
#   KILN_BENCH_DATAFORM_RUNS=K              timed Dataform runs (1: it takes minutes per run)
#
# kiln compile is measured three ways: without the analyze stage (-Dkiln.analyze=false), with
# it cold (target/analysis-cache removed before each run) and with it warm (the cache of the
# run before, nothing changed).
#
# Prints, per tool: median and best wall time, median CPU time (user+sys) and peak RSS over
# RUNS runs, after one warm-up run (which builds kiln and its class-data archive). The
# synthetic projects come from ../shared/bench/synth_project.py (not copied here).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-10000}"
runs="${2:-5}"
synth="${KILN_SYNTH:-$repo/../shared/bench/synth_project.py}"
[ -f "$synth" ] || { echo "missing $synth (the shared benchmark tools)" >&2; exit 2; }
work="${KILN_BENCH_DIR:-${TMPDIR:-/tmp}/kiln-bench}"
mkdir -p "$work"

# measure LABEL CMD… — runs CMD (RUNS+1 times, first discarded); prints one summary line.
measure() {
  local label="$1"; shift
  local walls=() cpus=() rss=() out
  for i in $(seq 0 "$runs"); do
    /usr/bin/time -o "$work/time.txt" -f '%e %U %S %M' "$@" >/dev/null 2>"$work/stderr.txt" \
      || { echo "$label failed:" >&2; tail -20 "$work/stderr.txt" >&2; return 1; }
    out="$(tail -1 "$work/time.txt")"
    [ "$i" = 0 ] && continue
    read -r wall user sys maxkb <<<"$out"
    walls+=("$wall"); cpus+=("$(echo "$user + $sys" | bc)"); rss+=("$maxkb")
  done
  python3 - "$label" "${walls[*]}" "${cpus[*]}" "${rss[*]}" <<'PY'
import sys, statistics as st
label, walls, cpus, rss = sys.argv[1], *[list(map(float, a.split())) for a in sys.argv[2:]]
print(f"{label:<28} wall median {st.median(walls):6.2f} s  best {min(walls):6.2f} s   "
      f"cpu median {st.median(cpus):6.2f} s   peak RSS {max(rss)/1024:7.0f} MB   ({len(walls)} runs)")
PY
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1)"

python3 "$synth" "$n" "$work/kiln-$n" --format kiln >/dev/null
"$repo/kiln" --project-dir "$work/kiln-$n" compile >/dev/null   # build kiln + record its CDS archive
proj="$work/kiln-$n"
KILN_JAVA_OPTS="-Dkiln.analyze=false" \
  measure "kiln compile, no analysis" "$repo/kiln" --project-dir "$proj" compile
measure "kiln compile, analysis cold" \
  bash -c "rm -rf '$proj/target/analysis-cache' && exec '$repo/kiln' --project-dir '$proj' compile"
measure "kiln compile, analysis warm" "$repo/kiln" --project-dir "$proj" compile

if [ "${KILN_BENCH_SKIP_DATAFORM:-0}" != 1 ]; then
  df="$work/dataform-$n"
  if [ ! -d "$df/node_modules/@dataform/cli" ]; then
    python3 "$synth" "$n" "$df" --format dataform >/dev/null
    (cd "$df" && npm i --ignore-scripts --no-audit --no-fund --silent >/dev/null)
  else
    python3 "$synth" "$n" "$df.tmp" --format dataform >/dev/null
    rm -rf "$df/definitions" && mv "$df.tmp/definitions" "$df/" && rm -rf "$df.tmp"
  fi
  runs="${KILN_BENCH_DATAFORM_RUNS:-1}" measure "dataform compile ($n models)" bash -c "cd '$df' && npx dataform compile . --json --timeout 10m"
fi

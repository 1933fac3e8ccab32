#!/usr/bin/env bash
# Benchmark: DataVision's incremental models after 1 % new raw rows, `kiln build` (incremental)
# against `kiln build --full-refresh`, on the same selection and the same data.
#
#   benchmarks/incremental.sh [SCALE] [RUNS] [PERCENT]    SCALE users (1000000), RUNS pairs (3), 1 %
#
# Uses the data set and project copy of benchmarks/overhead.sh ($KILN_BENCH_DIR/datavision-SCALE,
# generated if missing) and builds as `datavision-project/run --direct` does (raw_layer: export,
# loads left out).
# 1. A full `kiln build` on a fresh database: the state an incremental run starts from (copied).
# 2. RawAppend adds PERCENT % new rows to the raw tables `sessions` and `content_interactions`
#    (the newest rows again, under new ids: one more Parquet part per table).
# 3. Per run, each from a copy of the state of 1: `kiln build -s stg_sessions+ stg_content_interactions+`
#    (the two incremental staging models, the incremental facts fct_sessions and fct_interactions,
#    everything downstream and their tests), then the same with --full-refresh.
# Prints both whole-process wall times, and from run_results.json the time of each incremental
# model in both runs; the target is the incremental models' time <= 10 % of a full refresh.
# The appended part files are removed at the end. KILN_BENCH_REUSE_STATE=1 starts from the state
# an earlier run of this script saved ($KILN_BENCH_DIR/datavision-SCALE/incremental-state.duckdb)
# instead of building it again. KILN_BENCH_THREADS=N runs both timed builds with --threads N (e.g. 1:
# each model's time in run_results is then its own work, not shared with the tests and models that
# run beside it; the starting state is built with the target's threads either way).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scale="${1:-1000000}"
runs="${2:-3}"
percent="${3:-1}"
work="${KILN_BENCH_DIR:-${TMPDIR:-/tmp}/kiln-bench}/datavision-$scale"
proj="$work/project"
load() { cut -d' ' -f1-3 /proc/loadavg; }
now_us() { date +%s%6N; }

if [ ! -f "$proj/data/raw/_manifest.json" ] || [ ! -d "$proj/models" ]; then
  echo "no data set at $proj: generating it with benchmarks/overhead.sh $scale 0 (no runs)"
  "$repo/benchmarks/overhead.sh" "$scale" 0 >/dev/null
fi
cd "$repo"
mvn -q -B -ntp -Dstyle.color=never -pl engine-duckdb -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$repo/engine-duckdb/target/bench-cp.txt" >/dev/null
cp="$repo/engine-duckdb/target/test-classes:$repo/engine-duckdb/target/classes:$(cat "$repo/engine-duckdb/target/bench-cp.txt")"
append() { java -cp "$cp" dev.kiln.duckdb.bench.RawAppend "$proj/data/raw" "$@"; }
append --remove
trap 'append --remove' EXIT

db="$proj/target/datavision.duckdb"
state="$work/incremental-state.duckdb"
direct=(--vars '{raw_layer: export}' --exclude "source:app+ source:marketing+ source:logs+")
# KILN_BENCH_SELECT: the timed builds' selection (default: the incremental staging models and all
# downstream); e.g. "-s stg_sessions stg_content_interactions fct_sessions fct_interactions
# --exclude resource_type:test" builds the four incremental models alone.
read -r -a selection <<< "${KILN_BENCH_SELECT:--s stg_sessions+ stg_content_interactions+}"
[ -z "${KILN_BENCH_THREADS:-}" ] || selection+=(--threads "$KILN_BENCH_THREADS")
incremental_models=(stg_sessions stg_content_interactions fct_sessions fct_interactions)

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average $(load); $(date -u +%FT%TZ)"
echo "data set: $scale users, $(du -sh "$proj/data/raw" | cut -f1) of Parquet; $percent % new rows; timed builds with --threads ${KILN_BENCH_THREADS:-of the target}"
"$repo/kiln" --project-dir "$proj" compile "${direct[@]}" >/dev/null   # warm-up: class-data archive, analysis cache

if [ "${KILN_BENCH_REUSE_STATE:-0}" = 1 ] && [ -f "$state" ]; then
  echo "starting state: $state (KILN_BENCH_REUSE_STATE=1; the full build of an earlier run)"
else
  echo "full build (the starting state), load average $(load)"
  rm -f "$db" "$db.wal"
  t0=$(now_us)
  "$repo/kiln" --project-dir "$proj" build "${direct[@]}" >"$work/incremental-base.log" 2>&1 \
    || { echo "the full build failed (see $work/incremental-base.log)" >&2; tail -20 "$work/incremental-base.log" >&2; exit 1; }
  echo "  $(grep -E '^Done\.' "$work/incremental-base.log") in $(( ($(now_us) - t0) / 1000000 )) s"
  cp "$db" "$state"
fi
append "$percent" | sed 's/^/  appended: /'

# node_times FILE — "name seconds" per incremental model, from run_results.json
node_times() {
  python3 - "$1" "${incremental_models[@]}" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
want = set(sys.argv[2:])
for r in res:
    name = r["unique_id"].split(".")[-1]
    if r["unique_id"].startswith("model.") and name in want:
        print(name, r["execution_time"], r["status"])
PY
}

timed_build() { # LABEL ARGS… — builds from the starting state; prints the wall time in seconds
  local label="$1"; shift
  cp "$state" "$db"; rm -f "$db.wal"
  local t0; t0=$(now_us)
  "$repo/kiln" --project-dir "$proj" build "${direct[@]}" "${selection[@]}" "$@" >"$work/incremental-$label.log" 2>&1 \
    || { echo "$label build failed (see $work/incremental-$label.log)" >&2; tail -20 "$work/incremental-$label.log" >&2; exit 1; }
  python3 -c "print(f'{($(now_us) - $t0) / 1e6:.2f}')"
  cp "$proj/target/run_results.json" "$work/incremental-$label.run_results.json"
}

for i in $(seq 1 "$runs"); do
  l1=$(load)
  inc=$(timed_build "inc-$i")
  l2=$(load)
  full=$(timed_build "full-$i" --full-refresh)
  l3=$(load)
  echo
  echo "run $i: kiln build ${selection[*]}: incremental ${inc} s (load average $l1), --full-refresh ${full} s (load average $l2; $l3 after)"
  echo "  $(grep -E '^Done\.' "$work/incremental-inc-$i.log")"
  python3 - "$inc" "$full" <(node_times "$work/incremental-inc-$i.run_results.json") \
      <(node_times "$work/incremental-full-$i.run_results.json") <<'PY'
import sys
inc_wall, full_wall = float(sys.argv[1]), float(sys.argv[2])
def read(p):
    return {l.split()[0]: (float(l.split()[1]), l.split()[2]) for l in open(p) if l.strip()}
inc, full = read(sys.argv[3]), read(sys.argv[4])
ti = tf = 0.0
for name in full:
    a, b = inc.get(name, (float("nan"), "?")), full[name]
    ti += a[0]; tf += b[0]
    print(f"  {name:<28} incremental {a[0]:7.2f} s   full refresh {b[0]:7.2f} s   {a[0] / b[0] * 100:5.1f} %   ({a[1]}/{b[1]})")
print(f"  {'incremental models, total':<28} incremental {ti:7.2f} s   full refresh {tf:7.2f} s   {ti / tf * 100:5.1f} %  (target <= 10 %)")
print(f"  {'whole selection, wall':<28} incremental {inc_wall:7.2f} s   full refresh {full_wall:7.2f} s   {inc_wall / full_wall * 100:5.1f} %")
PY
done
echo "load average at the end: $(load)"

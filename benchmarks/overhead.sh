#!/usr/bin/env bash
# Benchmark: DataVision's `kiln build` against the same statements run directly over DuckDB JDBC,
# in the same order and with the same parallelism, and where the difference goes.
#
#   benchmarks/overhead.sh [SCALE] [RUNS]      SCALE users (1000000), RUNS build/replay pairs (3)
#
# 1. Generates DataVision's raw history at SCALE users (datavision-project's generator) into
#    $KILN_BENCH_DIR/datavision-SCALE/data (once per scale; /tmp/kiln-bench by default) and copies
#    the project (kiln.yml, models, macros, seeds, snapshots, tests) next to it.
# 2. Per run: `kiln build` on a fresh database, as `datavision-project/run --direct` builds it
#    (raw_layer: export, the loads left out), with the DuckDB adapter's statement log on
#    (-Dkiln.duckdb.statementLog: every statement, its worker thread, start and end); then
#    StatementReplay runs those statements again on a fresh database over plain DuckDB JDBC: one
#    connection per worker thread, each thread's statements in order, each statement after every
#    statement of another thread that had ended before it started in the kiln run.
# 3. Prints both wall times and their ratio per run, the median ratio, and a breakdown of the
#    kiln run: before the database opens (JVM, load, render, analysis; with `kiln --version` and
#    `kiln compile` with and without analysis timed apart), database open to first statement
#    (render against the warehouse, plan, manifest), catalog (metadata) queries, the statements'
#    own time in kiln and in the replay, and after the last statement (run_results, closing).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scale="${1:-1000000}"
runs="${2:-3}"
work="${KILN_BENCH_DIR:-${TMPDIR:-/tmp}/kiln-bench}/datavision-$scale"
proj="$work/project"
mkdir -p "$proj" "$work/replay"

load() { cut -d' ' -f1-3 /proc/loadavg; }
now_us() { date +%s%6N; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average $(load); $(date -u +%FT%TZ)"
echo "java: $(java -version 2>&1 | head -1)"

# --- build: the CLI (./kiln builds itself), the generator, the replay harness -------------------
cd "$repo"
"$repo/kiln" --version >/dev/null
if [ ! -f datavision-project/target/datavision-project.jar ] || \
   [ -n "$(find datavision-project/pom.xml datavision-project/src/main -newer datavision-project/target/datavision-project.jar -print -quit)" ]; then
  mvn -q -B -ntp -Dstyle.color=never -pl datavision-project -am -DskipTests package >/dev/null
fi
mvn -q -B -ntp -Dstyle.color=never -pl engine-duckdb -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$repo/engine-duckdb/target/bench-cp.txt" >/dev/null
cp="$repo/engine-duckdb/target/test-classes:$repo/engine-duckdb/target/classes:$(cat "$repo/engine-duckdb/target/bench-cp.txt")"
gen_cp="$repo/datavision-project/target/datavision-project.jar:$repo/datavision-project/target/lib/*"

# --- the data set and the project ---------------------------------------------------------------
if ! grep -q "\"scale\": $scale," "$proj/data/raw/_manifest.json" 2>/dev/null; then
  echo "generating DataVision's raw history at $scale users (load average $(load))…"
  t0=$(now_us)
  java -cp "$gen_cp" dev.datavision.raw.Main --out "$proj/data/raw" --scale "$scale" -q
  echo "generated in $(( ($(now_us) - t0) / 1000000 )) s (load average $(load))"
fi
for d in kiln.yml models macros seeds snapshots tests; do
  rm -rf "${proj:?}/$d"
  cp -r "$repo/datavision-project/$d" "$proj/$d"
done
rows=$(python3 -c "import json,sys; print(sum(json.load(open(sys.argv[1]))['tables'].values()))" "$proj/data/raw/_manifest.json")
echo "data set: $scale users, $rows raw rows, $(du -sh "$proj/data/raw" | cut -f1) of Parquet"
build_args=(--project-dir "$proj" build --vars '{raw_layer: export}' --exclude "source:app+ source:marketing+ source:logs+")
db_name="datavision.duckdb"

# warm-up: the first command after a (re)build records kiln's class-data archive at exit, and
# the first compile fills the analysis cache; neither belongs in a timed run
"$repo/kiln" --project-dir "$proj" compile --vars '{raw_layer: export}' >/dev/null

[ "$runs" -gt 0 ] || exit 0   # only the data set and the project were asked for

fresh() { rm -f "$proj/target/$db_name" "$proj/target/$db_name.wal" "$work/replay/$db_name" "$work/replay/$db_name.wal"; }

# --- runs: kiln build (recorded), then its replay ------------------------------------------------
ratios=()
for i in $(seq 1 "$runs"); do
  fresh
  log="$work/statements-$i.jsonl"
  echo
  echo "run $i: kiln build (load average $(load))"
  start=$(now_us)
  KILN_JAVA_OPTS="-Dkiln.duckdb.statementLog=$log ${KILN_JAVA_OPTS:-}" "$repo/kiln" "${build_args[@]}" >"$work/build-$i.log" 2>&1 \
    || { echo "kiln build failed (see $work/build-$i.log):" >&2; tail -20 "$work/build-$i.log" >&2; exit 1; }
  end=$(now_us)
  echo "$start $end" >"$work/build-$i.times"   # to replay again: StatementReplay LOG DB START END
  grep -E '^Done\.' "$work/build-$i.log" || true
  echo "run $i: direct replay (load average $(load))"
  (cd "$proj" && java -cp "$cp" dev.kiln.duckdb.bench.StatementReplay "$log" "$work/replay/$db_name" "$start" "$end") \
    >"$work/replay-$i.txt" 2>"$work/replay-$i.err" \
    || { echo "replay failed:" >&2; tail -20 "$work/replay-$i.err" >&2; exit 1; }
  grep -v '^kiln.thread' "$work/replay-$i.txt" | sed 's/^/  /'
  grep -q '^replay.failures: 0$' "$work/replay-$i.txt" || { echo "the replay had failures:" >&2; head -20 "$work/replay-$i.err" >&2; }
  k=$(awk '/^kiln.total_s:/ {print $2}' "$work/replay-$i.txt")
  r=$(awk '/^replay.total_s:/ {print $2}' "$work/replay-$i.txt")
  ratio=$(python3 -c "print(f'{$k / $r:.3f}')")
  ratios+=("$ratio")
  echo "run $i: kiln build ${k} s (whole process), direct ${r} s (open, statements, close): ratio ${ratio} (load average $(load))"
done

# --- what comes before the database opens, timed apart ---------------------------------------------
echo
echo "before the database opens, timed apart (warm: analysis cache and class-data archive of the runs above):"
time_it() {
  local t0; t0=$(now_us)
  "$@" >/dev/null 2>&1
  python3 -c "print(f'{($(now_us) - $t0) / 1e6:.2f}')"
}
echo "  kiln --version (JVM and CLI start)         $(time_it "$repo/kiln" --version) s   (load average $(load))"
echo "  kiln compile, no analysis                  $(KILN_JAVA_OPTS=-Dkiln.analyze=false time_it "$repo/kiln" --project-dir "$proj" compile --vars '{raw_layer: export}') s   (load average $(load))"
echo "  kiln compile (with analysis)               $(time_it "$repo/kiln" --project-dir "$proj" compile --vars '{raw_layer: export}') s   (load average $(load))"

echo
python3 - "${ratios[@]}" <<'PY'
import statistics, sys
r = [float(x) for x in sys.argv[1:]]
print(f"ratio kiln build / direct, per run: {', '.join(f'{x:.3f}' for x in r)}; median {statistics.median(r):.3f} (target <= 1.05)")
PY
echo "load average at the end: $(load)"

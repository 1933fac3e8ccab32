#!/usr/bin/env bash
# Crash trials: kill -9 `kiln build` at random moments, N times, and check after each kill
# that the database opens, that no relation is left under a temporary name (__kiln_*), that
# no table is lost or partial (every relation's fingerprint — row count and a hash of its
# rows — equals a clean build's), and that `kiln retry` completes and converges to the
# clean build's tables. A benchmark, not part of the CI run; see docs/reliability.md.
#
#   benchmarks/crash-trials.sh [N] [PROJECT_DIR]
#   KILN_CP=…   run this class path of kiln as it is, instead of building the repository's
#
# N defaults to 50. Without PROJECT_DIR a fixture project is generated (a seed, six tables of
# 30,000 rows, an incremental model, a view, a snapshot and two tests) under
# $KILN_BENCH_DIR (default /tmp/kiln-crash-trials). A given PROJECT_DIR is copied there
# (its data files as they are) and must build on its default DuckDB target; its database
# file is found under its target/ folder. Kill moments are uniform over [0, build time]
# after the first node starts (when this process's first line appears in
# target/builds_in_progress.jsonl: the progress output is buffered, so it cannot tell); RANDOM is seeded with $KILN_CRASH_SEED (default 17). `kiln
# retry` runs after every $KILN_CRASH_RETRY_EVERY (default 5) kills and after the last; the
# killed builds between start from what the kill before left (so they recover it).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-50}"
source_project="${2:-}"
work="${KILN_BENCH_DIR:-${TMPDIR:-/tmp}/kiln-crash-trials}"
RANDOM="${KILN_CRASH_SEED:-17}"
retry_every="${KILN_CRASH_RETRY_EVERY:-5}"
rm -rf "$work" && mkdir -p "$work/classes"

if [ -z "${KILN_CP:-}" ]; then
  "$repo/kiln" --version >/dev/null   # builds the CLI when its sources changed
fi
# KILN_CP: the class path of a kiln build to use as it is (default: this repository's, built now)
cp_kiln="${KILN_CP:-$repo/engine-cli/target/kiln.jar:$repo/engine-cli/target/lib/*}"
jvm=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)   # as the kiln launcher starts it
kiln() { java "${jvm[@]}" -cp "$cp_kiln" dev.kiln.cli.Main "$@"; }
# in the background: exec, so that $! is the JVM's PID (what kill -9 must hit) and not a subshell's
kiln_bg() { exec java "${jvm[@]}" -cp "$cp_kiln" dev.kiln.cli.Main "$@"; }
javac -d "$work/classes" -cp "$cp_kiln" "$repo/benchmarks/crash-trials/Fingerprint.java"
fingerprint() { java "${jvm[@]}" -cp "$work/classes:$cp_kiln" Fingerprint "$1"; }

fixture() {
  local d="$1"
  mkdir -p "$d/seeds" "$d/models" "$d/snapshots"
  printf 'name: crash\nmodels: {+materialized: table}\ntargets:\n  dev: {type: duckdb, path: target/crash.duckdb, threads: 2}\n' > "$d/kiln.yml"
  printf 'id,name\n1,ada\n2,bob\n3,cy\n' > "$d/seeds/people.csv"
  printf "snapshots:\n  - name: people_history\n    relation: ref('people')\n    config: {unique_key: id, strategy: check, check_cols: all}\n" > "$d/snapshots/people.yml"
  printf "version: 2\nmodels:\n  - name: t1\n    columns:\n      - name: n\n        data_tests: [unique, not_null]\n" > "$d/models/schema.yml"
  printf '<@config materialized="view" />\nselect * from ${ref('"'"'people'"'"')}\n' > "$d/models/people_view.sql"
  printf '<@config materialized="incremental" unique_key="n" />\nselect n, n %% 97 as k from ${ref('"'"'t1'"'"')}\n<#if is_incremental()>where n > (select max(n) - 100000 from ${this})</#if>\n' > "$d/models/inc.sql"
  for i in 1 2 3 4 5 6; do
    echo "select range as n, md5(range::varchar || '$i') as h from range(3000$i) where range >= (select count(*) from \${ref('people')}) - 3" > "$d/models/t$i.sql"
  done
}

prepare() {
  local d="$1"
  if [ -n "$source_project" ]; then
    mkdir -p "$d" && cp -r "$source_project/." "$d/" && rm -rf "$d/target"
  else
    fixture "$d"
  fi
}

database() { find "$1/target" -maxdepth 2 -name '*.duckdb' | head -1; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
prepare "$work/trial"
# the kill window: from the first node's start to the end of a build
kiln_bg --project-dir "$work/trial" build --debug >"$work/first.log" 2>&1 &
pid=$!
journal="$work/trial/target/builds_in_progress.jsonl"   # appears when the first build starts
until grep -qs "\"pid\":$pid," "$journal" || ! kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
first_node=$(date +%s%N)
wait "$pid" || { cat "$work/first.log"; exit 1; }
window_ms=$(( ($(date +%s%N) - first_node) / 1000000 ))
# that first build, in a fresh directory, is the clean build the others are compared with
fingerprint "$(database "$work/trial")" > "$work/expected.txt"
echo "clean build: $(wc -l < "$work/expected.txt") relations"
echo "kill window: ${window_ms} ms after the first node starts; retry after every ${retry_every} kills (the kills between run on what the one before left)"

retries=0 mid_run=0 temp_left=0 lost_or_partial=0 cannot_open=0 retry_failed=0 diverged=0 recovered=0
for i in $(seq 1 "$n"); do
  log="$work/trial-$i.log"
  kiln_bg --project-dir "$work/trial" build --debug >"$log" 2>&1 &
  pid=$!
  until grep -qs "\"pid\":$pid," "$journal" || ! kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
  delay_ms=$(( (RANDOM * 32768 + RANDOM) % (window_ms + 1) ))
  sleep "$(echo "scale=3; $delay_ms / 1000" | bc)"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  db="$(database "$work/trial")"
  if ! fingerprint "$db" > "$work/after-$i.txt"; then
    cannot_open=$((cannot_open + 1)); echo "trial $i: the database does not open"; continue
  fi
  temps=$(grep -c '^TEMP' "$work/after-$i.txt" || true)
  temp_left=$((temp_left + temps))
  # every relation of the clean build is there, whole (its fingerprint unchanged)
  bad=$(comm -23 <(sort "$work/expected.txt") <(grep -v '^TEMP' "$work/after-$i.txt" | sort) | wc -l)
  lost_or_partial=$((lost_or_partial + bad))
  if grep -q '"status" : "skipped"' "$work/trial/target/run_results.json" 2>/dev/null; then
    mid_run=$((mid_run + 1))
  fi
  if [ $((i % retry_every)) -ne 0 ] && [ "$i" -ne "$n" ]; then
    printf 'trial %3d: killed %5d ms after the first node started; %d temporary, %d lost or partial\n' "$i" "$delay_ms" "$temps" "$bad"
    continue
  fi
  retries=$((retries + 1))
  if ! kiln --project-dir "$work/trial" retry >"$work/retry-$i.log" 2>&1; then
    retry_failed=$((retry_failed + 1)); echo "trial $i: retry failed (see $work/retry-$i.log)"
  fi
  grep -q "Recovered from an interrupted run" "$work/retry-$i.log" && recovered=$((recovered + 1))
  fingerprint "$(database "$work/trial")" > "$work/rerun-$i.txt" || true
  if ! diff -q <(sort "$work/expected.txt") <(sort "$work/rerun-$i.txt") >/dev/null; then
    diverged=$((diverged + 1)); echo "trial $i: the rerun's tables differ from the clean build's"
  fi
  printf 'trial %3d: killed %5d ms after the first node started; %d temporary, %d lost or partial; retried\n' "$i" "$delay_ms" "$temps" "$bad"
done
echo
echo "trials: $n (killed mid-run: $mid_run)"
echo "database did not open: $cannot_open"
echo "temporary relations left after a kill: $temp_left"
echo "relations lost or partial after a kill: $lost_or_partial"
echo "retries: $retries (failed: $retry_failed; recovered journal entries: $recovered)"
echo "reruns whose tables differ from a clean build: $diverged"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

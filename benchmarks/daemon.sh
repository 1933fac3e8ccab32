#!/usr/bin/env bash
# Benchmark: whole-process `kiln --daemon compile` (the client's process, with the project's compiler
# daemon warm) on a synthetic project, for the three cases of issue 21: nothing changed and one model
# edited on N models, and the same on 1,000 models; plus the first request, which starts the daemon
# (the partial-parse cache on disk is current, as after a cold compile).
#
#   benchmarks/daemon.sh [N] [RUNS] [WARMUP]   N models (10000), RUNS timed runs per case (5),
#                                              WARMUP untimed requests of each kind first (5)
#
# Prints median and best wall time, median CPU (user+sys) and peak RSS of the client per case, the
# daemon's RSS after the runs and its peak (kiln daemon status), and the load average before and after. The
# daemons run with their sockets in a private directory (KILN_DAEMON_DIR) and are stopped at the end.
# Projects come from ../shared/bench/synth_project.py (not copied).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-10000}"
runs="${2:-5}"
warmup="${3:-5}"
synth="${KILN_SYNTH:-$repo/../shared/bench/synth_project.py}"
[ -f "$synth" ] || { echo "missing $synth (the shared benchmark tools)" >&2; exit 2; }
work="${KILN_BENCH_DIR:-${TMPDIR:-/tmp}/kiln-daemon-bench}"
mkdir -p "$work"
export KILN_DAEMON_DIR="$work/sockets"
mkdir -p "$KILN_DAEMON_DIR" && chmod 700 "$KILN_DAEMON_DIR"
unset KILN_DAEMON

# utime + stime of the daemon (clock ticks)
daemon_ticks() { awk '{print $14 + $15}' "/proc/$daemon_pid/stat"; }

# measure LABEL CMD… — RUNS timed runs (before_each runs first, untimed); one line.
measure() {
  local label="$1"; shift
  local walls=() cpus=() rss=()
  for i in $(seq 1 "$runs"); do
    [ -n "${before_each:-}" ] && eval "$before_each"
    /usr/bin/time -o "$work/time.txt" -f '%e %U %S %M' "$@" >/dev/null 2>"$work/stderr.txt" \
      || { echo "$label failed:" >&2; tail -20 "$work/stderr.txt" >&2; return 1; }
    if grep -q "in this process" "$work/stderr.txt"; then echo "$label: the daemon was not used:" >&2; cat "$work/stderr.txt" >&2; return 1; fi
    read -r wall user sys maxkb < <(tail -1 "$work/time.txt")
    walls+=("$wall"); cpus+=("$(echo "$user + $sys" | bc)"); rss+=("$maxkb")
  done
  local dcpu=""
  [ -n "${daemon_pid:-}" ] && dcpu="$(daemon_ticks)"
  python3 - "$label" "${walls[*]}" "${cpus[*]}" "${rss[*]}" "${ticks_before:-}" "$dcpu" "$(getconf CLK_TCK)" <<'PY'
import sys, statistics as st
label, walls, cpus, rss = sys.argv[1], *[list(map(float, a.split())) for a in sys.argv[2:5]]
before, after, hz = sys.argv[5], sys.argv[6], float(sys.argv[7])
d = f"   daemon cpu {(int(after) - int(before)) / hz / len(walls):5.2f} s/request" if before and after else ""
print(f"{label:<46} wall median {st.median(walls):6.2f} s  best {min(walls):6.2f} s   "
      f"client cpu median {st.median(cpus):5.2f} s   client peak RSS {max(rss)/1024:4.0f} MB{d}   ({len(walls)} runs)")
PY
}

echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1)"
"$repo/kiln" --version >/dev/null   # builds the CLI when its sources changed

projects=()
trap 'for p in "${projects[@]}"; do "$repo/kiln" --project-dir "$p" daemon stop >/dev/null 2>&1 || true; done' EXIT
for size in "$n" 1000; do
  proj="$work/p$size"
  rm -rf "$proj"
  python3 "$synth" "$size" "$proj" --format kiln >/dev/null
  projects+=("$proj")
  kiln=("$repo/kiln" --project-dir "$proj")
  "${kiln[@]}" daemon stop >/dev/null 2>&1 || true
  "${kiln[@]}" --no-daemon compile >/dev/null        # cold: writes the partial-parse cache (and AppCDS)
  "${kiln[@]}" --no-daemon compile >/dev/null
  edit="$proj/models/m_$((size / 2)).sql"
  runs_saved="$runs"; runs=1
  before_each="" measure "$size models: first request (starts the daemon)" "${kiln[@]}" --daemon compile
  runs="$runs_saved"
  for i in $(seq 1 "$warmup"); do                     # warm the JIT on both paths (untimed)
    "${kiln[@]}" --daemon compile >/dev/null
    echo "-- warm-up $i $RANDOM" >> "$edit"
    "${kiln[@]}" --daemon compile >/dev/null
  done
  "${kiln[@]}" --daemon compile >/dev/null
  daemon_pid="$("${kiln[@]}" daemon status | sed -n 's/^ *pid \([0-9]*\),.*/\1/p')"
  ticks_before="$(daemon_ticks)"
  before_each="" measure "$size models: nothing changed (daemon warm)" "${kiln[@]}" --daemon compile
  ticks_before="$(daemon_ticks)"
  before_each="echo \"-- edit \$RANDOM\" >> '$edit'" measure "$size models: one model edited (daemon warm)" \
    "${kiln[@]}" --daemon compile
  daemon_pid="" ticks_before=""
  echo "  daemon: $("${kiln[@]}" daemon status | sed -n 's/^ *\(heap .*\)/\1/p')"
  sleep 5   # idle: the daemon compacts its heap 3 s after a request
  echo "  daemon, idle 5 s: $("${kiln[@]}" daemon status | sed -n 's/^ *\(heap .*\)/\1/p')"
  "${kiln[@]}" daemon stop >/dev/null
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

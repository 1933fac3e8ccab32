#!/usr/bin/env bash
# Benchmark: whole-process `kiln compile` through the `kiln` launcher, Java 17 with its AppCDS
# archive (the default) against JDK 25 with the AOT cache (JEP 483/514/515: classes loaded and
# linked ahead of time), on synthetic projects.
#
#   benchmarks/aot.sh [RUNS] [N…]        RUNS timed runs per variant (5); N models (1000 10000)
#   KILN_JDK25=/path/to/jdk25            the JDK 25 (default /usr/lib/jvm/temurin-25-jdk-amd64)
#   KILN_JDK17=/path/to/jdk17            the Java 17 (default: the `java` on the PATH)
#
# Variants, each after one untimed run that records its archive (the launcher does that on the
# first real command after a build): Java 17 without an archive (KILN_CDS=0), Java 17 + AppCDS,
# JDK 25 without an archive, JDK 25 + AppCDS (the launcher's default), JDK 25 + AOT cache
# (KILN_AOT=1). Analysis cache
# warm, nothing changed between runs. Prints per variant the median and best wall time, the
# median CPU time (user+sys: the steadier figure on a loaded machine) and the peak RSS.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
synth="${KILN_SYNTH:-$repo/../shared/bench/synth_project.py}"
[ -f "$synth" ] || synth="$repo/../../shared/bench/synth_project.py"   # from a worktree under /work/wt
[ -f "$synth" ] || { echo "missing $synth (the shared benchmark tools)" >&2; exit 2; }
jdk25="${KILN_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jdk17="${KILN_JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
[ -x "$jdk25/bin/java" ] || { echo "no JDK 25 at $jdk25 (set KILN_JDK25)" >&2; exit 2; }
work="${KILN_BENCH_DIR:-${TMPDIR:-/tmp}/kiln-bench}"
mkdir -p "$work"

# measure LABEL CMD… — one untimed run, then RUNS timed runs; prints one summary line.
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
  python3 - "$label" "${walls[*]}" "${cpus[*]}" "${rss[*]}" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import sys, statistics as st
label, walls, cpus, rss = sys.argv[1], *[list(map(float, a.split())) for a in sys.argv[2:5]]
print(f"  {label:<26} wall median {st.median(walls):6.2f} s  best {min(walls):6.2f} s   "
      f"cpu median {st.median(cpus):6.2f} s  best {min(cpus):6.2f} s   peak RSS {max(rss)/1024:5.0f} MB   "
      f"(load average {sys.argv[5]})")
PY
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
echo "java 17: $("$jdk17/bin/java" -version 2>&1 | head -1)"
echo "jdk 25:  $("$jdk25/bin/java" -version 2>&1 | head -1)"
"$repo/kiln" --version >/dev/null   # builds kiln if needed
for n in "${sizes[@]}"; do
  proj="$work/kiln-$n"
  python3 "$synth" "$n" "$proj" --format kiln >/dev/null
  echo "kiln compile, $n models ($runs runs each):"
  JAVA_HOME="$jdk17" KILN_CDS=0 measure "Java 17, no archive" "$repo/kiln" --project-dir "$proj" compile
  JAVA_HOME="$jdk17" measure "Java 17 + AppCDS" "$repo/kiln" --project-dir "$proj" compile
  JAVA_HOME="$jdk25" KILN_CDS=0 measure "JDK 25, no archive" "$repo/kiln" --project-dir "$proj" compile
  JAVA_HOME="$jdk25" KILN_AOT=0 measure "JDK 25 + AppCDS" "$repo/kiln" --project-dir "$proj" compile
  JAVA_HOME="$jdk25" KILN_AOT=1 measure "JDK 25 + AOT cache" "$repo/kiln" --project-dir "$proj" compile
done
echo "archives: $(cd "$repo/engine-cli/target" && ls -l kiln-*.jsa kiln-*.aot 2>/dev/null | awk '{printf "%s %d MB; ", $NF, $5/1048576}')"

#!/usr/bin/env bash
# Benchmark: `kiln compile` (analysis cold) of one model that is a UNION ALL chain of N
# branches, with the chain split into branches (the default) and parsed whole
# (-Dkiln.splitUnionChains=false, Calcite's own quadratic path).
#
#   benchmarks/union-chain.sh [N…]        default: 50000 200000
#   KILN_BENCH_WHOLE_MAX=N                parse whole only up to N branches (default 50000)
#   KILN_CP=…                             run this class path of kiln as it is, instead of building the repository's
#
# Prints per N and mode: wall time, CPU time (user+sys) and peak RSS of the whole process.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(50000 200000)
whole_max="${KILN_BENCH_WHOLE_MAX:-50000}"
work="${KILN_BENCH_DIR:-${TMPDIR:-/tmp}/kiln-union-bench}"
if [ -z "${KILN_CP:-}" ]; then
  "$repo/kiln" --version >/dev/null   # builds the CLI when its sources changed
fi
# KILN_CP: the class path of a kiln build to use as it is (default: this repository's, built now)
cp_kiln="${KILN_CP:-$repo/engine-cli/target/kiln.jar:$repo/engine-cli/target/lib/*}"
echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for n in "${sizes[@]}"; do
  d="$work/u$n"; rm -rf "$d"; mkdir -p "$d/models"
  printf 'name: u\ntargets:\n  dev: {type: duckdb, path: target/u.duckdb}\n' > "$d/kiln.yml"
  awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "%sselect %d as id, '"'"'v%d'"'"' as name, %d * 2 as twice\n", (i ? "union all\n" : ""), i, i, i }' > "$d/models/big.sql"
  printf 'select id, name from ${ref('"'"'big'"'"')}\n' > "$d/models/after.sql"
  size=$(du -h "$d/models/big.sql" | cut -f1)
  for mode in split whole; do
    if [ "$mode" = whole ] && [ "$n" -gt "$whole_max" ]; then continue; fi
    rm -rf "$d/target"
    flag=""; [ "$mode" = whole ] && flag="-Dkiln.splitUnionChains=false"
    /usr/bin/time -o "$work/time.txt" -f '%e %U %S %M' java $flag -cp "$cp_kiln" dev.kiln.cli.Main --project-dir "$d" compile >"$work/out.txt" 2>&1 \
      || { cat "$work/out.txt"; exit 1; }
    read -r wall user sys rss < "$work/time.txt"
    printf '%7d branches (%s) %-5s  wall %6.1f s  cpu %6.1f s  peak RSS %5d MB\n' "$n" "$size" "$mode" "$wall" \
      "$(echo "$user + $sys" | bc)" $((rss / 1024))
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# kiln serve under load: key lookups on an rfm_segments-shaped table (see docs/benchmarks.md,
# "kiln serve").
#   benchmarks/serve.sh [rows=1000000] [clients=16] [seconds=20]
#       in-process clients, then a rebuild under load (freshness, failed requests)
#   benchmarks/serve.sh wrk [rows=1000000] [connections=16] [seconds=20] [threads=2]
#       the server alone in its JVM, wrk (Debian package `wrk`) in another process
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
mvn -q -B -ntp -DskipTests -pl kiln-serve -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-cp.txt >/dev/null
cp="kiln-serve/target/test-classes:kiln-serve/target/classes:$(cat kiln-serve/target/bench-cp.txt)"
echo "machine: $(nproc) cores; java: $(java -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
java_opts=(-Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${KILN_BENCH_JAVA_OPTS:-})
if [[ "${1:-}" != wrk ]]; then
  exec java "${java_opts[@]}" -cp "$cp" dev.kiln.serve.bench.ServeBenchmark "$@"
fi
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
rows="${2:-1000000}"; conns="${3:-16}"; secs="${4:-20}"; threads="${5:-2}"
log="$(mktemp)"
java "${java_opts[@]}" -cp "$cp" dev.kiln.serve.bench.ServeBenchmark "$rows" --serve-for $((secs + 40)) >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
until grep -q '^listening on' "$log"; do
  kill -0 "$server" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
cat "$log"
url="$(grep '^listening on' "$log" | awk '{print $3}')"
echo "wrk: $threads threads, $conns connections, $secs s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
before="$(ticks "$server")"
out="$(mktemp)"
/usr/bin/time -f "wrk cpu %U %S" -o "$out.time" env KILN_BENCH_ROWS="$rows" \
  wrk -t"$threads" -c"$conns" -d"${secs}s" --latency -s benchmarks/serve-wrk.lua "$url" | tee "$out"
after="$(ticks "$server")"
hz="$(getconf CLK_TCK)"
requests="$(awk '/requests in/ {print $1}' "$out")"
awk -v b="$before" -v a="$after" -v hz="$hz" -v n="$requests" -v w="$(awk '{print $3 + $4}' "$out.time")" 'BEGIN {
  s = (a - b) / hz
  printf "server JVM CPU: %.1f s for %d requests = %.3f ms per request; wrk CPU %.1f s = %.3f ms per request\n", s, n, 1000 * s / n, w, 1000 * w / n
  printf "so 2 idle cores would serve about %.0f requests/s with wrk on the same cores (%.0f with the server alone)\n", 2 / ((s + w) / n), 2 / (s / n)
}'
rm -f "$out" "$out.time"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

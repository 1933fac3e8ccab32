-- wrk script for benchmarks/serve.sh: GET /users/{random id}/segment, ids 1..ROWS (env KILN_BENCH_ROWS)
local rows = tonumber(os.getenv("KILN_BENCH_ROWS") or "1000000")
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/users/" .. math.random(1, rows) .. "/segment")
end

-- wrk script of bench/serve_bench.py: POST /v1/evaluate over keep-alive connections, cycling through
-- the request bodies of XJD_BENCH_BODIES (one JSON document per line), each request formatted once.
-- XJD_BENCH_DELAY_MS > 0 paces each connection (the fraction as a probability: wrk's timers count
-- whole milliseconds). done() prints one machine-readable line for the driver.
local bodies = {}
for line in io.lines(os.getenv("XJD_BENCH_BODIES")) do
  bodies[#bodies + 1] = wrk.format("POST", "/v1/evaluate", { ["Content-Type"] = "application/json" }, line)
end
local i = 0
request = function()
  i = i % #bodies + 1
  return bodies[i]
end
local d = tonumber(os.getenv("XJD_BENCH_DELAY_MS") or "0")
if d > 0 then
  delay = function()
    local base = math.floor(d)
    if math.random() < d - base then
      return base + 1
    end
    return base
  end
end
done = function(summary, latency, requests)
  io.write(string.format("wrk requests=%d duration_us=%d non2xx=%d errors=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end

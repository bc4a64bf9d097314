-- wrk script for bench/serving/run.sh: JSON POSTs with an API key, bodies rotated from a file.
--
--   wrk -t2 -c32 -d10s -s load.lua URL -- BODIES_FILE KEY
--
-- BODIES_FILE has one JSON request body per line; each thread starts at a different line and cycles through them.
-- With WRK_PERIOD_MS set (a mean in milliseconds, may be fractional) every connection waits that long between a
-- response and its next request, dithered between the two nearest whole milliseconds (wrk's delay() takes whole
-- ms): a paced, still closed-loop load, used for the latency runs at about half of the maximum throughput.
-- done() prints one `RESULT key=value ...` line that run.sh parses: latencies in microseconds, `sent` = requests
-- written, so `sent - requests` is what was still in flight (or lost to socket errors) when wrk stopped.

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

function init(args)
  local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. args[2] }
  requests = {}
  for line in io.lines(args[1]) do
    if #line > 0 then
      requests[#requests + 1] = wrk.format("POST", nil, headers, line)
    end
  end
  position = (id * 7) % #requests
  sent = 0
  math.randomseed(id)
end

function request()
  sent = sent + 1
  position = position % #requests + 1
  return requests[position]
end

local period = tonumber(os.getenv("WRK_PERIOD_MS") or "")
if period and period > 0 then
  local whole = math.floor(period)
  local fraction = period - whole
  function delay()
    if math.random() < fraction then
      return whole + 1
    end
    return whole
  end
end

function done(summary, latency, requests)
  local sent_total = 0
  for _, thread in ipairs(threads) do
    sent_total = sent_total + thread:get("sent")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d non2xx=%d sent=%d connect=%d read=%d write=%d timeout=%d duration_us=%d " ..
    "mean_us=%.0f p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, e.status, sent_total, e.connect, e.read, e.write, e.timeout, summary.duration,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end

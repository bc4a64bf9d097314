-- wrk script for bench/serving/run.sh: JSON POSTs with an API key, bodies rotated from a file.
--
--   wrk -t2 -c32 -d10s -s load.lua URL -- BODIES_FILE KEY [DRAIN_PATH]
--
-- BODIES_FILE has one JSON request body per line; each thread starts at a different line and cycles through them.
-- With WRK_PERIOD_MS set (a mean in milliseconds, may be fractional) every connection waits that long between a
-- response and its next request, dithered between the two nearest whole milliseconds (wrk's delay() takes whole
-- ms): a paced, still closed-loop load, used for the latency runs at about half of the maximum throughput.
--
-- The drain (DRAIN_PATH, WRK_DRAIN_MS and WRK_DURATION_S all set, as run.sh does): wrk stops a run by closing its
-- connections, dropping answers still on their way, which the server has already metered. So WRK_DRAIN_MS before
-- the end each thread stops sending the measured POSTs: the connection that notices sends one `GET DRAIN_PATH` (a
-- path that answers 404, never 2xx; request() must return something), and every connection, once it has read its
-- last answer, waits past the end of the run. wrk writes a connection's next request only after reading the answer
-- to the previous one, so with a drain longer than the slowest answer nothing measured is in flight at the stop, and
-- the 2xx answers wrk counted are exactly the measured requests that succeeded.
--
-- done() prints one `RESULT key=value ...` line that run.sh parses: latencies in microseconds; `sent` = requests
-- written (wrk may count one more than it wrote), so `sent - requests` is about what was still in flight when wrk
-- stopped; `drain` = drain requests written (one per thread, answered long before the stop); `rate` = measured
-- answers per second over the time before the drain (the whole run without one). The drain's answers are in wrk's
-- latency histogram; the percentiles printed are taken as if they were all faster than every measured answer, which
-- is exact when they are (a 404 is) and otherwise errs high.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } load_timespec;
  int clock_gettime(int clock, load_timespec *time);
]]
local clock = ffi.new("load_timespec")
local function now_us()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1e6 + tonumber(clock.tv_nsec) / 1e3
end

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
  drain = 0
  math.randomseed(id)
  started = now_us()
  local drain_ms = tonumber(os.getenv("WRK_DRAIN_MS") or "")
  local duration_s = tonumber(os.getenv("WRK_DURATION_S") or "")
  if args[3] and drain_ms and duration_s then
    drain_request = wrk.format("GET", args[3])
    drain_at = started + duration_s * 1e6 - drain_ms * 1e3
  end
  measured_us = 0
end

function request()
  sent = sent + 1
  if drain_request and (drain > 0 or now_us() >= drain_at) then
    if drain == 0 then
      measured_us = now_us() - started
    end
    drain = drain + 1
    return drain_request
  end
  position = position % #requests + 1
  return requests[position]
end

local period = tonumber(os.getenv("WRK_PERIOD_MS") or "")
local paced = period and period > 0
local whole = paced and math.floor(period) or 0
local fraction = paced and period - whole or 0
if paced or os.getenv("WRK_DRAIN_MS") then
  -- The pause before a connection's next request: the pacing, or once the drain began a wait past the end of the run.
  function delay()
    if drain > 0 then
      return 3600 * 1000
    end
    if paced and math.random() < fraction then
      return whole + 1
    end
    return whole
  end
end

function done(summary, latency, requests)
  local sent_total, drain_total, measured_us_sum = 0, 0, 0
  for _, thread in ipairs(threads) do
    sent_total = sent_total + thread:get("sent")
    drain_total = drain_total + thread:get("drain")
    measured_us_sum = measured_us_sum + thread:get("measured_us")
  end
  -- Every drain request was answered: one per thread, sent WRK_DRAIN_MS before the stop.
  local drain_read = math.min(drain_total, summary.requests)
  local measured = summary.requests - drain_read
  local measured_s = summary.duration / 1e6
  if drain_total > 0 then
    measured_s = measured_us_sum / #threads / 1e6
  end
  local function percentile(p)
    if measured <= 0 then
      return 0
    end
    return latency:percentile(math.min(100, (p * measured + 100 * drain_read) / summary.requests))
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d non2xx=%d sent=%d drain=%d drain_read=%d rate=%.1f connect=%d read=%d write=%d timeout=%d " ..
    "duration_us=%d mean_us=%.0f p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, e.status, sent_total, drain_total, drain_read, measured / measured_s, e.connect, e.read, e.write,
    e.timeout, summary.duration, latency.mean, percentile(50), percentile(90), percentile(99), latency.max))
end

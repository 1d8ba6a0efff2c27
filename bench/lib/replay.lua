-- wrk script: replays pre-signed start requests (bench/lib/sign_requests.py) and counts answers.
--   wrk ... -s replay.lua -- <requests file> <threads> [persecond]
-- Thread k of T sends lines k, k+T, k+2T, ... so no two threads share a request; a thread that runs out
-- starts over and counts the wrap in "reused" (which, for distinct numbers, means repeated numbers).
-- done() prints one machine-readable line: "BENCH key=value ..."; with "persecond", also one line
-- "BENCH_SECOND <epoch second> <2xx answers>" per wall-clock second (a warm-up ramp, scenarios/warmup.sh).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

-- One line of the requests file ("<Authorization>\t<x-timestamp>\t<body>") as a signed start request.
local function start_request(line)
  local auth, ts, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
  return wrk.format("POST", "/verification/v1/verifications", {
    ["Content-Type"] = "application/json",
    ["x-timestamp"] = ts,
    ["Authorization"] = auth,
  }, body)
end

function init(args)
  local file, nthreads = args[1], tonumber(args[2])
  requests, statuses, reused = {}, {}, 0
  persecond = args[3] == "persecond"
  seconds = {}
  if persecond then
    -- A ramp measures from the gateway's first second: read the file as requests go (no seconds of parsing
    -- before the first request), this thread's every nthreads-th line.
    source, stride, skip = file, nthreads, tid - 1
    lines = io.lines(file)
    return
  end
  local i = 0
  for line in io.lines(file) do
    if i % nthreads == tid - 1 then
      requests[#requests + 1] = start_request(line)
    end
    i = i + 1
  end
  if #requests == 0 then error("no requests for thread " .. tid .. " in " .. file) end
  next_index = 1
end

local function next_line()
  local line
  for _ = 0, skip do  -- the lines of other threads, then this thread's
    line = lines()
    if line == nil then break end
  end
  skip = stride - 1
  if line == nil then  -- wrapped: start over
    reused = reused + 1
    lines, skip = io.lines(source), tid - 1
    return next_line()
  end
  return line
end

function request()
  if persecond then
    return start_request(next_line())
  end
  local r = requests[next_index]
  next_index = next_index + 1
  if next_index > #requests then
    next_index = 1
    reused = reused + 1
  end
  return r
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if persecond and status >= 200 and status < 300 then
    local now = os.time()
    seconds[now] = (seconds[now] or 0) + 1
  end
end

function done(summary, latency, requests)
  local counts, wraps = {}, 0
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("statuses")) do counts[status] = (counts[status] or 0) + n end
    wraps = wraps + t:get("reused")
  end
  local per = {}
  for _, t in ipairs(threads) do
    for second, n in pairs(t:get("seconds")) do per[second] = (per[second] or 0) + n end
  end
  local order = {}
  for second in pairs(per) do order[#order + 1] = second end
  table.sort(order)
  for _, second in ipairs(order) do io.write(string.format("BENCH_SECOND %d %d\n", second, per[second])) end
  local parts = {}
  for status, n in pairs(counts) do parts[#parts + 1] = string.format("status_%d=%d", status, n) end
  table.sort(parts)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "err_connect=%d err_read=%d err_write=%d err_timeout=%d err_status=%d wraps=%d %s\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status, wraps, table.concat(parts, " ")))
end

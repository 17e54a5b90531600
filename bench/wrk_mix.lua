-- wrk script: sends the requests listed in a file, in turn, and prints one JSON summary line.
-- Arguments after `--`: the request file (METHOD<TAB>PATH<TAB>CONTENT-TYPE<TAB>COOKIE<TAB>BODY per line) and
-- how many responses each thread takes before it stops (0: run for the whole duration).
local has_ffi, ffi = pcall(require, "ffi")
if has_ffi then
  pcall(ffi.cdef, "int kill(int pid, int sig); int getpid(void);")
end

local threads = {}
local formatted = {}
local position = 0
local limit = 0
local received = 0
statuses = {}  -- global, so that done() can read each thread's counts

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local method, path, content_type, cookie, body = line:match("^(%u+)\t(%S+)\t([^\t]*)\t([^\t]*)\t(.*)$")
    if method then
      local headers = {}
      if content_type ~= "" then headers["Content-Type"] = content_type end
      if cookie ~= "" then headers["Cookie"] = cookie end
      table.insert(formatted, wrk.format(method, path, headers, body ~= "" and body or nil))
    end
  end
  file:close()
  assert(#formatted > 0, "no requests in " .. args[1])
  limit = tonumber(args[2]) or 0
end

function request()
  position = position % #formatted + 1
  return formatted[position]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  received = received + 1
  if limit > 0 and received == limit then
    wrk.thread:stop()
    -- wrk's main thread sleeps for the whole duration; a signal ends that sleep once the count is done
    if has_ffi then ffi.C.kill(ffi.C.getpid(), 2) end
  end
end

function done(summary, latency, requests)
  local totals, counts = {}, {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses") or {}) do
      totals[status] = (totals[status] or 0) + n
    end
  end
  for status, n in pairs(totals) do
    counts[#counts + 1] = string.format('"%d":%d', status, n)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p95":%d,"p99":%d,"max":%d,"mean":%.1f},"statuses":{%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean, table.concat(counts, ",")))
end

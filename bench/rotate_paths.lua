-- wrk script of bench/list_load.py (run by bench/requests.py) and bench/inventory_search.py:
-- cycles through the benchmark's paths with the session cookie, counts non-200 answers and
-- collects each answer's Server-Timing duration (the server's own time, in ms) when the server
-- sends one. The benchmark fills in the paths and the cookie. Prints, for list_load.run_wrk:
--   SERVER n=... p50=... p90=... p99=... max=...  (only when answers carried Server-Timing)
--   CLIENT n=... rps=... p50=... p90=... p99=... max=... non200=... timeouts=... sockerr=...
local paths = {
__PATHS__
}
local cookie = "__COOKIE__"
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  durations = {}
  bad = 0
  n = math.random(#paths)
end

function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1], { ["Cookie"] = cookie })
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
  end
  local timing = headers["Server-Timing"]
  if timing then
    local ms = tonumber(string.match(timing, "dur=([%d%.]+)"))
    if ms then
      durations[#durations + 1] = ms
    end
  end
end

function done(summary, latency, requests)
  local all = {}
  local errors = 0
  for _, thread in ipairs(threads) do
    for _, ms in ipairs(thread:get("durations")) do
      all[#all + 1] = ms
    end
    errors = errors + thread:get("bad")
  end
  if #all > 0 then
    table.sort(all)
    local function pct(p)
      return all[math.max(1, math.ceil(#all * p))]
    end
    io.write(string.format("SERVER n=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f\n",
      #all, pct(0.5), pct(0.9), pct(0.99), all[#all]))
  end
  local e = summary.errors
  io.write(string.format(
    "CLIENT n=%d rps=%.1f p50=%.2f p90=%.2f p99=%.2f max=%.2f non200=%d timeouts=%d sockerr=%d\n",
    summary.requests, summary.requests / (summary.duration / 1000000),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors, e.timeout, e.connect + e.read + e.write))
end

-- wrk script for bench/respond.ts --client wrk: POSTs {"n":7,"name":"bench"} round-robin over the
-- hook paths in $WRK_PATHS (comma-separated), and counts the answers that are the konnector's own
-- (200 with body {"n":7} for the responding hooks, 202 for the plain ones: $WRK_EXPECT) apart from
-- any other answer. Prints one line: WRKJSON {...} with the latency percentiles and the counts.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"n":7,"name":"bench"}'

local paths = {}
for p in (os.getenv("WRK_PATHS") or "/"):gmatch("[^,]+") do paths[#paths + 1] = p end
local next_path = 0
request = function()
  next_path = next_path % #paths + 1
  return wrk.format(nil, paths[next_path])
end

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  expect = os.getenv("WRK_EXPECT") or "respond"
  good = 0
  bad = 0
end

function response(status, headers, body)
  if (expect == "respond" and status == 200 and body == '{"n":7}') or (expect == "plain" and status == 202) then
    good = good + 1
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local good_all, bad_all = 0, 0
  for _, thread in ipairs(threads) do
    good_all = good_all + thread:get("good")
    bad_all = bad_all + thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"good":%d,"bad":%d,"errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    good_all, bad_all, e.connect + e.read + e.write + e.status + e.timeout))
end

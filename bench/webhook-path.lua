-- wrk script for bench/webhook-path.ts: the request of ../shared/bench/peer-n8n/post.lua (same
-- body, same header), plus what the bench needs to reconcile answers with runs: counts per HTTP
-- status, and the run ids of the 202 answers written to $WRK_IDS_FILE when wrk ends.
-- With $WRK_PATHS (comma-separated paths) the requests go round-robin over several hook URLs.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"id":123,"name":"  Alice Example ","score":7,"tags":["x","y","z"]}'

local paths_env = os.getenv("WRK_PATHS")
if paths_env and paths_env ~= "" then
  local paths = {}
  for p in paths_env:gmatch("[^,]+") do paths[#paths + 1] = p end
  local next_path = 0
  request = function()
    next_path = next_path % #paths + 1
    return wrk.format(nil, paths[next_path])
  end
end

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  statuses = {}
  ids = {}
  nids = 0
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 202 then
    local id = body:match('"runId":"([^"]+)"')
    if id then
      nids = nids + 1
      ids[nids] = id
    end
  end
end

function done(summary, latency, requests)
  local by_status, parts = {}, {}
  local out = io.open(os.getenv("WRK_IDS_FILE"), "w")
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do by_status[status] = (by_status[status] or 0) + n end
    for _, id in ipairs(thread:get("ids")) do out:write(id, "\n") end
  end
  out:close()
  for status, n in pairs(by_status) do parts[#parts + 1] = string.format('"%d":%d', status, n) end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"statuses":{%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout, table.concat(parts, ",")))
end

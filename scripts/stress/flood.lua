-- flood.lua: wrk posts a login with a new username on every request and
-- counts the answers by status (used by scripts/login-flood.sh).
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  n, c200, c401, c429, c503, cother = 0, 0, 0, 0, 0, 0
end

function request()
  n = n + 1
  local body = string.format('{"username":"flood-%d-%d","password":"wrong-password-123"}', id, n)
  return wrk.format("POST", "/api/v1/session", {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status == 200 then c200 = c200 + 1
  elseif status == 401 then c401 = c401 + 1
  elseif status == 429 then c429 = c429 + 1
  elseif status == 503 then c503 = c503 + 1
  else cother = cother + 1 end
end

function done(summary, latency, requests)
  local t = {0, 0, 0, 0, 0}
  for _, th in ipairs(threads) do
    t[1] = t[1] + th:get("c200"); t[2] = t[2] + th:get("c401"); t[3] = t[3] + th:get("c429")
    t[4] = t[4] + th:get("c503"); t[5] = t[5] + th:get("cother")
  end
  io.write(string.format("statuses: 200=%d 401=%d 429=%d 503=%d other=%d errors=%d\n",
    t[1], t[2], t[3], t[4], t[5], summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

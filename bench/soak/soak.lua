-- wrk script for bench/soak/soak.py: every request picks the next of four kinds in turn
-- (healthz, an echo guest, a trapping guest, a guest stopped by its deadline) and every
-- response is classified by its status and body. A response that fits none of the four
-- expected shapes counts as unexpected; soak.py fails the run if there is any.

local kinds = {
  { method = "GET",  path = "/v1.0/healthz" },
  { method = "POST", path = "/v1.0/bindings/echo",
    body = '{"operation":"execute","data":"soak"}' },
  { method = "POST", path = "/v1.0/bindings/trap",
    body = '{"operation":"execute"}' },
  { method = "POST", path = "/v1.0/bindings/deadline",
    body = '{"operation":"execute"}' },
}

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  next_kind = 0
  counts = { healthz = 0, echo = 0, trap = 0, deadline = 0, unexpected = 0 }
  first_unexpected = ""
  local h = { ["Content-Type"] = "application/json" }
  prepared = {}
  for i, k in ipairs(kinds) do
    prepared[i] = wrk.format(k.method, k.path, h, k.body)
  end
end

function request()
  next_kind = next_kind % #prepared + 1
  return prepared[next_kind]
end

function response(status, headers, body)
  if status == 204 and body == "" then
    counts.healthz = counts.healthz + 1
  elseif status == 200 and body == '"soak"' then
    counts.echo = counts.echo + 1
  elseif status == 500 and body:find("wasm error: unreachable", 1, true) then
    counts.trap = counts.trap + 1
  elseif status == 500 and body:find("deadline exceeded", 1, true) then
    counts.deadline = counts.deadline + 1
  else
    counts.unexpected = counts.unexpected + 1
    if first_unexpected == "" then
      first_unexpected = status .. " " .. body:sub(1, 200)
    end
  end
end

function done(summary, latency, requests)
  local total = { healthz = 0, echo = 0, trap = 0, deadline = 0, unexpected = 0 }
  local example = ""
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for k, v in pairs(c) do total[k] = total[k] + v end
    local u = t:get("first_unexpected")
    if example == "" and u ~= nil then example = u end
  end
  io.write(string.format("SOAK healthz=%d echo=%d trap=%d deadline=%d unexpected=%d\n",
    total.healthz, total.echo, total.trap, total.deadline, total.unexpected))
  local e = summary.errors
  io.write(string.format("SOAK socket_errors connect=%d read=%d write=%d timeout=%d status=%d\n",
    e.connect, e.read, e.write, e.timeout, e.status))
  if example ~= "" then io.write("SOAK first_unexpected " .. example .. "\n") end
end

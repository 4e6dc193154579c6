-- Each request enrols the next (group, member) pair from PAIRS (lines "group member"),
-- so every request is a real enrolment racing others for the same few groups.
-- At the end it prints how many were placed (201) and how many refused.
local threads = {}
local pairs_list = {}
local i = 0
placed, refused = 0, 0 -- globals, read by done() through thread:get

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("PAIRS")) do
    local g, m = line:match("(%S+) (%S+)")
    pairs_list[#pairs_list + 1] = { g, m }
  end
end

function request()
  i = i + 1
  local p = pairs_list[((i - 1) % #pairs_list) + 1]
  local headers = { ["Content-Type"] = "application/json" }
  for k, v in pairs(wrk.headers) do headers[k] = v end
  return wrk.format("POST", "/api/v1/groups/" .. p[1] .. "/enrollments", headers, '{"member_id":"' .. p[2] .. '"}')
end

function response(status, headers, body)
  if status == 201 then placed = placed + 1 else refused = refused + 1 end
end

function done(summary, latency, requests)
  local p, r = 0, 0
  for _, t in ipairs(threads) do
    p = p + t:get("placed")
    r = r + t:get("refused")
  end
  local secs = summary.duration / 1e6
  io.write(string.format("enrolments placed: %d in %.1f s = %.0f/s; refused: %d\n", p, secs, p / secs, r))
end

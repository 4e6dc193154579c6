-- Each request enrols the next (group, member) pair from PAIRS (lines "group member"),
-- so every request is a real enrolment racing others for the same few groups.
local pairs_list = {}
local i = 0
function init(args)
  for line in io.lines(os.getenv("PAIRS")) do
    local g, m = line:match("(%S+) (%S+)")
    pairs_list[#pairs_list + 1] = { g, m }
  end
end
function request()
  i = i + 1
  local p = pairs_list[((i - 1) % #pairs_list) + 1]
  return wrk.format("POST", "/api/v1/groups/" .. p[1] .. "/enrollments",
    { ["Content-Type"] = "application/json" }, '{"member_id":"' .. p[2] .. '"}')
end

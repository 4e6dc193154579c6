-- PUT a 12-member attendance sheet, each request to the next of SESSIONS
-- (space-separated session ids: one, or 32 facilitators recording 32
-- sessions at once). As a facilitator's tablet does, every request carries
-- the whole sheet, with one member marked differently from the session's
-- request before: two rows change each time (that member, and the one
-- changed the time before going back), the other ten are sent unchanged.
-- ATT_IDS: the 12 member ids; their usual statuses cycle present, late,
-- absent, excused.
wrk.method = "PUT"
local sessions, ids = {}, {}
local usual = { "present", "late", "absent", "excused" }
local n = 0

function init(args)
  for id in string.gmatch(os.getenv("SESSIONS"), "%S+") do
    sessions[#sessions + 1] = id
  end
  for id in string.gmatch(os.getenv("ATT_IDS"), "%S+") do
    ids[#ids + 1] = id
  end
end

local function sheet(changed)
  local parts = {}
  for j, id in ipairs(ids) do
    local status = usual[((j - 1) % 4) + 1]
    if j == changed then
      status = (status == "present") and "late" or "present"
    end
    parts[#parts + 1] = '{"member_id":"' .. id .. '","status":"' .. status .. '"}'
  end
  return '{"records":[' .. table.concat(parts, ",") .. ']}'
end

function request()
  local s = (n % #sessions) + 1
  local changed = (math.floor(n / #sessions) % #ids) + 1
  n = n + 1
  local headers = { ["Content-Type"] = "application/json" }
  for k, v in pairs(wrk.headers) do headers[k] = v end
  return wrk.format("PUT", "/api/v1/sessions/" .. sessions[s] .. "/attendance", headers, sheet(changed))
end

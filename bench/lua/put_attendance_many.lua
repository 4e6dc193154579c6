-- PUT a 12-member attendance body, each request to the next of SESSIONS
-- (space-separated session ids): 32 facilitators recording 32 sessions at
-- once, rather than all of them rewriting the same rows.
wrk.method = "PUT"
local sessions = {}
local i = 0

function init(args)
  for id in string.gmatch(os.getenv("SESSIONS"), "%S+") do
    sessions[#sessions + 1] = id
  end
end

function request()
  i = i + 1
  local id = sessions[((i - 1) % #sessions) + 1]
  local headers = { ["Content-Type"] = "application/json" }
  for k, v in pairs(wrk.headers) do headers[k] = v end
  return wrk.format("PUT", "/api/v1/sessions/" .. id .. "/attendance", headers, os.getenv("BODY"))
end

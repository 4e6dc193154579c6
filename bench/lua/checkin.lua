-- Each request is the next member's check-in for today (tokens from TOKENS,
-- one per line): the first round creates the day's check-ins, later rounds
-- update them (and keep the earlier version), as a member changing their
-- mind would. Mood, craving and sharing vary with the request.
local tokens = {}
local i = 0

function init(args)
  for line in io.lines(os.getenv("TOKENS")) do
    tokens[#tokens + 1] = line
  end
end

function request()
  i = i + 1
  local t = tokens[((i - 1) % #tokens) + 1]
  local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. t }
  local body = string.format(
    '{"mood":%d,"craving":%d,"sober":true,"triggers":["stress"],"note":"bench day","share_with_mentor":%s,"share_with_group":false}',
    1 + i % 5, i % 11, (i % 2 == 0) and "true" or "false")
  return wrk.format("POST", "/api/v1/checkins", headers, body)
end

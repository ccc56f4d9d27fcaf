-- read.lua: wrk's read mix against sroi (bench/http/run.sh): the contract
-- list, one contract's summary and one opening's shortlist, in turn, each
-- with the API token. The records come from the environment (prepare.py).
local function ids(name)
	local t = {}
	for id in string.gmatch(os.getenv(name) or "", "%d+") do
		t[#t + 1] = id
	end
	return t
end

local contracts = ids("SROI_CONTRACTS")
local openings = ids("SROI_OPENINGS")
local headers = {["Authorization"] = "Bearer " .. (os.getenv("SROI_TOKEN") or "")}
local n = 0

function request()
	n = n + 1
	local k = n % 3
	if k == 0 then
		return wrk.format("GET", "/api/v1/contracts?limit=20", headers)
	elseif k == 1 then
		local id = contracts[(n % #contracts) + 1]
		return wrk.format("GET", "/api/v1/contracts/" .. id .. "/summary", headers)
	end
	local id = openings[(n % #openings) + 1]
	return wrk.format("GET", "/api/v1/openings/" .. id .. "/shortlist?k=10", headers)
end

-- mixed.lua: wrk's soak load (bench/soak/run.sh): of every ten requests,
-- three contract lists, three contract summaries, two shortlists, and two
-- writes: report a realisation, then withdraw it again, so that the data
-- stay the same size and any growth of the server's memory is its own.
-- The records come from the environment (bench/http/prepare.py).
local function ids(name)
	local t = {}
	for id in string.gmatch(os.getenv(name) or "", "[%d-]+") do
		t[#t + 1] = id
	end
	return t
end

local contracts = ids("SROI_CONTRACTS")
local openings = ids("SROI_OPENINGS")
local writable = ids("SROI_WRITE_CONTRACTS")
local dates = ids("SROI_WRITE_DATES")
local org = os.getenv("SROI_WRITE_ORG") or ""
local auth = "Bearer " .. (os.getenv("SROI_TOKEN") or "")
local get = {["Authorization"] = auth}
local post = {["Authorization"] = auth, ["Content-Type"] = "application/json"}
local pending = {}
local n = 0
local writes = 0

function request()
	n = n + 1
	local k = n % 10
	if k < 3 then
		return wrk.format("GET", "/api/v1/contracts?limit=20", get)
	elseif k < 6 then
		local id = contracts[(n % #contracts) + 1]
		return wrk.format("GET", "/api/v1/contracts/" .. id .. "/summary", get)
	elseif k < 8 then
		local id = openings[(n % #openings) + 1]
		return wrk.format("GET", "/api/v1/openings/" .. id .. "/shortlist?k=10", get)
	end
	local id = table.remove(pending)
	if id then
		return wrk.format("DELETE", "/api/v1/realisations/" .. id, get)
	end
	writes = writes + 1
	local c = (writes % #writable) + 1
	local body = string.format(
		'{"organisation":"%s","contract_id":%s,"kind":"training",' ..
		'"amount_cents":%d,"start_date":"%s","end_date":"%s"}',
		org, writable[c], 1000 + n, dates[c], dates[c])
	return wrk.format("POST", "/api/v1/realisations", post, body)
end

function response(status, headers, body)
	if status == 201 then
		local id = string.match(body, '^{"id":(%d+)')
		if id then
			pending[#pending + 1] = id
		end
	end
end

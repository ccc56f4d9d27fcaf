-- write.lua: wrk's write mix against sroi (bench/http/run.sh): report a
-- realisation (training costs) on one of a few awarded contracts, then
-- accept it; each 201 queues the accept of the realisation it made.
local function ids(name)
	local t = {}
	for id in string.gmatch(os.getenv(name) or "", "%d+") do
		t[#t + 1] = id
	end
	return t
end

local contracts = ids("SROI_WRITE_CONTRACTS")
local org = os.getenv("SROI_WRITE_ORG") or ""
local headers = {["Authorization"] = "Bearer " .. (os.getenv("SROI_TOKEN") or ""),
		 ["Content-Type"] = "application/json"}
local pending = {}
local n = 0

function request()
	local id = table.remove(pending)
	if id then
		return wrk.format("POST", "/api/v1/realisations/" .. id .. "/accept", headers)
	end
	n = n + 1
	local body = string.format(
		'{"organisation":"%s","contract_id":%s,"kind":"training",' ..
		'"amount_cents":%d,"start_date":"2024-03-01","end_date":"2024-03-31"}',
		org, contracts[(n % #contracts) + 1], 1000 + n)
	return wrk.format("POST", "/api/v1/realisations", headers, body)
end

function response(status, headers, body)
	if status == 201 then
		local id = string.match(body, '^{"id":(%d+)')
		if id then
			pending[#pending + 1] = id
		end
	end
end

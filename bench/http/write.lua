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
-- One date inside each contract's term (its first day).
local dates = {}
for d in string.gmatch(os.getenv("SROI_WRITE_DATES") or "", "[%d-]+") do
	dates[#dates + 1] = d
end
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
	local k = (n % #contracts) + 1
	local body = string.format(
		'{"organisation":"%s","contract_id":%s,"kind":"training",' ..
		'"amount_cents":%d,"start_date":"%s","end_date":"%s"}',
		org, contracts[k], 1000 + n, dates[k], dates[k])
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

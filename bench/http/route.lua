-- route.lua: one GET route alone (bench/http/run.sh's breakdown of the read
-- mix): the path in SROI_ROUTE, with the API token.
local path = os.getenv("SROI_ROUTE") or "/api/v1/health"
local headers = {["Authorization"] = "Bearer " .. (os.getenv("SROI_TOKEN") or "")}

function request()
	return wrk.format("GET", path, headers)
end

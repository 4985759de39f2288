-- http_uscc.lua - wrk script for bench/http.sh: authenticated
-- GET /api/v1/enterprises/{uscc} with a credit code drawn at random from
-- the file named by $ZJTX_BENCH_IDS (one per line), signed in by the
-- session cookie in $ZJTX_BENCH_COOKIE. The requests are formatted once in
-- init(), so each request costs wrk only a random draw (the server, not
-- the load generator, is what is measured).
local reqs = {}

function init(args)
	local cookie = os.getenv("ZJTX_BENCH_COOKIE")
	for id in io.lines(os.getenv("ZJTX_BENCH_IDS")) do
		reqs[#reqs + 1] = wrk.format("GET", "/api/v1/enterprises/" .. id,
			{["Cookie"] = "zjtx_session=" .. cookie})
	end
	math.randomseed(os.time())
end

function request()
	return reqs[math.random(#reqs)]
end

local bad = 0
function response(status, headers, body)
	if status ~= 200 then
		bad = bad + 1
	end
end

function done(summary, latency, requests)
	io.write(string.format("non-200 answers: %d\n", bad))
end

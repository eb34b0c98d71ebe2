-- POST an order of one unit each of two different random available products.
-- The catalogue loader makes product id i unavailable when i % 10 is 3
-- (inactive) or 7 (sold out); BENCH_MAX_PRODUCT_ID is the highest loaded id.
dofile("bench/wrk/report.lua")

local max_id = tonumber(os.getenv("BENCH_MAX_PRODUCT_ID"))

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")

local function random_available_id()
    while true do
        local id = math.random(1, max_id)
        local rest = id % 10
        if rest ~= 3 and rest ~= 7 then
            return id
        end
    end
end

function init(args)
    -- Threads start in the same second, so mix in a per-thread address.
    math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function request()
    local first = random_available_id()
    local second = random_available_id()
    while second == first do
        second = random_available_id()
    end
    local body = string.format(
        '{"items": [{"product_id": %d, "quantity": 1}, {"product_id": %d, "quantity": 1}]}',
        first, second
    )
    return wrk.format(nil, nil, nil, body)
end

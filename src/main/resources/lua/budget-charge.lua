-- An app's spend cap (limits.redis.RedisCasStore): charge a start's estimated price unless it passes a cap.
-- KEYS: the app's spend of the day, of the month (micro-units), the charge record of this start.
-- ARGV: amount, daily cap (-1: none), monthly cap (-1: none), day ttl ms, month ttl ms, record ttl ms.
-- Answers {charged 1|0, cap hit (0 none, 1 day, 2 month), day spend, month spend}.
local a = tonumber(ARGV[1])
local d = tonumber(redis.call('GET', KEYS[1]) or '0')
local m = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[2]) >= 0 and d + a > tonumber(ARGV[2]) then return {0, 1, d, m} end
if tonumber(ARGV[3]) >= 0 and m + a > tonumber(ARGV[3]) then return {0, 2, d, m} end
redis.call('INCRBY', KEYS[1], a)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('INCRBY', KEYS[2], a)
redis.call('PEXPIRE', KEYS[2], ARGV[5])
redis.call('SET', KEYS[3], a, 'PX', ARGV[6])
return {1, 0, d + a, m + a}

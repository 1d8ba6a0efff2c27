-- Undoes a start the guard let through whose request was refused by another check or never reached Sinch
-- (limits.redis.RedisCasStore): its count, and the trickle slot it took if nothing came after it.
-- KEYS[1]; ARGV: slot, token.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local field = 's:' .. ARGV[1]
if tonumber(redis.call('HGET', KEYS[1], field) or '0') > 0 then redis.call('HINCRBY', KEYS[1], field, -1) end
local v = redis.call('HMGET', KEYS[1], 'prev', 'tok')
if v[2] == ARGV[2] then redis.call('HSET', KEYS[1], 'next', v[1], 'tok', '') end
return 1

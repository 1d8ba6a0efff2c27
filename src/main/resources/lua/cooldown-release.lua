-- Undoes the cooldown acquire that a token made, if nothing came after it (limits.redis.RedisCasStore).
-- KEYS[1]; ARGV: token. 1 = undone, 0 = another acquire came since.
local v = redis.call('HMGET', KEYS[1], 'n', 'prev', 'tok')
if v[3] ~= ARGV[1] then return 0 end
local n = tonumber(v[1]) - 1
if n <= 0 then redis.call('DEL', KEYS[1])
else redis.call('HSET', KEYS[1], 'n', n, 'last', v[2], 'tok', '') end
return 1

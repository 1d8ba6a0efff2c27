-- Compare-and-swap of one bucket state (limits.redis.RedisCasStore).
-- KEYS[1]; ARGV: expected ('' = must be absent), next, ttl ms. 1 = swapped, 0 = absent, else the current state.
local cur = redis.call('GET', KEYS[1])
if ARGV[1] == '' then
  if cur then return cur end
else
  if not cur then return 0 end
  if cur ~= ARGV[1] then return cur end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1

-- A number's progressive cooldown: may a start go now (limits.redis.RedisCasStore)?
-- KEYS[1]; ARGV: now ms, initial ms, multiplier, max ms, window ms, token. Answers {wait ms, starts in window}.
local v = redis.call('HMGET', KEYS[1], 'n', 'last')
local n = tonumber(v[1] or '0')
local last = tonumber(v[2] or '0')
local now = tonumber(ARGV[1])
if n > 0 then
  local wait = math.floor(math.min(tonumber(ARGV[2]) * math.pow(tonumber(ARGV[3]), n - 1), tonumber(ARGV[4])))
  if now - last < wait then return {wait - (now - last), n} end
end
redis.call('HSET', KEYS[1], 'n', n + 1, 'last', now, 'prev', last, 'tok', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return {0, n + 1}

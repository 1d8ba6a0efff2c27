-- A verification to the prefix succeeded (limits.redis.RedisCasStore): count it in its time slot.
-- KEYS[1]; ARGV: now ms, slot ms, window ms, hold ms.
redis.call('HINCRBY', KEYS[1], 'c:' .. math.floor(tonumber(ARGV[1]) / tonumber(ARGV[2])), 1)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + tonumber(ARGV[4]))
return 1

-- One replica's heartbeat in the census of replicas sharing the limits (limits.redis.ReplicaCensus).
-- KEYS[1]; ARGV: member, staleness ms. Server time, so the pods' clocks do not matter. Answers the live count.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('ZCARD', KEYS[1])

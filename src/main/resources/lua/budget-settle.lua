-- Settles a start's charge (limits.redis.RedisCasStore), once: replaced by the price Sinch gave (ARGV[1] >= 0), or
-- given back whole (ARGV[1] = -1: the start did not happen). The spend of the day and month move by the difference.
-- KEYS: the app's spend of the day, of the month, the charge record. Answers the difference, or nil if settled.
local charged = redis.call('GET', KEYS[3])
if not charged then return nil end
local actual = tonumber(ARGV[1])
if actual < 0 then actual = 0 end
local delta = actual - tonumber(charged)
redis.call('DEL', KEYS[3])
if delta ~= 0 then
  if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('INCRBY', KEYS[1], delta) end
  if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('INCRBY', KEYS[2], delta) end
end
return delta

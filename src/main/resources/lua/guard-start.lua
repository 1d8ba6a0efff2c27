-- The conversion guard of one destination prefix (limits.redis.RedisCasStore): may a start go, and count it.
-- KEYS[1] the prefix's hash: fields s:<slot> (starts) and c:<slot> (verified) per time slot, held (guarded
-- until, ms), next (the trickle's next free moment, ms), prev and tok (to undo the last trickle slot taken).
-- ARGV: now ms, slot ms, window ms, min starts, min conversion, hold ms, trickle interval ms, token.
-- Answers {allowed 1|0, wait ms, newly guarded 1|0, starts in window, verified in window, slot, guarded until ms
-- (0: not guarded)}.
local now = tonumber(ARGV[1])
local slotMs = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local hold = tonumber(ARGV[6])
local slot = math.floor(now / slotMs)
local oldest = math.floor((now - window) / slotMs) + 1
local all = redis.call('HGETALL', KEYS[1])
local starts, verified, held, nextAt = 0, 0, 0, 0
for i = 1, #all, 2 do
  local kind, at = string.match(all[i], '^([sc]):(%d+)$')
  if kind then
    if tonumber(at) < oldest then redis.call('HDEL', KEYS[1], all[i])
    elseif kind == 's' then starts = starts + tonumber(all[i + 1])
    else verified = verified + tonumber(all[i + 1]) end
  elseif all[i] == 'held' then held = tonumber(all[i + 1])
  elseif all[i] == 'next' then nextAt = tonumber(all[i + 1]) end
end
-- Judged on the starts sent so far; a prefix without enough of them is never guarded.
local newly = 0
local low = starts >= tonumber(ARGV[4]) and verified < tonumber(ARGV[5]) * starts
if low and held <= now then
  held = now + hold
  newly = 1
  redis.call('HSET', KEYS[1], 'held', held)
elseif not low and held > now then
  held = 0
  redis.call('HDEL', KEYS[1], 'held')
end
if held > now then
  if now < nextAt then return {0, nextAt - now, newly, starts, verified, slot, held} end
  redis.call('HSET', KEYS[1], 'next', now + tonumber(ARGV[7]), 'prev', nextAt, 'tok', ARGV[8])
end
redis.call('HINCRBY', KEYS[1], 's:' .. slot, 1)
redis.call('PEXPIRE', KEYS[1], window + hold)
if held <= now then held = 0 end
return {1, 0, newly, starts + 1, verified, slot, held}

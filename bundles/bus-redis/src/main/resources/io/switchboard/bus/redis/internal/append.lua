-- ARGV: now, record, priority, visibleAt, publishedAt, key ('' for none), dedupId ('' for none)
-- returns {sequence, duplicate (0/1)} or {-1} when full and the overflow is reject
local now = tonumber(ARGV[1])
for _, id in ipairs(redis.call('ZRANGEBYSCORE', P .. 'dedupexp', '-inf', now)) do
  redis.call('HDEL', P .. 'dedup', id)
  redis.call('ZREM', P .. 'dedupexp', id)
end
if ARGV[7] ~= '' then
  local seen = redis.call('HGET', P .. 'dedup', ARGV[7])
  if seen then
    return {tonumber(seen), 1}
  end
end
if redis.call('ZCARD', P .. 'order') >= tonumber(setting('maxLength')) then
  if setting('overflow') == 'reject' then
    return {-1}
  end
  drop(redis.call('ZRANGE', P .. 'order', 0, 0)[1])
end
local seq = tostring(redis.call('INCR', P .. 'seq'))
redis.call('HSET', P .. 'msg', seq, ARGV[2])
redis.call('HSET', P .. 'pri', seq, ARGV[3])
redis.call('HSET', P .. 'vis', seq, ARGV[4])
redis.call('HSET', P .. 'pub', seq, ARGV[5])
if ARGV[6] ~= '' then
  redis.call('HSET', P .. 'key', seq, ARGV[6])
end
redis.call('ZADD', P .. 'order', tonumber(seq), seq)
local groups = redis.call('SMEMBERS', P .. 'groups')
redis.call('HSET', P .. 'pend', seq, #groups)
for _, group in ipairs(groups) do
  offer(group, seq, tonumber(ARGV[4]), now)
end
local window = tonumber(setting('dedupWindow'))
if ARGV[7] ~= '' and window > 0 then
  redis.call('HSET', P .. 'dedup', ARGV[7], seq)
  redis.call('ZADD', P .. 'dedupexp', tonumber(ARGV[5]) + window, ARGV[7])
  if redis.call('ZCARD', P .. 'dedupexp') > 100000 then
    local eldest = redis.call('ZRANGE', P .. 'dedupexp', 0, 0)[1]
    redis.call('HDEL', P .. 'dedup', eldest)
    redis.call('ZREM', P .. 'dedupexp', eldest)
  end
end
return {tonumber(seq), 0}

-- ARGV: now; returns the fields of the dead letters made
local now = tonumber(ARGV[1])
local died = {}
for _, group in ipairs(redis.call('SMEMBERS', P .. 'groups')) do
  expireGroup(group, now, died)
end
local retention = tonumber(setting('retention'))
if retention > 0 then
  while true do
    local oldest = redis.call('ZRANGE', P .. 'order', 0, 0)[1]
    if not oldest or tonumber(redis.call('HGET', P .. 'pub', oldest)) + retention > now then
      break
    end
    drop(oldest)
  end
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', P .. 'dedupexp', '-inf', now)) do
  redis.call('HDEL', P .. 'dedup', id)
  redis.call('ZREM', P .. 'dedupexp', id)
end
return died

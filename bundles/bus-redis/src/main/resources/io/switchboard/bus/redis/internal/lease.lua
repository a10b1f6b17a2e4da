-- ARGV: group, consumer, max, now, visibleUntil
-- returns {died fields..., '', leased sequences with deliveries as 'seq:n'...}
local group, consumer, max, now, untilAt = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
ensureGroup(group, now)
local died = {}
expireGroup(group, now, died)
local keyed = setting('discipline') == 'fifo'
local maxDeliveries = tonumber(setting('maxDeliveries'))
local taken = {}
local start = 0
while #taken < max do
  local batch = redis.call('ZRANGE', g(group, 'ready'), start, start + 99)
  if #batch == 0 then
    break
  end
  start = start + 100
  for _, seq in ipairs(batch) do
    if #taken >= max then
      break
    end
    if deliveries(group, seq) >= maxDeliveries then
      die(group, seq, 'max-deliveries', now, died)
      start = start - 1
    else
      local key = keyed and redis.call('HGET', P .. 'key', seq) or false
      local holder = key and redis.call('HGET', g(group, 'keys'), key) or false
      if not holder or holder == consumer then
        table.insert(taken, seq)
      end
    end
  end
end
local out = {}
for _, field in ipairs(died) do
  table.insert(out, field)
end
table.insert(out, '')
for _, seq in ipairs(taken) do
  redis.call('ZREM', g(group, 'ready'), seq)
  redis.call('ZADD', g(group, 'flight'), untilAt, seq)
  redis.call('HSET', g(group, 'owner'), seq, consumer)
  local count = redis.call('HINCRBY', g(group, 'deliv'), seq, 1)
  if keyed then
    local key = redis.call('HGET', P .. 'key', seq)
    if key then
      redis.call('HSET', g(group, 'keys'), key, consumer)
      redis.call('HINCRBY', g(group, 'keyn'), key, 1)
    end
  end
  table.insert(out, seq .. ':' .. count)
end
return out

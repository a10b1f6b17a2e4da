-- ARGV: group, sequence, consumer, now, visibleAt (-1: an ack), and for a nack the failure ('status|error', '': none)
-- returns DONE, UNKNOWN, NOT_LEASED, OTHER_CONSUMER or ALREADY_SETTLED
local group, seq, consumer, now, visibleAt = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local last = tonumber(redis.call('GET', P .. 'seq') or '0')
if tonumber(seq) < 1 or tonumber(seq) > last then
  return 'UNKNOWN'
end
if redis.call('SISMEMBER', P .. 'groups', group) == 0 then
  return 'NOT_LEASED'
end
if redis.call('HEXISTS', P .. 'msg', seq) == 0 then
  return 'ALREADY_SETTLED'
end
local untilAt = redis.call('ZSCORE', g(group, 'flight'), seq)
if untilAt == false or tonumber(untilAt) <= now then
  if untilAt ~= false then
    expireGroup(group, now, {})
    return 'NOT_LEASED'
  end
  if redis.call('ZSCORE', g(group, 'ready'), seq) ~= false or redis.call('ZSCORE', g(group, 'wait'), seq) ~= false then
    return 'NOT_LEASED'
  end
  return 'ALREADY_SETTLED'
end
if redis.call('HGET', g(group, 'owner'), seq) ~= consumer then
  return 'OTHER_CONSUMER'
end
land(group, seq)
if visibleAt < 0 then
  forget(group, seq)
  settled(seq)
else
  if ARGV[6] and ARGV[6] ~= '' then
    redis.call('HSET', g(group, 'fail'), seq, ARGV[6])
  else
    redis.call('HDEL', g(group, 'fail'), seq)
  end
  back(group, seq, visibleAt, now)
end
return 'DONE'

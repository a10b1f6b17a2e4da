-- ARGV: group, consumer, now; returns how many leases went back
local group, consumer, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local count = 0
for _, seq in ipairs(redis.call('ZRANGE', g(group, 'flight'), 0, -1)) do
  if redis.call('HGET', g(group, 'owner'), seq) == consumer then
    land(group, seq)
    back(group, seq, 0, now)
    count = count + 1
  end
end
return count

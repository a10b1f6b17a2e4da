-- ARGV: discipline, maxLength, overflow, retention, maxDeliveries, dedupWindow
local before = setting('discipline')
redis.call('HSET', P .. 'settings', 'discipline', ARGV[1], 'maxLength', ARGV[2], 'overflow', ARGV[3], 'retention', ARGV[4],
  'maxDeliveries', ARGV[5], 'dedupWindow', ARGV[6])
if before and before ~= ARGV[1] then
  for _, group in ipairs(redis.call('SMEMBERS', P .. 'groups')) do
    for _, seq in ipairs(redis.call('ZRANGE', g(group, 'ready'), 0, -1)) do
      redis.call('ZADD', g(group, 'ready'), score(seq), seq)
    end
  end
end
return 1

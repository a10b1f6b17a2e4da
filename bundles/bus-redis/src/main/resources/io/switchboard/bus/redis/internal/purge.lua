-- ARGV: the sequences to purge (none: all); returns how many
local wanted = nil
if #ARGV > 0 then
  wanted = {}
  for i = 1, #ARGV do
    wanted[ARGV[i]] = true
  end
end
local count = 0
for _, field in ipairs(redis.call('ZRANGE', P .. 'deadorder', 0, -1)) do
  local seq = string.sub(field, 1, string.find(field, ':', 1, true) - 1)
  if wanted == nil or wanted[seq] then
    redis.call('HDEL', P .. 'deadinfo', field)
    redis.call('HDEL', P .. 'deadmsg', field)
    redis.call('HDEL', P .. 'deadfail', field)
    redis.call('ZREM', P .. 'deadorder', field)
    count = count + 1
  end
end
return count

-- ARGV: now, then the sequences to re-drive (none: all); returns how many
local now = tonumber(ARGV[1])
local wanted = nil
if #ARGV > 1 then
  wanted = {}
  for i = 2, #ARGV do
    wanted[ARGV[i]] = true
  end
end
local count = 0
for _, field in ipairs(redis.call('ZRANGE', P .. 'deadorder', 0, -1)) do
  local at = string.find(field, ':', 1, true)
  local seq, group = string.sub(field, 1, at - 1), string.sub(field, at + 1)
  if wanted == nil or wanted[seq] then
    local info = redis.call('HGET', P .. 'deadinfo', field)
    local parts = {}
    for part in string.gmatch(info, '([^|]*)|?') do
      table.insert(parts, part)
    end
    ensureGroup(group, now)
    if redis.call('HEXISTS', P .. 'msg', seq) == 0 then
      -- every other group had settled it: stored again, for this group alone
      redis.call('HSET', P .. 'msg', seq, redis.call('HGET', P .. 'deadmsg', field))
      redis.call('HSET', P .. 'pri', seq, parts[4])
      redis.call('HSET', P .. 'vis', seq, now)
      redis.call('HSET', P .. 'pub', seq, parts[5])
      local key = string.sub(info, string.len(parts[1] .. parts[2] .. parts[3] .. parts[4] .. parts[5]) + 6)
      if key ~= '' then
        redis.call('HSET', P .. 'key', seq, key)
      end
      redis.call('ZADD', P .. 'order', tonumber(seq), seq)
      redis.call('HSET', P .. 'pend', seq, 0)
    end
    redis.call('HINCRBY', P .. 'pend', seq, 1)
    redis.call('HDEL', g(group, 'deliv'), seq)
    redis.call('ZADD', g(group, 'ready'), score(seq), seq)
    redis.call('HDEL', P .. 'deadinfo', field)
    redis.call('HDEL', P .. 'deadmsg', field)
    redis.call('HDEL', P .. 'deadfail', field)
    redis.call('ZREM', P .. 'deadorder', field)
    count = count + 1
  end
end
return count

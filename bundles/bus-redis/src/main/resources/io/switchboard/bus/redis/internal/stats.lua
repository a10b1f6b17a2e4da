-- returns {depth, dead, dropped, group, ready, inFlight, delayed, group, ...}
local out = {redis.call('ZCARD', P .. 'order'), redis.call('ZCARD', P .. 'deadorder'), tonumber(redis.call('GET', P .. 'dropped') or '0')}
for _, group in ipairs(redis.call('SMEMBERS', P .. 'groups')) do
  table.insert(out, group)
  table.insert(out, redis.call('ZCARD', g(group, 'ready')))
  table.insert(out, redis.call('ZCARD', g(group, 'flight')))
  table.insert(out, redis.call('ZCARD', g(group, 'wait')))
end
return out

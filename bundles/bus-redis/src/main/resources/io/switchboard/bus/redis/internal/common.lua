-- Shared by every script of the redis driver. KEYS[1] is the topic's key prefix; every key of the
-- topic starts with it (and carries the topic in a hash tag). Sequences are kept as strings.
local P = KEYS[1]
local TWO40 = 1099511627776

local function setting(name)
  return redis.call('HGET', P .. 'settings', name)
end

local function g(group, kind)
  return P .. 'g:' .. group .. ':' .. kind
end

-- The order of a group's ready set: by sequence, reversed, or by priority then sequence.
local function score(seq)
  local discipline = setting('discipline')
  if discipline == 'lifo' then
    return -tonumber(seq)
  elseif discipline == 'priority' then
    return (9 - tonumber(redis.call('HGET', P .. 'pri', seq))) * TWO40 + tonumber(seq)
  end
  return tonumber(seq)
end

local function offer(group, seq, visibleAt, now)
  if visibleAt > now then
    redis.call('ZADD', g(group, 'wait'), visibleAt, seq)
  else
    redis.call('ZADD', g(group, 'ready'), score(seq), seq)
  end
end

-- Ends a lease (and the key it held).
local function land(group, seq)
  if redis.call('ZREM', g(group, 'flight'), seq) == 1 then
    redis.call('HDEL', g(group, 'owner'), seq)
    local key = redis.call('HGET', P .. 'key', seq)
    if key then
      if redis.call('HINCRBY', g(group, 'keyn'), key, -1) <= 0 then
        redis.call('HDEL', g(group, 'keyn'), key)
        redis.call('HDEL', g(group, 'keys'), key)
      end
    end
  end
end

local function forget(group, seq)
  redis.call('ZREM', g(group, 'ready'), seq)
  redis.call('ZREM', g(group, 'wait'), seq)
  land(group, seq)
  redis.call('HDEL', g(group, 'deliv'), seq)
  redis.call('HDEL', g(group, 'fail'), seq)
  redis.call('SREM', g(group, 'exh'), seq)
end

local function removeMessage(seq)
  for _, hash in ipairs({'msg', 'pri', 'vis', 'pub', 'key', 'pend'}) do
    redis.call('HDEL', P .. hash, seq)
  end
  redis.call('ZREM', P .. 'order', seq)
end

local function settled(seq)
  if redis.call('HINCRBY', P .. 'pend', seq, -1) <= 0 then
    removeMessage(seq)
  end
end

local function drop(seq)
  for _, group in ipairs(redis.call('SMEMBERS', P .. 'groups')) do
    forget(group, seq)
  end
  removeMessage(seq)
  redis.call('INCR', P .. 'dropped')
end

local function deliveries(group, seq)
  return tonumber(redis.call('HGET', g(group, 'deliv'), seq) or '0')
end

-- A message dies in a group: kept among the dead letters (with what a re-drive needs, and the group's
-- last failure with it: 'status|error'), gone from the group.
local function die(group, seq, reason, now, died)
  local field = seq .. ':' .. group
  local count = deliveries(group, seq)
  local key = redis.call('HGET', P .. 'key', seq) or ''
  redis.call('HSET', P .. 'deadinfo', field, count .. '|' .. reason .. '|' .. now .. '|' .. redis.call('HGET', P .. 'pri', seq)
    .. '|' .. redis.call('HGET', P .. 'pub', seq) .. '|' .. key)
  redis.call('HSET', P .. 'deadmsg', field, redis.call('HGET', P .. 'msg', seq))
  local failure = redis.call('HGET', g(group, 'fail'), seq)
  if failure then
    redis.call('HSET', P .. 'deadfail', field, failure)
  end
  redis.call('ZADD', P .. 'deadorder', tonumber(seq), field)
  forget(group, seq)
  settled(seq)
  table.insert(died, field)
end

local function back(group, seq, visibleAt, now)
  offer(group, seq, visibleAt, now)
  if deliveries(group, seq) >= tonumber(setting('maxDeliveries')) then
    redis.call('SADD', g(group, 'exh'), seq)
  end
end

-- Leases that ran out come back (or die), delays that passed become ready, exhausted messages die.
local function expireGroup(group, now, died)
  for _, seq in ipairs(redis.call('ZRANGEBYSCORE', g(group, 'flight'), '-inf', now)) do
    land(group, seq)
    back(group, seq, 0, now)
  end
  for _, seq in ipairs(redis.call('ZRANGEBYSCORE', g(group, 'wait'), '-inf', now)) do
    redis.call('ZREM', g(group, 'wait'), seq)
    redis.call('ZADD', g(group, 'ready'), score(seq), seq)
  end
  for _, seq in ipairs(redis.call('SMEMBERS', g(group, 'exh'))) do
    if redis.call('ZSCORE', g(group, 'wait'), seq) == false and redis.call('HEXISTS', P .. 'msg', seq) == 1 then
      die(group, seq, 'max-deliveries', now, died)
    end
  end
end

-- A group, made on first use with every message stored now.
local function ensureGroup(group, now)
  if redis.call('SADD', P .. 'groups', group) == 1 then
    for _, seq in ipairs(redis.call('ZRANGE', P .. 'order', 0, -1)) do
      redis.call('HINCRBY', P .. 'pend', seq, 1)
      offer(group, seq, tonumber(redis.call('HGET', P .. 'vis', seq)), now)
    end
  end
end

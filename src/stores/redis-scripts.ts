// Lua run by Redis for the store's multi-key operations: each script is one atomic step on the server.
// A counter K is a hash (fields `spent`, `reserved`, and `h:<id>` = the amount held by reservation id) beside a
// sorted set `K:holds` of reservation ids scored by when they lapse. Lapsed holds are purged whenever a counter is
// read or written, so `reserved` only ever counts live ones. Numbers cross the Lua boundary as strings because
// Redis truncates Lua numbers to integers in replies.

const COMMON = `
local function num(x) return string.format('%.17g', x) end
local function clock()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function purge(k, now)
  local z = k .. ':holds'
  local gone = redis.call('ZRANGEBYSCORE', z, '-inf', num(now))
  if #gone == 0 then return end
  local sum = 0
  for _, id in ipairs(gone) do
    local a = redis.call('HGET', k, 'h:' .. id)
    if a then
      sum = sum + tonumber(a)
      redis.call('HDEL', k, 'h:' .. id)
    end
  end
  redis.call('ZREMRANGEBYSCORE', z, '-inf', num(now))
  if redis.call('ZCARD', z) == 0 then
    redis.call('HSET', k, 'reserved', '0')
  else
    redis.call('HINCRBYFLOAT', k, 'reserved', num(-sum))
  end
end
local function figures(k)
  local v = redis.call('HMGET', k, 'spent', 'reserved')
  return tonumber(v[1] or '0') or 0, tonumber(v[2] or '0') or 0
end
local function extend(k, ttl)
  if ttl <= 0 then return end
  local current = redis.call('PTTL', k)
  if current < ttl then redis.call('PEXPIRE', k, num(ttl)) end
end
local function drop_hold(k, id)
  local a = redis.call('HGET', k, 'h:' .. id)
  if not a then return false end
  redis.call('HDEL', k, 'h:' .. id)
  redis.call('ZREM', k .. ':holds', id)
  if redis.call('ZCARD', k .. ':holds') == 0 then
    redis.call('HSET', k, 'reserved', '0')
  else
    redis.call('HINCRBYFLOAT', k, 'reserved', num(-tonumber(a)))
  end
  return true
end
`;

/**
 * KEYS: the distinct counter keys. ARGV[1]: JSON `{ id, ttl, c: [{ k, a, l?, s?, t }] }` where `k` and `s` are
 * 1-based indexes into KEYS, `a` the amount, `l` the limit, `t` the counter's TTL.
 * Returns `{1, expiresAt}` or `{0, index, spent, reserved}` (index 0-based; numbers as strings).
 */
export const RESERVE_LUA = `${COMMON}
local spec = cjson.decode(ARGV[1])
local now = clock()
for i = 1, #KEYS do purge(KEYS[i], now) end
-- A replay of a reservation that already holds (a client resending after a dropped connection) succeeds as it did.
if #spec.c > 0 then
  local held = redis.call('ZSCORE', KEYS[spec.c[1].k] .. ':holds', spec.id)
  if held then return { 1, held } end
end
for i, c in ipairs(spec.c) do
  if c.l ~= nil and c.l ~= cjson.null then
    local spent, reserved = 0, 0
    local over = c.s
    if over == nil or over == cjson.null then over = { c.k } end
    for _, j in ipairs(over) do
      local s, r = figures(KEYS[j])
      spent = spent + s
      reserved = reserved + r
    end
    if spent + reserved + c.a > c.l then
      return { 0, tostring(i - 1), num(spent), num(reserved) }
    end
  end
end
local expires = now + spec.ttl
for _, c in ipairs(spec.c) do
  local k = KEYS[c.k]
  drop_hold(k, spec.id)
  redis.call('HSET', k, 'h:' .. spec.id, num(c.a))
  redis.call('HINCRBYFLOAT', k, 'reserved', num(c.a))
  redis.call('ZADD', k .. ':holds', num(expires), spec.id)
  extend(k, c.t)
  extend(k .. ':holds', c.t)
end
return { 1, num(expires) }
`;

/**
 * KEYS[1]: the settled-id marker; KEYS[2..]: distinct counter keys. ARGV[1]: JSON `{ id, mark, h: [k], c: [{ k, a, t }] }`
 * (`h` the held counters, `c` the charges, indexes into KEYS; `mark` the marker's TTL).
 * Returns 'settled', 'late' or 'duplicate'.
 */
export const SETTLE_LUA = `${COMMON}
local spec = cjson.decode(ARGV[1])
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', num(spec.mark)) == false then return 'duplicate' end
local now = clock()
local held = false
for _, j in ipairs(spec.h) do
  purge(KEYS[j], now)
  if drop_hold(KEYS[j], spec.id) then held = true end
end
for _, c in ipairs(spec.c) do
  redis.call('HINCRBYFLOAT', KEYS[c.k], 'spent', num(c.a))
  extend(KEYS[c.k], c.t)
end
if held then return 'settled' end
return 'late'
`;

/** KEYS: counter keys. ARGV[1]: reservation id. Returns 1 when a hold was dropped. */
export const RELEASE_LUA = `${COMMON}
local now = clock()
local held = 0
for i = 1, #KEYS do
  purge(KEYS[i], now)
  if drop_hold(KEYS[i], ARGV[1]) then held = 1 end
end
return held
`;

/** KEYS: counter keys. Returns a flat list spent1, reserved1, spent2, … as strings, lapsed holds purged. */
export const COUNTERS_LUA = `${COMMON}
local now = clock()
local out = {}
for i = 1, #KEYS do
  purge(KEYS[i], now)
  local s, r = figures(KEYS[i])
  out[#out + 1] = num(s)
  out[#out + 1] = num(r)
end
return out
`;

/** KEYS: numeric keys. ARGV: the increments, then the TTL for keys this creates (0 = none). Returns new values as strings. */
export const INCREMENT_MANY_LUA = `
local ttl = tonumber(ARGV[#ARGV])
local out = {}
for i = 1, #KEYS do
  local created = redis.call('EXISTS', KEYS[i]) == 0
  out[i] = redis.call('INCRBYFLOAT', KEYS[i], ARGV[i])
  if created and ttl > 0 then redis.call('PEXPIRE', KEYS[i], ttl) end
end
return out
`;

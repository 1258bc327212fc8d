/**
 * The Lua scripts that make each shared-store change atomic: Redis runs a script alone, so two
 * instances can never both pass a check and both act (start past MAX_SESSIONS, end one session twice).
 * They are sent with EVAL, not EVALSHA: one connection keeps its commands in order, and a Redis
 * restarted empty would answer NOSCRIPT to a cached hash and reorder the retried events.
 */

/**
 * KEYS: sessions zset, record, the client's sessions zset. ARGV: maxSessions, id, nowMs, elcor, windowMs, transcribe,
 * startedAt, maxSessionsPerClient, client, key prefix, lifetimeS. 1 started, 0 the cluster is full, -1 the client is.
 * The client's set is pruned of sessions whose record has gone (ended, or lost with a Redis that restarted) first,
 * so a count can never outlive its sessions; it expires with the longest a session can run.
 */
export const REGISTER = `
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
for _, other in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
  if redis.call('EXISTS', ARGV[10] .. 'session:{' .. other .. '}') == 0 then redis.call('ZREM', KEYS[3], other) end
end
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[8]) then return -1 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
redis.call('EXPIRE', KEYS[3], ARGV[11])
redis.call('HSET', KEYS[2], 'elcor', ARGV[4], 'windowMs', ARGV[5], 'transcribe', ARGV[6], 'startedAt', ARGV[7], 'createdAt', ARGV[3], 'listenedAt', ARGV[3], 'client', ARGV[9])
return 1`;

/** KEYS: record, events, seq. ARGV: retained, event JSON. The event's id, or 0 when the session has ended. */
export const APPEND = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local id = redis.call('INCR', KEYS[3])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], id .. '-0', 'e', ARGV[2])
return id`;

// Ending: the record's DEL is the claim (only one caller sees 1), then the end marker every
// instance's reader turns into `session-ended`, kept a while for readers that lag behind.
// The client's count goes down with it (ARGV[8]: the key prefix).
const END_STEPS = `
local client = redis.call('HGET', KEYS[2], 'client')
if redis.call('DEL', KEYS[2]) == 0 then return false end
redis.call('ZREM', KEYS[1], ARGV[1])
if client then redis.call('ZREM', ARGV[8] .. 'client:{' .. client .. '}:sessions', ARGV[1]) end
local id = redis.call('INCR', KEYS[4])
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], id .. '-0', 'end', reason)
redis.call('EXPIRE', KEYS[3], ARGV[3])
redis.call('EXPIRE', KEYS[4], ARGV[3])
return reason`;

/** KEYS: sessions zset, record, events, seq. ARGV: id, reason, endedRetainS, retained, (unused), (unused), (unused), prefix. The reason if this call ended it. */
export const END = `
local reason = ARGV[2]
${END_STEPS}`;

/**
 * KEYS as END. ARGV: id, (unused), endedRetainS, retained, nowMs, idleTtlMs, lifetimeMs, prefix.
 * Ends the session if it outlived SESSION_MAX_LIFETIME_S or nobody listened anywhere for the TTL.
 */
export const REAP = `
local times = redis.call('HMGET', KEYS[2], 'createdAt', 'listenedAt')
if not times[1] then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return false
end
local now = tonumber(ARGV[5])
local reason = false
if now - tonumber(times[1]) >= tonumber(ARGV[7]) then reason = 'lifetime'
elseif now - tonumber(times[2]) > tonumber(ARGV[6]) then reason = 'reaped' end
if not reason then return false end
${END_STEPS}`;

/**
 * KEYS: record. ARGV: nowMs (0: nobody listens here). Someone listens (or just stopped): the idle
 * clock restarts, never backwards. 1 while the session runs, 0 once its record is gone.
 */
export const LISTENED = `
local at = redis.call('HGET', KEYS[1], 'listenedAt')
if not at then return 0 end
if tonumber(ARGV[1]) > tonumber(at) then redis.call('HSET', KEYS[1], 'listenedAt', ARGV[1]) end
return 1`;

package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/thiduabot/thiduabot/store"
)

var _ store.Leaser = (*DB)(nil)

func (d *DB) leaseKey(name string) string { return d.base + "l:" + name }

// leaseScript takes or extends a lease in one round trip.
// KEYS: lease. ARGV: owner, ttl in ms.
var leaseScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if v == false or v == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`)

// leaseKeysScript is leaseScript followed, when the lease is held, by the
// keys of an index range whose value still exists (the others' entries
// are dropped from the index, as List does).
// KEYS: lease, index. ARGV: owner, ttl in ms, min, max, data key prefix.
var leaseKeysScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if v ~= false and v ~= ARGV[1] then return {0} end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
local out = {1}
for _, m in ipairs(redis.call('ZRANGEBYLEX', KEYS[2], ARGV[3], ARGV[4])) do
  if redis.call('EXISTS', ARGV[5] .. m) == 1 then
    out[#out + 1] = m
  else
    redis.call('ZREM', KEYS[2], m)
  end
end
return out`)

// LeaseKeys takes or extends a lease and lists a bucket's keys in one
// script call (store.Leaser).
func (d *DB) LeaseKeys(ctx context.Context, name, owner string, ttl time.Duration, bucket, prefix string) (bool, []string, error) {
	if name == "" || owner == "" || ttl < time.Millisecond {
		return false, nil, fmt.Errorf("redisstore: lease %q: empty name or owner, or ttl under 1ms", name)
	}
	if err := check(ctx, bucket, "-"); err != nil {
		return false, nil, err
	}
	lo, hi := prefixRange(prefix)
	res, err := leaseKeysScript.Run(ctx, d.c, []string{d.leaseKey(name), d.indexKey(bucket)},
		owner, ttl.Milliseconds(), lo, hi, d.dataPrefix(bucket)).Slice()
	if err != nil {
		return false, nil, fmt.Errorf("redisstore: lease %s: %w", name, err)
	}
	if len(res) == 0 || res[0] != int64(1) {
		return false, nil, nil
	}
	keys := make([]string, 0, len(res)-1)
	for _, k := range res[1:] {
		s, _ := k.(string)
		keys = append(keys, s)
	}
	return true, keys, nil
}

// releaseScript deletes a lease only if owner holds it.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`)

// Lease takes or extends the lease name for owner (store.Leaser). Its expiry
// is Redis's, in wall time.
func (d *DB) Lease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	if name == "" || owner == "" || ttl < time.Millisecond {
		return false, fmt.Errorf("redisstore: lease %q: empty name or owner, or ttl under 1ms", name)
	}
	n, err := leaseScript.Run(ctx, d.c, []string{d.leaseKey(name)}, owner, ttl.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("redisstore: lease %s: %w", name, err)
	}
	return n == 1, nil
}

// Release gives up owner's lease name (store.Leaser).
func (d *DB) Release(ctx context.Context, name, owner string) error {
	if err := releaseScript.Run(ctx, d.c, []string{d.leaseKey(name)}, owner).Err(); err != nil {
		return fmt.Errorf("redisstore: release %s: %w", name, err)
	}
	return nil
}

// Holder returns the owner of lease name, "" when free (store.Leaser).
func (d *DB) Holder(ctx context.Context, name string) (string, error) {
	v, err := d.c.Get(ctx, d.leaseKey(name)).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("redisstore: lease holder %s: %w", name, err)
	}
	return v, nil
}

var _ store.Limiter = (*DB)(nil)

// admitScript checks every window and, when all have room, records the
// event in each, in one round trip. A sliding window is a sorted set of
// event times (ms); a bucket (every > 0) is the theoretical arrival time of
// the next event (GCRA: a burst of limit, then one per every).
// KEYS: the windows. ARGV: now (ms), then limit, span and every (ms) per
// window, then a unique event id. Returns 0 or the wait in ms.
var admitScript = redis.NewScript(`
local now = tonumber(ARGV[1])
local wait = 0
local tats = {}
for i = 1, #KEYS do
  local limit, span, every = tonumber(ARGV[3*i-1]), tonumber(ARGV[3*i]), tonumber(ARGV[3*i+1])
  local w = 0
  if every > 0 then
    local tat = tonumber(redis.call('GET', KEYS[i]) or now)
    if tat < now then tat = now end
    w = tat - now - (limit - 1) * every
    tats[i] = tat + every
  else
    redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - span)
    if redis.call('ZCARD', KEYS[i]) >= limit then
      local oldest = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
      w = tonumber(oldest[2]) + span - now
      if w < 1 then w = 1 end
    end
  end
  if w > wait then wait = w end
end
if wait > 0 then return wait end
for i = 1, #KEYS do
  if tats[i] then
    redis.call('SET', KEYS[i], tats[i], 'PX', tats[i] - now + 1)
  else
    redis.call('ZADD', KEYS[i], now, ARGV[#ARGV])
    redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[3*i]))
  end
end
return 0`)

// Admit counts an event in sliding windows shared by every client of the
// store (store.Limiter). now comes from the caller's clock, so replicas'
// clocks should agree (NTP) to the millisecond range of the windows.
func (d *DB) Admit(ctx context.Context, now time.Time, windows ...store.Window) (time.Duration, error) {
	if len(windows) == 0 {
		return 0, nil
	}
	keys := make([]string, len(windows))
	args := []any{now.UnixMilli()}
	for i, w := range windows {
		if w.Key == "" || w.Limit < 1 || (w.Every == 0 && w.Span < time.Millisecond) || (w.Every != 0 && w.Every < time.Millisecond) {
			return 0, fmt.Errorf("redisstore: admit: bad window %+v", w)
		}
		keys[i] = d.base + "r:" + w.Key
		args = append(args, w.Limit, w.Span.Milliseconds(), w.Every.Milliseconds())
	}
	args = append(args, fmt.Sprintf("%d:%d", now.UnixNano(), d.events.Add(1))+d.nonce)
	ms, err := admitScript.Run(ctx, d.c, keys, args...).Int64()
	if err != nil {
		return 0, fmt.Errorf("redisstore: admit: %w", err)
	}
	return time.Duration(ms) * time.Millisecond, nil
}

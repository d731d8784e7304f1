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

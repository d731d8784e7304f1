package store

import (
	"context"
	"time"
)

// Leaser is implemented by a store that several processes share (the Redis
// adapter). The bot uses it to coordinate replicas: a per-chat lease keeps
// one chat's updates in order across processes, and the poller's lease lets
// only one replica call getUpdates. A store that one process owns (the
// embedded bbolt store) does not implement it: in-process locking is enough
// there, and the bot then skips the cross-process steps.
//
// Leases are named marks of ownership that expire on the store's own clock
// (wall time), so that a crashed owner's lease is taken over once ttl has
// passed. They live outside every bucket: they are not exported or listed.
type Leaser interface {
	// Lease takes the lease name for owner, or extends it when owner already
	// holds it, and reports whether owner holds it now (for ttl from now).
	Lease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error)
	// LeaseKeys is Lease, then, when owner holds the lease, the live keys
	// of bucket that start with prefix, sorted, read at the same instant as
	// the lease was taken (one round trip on Redis). It is for a queue
	// guarded by the lease: taking the lease and seeing what waits in one.
	LeaseKeys(ctx context.Context, name, owner string, ttl time.Duration, bucket, prefix string) (held bool, keys []string, err error)
	// Release gives up owner's lease name; it does nothing when another
	// owner holds it (ours expired and was taken over meanwhile).
	Release(ctx context.Context, name, owner string) error
	// Holder returns the current owner of lease name, "" when nobody holds it.
	Holder(ctx context.Context, name string) (string, error)
}

// LeaserOf returns the Leaser of kv, looking through wrappers (such as the
// health package's instrumented store) that expose the store they wrap
// with an Unwrap() KV method; ok is false for a store one process owns.
func LeaserOf(kv KV) (Leaser, bool) { return capability[Leaser](kv) }

// capability returns kv, or the first store it wraps, as a T.
func capability[T any](kv KV) (T, bool) {
	for kv != nil {
		if c, ok := kv.(T); ok {
			return c, true
		}
		u, ok := kv.(interface{ Unwrap() KV })
		if !ok {
			break
		}
		kv = u.Unwrap()
	}
	var zero T
	return zero, false
}

// Limiter is implemented by a store that several processes share (the
// Redis adapter), so that rate limits hold across replicas: the bot's
// 30 messages per second and per-chat limits.
type Limiter interface {
	// Admit counts one event in every window if each has had fewer than
	// its Limit events in the Span ending at now, and returns 0; otherwise
	// it counts nothing and returns how long until it would admit.
	Admit(ctx context.Context, now time.Time, windows ...Window) (time.Duration, error)
}

// Window is one limit of a Limiter: with Every zero, a sliding window of at
// most Limit events per Span; with Every set, a token bucket of Limit events
// at once and then one per Every (Span unused).
type Window struct {
	Key   string
	Limit int
	Span  time.Duration
	Every time.Duration
}

// LimiterOf returns the Limiter of kv, looking through wrappers as LeaserOf.
func LimiterOf(kv KV) (Limiter, bool) { return capability[Limiter](kv) }

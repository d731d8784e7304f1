// Package store defines the one storage contract that both store adapters
// (boltstore, the embedded default, and redisstore) implement: buckets of
// keys holding opaque bytes, with the few atomic operations the domain needs.
//
// Domain packages keep their own typed records (members, reports, deliveries)
// and encode them as JSON over this contract, so a new kind of record needs
// no change to either adapter, and export/import is a plain copy of buckets.
package store

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned by Get when the key does not exist (or has expired).
var ErrNotFound = errors.New("store: not found")

// ErrLocked is returned by Open when another process holds the embedded store.
var ErrLocked = errors.New("store: locked by another process")

// Item is one key and its value.
type Item struct {
	Key     string
	Value   []byte
	Expires time.Time // zero when the key never expires
}

// Entry is a value to store under a key of a bucket (KV.CreateAll).
type Entry struct {
	Bucket, Key string
	Value       []byte
}

// KV is the storage contract. Bucket and key are non-empty printable strings
// without NUL; keys sort bytewise. Every method is safe for concurrent use,
// and for the Redis adapter also across processes.
type KV interface {
	// Get returns the value of key, or ErrNotFound.
	Get(ctx context.Context, bucket, key string) ([]byte, error)
	// Put stores value under key, replacing any previous value (and
	// clearing any expiry), durably.
	Put(ctx context.Context, bucket, key string, value []byte) error
	// Delete removes key; deleting an absent key is not an error.
	Delete(ctx context.Context, bucket, key string) error
	// Create stores value only if key is absent (or expired) and reports
	// whether it did. ttl > 0 makes the key expire; 0 keeps it forever.
	// It is the primitive for claims and de-duplication: of several
	// concurrent Creates of one key, exactly one reports true.
	Create(ctx context.Context, bucket, key string, value []byte, ttl time.Duration) (bool, error)
	// CreateAll stores every entry, each expiring after ttl (0: never), only
	// if none of their keys exists (or has expired), and reports whether it
	// did: all are stored or none, atomically. It is Create over several
	// keys, for a claim that must be recorded together with its index entry;
	// of several concurrent CreateAll sharing a key, at most one reports
	// true. A key given twice keeps its last value.
	CreateAll(ctx context.Context, ttl time.Duration, entries ...Entry) (bool, error)
	// Replace stores value under key only if the key exists (and has not
	// expired), keeping its expiry, and reports whether it did. It is
	// Update for a value that does not depend on the old one: one step, no
	// retries.
	Replace(ctx context.Context, bucket, key string, value []byte) (bool, error)
	// Update atomically reads key, calls fn with the current value (nil and
	// exists=false when absent) and stores what fn returns. fn may be called
	// more than once (optimistic retries) and must not have side effects.
	// If fn returns an error, nothing is written and Update returns it.
	// If fn returns a nil value, the key is deleted. An expiry set by Create
	// is kept.
	Update(ctx context.Context, bucket, key string, fn func(old []byte, exists bool) ([]byte, error)) error
	// List returns every live key of bucket that starts with prefix, sorted by key.
	List(ctx context.Context, bucket, prefix string) ([]Item, error)
	// Append adds value to bucket under a new key that sorts after every key
	// Append gave before in that bucket (a zero-padded sequence number), and
	// returns that key. It is for logs: the audit log, revision history.
	Append(ctx context.Context, bucket string, value []byte) (string, error)
	// Buckets lists the buckets that hold at least one key, sorted.
	Buckets(ctx context.Context) ([]string, error)
	// Txn runs fn as one serializable transaction over any keys of any
	// buckets: fn's reads see the store as of one instant plus fn's own
	// writes, and its writes are stored all together or not at all. If fn
	// returns an error, nothing is written and Txn returns that error as it
	// is. fn may run more than once (an adapter retries when another writer
	// changed what fn read), so it must set its results afresh on each run
	// and have no effect outside tx; it must not call kv itself, nor use tx
	// after returning or from another goroutine. When a transaction keeps
	// conflicting, Txn gives up with an error wrapping ErrConflict.
	Txn(ctx context.Context, fn func(tx Tx) error) error
	Close() error
}

// Tx is the store inside a transaction (KV.Txn). Its methods behave as the
// KV methods of the same name, inside the transaction's context.
type Tx interface {
	Get(bucket, key string) ([]byte, error)
	Put(bucket, key string, value []byte) error
	Delete(bucket, key string) error
	Create(bucket, key string, value []byte, ttl time.Duration) (bool, error)
	List(bucket, prefix string) ([]Item, error)
	// Buckets lists the buckets that hold at least one key, sorted.
	Buckets() ([]string, error)
}

// ErrConflict is wrapped by the error of a transaction that gave up after
// conflicting with other writers too many times in a row.
var ErrConflict = errors.New("store: transaction kept conflicting with other writers")

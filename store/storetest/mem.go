package storetest

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
)

// Mem is an in-memory store.KV for the tests of the packages built on
// store.KV. It passes the contract suite (TestMemContract), so a test on Mem
// stands on the same semantics as the real adapters, without their disk or
// network; keys expire on the clock given to NewMem, so a test on a fake
// clock can age claims and invites without sleeping.
type Mem struct {
	// Fail, when set, is called before each operation with its name
	// ("get", "put", "delete", "create" (also for each entry of CreateAll),
	// "replace", "update", "list", "append",
	// "buckets", and inside a transaction the same names plus "commit"),
	// the bucket and the key ("" for append, buckets and commit, the prefix
	// for list); a non-nil error is returned by that operation, which then
	// does nothing (a failed commit writes nothing of its transaction). It
	// lets a test inject storage failures.
	// Set it before the store is shared between goroutines; the hook is
	// called without Mem's lock held, so it may block or use the store.
	Fail func(op, bucket, key string) error

	clock clock.Clock

	mu      sync.Mutex
	buckets map[string]map[string]store.Item
	seq     map[string]uint64 // highest sequence key per bucket, for Append
	ver     map[string]uint64 // bumped by every write to a bucket, for Txn
}

// NewMem returns an empty store whose keys expire on c (the wall clock when
// c is nil).
func NewMem(c clock.Clock) *Mem {
	if c == nil {
		c = clock.Real{}
	}
	return &Mem{clock: c, buckets: map[string]map[string]store.Item{}, seq: map[string]uint64{}, ver: map[string]uint64{}}
}

// check applies what every operation checks first: the context, the names
// the real adapters reject, and the injected failure.
func (m *Mem) check(ctx context.Context, op, bucket, key string, needKey bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if bucket == "" || (needKey && key == "") {
		return fmt.Errorf("storetest: empty bucket or key (%q, %q)", bucket, key)
	}
	if strings.IndexByte(bucket, 0) >= 0 || strings.IndexByte(key, 0) >= 0 {
		return fmt.Errorf("storetest: NUL in bucket or key (%q, %q)", bucket, key)
	}
	if m.Fail != nil {
		return m.Fail(op, bucket, key)
	}
	return nil
}

// live returns the item under key if it has not expired, dropping it if it
// has; the caller holds mu.
func (m *Mem) live(bucket, key string) (store.Item, bool) {
	it, ok := m.buckets[bucket][key]
	if !ok {
		return store.Item{}, false
	}
	if !it.Expires.IsZero() && !m.clock.Now().Before(it.Expires) {
		delete(m.buckets[bucket], key)
		return store.Item{}, false
	}
	return it, true
}

// set stores a copy of it; the caller holds mu. A key that looks like an
// Append sequence number (say, from an import) moves the sequence past it,
// so later Appends still sort last.
func (m *Mem) set(bucket string, it store.Item) {
	if m.buckets[bucket] == nil {
		m.buckets[bucket] = map[string]store.Item{}
		m.ver[bucketSet]++
	}
	it.Value = bytes.Clone(it.Value)
	if it.Value == nil {
		it.Value = []byte{}
	}
	m.buckets[bucket][it.Key] = it
	m.ver[bucket]++
	if len(it.Key) == seqLen {
		if n, err := strconv.ParseUint(it.Key, 10, 64); err == nil && n > m.seq[bucket] {
			m.seq[bucket] = n
		}
	}
}

// bucketSet is the version key of the set of buckets (NUL cannot start a
// bucket name).
const bucketSet = "\x00buckets"

// seqLen is the width of the zero-padded keys Append makes, as the real
// adapters do.
const seqLen = 20

// Get implements store.KV.
func (m *Mem) Get(ctx context.Context, bucket, key string) ([]byte, error) {
	if err := m.check(ctx, "get", bucket, key, true); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.live(bucket, key)
	if !ok {
		return nil, store.ErrNotFound
	}
	return bytes.Clone(it.Value), nil
}

// Put implements store.KV.
func (m *Mem) Put(ctx context.Context, bucket, key string, value []byte) error {
	if err := m.check(ctx, "put", bucket, key, true); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.set(bucket, store.Item{Key: key, Value: value})
	return nil
}

// Delete implements store.KV.
func (m *Mem) Delete(ctx context.Context, bucket, key string) error {
	if err := m.check(ctx, "delete", bucket, key, true); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.del(bucket, key)
	return nil
}

// del deletes key; the caller holds mu.
func (m *Mem) del(bucket, key string) {
	if _, ok := m.buckets[bucket][key]; ok {
		delete(m.buckets[bucket], key)
		m.ver[bucket]++
	}
}

// Create implements store.KV; ttl counts on the store's clock.
func (m *Mem) Create(ctx context.Context, bucket, key string, value []byte, ttl time.Duration) (bool, error) {
	if err := m.check(ctx, "create", bucket, key, true); err != nil {
		return false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.live(bucket, key); ok {
		return false, nil
	}
	it := store.Item{Key: key, Value: value}
	if ttl > 0 {
		it.Expires = m.clock.Now().Add(ttl)
	}
	m.set(bucket, it)
	return true, nil
}

// CreateAll implements store.KV; ttl counts on the store's clock.
func (m *Mem) CreateAll(ctx context.Context, ttl time.Duration, entries ...store.Entry) (bool, error) {
	for _, e := range entries {
		if err := m.check(ctx, "create", e.Bucket, e.Key, true); err != nil {
			return false, err
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range entries {
		if _, ok := m.live(e.Bucket, e.Key); ok {
			return false, nil
		}
	}
	var exp time.Time
	if ttl > 0 {
		exp = m.clock.Now().Add(ttl)
	}
	for _, e := range entries {
		m.set(e.Bucket, store.Item{Key: e.Key, Value: e.Value, Expires: exp})
	}
	return true, nil
}

// Replace implements store.KV.
func (m *Mem) Replace(ctx context.Context, bucket, key string, value []byte) (bool, error) {
	if err := m.check(ctx, "replace", bucket, key, true); err != nil {
		return false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.live(bucket, key)
	if !ok {
		return false, nil
	}
	m.set(bucket, store.Item{Key: key, Value: value, Expires: it.Expires})
	return true, nil
}

// Update implements store.KV. fn runs under the store's lock, exactly once,
// so it must not call back into the store.
func (m *Mem) Update(ctx context.Context, bucket, key string, fn func(old []byte, exists bool) ([]byte, error)) error {
	if err := m.check(ctx, "update", bucket, key, true); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.live(bucket, key)
	var old []byte
	if ok {
		old = bytes.Clone(it.Value)
	}
	nv, err := fn(old, ok)
	if err != nil {
		return err
	}
	if nv == nil {
		m.del(bucket, key)
		return nil
	}
	m.set(bucket, store.Item{Key: key, Value: nv, Expires: it.Expires})
	return nil
}

// List implements store.KV.
func (m *Mem) List(ctx context.Context, bucket, prefix string) ([]store.Item, error) {
	if err := m.check(ctx, "list", bucket, prefix, false); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.Item
	for k := range m.buckets[bucket] {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		if it, ok := m.live(bucket, k); ok {
			it.Value = bytes.Clone(it.Value)
			out = append(out, it)
		}
	}
	slices.SortFunc(out, func(a, b store.Item) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// Append implements store.KV.
func (m *Mem) Append(ctx context.Context, bucket string, value []byte) (string, error) {
	if err := m.check(ctx, "append", bucket, "", false); err != nil {
		return "", err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	key := fmt.Sprintf("%0*d", seqLen, m.seq[bucket]+1)
	m.set(bucket, store.Item{Key: key, Value: value})
	return key, nil
}

// Buckets implements store.KV.
func (m *Mem) Buckets(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if m.Fail != nil {
		if err := m.Fail("buckets", "", ""); err != nil {
			return nil, err
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for b, items := range m.buckets {
		for k := range items {
			if _, ok := m.live(b, k); ok {
				out = append(out, b)
				break
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// Close implements store.KV; a Mem needs no closing.
func (m *Mem) Close() error { return nil }

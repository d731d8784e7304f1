package storetest

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/store"
)

// memMaxTries bounds the optimistic retries of a Mem transaction. Every
// failed round means another writer committed, so the bound is only a guard
// against a livelock bug, as on the Redis adapter.
const memMaxTries = 10000

// Txn implements store.KV optimistically, as the Redis adapter does: fn
// runs without the store's lock, its reads record the version of each
// bucket they looked at, its writes stay in the transaction, and the commit
// applies them only if none of those buckets changed meanwhile; otherwise
// fn runs again. So a test on Mem also sees fn run more than once.
func (m *Mem) Txn(ctx context.Context, fn func(tx store.Tx) error) error {
	for range memMaxTries {
		if err := ctx.Err(); err != nil {
			return err
		}
		tx := &memTx{m: m, ctx: ctx, read: map[string]uint64{}, writes: map[string]map[string]*store.Item{}}
		err := fn(tx)
		tx.done = true
		if err != nil {
			if !tx.valid() {
				continue // fn decided on a view that has changed since
			}
			return err
		}
		ok, err := tx.commit()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
	}
	return fmt.Errorf("storetest: transaction: %w", store.ErrConflict)
}

type memTx struct {
	m      *Mem
	ctx    context.Context
	read   map[string]uint64                 // bucket → version when first read
	writes map[string]map[string]*store.Item // bucket → key → new item (nil: deleted)
	done   bool
}

func (t *memTx) check(op, bucket, key string, needKey bool) error {
	if t.done {
		return fmt.Errorf("storetest: %s on a finished transaction", op)
	}
	return t.m.check(t.ctx, op, bucket, key, needKey)
}

// observe records the version of bucket the first time the transaction
// reads it; the caller holds mu.
func (t *memTx) observe(bucket string) {
	if _, ok := t.read[bucket]; !ok {
		t.read[bucket] = t.m.ver[bucket]
	}
}

// validLocked reports whether no bucket read has changed; the caller holds mu.
func (t *memTx) validLocked() bool {
	for b, v := range t.read {
		if t.m.ver[b] != v {
			return false
		}
	}
	return true
}

func (t *memTx) valid() bool {
	t.m.mu.Lock()
	defer t.m.mu.Unlock()
	return t.validLocked()
}

func (t *memTx) commit() (bool, error) {
	if t.m.Fail != nil {
		if err := t.m.Fail("commit", "", ""); err != nil {
			return false, err
		}
	}
	t.m.mu.Lock()
	defer t.m.mu.Unlock()
	if !t.validLocked() {
		return false, nil
	}
	for b, ws := range t.writes {
		for k, it := range ws {
			if it == nil {
				t.m.del(b, k)
			} else {
				t.m.set(b, *it)
			}
		}
	}
	return true, nil
}

// own returns the transaction's own write of key, if any.
func (t *memTx) own(bucket, key string) (it *store.Item, written bool) {
	it, written = t.writes[bucket][key]
	return it, written
}

func (t *memTx) write(bucket, key string, it *store.Item) {
	if t.writes[bucket] == nil {
		t.writes[bucket] = map[string]*store.Item{}
	}
	t.writes[bucket][key] = it
}

// lookup returns the live item under key as the transaction sees it.
func (t *memTx) lookup(bucket, key string) (store.Item, bool) {
	if it, ok := t.own(bucket, key); ok {
		if it == nil || (!it.Expires.IsZero() && !t.m.clock.Now().Before(it.Expires)) {
			return store.Item{}, false
		}
		return *it, true
	}
	t.m.mu.Lock()
	defer t.m.mu.Unlock()
	t.observe(bucket)
	return t.m.live(bucket, key)
}

func (t *memTx) Get(bucket, key string) ([]byte, error) {
	if err := t.check("get", bucket, key, true); err != nil {
		return nil, err
	}
	it, ok := t.lookup(bucket, key)
	if !ok {
		return nil, store.ErrNotFound
	}
	return bytes.Clone(it.Value), nil
}

func (t *memTx) Put(bucket, key string, value []byte) error {
	if err := t.check("put", bucket, key, true); err != nil {
		return err
	}
	t.write(bucket, key, &store.Item{Key: key, Value: bytes.Clone(value)})
	return nil
}

func (t *memTx) Delete(bucket, key string) error {
	if err := t.check("delete", bucket, key, true); err != nil {
		return err
	}
	t.write(bucket, key, nil)
	return nil
}

func (t *memTx) Create(bucket, key string, value []byte, ttl time.Duration) (bool, error) {
	if err := t.check("create", bucket, key, true); err != nil {
		return false, err
	}
	if ttl < 0 {
		return false, fmt.Errorf("storetest: create %s/%s: negative ttl %v", bucket, key, ttl)
	}
	if _, ok := t.lookup(bucket, key); ok {
		return false, nil
	}
	it := &store.Item{Key: key, Value: bytes.Clone(value)}
	if ttl > 0 {
		it.Expires = t.m.clock.Now().Add(ttl)
	}
	t.write(bucket, key, it)
	return true, nil
}

func (t *memTx) List(bucket, prefix string) ([]store.Item, error) {
	if err := t.check("list", bucket, prefix, false); err != nil {
		return nil, err
	}
	t.m.mu.Lock()
	t.observe(bucket)
	seen := map[string]store.Item{}
	for k := range t.m.buckets[bucket] {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		if it, ok := t.m.live(bucket, k); ok {
			seen[k] = it
		}
	}
	t.m.mu.Unlock()
	now := t.m.clock.Now()
	for k, it := range t.writes[bucket] {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		if it == nil || (!it.Expires.IsZero() && !now.Before(it.Expires)) {
			delete(seen, k)
		} else {
			seen[k] = *it
		}
	}
	out := make([]store.Item, 0, len(seen))
	for _, it := range seen {
		it.Value = bytes.Clone(it.Value)
		out = append(out, it)
	}
	slices.SortFunc(out, func(a, b store.Item) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

func (t *memTx) Buckets() ([]string, error) {
	if t.done {
		return nil, fmt.Errorf("storetest: buckets on a finished transaction")
	}
	if err := t.ctx.Err(); err != nil {
		return nil, err
	}
	if t.m.Fail != nil {
		if err := t.m.Fail("buckets", "", ""); err != nil {
			return nil, err
		}
	}
	t.m.mu.Lock()
	t.observe(bucketSet)
	names := make([]string, 0, len(t.m.buckets)+len(t.writes))
	for b := range t.m.buckets {
		names = append(names, b)
	}
	t.m.mu.Unlock()
	for b := range t.writes {
		names = append(names, b)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	var out []string
	for _, b := range names {
		items, err := t.List(b, "") // records each bucket's version
		if err != nil {
			return nil, err
		}
		if len(items) > 0 {
			out = append(out, b)
		}
	}
	return out, nil
}

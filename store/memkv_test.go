package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

// memKV is an in-memory store.KV for the backup tests (fast enough to fuzz).
// It passes the contract suite, so the backup tests stand on a real store.
type memKV struct {
	mu      sync.Mutex
	now     func() time.Time
	buckets map[string]map[string]store.Item
	seq     map[string]uint64
}

func newMemKV(now func() time.Time) *memKV {
	return &memKV{now: now, buckets: map[string]map[string]store.Item{}, seq: map[string]uint64{}}
}

func TestMemKVContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.KV { return newMemKV(time.Now) })
}

func (m *memKV) check(ctx context.Context, bucket, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if bucket == "" || key == "" || strings.ContainsRune(bucket+key, 0) {
		return errors.New("memkv: bad name")
	}
	return nil
}

// live returns the live item; the caller holds mu.
func (m *memKV) live(bucket, key string) (store.Item, bool) {
	it, ok := m.buckets[bucket][key]
	if !ok || (!it.Expires.IsZero() && !m.now().Before(it.Expires)) {
		return store.Item{}, false
	}
	return it, true
}

func (m *memKV) set(bucket string, it store.Item) {
	if m.buckets[bucket] == nil {
		m.buckets[bucket] = map[string]store.Item{}
	}
	it.Value = bytes.Clone(it.Value)
	if it.Value == nil {
		it.Value = []byte{}
	}
	m.buckets[bucket][it.Key] = it
}

func (m *memKV) Get(ctx context.Context, bucket, key string) ([]byte, error) {
	if err := m.check(ctx, bucket, key); err != nil {
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

func (m *memKV) Put(ctx context.Context, bucket, key string, value []byte) error {
	if err := m.check(ctx, bucket, key); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.set(bucket, store.Item{Key: key, Value: value})
	return nil
}

func (m *memKV) Delete(ctx context.Context, bucket, key string) error {
	if err := m.check(ctx, bucket, key); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.buckets[bucket], key)
	return nil
}

func (m *memKV) Create(ctx context.Context, bucket, key string, value []byte, ttl time.Duration) (bool, error) {
	if err := m.check(ctx, bucket, key); err != nil {
		return false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.live(bucket, key); ok {
		return false, nil
	}
	it := store.Item{Key: key, Value: value}
	if ttl > 0 {
		it.Expires = m.now().Add(ttl)
	}
	m.set(bucket, it)
	return true, nil
}

func (m *memKV) Update(ctx context.Context, bucket, key string, fn func([]byte, bool) ([]byte, error)) error {
	if err := m.check(ctx, bucket, key); err != nil {
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
		delete(m.buckets[bucket], key)
		return nil
	}
	m.set(bucket, store.Item{Key: key, Value: nv, Expires: it.Expires})
	return nil
}

func (m *memKV) List(ctx context.Context, bucket, prefix string) ([]store.Item, error) {
	if err := m.check(ctx, bucket, "-"); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.Item
	for k := range m.buckets[bucket] {
		if it, ok := m.live(bucket, k); ok && strings.HasPrefix(k, prefix) {
			it.Value = bytes.Clone(it.Value)
			out = append(out, it)
		}
	}
	slices.SortFunc(out, func(a, b store.Item) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

func (m *memKV) Append(ctx context.Context, bucket string, value []byte) (string, error) {
	if err := m.check(ctx, bucket, "-"); err != nil {
		return "", err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq[bucket]++
	for k := range m.buckets[bucket] {
		if n, err := strconv.ParseUint(k, 10, 64); err == nil && len(k) == 20 && n >= m.seq[bucket] {
			m.seq[bucket] = n + 1
		}
	}
	key := fmt.Sprintf("%020d", m.seq[bucket])
	m.set(bucket, store.Item{Key: key, Value: value})
	return key, nil
}

func (m *memKV) Buckets(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
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

func (m *memKV) Close() error { return nil }

package org

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
)

// memKV is an in-memory store.KV for tests, expiring keys on the test clock.
type memKV struct {
	mu    sync.Mutex
	clock clock.Clock
	data  map[string]map[string]store.Item
	seq   map[string]int
	fail  func(op, bucket, key string) error // injected failures
}

func newMemKV(c clock.Clock) *memKV {
	return &memKV{clock: c, data: map[string]map[string]store.Item{}, seq: map[string]int{}}
}

func (m *memKV) check(op, bucket, key string) error {
	if m.fail != nil {
		return m.fail(op, bucket, key)
	}
	return nil
}

func (m *memKV) live(bucket, key string) (store.Item, bool) {
	it, ok := m.data[bucket][key]
	if !ok || (!it.Expires.IsZero() && !m.clock.Now().Before(it.Expires)) {
		return store.Item{}, false
	}
	return it, true
}

func (m *memKV) set(bucket string, it store.Item) {
	if m.data[bucket] == nil {
		m.data[bucket] = map[string]store.Item{}
	}
	it.Value = append([]byte(nil), it.Value...)
	m.data[bucket][it.Key] = it
}

func (m *memKV) Get(ctx context.Context, bucket, key string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check("get", bucket, key); err != nil {
		return nil, err
	}
	it, ok := m.live(bucket, key)
	if !ok {
		return nil, store.ErrNotFound
	}
	return append([]byte(nil), it.Value...), nil
}

func (m *memKV) Put(ctx context.Context, bucket, key string, value []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check("put", bucket, key); err != nil {
		return err
	}
	m.set(bucket, store.Item{Key: key, Value: value})
	return nil
}

func (m *memKV) Delete(ctx context.Context, bucket, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check("delete", bucket, key); err != nil {
		return err
	}
	delete(m.data[bucket], key)
	return nil
}

func (m *memKV) Create(ctx context.Context, bucket, key string, value []byte, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check("create", bucket, key); err != nil {
		return false, err
	}
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

func (m *memKV) Update(ctx context.Context, bucket, key string, fn func(old []byte, exists bool) ([]byte, error)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check("update", bucket, key); err != nil {
		return err
	}
	it, ok := m.live(bucket, key)
	var old []byte
	if ok {
		old = append([]byte(nil), it.Value...)
	}
	nv, err := fn(old, ok)
	if err != nil {
		return err
	}
	if nv == nil {
		delete(m.data[bucket], key)
		return nil
	}
	it.Key, it.Value = key, nv
	m.set(bucket, it)
	return nil
}

func (m *memKV) List(ctx context.Context, bucket, prefix string) ([]store.Item, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check("list", bucket, prefix); err != nil {
		return nil, err
	}
	var out []store.Item
	for k := range m.data[bucket] {
		if it, ok := m.live(bucket, k); ok && strings.HasPrefix(k, prefix) {
			it.Value = append([]byte(nil), it.Value...)
			out = append(out, it)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

func (m *memKV) Append(ctx context.Context, bucket string, value []byte) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq[bucket]++
	key := fmt.Sprintf("%020d", m.seq[bucket])
	m.set(bucket, store.Item{Key: key, Value: value})
	return key, nil
}

func (m *memKV) Buckets(ctx context.Context) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for b, items := range m.data {
		if len(items) > 0 {
			out = append(out, b)
		}
	}
	sort.Strings(out)
	return out, nil
}

func (m *memKV) Close() error { return nil }

func (m *memKV) count(bucket string) int {
	items, _ := m.List(context.Background(), bucket, "")
	return len(items)
}

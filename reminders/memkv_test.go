package reminders

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/thiduabot/thiduabot/store"
)

// memKV is an in-memory store.KV for the tests of this package: one mutex
// makes Create and Update atomic, as the real adapters are.
type memKV struct {
	mu      sync.Mutex
	buckets map[string]map[string][]byte
	seq     int
}

func newMemKV() *memKV { return &memKV{buckets: map[string]map[string][]byte{}} }

func (m *memKV) bucket(b string) map[string][]byte {
	if m.buckets[b] == nil {
		m.buckets[b] = map[string][]byte{}
	}
	return m.buckets[b]
}

func (m *memKV) Get(_ context.Context, b, k string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.bucket(b)[k]
	if !ok {
		return nil, store.ErrNotFound
	}
	return append([]byte(nil), v...), nil
}

func (m *memKV) Put(_ context.Context, b, k string, v []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.bucket(b)[k] = append([]byte(nil), v...)
	return nil
}

func (m *memKV) Delete(_ context.Context, b, k string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.bucket(b), k)
	return nil
}

func (m *memKV) Create(_ context.Context, b, k string, v []byte, _ time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.bucket(b)[k]; ok {
		return false, nil
	}
	m.bucket(b)[k] = append([]byte(nil), v...)
	return true, nil
}

func (m *memKV) Update(_ context.Context, b, k string, fn func([]byte, bool) ([]byte, error)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	old, ok := m.bucket(b)[k]
	nv, err := fn(append([]byte(nil), old...), ok)
	if err != nil {
		return err
	}
	if nv == nil {
		delete(m.bucket(b), k)
		return nil
	}
	m.bucket(b)[k] = append([]byte(nil), nv...)
	return nil
}

func (m *memKV) List(_ context.Context, b, prefix string) ([]store.Item, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.Item
	for k, v := range m.bucket(b) {
		if strings.HasPrefix(k, prefix) {
			out = append(out, store.Item{Key: k, Value: append([]byte(nil), v...)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

func (m *memKV) Append(_ context.Context, b string, v []byte) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq++
	k := fmt.Sprintf("%020d", m.seq)
	m.bucket(b)[k] = append([]byte(nil), v...)
	return k, nil
}

func (m *memKV) Buckets(context.Context) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for b, kv := range m.buckets {
		if len(kv) > 0 {
			out = append(out, b)
		}
	}
	sort.Strings(out)
	return out, nil
}

func (m *memKV) Close() error { return nil }

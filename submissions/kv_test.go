package submissions

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
)

// memKV is an in-memory store.KV: one mutex makes Create and Update atomic,
// as the real adapters are.
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
	var in []byte
	if ok {
		in = append([]byte(nil), old...)
	}
	nv, err := fn(in, ok)
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
	for b, keys := range m.buckets {
		if len(keys) > 0 {
			out = append(out, b)
		}
	}
	sort.Strings(out)
	return out, nil
}

func (m *memKV) Close() error { return nil }

// eachStore runs fn over the in-memory fake and the embedded store.
func eachStore(t *testing.T, fn func(t *testing.T, kv store.KV)) {
	t.Helper()
	t.Run("mem", func(t *testing.T) { fn(t, newMemKV()) })
	t.Run("bolt", func(t *testing.T) {
		db, err := boltstore.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		fn(t, db)
	})
}

var vn = mustLoc("Asia/Ho_Chi_Minh")

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("ICT", 7*3600)
	}
	return l
}

// testCalendar: data due on the 5th of the next month at 17:00, locked
// three days later, like the demo calendar without its holiday shifts.
var testCalendar = CalendarFunc(func(cluster string, year int, month time.Month) (time.Time, time.Time) {
	d := time.Date(year, month+1, 5, 17, 0, 0, 0, vn)
	return d, d.AddDate(0, 0, 3)
})

func at(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, vn) }

type fixture struct {
	kv     store.KV
	clk    *clock.Fake
	rs     *Reports
	drafts *Drafts
}

func newFixture(kv store.KV, now time.Time) *fixture {
	clk := clock.NewFake(now)
	return &fixture{kv: kv, clk: clk, rs: NewReports(kv, clk, testCalendar, vn), drafts: NewDrafts(kv, clk)}
}

var (
	focalA = Actor{UserID: 101, Name: "Nguyễn Văn An", Role: RoleFocal}
	focalB = Actor{UserID: 102, Name: "Trần Thị Bình", Role: RoleFocal}
	chair  = Actor{UserID: 201, Name: "Lê Văn Cường", Role: RoleChair}
)

package calendar

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
	"github.com/thiduabot/thiduabot/telegramtest"
)

func TestReplicaWritesSeenBolt(t *testing.T)  { testReplicaWritesSeen(t, nil) }
func TestReplicaWritesSeenRedis(t *testing.T) { testReplicaWritesSeen(t, bottest.Redis(t)) }

// testReplicaWritesSeen: the runner keeps its state between ticks, and
// writes made through other instances over the same store (as another
// replica on one Redis makes them) are seen by its next tick: a report
// confirmed, a focal point bound, a reminder marked done.
func testReplicaWritesSeen(t *testing.T, kv store.KV) {
	h := newHarness(t, kv, t2October.Add(-10*time.Minute))
	if got := h.tickAt(t2October.Add(-10 * time.Minute)); len(got) != 0 {
		t.Fatalf("first tick before 08:00 sent %v", got)
	}
	ctx := context.Background()
	// The other replica: its own records' instances over the same store.
	h.confirm("ninh_binh", 2026, time.October)
	uNew := telegramtest.User{ID: 30, FirstName: "Hoa"}
	if _, err := org.NewMembers(h.KV, h.Clock).Bind(ctx, org.Member{UserID: uNew.ID, Name: "Hoa", Role: org.RoleFocal,
		Cluster: "cum5", Unit: "quang_ninh"}, 0); err != nil {
		t.Fatal(err)
	}
	other := reminders.NewKVStore(h.KV)
	target := "submission/2026-10/bac_ninh"
	if err := other.Remember(ctx, target); err != nil {
		t.Fatal(err)
	}
	if err := other.MarkDone(ctx, reminders.Ref(target), uFocalBN.ID, h.Clock.Now()); err != nil {
		t.Fatal(err)
	}

	got := h.tickAt(t2October.Add(30 * time.Second))
	if len(got) != 1 || len(got[uNew.ID]) != 1 {
		t.Fatalf("08:00 tick sent %v, want the reminder to Quảng Ninh's new focal point only", got)
	}
	bottest.MustContain(t, got[uNew.ID][0], "tháng 10/2026")
}

// countingKV counts the calls made to a store, by method and bucket.
type countingKV struct {
	store.KV
	mu    sync.Mutex
	calls map[string]int // "List reminder_done" → count
}

func (c *countingKV) count(op, bucket string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[op+" "+bucket]++
}

func (c *countingKV) reset() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.calls
	c.calls = map[string]int{}
	return out
}

func (c *countingKV) Get(ctx context.Context, bucket, key string) ([]byte, error) {
	c.count("Get", bucket)
	return c.KV.Get(ctx, bucket, key)
}

func (c *countingKV) List(ctx context.Context, bucket, prefix string) ([]store.Item, error) {
	c.count("List", bucket)
	return c.KV.List(ctx, bucket, prefix)
}

func (c *countingKV) Update(ctx context.Context, bucket, key string, fn func(old []byte, exists bool) ([]byte, error)) error {
	c.count("Update", bucket)
	return c.KV.Update(ctx, bucket, key, fn)
}

func (c *countingKV) Txn(ctx context.Context, fn func(tx store.Tx) error) error {
	c.count("Txn", "")
	return c.KV.Txn(ctx, fn)
}

// TestCachedTickReadsVersionsOnly: once the state is loaded, a tick with
// nothing changed reads the version tokens and its cursor, and lists no
// bucket of records; a write then reloads the part it changed only.
func TestCachedTickReadsVersionsOnly(t *testing.T) {
	cfg, err := configdir.Demo()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	clk := clock.NewFake(t2October.Add(-time.Hour))
	kv := &countingKV{KV: storetest.NewMem(clk), calls: map[string]int{}}
	ms := org.NewMembers(kv, clk)
	if _, err := ms.Bind(ctx, org.Member{UserID: 20, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "bac_ninh"}, 0); err != nil {
		t.Fatal(err)
	}
	cache := NewStateCache(kv, cfg.Org, cfg.Calendar, ms, clk, nil, "")
	var sent []reminders.Delivery
	r := &reminders.Runner{Calendar: cfg.Calendar, State: cache.State, Store: reminders.NewKVStore(kv), Clock: clk,
		Notifier: notifierFunc(func(d reminders.Delivery) { sent = append(sent, d) })}
	tick := func() map[string]int {
		t.Helper()
		kv.reset()
		if _, err := r.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		return kv.reset()
	}
	first := tick()
	if first["List members"] == 0 || first["List reminder_done"] == 0 {
		t.Fatalf("first tick read %v: want the members and done marks listed", first)
	}
	clk.Advance(time.Minute)
	second := tick()
	for k := range second {
		if k != "List "+store.VersionBucket && k != "Get reminder_meta" && k != "Update reminder_meta" {
			t.Errorf("cached tick called %s %d times; want only the versions listed and the cursor read and moved", k, second[k])
		}
	}
	if second["List "+store.VersionBucket] != 1 {
		t.Errorf("cached tick listed the versions %d times, want once", second["List "+store.VersionBucket])
	}

	// A snooze elsewhere: the next tick reads the reminders' records again,
	// not the members.
	other := reminders.NewKVStore(kv)
	target := "submission/2026-10/bac_ninh"
	if err := other.Remember(ctx, target); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Snooze(ctx, reminders.Ref(target), clk.Now()); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	third := tick()
	if third["List reminder_snoozes"] != 1 || third["List members"] != 0 {
		t.Errorf("tick after a snooze read %v: want the snoozes listed again, the members not", third)
	}

	// The 08:00 reminder still goes out from the cached state.
	clk.Set(t2October.Add(30 * time.Second))
	tick()
	if len(sent) != 1 || sent[0].To.ChatID != 20 {
		t.Fatalf("08:00 tick sent %v, want Bắc Ninh's reminder", sent)
	}
	if slices.ContainsFunc(sent, func(d reminders.Delivery) bool { return d.Late }) {
		t.Errorf("reminder marked late: %v", sent)
	}
}

type notifierFunc func(d reminders.Delivery)

func (f notifierFunc) Notify(_ context.Context, d reminders.Delivery) (reminders.Outcome, error) {
	f(d)
	return reminders.Sent, nil
}

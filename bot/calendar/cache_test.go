package calendar

import (
	"context"
	"fmt"
	"slices"
	"strings"
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
	"github.com/thiduabot/thiduabot/submissions"
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

// countingKV counts the calls made to a store, by method and bucket, and
// remembers the keys and prefixes read.
type countingKV struct {
	store.KV
	mu    sync.Mutex
	calls map[string]int // "List reminder_done" → count
	reads []string       // "Get submissions report/c1/2026-10/c1u0", "List submissions reportver/"
	// afterList, when set, runs after each List returned.
	afterList func(bucket, prefix string)
}

func (c *countingKV) count(op, bucket, key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[op+" "+bucket]++
	if op == "Get" || op == "List" {
		c.reads = append(c.reads, op+" "+bucket+" "+key)
	}
}

func (c *countingKV) reset() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.calls
	c.calls, c.reads = map[string]int{}, nil
	return out
}

// readsSince returns the reads since the last reset, and resets.
func (c *countingKV) readsSince() []string {
	c.mu.Lock()
	out := c.reads
	c.mu.Unlock()
	c.reset()
	return out
}

func (c *countingKV) Get(ctx context.Context, bucket, key string) ([]byte, error) {
	c.count("Get", bucket, key)
	return c.KV.Get(ctx, bucket, key)
}

func (c *countingKV) List(ctx context.Context, bucket, prefix string) ([]store.Item, error) {
	c.count("List", bucket, prefix)
	items, err := c.KV.List(ctx, bucket, prefix)
	if c.afterList != nil {
		c.afterList(bucket, prefix)
	}
	return items, err
}

func (c *countingKV) Update(ctx context.Context, bucket, key string, fn func(old []byte, exists bool) ([]byte, error)) error {
	c.count("Update", bucket, key)
	return c.KV.Update(ctx, bucket, key, fn)
}

func (c *countingKV) Txn(ctx context.Context, fn func(tx store.Tx) error) error {
	c.count("Txn", "", "")
	return c.KV.Txn(ctx, fn)
}

// TestTickReadsChangedClustersOnly: at 1,000 units, a tick after a report
// write in one cluster reads that cluster's reports and no other's (the
// confirmed ones of the year written, the reopened ones), a tick whose
// window moved on reads no report it holds, and each acts on what changed.
func TestTickReadsChangedClustersOnly(t *testing.T) {
	ctx := context.Background()
	now := hanoi(2026, 11, 5, 8, 0, 30) // October's deadline day
	base, o, cal, ms, clk := tickFixture(t, "mem", now)
	kv := &countingKV{KV: base, calls: map[string]int{}}
	cache := NewStateCache(kv, o, cal, ms, clk, nil, "")
	other := submissions.NewReports(base, clk, cal, cal.Location) // another replica's
	october := submissions.Period{Year: 2026, Month: time.October}
	december := submissions.Period{Year: 2025, Month: time.December}
	load := func() *reminders.Snapshot {
		t.Helper()
		snap, err := cache.Load(ctx, clk.Now().Add(-6*time.Hour), clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		return snap
	}
	load()

	for _, tc := range []struct {
		name    string
		write   func() error
		advance time.Duration
		allowed []string // prefixes of the submissions reads allowed
		want    string   // a prefix read at least once ("": none)
		check   func(*reminders.Snapshot) string
	}{
		{
			name: "confirmation in c7",
			write: func() error {
				_, err := other.Confirm(ctx, submissions.Confirmation{Cluster: "c7", Unit: "c7u3", Period: october,
					By: submissions.Actor{UserID: 1, Name: "Đầu mối", Role: submissions.RoleFocal}})
				return err
			},
			advance: time.Minute,
			allowed: []string{"List submissions reportver/", "Get submissions report/c7/2026-", "List submissions openunlock/c7/"},
			want:    "Get submissions report/c7/2026-10/",
			check: func(s *reminders.Snapshot) string {
				if !s.Confirmed("c7u3", 2026, time.October) || s.Confirmed("c7u2", 2026, time.October) {
					return "want c7u3 confirmed for October, c7u2 not"
				}
				return ""
			},
		},
		{
			name:    "window moves on",
			write:   func() error { return nil },
			advance: 3 * time.Hour,
			check: func(s *reminders.Snapshot) string {
				if !s.Confirmed("c7u3", 2026, time.October) {
					return "want c7u3 still confirmed for October"
				}
				return ""
			},
		},
		{
			name: "December 2025 reopened in c9",
			write: func() error {
				_, err := other.Unlock(ctx, "c9", "c9u1", december, submissions.Actor{UserID: 2, Name: "Cụm trưởng", Role: submissions.RoleChair},
					hanoi(2026, 11, 10, 0, 0, 0))
				return err
			},
			advance: time.Minute,
			allowed: []string{"List submissions reportver/", "Get submissions report/c9/2025-", "List submissions openunlock/c9/"},
			want:    "List submissions openunlock/c9/",
			check: func(s *reminders.Snapshot) string {
				if len(s.Reopened) != 1 || s.Reopened[0].Unit != "c9u1" || s.Reopened[0].Month != time.December {
					return fmt.Sprintf("reopened %v, want c9u1's December", s.Reopened)
				}
				return ""
			},
		},
	} {
		if err := tc.write(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		kv.reset()
		clk.Advance(tc.advance)
		snap := load()
		seen := false
		for _, r := range kv.readsSince() {
			if !strings.Contains(r, " "+submissions.Bucket+" ") {
				continue
			}
			if !slices.ContainsFunc(tc.allowed, func(p string) bool { return strings.HasPrefix(r, p) }) {
				t.Errorf("%s: tick read %q; want only %q", tc.name, r, tc.allowed)
			}
			seen = seen || tc.want != "" && strings.HasPrefix(r, tc.want)
		}
		if !seen && tc.want != "" {
			t.Errorf("%s: tick never read %q", tc.name, tc.want)
		}
		if msg := tc.check(snap); msg != "" {
			t.Errorf("%s: %s", tc.name, msg)
		}
	}

	// A confirmation in c3 lands after the tick listed the tokens (on a
	// write in c7): the tick may miss it, the next one reads it.
	confirm := func(cluster, unit string) {
		t.Helper()
		if _, err := other.Confirm(ctx, submissions.Confirmation{Cluster: cluster, Unit: unit, Period: october,
			By: submissions.Actor{UserID: 1, Name: "Đầu mối", Role: submissions.RoleFocal}}); err != nil {
			t.Fatal(err)
		}
	}
	confirm("c7", "c7u4")
	kv.afterList = func(bucket, prefix string) {
		if bucket == submissions.Bucket && prefix == "reportver/" {
			kv.afterList = nil
			confirm("c3", "c3u3")
		}
	}
	clk.Advance(time.Minute)
	if snap := load(); !snap.Confirmed("c7u4", 2026, time.October) {
		t.Error("tick after c7u4's confirmation: not confirmed")
	}
	clk.Advance(time.Minute)
	if snap := load(); !snap.Confirmed("c3u3", 2026, time.October) {
		t.Error("the tick after a confirmation that landed mid-tick: not confirmed")
	}
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

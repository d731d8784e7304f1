package submissions

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

// countingKV counts the reads of the submissions bucket and may run a hook
// after each Get (to slip a write in between two reads).
type countingKV struct {
	store.KV
	mu          sync.Mutex
	gets, lists int
	afterGet    func(key string)
}

func (c *countingKV) Get(ctx context.Context, bucket, key string) ([]byte, error) {
	b, err := c.KV.Get(ctx, bucket, key)
	c.mu.Lock()
	c.gets++
	hook := c.afterGet
	c.mu.Unlock()
	if hook != nil {
		hook(key)
	}
	return b, err
}

func (c *countingKV) List(ctx context.Context, bucket, prefix string) ([]store.Item, error) {
	c.mu.Lock()
	c.lists++
	c.mu.Unlock()
	return c.KV.List(ctx, bucket, prefix)
}

func (c *countingKV) reads() (gets, lists int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	g, l := c.gets, c.lists
	c.gets, c.lists = 0, 0
	return g, l
}

// TestValuesCacheReplicas: two repositories over one store stand for two
// replicas. A warm read is one Get of the version key; a confirmation or an
// unlock through the other replica is seen at the next read.
func TestValuesCacheReplicas(t *testing.T) {
	eachStore(t, func(t *testing.T, kv store.KV) {
		ctx := context.Background()
		table, _, _ := loadDemo(t)
		cs := CriteriaOf(table)
		ck := &countingKV{KV: kv}
		a := newFixture(ck, at(2026, 6, 2, 9, 0))
		b := newFixture(kv, at(2026, 6, 2, 9, 0))
		if _, err := b.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "phu_tho", Period: Period{2026, 5},
			Values: map[string]Entry{"thu_bhxh": val(3600)}, By: focalA, Criteria: cs}); err != nil {
			t.Fatal(err)
		}
		get := func(unit string) (float64, bool) {
			t.Helper()
			vs, err := a.rs.Values(ctx, "cum5", 2026, table)
			if err != nil {
				t.Fatal(err)
			}
			return vs.Get(unit, "thu_bhxh", 5)
		}
		if v, ok := get("phu_tho"); !ok || v != 3600 {
			t.Fatalf("cold read: %v %v, want 3600", v, ok)
		}
		ck.reads()
		if v, ok := get("phu_tho"); !ok || v != 3600 {
			t.Fatalf("warm read: %v %v, want 3600", v, ok)
		}
		if g, l := ck.reads(); g != 1 || l != 0 {
			t.Fatalf("warm read did %d gets and %d lists, want 1 get (the version key) and no list", g, l)
		}
		if _, err := b.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "phu_tho", Period: Period{2026, 5}, BaseVersion: 1,
			Values: map[string]Entry{"thu_bhxh": val(3700)}, By: focalA, Criteria: cs}); err != nil {
			t.Fatal(err)
		}
		if v, _ := get("phu_tho"); v != 3700 {
			t.Fatalf("after the other replica's confirmation: %v, want 3700", v)
		}
		// Another year of the cluster is not this year's business.
		b.clk.Set(at(2027, 2, 2, 9, 0))
		if _, err := b.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "phu_tho", Period: Period{2027, 1},
			Values: map[string]Entry{"thu_bhxh": val(1)}, By: focalA, Criteria: cs}); err != nil {
			t.Fatal(err)
		}
		ck.reads()
		get("phu_tho")
		if g, l := ck.reads(); g != 1 || l != 0 {
			t.Fatalf("read after a write to 2027: %d gets and %d lists, want 1 and 0", g, l)
		}
		// An unlock writes the report too (a new year's version).
		before, err := a.rs.Version(ctx, "cum5", 2026)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.rs.Unlock(ctx, "cum5", "bac_ninh", Period{2026, 5}, chair, at(2027, 3, 1, 0, 0)); err != nil {
			t.Fatal(err)
		}
		if after, _ := a.rs.Version(ctx, "cum5", 2026); after == before || after == "" {
			t.Fatalf("unlock left the version at %q", after)
		}
	})
}

// TestValuesCacheNeverOlder: a write that lands between the version read and
// the reports read is served (the figures are newer than their version,
// never older), and still served at the next read.
func TestValuesCacheNeverOlder(t *testing.T) {
	ctx := context.Background()
	table, _, _ := loadDemo(t)
	cs := CriteriaOf(table)
	kv := storetest.NewMem(nil)
	ck := &countingKV{KV: kv}
	a := newFixture(ck, at(2026, 6, 2, 9, 0))
	b := newFixture(kv, at(2026, 6, 2, 9, 0))
	confirm := func(base int, v float64) {
		t.Helper()
		if _, err := b.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "phu_tho", Period: Period{2026, 5}, BaseVersion: base,
			Values: map[string]Entry{"thu_bhxh": val(v)}, By: focalA, Criteria: cs}); err != nil {
			t.Fatal(err)
		}
	}
	confirm(0, 1)
	var once sync.Once
	ck.afterGet = func(key string) {
		if strings.HasPrefix(key, "reportver/") {
			once.Do(func() { confirm(1, 2) })
		}
	}
	for i := range 2 {
		vs, err := a.rs.Values(ctx, "cum5", 2026, table)
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := vs.Get("phu_tho", "thu_bhxh", 5); v != 2 {
			t.Fatalf("read %d: %v, want 2 (confirmed before the read returned)", i+1, v)
		}
	}
}

// TestMigrationBumpsVersions: an import (followed by MigrateReports) may
// bring reports under a version some process cached: migrating gives every
// year with reports a new one.
func TestMigrationBumpsVersions(t *testing.T) {
	ctx := context.Background()
	kv := storetest.NewMem(nil)
	f := newFixture(kv, at(2026, 6, 2, 9, 0))
	if _, err := f.rs.Confirm(ctx, confirmation("phu_tho", Period{2026, 5}, 0, focalA, map[string]Entry{"x": val(1)})); err != nil {
		t.Fatal(err)
	}
	before, _ := f.rs.Version(ctx, "cum5", 2026)
	if _, err := MigrateReports(ctx, kv); err != nil {
		t.Fatal(err)
	}
	if after, _ := f.rs.Version(ctx, "cum5", 2026); after == before {
		t.Fatalf("migration kept version %q", after)
	}
}

// TestVersionsList: Versions lists, with one List, the token every
// cluster's year has, as Version reads it one by one.
func TestVersionsList(t *testing.T) {
	eachStore(t, func(t *testing.T, kv store.KV) {
		ctx := context.Background()
		ck := &countingKV{KV: kv}
		f := newFixture(ck, at(2026, 6, 2, 9, 0))
		for _, p := range []Period{{2026, 5}, {2027, 1}} {
			f.clk.Set(at(p.Year, p.Month+1, 2, 9, 0))
			if _, err := f.rs.Confirm(ctx, confirmation("phu_tho", p, 0, focalA, map[string]Entry{"x": val(1)})); err != nil {
				t.Fatal(err)
			}
		}
		want := map[string]map[int]string{"cum5": {}}
		for _, y := range []int{2026, 2027} {
			v, err := f.rs.Version(ctx, "cum5", y)
			if err != nil || v == "" {
				t.Fatalf("Version(cum5, %d) = %q, %v", y, v, err)
			}
			want["cum5"][y] = v
		}
		ck.reads()
		got, err := f.rs.Versions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Versions = %v; want %v", got, want)
		}
		if g, l := ck.reads(); g != 0 || l != 1 {
			t.Errorf("Versions did %d gets and %d lists; want one list", g, l)
		}
	})
}

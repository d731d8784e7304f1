package submissions

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

// listingKV records the prefixes listed in the submissions bucket.
type listingKV struct {
	store.KV
	mu     sync.Mutex
	listed []string
}

func (l *listingKV) List(ctx context.Context, bucket, prefix string) ([]store.Item, error) {
	if bucket == Bucket {
		l.mu.Lock()
		l.listed = append(l.listed, prefix)
		l.mu.Unlock()
	}
	return l.KV.List(ctx, bucket, prefix)
}

// TestRecentReadsNoHistory: with three years of a cluster's reports stored,
// ConfirmedSince and OpenUnlocks list no reports, only the index entries of
// the months asked about, and still find what they must; the indexes are
// rebuilt by the migration that runs after every import.
func TestRecentReadsNoHistory(t *testing.T) {
	ctx := context.Background()
	kv := &listingKV{KV: storetest.NewMem(nil)}
	f := newFixture(kv, at(2024, 1, 2, 9, 0))
	for p := (Period{2024, 1}); p.Before(Period{2026, 10}); p = p.Next() {
		f.clk.Set(at(p.Year, p.Month, 28, 9, 0))
		for _, u := range []string{"bac_ninh", "phu_tho"} {
			if _, err := f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: u, Period: p, By: focalA}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// September 2026 of Quảng Ninh was never sent; the chair reopens it.
	f.clk.Set(at(2026, 10, 20, 9, 0))
	if _, err := f.rs.Unlock(ctx, "cum5", "quang_ninh", Period{2026, 9}, chair, at(2026, 10, 23, 0, 0)); err != nil {
		t.Fatal(err)
	}
	check := func(stage string) {
		t.Helper()
		kv.listed = nil
		recent, err := f.rs.ConfirmedSince(ctx, "cum5", at(2026, 9, 27, 0, 0))
		if err != nil || len(recent) != 2 || recent[0].Period != (Period{2026, 9}) {
			t.Errorf("%s: ConfirmedSince = %d reports, %v; want September's two", stage, len(recent), err)
		}
		open, err := f.rs.OpenUnlocks(ctx, "cum5", f.clk.Now())
		if err != nil || len(open) != 1 || open[0].Unit != "quang_ninh" {
			t.Errorf("%s: OpenUnlocks = %+v, %v; want Quảng Ninh's September", stage, open, err)
		}
		for _, p := range kv.listed {
			if strings.HasPrefix(p, "report/") || p == "confirmedat/cum5/" {
				t.Errorf("%s: listed %q: the cluster's history", stage, p)
			}
		}
		if len(kv.listed) != 3 { // September and October 2026, and the open unlocks
			t.Errorf("%s: listed %q, want three index prefixes", stage, kv.listed)
		}
	}
	check("as written")

	// A store from before the indexes: the migration writes them.
	for _, prefix := range []string{"confirmedat/", "openunlock/"} {
		items, err := kv.KV.List(ctx, Bucket, prefix)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if err := kv.KV.Delete(ctx, Bucket, it.Key); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n, err := MigrateReports(ctx, kv); err != nil || n == 0 {
		t.Fatalf("MigrateReports = %d, %v; want the indexes written", n, err)
	}
	check("migrated")

	// Confirming the reopened period takes it out of the open unlocks.
	if _, err := f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "quang_ninh", Period: Period{2026, 9}, By: focalA}); err != nil {
		t.Fatal(err)
	}
	if open, err := f.rs.OpenUnlocks(ctx, "cum5", f.clk.Now()); err != nil || len(open) != 0 {
		t.Errorf("after confirming: OpenUnlocks = %+v, %v; want none", open, err)
	}
}

// TestPruneOpenUnlocks: on the fake clock, an open-unlock entry stays while
// its window is open and is deleted once the window ended without a
// confirmation; a window a chair reopens while the pruning runs keeps its
// entry, and OpenUnlocks answers the same before and after.
func TestPruneOpenUnlocks(t *testing.T) {
	eachCompactStore(t, func(t *testing.T, kv store.KV) {
		ctx := context.Background()
		hooked := &countingKV{KV: kv}
		f := newFixture(hooked, at(2026, 10, 20, 9, 0))
		sep := Period{2026, 9}
		unlock := func(rs *Reports, unit string, until time.Time) {
			t.Helper()
			if _, err := rs.Unlock(ctx, "cum5", unit, sep, chair, until); err != nil {
				t.Fatal(err)
			}
		}
		unlock(f.rs, "bac_ninh", at(2026, 10, 23, 0, 0))   // ends, never confirmed
		unlock(f.rs, "phu_tho", at(2026, 11, 20, 0, 0))    // still open
		unlock(f.rs, "quang_ninh", at(2026, 10, 23, 0, 0)) // ends, reopened during the pruning
		unlock(f.rs, "ninh_binh", at(2026, 10, 23, 0, 0))  // confirmed in its window
		if _, err := f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "ninh_binh", Period: sep, By: focalA}); err != nil {
			t.Fatal(err)
		}
		entries := func() []string {
			t.Helper()
			items, err := kv.List(ctx, Bucket, "openunlock/")
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, it := range items {
				out = append(out, it.Key[strings.LastIndexByte(it.Key, '/')+1:])
			}
			return out
		}
		open := func() []string {
			t.Helper()
			rs, err := f.rs.OpenUnlocks(ctx, "cum5", f.clk.Now())
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rs {
				out = append(out, r.Unit)
			}
			return out
		}
		other := NewReports(kv, f.clk, testCalendar, vn) // a chair's replica
		for _, step := range []struct {
			name      string
			now       time.Time
			reunlock  bool // Quảng Ninh reopened once the pruning read its report
			want      int
			entries   []string
			openUnits []string
		}{
			{"windows open", at(2026, 10, 22, 23, 59), false, 0,
				[]string{"bac_ninh", "phu_tho", "quang_ninh"}, []string{"bac_ninh", "phu_tho", "quang_ninh"}},
			{"two ended, one reopened meanwhile", at(2026, 10, 23, 0, 0), true, 1,
				[]string{"phu_tho", "quang_ninh"}, []string{"phu_tho", "quang_ninh"}},
			{"again: nothing more", at(2026, 10, 23, 1, 0), false, 0,
				[]string{"phu_tho", "quang_ninh"}, []string{"phu_tho", "quang_ninh"}},
			{"all ended", at(2026, 11, 20, 0, 0), false, 2, nil, nil},
		} {
			f.clk.Set(step.now)
			before := open()
			if step.reunlock {
				var once sync.Once
				hooked.afterGet = func(key string) {
					if key == reportKey("cum5", "quang_ninh", sep) {
						once.Do(func() { unlock(other, "quang_ninh", at(2026, 10, 28, 0, 0)) })
					}
				}
			}
			n, err := f.rs.PruneOpenUnlocks(ctx, f.clk.Now())
			hooked.afterGet = nil
			if err != nil || n != step.want {
				t.Errorf("%s: PruneOpenUnlocks = %d, %v; want %d", step.name, n, err, step.want)
			}
			if got := entries(); !slices.Equal(got, step.entries) {
				t.Errorf("%s: entries %q; want %q", step.name, got, step.entries)
			}
			if got := open(); !slices.Equal(got, step.openUnits) {
				t.Errorf("%s: OpenUnlocks %q; want %q", step.name, got, step.openUnits)
			}
			if !step.reunlock {
				if after := open(); !slices.Equal(before, after) {
					t.Errorf("%s: OpenUnlocks %q before pruning, %q after", step.name, before, after)
				}
			}
		}
	})
}

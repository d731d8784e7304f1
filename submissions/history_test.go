package submissions

import (
	"context"
	"strings"
	"sync"
	"testing"

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

package submissions

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

// TestMigrateReports stores reports under the schema-1 keys, as a store or
// backup made before schema 2 holds them, and migrates them.
func TestMigrateReports(t *testing.T) {
	ctx := context.Background()
	kv := storetest.NewMem(nil)
	f := newFixture(kv, at(2027, 1, 2, 9, 0))
	var old []Report
	for _, p := range []Period{{2025, time.December}, {2026, time.January}, {2026, time.February}} {
		for _, unit := range []string{"bn", "nb"} {
			r := Report{Cluster: "cum5", Unit: unit, Period: p, Version: 1, Values: map[string]Entry{"c1": val(float64(p.Month))}}
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			if err := kv.Put(ctx, Bucket, "report/cum5/"+unit+"/"+p.String(), b); err != nil {
				t.Fatal(err)
			}
			old = append(old, r)
		}
	}
	if rs, err := f.rs.List(ctx, "cum5", 2026); err != nil || len(rs) != 0 {
		t.Fatalf("before migrating, List sees %d reports (%v); the test does not use the old layout", len(rs), err)
	}
	if _, err := store.Migrate(ctx, kv, false, ReportsByPeriod); err != nil {
		t.Fatal(err)
	}
	rs, err := f.rs.List(ctx, "cum5", 2026)
	if err != nil || len(rs) != 4 {
		t.Fatalf("List 2026 after migrating = %d reports, %v; want 4", len(rs), err)
	}
	if rs[0].Unit != "bn" || rs[0].Period.Month != time.January || rs[3].Unit != "nb" || rs[3].Period.Month != time.February {
		t.Errorf("List order: %v %v … %v %v; want by unit, then month", rs[0].Unit, rs[0].Period, rs[3].Unit, rs[3].Period)
	}
	ur, err := f.rs.UnitReports(ctx, "cum5", "nb")
	if err != nil || len(ur) != 3 || ur[0].Period != (Period{2025, time.December}) {
		t.Fatalf("UnitReports after migrating = %+v, %v; want nb's three, oldest first", ur, err)
	}
	items, err := kv.List(ctx, Bucket, "report/cum5/nb/")
	if err != nil || len(items) != 0 {
		t.Errorf("old keys left behind: %d, %v", len(items), err)
	}
	if n, err := MigrateReports(ctx, kv); err != nil || n != 0 {
		t.Errorf("second run changed %d records (%v); want none", n, err)
	}
	// A confirmation after the migration lands beside the migrated ones.
	if _, err := f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "nb", Period: Period{2026, time.December}, Values: map[string]Entry{"c1": val(3)}, By: focalA}); err != nil {
		t.Fatal(err)
	}
	if ur, _ := f.rs.UnitReports(ctx, "cum5", "nb"); len(ur) != 4 {
		t.Errorf("UnitReports after a new confirmation = %d; want 4", len(ur))
	}
}

package reminders

import (
	"context"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

// TestPruneOldSnoozesAndDoneMarks: on the fake clock, snoozes and done
// marks stay while they can still change a plan (RecordRetention after
// they were made) and are deleted by the pruning pass after that; the
// deletion gives the records a new version, so runners reload them.
func TestPruneOldSnoozesAndDoneMarks(t *testing.T) {
	ctx := context.Background()
	cal := demoCalendar(t)
	keep := cal.RecordRetention()
	if keep < 60*24*time.Hour || keep > 400*24*time.Hour {
		t.Fatalf("RecordRetention = %v, want between two months and a year for the demo calendar", keep)
	}
	t0 := time.Date(2026, 11, 3, 8, 0, 0, 0, cal.Location)
	clk := clock.NewFake(t0)
	kv := storetest.NewMem(clk)
	s := NewKVStore(kv)
	press := func(target string, snooze bool) {
		t.Helper()
		if err := s.Remember(ctx, target); err != nil {
			t.Fatal(err)
		}
		var err error
		if snooze {
			_, err = s.Snooze(ctx, Ref(target), clk.Now())
		} else {
			err = s.MarkDone(ctx, Ref(target), 7, clk.Now())
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	press("submission/2026-10/old_snoozed", true)
	press("submission/2026-10/old_done", false)
	clk.Advance(40 * 24 * time.Hour)
	press("submission/2026-11/new_snoozed", true)
	press("submission/2026-11/new_done", false)

	snap := func() *Snapshot {
		t.Helper()
		sn := &Snapshot{}
		if err := s.Load(ctx, sn); err != nil {
			t.Fatal(err)
		}
		return sn
	}
	// Just before the older records can no longer matter: nothing goes.
	clk.Set(t0.Add(keep))
	if n, err := s.Prune(ctx, clk.Now(), keep); err != nil || n != 0 {
		t.Fatalf("prune at the retention's end = %d, %v; want nothing deleted", n, err)
	}
	before, err := store.ReadVersions(ctx, kv)
	if err != nil {
		t.Fatal(err)
	}
	clk.Set(t0.Add(keep + 3*time.Hour)) // past the snooze's end too
	if n, err := s.Prune(ctx, clk.Now(), keep); err != nil || n != 2 {
		t.Fatalf("prune after the retention = %d, %v; want the two old records deleted", n, err)
	}
	sn := snap()
	if len(sn.Snoozed) != 1 || sn.Snoozed["submission/2026-11/new_snoozed"] == nil ||
		len(sn.DoneTargets) != 1 || !sn.DoneTargets["submission/2026-11/new_done"] {
		t.Errorf("after pruning: snoozes %v, done %v; want the recent ones only", sn.Snoozed, sn.DoneTargets)
	}
	after, err := store.ReadVersions(ctx, kv)
	if err != nil {
		t.Fatal(err)
	}
	if after.Of(VersionName) == before.Of(VersionName) {
		t.Error("pruning left the reminders' version unchanged")
	}
}

package reminders

import (
	"testing"
	"time"
)

// TestPlanReopened: a period reopened after its lock is reminded once, at
// the start of working hours on the window's last working day, to a unit
// that has not confirmed it; a window ending before the period's own lock
// (the ordinary reminders still run) or a confirmed unit gets nothing, and
// a window ending on a weekend is reminded on the Friday before.
func TestPlanReopened(t *testing.T) {
	cal := demoCalendar(t)
	st := demoState()
	st.Reopened = []Unlock{
		{Unit: "ninh_binh", Year: 2026, Month: time.October, Until: at(2026, 11, 14, 0, 0)},  // to the end of Friday 13/11
		{Unit: "bac_ninh", Year: 2026, Month: time.October, Until: at(2026, 11, 14, 0, 0)},   // confirmed since
		{Unit: "phu_tho", Year: 2026, Month: time.October, Until: at(2026, 11, 7, 0, 0)},     // before the lock (08/11 17:00)
		{Unit: "hung_yen", Year: 2026, Month: time.September, Until: at(2026, 10, 18, 0, 0)}, // Sunday: legacy 7-day grant
		{Unit: "nowhere", Year: 2026, Month: time.October, Until: at(2026, 11, 14, 0, 0)},
	}
	st.SetConfirmed("bac_ninh", 2026, time.October, true)
	var got []Reminder
	for _, r := range Plan(cal, st, at(2026, 10, 1, 0, 0), at(2026, 12, 1, 0, 0)) {
		if r.Kind == KindDataUnlocked {
			got = append(got, r)
		}
	}
	want := map[string]time.Time{
		"submission/2026-09/hung_yen/unlocked-20261018":  at(2026, 10, 16, 7, 30),
		"submission/2026-10/ninh_binh/unlocked-20261114": at(2026, 11, 13, 7, 30),
	}
	if len(got) != len(want) {
		t.Fatalf("reopened reminders %+v, want %v", got, want)
	}
	for _, r := range got {
		if w, ok := want[r.Key]; !ok || !r.SendAt.Equal(w) {
			t.Errorf("%s at %v, want %v", r.Key, r.SendAt, w)
		}
		if !cal.InWorkingHours(r.SendAt) {
			t.Errorf("%s outside working hours", r.Key)
		}
		if len(r.Recipients) != 1 || r.Audience != ToUnit {
			t.Errorf("%s goes to %v", r.Key, r.Recipients)
		}
	}
}

package reminders

import (
	"context"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/store/storetest"
)

type fakeDir struct{}

func (fakeDir) UnitPeople(_ context.Context, unit string) ([]Recipient, error) {
	if unit == "bac_ninh" {
		return []Recipient{{ChatID: 7, Name: "Chị Lan"}}, nil
	}
	return nil, nil
}

func (fakeDir) ChairPeople(context.Context, string) ([]Recipient, error) {
	return []Recipient{{ChatID: 9, Name: "Anh Hùng"}}, nil
}

type fakeReports map[string]bool

func (f fakeReports) Confirmed(_ context.Context, unit string, y int, m time.Month) (bool, error) {
	return f[PeriodKey(unit, y, m)], nil
}

func TestLoadState(t *testing.T) {
	ctx := context.Background()
	cal := demoCalendar(t)
	kvs := NewKVStore(storetest.NewMem(nil))
	now := at(2026, 6, 1, 9, 0)
	m, err := kvs.CreateMeeting(ctx, Meeting{Cluster: "cum5", Title: "Giao ban", Start: at(2026, 6, 10, 14, 0)}, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := kvs.MarkItem(ctx, &cal.Dossiers[1], "2026-12-15", "bac_ninh", "to_trinh", "FILE-1", 7, now); err != nil {
		t.Fatal(err)
	}
	reps := fakeReports{PeriodKey("phu_tho", 2026, time.May): true}
	st, err := LoadState(ctx, kvs, cal, fakeDir{}, reps, at(2026, 6, 1, 0, 0), at(2026, 7, 1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if !st.Confirmed("phu_tho", 2026, time.May) || st.Confirmed("bac_ninh", 2026, time.May) {
		t.Errorf("confirmed = %v", st.ConfirmedReports)
	}
	if got := st.Recipients("bac_ninh"); len(got) != 1 || got[0].ChatID != 7 {
		t.Errorf("people = %v", got)
	}
	if got := st.ChairRecipients("cum5"); len(got) != 1 {
		t.Errorf("chairs = %v", got)
	}
	if got := st.Meetings(); len(got) != 1 || got[0].ID != m.ID {
		t.Errorf("meetings = %v", got)
	}
	if got := st.ChecklistDone("tap_the_ldxs", "2026-12-15", "bac_ninh"); !got["to_trinh"] {
		t.Errorf("checklist = %v", got)
	}
	p, err := kvs.Progress(ctx, "tap_the_ldxs", "2026-12-15", "bac_ninh")
	if err != nil || p["to_trinh"].FileID != "FILE-1" || p["to_trinh"].By != 7 {
		t.Errorf("progress = %v, %v", p, err)
	}
}

func TestMeetingLifecycle(t *testing.T) {
	ctx := context.Background()
	kvs := NewKVStore(storetest.NewMem(nil))
	now := at(2026, 6, 1, 9, 0)
	if _, err := kvs.CreateMeeting(ctx, Meeting{Cluster: "cum5", Title: "X", Start: at(2026, 5, 1, 9, 0)}, now); err != ErrMeetingPast {
		t.Errorf("past meeting: %v", err)
	}
	m, err := kvs.CreateMeeting(ctx, Meeting{Cluster: "cum5", Title: "Họp", Start: at(2026, 6, 10, 14, 0)}, now)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := kvs.CreateMeeting(ctx, Meeting{Cluster: "cum5", Title: "Họp 2", Start: at(2026, 6, 11, 14, 0)}, now)
	if err != nil || m2.ID == m.ID {
		t.Fatalf("second meeting %v %v", m2.ID, err)
	}
	for chat, ans := range map[int64]string{1: RSVPAttend, 2: RSVPAbsent, 3: RSVPDelegate, 4: RSVPAttend} {
		unit := "phu_tho"
		if chat > 2 {
			unit = "bac_ninh"
		}
		if _, err := kvs.Respond(ctx, m.ID, chat, Response{Unit: unit, Answer: ans, At: now}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := kvs.Respond(ctx, m.ID, 5, Response{Unit: "x", Answer: "maybe"}); err != ErrBadRSVP {
		t.Errorf("bad answer: %v", err)
	}
	got, _ := kvs.Meeting(ctx, m.ID)
	tl := got.Tally()
	if tl.Attend != 2 || tl.Absent != 1 || tl.Delegate != 1 {
		t.Errorf("tally = %+v", tl)
	}
	if na := tl.NoAnswer([]string{"phu_tho", "bac_ninh", "ninh_binh"}); len(na) != 1 || na[0] != "ninh_binh" {
		t.Errorf("no answer = %v", na)
	}
	moved, err := kvs.MoveMeeting(ctx, m.ID, at(2026, 6, 12, 9, 0), "", now.Add(time.Hour))
	if err != nil || moved.Version != 2 || !moved.PrevStart.Equal(at(2026, 6, 10, 14, 0)) || len(moved.RSVP) != 0 {
		t.Errorf("moved = %+v, %v", moved, err)
	}
	c, err := kvs.CancelMeeting(ctx, m.ID, now.Add(2*time.Hour))
	if err != nil || !c.Cancelled {
		t.Fatalf("cancel: %+v %v", c, err)
	}
	again, _ := kvs.CancelMeeting(ctx, m.ID, now.Add(3*time.Hour))
	if !again.CancelledAt.Equal(c.CancelledAt) {
		t.Error("second cancel changed the cancellation time (would notify twice)")
	}
	if _, err := kvs.MoveMeeting(ctx, m.ID, at(2026, 6, 13, 9, 0), "", now); err != ErrMeetingCancelled {
		t.Errorf("move cancelled: %v", err)
	}
	if _, err := kvs.Meeting(ctx, "nope"); err != ErrMeetingNotFound {
		t.Errorf("missing: %v", err)
	}
}

type countingReports struct{ asked map[string]int }

func (c *countingReports) Confirmed(_ context.Context, unit string, y int, m time.Month) (bool, error) {
	c.asked[PeriodKey("", y, m)]++
	return false, nil
}

// A runner's six-hour window asks only about the periods it can touch.
func TestLoadStateAsksFewPeriods(t *testing.T) {
	cal := demoCalendar(t)
	reps := &countingReports{asked: map[string]int{}}
	if _, err := LoadState(context.Background(), nil, cal, nil, reps, at(2026, 7, 6, 6, 0), at(2026, 7, 6, 12, 0)); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"/2026-05": 6, "/2026-06": 6}
	if len(reps.asked) != len(want) || reps.asked["/2026-05"] != 6 || reps.asked["/2026-06"] != 6 {
		t.Errorf("asked %v, want %v", reps.asked, want)
	}
}

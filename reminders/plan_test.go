package reminders

import (
	"strings"
	"testing"
	"time"
)

var vn = time.FixedZone("+07", 7*3600)

func at(y int, m time.Month, d, hh, mm int) time.Time { return time.Date(y, m, d, hh, mm, 0, 0, vn) }

// demoState registers one focal point per demo unit and a chair person.
func demoState() *Snapshot {
	s := &Snapshot{}
	s.init()
	for i, u := range []string{"phu_tho", "quang_ninh", "bac_ninh", "thai_nguyen", "hung_yen", "ninh_binh"} {
		s.People[u] = []Recipient{{ChatID: int64(100 + i), Name: "Đầu mối " + u}}
	}
	s.Chairs["cum5"] = []Recipient{{ChatID: 900, Name: "Cụm trưởng"}}
	return s
}

func byKey(rs []Reminder) map[string]Reminder {
	m := make(map[string]Reminder, len(rs))
	for _, r := range rs {
		m[r.Key] = r
	}
	return m
}

func TestPlanDemoYear(t *testing.T) {
	cal := demoCalendar(t)
	st := demoState()
	// Units that confirmed May 2026 get no May reminders; the rest do.
	for _, u := range []string{"phu_tho", "quang_ninh", "bac_ninh", "thai_nguyen"} {
		st.SetConfirmed(u, 2026, time.May, true)
	}
	plan := Plan(cal, st, at(2026, 1, 1, 0, 0), at(2027, 1, 1, 0, 0))
	keys := byKey(plan)
	if len(keys) != len(plan) {
		t.Fatalf("duplicate keys: %d reminders, %d keys", len(plan), len(keys))
	}

	want := []struct {
		key  string
		send time.Time
		kind Kind
	}{
		// Month end into a new month: January's data is due Thu 05/02/2026.
		{"submission/2026-01/phu_tho/t-7d", at(2026, 1, 29, 8, 0), KindData},
		{"submission/2026-01/phu_tho/t-0d", at(2026, 2, 5, 8, 0), KindData},
		{"submission/2026-01/phu_tho/overdue-1", at(2026, 2, 6, 8, 0), KindDataOverdue},
		{"submission/2026-01/chairs:cum5/escalate", at(2026, 2, 11, 8, 0), KindDataEscalation},
		// June's deadline 05/07/2026 is a Sunday: due Monday 06/07; T−2d
		// (Saturday 04/07) moves back to Friday 03/07.
		{"submission/2026-06/phu_tho/t-7d", at(2026, 6, 29, 8, 0), KindData},
		{"submission/2026-06/phu_tho/t-2d", at(2026, 7, 3, 8, 0), KindData},
		{"submission/2026-06/phu_tho/t-0d", at(2026, 7, 6, 8, 0), KindData},
		// April's deadline Tue 05/05: T−2d is Sunday 03/05; Saturday, 01/05 and
		// 30/04 are days off, so it goes out Wednesday 29/04.
		{"submission/2026-04/hung_yen/t-2d", at(2026, 4, 29, 8, 0), KindData},
		// Tết: January 2026 is before it; February's deadline 05/03 is after.
		{"submission/2026-02/bac_ninh/t-7d", at(2026, 2, 26, 8, 0), KindData},
		// December's data is due in January: its T−7d is still in 2026.
		{"submission/2026-12/ninh_binh/t-7d", at(2026, 12, 29, 8, 0), KindData},
		// Events: recurring, in any year.
		{"event/tong_ket/2026-01-20/phu_tho/t-0d", at(2026, 1, 20, 8, 0), KindEvent},
		{"event/so_ket/2026-07-15/quang_ninh/t-7d", at(2026, 7, 8, 8, 0), KindEvent},
		{"event/so_ket/2026-07-15/quang_ninh/t-2d", at(2026, 7, 13, 8, 0), KindEvent},
		{"event/binh_xet/2026-12-04/chairs:cum5/t-2d", at(2026, 12, 2, 8, 0), KindEvent},
		// Dossiers: every unit owes a TTLĐXS dossier due Tue 15/12 17:00.
		{"dossier/tap_the_ldxs/2026-12-15/thai_nguyen/t-7d", at(2026, 12, 8, 8, 0), KindDossier},
		{"dossier/tap_the_ldxs/2026-12-15/thai_nguyen/overdue-3", at(2026, 12, 18, 8, 0), KindDossierOverdue},
		{"dossier/tap_the_ldxs/2026-12-15/chairs:cum5/escalate", at(2026, 12, 21, 8, 0), KindDossierEscalation},
		{"dossier/chien_si_thi_dua/2026-12-15/hung_yen/t-14d", at(2026, 12, 1, 8, 0), KindDossier},
		// The flag dossier is the chair unit's own.
		{"dossier/co_thi_dua/2026-12-10/quang_ninh/t-0d", at(2026, 12, 10, 8, 0), KindDossier},
	}
	for _, w := range want {
		r, ok := keys[w.key]
		if !ok {
			t.Errorf("missing %s", w.key)
			continue
		}
		if !r.SendAt.Equal(w.send) || r.Kind != w.kind {
			t.Errorf("%s: send %s kind %s, want %s %s", w.key, r.SendAt, r.Kind, w.send, w.kind)
		}
	}
	for _, absent := range []string{
		"submission/2026-05/phu_tho/t-7d",            // confirmed
		"submission/2026-01/phu_tho/overdue-4",       // only 3 overdue days
		"dossier/co_thi_dua/2026-12-10/phu_tho/t-7d", // not the chair unit
		"dossier/co_thi_dua/2026-12-10/chairs:cum5/escalate",
	} {
		if _, ok := keys[absent]; ok {
			t.Errorf("unexpected %s", absent)
		}
	}
	// May's escalation names exactly the two late units and their focal points.
	esc, ok := keys["submission/2026-05/chairs:cum5/escalate"]
	if !ok {
		t.Fatal("missing May escalation")
	}
	var late []string
	for _, u := range esc.Params.LateUnits {
		late = append(late, u.Unit)
		if len(u.Focal) != 1 {
			t.Errorf("late unit %s focal = %v", u.Unit, u.Focal)
		}
	}
	if got, want := strings.Join(late, ","), "hung_yen,ninh_binh"; got != want {
		t.Errorf("late units = %s, want %s", got, want)
	}
	if got := esc.Recipients; len(got) != 1 || got[0].ChatID != 900 {
		t.Errorf("escalation recipients = %v", got)
	}

	// Every month of the year has its three before-deadline reminders per unit.
	for m := time.January; m <= time.November; m++ {
		for _, step := range []string{"t-7d", "t-2d", "t-0d"} {
			k := "submission/" + time.Date(2026, m, 1, 0, 0, 0, 0, vn).Format("2006-01") + "/ninh_binh/" + step
			if _, ok := keys[k]; !ok {
				t.Errorf("missing %s", k)
			}
		}
	}

	for _, r := range plan {
		if !cal.InWorkingHours(r.SendAt) {
			t.Errorf("%s at %s is outside working hours", r.Key, r.SendAt)
		}
		if _, off := r.SendAt.Zone(); off != 7*3600 {
			t.Errorf("%s at %s is not at +07:00", r.Key, r.SendAt)
		}
		if r.SendAt.After(r.Due) && (r.Kind == KindData || r.Kind == KindEvent || r.Kind == KindDossier) {
			t.Errorf("%s: before-reminder at %s after due %s", r.Key, r.SendAt, r.Due)
		}
		if r.Recipients == nil {
			t.Errorf("%s: nil recipients", r.Key)
		}
	}
}

// TestPlanOverdueUntilMovedLock: October 2026's lock, three days after
// Thursday 05/11, moves from Sunday 08/11 to Monday 09/11 17:00, the lock
// /baocao enforces (both read SubmissionWindow); so the overdue reminder of
// Monday 08:00 goes out, says that lock, and none comes after it.
func TestPlanOverdueUntilMovedLock(t *testing.T) {
	cal := demoCalendar(t)
	_, lock := cal.SubmissionWindow("cum5", 2026, time.October)
	if want := at(2026, 11, 9, 17, 0); !lock.Equal(want) {
		t.Fatalf("lock = %s; want %s", lock, want)
	}
	keys := byKey(Plan(cal, demoState(), at(2026, 11, 1, 0, 0), at(2026, 11, 20, 0, 0)))
	tests := []struct {
		key  string
		send time.Time // zero: not planned
	}{
		{"submission/2026-10/bac_ninh/overdue-1", at(2026, 11, 6, 8, 0)},
		{"submission/2026-10/bac_ninh/overdue-2", at(2026, 11, 9, 8, 0)},
		{"submission/2026-10/bac_ninh/overdue-3", time.Time{}}, // Tuesday 10/11: locked
	}
	for _, tt := range tests {
		r, ok := keys[tt.key]
		switch {
		case tt.send.IsZero() && ok:
			t.Errorf("%s planned at %s, after the lock", tt.key, r.SendAt)
		case tt.send.IsZero():
		case !ok:
			t.Errorf("%s not planned; want it at %s", tt.key, tt.send)
		case !r.SendAt.Equal(tt.send):
			t.Errorf("%s at %s; want %s", tt.key, r.SendAt, tt.send)
		case r.Params == nil || !r.Params.Lock.Equal(lock):
			t.Errorf("%s says the lock is %+v; want %s", tt.key, r.Params, lock)
		}
	}
}

func TestPlanTetCollapse(t *testing.T) {
	cal := demoCalendar(t)
	plan := Plan(cal, &Snapshot{}, at(2027, 1, 20, 0, 0), at(2027, 2, 20, 0, 0))
	keys := byKey(plan)
	// January 2027's deadline 05/02 is in the Tết break: due Fri 12/02. T−7d
	// (05/02) and T−2d (10/02) both fall back to Thu 04/02 08:00: one message.
	// The period locks Mon 15/02 17:00, so only one overdue reminder fits.
	var got []string
	for _, r := range plan {
		if r.Target == "submission/2027-01/phu_tho" {
			got = append(got, r.Step+"@"+r.SendAt.Format("02/01 15:04"))
		}
	}
	if want := "t-7d@04/02 08:00,t-0d@12/02 08:00,overdue-1@15/02 08:00"; strings.Join(got, ",") != want {
		t.Errorf("steps = %s\nwant    %s", strings.Join(got, ","), want)
	}
	if _, ok := keys["submission/2027-01/phu_tho/t-2d"]; ok {
		t.Error("collapsed step sent twice")
	}
	// No recipients registered: listed, with an empty list.
	if r := keys["submission/2027-01/phu_tho/t-7d"]; r.Recipients == nil || len(r.Recipients) != 0 {
		t.Errorf("recipients = %#v, want empty", r.Recipients)
	}
}

func TestPlanSnoozeAndDone(t *testing.T) {
	cal := demoCalendar(t)
	st := demoState()
	target := "submission/2026-06/phu_tho"
	// Snoozed at 16:00 on Friday 03/07: back at 18:00, outside working
	// hours, so at the next slot, Monday 06/07 07:30.
	st.Snoozed[target] = []time.Time{at(2026, 7, 3, 18, 0), at(2026, 7, 6, 10, 0), at(2026, 7, 6, 14, 0)}
	st.DoneTargets["event/so_ket/2026-07-15/phu_tho"] = true
	plan := Plan(cal, st, at(2026, 6, 1, 0, 0), at(2026, 8, 1, 0, 0))
	keys := byKey(plan)
	for _, tc := range []struct {
		key  string
		send time.Time
	}{
		{target + "/snooze-1", at(2026, 7, 6, 7, 30)},
		{target + "/snooze-2", at(2026, 7, 6, 10, 0)},
	} {
		r, ok := keys[tc.key]
		if !ok {
			t.Errorf("missing %s", tc.key)
			continue
		}
		if !r.SendAt.Equal(tc.send) {
			t.Errorf("%s at %s, want %s", tc.key, r.SendAt, tc.send)
		}
		if r.Snoozes != 3 {
			t.Errorf("%s snoozes = %d", tc.key, r.Snoozes)
		}
		for _, b := range r.Buttons() {
			if b.Action == ActionSnooze {
				t.Errorf("%s offers a third snooze", tc.key)
			}
		}
	}
	if _, ok := keys[target+"/snooze-3"]; ok {
		t.Error("third snooze planned")
	}
	for k := range keys {
		if strings.HasPrefix(k, "event/so_ket/2026-07-15/phu_tho/") {
			t.Errorf("done target still planned: %s", k)
		}
	}
	if _, ok := keys["event/so_ket/2026-07-15/bac_ninh/t-7d"]; !ok {
		t.Error("other units lost their event reminder")
	}
}

func TestPlanDossierChecklist(t *testing.T) {
	cal := demoCalendar(t)
	st := demoState()
	occ := "2026-12-15"
	// phu_tho has every required document; bac_ninh lacks one.
	st.Checklists[progressKey("tap_the_ldxs", occ, "phu_tho")] = map[string]bool{"to_trinh": true, "bao_cao_thanh_tich": true, "bien_ban_binh_xet": true}
	st.Checklists[progressKey("tap_the_ldxs", occ, "bac_ninh")] = map[string]bool{"to_trinh": true, "bao_cao_thanh_tich": true}
	keys := byKey(Plan(cal, st, at(2026, 12, 1, 0, 0), at(2027, 1, 1, 0, 0)))
	if _, ok := keys["dossier/tap_the_ldxs/2026-12-15/phu_tho/t-7d"]; ok {
		t.Error("complete unit reminded")
	}
	r, ok := keys["dossier/tap_the_ldxs/2026-12-15/bac_ninh/t-7d"]
	if !ok {
		t.Fatal("incomplete unit not reminded")
	}
	if got, want := strings.Join(r.Params.Missing, ";"), "Biên bản họp bình xét của Hội đồng thi đua, khen thưởng đơn vị"; got != want {
		t.Errorf("missing = %q, want %q", got, want)
	}
	esc := keys["dossier/tap_the_ldxs/2026-12-15/chairs:cum5/escalate"]
	if len(esc.Params.LateUnits) != 5 {
		t.Errorf("escalation lists %d units, want 5", len(esc.Params.LateUnits))
	}
}

func TestPlanMeetings(t *testing.T) {
	cal := demoCalendar(t)
	cal.Org.Clusters[0].GroupChatID = -100123
	st := demoState()
	m := Meeting{ID: "h1", Cluster: "cum5", Title: "Họp giao ban cụm", Start: at(2026, 8, 20, 14, 0),
		Place: "Phòng họp số 2", Version: 1, ChangedAt: at(2026, 8, 3, 21, 15),
		RSVP: map[string]Response{"101": {Unit: "quang_ninh", Answer: RSVPAbsent}}}
	st.MeetingList = []Meeting{m}
	keys := byKey(Plan(cal, st, at(2026, 8, 1, 0, 0), at(2026, 9, 1, 0, 0)))
	n, ok := keys["meeting/h1/v1/phu_tho/notice"]
	if !ok || !n.SendAt.Equal(m.ChangedAt) {
		t.Fatalf("notice = %+v", n)
	}
	if _, ok := keys["meeting/h1/v1/group:cum5/notice"]; !ok {
		t.Error("group chat not notified")
	}
	if r := keys["meeting/h1/2026-08-20T1400/quang_ninh/t-2d"]; len(r.Recipients) != 0 || !r.SendAt.Equal(at(2026, 8, 18, 8, 0)) {
		t.Errorf("absentee still reminded, or wrong time: %+v", r)
	}

	// Moved: a v2 notice, reminders for the new time only.
	m.Version, m.PrevStart, m.Start, m.ChangedAt, m.RSVP = 2, m.Start, at(2026, 8, 27, 9, 0), at(2026, 8, 10, 9, 0), nil
	st.MeetingList = []Meeting{m}
	keys = byKey(Plan(cal, st, at(2026, 8, 1, 0, 0), at(2026, 9, 1, 0, 0)))
	if _, ok := keys["meeting/h1/v2/bac_ninh/notice"]; !ok {
		t.Error("move not announced")
	}
	if _, ok := keys["meeting/h1/2026-08-20T1400/bac_ninh/t-2d"]; ok {
		t.Error("reminder for the old time still planned")
	}
	if _, ok := keys["meeting/h1/2026-08-27T0900/bac_ninh/t-0d"]; !ok {
		t.Error("no reminder for the new time")
	}
	if got := keys["meeting/h1/v2/bac_ninh/notice"].Text(); !strings.Contains(got, "14:00 20/08/2026") || !strings.Contains(got, "09:00 27/08/2026") {
		t.Errorf("move text = %q", got)
	}

	// Cancelled: one cancel notice, no more reminders.
	m.Cancelled, m.CancelledAt = true, at(2026, 8, 12, 10, 0)
	st.MeetingList = []Meeting{m}
	keys = byKey(Plan(cal, st, at(2026, 8, 11, 0, 0), at(2026, 9, 1, 0, 0)))
	if _, ok := keys["meeting/h1/cancel/bac_ninh/notice"]; !ok {
		t.Error("cancellation not announced")
	}
	for k := range keys {
		if strings.HasPrefix(k, "meeting/h1/2026-") {
			t.Errorf("cancelled meeting still reminded: %s", k)
		}
	}
}

// TestPlanMeetingLateJoiners: who joins a unit after a meeting's notice
// went out is sent that notice (same key, so the same delivery key) when
// they join, unless the meeting began or was cancelled first.
func TestPlanMeetingLateJoiners(t *testing.T) {
	cal := demoCalendar(t)
	changed, start := at(2026, 8, 3, 9, 0), at(2026, 8, 20, 14, 0)
	for _, tc := range []struct {
		name      string
		joined    time.Time
		cancelled bool
		want      string // the joiner's notice's key, "" for none
	}{
		{"before the notice", at(2026, 8, 1, 9, 0), false, "meeting/h1/v1/bac_ninh/notice"},
		{"after the notice", at(2026, 8, 5, 10, 0), false, "meeting/h1/v1/bac_ninh/notice"},
		{"after the start", at(2026, 8, 20, 15, 0), false, ""},
		{"after the cancellation", at(2026, 8, 5, 10, 0), true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := demoState()
			joiner := Recipient{ChatID: 555, Name: "Người mới", Joined: tc.joined}
			st.People["bac_ninh"] = append(st.People["bac_ninh"], joiner)
			m := Meeting{ID: "h1", Cluster: "cum5", Title: "Họp giao ban cụm", Start: start, Version: 1, ChangedAt: changed}
			if tc.cancelled {
				m.Cancelled, m.CancelledAt = true, at(2026, 8, 4, 9, 0)
			}
			st.MeetingList = []Meeting{m}
			var got []Reminder
			for _, r := range Plan(cal, st, at(2026, 8, 1, 0, 0), at(2026, 9, 1, 0, 0)) {
				for _, to := range r.Recipients {
					if to.ChatID == joiner.ChatID && (r.Kind == KindMeetingNotice || r.Kind == KindMeetingCancel) {
						got = append(got, r)
					}
				}
			}
			if tc.want == "" {
				if len(got) != 0 {
					t.Errorf("got %d notices (%s), want none", len(got), got[0].Key)
				}
				return
			}
			if len(got) != 1 || got[0].Key != tc.want {
				t.Fatalf("got %d notices %+v; want one, %s", len(got), got, tc.want)
			}
			want := changed // with everyone
			if tc.joined.After(changed) {
				want = tc.joined // when they joined
			}
			if !got[0].SendAt.Equal(want) {
				t.Errorf("sent at %s, want %s", got[0].SendAt, want)
			}
		})
	}
}

func TestPlanIsStable(t *testing.T) {
	cal := demoCalendar(t)
	a := Plan(cal, demoState(), at(2026, 1, 1, 0, 0), at(2027, 1, 1, 0, 0))
	b := Plan(cal, demoState(), at(2026, 1, 1, 0, 0), at(2027, 1, 1, 0, 0))
	if len(a) != len(b) {
		t.Fatalf("%d vs %d reminders", len(a), len(b))
	}
	for i := range a {
		if a[i].Key != b[i].Key || !a[i].SendAt.Equal(b[i].SendAt) {
			t.Fatalf("reminder %d differs: %s vs %s", i, a[i].Key, b[i].Key)
		}
	}
	// Planning a year in two halves gives the same reminders.
	h := append(Plan(cal, demoState(), at(2026, 1, 1, 0, 0), at(2026, 7, 1, 0, 0)),
		Plan(cal, demoState(), at(2026, 7, 1, 0, 0), at(2027, 1, 1, 0, 0))...)
	if len(h) != len(a) {
		t.Fatalf("halves give %d reminders, whole year %d", len(h), len(a))
	}
	for i := range a {
		if a[i].Key != h[i].Key {
			t.Fatalf("reminder %d: %s vs %s", i, a[i].Key, h[i].Key)
		}
	}
}

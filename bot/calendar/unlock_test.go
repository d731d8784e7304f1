package calendar

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/submissions"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// TestReopenedPeriodIsRemindedOnce: October's reports lock on Sunday
// 08/11/2026 17:00 and the data reminders stop there. A chair reopens the
// period on Tuesday for Ninh Bình and Bắc Ninh for 3 working days (to the
// end of Friday 13/11); Bắc Ninh confirms on Wednesday, Ninh Bình does not
// and is reminded once, on Friday at the start of working hours, of the
// window's end. Nothing goes out once the window is over.
func TestReopenedPeriodIsRemindedOnce(t *testing.T) {
	unlockAt := hanoi(2026, 11, 10, 10, 0, 0)
	h := newHarness(t, nil, unlockAt.Add(-time.Minute))
	h.submit = func(ctx context.Context, r *bot.Request) error {
		return r.Reply(ctx, bot.Message{Text: "Báo cáo " + r.Member.Unit + " kỳ " + r.Command.Args})
	}
	h.Restart()
	h.tickAt(unlockAt.Add(-time.Minute))
	ctx := context.Background()
	rs := submissions.NewReports(h.KV, h.Clock, h.cfg.Calendar, h.loc)
	oct := submissions.Period{Year: 2026, Month: time.October}
	until := submissions.UnlockEnd(h.cfg.Calendar, unlockAt, 3)
	if want := hanoi(2026, 11, 14, 0, 0, 0); !until.Equal(want) {
		t.Fatalf("window ends %v, want %v", until, want)
	}
	chair := submissions.Actor{UserID: uChair.ID, Name: "Cụm trưởng", Role: submissions.RoleChair}
	for _, unit := range []string{"ninh_binh", "bac_ninh"} {
		if _, err := rs.Unlock(ctx, "cum5", unit, oct, chair, until); err != nil {
			t.Fatal(err)
		}
	}
	var sent []telegramtest.Sent
	for at := unlockAt; at.Before(until.Add(72 * time.Hour)); at = at.Add(30 * time.Minute) {
		if at.Equal(hanoi(2026, 11, 11, 9, 0, 0)) {
			h.confirm("bac_ninh", 2026, time.October) // within its window
		}
		before := len(h.Srv.Sent())
		h.tickAt(at.Add(30 * time.Second))
		for _, s := range h.Srv.Sent()[before:] {
			if s.Method == "sendMessage" && strings.Contains(s.Text, "mở lại") {
				sent = append(sent, s)
			}
		}
	}
	if len(sent) != 1 || sent[0].ChatID != uFocalNB.ID {
		t.Fatalf("reopened-period reminders: %+v; want one, to Ninh Bình's focal point", sent)
	}
	if at, want := sent[0].At, hanoi(2026, 11, 13, 7, 30, 0); at.Before(want) || !at.Before(want.Add(30*time.Minute)) {
		t.Errorf("sent at %v, want Friday 13/11 at the start of working hours (07:30)", at)
	}
	got := bottest.Transcript(sent)
	bottest.MustContain(t, got, "tháng 10/2026", "BHXH tỉnh Ninh Bình", "đến hết ngày 13/11/2026", "/baocao 10/2026", "[Nộp ngay]")
	bottest.MustNotContain(t, got, "[Nhắc lại sau 2 giờ]")
	// "Nộp ngay" opens the reopened month, not the current one.
	bottest.MustContain(t, h.pressIn(uFocalNB, "mở lại", "Nộp ngay"), "Báo cáo ninh_binh kỳ 10/2026")
}

// TestRetentionPrunesEndedUnlocks: the hourly retention round deletes the
// open-unlock entry of a window that ended unconfirmed, and keeps one
// still open; the reminders' own retention runs as before.
func TestRetentionPrunesEndedUnlocks(t *testing.T) {
	start := hanoi(2026, 11, 10, 10, 0, 0)
	h := newHarness(t, nil, start)
	ctx := context.Background()
	rs := submissions.NewReports(h.KV, h.Clock, h.cfg.Calendar, h.loc)
	oct := submissions.Period{Year: 2026, Month: time.October}
	chair := submissions.Actor{UserID: uChair.ID, Name: "Cụm trưởng", Role: submissions.RoleChair}
	for unit, until := range map[string]time.Time{"ninh_binh": hanoi(2026, 11, 14, 0, 0, 0), "bac_ninh": hanoi(2026, 11, 21, 0, 0, 0)} {
		if _, err := rs.Unlock(ctx, "cum5", unit, oct, chair, until); err != nil {
			t.Fatal(err)
		}
	}
	entries := func() []string {
		t.Helper()
		items, err := h.KV.List(ctx, submissions.Bucket, "openunlock/")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range items {
			out = append(out, it.Key)
		}
		return out
	}
	h.Clock.Set(hanoi(2026, 11, 14, 0, 30, 0))
	if _, err := h.f.Prune(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := entries(), []string{"openunlock/cum5/2026-10/bac_ninh"}; !slices.Equal(got, want) {
		t.Errorf("after Ninh Bình's window ended: entries %q; want %q", got, want)
	}
}

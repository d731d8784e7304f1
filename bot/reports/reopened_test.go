package reports

import (
	"testing"

	"github.com/thiduabot/thiduabot/bot/bottest"
)

// TestProgressShowsReopenedWindow: while a chair's unlock window is open,
// /tiendo says so next to the unit, whether it has confirmed yet or not;
// once the window is over, it no longer does.
func TestProgressShowsReopenedWindow(t *testing.T) {
	h := newHarness(t, nil)
	h.Clock.Set(hanoi(11, 9, 10)) // Monday 09/11: October locked on Sunday
	bottest.MustNotContain(t, h.Say(uChair, "/tiendo 10/2026"), "mở lại")
	h.Say(uChair, "/baocao mo bac_ninh 10/2026")
	got := h.Say(uChair, "/tiendo 10/2026")
	bottest.MustContain(t, got, "❌ BHXH tỉnh Bắc Ninh — chưa có báo cáo (đầu mối: Lan) — đã mở lại đến hết ngày 12/11/2026")
	bottest.MustNotContain(t, got, "Ninh Bình — chưa có báo cáo (đầu mối: Minh) — đã mở lại")
	h.Clock.Set(hanoi(11, 13, 9))
	bottest.MustNotContain(t, h.Say(uChair, "/tiendo 10/2026"), "mở lại")
}

// TestProgressIgnoresUnlockBeforeLock: an unlock given before the period
// locks, ending before its own lock, reopens nothing, so /tiendo does not
// show a "reopened" end earlier than the lock /baocao mo announced.
func TestProgressIgnoresUnlockBeforeLock(t *testing.T) {
	h := newHarness(t, nil)
	h.Clock.Set(hanoi(12, 1, 9))
	bottest.MustContain(t, h.Say(uChair, "/baocao mo bac_ninh 11/2026 1"), "đến 17:00 10/12/2026.")
	bottest.MustNotContain(t, h.Say(uChair, "/tiendo 11/2026"), "mở lại")
}

package calendar

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// October 2026's data is due Thursday 05/11/2026 17:00; its T−2 reminder
// goes out on Tuesday 03/11 at 08:00.
var t2October = hanoi(2026, 11, 3, 8, 0, 0)

func TestDataReminderBolt(t *testing.T) { testDataReminder(t, nil) }

func TestDataReminderRedis(t *testing.T) { testDataReminder(t, bottest.Redis(t)) }

// testDataReminder: the data reminder reaches only the focal points of units
// without a confirmed report, "Nộp ngay" points to /baocao, a snooze comes
// back after 2 hours at most twice, and a new bot and runner on the same
// store replaying the tick send nothing twice.
func testDataReminder(t *testing.T, kv store.KV) {
	h := newHarness(t, kv, t2October.Add(-10*time.Minute))
	h.confirm("bac_ninh", 2026, time.October)
	if got := h.tickAt(t2October.Add(-10 * time.Minute)); len(got) != 0 {
		t.Fatalf("first tick before 08:00 sent %v", got)
	}

	got := h.tickAt(t2October.Add(30 * time.Second))
	if len(got) != 1 || len(got[uFocalNB.ID]) != 1 {
		t.Fatalf("08:00 tick sent %v, want one reminder to Ninh Bình's focal point only", got)
	}
	bottest.MustContain(t, got[uFocalNB.ID][0], "Nhắc hạn nộp số liệu thi đua tháng 10/2026", "BHXH tỉnh Ninh Bình", "05/11/2026")
	last := h.Srv.SentTo(uFocalNB.ID)
	bottest.MustContain(t, bottest.Transcript(last[len(last)-1:]), "[Nộp ngay]", "[Nhắc lại sau 2 giờ]")
	bottest.MustNotContain(t, bottest.Transcript(last[len(last)-1:]), "[Đã xong]")

	bottest.MustContain(t, h.press(uFocalNB, "Nộp ngay"), "/baocao")

	// Snooze at 08:01: back at 10:01, not before.
	h.Clock.Set(t2October.Add(time.Minute))
	bottest.MustContain(t, h.press(uFocalNB, "Nhắc lại sau 2 giờ"), "Đã hẹn nhắc lại vào 10:01 03/11/2026")
	if got := h.tickAt(t2October.Add(2*time.Hour - time.Minute)); len(got) != 0 {
		t.Fatalf("tick at 09:59 sent %v, the snooze runs until 10:01", got)
	}
	got = h.tickAt(t2October.Add(2*time.Hour + 2*time.Minute))
	if len(got) != 1 || len(got[uFocalNB.ID]) != 1 {
		t.Fatalf("tick at 10:02 sent %v, want the snoozed reminder again", got)
	}
	bottest.MustContain(t, got[uFocalNB.ID][0], "tháng 10/2026")

	// The second snooze is the last one: the third copy has no snooze
	// button, and an older button says the limit is reached.
	bottest.MustContain(t, h.press(uFocalNB, "Nhắc lại sau 2 giờ"), "Đã hẹn nhắc lại vào 12:02 03/11/2026")
	got = h.tickAt(t2October.Add(4*time.Hour + 5*time.Minute))
	if len(got[uFocalNB.ID]) != 1 {
		t.Fatalf("tick at 12:05 sent %v, want the twice-snoozed reminder", got)
	}
	last = h.Srv.SentTo(uFocalNB.ID)
	bottest.MustNotContain(t, bottest.Transcript(last[len(last)-1:]), "[Nhắc lại sau 2 giờ]")
	bottest.MustContain(t, h.press(uFocalNB, "Nhắc lại sau 2 giờ"), "đã được hoãn nhắc 2 lần")
	if got := h.tickAt(t2October.Add(6*time.Hour + 10*time.Minute)); len(got) != 0 {
		t.Fatalf("tick at 14:10 sent %v after the snooze limit", got)
	}

	// A new bot and runner on the same store replay the tick at the same
	// instant, then a minute later: nothing is sent again.
	sent := h.Srv.SentCount()
	h.Restart()
	if got := h.tickAt(h.Clock.Now()); len(got) != 0 {
		t.Fatalf("replayed tick after restart sent %v", got)
	}
	if got := h.tickAt(h.Clock.Now().Add(time.Minute)); len(got) != 0 {
		t.Fatalf("tick after restart sent %v", got)
	}
	if h.Srv.SentCount() != sent {
		t.Fatalf("restart sent %d more messages", h.Srv.SentCount()-sent)
	}
	c := h.claims()
	if c[reminders.PhaseSent] != 3 || len(c) != 1 {
		t.Errorf("claims by phase = %v, want 3 sent", c)
	}
	for _, u := range []int64{uFocalBN.ID, uOtherBN.ID, uChair.ID, uDeputy.ID} {
		for _, s := range h.Srv.SentTo(u) {
			if strings.Contains(s.Text, "Nhắc hạn") {
				t.Errorf("chat %d got a data reminder: %s", u, s.Text)
			}
		}
	}
}

// TestRunStopsWithContext: Run ticks on the injected clock, delivers what
// is due and returns when its context ends.
func TestRunStopsWithContext(t *testing.T) {
	h := newHarness(t, nil, t2October.Add(-time.Minute))
	if _, err := h.f.Runner().Tick(context.Background()); err != nil { // the cursor starts here
		t.Fatal(err)
	}
	h.Clock.Set(t2October.Add(time.Second))
	ticks := make(chan reminders.TickStats, 16)
	h.f.runner.Observe = func(s reminders.TickStats) { ticks <- s }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.f.Run(ctx) }()
	s := <-ticks
	if s.Sent != 2 { // Bắc Ninh and Ninh Bình have no confirmed October report
		t.Errorf("first tick sent %d, want 2", s.Sent)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v, want nil once stopped", err)
	}
}

func TestOutcome(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want reminders.Outcome
	}{
		{nil, reminders.Sent},
		{fmt.Errorf("send message to 5: %w", bot.ErrBlocked), reminders.Refused},
		{fmt.Errorf("send message to 5: %w: bad", bot.ErrRejected), reminders.Refused},
		{fmt.Errorf("send message to 5: %w", bot.ErrUnknownOutcome), reminders.Unknown},
		{context.Canceled, reminders.NotSent},
		{errors.New("send message to 5: 502 bad gateway"), reminders.NotSent},
	} {
		if got := outcome(tc.err); got != tc.want {
			t.Errorf("outcome(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// TestTwoProcessesOneRedis: two bots with their own runners share one
// Redis and tick at the same instants through a week of October's data
// deadline (reminders, overdue days, escalation): each delivery is sent
// once.
func TestTwoProcessesOneRedis(t *testing.T) {
	h := newHarness(t, bottest.Redis(t), t2October.Add(-time.Hour))
	h.confirm("bac_ninh", 2026, time.October)
	var other *Feature
	h.Another(func(bh *bottest.H, b *bot.Bot) { other = h.register(bh, b) })
	runners := []*reminders.Runner{h.f.Runner(), other.Runner()}

	for at := t2October.Add(-time.Hour); at.Before(hanoi(2026, 11, 12, 18, 0, 0)); at = at.Add(time.Hour) {
		h.Settle()
		h.Clock.Set(at)
		errs := make(chan error, len(runners))
		for _, r := range runners {
			go func() {
				_, err := r.Tick(context.Background())
				errs <- err
			}()
		}
		for range runners {
			if err := <-errs; err != nil {
				t.Fatalf("tick at %s: %v", at, err)
			}
		}
	}
	h.Settle()
	seen := map[string]int{}
	sent := 0
	for _, s := range h.Srv.Sent() {
		if s.Method != "sendMessage" {
			continue
		}
		sent++
		seen[fmt.Sprintf("%d|%s", s.ChatID, s.Text)]++
	}
	for k, n := range seen {
		if n > 1 {
			t.Errorf("sent %d times: %s", n, k)
		}
	}
	c := h.claims()
	if sent == 0 || c[reminders.PhaseSent] != sent {
		t.Errorf("%d messages sent, claims %v", sent, c)
	}
	if n := count(texts(h, uChair.ID), "Thái Nguyên"); n != 1 {
		t.Errorf("the chair got %d escalations naming Thái Nguyên, want 1", n)
	}
	t.Logf("two runners, one Redis: %d messages, claims %v", sent, c)
}

func texts(h *harness, chat int64) []string {
	var out []string
	for _, s := range h.Srv.SentTo(chat) {
		out = append(out, bot.PlainText(s.Text))
	}
	return out
}

// TestCatchUpAfterDowntime: after 2 hours down the 08:00 reminder goes out
// marked "(nhắc muộn)"; after 2 days down the reminders of those days are
// skipped, not replayed in a burst.
func TestCatchUpAfterDowntime(t *testing.T) {
	h := newHarness(t, nil, t2October.Add(-5*time.Minute))
	h.tickAt(t2October.Add(-5 * time.Minute))
	got := h.tickAt(t2October.Add(2 * time.Hour))
	if len(got[uFocalNB.ID]) != 1 || !strings.HasPrefix(got[uFocalNB.ID][0], "(nhắc muộn) Nhắc hạn nộp số liệu") {
		t.Fatalf("after 2 h down: %v, want one late reminder", got)
	}

	h2 := newHarness(t, nil, t2October.Add(-5*time.Minute))
	h2.tickAt(t2October.Add(-5 * time.Minute))
	// Down from Tuesday 07:55 to Thursday 16:00: Tuesday's T−2 and
	// Thursday's 08:00 T−0 are more than 6 working hours old.
	got = h2.tickAt(hanoi(2026, 11, 5, 16, 0, 0))
	if len(got) != 0 {
		t.Fatalf("after 2 days down: %v, want nothing replayed", got)
	}
	if c := h2.claims(); c[reminders.PhaseSkipped] == 0 || c[reminders.PhaseSent] != 0 {
		t.Errorf("claims after 2 days down = %v, want skipped ones only", c)
	}
}

// TestFailedSends: a reminder whose request got no answer (it may have
// arrived) is recorded as unknown and never resent; a user who blocked the
// bot is recorded as refused and left out of later reminders.
func TestFailedSends(t *testing.T) {
	h := newHarness(t, nil, t2October.Add(-5*time.Minute))
	h.sendTimeout = 300 * time.Millisecond
	h.Restart()
	h.tickAt(t2October.Add(-5 * time.Minute))
	h.Srv.Inject(telegramtest.Fault{Method: "sendMessage", ChatID: uFocalNB.ID, Hang: true})
	h.Srv.Inject(telegramtest.Fault{Method: "sendMessage", ChatID: uFocalBN.ID, Status: 403})
	h.tickAt(t2October.Add(time.Second))
	c := h.claims()
	if c[reminders.PhaseUnknown] != 1 || c[reminders.PhaseFailed] != 1 || c[reminders.PhaseSent] != 0 {
		t.Fatalf("claims after a hung and a refused send = %v", c)
	}
	if got := h.tickAt(t2October.Add(2 * time.Minute)); len(got) != 0 {
		t.Fatalf("the next tick resent %v", got)
	}
	// Thursday's T−0: Ninh Bình is reminded again, Bắc Ninh (blocked) not.
	got := h.tickAt(hanoi(2026, 11, 5, 8, 0, 30))
	if len(got) != 1 || len(got[uFocalNB.ID]) != 1 {
		t.Fatalf("T−0 tick sent %v, want Ninh Bình only", got)
	}
}

// TestSnoozeAfterHours: a snooze that would end after working hours comes
// back at the next working slot, and the answer says so.
func TestSnoozeAfterHours(t *testing.T) {
	h := newHarness(t, nil, t2October.Add(-5*time.Minute))
	h.tickAt(t2October.Add(-5 * time.Minute))
	h.tickAt(t2October.Add(time.Second))
	h.Clock.Set(hanoi(2026, 11, 3, 16, 0, 0))
	bottest.MustContain(t, h.press(uFocalNB, "Nhắc lại sau 2 giờ"), "Đã hẹn nhắc lại vào 07:30 04/11/2026")
	if got := h.tickAt(hanoi(2026, 11, 4, 7, 29, 0)); len(got) != 0 {
		t.Fatalf("before 07:30: %v", got)
	}
	if got := h.tickAt(hanoi(2026, 11, 4, 7, 30, 30)); len(got[uFocalNB.ID]) != 1 {
		t.Fatalf("at 07:30: %v, want the snoozed reminder", got)
	}
}

// With the reports feature wired, "Nộp ngay" starts the report itself.
func TestSubmitNowStartsReport(t *testing.T) {
	h := newHarness(t, nil, t2October.Add(-10*time.Minute))
	h.submit = func(ctx context.Context, r *bot.Request) error {
		return r.Reply(ctx, bot.Message{Text: "Tiêu chí 1/10 của " + r.Member.Unit + " kỳ " + r.Command.Args})
	}
	h.Restart()
	h.tickAt(t2October.Add(-10 * time.Minute))
	if got := h.tickAt(t2October.Add(30 * time.Second)); len(got[uFocalNB.ID]) != 1 {
		t.Fatalf("08:00 tick sent %v", got)
	}
	bottest.MustContain(t, h.press(uFocalNB, "Nộp ngay"), "Tiêu chí 1/10 của ninh_binh kỳ 10/2026")
}

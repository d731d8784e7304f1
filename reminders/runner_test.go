package reminders

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

// fakeNotifier records every delivery; outcome decides what each call returns.
type fakeNotifier struct {
	mu      sync.Mutex
	sent    map[string]int // delivery key → times actually sent
	order   []Delivery
	calls   int
	outcome func(call int, d Delivery) Outcome
}

func newNotifier() *fakeNotifier { return &fakeNotifier{sent: map[string]int{}} }

func (n *fakeNotifier) Notify(_ context.Context, d Delivery) (Outcome, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.calls++
	out := Sent
	if n.outcome != nil {
		out = n.outcome(n.calls, d)
	}
	if out == Sent {
		n.sent[d.Key]++
		n.order = append(n.order, d)
	}
	if out != Sent {
		return out, errors.New("simulated failure")
	}
	return Sent, nil
}

func (n *fakeNotifier) count() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.order)
}

func (n *fakeNotifier) duplicates() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []string
	for k, c := range n.sent {
		if c > 1 {
			out = append(out, k)
		}
	}
	return out
}

type rig struct {
	kv    store.KV
	st    *KVStore
	clock *clock.Fake
	note  *fakeNotifier
	cal   *Calendar
	logs  *bytes.Buffer
}

func newRig(t *testing.T, kv store.KV, start time.Time) *rig {
	t.Helper()
	return &rig{kv: kv, st: NewKVStore(kv), clock: clock.NewFake(start), note: newNotifier(), cal: demoCalendar(t), logs: &bytes.Buffer{}}
}

func (g *rig) runner(id string) *Runner {
	return &Runner{
		Calendar: g.cal,
		State: func(ctx context.Context, _, _ time.Time) (State, error) {
			s := demoState()
			return s, g.st.Load(ctx, s)
		},
		Store: g.st, Notifier: g.note, Clock: g.clock, ID: id,
		Logger: slog.New(slog.NewTextHandler(g.logs, nil)),
	}
}

func tick(t *testing.T, r *Runner) TickStats {
	t.Helper()
	s, err := r.Tick(context.Background())
	if err != nil {
		t.Fatalf("tick: %v", err)
	}
	return s
}

type crashed struct{}

// tickCrashing runs a tick that dies at point, as a killed process would.
func tickCrashing(t *testing.T, r *Runner, point string) {
	t.Helper()
	r.hook = func(p string) {
		if p == point {
			panic(crashed{})
		}
	}
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(crashed); !ok {
				panic(v)
			}
		}
		r.hook = nil
	}()
	_, _ = r.Tick(context.Background())
	t.Fatalf("tick did not reach %s", point)
}

func TestRunnerCatchUp(t *testing.T) {
	g := newRig(t, storetest.NewMem(nil), at(2026, 6, 29, 7, 0))
	r := g.runner("a")
	tick(t, r) // first tick ever: the origin
	g.clock.Set(at(2026, 6, 29, 8, 0))
	if s := tick(t, r); s.Sent != 6 || s.Late != 0 {
		t.Fatalf("on time: %+v", s)
	}

	// Down from 06:00 to 10:00 on Friday 03/07: T−2d of 08:00 goes out late.
	g.clock.Set(at(2026, 7, 3, 6, 0))
	tick(t, r)
	g.clock.Set(at(2026, 7, 3, 10, 0))
	before := g.note.count()
	if s := tick(t, r); s.Sent != 6 || s.Late != 6 {
		t.Fatalf("2 h late: %+v", s)
	}
	last := g.note.order[len(g.note.order)-1]
	if !last.Late || !strings.HasPrefix(last.Text(), "(nhắc muộn) ") {
		t.Errorf("late text = %q", last.Text())
	}
	if got := g.note.count() - before; got != 6 {
		t.Errorf("sent %d", got)
	}

	// Down two days, Monday 07:00 to Wednesday 10:00: Monday's T−0 and
	// Tuesday's overdue reminders are skipped and logged; Wednesday 08:00's
	// overdue and event reminders (2 h ago) go out late; nothing older is
	// replayed.
	g.clock.Set(at(2026, 7, 6, 7, 0))
	tick(t, r)
	g.clock.Set(at(2026, 7, 8, 10, 0))
	before = g.note.count()
	s := tick(t, r)
	if s.Skipped != 12 || s.Sent != 12 || s.Late != 12 {
		t.Fatalf("2 days down: %+v", s)
	}
	for _, d := range g.note.order[before:] {
		if !strings.HasPrefix(d.Key, "event/so_ket/2026-07-15/") && d.Step != "overdue-2" {
			t.Errorf("replayed %s", d.Key)
		}
	}
	if got := strings.Count(g.logs.String(), "reminder skipped"); got != 12 {
		t.Errorf("%d skip log lines, want 12", got)
	}
	// A second process after the same downtime skips nothing again.
	if s := tick(t, g.runner("b")); s.Skipped != 0 || s.Sent != 0 {
		t.Errorf("second runner: %+v", s)
	}
	if d := g.note.duplicates(); len(d) > 0 {
		t.Errorf("duplicates: %v", d)
	}
}

func TestRunnerCrashPoints(t *testing.T) {
	for _, tc := range []struct {
		point     string
		delivered int // distinct deliveries in the end
		unknown   int
	}{
		// Died after claiming, before sending anything: all taken over.
		{"claimed", 6, 0},
		// Died between marking the first "sending" and the request: that
		// one is the documented window of loss; the rest are taken over.
		{"sending", 5, 1},
		// Died after the first send, before recording it: not resent.
		{"sent", 6, 1},
	} {
		t.Run(tc.point, func(t *testing.T) {
			g := newRig(t, storetest.NewMem(nil), at(2026, 6, 29, 7, 0))
			a := g.runner("a")
			tick(t, a)
			g.clock.Set(at(2026, 6, 29, 8, 0))
			tickCrashing(t, a, tc.point)

			b := g.runner("a-restarted")
			var unknown, taken int
			for i := 0; i < 30; i++ { // one tick a minute for half an hour
				s := tick(t, b)
				unknown += s.Unknown
				taken += s.TakenOver
				g.clock.Advance(time.Minute)
			}
			if d := g.note.duplicates(); len(d) > 0 {
				t.Errorf("duplicates: %v", d)
			}
			if got := len(g.note.sent); got != tc.delivered {
				t.Errorf("delivered %d, want %d", got, tc.delivered)
			}
			if unknown != tc.unknown {
				t.Errorf("unknown = %d, want %d", unknown, tc.unknown)
			}
			// Takeover waits for the lease: nothing is sent twice meanwhile,
			// and nothing is later than the lease plus a tick.
			for _, d := range g.note.order {
				if tc.point != "sent" || d.Key != g.note.order[0].Key {
					if late := g.clock.Now().Sub(d.SendAt); late > 30*time.Minute {
						t.Errorf("%s late by %s", d.Key, late)
					}
				}
			}
			claims, err := g.st.Claims(context.Background(), "")
			if err != nil {
				t.Fatal(err)
			}
			for k, c := range claims {
				if c.Phase != PhaseSent && c.Phase != PhaseUnknown {
					t.Errorf("%s left in phase %s", k, c.Phase)
				}
			}
		})
	}
}

func TestRunnerReplayTick(t *testing.T) {
	g := newRig(t, storetest.NewMem(nil), at(2026, 6, 29, 7, 0))
	tick(t, g.runner("a"))
	g.clock.Set(at(2026, 6, 29, 8, 0))
	if s := tick(t, g.runner("a")); s.Sent != 6 {
		t.Fatalf("first: %+v", s)
	}
	// A restarted process replays the very same tick.
	if s := tick(t, g.runner("a2")); s.Sent != 0 {
		t.Fatalf("replay sent %d", s.Sent)
	}
	if d := g.note.duplicates(); len(d) > 0 {
		t.Errorf("duplicates: %v", d)
	}
}

func TestRunnerRetryNotSent(t *testing.T) {
	g := newRig(t, storetest.NewMem(nil), at(2026, 6, 29, 7, 0))
	// The first two attempts at phu_tho fail before anything left.
	fails := 0
	g.note.outcome = func(_ int, d Delivery) Outcome {
		if d.Unit == "phu_tho" && fails < 2 {
			fails++
			return NotSent
		}
		return Sent
	}
	r := g.runner("a")
	tick(t, r)
	g.clock.Set(at(2026, 6, 29, 8, 0))
	var total TickStats
	for i := 0; i < 5; i++ {
		s := tick(t, r)
		total.Sent += s.Sent
		total.Retry += s.Retry
		g.clock.Advance(2 * time.Minute)
	}
	if total.Sent != 6 || total.Retry != 2 {
		t.Errorf("stats %+v, want 6 sent after 2 retries", total)
	}

	// A user who blocked the bot: refused once, never retried.
	g.note.outcome = func(_ int, d Delivery) Outcome {
		if d.Unit == "bac_ninh" {
			return Refused
		}
		return Sent
	}
	g.clock.Set(at(2026, 7, 3, 8, 0))
	calls := g.note.calls
	var s2 TickStats
	for i := 0; i < 5; i++ {
		s := tick(t, r)
		s2.Sent += s.Sent
		s2.Failed += s.Failed
		g.clock.Advance(2 * time.Minute)
	}
	if s2.Sent != 5 || s2.Failed != 1 || g.note.calls-calls != 6 {
		t.Errorf("refused: %+v after %d calls", s2, g.note.calls-calls)
	}
	if d := g.note.duplicates(); len(d) > 0 {
		t.Errorf("duplicates: %v", d)
	}
}

func TestRunnerSnoozeAndDone(t *testing.T) {
	ctx := context.Background()
	g := newRig(t, storetest.NewMem(nil), at(2026, 6, 29, 7, 0))
	r := g.runner("a")
	tick(t, r)
	g.clock.Set(at(2026, 6, 29, 8, 0))
	tick(t, r)
	var d Delivery
	for _, x := range g.note.order {
		if x.Unit == "phu_tho" {
			d = x
		}
	}
	if d.Ref == "" {
		t.Fatal("no delivery to phu_tho")
	}
	// "Nhắc lại sau 2 giờ" twice, then refused.
	if _, err := g.st.Snooze(ctx, d.Ref, g.clock.Now()); err != nil {
		t.Fatal(err)
	}
	g.clock.Set(at(2026, 6, 29, 10, 0))
	tick(t, r)
	g.clock.Set(at(2026, 6, 29, 10, 5))
	if _, err := g.st.Snooze(ctx, d.Ref, g.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := g.st.Snooze(ctx, d.Ref, g.clock.Now()); !errors.Is(err, ErrSnoozeLimit) {
		t.Fatalf("third snooze: %v", err)
	}
	g.clock.Set(at(2026, 6, 29, 12, 5))
	tick(t, r)
	var got []string
	for _, x := range g.note.order {
		if x.Target == d.Target {
			got = append(got, x.Step+"@"+x.SendAt.Format("15:04"))
			if x.Step == "snooze-2" && len(x.Buttons()) != 1 {
				t.Errorf("%s buttons = %v", x.Key, x.Buttons())
			}
		}
	}
	if strings.Join(got, ",") != "t-7d@08:00,snooze-1@10:00,snooze-2@12:05" {
		t.Errorf("steps = %v", got)
	}
	// "Đã xong" on the event reminder stops it for that unit only.
	ev := "event/so_ket/2026-07-15/phu_tho"
	if err := g.st.Remember(ctx, ev); err != nil {
		t.Fatal(err)
	}
	if err := g.st.MarkDone(ctx, Ref(ev), 101, g.clock.Now()); err != nil {
		t.Fatal(err)
	}
	g.clock.Set(at(2026, 7, 8, 8, 0))
	tick(t, r)
	for _, x := range g.note.order {
		if strings.HasPrefix(x.Key, ev) {
			t.Errorf("done target sent: %s", x.Key)
		}
	}
	if _, err := g.st.Snooze(ctx, "nonexistent", g.clock.Now()); !errors.Is(err, ErrUnknownRef) {
		t.Errorf("unknown ref: %v", err)
	}
}

// TestRunnersYear runs two runners on one store over a simulated year,
// ticking concurrently every 30 minutes with a transport that fails now and
// then: every planned delivery goes out exactly once.
func TestRunnersYear(t *testing.T) {
	if testing.Short() {
		t.Skip("simulated year")
	}
	g := newRig(t, storetest.NewMem(nil), at(2026, 1, 1, 0, 0))
	g.note.outcome = func(call int, _ Delivery) Outcome {
		if call%7 == 0 {
			return NotSent
		}
		return Sent
	}
	a, b := g.runner("a"), g.runner("b")
	end := at(2027, 1, 1, 0, 0)
	for now := g.clock.Now(); now.Before(end); now = now.Add(30 * time.Minute) {
		g.clock.Set(now)
		var wg sync.WaitGroup
		for _, r := range []*Runner{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := r.Tick(context.Background()); err != nil {
					t.Errorf("tick: %v", err)
				}
			}()
		}
		wg.Wait()
	}
	want := map[string]bool{}
	for _, rem := range Plan(g.cal, demoState(), at(2026, 1, 1, 0, 0), end) {
		for _, to := range rem.Recipients {
			want[DeliveryKey(rem, to)] = true
		}
	}
	if len(want) < 500 {
		t.Fatalf("only %d planned deliveries", len(want))
	}
	for k := range want {
		if g.note.sent[k] != 1 {
			t.Errorf("%s sent %d times", k, g.note.sent[k])
		}
	}
	for k := range g.note.sent {
		if !want[k] {
			t.Errorf("unplanned delivery %s", k)
		}
	}
	t.Logf("%d deliveries, %d notifier calls", len(want), g.note.calls)
}

// TestRunnerRun drives the tick loop on the fake clock: it ticks every
// interval and returns when its context ends.
func TestRunnerRun(t *testing.T) {
	g := newRig(t, storetest.NewMem(nil), at(2026, 6, 29, 7, 58))
	r := g.runner("a")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	for i := 0; i < 3; i++ { // 07:58 (origin), 07:59, 08:00
		if err := g.clock.BlockUntil(ctx, 1); err != nil {
			t.Fatal(err)
		}
		g.clock.Advance(time.Minute)
	}
	if err := g.clock.BlockUntil(ctx, 1); err != nil { // the 08:00 tick is over
		t.Fatal(err)
	}
	if got := g.note.count(); got != 6 {
		t.Errorf("sent %d by 08:00, want 6", got)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run returned %v", err)
	}
}

func TestWorkingBefore(t *testing.T) {
	cal := demoCalendar(t)
	for _, tc := range []struct {
		now  time.Time
		d    time.Duration
		want time.Time
	}{
		{at(2026, 7, 8, 14, 0), 6 * time.Hour, at(2026, 7, 8, 8, 0)},
		{at(2026, 7, 8, 10, 0), 6 * time.Hour, at(2026, 7, 7, 13, 30)},    // 2h30 today, 3h30 yesterday
		{at(2026, 7, 6, 8, 0), 6 * time.Hour, at(2026, 7, 3, 11, 30)},     // Monday: back to Friday
		{at(2026, 7, 4, 20, 0), 30 * time.Minute, at(2026, 7, 3, 16, 30)}, // Saturday night
		{at(2026, 9, 3, 7, 45), time.Hour, at(2026, 8, 31, 16, 15)},       // over 01–02/09
	} {
		if got := cal.WorkingBefore(tc.now, tc.d); !got.Equal(tc.want) {
			t.Errorf("WorkingBefore(%s, %s) = %s, want %s", tc.now, tc.d, got, tc.want)
		}
	}
}

// A reminder missed late in the afternoon is not sent at night but at the
// next working slot, marked late.
func TestRunnerDefersOutsideWorkingHours(t *testing.T) {
	o := demoOrg(t)
	cal, err := ParseCalendar("calendar.yaml", []byte("events:\n  - id: hop\n    title: Họp\n    date: 2026-07-15\n    time: \"16:45\"\n    offsets:\n      before: [15m]\n"), o)
	if err != nil {
		t.Fatal(err)
	}
	g := newRig(t, storetest.NewMem(nil), at(2026, 7, 15, 8, 0))
	g.cal = cal
	r := g.runner("a")
	tick(t, r)
	g.clock.Set(at(2026, 7, 15, 16, 0))
	tick(t, r)
	g.clock.Set(at(2026, 7, 15, 18, 0)) // down from 16:00 to 18:00
	if s := tick(t, r); s.Sent != 0 {
		t.Fatalf("sent %d at 18:00", s.Sent)
	}
	g.clock.Set(at(2026, 7, 16, 7, 30))
	if s := tick(t, r); s.Sent != 6 || s.Late != 6 {
		t.Fatalf("next morning: %+v", s)
	}
}

// Stopping the runner in the middle of a batch: the send in flight is
// finished and recorded; the rest stay claimed and are taken over later.
func TestRunnerStopMidBatch(t *testing.T) {
	g := newRig(t, storetest.NewMem(nil), at(2026, 6, 29, 7, 0))
	ctx, cancel := context.WithCancel(context.Background())
	g.note.outcome = func(int, Delivery) Outcome { cancel(); return Sent }
	r := g.runner("a")
	tick(t, r)
	g.clock.Set(at(2026, 6, 29, 8, 0))
	// A tick stopped mid-batch reports the stop and leaves its cursor put
	// (the claims below carry the state).
	if _, err := r.Tick(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Tick stopped mid-batch returned %v; want context.Canceled", err)
	}
	claims, err := g.st.Claims(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	phases := map[string]int{}
	for _, c := range claims {
		phases[c.Phase]++
	}
	if phases[PhaseSent] != 1 || phases[PhaseClaimed] != 5 {
		t.Fatalf("phases after stop = %v", phases)
	}
	g.note.outcome = nil
	b := g.runner("a-restarted")
	for i := 0; i <= 11; i++ {
		tick(t, b)
		g.clock.Advance(time.Minute)
	}
	if got := len(g.note.sent); got != 6 || len(g.note.duplicates()) > 0 {
		t.Errorf("delivered %d distinct, duplicates %v", got, g.note.duplicates())
	}
}

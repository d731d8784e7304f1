package calendar

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/config"
	"github.com/thiduabot/thiduabot/internal/redistest"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/redisstore"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/submissions"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// People of the demo cluster cum5 (chair Quảng Ninh, deputy Phú Thọ).
var (
	uAdmin   = telegramtest.User{ID: 1, FirstName: "Quản trị"}
	uChair   = telegramtest.User{ID: 10, FirstName: "Cụm trưởng"}
	uDeputy  = telegramtest.User{ID: 11, FirstName: "Cụm phó"}
	uFocalBN = telegramtest.User{ID: 20, FirstName: "Lan"}
	uFocalNB = telegramtest.User{ID: 21, FirstName: "Minh"}
	uOtherBN = telegramtest.User{ID: 23, FirstName: "Hùng"}
)

// groupChat is the cluster's group chat in the tests.
const groupChat int64 = -100555

type harness struct {
	submit bot.HandlerFunc // Deps.Submit of the next boot
	t      *testing.T
	clk    *clock.Fake
	srv    *telegramtest.Server
	kv     store.KV
	cfg    *config.Config
	loc    *time.Location
	b      *bot.Bot
	f      *Feature
	n      int // instances booted, for runner ids
	// sendTimeout bounds one Bot API request of the next boot (0: default).
	sendTimeout time.Duration
	// stop ends the running bot.
	stop func()
}

func boltKV(t testing.TB, clk clock.Clock) store.KV {
	t.Helper()
	kv, err := boltstore.Open(t.TempDir(), boltstore.WithClock(clk))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { kv.Close() })
	return kv
}

func redisKV(t testing.TB) store.KV {
	t.Helper()
	url := redistest.URL(t)
	kv, err := redisstore.Open(context.Background(), url, redisstore.WithPrefix(redistest.Prefix(t, url)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { kv.Close() })
	return kv
}

// hanoi returns the instant of a wall-clock time in Asia/Ho_Chi_Minh.
func hanoi(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, time.FixedZone("ICT", 7*3600))
}

// newHarness runs a bot with the feature on the demo configuration (with a
// group chat for cum5), the people above, starting at start. kv nil means
// a fresh embedded store.
func newHarness(t *testing.T, kv store.KV, start time.Time) *harness {
	t.Helper()
	ctx := context.Background()
	clk := clock.NewFake(start)
	if kv == nil {
		kv = boltKV(t, clk)
	}
	cfg, err := config.Demo()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Calendar == nil {
		t.Fatal("the demo has a calendar")
	}
	cfg.Org.Clusters[0].GroupChatID = groupChat
	ms := org.NewMembers(kv, clk)
	for _, m := range []org.Member{
		{UserID: uChair.ID, Name: "Cụm trưởng", Role: org.RoleChair, Cluster: "cum5", Unit: "quang_ninh"},
		{UserID: uDeputy.ID, Name: "Cụm phó", Role: org.RoleDeputy, Cluster: "cum5", Unit: "phu_tho"},
		{UserID: uFocalBN.ID, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "bac_ninh"},
		{UserID: uFocalNB.ID, Name: "Minh", Role: org.RoleFocal, Cluster: "cum5", Unit: "ninh_binh"},
		{UserID: uOtherBN.ID, Name: "Hùng", Role: org.RoleMember, Cluster: "cum5", Unit: "bac_ninh"},
	} {
		if _, err := ms.Bind(ctx, m, 0); err != nil {
			t.Fatal(err)
		}
	}
	h := &harness{t: t, clk: clk, kv: kv, cfg: cfg, loc: cfg.Calendar.Location}
	h.srv = telegramtest.New(telegramtest.Options{Clock: clk})
	t.Cleanup(h.srv.Close)
	h.boot()
	t.Cleanup(func() { h.stop() })
	return h
}

// boot starts a fresh bot instance with the feature on the harness's store
// and server; its runner is ticked by the test (tick), not by Run.
func (h *harness) boot() {
	h.t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(testWriter{h.t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	b, err := bot.New(bot.Config{Token: h.srv.Token, APIURL: h.srv.URL, Org: h.cfg.Org, AdminIDs: []int64{uAdmin.ID}, SkipCommands: true, SendTimeout: h.sendTimeout},
		bot.Deps{Store: h.kv, Clock: h.clk, Logger: log})
	if err != nil {
		h.t.Fatal(err)
	}
	h.n++
	f := Register(b, Deps{Calendar: h.cfg.Calendar, Org: h.cfg.Org, Store: h.kv, Clock: h.clk, Log: log,
		RunnerID: "test-" + string(rune('a'+h.n)), Submit: h.submit})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	<-b.Ready()
	h.b, h.f = b, f
	h.stop = func() {
		cancel()
		<-done
		h.stop = func() {}
	}
}

// restart stops the bot and starts a new instance (a new runner) on the
// same store.
func (h *harness) restart() {
	h.t.Helper()
	h.stop()
	h.boot()
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// settle waits until the server has delivered everything and the bot is idle.
func (h *harness) settle() {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for {
		if err := h.srv.Wait(ctx, func(s *telegramtest.Server) bool { return s.Idle() }); err != nil {
			h.t.Fatal(err)
		}
		if err := h.b.Settle(ctx); err != nil {
			h.t.Fatal(err)
		}
		// A send waiting for its pace on the fake clock counts as settled:
		// await moves the clock.
		if h.srv.Idle() {
			return
		}
	}
}

// await runs the fake clock forward until u's chat has more than n messages.
func (h *harness) await(u telegramtest.User, n int, what string) []telegramtest.Sent {
	h.t.Helper()
	for i := 0; ; i++ {
		h.settle()
		if len(h.srv.SentTo(u.ID)) > n && h.b.IsQuiet() {
			h.settle()
			return h.srv.SentTo(u.ID)[n:]
		}
		if i > 200 || !h.clk.AdvanceToNext() {
			h.t.Fatalf("no answer to %s", what)
		}
	}
}

// say sends text from u and returns what the bot sent u in answer.
func (h *harness) say(u telegramtest.User, text string) string {
	h.t.Helper()
	n := len(h.srv.SentTo(u.ID))
	h.srv.Text(u, text)
	return plain(h.await(u, n, text))
}

// press presses the newest button with that label in u's chat.
func (h *harness) press(u telegramtest.User, label string) string {
	h.t.Helper()
	n := len(h.srv.SentTo(u.ID))
	if _, ok := h.srv.PressLabel(u, label); !ok {
		h.t.Fatalf("no button %q in chat of %s; last message:\n%s", label, u.FirstName, plain(h.srv.SentTo(u.ID)[max(0, n-1):]))
	}
	return plain(h.await(u, n, "button "+label))
}

// pressIn presses the button labelled label of the newest message to u
// whose text contains in.
func (h *harness) pressIn(u telegramtest.User, in, label string) string {
	h.t.Helper()
	sent := h.srv.SentTo(u.ID)
	for i := len(sent) - 1; i >= 0; i-- {
		if !strings.Contains(sent[i].Text, in) || len(sent[i].Keyboard) == 0 {
			continue
		}
		for _, row := range sent[i].Keyboard {
			for _, b := range row {
				if b.Text == label {
					n := len(sent)
					h.srv.Press(u, sent[i].MessageID, b.Data)
					return plain(h.await(u, n, "button "+label))
				}
			}
		}
	}
	h.t.Fatalf("no message to %s with %q and a button %q", u.FirstName, in, label)
	return ""
}

// tickAt moves the clock to at and runs one tick of the current runner; it
// returns what the tick sent, by chat.
func (h *harness) tickAt(at time.Time) map[int64][]string {
	h.t.Helper()
	h.settle()
	if at.After(h.clk.Now()) {
		h.clk.Set(at)
	}
	before := len(h.srv.Sent())
	if _, err := h.f.Runner().Tick(context.Background()); err != nil {
		h.t.Fatalf("tick at %s: %v", at, err)
	}
	h.settle()
	out := map[int64][]string{}
	for _, s := range h.srv.Sent()[before:] {
		if s.Method == "sendMessage" {
			out[s.ChatID] = append(out[s.ChatID], bot.PlainText(s.Text))
		}
	}
	return out
}

// confirm stores a confirmed report of unit for the month.
func (h *harness) confirm(unit string, year int, month time.Month) {
	h.t.Helper()
	rs := submissions.NewReports(h.kv, h.clk, h.cfg.Calendar, h.loc)
	_, err := rs.Confirm(context.Background(), submissions.Confirmation{Cluster: "cum5", Unit: unit,
		Period: submissions.Period{Year: year, Month: month},
		By:     submissions.Actor{UserID: 1, Name: "Đầu mối", Role: submissions.RoleFocal}})
	if err != nil {
		h.t.Fatal(err)
	}
}

// claims counts the stored delivery claims by phase.
func (h *harness) claims() map[string]int {
	h.t.Helper()
	cs, err := reminders.NewKVStore(h.kv).Claims(context.Background(), "")
	if err != nil {
		h.t.Fatal(err)
	}
	out := map[string]int{}
	for _, c := range cs {
		out[c.Phase]++
	}
	return out
}

func plain(ss []telegramtest.Sent) string {
	var b strings.Builder
	for _, s := range ss {
		if s.Method == "answerCallbackQuery" && s.Callback == "" {
			continue
		}
		b.WriteString(bot.PlainText(s.Text + s.Callback))
		for _, row := range s.Keyboard {
			for _, btn := range row {
				b.WriteString(" [" + btn.Text + "]")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
}

func mustNotContain(t *testing.T, got string, bads ...string) {
	t.Helper()
	for _, w := range bads {
		if strings.Contains(got, w) {
			t.Errorf("unexpected %q in:\n%s", w, got)
		}
	}
}

package reports

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

type harness struct {
	t   *testing.T
	clk *clock.Fake
	srv *telegramtest.Server
	kv  store.KV
	cfg *config.Config
	loc *time.Location
	b   *bot.Bot
	f   *Feature
	// stop ends the running bot and its loop.
	stop func()
}

// start is 09:00 03/11/2026 in Hanoi: October's report is due 05/11 17:00
// and locks 08/11 17:00.
var start = time.Date(2026, 11, 3, 2, 0, 0, 0, time.UTC)

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

// newHarness runs a bot with the feature on the demo configuration, with
// the people above and a September report of Bắc Ninh confirmed on time.
func newHarness(t *testing.T, kv store.KV) *harness {
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
	h.seedSeptember(t)
	h.srv = telegramtest.New(telegramtest.Options{Clock: clk})
	t.Cleanup(h.srv.Close)
	h.boot()
	t.Cleanup(func() { h.stop() })
	return h
}

// seedSeptember confirms Bắc Ninh's September figures, on time.
func (h *harness) seedSeptember(t testing.TB) {
	t.Helper()
	at := clock.NewFake(time.Date(2026, 10, 2, 3, 0, 0, 0, time.UTC))
	rs := submissions.NewReports(h.kv, at, h.cfg.Calendar, h.loc)
	vals := map[string]submissions.Entry{
		"thu_bhxh":      {State: submissions.StateValue, Value: 9000},
		"phat_trien_tn": {State: submissions.StateValue, Value: 18000},
		"bao_phu_bhyt":  {State: submissions.StateValue, Value: 3400000},
		"no_dong":       {State: submissions.StateValue, Value: 1.4},
	}
	_, err := rs.Confirm(context.Background(), submissions.Confirmation{Cluster: "cum5", Unit: "bac_ninh",
		Period: submissions.Period{Year: 2026, Month: time.September}, Values: vals,
		By: submissions.Actor{UserID: uFocalBN.ID, Name: "Lan", Role: submissions.RoleFocal}})
	if err != nil {
		t.Fatal(err)
	}
}

// boot starts a fresh bot instance with the feature and its loop on the
// harness's store and server.
func (h *harness) boot() {
	h.t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(testWriter{h.t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	b, err := bot.New(bot.Config{Token: h.srv.Token, APIURL: h.srv.URL, AdminIDs: []int64{uAdmin.ID}, Org: h.cfg.Org, SkipCommands: true},
		bot.Deps{Store: h.kv, Clock: h.clk, Logger: log})
	if err != nil {
		h.t.Fatal(err)
	}
	f := Register(b, Deps{Org: h.cfg.Org, Tables: h.cfg.Tables, Targets: h.cfg.Targets, Store: h.kv,
		Calendar: h.cfg.Calendar, Clock: h.clk, Location: h.loc, Log: log, Tick: 5 * time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	loop := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	go func() { loop <- f.Run(ctx) }()
	<-b.Ready()
	h.b, h.f = b, f
	h.settle()
	h.stop = func() {
		cancel()
		<-done
		<-loop
		h.stop = func() {}
	}
}

// restart stops the bot and starts a new instance on the same store.
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
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for {
		if err := h.srv.Wait(ctx, func(s *telegramtest.Server) bool { return s.Idle() }); err != nil {
			h.t.Fatal(err)
		}
		if err := h.f.loop.wait(ctx, h.clk); err != nil {
			h.t.Fatal("loop never parked: ", err)
		}
		if err := h.b.Settle(ctx); err != nil {
			h.t.Fatal(err)
		}
		if h.srv.Idle() && h.f.loop.settled(h.clk.Now()) {
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
		if i > 2000 || !h.clk.AdvanceToNext() {
			h.t.Fatalf("no answer to %s", what)
		}
	}
}

// say sends text from u and returns what the bot sent u in answer.
func (h *harness) say(u telegramtest.User, text string) []telegramtest.Sent {
	h.t.Helper()
	n := len(h.srv.SentTo(u.ID))
	h.srv.Text(u, text)
	return h.await(u, n, text)
}

// press presses the labelled button in u's chat.
func (h *harness) press(u telegramtest.User, label string) []telegramtest.Sent {
	h.t.Helper()
	n := len(h.srv.SentTo(u.ID))
	if _, ok := h.srv.PressLabel(u, label); !ok {
		h.t.Fatalf("no button %q in chat of %s; last message:\n%s", label, u.FirstName, plain(h.srv.SentTo(u.ID)[max(0, n-1):]))
	}
	return h.await(u, n, "button "+label)
}

// upload sends a file from u.
func (h *harness) upload(u telegramtest.User, name string, data []byte) []telegramtest.Sent {
	h.t.Helper()
	n := len(h.srv.SentTo(u.ID))
	h.srv.Document(u, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data, "")
	return h.await(u, n, "upload "+name)
}

// report reads a stored report.
func (h *harness) report(unit string, month time.Month) *submissions.Report {
	h.t.Helper()
	r, err := h.f.Reports().Get(context.Background(), "cum5", unit, submissions.Period{Year: 2026, Month: month})
	if err != nil {
		h.t.Fatalf("report %s %d: %v", unit, month, err)
	}
	return r
}

func plain(ss []telegramtest.Sent) string {
	var parts []string
	for _, s := range ss {
		if s.Method == "answerCallbackQuery" || s.Method == "editMessageReplyMarkup" {
			continue
		}
		parts = append(parts, bot.PlainText(s.Text))
	}
	return strings.Join(parts, "\n---\n")
}

func mustContain(t testing.TB, got []telegramtest.Sent, want ...string) {
	t.Helper()
	all := plain(got)
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("answer lacks %q; got:\n%s", w, all)
		}
	}
}

func mustNotContain(t testing.TB, got []telegramtest.Sent, bad ...string) {
	t.Helper()
	all := plain(got)
	for _, w := range bad {
		if strings.Contains(all, w) {
			t.Errorf("answer contains %q; got:\n%s", w, all)
		}
	}
}

// last returns the latest message u received with text.
func (h *harness) last(u telegramtest.User) telegramtest.Sent {
	ss := h.srv.SentTo(u.ID)
	for i := len(ss) - 1; i >= 0; i-- {
		if ss[i].Text != "" {
			return ss[i]
		}
	}
	h.t.Fatalf("nothing sent to %s", u.FirstName)
	return telegramtest.Sent{}
}

package rankings

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/reports"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/config"
	"github.com/thiduabot/thiduabot/examples"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/rankhistory"
	"github.com/thiduabot/thiduabot/rankhistory/reportseed"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/scoring/chart"
	"github.com/thiduabot/thiduabot/scoring/valuesfile"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/submissions"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// People: the demo cluster cum5 (chair Quảng Ninh, deputy Phú Thọ) and a
// second cluster cum6 added by the tests.
var (
	uAdmin   = telegramtest.User{ID: 1, FirstName: "Quản trị"}
	uChair   = telegramtest.User{ID: 10, FirstName: "Cụm trưởng"}
	uDeputy  = telegramtest.User{ID: 11, FirstName: "Cụm phó"}
	uFocalBN = telegramtest.User{ID: 20, FirstName: "Lan"}
	uFocalNB = telegramtest.User{ID: 21, FirstName: "Minh"}
	uMember  = telegramtest.User{ID: 22, FirstName: "Hoa"}
	uChair6  = telegramtest.User{ID: 30, FirstName: "Cụm trưởng Sáu"}
	uStrange = telegramtest.User{ID: 99, FirstName: "Khách"}
)

const groupChat = -1001234567890

type harness struct {
	t   *testing.T
	clk *clock.Fake
	srv *telegramtest.Server
	kv  store.KV
	cfg *config.Config
	csv scoring.Values // the sample file's 2026 figures
	b   *bot.Bot
}

// setup is what options of newHarness may change before the bot starts.
type setup struct {
	cfg  *config.Config
	now  time.Time
	seed scoring.Values // the figures stored as confirmed reports
	// reports registers the submission feature (/baocao) too.
	reports bool
}

type hopt func(s *setup)

func visibilityAll(s *setup) { s.cfg.Org.Clusters[0].Visibility = org.VisibilityAll }
func withGroup(s *setup)     { s.cfg.Org.Clusters[0].GroupChatID = groupChat }

// demoConfig is the demo config with a second cluster, cum6, scored on the
// same table (its units have no targets and no reports).
func demoConfig(t testing.TB) *config.Config {
	t.Helper()
	cfg, err := config.Demo()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Org.Clusters = append(cfg.Org.Clusters, org.Cluster{ID: "cum6", Name: "Cụm thi đua số 6", Scoring: cfg.Org.Clusters[0].Scoring,
		Chair: "hue", Units: []org.Unit{{ID: "hue", Name: "BHXH thành phố Huế"}, {ID: "da_nang", Name: "BHXH thành phố Đà Nẵng"}}})
	return cfg
}

// sampleValues reads examples/bhxh-demo/values-sample.csv.
func sampleValues(t testing.TB, cfg *config.Config) scoring.Values {
	t.Helper()
	data, err := fs.ReadFile(examples.Demo(), "values-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	vs, ps := valuesfile.Read(data, valuesfile.OrgLookup(cfg.Org, cfg.Tables))
	if len(ps) > 0 {
		t.Fatalf("sample values: %v", ps)
	}
	return vs[2026]
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

// newHarness seeds kv (a fresh embedded store when nil) with the sample
// figures as confirmed reports and the people above, and runs a bot with the
// feature on 20/07/2026, when June is the latest month with figures.
func newHarness(t *testing.T, kv store.KV, opts ...hopt) *harness {
	t.Helper()
	ctx := context.Background()
	cfg := demoConfig(t)
	st := &setup{cfg: cfg, now: time.Date(2026, 7, 20, 9, 0, 0, 0, time.UTC), seed: sampleValues(t, cfg)}
	for _, o := range opts {
		o(st)
	}
	csv := sampleValues(t, cfg)
	clk := clock.NewFake(st.now)
	if kv == nil {
		kv = boltKV(t, clk)
	}
	if _, err := reportseed.Seed(ctx, kv, cfg.Org, cfg.Tables, st.seed, 2026); err != nil {
		t.Fatal(err)
	}
	ms := org.NewMembers(kv, clk)
	for _, m := range []org.Member{
		{UserID: uChair.ID, Name: "Cụm trưởng", Role: org.RoleChair, Cluster: "cum5", Unit: "quang_ninh"},
		{UserID: uDeputy.ID, Name: "Cụm phó", Role: org.RoleDeputy, Cluster: "cum5", Unit: "phu_tho"},
		{UserID: uFocalBN.ID, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "bac_ninh"},
		{UserID: uFocalNB.ID, Name: "Minh", Role: org.RoleFocal, Cluster: "cum5", Unit: "ninh_binh"},
		{UserID: uMember.ID, Name: "Hoa", Role: org.RoleMember, Cluster: "cum5", Unit: "ninh_binh"},
		{UserID: uChair6.ID, Name: "Cụm trưởng Sáu", Role: org.RoleChair, Cluster: "cum6", Unit: "hue"},
	} {
		if _, err := ms.Bind(ctx, m, 0); err != nil {
			t.Fatal(err)
		}
	}
	srv := telegramtest.New(telegramtest.Options{Clock: clk})
	t.Cleanup(srv.Close)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	b, err := bot.New(bot.Config{Token: srv.Token, APIURL: srv.URL, AdminIDs: []int64{uAdmin.ID}, Org: cfg.Org, SkipCommands: true},
		bot.Deps{Store: kv, Clock: clk, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	r, err := chart.New()
	if err != nil {
		t.Fatal(err)
	}
	Register(b, Deps{
		Ranker: &rankhistory.Ranker{Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets,
			Values:  submissions.NewReports(kv, clk, submissions.CalendarFunc(reportseed.Window), time.UTC),
			History: rankhistory.NewStore(kv), Clock: clk, Calendar: submissions.CalendarFunc(reportseed.Window), Location: time.UTC},
		Org:   cfg.Org,
		Chart: func(buf *bytes.Buffer, name string, res *scoring.Result) error { return r.Render(buf, name, res) },
		Clock: clk, Log: log,
	})
	if st.reports {
		reports.Register(b, reports.Deps{Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets, Store: kv,
			Calendar: submissions.CalendarFunc(reportseed.Window), Clock: clk, Location: time.UTC, Log: log})
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- b.Run(runCtx) }()
	t.Cleanup(func() { cancel(); <-done })
	<-b.Ready()
	return &harness{t: t, clk: clk, srv: srv, kv: kv, cfg: cfg, csv: csv, b: b}
}

// settle waits until the server has delivered everything and the bot has
// nothing to do but wait on the clock.
func (h *harness) settle() {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := h.srv.Wait(ctx, func(s *telegramtest.Server) bool { return s.Idle() }); err != nil {
		h.t.Fatal(err)
	}
	if err := h.b.Settle(ctx); err != nil {
		h.t.Fatal(err)
	}
}

// say sends text from u and returns everything sent to chat in answer
// (chat is u's own chat unless given).
func (h *harness) say(u telegramtest.User, text string, chat ...int64) []telegramtest.Sent {
	h.t.Helper()
	c := u.ID
	if len(chat) > 0 {
		c = chat[0]
	}
	before := len(h.srv.SentTo(c))
	mine := len(h.srv.SentTo(u.ID))
	h.srv.Text(u, text)
	for i := 0; ; i++ {
		h.settle()
		if len(h.srv.SentTo(u.ID)) > mine && h.b.IsQuiet() && h.srv.Idle() {
			break
		}
		if i > 1000 || !h.clk.AdvanceToNext() {
			h.t.Fatalf("no answer to %q", text)
		}
	}
	return h.srv.SentTo(c)[before:]
}

func plain(ss []telegramtest.Sent) string {
	var parts []string
	for _, s := range ss {
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

func methods(ss []telegramtest.Sent) map[string]int {
	m := map[string]int{}
	for _, s := range ss {
		m[s.Method]++
	}
	return m
}

// press presses the button labelled label in u's chat and returns what
// came back there.
func (h *harness) press(u telegramtest.User, label string) []telegramtest.Sent {
	h.t.Helper()
	before := len(h.srv.SentTo(u.ID))
	if _, ok := h.srv.PressLabel(u, label); !ok {
		h.t.Fatalf("no button %q in %d's chat", label, u.ID)
	}
	for i := 0; ; i++ {
		h.settle()
		if len(h.srv.SentTo(u.ID)) > before && h.b.IsQuiet() && h.srv.Idle() {
			break
		}
		if i > 1000 || !h.clk.AdvanceToNext() {
			h.t.Fatalf("no answer to the press of %q", label)
		}
	}
	return h.srv.SentTo(u.ID)[before:]
}

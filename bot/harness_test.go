package bot

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
	"github.com/thiduabot/thiduabot/telegramtest"
)

const testOrgYAML = `clusters:
  - id: cum5
    name: Cụm thi đua số 5
    scoring: bang1
    chair: hanoi
    deputy: haiphong
    units:
      - {id: hanoi, name: BHXH Hà Nội}
      - {id: haiphong, name: BHXH Hải Phòng}
      - {id: namdinh, name: BHXH Nam Định}
  - id: cum6
    name: Cụm thi đua số 6
    scoring: bang1
    chair: hue
    units:
      - {id: hue, name: BHXH Thừa Thiên Huế}
      - {id: danang, name: BHXH Đà Nẵng}
`

func testOrg(t testing.TB) *org.Config {
	t.Helper()
	cfg, _, err := org.Parse("org.yaml", []byte(testOrgYAML))
	if err != nil {
		t.Fatalf("org.Parse: %v", err)
	}
	return cfg
}

// People of the test organisation.
var (
	uAdmin    = telegramtest.User{ID: 1, FirstName: "Quản trị"}
	uChair5   = telegramtest.User{ID: 10, FirstName: "Chủ tịch Năm"}
	uDeputy5  = telegramtest.User{ID: 11, FirstName: "Phó Năm"}
	uFocalHN  = telegramtest.User{ID: 20, FirstName: "Lan"}
	uFocalND  = telegramtest.User{ID: 21, FirstName: "Minh"}
	uMemberND = telegramtest.User{ID: 22, FirstName: "Hoa"}
	uChair6   = telegramtest.User{ID: 30, FirstName: "Chủ tịch Sáu"}
	uFocalDN  = telegramtest.User{ID: 31, FirstName: "Tuấn"}
	uStranger = telegramtest.User{ID: 99, FirstName: "Khách"}
)

func seedMembers(t testing.TB, kv store.KV, c clock.Clock) {
	t.Helper()
	ms := org.NewMembers(kv, c)
	for _, m := range []org.Member{
		{UserID: uChair5.ID, Name: uChair5.FirstName, Role: org.RoleChair, Cluster: "cum5", Unit: "hanoi"},
		{UserID: uDeputy5.ID, Name: uDeputy5.FirstName, Role: org.RoleDeputy, Cluster: "cum5", Unit: "haiphong"},
		{UserID: uFocalHN.ID, Name: uFocalHN.FirstName, Role: org.RoleFocal, Cluster: "cum5", Unit: "hanoi"},
		{UserID: uFocalND.ID, Name: uFocalND.FirstName, Role: org.RoleFocal, Cluster: "cum5", Unit: "namdinh"},
		{UserID: uMemberND.ID, Name: uMemberND.FirstName, Role: org.RoleMember, Cluster: "cum5", Unit: "namdinh"},
		{UserID: uChair6.ID, Name: uChair6.FirstName, Role: org.RoleChair, Cluster: "cum6", Unit: "hue"},
		{UserID: uFocalDN.ID, Name: uFocalDN.FirstName, Role: org.RoleFocal, Cluster: "cum6", Unit: "danang"},
	} {
		if _, err := ms.Bind(context.Background(), m, 0); err != nil {
			t.Fatalf("seed %d: %v", m.UserID, err)
		}
	}
}

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

type harness struct {
	t    testing.TB
	clk  *clock.Fake
	srv  *telegramtest.Server
	kv   store.KV
	cfg  Config
	deps Deps
	logs *syncBuffer
	b    *Bot
	reg  *prometheus.Registry // the current bot's metrics

	cancel  context.CancelFunc
	done    chan error
	setup   func(b *Bot)
	cfgMods []func(*Config)
}

type hopt func(h *harness)

func withConfig(f func(c *Config)) hopt {
	return func(h *harness) { h.cfgMods = append(h.cfgMods, f) }
}
func withSetup(f func(b *Bot)) hopt { return func(h *harness) { h.setup = f } }
func withStore(kv store.KV) hopt    { return func(h *harness) { h.kv = kv } }
func withServer(o telegramtest.Options) hopt {
	return func(h *harness) {
		o.Clock = h.clk
		h.srv = telegramtest.New(o)
	}
}

// newHarness builds a test server, a store with the test organisation's
// members and a bot (not started) on one fake clock.
func newHarness(t testing.TB, opts ...hopt) *harness {
	t.Helper()
	h := &harness{t: t, clk: clock.NewFake(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)), logs: &syncBuffer{}}
	for _, o := range opts {
		o(h)
	}
	if h.srv == nil {
		h.srv = telegramtest.New(telegramtest.Options{Clock: h.clk})
	}
	t.Cleanup(h.srv.Close)
	if h.kv == nil {
		h.kv = storetest.NewMem(h.clk)
		seedMembers(t, h.kv, h.clk)
	}
	base := Config{Token: h.srv.Token, APIURL: h.srv.URL, AdminIDs: []int64{uAdmin.ID}, Org: testOrg(t), SendTimeout: 5 * time.Second}
	for _, f := range h.cfgMods {
		f(&base)
	}
	h.cfg = base
	var w io.Writer = h.logs
	if testing.Verbose() {
		w = io.MultiWriter(h.logs, testWriter{t})
	}
	h.deps = Deps{Store: h.kv, Clock: h.clk, Logger: slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	h.b = h.newBot()
	t.Cleanup(func() {
		h.stop()
		if strings.Contains(h.logs.String(), h.srv.Token) {
			t.Errorf("the bot token appears in the logs:\n%s", h.logs.String())
		}
	})
	return h
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func (h *harness) newBot() *Bot {
	h.t.Helper()
	d := h.deps
	h.reg = prometheus.NewRegistry() // one per process, as in production
	d.Metrics = h.reg
	b, err := New(h.cfg, d)
	if err != nil {
		h.t.Fatalf("New: %v", err)
	}
	if h.setup != nil {
		h.setup(b)
	}
	return b
}

// metrics returns the current bot's metrics in the text exposition format.
func (h *harness) metrics() string {
	h.t.Helper()
	rec := httptest.NewRecorder()
	promhttp.HandlerFor(h.reg, promhttp.HandlerOpts{}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	return rec.Body.String()
}

// start runs the bot until stop.
func (h *harness) start() {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	h.done = make(chan error, 1)
	b := h.b
	go func() { h.done <- b.Run(ctx) }()
	select {
	case <-b.Ready():
	case err := <-h.done:
		h.t.Fatalf("Run: %v", err)
	}
	h.settle()
}

// stop cancels the bot and waits for Run to return.
func (h *harness) stop() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	if err := <-h.done; err != nil {
		h.t.Errorf("Run: %v", err)
	}
	h.cancel = nil
}

// restart stops the bot and starts a fresh one on the same store and server.
func (h *harness) restart() {
	h.t.Helper()
	h.stop()
	h.b = h.newBot()
	h.start()
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// settle waits until Telegram has nothing undelivered and the bot nothing to do.
func (h *harness) settle() {
	h.t.Helper()
	ctx := testCtx(h.t)
	for {
		if err := h.srv.Wait(ctx, func(s *telegramtest.Server) bool { return s.Idle() }); err != nil {
			h.t.Fatalf("settle: server: %v (pending %d, busy %d)", err, h.srv.Pending(), h.b.act.busy())
		}
		if err := h.b.Settle(ctx); err != nil {
			h.t.Fatalf("settle: bot: %v (%s) waiters=%d", err, h.b.act.debug(), h.clk.Waiters())
		}
		if h.srv.Idle() && h.b.act.settled() {
			return
		}
	}
}

// run settles, then moves the fake clock to its next waiter and repeats
// until done reports true.
func (h *harness) run(done func() bool) {
	h.t.Helper()
	for i := 0; ; i++ {
		h.settle()
		if done() {
			return
		}
		if i > 100000 || !h.clk.AdvanceToNext() {
			h.t.Fatalf("run: condition never met (clock %v)", h.clk.Now())
		}
	}
}

// say delivers text from u and waits until the bot is done with it.
func (h *harness) say(u telegramtest.User, text string) []telegramtest.Sent {
	h.t.Helper()
	before := len(h.srv.SentTo(u.ID))
	h.srv.Text(u, text)
	h.run(h.b.act.quiet)
	return h.srv.SentTo(u.ID)[before:]
}

// press presses a labelled button in u's chat.
func (h *harness) press(u telegramtest.User, label string) []telegramtest.Sent {
	h.t.Helper()
	before := len(h.srv.SentTo(u.ID))
	if _, ok := h.srv.PressLabel(u, label); !ok {
		h.t.Fatalf("no button %q in chat %d", label, u.ID)
	}
	h.run(h.b.act.quiet)
	return h.srv.SentTo(u.ID)[before:]
}

func texts(ss []telegramtest.Sent) string {
	var parts []string
	for _, s := range ss {
		parts = append(parts, PlainText(s.Text))
	}
	return strings.Join(parts, "\n---\n")
}

func mustContain(t testing.TB, got []telegramtest.Sent, want ...string) {
	t.Helper()
	all := texts(got)
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("reply does not contain %q; got:\n%s", w, all)
		}
	}
}

func mustNotContain(t testing.TB, got []telegramtest.Sent, bad ...string) {
	t.Helper()
	all := texts(got)
	for _, w := range bad {
		if strings.Contains(all, w) {
			t.Errorf("reply contains %q; got:\n%s", w, all)
		}
	}
}

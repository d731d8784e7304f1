// Package bottest runs a bot against the fake Telegram server
// (telegramtest) on a fake clock, for the end-to-end tests of the bot's
// feature packages: a test sends a line or presses a button as a user and
// gets back what the bot sent, with the clock moved only as far as the bot
// needs to answer (pacing, retries), never by sleeping.
//
// It is imported by tests only.
package bottest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// DefaultStart is the fake clock's start when Options.Start is zero.
var DefaultStart = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// How long one Settle may take, and how many clock moves Await and Run may
// make before they give up: a bot that never answers fails the test instead
// of hanging it.
const (
	settleTimeout = 20 * time.Second
	maxAwaitMoves = 10000
	maxRunMoves   = 100000
)

// Options describe the bot under test.
type Options struct {
	Org *org.Config // required
	// Store is the bot's store; nil means a fresh Bolt store on the harness clock.
	Store store.KV
	// Start is the fake clock's first instant (zero: DefaultStart).
	Start   time.Time
	Admins  []int64
	Members []org.Member // bound before the bot starts
	// Seed fills the store before the first bot starts (after Members).
	Seed func(h *H)
	// Config adjusts the bot's configuration; it is applied on every
	// (re)start, so it may read fields the test changed in between.
	Config func(c *bot.Config)
	// Setup registers features on each new bot instance (New and Restart).
	// It may call H.Background for work the feature runs beside the bot.
	Setup func(h *H, b *bot.Bot)
	// Server configures the fake Telegram server (its Clock is the harness's).
	Server telegramtest.Options
}

// H is a running bot with its fake Telegram server, clock and store.
type H struct {
	T     testing.TB
	Srv   *telegramtest.Server
	Bot   *bot.Bot
	Clock *clock.Fake
	KV    store.KV
	Org   *org.Config
	// Log is the logger given to the bot; features registered in Setup
	// should log to it too. The test fails if the bot token shows up in it.
	Log *slog.Logger

	opts Options
	logs *syncBuffer
	bg   []background
	stop func()
}

type background struct {
	run     func(ctx context.Context) error
	wait    func(ctx context.Context) error
	settled func() bool
}

// New starts a bot as opts describe and stops it when the test ends.
func New(t testing.TB, opts Options) *H {
	t.Helper()
	if opts.Org == nil {
		t.Fatal("bottest: Options.Org is required")
	}
	start := opts.Start
	if start.IsZero() {
		start = DefaultStart
	}
	h := &H{T: t, Clock: clock.NewFake(start), KV: opts.Store, Org: opts.Org, opts: opts, logs: &syncBuffer{}, stop: func() {}}
	if h.KV == nil {
		h.KV = Bolt(t, h.Clock)
	}
	so := opts.Server
	so.Clock = h.Clock
	h.Srv = telegramtest.New(so)
	t.Cleanup(h.Srv.Close)
	var w io.Writer = h.logs
	if testing.Verbose() {
		w = io.MultiWriter(h.logs, testWriter{t})
	}
	h.Log = slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ms := org.NewMembers(h.KV, h.Clock)
	for _, m := range opts.Members {
		if _, err := ms.Bind(context.Background(), m, 0); err != nil {
			t.Fatalf("bottest: bind member %d: %v", m.UserID, err)
		}
	}
	if opts.Seed != nil {
		opts.Seed(h)
	}
	t.Cleanup(func() {
		h.Stop()
		if strings.Contains(h.logs.String(), h.Srv.Token) {
			t.Errorf("the bot token appears in the logs:\n%s", h.logs.String())
		}
	})
	h.boot()
	return h
}

// Background runs run beside the current bot instance until it stops.
// Settle calls wait until that work is parked on the clock, and then
// settled, which reports whether nothing of it is due at the current time.
func (h *H) Background(run func(ctx context.Context) error, wait func(ctx context.Context) error, settled func() bool) {
	h.bg = append(h.bg, background{run: run, wait: wait, settled: settled})
}

// boot starts a fresh bot instance on the harness's store and server.
func (h *H) boot() {
	h.T.Helper()
	cfg := bot.Config{Token: h.Srv.Token, APIURL: h.Srv.URL, AdminIDs: h.opts.Admins, Org: h.Org, SkipCommands: true,
		// Tests that stop a bot mid-handler mean to cut it short.
		ShutdownGrace: 50 * time.Millisecond}
	if h.opts.Config != nil {
		h.opts.Config(&cfg)
	}
	b, err := bot.New(cfg, bot.Deps{Store: h.KV, Clock: h.Clock, Logger: h.Log})
	if err != nil {
		h.T.Fatalf("bot.New: %v", err)
	}
	h.Bot, h.bg = b, nil
	if h.opts.Setup != nil {
		h.opts.Setup(h, b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1+len(h.bg))
	go func() { done <- b.Run(ctx) }()
	for _, g := range h.bg {
		go func() { done <- g.run(ctx) }()
	}
	n := 1 + len(h.bg)
	h.stop = func() {
		h.stop = func() {}
		cancel()
		for range n {
			if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
				h.T.Errorf("bottest: run: %v", err)
			}
		}
	}
	select {
	case <-b.Ready():
	case <-b.Standby(): // polling on a shared store while another instance polls
	case err := <-done:
		n--
		h.T.Fatalf("bottest: the bot did not start: %v", err)
	}
	h.Settle()
}

// Another starts a second bot instance on the same server, store and clock
// (another process of a deployment), registered by setup (nil: Options.Setup),
// and stops it when the test ends. Its Settle knows only its own bot. On
// Redis in polling mode it is a hot standby (bot.Bot.Standby): it does not
// poll while the first instance does.
func (h *H) Another(setup func(h *H, b *bot.Bot)) *H {
	h.T.Helper()
	o := &H{T: h.T, Srv: h.Srv, Clock: h.Clock, KV: h.KV, Org: h.Org, Log: h.Log, opts: h.opts, logs: h.logs, stop: func() {}}
	if setup != nil {
		o.opts.Setup = setup
	}
	h.T.Cleanup(o.Stop)
	o.boot()
	return o
}

// Stop stops the running bot instance (and its background work) and waits
// for it to return. The test's end stops it too.
func (h *H) Stop() { h.stop() }

// Restart stops the bot and starts a new instance on the same store and
// server, with Config and Setup applied afresh: what a process restart does.
func (h *H) Restart() {
	h.T.Helper()
	h.Stop()
	h.boot()
}

// Settle waits until the server has delivered everything and the bot and
// its background work can make no progress without the clock moving (or a
// new update).
func (h *H) Settle() {
	h.T.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), settleTimeout)
	defer cancel()
	for {
		if err := h.Srv.Wait(ctx, func(s *telegramtest.Server) bool { return s.Idle() }); err != nil {
			h.T.Fatalf("settle: server: %v (pending %d)", err, h.Srv.Pending())
		}
		for _, g := range h.bg {
			if err := g.wait(ctx); err != nil {
				h.T.Fatalf("settle: background work never parked: %v", err)
			}
		}
		if err := h.Bot.Settle(ctx); err != nil {
			h.T.Fatalf("settle: bot: %v (clock waiters %d)", err, h.Clock.Waiters())
		}
		// A send waiting for its pace on the fake clock counts as settled:
		// Await and Run move the clock.
		if h.Srv.Idle() && h.bgSettled() {
			return
		}
	}
}

func (h *H) bgSettled() bool {
	for _, g := range h.bg {
		if !g.settled() {
			return false
		}
	}
	return true
}

// Run settles, then moves the fake clock to its next waiter, until done
// reports true.
func (h *H) Run(done func() bool) {
	h.T.Helper()
	for i := 0; ; i++ {
		h.Settle()
		if done() {
			return
		}
		if i > maxRunMoves || !h.Clock.AdvanceToNext() {
			h.T.Fatalf("run: condition never met (clock %v)", h.Clock.Now())
		}
	}
}

// Await moves the fake clock until chat has more than n messages and the
// bot is quiet (nothing pending on the clock), and returns the messages
// after the first n; what names the awaited answer in the failure.
func (h *H) Await(chat int64, n int, what string) []telegramtest.Sent {
	h.T.Helper()
	for i := 0; ; i++ {
		h.Settle()
		if len(h.Srv.SentTo(chat)) > n && h.Bot.IsQuiet() && h.Srv.Idle() {
			h.Settle()
			return h.Srv.SentTo(chat)[n:]
		}
		if i > maxAwaitMoves || !h.Clock.AdvanceToNext() {
			h.T.Fatalf("no answer to %s in chat %d (clock %v)", what, chat, h.Clock.Now())
		}
	}
}

// Say sends text from u in u's private chat and returns what the bot sent
// there in answer.
func (h *H) Say(u telegramtest.User, text string) []telegramtest.Sent {
	h.T.Helper()
	n := len(h.Srv.SentTo(u.ID))
	h.Srv.Text(u, text)
	return h.Await(u.ID, n, text)
}

// SayTo is Say that returns what was sent to chat (a group the answer goes
// to) once u's own chat has an answer too.
func (h *H) SayTo(u telegramtest.User, chat int64, text string) []telegramtest.Sent {
	h.T.Helper()
	before := len(h.Srv.SentTo(chat))
	h.Say(u, text)
	return h.Srv.SentTo(chat)[before:]
}

// Press presses the newest button labelled label in u's chat and returns
// what the bot sent there in answer.
func (h *H) Press(u telegramtest.User, label string) []telegramtest.Sent {
	h.T.Helper()
	n := len(h.Srv.SentTo(u.ID))
	if _, ok := h.Srv.PressLabel(u, label); !ok {
		h.T.Fatalf("no button %q in chat of %s; last message:\n%s", label, u.FirstName, Transcript(h.Srv.SentTo(u.ID)[max(0, n-1):]))
	}
	return h.Await(u.ID, n, "button "+label)
}

// PressIn presses the button labelled label of the newest message to u
// whose text contains in.
func (h *H) PressIn(u telegramtest.User, in, label string) []telegramtest.Sent {
	h.T.Helper()
	sent := h.Srv.SentTo(u.ID)
	for i := len(sent) - 1; i >= 0; i-- {
		if !strings.Contains(sent[i].Text, in) {
			continue
		}
		for _, row := range sent[i].Keyboard {
			for _, b := range row {
				if b.Text == label {
					h.Srv.Press(u, sent[i].MessageID, b.Data)
					return h.Await(u.ID, len(sent), "button "+label)
				}
			}
		}
	}
	h.T.Fatalf("no message to %s with %q and a button %q", u.FirstName, in, label)
	return nil
}

// Document sends a file from u and returns what the bot sent u in answer.
func (h *H) Document(u telegramtest.User, name, mimeType string, data []byte) []telegramtest.Sent {
	h.T.Helper()
	n := len(h.Srv.SentTo(u.ID))
	h.Srv.Document(u, name, mimeType, data, "")
	return h.Await(u.ID, n, "upload "+name)
}

// Last returns the newest message with text sent to u.
func (h *H) Last(u telegramtest.User) telegramtest.Sent {
	h.T.Helper()
	ss := h.Srv.SentTo(u.ID)
	for i := len(ss) - 1; i >= 0; i-- {
		if ss[i].Text != "" {
			return ss[i]
		}
	}
	h.T.Fatalf("nothing sent to %s", u.FirstName)
	return telegramtest.Sent{}
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

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// smallOrg is one cluster of one unit, BHXH Hà Nội (id hn), for features
// whose tests do not depend on the organisation.
const smallOrg = `clusters:
  - id: cum5
    name: Cụm 5
    scoring: t
    chair: hn
    units:
      - {id: hn, name: BHXH Hà Nội}
`

// SmallOrg returns an organisation of one cluster, cum5, with one unit, hn.
func SmallOrg(t testing.TB) *org.Config {
	t.Helper()
	o, _, err := org.Parse("org.yaml", []byte(smallOrg))
	if err != nil {
		t.Fatalf("bottest: small org: %v", err)
	}
	return o
}

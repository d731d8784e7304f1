package bot

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
	"github.com/thiduabot/thiduabot/telegramtest"
)

func TestHelpThroughRealClient(t *testing.T) {
	h := newHarness(t)
	h.start()
	got := h.say(uAdmin, "/help")
	mustContain(t, got, "quản trị viên", "/moi", "/thanhvien", "/huy")
	if len(got) != 1 || got[0].ParseMode != "HTML" {
		t.Fatalf("got %d messages (parse mode %q), want 1 HTML message", len(got), got[0].ParseMode)
	}
	if n := h.srv.Calls("deleteWebhook"); n != 1 {
		t.Errorf("deleteWebhook calls = %d, want 1 (polling mode)", n)
	}
	vi, en := h.srv.Commands(""), h.srv.Commands("en")
	if len(vi) == 0 || len(en) != len(vi) {
		t.Fatalf("setMyCommands: vi %d, en %d commands", len(vi), len(en))
	}
	if vi[0].Description == en[0].Description {
		t.Errorf("vi and en menus have the same description %q", vi[0].Description)
	}
}

// counter registers /count, which counts its effects and echoes the count,
// and captures the updates it saw.
type counter struct {
	mu   sync.Mutex
	n    int
	seen []models.Update
	gate chan struct{} // when non-nil, the first call waits for it (or ctx)
	in   chan struct{} // signalled when a call starts
}

func (c *counter) register(b *Bot) {
	b.Command("count", org.Registered, func(ctx context.Context, r *Request) error {
		if c.in != nil {
			c.in <- struct{}{}
		}
		if c.gate != nil {
			select {
			case <-c.gate:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		c.mu.Lock()
		c.n++
		n := c.n
		c.seen = append(c.seen, *r.Update)
		c.mu.Unlock()
		return r.ReplyHTML(ctx, "lần %d: %s", n, r.Command.Args)
	})
}

func (c *counter) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func TestRestartBetweenFetchAndHandleLosesNothing(t *testing.T) {
	c := &counter{gate: make(chan struct{}), in: make(chan struct{}, 1)}
	h := newHarness(t, withSetup(c.register), withConfig(func(c *Config) { c.ShutdownGrace = 10 * time.Millisecond }))
	h.start()
	h.srv.Text(uFocalHN, "/count một")
	<-c.in // fetched, queued and being handled
	// Telegram has been told the update is ours (offset moved on) before it
	// was handled: only the store queue holds it now.
	if err := h.srv.Wait(testCtx(t), func(s *telegramtest.Server) bool { return s.Pending() == 0 }); err != nil {
		t.Fatal(err)
	}
	h.stop() // the handler is cut short by the shutdown
	if n := c.count(); n != 0 {
		t.Fatalf("effects before restart = %d, want 0", n)
	}
	c.gate = nil
	c.in = nil
	h.b = h.newBot()
	h.start()
	got := h.srv.SentTo(uFocalHN.ID)
	if c.count() != 1 || len(got) != 1 || PlainText(got[0].Text) != "lần 1: một" {
		t.Fatalf("after restart: %d effects, replies %q; want 1 effect and one reply", c.count(), texts(got))
	}
	h.restart() // and nothing is replayed a second time
	if c.count() != 1 {
		t.Fatalf("effects after a second restart = %d, want 1", c.count())
	}
}

// A handler under way when the bot is asked to stop may finish within the
// grace period; its answer is then not repeated after the restart.
func TestStopLetsAHandlerFinish(t *testing.T) {
	c := &counter{gate: make(chan struct{}), in: make(chan struct{}, 1)}
	h := newHarness(t, withSetup(c.register))
	h.start()
	h.srv.Text(uFocalHN, "/count một")
	<-c.in
	h.cancel() // asked to stop while the handler waits
	close(c.gate)
	h.stop()
	c.gate, c.in = nil, nil
	h.b = h.newBot()
	h.start()
	h.run(h.b.act.quiet)
	if got := h.srv.SentTo(uFocalHN.ID); c.count() != 1 || len(got) != 1 {
		t.Fatalf("effects %d, replies %q; want 1 and one reply", c.count(), texts(got))
	}
}

func TestRedeliveredUpdateHasOneEffect(t *testing.T) {
	t.Run("after handling", func(t *testing.T) {
		c := &counter{}
		h := newHarness(t, withSetup(c.register))
		h.start()
		h.say(uFocalHN, "/count x")
		upd := c.seen[0]
		// A fresh process polls from offset 0, so Telegram's copies reach
		// it. Both are queued before it polls: a copy queued after the
		// first one was fetched is confirmed away with it (Telegram forgets
		// every update below the offset), so the bot would see only one.
		h.stop()
		h.srv.Redeliver(upd)
		h.srv.Redeliver(upd)
		h.b = h.newBot()
		h.start()
		h.run(h.b.act.quiet)
		if c.count() != 1 || len(h.srv.SentTo(uFocalHN.ID)) != 1 {
			t.Fatalf("effects %d, replies %d; want 1 and 1", c.count(), len(h.srv.SentTo(uFocalHN.ID)))
		}
		if n := testutil.ToFloat64(h.b.metrics.duplicates); n != 2 {
			t.Fatalf("duplicates seen by the bot = %v, want 2 (the copies must reach it)", n)
		}
	})
	t.Run("three copies in one batch", func(t *testing.T) {
		c := &counter{}
		h := newHarness(t, withSetup(c.register))
		id := h.srv.Text(uFocalHN, "/count y")
		upd := models.Update{ID: id, Message: &models.Message{ID: int(id), From: &models.User{ID: uFocalHN.ID, FirstName: "Lan"},
			Chat: models.Chat{ID: uFocalHN.ID, Type: models.ChatTypePrivate}, Text: "/count y"}}
		h.srv.Redeliver(upd)
		h.srv.Redeliver(upd)
		h.start()
		if c.count() != 1 || len(h.srv.SentTo(uFocalHN.ID)) != 1 {
			t.Fatalf("effects %d, replies %d; want 1 and 1", c.count(), len(h.srv.SentTo(uFocalHN.ID)))
		}
		if n := testutil.ToFloat64(h.b.metrics.duplicates); n != 2 {
			t.Fatalf("duplicates seen by the bot = %v, want 2", n)
		}
	})
}

func TestOneChatInOrderWhileAnotherProceeds(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	var mu sync.Mutex
	var order []string
	h := newHarness(t, withSetup(func(b *Bot) {
		b.Command("seq", org.Registered, func(ctx context.Context, r *Request) error {
			if r.Chat == uFocalHN.ID && r.Command.Args == "1" {
				started <- struct{}{}
				<-release
			}
			mu.Lock()
			order = append(order, fmt.Sprintf("%d:%s", r.Chat, r.Command.Args))
			mu.Unlock()
			return r.ReplyHTML(ctx, "%s", r.Command.Args)
		})
	}), withConfig(func(c *Config) {
		c.Limits = Limits{Global: 1000, GlobalWin: time.Second, ChatBurst: 100, ChatEvery: time.Millisecond, Group: 100, GroupWin: time.Second}
	}),
		withServer(telegramtest.Options{NoLimits: true}))
	h.start()
	for i := 1; i <= 10; i++ {
		h.srv.Text(uFocalHN, fmt.Sprintf("/seq %d", i))
	}
	<-started
	h.srv.Text(uFocalND, "/seq other")
	// The other chat is answered while the first one is stuck on message 1.
	if err := h.srv.Wait(testCtx(t), func(s *telegramtest.Server) bool { return len(s.SentTo(uFocalND.ID)) == 1 }); err != nil {
		t.Fatalf("other chat not answered while the first is busy: %v", err)
	}
	if n := len(h.srv.SentTo(uFocalHN.ID)); n != 0 {
		t.Fatalf("first chat got %d answers while its first message is still being handled", n)
	}
	close(release)
	h.settle()
	var got []string
	for _, s := range h.srv.SentTo(uFocalHN.ID) {
		got = append(got, s.Text)
	}
	if want := "1 2 3 4 5 6 7 8 9 10"; strings.Join(got, " ") != want {
		t.Fatalf("answers in order %q, want %q", strings.Join(got, " "), want)
	}
}

func TestPanickingHandlerDoesNotStopTheBot(t *testing.T) {
	h := newHarness(t, withSetup(func(b *Bot) {
		b.Command("boom", org.Registered, func(ctx context.Context, r *Request) error { panic("kaboom") })
	}))
	h.start()
	got := h.say(uFocalHN, "/boom")
	if len(got) != 1 || got[0].Text != msg.BotInternalError {
		t.Fatalf("after a panic got %q, want the apology", texts(got))
	}
	if !strings.Contains(h.logs.String(), "kaboom") || !strings.Contains(h.logs.String(), "update=") {
		t.Errorf("panic not logged with its update id:\n%s", h.logs.String())
	}
	mustContain(t, h.say(uFocalHN, "/help"), "đầu mối")
	h.restart() // the panicking update is done, not replayed forever
	if n := len(h.srv.SentTo(uFocalHN.ID)); n != 2 {
		t.Fatalf("after restart %d messages, want 2", n)
	}
}

func TestRetryAfterDelaysOnlyThatChat(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.srv.Inject(telegramtest.Fault{Method: "sendMessage", ChatID: uFocalHN.ID, Status: 429, RetryAfter: 3})
	start := h.clk.Now()
	h.srv.Text(uFocalHN, "/help")
	h.srv.Text(uFocalND, "/help")
	h.run(func() bool { return len(h.srv.SentTo(uFocalHN.ID)) == 1 && len(h.srv.SentTo(uFocalND.ID)) == 1 })
	a, b := h.srv.SentTo(uFocalHN.ID)[0], h.srv.SentTo(uFocalND.ID)[0]
	if d := b.At.Sub(start); d != 0 {
		t.Errorf("other chat answered after %v, want at once", d)
	}
	if d := a.At.Sub(start); d < 3*time.Second || d > 4*time.Second {
		t.Errorf("throttled chat answered after %v, want 3s", d)
	}
	if n := h.srv.Calls("sendMessage"); n != 3 {
		t.Errorf("sendMessage calls = %d, want 3 (one refused, one retried, one other)", n)
	}
}

func TestThreeHundredUsersPaced(t *testing.T) {
	h := newHarness(t, withConfig(func(c *Config) { c.Workers = 64 }))
	ms := org.NewMembers(h.kv, h.clk)
	var users []telegramtest.User
	for i := range 300 {
		u := telegramtest.User{ID: int64(1000 + i), FirstName: fmt.Sprintf("U%d", i)}
		users = append(users, u)
		if _, err := ms.Bind(context.Background(), org.Member{UserID: u.ID, Name: u.FirstName, Role: org.RoleMember, Cluster: "cum5", Unit: "namdinh"}, 0); err != nil {
			t.Fatal(err)
		}
	}
	h.b.Command("ping", org.Registered, func(ctx context.Context, r *Request) error { return r.ReplyHTML(ctx, "pong") })
	h.start()
	start := h.clk.Now()
	for _, u := range users {
		h.srv.Text(u, "/ping")
	}
	sends := func() []telegramtest.Sent {
		var out []telegramtest.Sent
		for _, s := range h.srv.Sent() {
			if s.Method == "sendMessage" {
				out = append(out, s)
			}
		}
		return out
	}
	h.run(func() bool { return len(sends()) == 300 })
	got := sends()
	if n := h.srv.Rejected(); n != 0 {
		t.Errorf("server answered %d × 429", n)
	}
	maxIn := 0
	for i := range got {
		n := 0
		for j := i; j < len(got) && got[j].At.Sub(got[i].At) < time.Second; j++ {
			n++
		}
		maxIn = max(maxIn, n)
	}
	if maxIn > 30 {
		t.Errorf("max messages in a one-second window = %d, want ≤ 30", maxIn)
	}
	took := got[len(got)-1].At.Sub(start)
	if took < 9*time.Second || took > 11*time.Second {
		t.Errorf("300 messages took %v of the clock, want about 10s", took)
	}
	t.Logf("300 replies: max %d per second, last at %v", maxIn, took)
}

func TestWebhook(t *testing.T) {
	c := &counter{}
	h := newHarness(t, withSetup(c.register))
	hook := httptest.NewServer(nil)
	t.Cleanup(hook.Close)
	h.cfg.WebhookURL = hook.URL + "/tg/hook"
	h.cfg.WebhookSecret = "s3cret"
	h.b = h.newBot()
	hook.Config.Handler = h.b.Handler()
	if got := h.b.WebhookPath(); got != "/tg/hook" {
		t.Errorf("WebhookPath = %q", got)
	}
	h.start()
	if u, s := h.srv.Webhook(); u != h.cfg.WebhookURL || s != "s3cret" {
		t.Fatalf("webhook registered as %q %q", u, s)
	}
	body := `{"update_id":5000,"message":{"message_id":1,"date":1,"chat":{"id":20,"type":"private"},"from":{"id":20,"first_name":"Lan"},"text":"/count evil"}}`
	for _, secret := range []string{"", "wrong"} {
		req, _ := http.NewRequest(http.MethodPost, h.cfg.WebhookURL, strings.NewReader(body))
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("secret %q: status %d, want 401", secret, resp.StatusCode)
		}
	}
	h.settle()
	if c.count() != 0 || len(h.srv.Sent()) != 0 || keyCount(t, h.kv, bucketUpdates) != 0 {
		t.Fatalf("a call with a wrong secret had an effect")
	}
	got := h.say(uFocalHN, "/count ok")
	if c.count() != 1 || len(got) != 1 {
		t.Fatalf("right secret: effects %d, replies %q", c.count(), texts(got))
	}
}

func TestWebhookAnswersOnlyWhenQueued(t *testing.T) {
	h := newHarness(t)
	kv := h.kv.(*storetest.Mem)
	var failing atomic.Bool
	failing.Store(true)
	kv.Fail = func(op, bucket, key string) error {
		if bucket == bucketUpdates && op == "create" && failing.Load() {
			return fmt.Errorf("disk full")
		}
		return nil
	}
	hook := httptest.NewServer(nil)
	t.Cleanup(hook.Close)
	h.cfg.WebhookURL, h.cfg.WebhookSecret = hook.URL+"/", "s"
	h.b = h.newBot()
	hook.Config.Handler = h.b.Handler()
	h.start()
	h.srv.Text(uFocalHN, "/help")
	// Telegram keeps retrying (every second of its clock) while we cannot queue.
	if err := h.clk.BlockUntil(testCtx(t), 1); err != nil {
		t.Fatal(err)
	}
	if h.srv.Pending() != 1 {
		t.Fatalf("update confirmed although it could not be queued")
	}
	failing.Store(false)
	h.run(func() bool { return len(h.srv.SentTo(uFocalHN.ID)) == 2 })
	mustTexts(t, h.srv.SentTo(uFocalHN.ID), msg.BotStoreOutage, h.srv.SentTo(uFocalHN.ID)[1].Text)
	mustContain(t, h.srv.SentTo(uFocalHN.ID)[1:], "/help")
}

func TestStuckHandlerTimesOut(t *testing.T) {
	// The budget is ended by the test once the handler is stuck, not by a
	// real-time timer that, on a loaded machine, could run out before the
	// handler even starts (the member lookup comes first).
	budgets := make(chan *expiry, 4)
	started := make(chan struct{}, 1)
	h := newHarness(t, withConfig(func(c *Config) { c.HandlerTimeout = 3 * time.Minute }), withSetup(func(b *Bot) {
		b.budget = func(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
			if d != 3*time.Minute {
				t.Errorf("handler budget %v, want HandlerTimeout", d)
			}
			e := newExpiry(ctx)
			budgets <- e
			return e, e.expire
		}
		b.Command("stuck", org.Registered, func(ctx context.Context, r *Request) error {
			started <- struct{}{}
			<-ctx.Done()
			return ctx.Err()
		})
	}))
	h.start()
	h.srv.Text(uFocalHN, "/stuck")
	<-started
	if n := len(h.srv.SentTo(uFocalHN.ID)); n != 0 {
		t.Fatalf("%d answers while the handler is stuck", n)
	}
	(<-budgets).expire()
	h.run(func() bool { return h.b.act.quiet() && len(h.srv.SentTo(uFocalHN.ID)) > 0 })
	if got := h.srv.SentTo(uFocalHN.ID); len(got) != 1 || got[0].Text != msg.BotInternalError {
		t.Fatalf("stuck handler: got %q, want the apology", texts(got))
	}
	mustContain(t, h.say(uFocalHN, "/help"), "đầu mối")
}

// expiry is a handler budget that runs out when the test says so: its
// context then reports DeadlineExceeded, as a timed-out one does.
type expiry struct {
	context.Context
	done chan struct{}
	once sync.Once
}

func newExpiry(parent context.Context) *expiry {
	return &expiry{Context: parent, done: make(chan struct{})}
}

func (e *expiry) expire()               { e.once.Do(func() { close(e.done) }) }
func (e *expiry) Done() <-chan struct{} { return e.done }

func (e *expiry) Err() error {
	select {
	case <-e.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

func TestSlowSendToOneChatDoesNotHoldOthers(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.srv.Inject(telegramtest.Fault{Method: "sendMessage", ChatID: uFocalHN.ID, Delay: 300 * time.Millisecond})
	h.srv.Text(uFocalHN, "/help")
	h.srv.Text(uFocalND, "/help")
	h.run(h.b.act.quiet)
	a, b := h.srv.SentTo(uFocalHN.ID), h.srv.SentTo(uFocalND.ID)
	if len(a) != 1 || len(b) != 1 || b[0].Seq > a[0].Seq {
		t.Fatalf("slow chat answered first or not at all: %+v / %+v", a, b)
	}
}

func TestMetrics(t *testing.T) {
	c := &counter{}
	h := newHarness(t, withSetup(c.register))
	h.start()
	h.say(uFocalHN, "/count a")
	for _, want := range []string{"thiduabot_updates_total 1\n", "thiduabot_updates_handled_total 1\n",
		"thiduabot_telegram_calls_total 1\n", `thiduabot_handler_seconds_count{command="/count"} 1` + "\n",
		"thiduabot_conversations_open 0\n", "thiduabot_telegram_up 1\n"} {
		if got := h.metrics(); !strings.Contains(got, want) {
			t.Errorf("metrics lack %q:\n%s", want, got)
		}
	}
	h.restart() // the new process polls from offset 0 and gets the copy
	h.srv.Redeliver(c.seen[0])
	h.run(h.b.act.quiet)
	if got := h.metrics(); !strings.Contains(got, "thiduabot_updates_duplicate_total 1\n") {
		t.Errorf("duplicate not counted:\n%s", got)
	}
}

// keyCount is how many live keys bucket of kv holds.
func keyCount(t testing.TB, kv store.KV, bucket string) int {
	t.Helper()
	items, err := kv.List(context.Background(), bucket, "")
	if err != nil {
		t.Fatalf("List(%q): %v", bucket, err)
	}
	return len(items)
}

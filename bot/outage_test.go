package bot

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// errUnreachable is what a store that cannot be reached answers.
var errUnreachable = errors.New("dial tcp 127.0.0.1:6379: connect: connection refused")

// outageSwitch makes the harness's memory store fail every operation while on.
func outageSwitch(h *harness) *atomic.Bool {
	var down atomic.Bool
	h.kv.(*storetest.Mem).Fail = func(string, string, string) error {
		if down.Load() {
			return errUnreachable
		}
		return nil
	}
	return &down
}

// runFor moves the fake clock, waiter by waiter, for at least d while the
// bot works. Between two long polls nobody may wait on the clock for a
// moment: it then waits for the next waiter instead of giving up.
func (h *harness) runFor(d time.Duration) {
	h.t.Helper()
	end := h.clk.Now().Add(d)
	for h.clk.Now().Before(end) {
		h.settle()
		if err := h.clk.BlockUntil(testCtx(h.t), 1); err != nil {
			h.t.Fatalf("runFor: nobody waits on the clock: %v", err)
		}
		h.clk.AdvanceToNext()
	}
	h.settle()
}

// refetch moves the fake clock through the poller's back-off until it has
// fetched updates n more times. While updates wait unconfirmed at Telegram
// the harness cannot settle (the server is never idle), so this steps the
// clock by hand.
func (h *harness) refetch(n int) {
	h.t.Helper()
	ctx := testCtx(h.t)
	for range n {
		calls := h.srv.Calls("getUpdates")
		for h.srv.Calls("getUpdates") <= calls {
			// The clock moves only while the bot's counted work is parked
			// (the poller itself only waits on the clock between fetches).
			if err := h.b.Settle(ctx); err != nil {
				h.t.Fatalf("refetch: bot never settled: %v", err)
			}
			if err := h.clk.BlockUntil(ctx, 1); err != nil {
				h.t.Fatalf("refetch: the poller never waited: %v", err)
			}
			if h.srv.Calls("getUpdates") > calls {
				break
			}
			h.clk.AdvanceToNext()
		}
	}
}

// waitSent waits, without moving the clock, until chat has n messages.
func (h *harness) waitSent(chat int64, n int) {
	h.t.Helper()
	if err := h.srv.Wait(testCtx(h.t), func(s *telegramtest.Server) bool { return len(s.SentTo(chat)) >= n }); err != nil {
		h.t.Fatalf("chat %d never got %d messages (has %q): %v", chat, n, texts(h.srv.SentTo(chat)), err)
	}
}

func TestStoreOutageTellsOnceAndAnswersWhenBack(t *testing.T) {
	c := &counter{}
	h := newHarness(t, withSetup(c.register))
	down := outageSwitch(h)
	h.start()

	down.Store(true)
	start := h.clk.Now()
	h.srv.Text(uFocalHN, "/count một")
	h.waitSent(uFocalHN.ID, 1)
	if waited := h.clk.Now().Sub(start); waited > 5*time.Second {
		t.Errorf("the notice came after %v, want within 5s", waited)
	}
	h.srv.Text(uFocalHN, "/count hai")
	h.srv.Text(uFocalND, "/count ba")
	h.refetch(30) // the poller keeps trying all along
	h.waitSent(uFocalND.ID, 1)
	for _, u := range []telegramtest.User{uFocalHN, uFocalND} {
		got := h.srv.SentTo(u.ID)
		if len(got) != 1 || got[0].Text != msg.BotStoreOutage {
			t.Fatalf("%s during the outage got %q, want the outage notice once", u.FirstName, texts(got))
		}
	}
	if c.count() != 0 || h.srv.Pending() != 3 {
		t.Fatalf("during the outage: %d effects, %d updates left at Telegram; want 0 and 3", c.count(), h.srv.Pending())
	}

	down.Store(false)
	h.refetch(1)
	h.runFor(10 * time.Second) // every answer is due by then
	mustTexts(t, h.srv.SentTo(uFocalHN.ID), msg.BotStoreOutage, "một", "hai")
	mustTexts(t, h.srv.SentTo(uFocalND.ID), msg.BotStoreOutage, "ba")
	if h.srv.Pending() != 0 {
		t.Errorf("%d updates still unconfirmed after the outage", h.srv.Pending())
	}

	// A later outage tells people again, once.
	down.Store(true)
	h.srv.Text(uFocalHN, "/count bốn")
	h.waitSent(uFocalHN.ID, 4)
	h.refetch(5)
	down.Store(false)
	h.refetch(1)
	h.runFor(10 * time.Second)
	mustTexts(t, h.srv.SentTo(uFocalHN.ID), msg.BotStoreOutage, "một", "hai", msg.BotStoreOutage, "bốn")
	if n := testutil.ToFloat64(h.b.metrics.notices); n != 3 {
		t.Errorf("outage notices counted = %v, want 3", n)
	}
}

// An outage normally ends with the next queued update (every update that
// could not be queued comes again). When none comes (Telegram gave up on a
// webhook delivery), the bot's own write probe ends it, so that the next
// outage tells people again.
func TestOutageEndsWhenTheStoreTakesWritesAgainWithoutAnyUpdate(t *testing.T) {
	h := newHarness(t)
	down := outageSwitch(h)
	h.start()
	raw := []byte(`{"update_id":7,"message":{"message_id":1,"date":1,"chat":{"id":20,"type":"private"},"from":{"id":20,"first_name":"Lan"},"text":"12"}}`)
	down.Store(true)
	h.b.unqueued(context.Background(), 7, raw, h.b.outage.current())
	h.b.unqueued(context.Background(), 7, raw, h.b.outage.current())
	h.waitSent(uFocalHN.ID, 1)
	h.runFor(10 * time.Second)
	if !h.b.outage.active() {
		t.Fatal("the outage ended while the store still refused writes")
	}
	down.Store(false)
	h.runFor(2 * time.Second)
	if h.b.outage.active() {
		t.Fatal("the outage did not end once the store took writes")
	}
	down.Store(true)
	h.b.unqueued(context.Background(), 7, raw, h.b.outage.current())
	h.waitSent(uFocalHN.ID, 2)
	down.Store(false)
	h.runFor(2 * time.Second)
	mustTexts(t, h.srv.SentTo(uFocalHN.ID), msg.BotStoreOutage, msg.BotStoreOutage)
}

// The store goes away just after an update was queued: its handling cannot
// even look up who wrote. The person is told that nothing was recorded (not
// that they are unregistered), and the update is handled once the store is
// back, without waiting for a restart.
func TestUpdateQueuedJustBeforeTheOutageIsHandledWhenBack(t *testing.T) {
	c := &counter{}
	h := newHarness(t, withSetup(c.register))
	var down atomic.Bool
	h.kv.(*storetest.Mem).Fail = func(op, bucket, key string) error {
		if down.Load() && !(op == "create" && bucket == bucketUpdates) {
			return errUnreachable
		}
		return nil
	}
	h.start()
	down.Store(true)
	h.srv.Text(uFocalHN, "/count một")
	h.waitSent(uFocalHN.ID, 1)
	h.runFor(10 * time.Second)
	mustTexts(t, h.srv.SentTo(uFocalHN.ID), msg.BotStoreOutage)
	if c.count() != 0 {
		t.Fatalf("handled during the outage")
	}
	down.Store(false)
	h.run(func() bool { return c.count() == 1 })
	h.runFor(5 * time.Second)
	mustTexts(t, h.srv.SentTo(uFocalHN.ID), msg.BotStoreOutage, "một")
	h.restart()
	if c.count() != 1 {
		t.Fatalf("effects after restart = %d, want 1 (marked handled once handled)", c.count())
	}
}

func TestStoreOutageInWebhookMode(t *testing.T) {
	c := &counter{}
	h := newHarness(t, withSetup(c.register))
	down := outageSwitch(h)
	hook := httptest.NewServer(nil)
	t.Cleanup(hook.Close)
	h.cfg.WebhookURL, h.cfg.WebhookSecret = hook.URL+"/", "s"
	h.b = h.newBot()
	hook.Config.Handler = h.b.Handler()
	h.start()

	down.Store(true)
	h.srv.Text(uFocalHN, "/count một")
	h.run(func() bool { return len(h.srv.SentTo(uFocalHN.ID)) > 0 })
	h.runFor(30 * time.Second) // Telegram retries every second meanwhile
	mustTexts(t, h.srv.SentTo(uFocalHN.ID), msg.BotStoreOutage)
	if h.srv.Pending() != 1 {
		t.Fatalf("webhook answered 200 for an update it could not queue")
	}
	down.Store(false)
	h.run(func() bool { return len(h.srv.SentTo(uFocalHN.ID)) == 2 })
	mustTexts(t, h.srv.SentTo(uFocalHN.ID), msg.BotStoreOutage, "một")
}

// lossyKV writes a Create and then reports a failure, as a store whose
// answer is lost on the way back does.
type lossyKV struct {
	store.KV
	lose atomic.Int32 // how many Creates to report as failed
}

func (l *lossyKV) Create(ctx context.Context, bucket, key string, value []byte, ttl time.Duration) (bool, error) {
	ok, err := l.KV.Create(ctx, bucket, key, value, ttl)
	if err == nil && l.lose.Add(-1) >= 0 {
		return false, errors.New("read tcp: i/o timeout")
	}
	return ok, err
}

func TestClaimWrittenButNotAcknowledgedIsHandledOnce(t *testing.T) {
	c := &counter{}
	mem := storetest.NewMem(nil)
	lossy := &lossyKV{KV: mem}
	h := newHarness(t, withStore(lossy), withSetup(c.register))
	seedMembers(t, mem, h.clk)
	h.start()
	lossy.lose.Store(1)
	h.srv.Text(uFocalHN, "/count một")
	h.waitSent(uFocalHN.ID, 1)
	h.refetch(1)
	h.run(func() bool { return c.count() == 1 })
	h.runFor(10 * time.Second)
	mustTexts(t, h.srv.SentTo(uFocalHN.ID), msg.BotStoreOutage, "một")
	if c.count() != 1 {
		t.Fatalf("effects = %d, want 1", c.count())
	}
	h.restart() // nothing left queued to replay
	if c.count() != 1 {
		t.Fatalf("effects after restart = %d, want 1", c.count())
	}
}

// mustTexts checks the plain texts of got, in order; an answer of /count
// ("lần N: x") is compared by its argument x only, since the count is
// shared by all chats, handled in parallel.
func mustTexts(t testing.TB, got []telegramtest.Sent, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d messages %q, want %q", len(got), texts(got), want)
	}
	for i := range want {
		text := PlainText(got[i].Text)
		if strings.HasPrefix(text, "lần ") {
			_, text, _ = strings.Cut(text, ": ")
		}
		if text != PlainText(want[i]) {
			t.Fatalf("message %d = %q, want %q (all: %q)", i+1, got[i].Text, want[i], texts(got))
		}
	}
}

// TestHeldUpdateKeepsItsChatInOrder: one process; a chat's first update
// finds the store unreachable for a moment (its sender cannot be looked
// up) and is held; the chat's next update, already fetched, waits behind
// it instead of being answered first.
func TestHeldUpdateKeepsItsChatInOrder(t *testing.T) {
	c := &counter{}
	h := newHarness(t, withSetup(c.register))
	var armed atomic.Bool
	h.kv.(*storetest.Mem).Fail = func(op, bucket, key string) error {
		if op == "get" && bucket == org.BucketMembers && armed.CompareAndSwap(true, false) {
			return errUnreachable
		}
		return nil
	}
	h.start()
	armed.Store(true)
	h.srv.Text(uFocalHN, "/count một")
	h.srv.Text(uFocalHN, "/count hai")
	h.runFor(5 * time.Second)
	mustTexts(t, answersTo(h, uFocalHN.ID), "một", "hai")
}

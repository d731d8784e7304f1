package bot

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/thiduabot/thiduabot/msg"
)

// outage is what the intake knows while the store cannot queue updates.
// Nothing is lost meanwhile: an update that was not queued is not confirmed
// either (the polling offset stays before it; a webhook call gets 503, so
// Telegram delivers it again), and it is handled once the store is back.
// An update queued just before the store went away, whose handling finds it
// gone (the sender cannot even be looked up), is held in memory, still
// queued in the store, and handed over again when the store is back.
// What people need is to know: each chat that writes is told once per
// outage that nothing was recorded yet (msg.BotStoreOutage); the real answer
// follows when their update is finally handled.
type outage struct {
	mu     sync.Mutex
	told   map[int64]bool // chats told during the current outage; nil when none
	unsure map[int64]bool // update ids whose claim failed: the record may exist
	held   []item         // queued updates whose handling found the store gone, each once
	// phase counts the starts and ends of outages. An operation notes it
	// when it begins: a success that began before the current outage
	// started does not end it, and a failure that began before the last
	// outage ended does not start a new one.
	phase uint64
	wg    sync.WaitGroup // notices being sent, the watch
}

// unqueued records that update id could not be queued, and tells its
// sender if this outage has not told them yet.
func (b *Bot) unqueued(ctx context.Context, id int64, raw []byte, since uint64) {
	b.metrics.refused.Add(1)
	b.outage.remember(id)
	chat, ok := b.noticeChat(raw)
	b.warnOutage(ctx, chat, ok, since)
}

// heldKey marks a handler's context with the flag hold sets, so that its
// processing knows this handling (not an earlier one) was held.
type heldKey struct{}

// hold keeps a queued update whose handling found the store unreachable,
// to hand it over again when the store is back.
func (b *Bot) hold(ctx context.Context, it item, err error) {
	if ctx.Err() != nil {
		return // shutting down: the update stays queued for the next start
	}
	if f, ok := ctx.Value(heldKey{}).(*atomic.Bool); ok {
		f.Store(true)
	}
	b.log.Error("bot: the store did not answer while handling an update; it waits until the store is back", "update", it.id, "err", err)
	o := &b.outage
	o.mu.Lock()
	if !slices.ContainsFunc(o.held, func(h item) bool { return h.id == it.id }) {
		o.held = append(o.held, it)
	}
	o.mu.Unlock()
	raw, jerr := json.Marshal(it.upd)
	chat, ok := b.noticeChat(raw)
	b.warnOutage(ctx, chat, ok && jerr == nil, b.outage.current())
}

// warnOutage starts an outage if none is running (unless the failure, begun
// at phase since, predates the end of the last one), and sends the notice to
// chat (when notify) unless this outage told it already.
func (b *Bot) warnOutage(ctx context.Context, chat int64, notify bool, since uint64) {
	// Notices and the watch belong to the running bot (a webhook call or a
	// handler may be over before they are).
	b.mu.RLock()
	if b.runCtx != nil {
		ctx = b.runCtx
	}
	b.mu.RUnlock()
	o := &b.outage
	o.mu.Lock()
	if o.told == nil && o.phase != since {
		o.mu.Unlock()
		return // the store answered since this operation began: it is fetched again soon
	}
	if o.told == nil {
		o.told = map[int64]bool{}
		o.phase++
		b.log.Error("bot: the store is unreachable; people who write are told, and their updates wait")
		o.wg.Add(1)
		wctx, done := b.act.enter(ctx) // counted from now: tests and the console see it
		go b.watchOutage(wctx, done)
	}
	if !notify || o.told[chat] {
		o.mu.Unlock()
		return
	}
	o.told[chat] = true
	o.wg.Add(1)
	o.mu.Unlock()
	// Not inline: the poller must keep fetching while notices are paced out.
	nctx, done := b.act.enter(ctx)
	go func() {
		defer o.wg.Done()
		defer done()
		if _, err := b.send.send(nctx, chat, Message{Text: msg.BotStoreOutage}); err != nil {
			b.log.Warn("bot: outage notice not sent", "chat", chat, "err", err)
			return
		}
		b.metrics.notices.Add(1)
	}()
}

// watchOutage tries a write every second until the store takes one, and then
// ends the outage, so that held updates are handled and the next outage
// tells people again even if no update comes meanwhile (a write, not a
// read: a full disk still answers reads).
func (b *Bot) watchOutage(ctx context.Context, done func()) {
	o := &b.outage
	defer o.wg.Done()
	defer done()
	for {
		if b.act.sleep(ctx, time.Second) != nil || !o.active() {
			return
		}
		since := o.current()
		pctx, cancel := context.WithTimeout(ctx, claimTimeout)
		err := b.kv.Put(pctx, BucketMeta, metaStoreProbe, []byte(b.clock.Now().UTC().Format(time.RFC3339)))
		cancel()
		if err == nil {
			b.storeBack(ctx, since)
			return
		}
	}
}

// metaStoreProbe is the key watchOutage writes.
const metaStoreProbe = "store_probe"

// current is the phase a store operation that begins now passes on with
// its outcome (storeBack, unqueued).
func (o *outage) current() uint64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.phase
}

func (o *outage) active() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.told != nil
}

// remember marks update id as one whose record may exist although this
// process has not handled it (see claim).
func (o *outage) remember(id int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.unsure == nil {
		o.unsure = map[int64]bool{}
	}
	o.unsure[id] = true
}

// settle reports whether update id's earlier claim failed, and forgets it.
func (o *outage) settle(id int64) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.unsure[id] {
		return false
	}
	delete(o.unsure, id)
	return true
}

// errEarlierHeld holds an update behind an earlier one of its chat that
// waits for the store.
var errEarlierHeld = errors.New("an earlier update of the chat waits for the store")

// heldBefore reports whether an earlier update of its chat is held.
func (o *outage) heldBefore(it item) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, h := range o.held {
		if h.chat == it.chat && h.id < it.id {
			return true
		}
	}
	return false
}

// drop forgets update id if it was held: it has been handled since.
func (o *outage) drop(id int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.held = slices.DeleteFunc(o.held, func(it item) bool { return it.id == id })
}

// storeBack ends the outage, since the store took a write that began at
// phase since: a later outage tells people anew, and held updates are
// handed over again, in their order. A write that began before the current
// outage proves nothing about it.
func (b *Bot) storeBack(ctx context.Context, since uint64) {
	o := &b.outage
	o.mu.Lock()
	if o.phase != since || o.told == nil {
		o.mu.Unlock()
		return
	}
	o.phase++
	held := o.held
	o.held = nil
	if o.told != nil {
		b.log.Info("bot: the store answers again", "chats_told", len(o.told), "updates_held", len(held))
		o.told = nil
	}
	o.mu.Unlock()
	for _, it := range held {
		if ctx.Err() != nil {
			return // shutting down: they are still queued in the store
		}
		if err := b.disp.submit(ctx, it); err != nil {
			return // shutting down: they are still queued in the store
		}
	}
}

// wait returns once every notice has been sent (or given up).
func (o *outage) wait() { o.wg.Wait() }

// noticeChat is the chat to tell about an update that could not be queued,
// if the bot would have answered it at all: anything in a private chat, a
// button, a command addressed to this bot in a group.
func (b *Bot) noticeChat(raw []byte) (int64, bool) {
	var u models.Update
	if json.Unmarshal(raw, &u) != nil {
		return 0, false
	}
	switch {
	case u.CallbackQuery != nil:
		return chatOf(&u), true
	case u.Message != nil && u.Message.From != nil:
		if u.Message.Chat.Type == models.ChatTypePrivate {
			return u.Message.Chat.ID, true
		}
		if cmd, ok := ParseCommand(u.Message.Text); ok && cmd.For(b.Username()) {
			return u.Message.Chat.ID, true
		}
	}
	return 0, false
}

package bot

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/thiduabot/thiduabot/msg"
)

// outage is what the intake knows while the store cannot queue updates.
// Nothing is lost meanwhile: an update that was not queued is not confirmed
// either (the polling offset stays before it; a webhook call gets 503, so
// Telegram delivers it again), and it is handled once the store is back.
// What people need is to know: each chat that writes is told once per
// outage that nothing was recorded yet (msg.BotStoreOutage); the real answer
// follows when the update is finally queued and handled.
type outage struct {
	mu     sync.Mutex
	told   map[int64]bool // chats told during the current outage; nil when none
	unsure map[int64]bool // update ids whose claim failed: the record may exist
	wg     sync.WaitGroup // notices being sent
}

// unqueued records that update id could not be queued, and tells its
// sender if this outage has not told them yet.
func (b *Bot) unqueued(ctx context.Context, id int64, raw []byte) {
	b.metrics.refused.Add(1)
	// Notices and the watch belong to the running bot (a webhook call may be over).
	b.mu.RLock()
	if b.runCtx != nil {
		ctx = b.runCtx
	}
	b.mu.RUnlock()
	o := &b.outage
	o.mu.Lock()
	if o.unsure == nil {
		o.unsure = map[int64]bool{}
	}
	o.unsure[id] = true
	if o.told == nil {
		o.told = map[int64]bool{}
		b.log.Error("bot: the store cannot queue updates; people who write are told, and their updates wait at Telegram")
		o.wg.Add(1)
		wctx, done := b.act.enter(ctx) // counted from now: tests and the console see it
		go b.watchOutage(wctx, done)
	}
	chat, ok := b.noticeChat(raw)
	if !ok || o.told[chat] {
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
// ends the outage, so that the next one tells people again even if nobody
// wrote in between (a write, not a read: a full disk still answers reads).
func (b *Bot) watchOutage(ctx context.Context, done func()) {
	o := &b.outage
	defer o.wg.Done()
	defer done()
	for {
		if b.act.sleep(ctx, time.Second) != nil || !o.active() {
			return
		}
		pctx, cancel := context.WithTimeout(ctx, claimTimeout)
		err := b.kv.Put(pctx, BucketMeta, metaStoreProbe, []byte(b.clock.Now().UTC().Format(time.RFC3339)))
		cancel()
		if err == nil {
			o.end(b.log)
			return
		}
	}
}

// metaStoreProbe is the key watchOutage writes.
const metaStoreProbe = "store_probe"

func (o *outage) active() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.told != nil
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

// end records that the store answers again: a later outage tells people anew.
func (o *outage) end(log *slog.Logger) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.told != nil {
		log.Info("bot: the store queues updates again", "chats_told", len(o.told))
		o.told = nil
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

package bot

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
)

// Limits are the sending limits the Sender keeps under. The defaults are
// Telegram's published ones.
type Limits struct {
	Global    int           // messages per GlobalWin over all chats: 30
	GlobalWin time.Duration // 1s
	ChatBurst int           // a private chat may get this many at once: 3
	ChatEvery time.Duration // and then one per ChatEvery: 1s
	Group     int           // messages per GroupWin to one group: 20
	GroupWin  time.Duration // 1 minute
}

// DefaultLimits are Telegram's limits for bots.
func DefaultLimits() Limits {
	return Limits{Global: 30, GlobalWin: time.Second, ChatBurst: 3, ChatEvery: time.Second, Group: 20, GroupWin: time.Minute}
}

// pacer decides when the next message to a chat may leave. Admission is
// decided and recorded at the moment of sending, under one lock, so that the
// window counts what really went out; waiting happens on the injected clock.
type pacer struct {
	lim    Limits
	clock  clock.Clock
	shared store.Limiter // windows shared by replicas; nil on a one-process store
	log    *slog.Logger

	mu     sync.Mutex
	global []time.Time // send times within the last GlobalWin, oldest first
	chats  map[int64]*chatPace
}

type chatPace struct {
	tokens  float64     // private chats: token bucket
	at      time.Time   // of tokens
	log     []time.Time // groups: send times within GroupWin
	blocked time.Time   // after a 429: nothing to this chat before then
	used    time.Time   // last admission, for pruning
}

func newPacer(l Limits, c clock.Clock) *pacer {
	return &pacer{lim: l, clock: c, chats: map[int64]*chatPace{}}
}

// wait blocks until a message to chat may be sent and records it as sent.
// Waits are parked in the activity tracker.
//
// On a shared store (several replicas) a send this process admits must also
// fit the windows all replicas share: the global budget and the chat's
// allowance. A send refused there waits and tries again; its local
// reservation stays counted (locally conservative, never over the limit).
// If the shared windows cannot be reached, the local limits alone apply.
func (p *pacer) wait(ctx context.Context, chat int64, act *activity) error {
	for {
		d := p.reserve(chat)
		if d <= 0 && p.shared != nil {
			var err error
			if d, err = p.shared.Admit(ctx, p.clock.Now(), p.windows(chat)...); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				p.log.Warn("bot: shared send budget unreachable; keeping this replica's own limits", "err", err)
				d = 0
			}
		}
		if d <= 0 {
			return ctx.Err()
		}
		if err := act.sleep(ctx, d); err != nil {
			return err
		}
	}
}

// windows are the shared limits of a send to chat, the same as reserve's.
func (p *pacer) windows(chat int64) []store.Window {
	l := p.lim
	w := []store.Window{{Key: "pace:all", Limit: l.Global, Span: l.GlobalWin}}
	id := "pace:chat:" + strconv.FormatInt(chat, 10)
	if chat > 0 {
		return append(w, store.Window{Key: id, Limit: l.ChatBurst, Every: l.ChatEvery})
	}
	return append(w, store.Window{Key: id, Limit: l.Group, Span: l.GroupWin})
}

// block stops sending to chat until d from now (a 429's retry_after).
func (p *pacer) block(chat int64, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	cp := p.chat(chat, p.clock.Now())
	if until := p.clock.Now().Add(d); until.After(cp.blocked) {
		cp.blocked = until
	}
}

func (p *pacer) chat(chat int64, now time.Time) *chatPace {
	cp := p.chats[chat]
	if cp == nil {
		if len(p.chats) > 4096 {
			p.prune(now)
		}
		cp = &chatPace{tokens: float64(p.lim.ChatBurst), at: now}
		p.chats[chat] = cp
	}
	return cp
}

// prune forgets chats that have been quiet long enough to be back at full allowance.
func (p *pacer) prune(now time.Time) {
	quiet := max(p.lim.GroupWin, time.Duration(p.lim.ChatBurst)*p.lim.ChatEvery)
	for id, cp := range p.chats {
		if now.Sub(cp.used) > quiet && !now.Before(cp.blocked) {
			delete(p.chats, id)
		}
	}
}

// reserve admits a send now (returning 0) or says how long to wait.
func (p *pacer) reserve(chat int64) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.clock.Now()
	l := p.lim
	var wait time.Duration
	cut := now.Add(-l.GlobalWin)
	i := 0
	for i < len(p.global) && !p.global[i].After(cut) {
		i++
	}
	p.global = p.global[i:]
	if len(p.global) >= l.Global {
		wait = p.global[0].Add(l.GlobalWin).Sub(now)
	}
	cp := p.chat(chat, now)
	if cp.blocked.After(now) {
		wait = max(wait, cp.blocked.Sub(now))
	}
	if chat > 0 {
		cp.tokens = min(float64(l.ChatBurst), cp.tokens+float64(now.Sub(cp.at))/float64(l.ChatEvery))
		cp.at = now
		if cp.tokens < 1 {
			wait = max(wait, time.Duration((1-cp.tokens)*float64(l.ChatEvery))+time.Nanosecond)
		}
	} else {
		gcut := now.Add(-l.GroupWin)
		j := 0
		for j < len(cp.log) && !cp.log[j].After(gcut) {
			j++
		}
		cp.log = cp.log[j:]
		if len(cp.log) >= l.Group {
			wait = max(wait, cp.log[0].Add(l.GroupWin).Sub(now)+time.Nanosecond)
		}
	}
	if wait > 0 {
		return wait
	}
	p.global = append(p.global, now)
	if chat > 0 {
		cp.tokens--
	} else {
		cp.log = append(cp.log, now)
	}
	cp.used = now
	return 0
}

package bot

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
)

// Store buckets of the transport.
const (
	bucketUpdates  = "tg_updates"  // per update id: raw JSON while queued, doneMark once handled; expiring
	bucketConv     = "tg_conv"     // conversation state per private chat
	bucketKeyboard = "tg_keyboard" // latest keyboard per private chat, for typed presses
)

// updateTTL is how long an update id is remembered. It far outlives
// Telegram's own retention of undelivered updates (24 h), so a redelivery
// always finds the record, and it bounds how long a queued update waits for
// a bot that is down before it is given up.
const updateTTL = 7 * 24 * time.Hour

// doneMark replaces an update's JSON once it has had its effect.
var doneMark = []byte("done")

// claimTimeout bounds the write that queues an update, so that a store that
// hangs rather than refuses is noticed (and people told) within seconds.
const claimTimeout = 3 * time.Second

func updateKey(id int64) string { return fmt.Sprintf("%020d", id) }

// item is an update on its way through the dispatcher.
type item struct {
	id   int64
	chat int64
	upd  *models.Update
}

// accept is the one intake path of polling, webhook and replay: claim, then
// hand to the dispatcher. It reports whether the update was new.
//
// On a shared store, a second delivery of an update that is still queued is
// handed to the dispatcher too: Telegram delivers again only what was not
// answered 200, so the replica that claimed it may have died before handling
// it, and waiting for that replica's restart (or the chat's next update)
// could leave the person without an answer. Handling it is safe: under the
// chat's lease the update is skipped if it was handled meanwhile.
func (b *Bot) accept(ctx, runCtx context.Context, id int64, raw []byte) (bool, error) {
	fresh, err := b.claim(ctx, id, raw)
	if err != nil {
		return false, err
	}
	if !fresh {
		if b.shared == nil {
			return false, nil
		}
		cur, err := b.kv.Get(ctx, bucketUpdates, updateKey(id))
		if err != nil || bytes.Equal(cur, doneMark) {
			return false, nil // handled, expired, or unreadable now: nothing to take over
		}
		b.log.Info("telegram: update delivered again while still queued; handling it here", "update", id)
		return false, b.dispatch(runCtx, id, cur)
	}
	return true, b.dispatch(runCtx, id, raw)
}

// claim records the update with an atomic Create: the one record is at once
// the durable queue entry and the memory that the id was seen, so of any
// number of deliveries, concurrent or days apart, exactly one is new. Once
// handled, the record becomes a done mark (Update keeps its expiry), so each
// update costs two durable writes.
//
// A claim that failed may still have been written (the store's answer was
// lost); such an update is remembered as unsure, and when it comes again
// and its record is found still queued, it is this process's to handle.
// While claims fail, each person who writes is told once (see outage).
func (b *Bot) claim(ctx context.Context, id int64, raw []byte) (bool, error) {
	since := b.outage.current()
	cctx, cancel := context.WithTimeout(ctx, claimTimeout)
	defer cancel()
	created, err := b.create(cctx, id, raw)
	if err != nil {
		if ctx.Err() == nil {
			b.unqueued(ctx, id, raw, since)
		}
		return false, fmt.Errorf("queue update %d: %w", id, err)
	}
	// An earlier claim of this update failed here. If this one created the
	// record, that one did not; if the record exists and is still queued,
	// the failed one wrote it and nobody has handled it.
	if unsure := b.outage.settle(id); unsure && !created {
		cur, err := b.kv.Get(cctx, bucketUpdates, updateKey(id))
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			b.unqueued(ctx, id, raw, since)
			return false, fmt.Errorf("check update %d: %w", id, err)
		}
		created = err == nil && !bytes.Equal(cur, doneMark)
	}
	b.storeBack(ctx, since)
	if created {
		b.metrics.updates.Add(1)
	} else {
		b.metrics.duplicates.Add(1)
	}
	return created, nil
}

func (b *Bot) dispatch(ctx context.Context, id int64, raw []byte) error {
	var upd models.Update
	if err := json.Unmarshal(raw, &upd); err != nil {
		// Unreadable: nothing can ever handle it; mark it done so it is not replayed forever.
		b.log.Error("telegram: undecodable update dropped", "update", id, "err", err)
		b.markDone(context.WithoutCancel(ctx), id)
		return nil
	}
	return b.disp.submit(ctx, item{id: id, chat: chatOf(&upd), upd: &upd})
}

// markDone records that the update had its effect: the record becomes a
// done mark, keeping its expiry (a record expired meanwhile stays gone).
func (b *Bot) markDone(ctx context.Context, id int64) {
	if _, err := b.kv.Replace(ctx, bucketUpdates, updateKey(id), doneMark); err != nil {
		b.log.Error("telegram: could not mark update handled; it may be handled again after a restart", "update", id, "err", err)
	}
}

// replay hands over updates accepted before a restart but never handled.
func (b *Bot) replay(ctx context.Context) error {
	items, err := b.kv.List(ctx, bucketUpdates, "")
	if err != nil {
		return fmt.Errorf("bot: list queued updates: %w", err)
	}
	for _, it := range items {
		id, err := strconv.ParseInt(it.Key, 10, 64)
		if err != nil || bytes.Equal(it.Value, doneMark) {
			continue
		}
		b.log.Info("telegram: resuming update queued before restart", "update", id)
		if err := b.dispatch(ctx, id, it.Value); err != nil {
			return err
		}
	}
	return nil
}

// LastUpdateID returns the highest update id the store knows (handled within
// the last days, or queued), 0 if none. The chat console starts its fake
// Telegram's ids above it, since the store would ignore a reused id.
func (b *Bot) LastUpdateID(ctx context.Context) (int64, error) {
	items, err := b.kv.List(ctx, bucketUpdates, "")
	if err != nil || len(items) == 0 {
		return 0, err
	}
	return strconv.ParseInt(items[len(items)-1].Key, 10, 64)
}

// poll is the long-polling loop. The offset it sends confirms updates to
// Telegram; it only moves past an update once that update is durably queued.
func (b *Bot) poll(ctx context.Context) error {
	var offset int64
	backoff := time.Duration(0)
	for {
		b.beat()
		if err := ctx.Err(); err != nil {
			return err
		}
		if backoff > 0 {
			if err := clock.Sleep(ctx, b.clock, backoff); err != nil {
				return err
			}
		}
		if b.shared != nil && !b.polling.Load() {
			if err := b.takePoller(ctx); err != nil {
				return err
			}
			offset = 0 // another poller may have confirmed updates meanwhile
		}
		raws, err := b.getUpdates(ctx, offset)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			backoff = min(max(2*backoff, 100*time.Millisecond), 5*time.Second)
			b.metrics.telegramUp.Set(0)
			b.log.Warn("telegram: getUpdates failed", "err", err, "retry_in", backoff)
			continue
		}
		b.metrics.telegramUp.Set(1)
		backoff = 0
		next, err := b.acceptBatch(ctx, raws)
		if next > offset {
			offset = next
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			b.log.Error("telegram: could not queue an update; will fetch it again", "err", err)
			backoff = time.Second
		}
	}
}

// acceptBatch claims a batch of updates concurrently, so that the store can
// group their durable writes into one commit, then dispatches the new ones
// in order. It returns the offset that confirms exactly the claimed prefix:
// an update that could not be queued is fetched again, and so are the ones
// after it, which are dispatched then, in order, although already queued.
func (b *Bot) acceptBatch(ctx context.Context, raws []json.RawMessage) (int64, error) {
	type claimed struct {
		id    int64
		fresh bool
		err   error
	}
	res := make([]claimed, len(raws))
	var wg sync.WaitGroup
	for i, raw := range raws {
		var head struct {
			ID int64 `json:"update_id"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			res[i].err = errBadUpdate
			continue
		}
		res[i].id = head.ID
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i].fresh, res[i].err = b.claim(ctx, head.ID, raw)
		}()
	}
	wg.Wait()
	var offset int64
	var firstErr error
	for i, r := range res {
		switch {
		case r.err == errBadUpdate:
			b.log.Error("telegram: update without id skipped")
			if firstErr == nil {
				offset = max(offset, 0)
			}
			continue
		case r.err != nil:
			if firstErr == nil {
				firstErr = fmt.Errorf("update %d: %w", r.id, r.err)
			}
			continue
		}
		if firstErr == nil {
			offset = r.id + 1
		}
		if r.fresh && firstErr != nil {
			// Queued, but after one that was not: handled when fetched
			// again behind it, so that a chat's updates keep their order.
			b.outage.remember(r.id)
			continue
		}
		if r.fresh {
			if err := b.dispatch(ctx, r.id, raws[i]); err != nil {
				return offset, err
			}
		}
	}
	return offset, firstErr
}

var errBadUpdate = errors.New("bot: update without id")

// getUpdates is ours because the library's poller confirms updates before
// handling them and has no public getUpdates.
func (b *Bot) getUpdates(ctx context.Context, offset int64) ([]json.RawMessage, error) {
	body, err := json.Marshal(map[string]any{
		"offset":          offset,
		"timeout":         int(b.cfg.PollTimeout / time.Second),
		"allowed_updates": allowedUpdates(),
	})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, b.cfg.PollTimeout+15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.cfg.APIURL+"/bot"+b.cfg.Token+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, errors.New("getUpdates: invalid request URL") // checked by New; the URL holds the token
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.http.Do(req) // the tokenGuard: err and body are free of the token
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("read getUpdates: %w", err)
	}
	var r struct {
		OK          bool              `json:"ok"`
		Result      []json.RawMessage `json:"result"`
		Description string            `json:"description"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("decode getUpdates (HTTP %d): %w", resp.StatusCode, err)
	}
	if !r.OK {
		return nil, fmt.Errorf("getUpdates: HTTP %d: %s", resp.StatusCode, r.Description)
	}
	return r.Result, nil
}

// Handler serves Telegram's webhook calls. A call without the right secret
// gets 401 and has no effect; 200 is answered only once the update is
// durably queued (or known already), so Telegram retries anything else.
func (b *Bot) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
		if b.cfg.WebhookSecret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(b.cfg.WebhookSecret)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		b.mu.RLock()
		runCtx := b.runCtx
		b.mu.RUnlock()
		if runCtx == nil || runCtx.Err() != nil {
			http.Error(w, "not running", http.StatusServiceUnavailable)
			return
		}
		raw, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
		if err != nil {
			http.Error(w, "read error", http.StatusBadRequest)
			return
		}
		var head struct {
			ID *int64 `json:"update_id"`
		}
		if err := json.Unmarshal(raw, &head); err != nil || head.ID == nil {
			http.Error(w, "not an update", http.StatusBadRequest)
			return
		}
		// Not the request's context: once the claim is written it must also be
		// dispatched, even if Telegram hangs up meanwhile (its retry would find
		// the claim and skip the update).
		if _, err := b.accept(context.WithoutCancel(r.Context()), runCtx, *head.ID, raw); err != nil {
			b.log.Error("telegram: could not queue webhook update; Telegram will retry", "update", *head.ID, "err", err)
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// chatOf is the ordering key of an update: its chat.
func chatOf(u *models.Update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil:
		if m := u.CallbackQuery.Message.Message; m != nil {
			return m.Chat.ID
		}
		if m := u.CallbackQuery.Message.InaccessibleMessage; m != nil {
			return m.Chat.ID
		}
		return u.CallbackQuery.From.ID
	case u.EditedMessage != nil:
		return u.EditedMessage.Chat.ID
	}
	return 0
}

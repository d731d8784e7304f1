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
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
)

// Store buckets of the transport.
const (
	bucketQueue    = "tg_queue"    // updates accepted but not yet handled (raw JSON)
	bucketDone     = "tg_done"     // ids of handled updates, expiring
	bucketConv     = "tg_conv"     // conversation state per private chat
	bucketKeyboard = "tg_keyboard" // latest keyboard per private chat, for typed presses
)

// doneTTL outlives Telegram's own retention of undelivered updates (24 h),
// so a redelivery always finds the mark.
const doneTTL = 72 * time.Hour

func updateKey(id int64) string { return fmt.Sprintf("%020d", id) }

// item is an update on its way through the dispatcher.
type item struct {
	id   int64
	chat int64
	upd  *models.Update
}

// accept is the one intake path of polling, webhook and replay. It claims the
// update id with an atomic Create in the queue bucket, which is at once the
// durable queue entry and the guard against a concurrent second delivery;
// a handled update is recognised by its done mark. It reports whether the
// update was new and has been handed to the dispatcher.
func (b *Bot) accept(ctx, runCtx context.Context, id int64, raw []byte) (bool, error) {
	key := updateKey(id)
	created, err := b.kv.Create(ctx, bucketQueue, key, raw, 0)
	if err != nil {
		return false, fmt.Errorf("queue update %d: %w", id, err)
	}
	if !created {
		return false, nil // already queued: a redelivery while it waits
	}
	// Checked after the claim, so that a handling that finished in between
	// (done mark written before the queue entry is removed) is seen.
	if _, err := b.kv.Get(ctx, bucketDone, key); err == nil {
		return false, b.kv.Delete(ctx, bucketQueue, key)
	} else if !errors.Is(err, store.ErrNotFound) {
		return false, fmt.Errorf("check update %d: %w", id, err)
	}
	return true, b.dispatch(runCtx, id, raw)
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

// markDone records that the update had its effect, then drops it from the queue.
func (b *Bot) markDone(ctx context.Context, id int64) {
	key := updateKey(id)
	if _, err := b.kv.Create(ctx, bucketDone, key, []byte{'1'}, doneTTL); err != nil {
		b.log.Error("telegram: could not mark update handled; it may be handled again after a restart", "update", id, "err", err)
		return
	}
	if err := b.kv.Delete(ctx, bucketQueue, key); err != nil {
		b.log.Error("telegram: could not dequeue handled update", "update", id, "err", err)
	}
}

// replay hands over updates accepted before a restart but never handled.
func (b *Bot) replay(ctx context.Context) error {
	items, err := b.kv.List(ctx, bucketQueue, "")
	if err != nil {
		return fmt.Errorf("bot: list queued updates: %w", err)
	}
	for _, it := range items {
		id, err := strconv.ParseInt(it.Key, 10, 64)
		if err != nil {
			continue
		}
		if _, err := b.kv.Get(ctx, bucketDone, it.Key); err == nil {
			_ = b.kv.Delete(ctx, bucketQueue, it.Key)
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
	var last int64
	for _, bucket := range []string{bucketDone, bucketQueue} {
		items, err := b.kv.List(ctx, bucket, "")
		if err != nil {
			return 0, fmt.Errorf("bot: list %s: %w", bucket, err)
		}
		if len(items) > 0 {
			id, err := strconv.ParseInt(items[len(items)-1].Key, 10, 64)
			if err == nil {
				last = max(last, id)
			}
		}
	}
	return last, nil
}

// poll is the long-polling loop. The offset it sends confirms updates to
// Telegram; it only moves past an update once that update is durably queued.
func (b *Bot) poll(ctx context.Context) error {
	var offset int64
	backoff := time.Duration(0)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if backoff > 0 {
			if err := clock.Sleep(ctx, b.clock, backoff); err != nil {
				return err
			}
		}
		raws, err := b.getUpdates(ctx, offset)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			backoff = min(max(2*backoff, 100*time.Millisecond), 5*time.Second)
			b.log.Warn("telegram: getUpdates failed", "err", err, "retry_in", backoff)
			continue
		}
		backoff = 0
		for _, raw := range raws {
			var head struct {
				ID int64 `json:"update_id"`
			}
			if err := json.Unmarshal(raw, &head); err != nil {
				b.log.Error("telegram: update without id skipped", "err", err)
				continue
			}
			if _, err := b.accept(ctx, ctx, head.ID, raw); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				b.log.Error("telegram: could not queue update; will fetch it again", "update", head.ID, "err", err)
				backoff = time.Second
				break
			}
			offset = head.ID + 1
		}
	}
}

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
		return nil, errors.New(redact(err, b.cfg.Token))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.http.Do(req)
	if err != nil {
		return nil, errors.New(redact(err, b.cfg.Token))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("read getUpdates: %s", redact(err, b.cfg.Token))
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
		if _, err := b.accept(r.Context(), runCtx, *head.ID, raw); err != nil {
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

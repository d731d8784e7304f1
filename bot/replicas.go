package bot

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/thiduabot/thiduabot/store"
)

// Several replicas on one shared store (Redis). Each update is claimed once
// by an atomic Create (claim); what the replicas add on a shared store is:
//
//   - a per-chat queue index (bucketChatQ, written in the claim's
//     transaction) and a per-chat lease: a replica handles an update of a
//     chat only while holding the chat's lease, first handles every earlier
//     update of that chat still queued (whichever replica claimed it), and
//     skips an update another replica already handled. So one chat's
//     updates run one at a time, in update-id order, across processes, and
//     a replica that crashed mid-chat is taken over once its lease expires;
//   - the poller lease (pollLease): one replica polls, the others wait.
//
// On a store one process owns (bbolt) none of this runs: the dispatcher
// already orders each chat's updates.
const bucketChatQ = "tg_chatq" // "<chat>/<update key>" while an update of a shared store is queued

// Lease names.
const (
	leasePoller  = "poller"
	leaseWebhook = "webhook" // held (shared) while any replica serves the webhook
)

func chatLease(chat int64) string { return "chat:" + strconv.FormatInt(chat, 10) }

func chatQPrefix(chat int64) string { return strconv.FormatInt(chat, 10) + "/" }

func chatQKey(chat, id int64) string { return chatQPrefix(chat) + updateKey(id) }

func newOwnerID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// create writes the claim of an update: on a shared store, atomically with
// its entry in the chat's queue index (one CreateAll: one round trip on
// Redis). The entry is created and expires with the record, and is only
// deleted once the record is a done mark, so it never exists without the
// record: CreateAll's "none exists" is the record's Create.
func (b *Bot) create(ctx context.Context, id int64, raw []byte) (bool, error) {
	if b.shared == nil {
		return b.kv.Create(ctx, bucketUpdates, updateKey(id), raw, updateTTL)
	}
	var upd models.Update
	_ = json.Unmarshal(raw, &upd) // undecodable: chat 0, dropped by dispatch
	return b.kv.CreateAll(ctx, updateTTL,
		store.Entry{Bucket: bucketUpdates, Key: updateKey(id), Value: raw},
		store.Entry{Bucket: bucketChatQ, Key: chatQKey(chatOf(&upd), id), Value: []byte("q")})
}

// processShared handles it under its chat's lease, after the chat's earlier
// queued updates, unless another replica handled it already.
func (b *Bot) processShared(ctx context.Context, it item) {
	// The lease and the chat's queue in one step: what waits is read as the
	// lease is taken.
	var earlier []string
	fence, release, err := b.lease(ctx, chatLease(it.chat), true, func(name string) (bool, error) {
		held, keys, err := b.shared.LeaseKeys(ctx, name, b.owner, b.cfg.LeaseTTL, bucketChatQ, chatQPrefix(it.chat))
		earlier = keys
		return held, err
	})
	if err != nil {
		b.hold(ctx, it, err)
		return
	}
	defer func() {
		// The lease was lost midway: this update waits again for the
		// chat's lease, after which it is handled unless the replica that
		// held the lease handled it meanwhile.
		if context.Cause(fence) == errLeaseLost && ctx.Err() == nil {
			go func() {
				if err := b.disp.submit(ctx, it); err != nil && ctx.Err() == nil {
					b.log.Error("bot: could not queue an update again after losing its chat's lease", "update", it.id, "err", err)
				}
			}()
		}
	}()
	defer release()
	for _, q := range earlier {
		id, err := strconv.ParseInt(strings.TrimPrefix(q, chatQPrefix(it.chat)), 10, 64)
		if err != nil || id >= it.id {
			break
		}
		raw, queued, err := b.queued(ctx, it.chat, id)
		if err != nil {
			b.hold(ctx, it, err)
			return
		}
		if !queued {
			continue
		}
		var upd models.Update
		if err := json.Unmarshal(raw, &upd); err != nil {
			b.markDone(ctx, id)
			continue
		}
		b.log.Info("bot: handling an earlier update of the chat first (claimed by another replica or before a restart)",
			"update", id, "chat", it.chat)
		b.processFenced(ctx, fence, item{id: id, chat: it.chat, upd: &upd})
		if ctx.Err() != nil || fence.Err() != nil {
			return
		}
	}
	_, queued, err := b.queued(ctx, it.chat, it.id)
	if err != nil {
		b.hold(ctx, it, err)
		return
	}
	if !queued {
		return // handled by another replica while it held the chat
	}
	b.processFenced(ctx, fence, it)
}

// queued reads update id's record and reports whether it still waits to be
// handled; a handled one loses its chat queue entry.
func (b *Bot) queued(ctx context.Context, chat, id int64) ([]byte, bool, error) {
	raw, err := b.kv.Get(ctx, bucketUpdates, updateKey(id))
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return nil, false, fmt.Errorf("read update %d: %w", id, err)
	case !bytes.Equal(raw, doneMark):
		return raw, true, nil
	}
	if err := b.kv.Delete(ctx, bucketChatQ, chatQKey(chat, id)); err != nil {
		b.log.Warn("bot: could not drop a handled update from its chat queue", "update", id, "err", err)
	}
	return nil, false, nil
}

// unqueue drops a handled update from its chat's queue (shared store).
func (b *Bot) unqueue(ctx context.Context, it item) {
	if b.shared == nil {
		return
	}
	if err := b.kv.Delete(ctx, bucketChatQ, chatQKey(it.chat, it.id)); err != nil {
		// Harmless: the next update of the chat finds it handled and drops it.
		b.log.Warn("bot: could not drop a handled update from its chat queue", "update", it.id, "err", err)
	}
}

// lease takes the shared lease name with take (nil: a plain Lease), waiting
// while another replica holds it, and keeps it renewed until release is
// called. With wait false it returns errLeaseHeld at once instead of
// waiting. Waits are in wall time: leases expire on the store's clock.
//
// The fence it returns is done once the lease may have been lost: a renewal
// found another holder, or no renewal has succeeded for nearly the lease's
// time (the store was down, the process stalled), so that another replica
// may hold it by now. Work under the lease stops there rather than run
// alongside the other replica's.
func (b *Bot) lease(ctx context.Context, name string, wait bool, take func(name string) (bool, error)) (fence context.Context, release func(), err error) {
	ttl := b.cfg.LeaseTTL
	if take == nil {
		take = func(name string) (bool, error) { return b.shared.Lease(ctx, name, b.owner, ttl) }
	}
	pause := 2 * time.Millisecond
	var took time.Time
	for {
		took = time.Now()
		ok, err := take(name)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			break
		}
		if !wait {
			return nil, nil, errLeaseHeld
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, nil, ctx.Err()
		case <-t.C:
		}
		pause = min(2*pause, 50*time.Millisecond)
	}
	// The lease is safe until ttl after the request that took or renewed
	// it was sent, less a margin for the store's clock.
	safe := ttl - ttl/10
	fence, lost := context.WithCancelCause(context.WithoutCancel(ctx))
	expiry := time.AfterFunc(time.Until(took.Add(safe)), func() { lost(errLeaseLost) })
	rctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(ttl / 3)
		defer tick.Stop()
		for {
			select {
			case <-rctx.Done():
				return
			case <-tick.C:
				sent := time.Now()
				ok, err := b.shared.Lease(rctx, name, b.owner, ttl)
				switch {
				case err == nil && ok:
					if fence.Err() == nil {
						expiry.Reset(time.Until(sent.Add(safe)))
					}
				case err == nil:
					b.log.Warn("bot: lost a lease to another replica; its work stops here", "lease", name)
					lost(errLeaseLost)
				default:
					b.log.Warn("bot: could not renew a lease", "lease", name, "err", err)
				}
			}
		}
	}()
	return fence, func() {
		stop()
		<-done
		expiry.Stop()
		lost(nil)
		if context.Cause(fence) == errLeaseLost {
			return // not ours any more: releasing could free another replica's
		}
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.cfg.SendTimeout)
		defer cancel()
		if err := b.shared.Release(cctx, name, b.owner); err != nil {
			b.log.Warn("bot: could not release a lease; it expires on its own", "lease", name, "err", err)
		}
	}, nil
}

var (
	errLeaseHeld = errors.New("bot: lease held by another replica")
	errLeaseLost = errors.New("bot: lease may have been lost")
)

// takePoller waits until this replica may poll: nobody serves the webhook
// (a poller must not delete it under them) and it holds the poller lease,
// which it then keeps renewed while ctx lasts; polling stops if a renewal
// fails (another replica may take over once the lease expires).
func (b *Bot) takePoller(ctx context.Context) error {
	ttl := b.cfg.LeaseTTL
	told := ""
	for {
		ok := false
		holder, err := b.shared.Holder(ctx, leaseWebhook)
		if err == nil && holder == "" {
			ok, err = b.shared.Lease(ctx, leasePoller, b.owner, ttl)
		}
		switch why := ""; {
		case err != nil && ctx.Err() != nil:
			return ctx.Err()
		case ok:
			b.polling.Store(true)
			b.log.Info("telegram: this replica polls (poller lease taken)")
			go b.keepPoller(ctx)
			return nil
		default:
			switch {
			case err != nil:
				why = "store: " + err.Error()
			case holder != "":
				why = "other replicas serve the webhook; polling would delete it"
			default:
				why = "another replica polls; standing by"
			}
			b.standing.Do(func() { close(b.standby) })
			if why != told {
				b.log.Warn("telegram: not polling yet", "why", why)
				told = why
			}
		}
		t := time.NewTimer(ttl / 3)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (b *Bot) keepPoller(ctx context.Context) {
	ttl := b.cfg.LeaseTTL
	tick := time.NewTicker(ttl / 3)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			b.polling.Store(false)
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.cfg.SendTimeout)
			defer cancel()
			if err := b.shared.Release(cctx, leasePoller, b.owner); err != nil {
				b.log.Warn("telegram: could not release the poller lease; it expires on its own", "err", err)
			}
			return
		case <-tick.C:
			ok, err := b.shared.Lease(ctx, leasePoller, b.owner, ttl)
			if ctx.Err() != nil {
				continue
			}
			if err != nil || !ok {
				b.log.Error("telegram: lost the poller lease; polling stops until it is taken again", "err", err)
				b.polling.Store(false)
				return
			}
		}
	}
}

// serveWebhook marks, while ctx lasts, that replicas serve the webhook, so
// that a replica started in polling mode by mistake does not delete it.
func (b *Bot) serveWebhook(ctx context.Context) error {
	const owner = "webhook" // one shared mark: every webhook replica extends it
	if _, err := b.shared.Lease(ctx, leaseWebhook, owner, b.cfg.LeaseTTL); err != nil {
		return err
	}
	go func() {
		tick := time.NewTicker(b.cfg.LeaseTTL / 3)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return // left to expire: other replicas may still serve
			case <-tick.C:
				if _, err := b.shared.Lease(ctx, leaseWebhook, owner, b.cfg.LeaseTTL); err != nil && ctx.Err() == nil {
					b.log.Warn("telegram: could not renew the webhook mark", "err", err)
				}
			}
		}
	}()
	return nil
}

package reminders

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"

	"github.com/thiduabot/thiduabot/clock"
)

// Claim is the delivery record of one reminder to one recipient, kept under
// the delivery key (Reminder.Key + "@" + chat id).
//
// Phases: claimed (a process owns it and will send it), sending (the send
// is in flight), sent, retry (the send failed before anything left; retried
// at NextTry), failed (gave up), unknown (the process stopped while
// sending, or the transport could not tell: never resent), skipped (its
// time passed more than the grace window ago).
type Claim struct {
	Owner   string    `json:"owner"`
	Attempt int       `json:"attempt"`
	Phase   string    `json:"phase"`
	SendAt  time.Time `json:"send_at"`
	Lease   time.Time `json:"lease,omitzero"`
	NextTry time.Time `json:"next_try,omitzero"`
	SentAt  time.Time `json:"sent_at,omitzero"`
	Late    bool      `json:"late,omitempty"`
	Error   string    `json:"error,omitempty"`
}

// Claim phases.
const (
	PhaseClaimed = "claimed"
	PhaseSending = "sending"
	PhaseSent    = "sent"
	PhaseRetry   = "retry"
	PhaseFailed  = "failed"
	PhaseUnknown = "unknown"
	PhaseSkipped = "skipped"
)

// Store is what the Runner needs from storage. KVStore implements it over
// store.KV; Claim must be atomic across processes (store.KV.Create).
type Store interface {
	// Claim stores c under key only if no claim exists there, and reports
	// whether it did.
	Claim(ctx context.Context, key string, c Claim) (bool, error)
	// UpdateClaim atomically applies fn to the claim under key; fn returns
	// false to leave it unchanged. It returns the claim after the call and
	// whether fn changed it; a missing claim is reported as unchanged.
	UpdateClaim(ctx context.Context, key string, fn func(c *Claim) bool) (Claim, bool, error)
	// Cursor returns the first tick ever (created at now if none) and the
	// time before which every reminder has been handled.
	Cursor(ctx context.Context, now time.Time) (origin, done time.Time, err error)
	// Advance moves the handled-before time forward to t.
	Advance(ctx context.Context, t time.Time) error
	// Remember records the target behind Ref(target), for its buttons.
	Remember(ctx context.Context, target string) error
}

// Outcome is what a Notifier says about one send.
type Outcome int

// Outcomes. The zero value means Unknown, the safe reading of a bug.
const (
	Unknown Outcome = iota // the request may or may not have reached Telegram: never resent
	Sent                   // delivered
	NotSent                // failed before anything left: safe to retry
	Refused                // Telegram refused it for good (the user blocked the bot, a bad request): not retried
)

// Delivery is one reminder to one recipient.
type Delivery struct {
	Reminder
	To   Recipient
	Ref  string // Ref(Target), for the buttons' callback data
	Late bool   // sent after its time because the bot was down: "(nhắc muộn)"
	Key  string // the delivery key: Reminder.Key + "@" + chat id
}

// Notifier sends one delivery. It must classify the result honestly: a
// timeout after the request was written is Unknown, not NotSent.
type Notifier interface {
	Notify(ctx context.Context, d Delivery) (Outcome, error)
}

// Runner delivers planned reminders exactly once. Every Interval it plans
// the reminders due since the grace window began, claims each delivery
// atomically in the Store, sends the ones it claimed, and records the
// result. Several runners may share one Store.
//
// Guarantees and the one window of loss:
//   - A delivery key is claimed by one runner only (Store.Claim).
//   - A runner that dies after claiming but before starting to send leaves a
//     "claimed" record; after Lease another runner (or the restarted one)
//     takes it over and sends it, late by at most Lease.
//   - Before sending, the claim is marked "sending"; a runner that dies after
//     that leaves a "sending" record that is never resent (marked unknown
//     after Lease). So a crash between the send and its record produces no
//     duplicate; a crash in the instant between the mark and the request
//     leaving loses that one delivery, and it is logged as unknown.
//   - Reminders whose time passed less than Grace ago, counted in working
//     time, are sent with "(nhắc muộn)"; older ones are marked skipped and
//     logged once, never replayed in a burst. Nothing before the very
//     first tick is sent. Outside working hours only meeting notices go
//     out; a late reminder waits for the next working slot.
type Runner struct {
	Calendar *Calendar
	// State returns the current state for planning reminders due in
	// [from, to); nil means the empty state. LoadState is the usual one.
	State    func(ctx context.Context, from, to time.Time) (State, error)
	Store    Store
	Notifier Notifier
	Clock    clock.Clock
	Logger   *slog.Logger
	// ID names this process in claims; random when empty.
	ID string
	// Interval between ticks (default 1 minute).
	Interval time.Duration
	// Grace is how late a reminder may still be sent, in working time
	// (default 6 hours).
	Grace time.Duration
	// LateAfter marks a delivery as late (default 15 minutes).
	LateAfter time.Duration
	// Lease is how long a claim is reserved for its owner (default 10 minutes).
	Lease time.Duration
	// MaxAttempts bounds retries of NotSent deliveries (default 5).
	MaxAttempts int
	// SendTimeout bounds one Notify call (default 1 minute). The call is not
	// cut short when the runner is stopped: a send already started is
	// finished and recorded, so a shutdown leaves no "unknown" behind.
	SendTimeout time.Duration
	// Observe, when set, receives the counts of every tick (for /metrics).
	Observe func(TickStats)

	settled map[string]time.Time // delivery keys finished for good, by send time
	plans   PlanCache            // the plan of a state kept between ticks
	hook    func(point string)   // tests: simulate a crash at a point
}

// Runner defaults.
const (
	DefaultInterval    = time.Minute
	DefaultGrace       = 6 * time.Hour
	DefaultLateAfter   = 15 * time.Minute
	DefaultLease       = 10 * time.Minute
	DefaultMaxAttempts = 5
	DefaultSendTimeout = time.Minute
)

// TickStats counts what one tick did.
type TickStats struct {
	Due, Sent, Late, Skipped, Retry, Failed, Unknown, TakenOver int
}

func (r *Runner) defaults() {
	if r.Interval <= 0 {
		r.Interval = DefaultInterval
	}
	if r.Grace <= 0 {
		r.Grace = DefaultGrace
	}
	if r.LateAfter <= 0 {
		r.LateAfter = DefaultLateAfter
	}
	if r.Lease <= 0 {
		r.Lease = DefaultLease
	}
	if r.MaxAttempts <= 0 {
		r.MaxAttempts = DefaultMaxAttempts
	}
	if r.SendTimeout <= 0 {
		r.SendTimeout = DefaultSendTimeout
	}
	if r.Logger == nil {
		r.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if r.ID == "" {
		var b [6]byte
		_, _ = rand.Read(b[:])
		r.ID = "runner-" + hex.EncodeToString(b[:])
	}
	if r.settled == nil {
		r.settled = map[string]time.Time{}
	}
}

// Run ticks until ctx is done.
func (r *Runner) Run(ctx context.Context) error {
	r.defaults()
	for {
		s, err := r.Tick(ctx)
		if err != nil && ctx.Err() == nil {
			r.Logger.Error("reminders tick failed", "err", err)
		}
		if s.Sent+s.Skipped+s.Failed+s.Unknown > 0 {
			r.Logger.Info("reminders tick", "sent", s.Sent, "late", s.Late, "skipped", s.Skipped,
				"retry", s.Retry, "failed", s.Failed, "unknown", s.Unknown, "taken_over", s.TakenOver)
		}
		if r.Observe != nil {
			r.Observe(s)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-r.Clock.After(r.Interval):
		}
	}
}

// DeliveryKey is the claim key of one reminder to one chat.
func DeliveryKey(r Reminder, to Recipient) string {
	return r.Key + "@" + strconv.FormatInt(to.ChatID, 10)
}

type pending struct {
	d       Delivery
	attempt int
}

// Tick runs one round at the clock's current time.
func (r *Runner) Tick(ctx context.Context) (TickStats, error) {
	r.defaults()
	var stats TickStats
	now := r.Clock.Now()
	origin, done, err := r.Store.Cursor(ctx, now)
	if err != nil {
		return stats, err
	}
	lo := r.Calendar.WorkingBefore(now, r.Grace)
	if lo.Before(origin) {
		lo = origin
	}
	var st State = &Snapshot{}
	if r.State != nil {
		if st, err = r.State(ctx, minTime(done, lo), now.Add(time.Nanosecond)); err != nil {
			return stats, fmt.Errorf("load reminder state: %w", err)
		}
	}

	// Downtime longer than the grace window: mark what is too old as
	// skipped, once, and say so in the log.
	if done.Before(lo) {
		for _, rem := range r.plans.Plan(r.Calendar, st, done, lo) {
			for _, to := range rem.Recipients {
				key := DeliveryKey(rem, to)
				ok, err := r.Store.Claim(ctx, key, Claim{Owner: r.ID, Phase: PhaseSkipped, SendAt: rem.SendAt})
				if err != nil {
					return stats, err
				}
				if ok {
					stats.Skipped++
					r.Logger.Warn("reminder skipped: its time passed longer ago than the grace window",
						"key", key, "send_at", rem.SendAt, "grace", r.Grace)
				}
			}
		}
	}

	for k, at := range r.settled {
		if at.Before(lo.Add(-time.Hour)) {
			delete(r.settled, k)
		}
	}

	// Outside working hours only meeting notices go out (they answer a
	// chair's own action); late reminders wait for the next working slot,
	// which the working-time grace window still covers.
	working := r.Calendar.InWorkingHours(now)
	var mine []pending
	for _, rem := range r.plans.Plan(r.Calendar, st, lo, now.Add(time.Nanosecond)) {
		if !working && rem.Kind != KindMeetingNotice && rem.Kind != KindMeetingCancel {
			continue
		}
		for _, to := range rem.Recipients {
			key := DeliveryKey(rem, to)
			if _, ok := r.settled[key]; ok {
				continue
			}
			stats.Due++
			d := Delivery{Reminder: rem, To: to, Ref: Ref(rem.Target), Key: key}
			ok, err := r.Store.Claim(ctx, key, Claim{Owner: r.ID, Attempt: 1, Phase: PhaseClaimed, SendAt: rem.SendAt, Lease: now.Add(r.Lease)})
			if err != nil {
				return stats, err
			}
			if ok {
				mine = append(mine, pending{d: d, attempt: 1})
				continue
			}
			c, changed, err := r.Store.UpdateClaim(ctx, key, func(c *Claim) bool {
				switch c.Phase {
				case PhaseClaimed:
					if now.Before(c.Lease) {
						return false
					}
				case PhaseRetry:
					if now.Before(c.NextTry) {
						return false
					}
				case PhaseSending:
					if now.Before(c.Lease) {
						return false
					}
					c.Phase, c.Error = PhaseUnknown, "the process stopped while sending"
					return true
				default:
					return false
				}
				c.Owner, c.Attempt, c.Phase, c.Lease = r.ID, c.Attempt+1, PhaseClaimed, now.Add(r.Lease)
				return true
			})
			if err != nil {
				return stats, err
			}
			switch {
			case changed && c.Phase == PhaseClaimed:
				stats.TakenOver++
				mine = append(mine, pending{d: d, attempt: c.Attempt})
			case changed && c.Phase == PhaseUnknown:
				stats.Unknown++
				r.settled[key] = rem.SendAt
				r.Logger.Warn("reminder may not have been sent: a process stopped while sending it; not resending",
					"key", key, "owner", c.Owner)
			case c.Phase == PhaseSent || c.Phase == PhaseFailed || c.Phase == PhaseUnknown || c.Phase == PhaseSkipped:
				r.settled[key] = rem.SendAt
			}
		}
	}
	r.crash("claimed")

	for _, p := range mine {
		if ctx.Err() != nil {
			break
		}
		r.deliver(ctx, p, &stats)
	}
	if err := ctx.Err(); err != nil {
		// Stopped mid-batch: the window is not done. The next tick plans it
		// again; what was claimed here is not sent twice.
		return stats, err
	}
	if err := r.Store.Advance(ctx, now); err != nil {
		return stats, err
	}
	return stats, nil
}

func (r *Runner) crash(point string) {
	if r.hook != nil {
		r.hook(point)
	}
}

func (r *Runner) deliver(ctx context.Context, p pending, stats *TickStats) {
	key := p.d.Key
	now := r.Clock.Now()
	p.d.Late = now.Sub(p.d.SendAt) > r.LateAfter
	log := r.Logger.With("key", key, "attempt", p.attempt)
	if err := r.Store.Remember(ctx, p.d.Target); err != nil {
		log.Error("reminder not sent: cannot store its button reference", "err", err)
		r.retry(ctx, p, now, err, stats)
		return
	}
	_, ok, err := r.Store.UpdateClaim(ctx, key, func(c *Claim) bool {
		if c.Owner != r.ID || c.Attempt != p.attempt || c.Phase != PhaseClaimed {
			return false
		}
		c.Phase, c.Lease, c.Late = PhaseSending, now.Add(r.Lease), p.d.Late
		return true
	})
	if err != nil || !ok {
		if err != nil {
			log.Error("reminder not sent: cannot mark it as sending", "err", err)
		}
		return // another runner took it over, or the store failed: it stays claimed
	}
	r.crash("sending")
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.SendTimeout)
	out, sendErr := r.Notifier.Notify(sendCtx, p.d)
	cancel()
	r.crash("sent")
	ctx = context.WithoutCancel(ctx) // record what happened, even when stopping
	done := r.Clock.Now()
	switch out {
	case Sent:
		stats.Sent++
		if p.d.Late {
			stats.Late++
		}
		r.finish(ctx, key, p.attempt, func(c *Claim) { c.Phase, c.SentAt = PhaseSent, done })
		r.settled[key] = p.d.SendAt
	case NotSent:
		log.Warn("reminder not sent", "err", sendErr)
		r.retry(ctx, p, done, sendErr, stats)
	case Refused:
		stats.Failed++
		log.Warn("reminder refused by Telegram; not retried", "chat", p.d.To.ChatID, "err", sendErr)
		r.finish(ctx, key, p.attempt, func(c *Claim) { c.Phase, c.Error = PhaseFailed, errString(sendErr) })
		r.settled[key] = p.d.SendAt
	default:
		stats.Unknown++
		log.Error("reminder may not have been sent; not resending", "err", sendErr)
		r.finish(ctx, key, p.attempt, func(c *Claim) { c.Phase, c.Error = PhaseUnknown, errString(sendErr) })
		r.settled[key] = p.d.SendAt
	}
}

func (r *Runner) retry(ctx context.Context, p pending, now time.Time, cause error, stats *TickStats) {
	if p.attempt >= r.MaxAttempts {
		stats.Failed++
		r.Logger.Error("reminder given up", "key", p.d.Key, "attempts", p.attempt, "err", cause)
		r.finish(ctx, p.d.Key, p.attempt, func(c *Claim) { c.Phase, c.Error = PhaseFailed, errString(cause) })
		r.settled[p.d.Key] = p.d.SendAt
		return
	}
	stats.Retry++
	next := now.Add(time.Duration(p.attempt) * time.Minute)
	r.finish(ctx, p.d.Key, p.attempt, func(c *Claim) { c.Phase, c.NextTry, c.Error = PhaseRetry, next, errString(cause) })
}

// finish records the outcome if this runner still owns the claim.
func (r *Runner) finish(ctx context.Context, key string, attempt int, set func(c *Claim)) {
	_, _, err := r.Store.UpdateClaim(ctx, key, func(c *Claim) bool {
		if c.Owner != r.ID || c.Attempt != attempt {
			return false
		}
		set(c)
		return true
	})
	if err != nil {
		r.Logger.Error("cannot record reminder outcome", "key", key, "err", err)
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

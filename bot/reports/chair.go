package reports

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/submissions"
	"github.com/thiduabot/thiduabot/vi"
)

// cmdProgress is /tiendo [cụm] [kỳ]: which units have confirmed, which have
// a draft, which have nothing (with their focal point). Chairs and deputies
// see their cluster; an admin names one or sees every cluster.
func (f *Feature) cmdProgress(ctx context.Context, r *bot.Request) error {
	var clusters []*org.Cluster
	p, argv, err := f.periodArgs(r.Command.Argv)
	if err != nil {
		return err
	}
	for _, a := range argv {
		cl, ok := f.d.Org.Cluster(strings.ToLower(a))
		if !ok {
			return userText(msg.ReportsBadPeriod(a))
		}
		if !r.May(org.ActProgress, org.Target{Cluster: cl.ID}) {
			return userText(msg.ReportsOtherCluster)
		}
		clusters = append(clusters, cl)
	}
	if len(clusters) == 0 {
		for i := range f.d.Org.Clusters {
			cl := &f.d.Org.Clusters[i]
			if r.May(org.ActProgress, org.Target{Cluster: cl.ID}) {
				clusters = append(clusters, cl)
			}
		}
	}
	var parts []string
	for _, cl := range clusters {
		text, err := f.progress(ctx, cl, p)
		if err != nil {
			return err
		}
		if len(clusters) > 1 {
			text = cl.Name + "\n" + text
		}
		parts = append(parts, text)
	}
	return r.Reply(ctx, bot.Message{Text: bot.Escape(strings.Join(parts, "\n\n"))})
}

func (f *Feature) progress(ctx context.Context, cl *org.Cluster, p submissions.Period) (string, error) {
	if p.IsZero() {
		p = f.reports.OpenPeriod(cl.ID)
	}
	ids := make([]string, 0, len(cl.Units))
	names := map[string]string{}
	for _, u := range cl.Units {
		ids = append(ids, u.ID)
		names[u.ID] = u.Name
	}
	ps, err := f.reports.Progress(ctx, cl.ID, ids, p)
	if err != nil {
		return "", err
	}
	members, err := f.b.Members().List(ctx, cl.ID)
	if err != nil {
		return "", err
	}
	focal := map[string]string{}
	for _, m := range members {
		if m.Role == org.RoleFocal {
			focal[m.Unit] = m.Name
		}
	}
	return submissions.ProgressText(p, ps, names, focal), nil
}

// cmdUnlock is /baocao mo <đơn vị> [kỳ] [số ngày]: a chair or an admin
// opens a locked period of a unit (by default last month) for focal points'
// confirmations during a window of working days (by default
// submissions.DefaultUnlockDays), counted on the reminders' calendar.
func (f *Feature) cmdUnlock(ctx context.Context, r *bot.Request, argv []string) error {
	days, argv, ok := unlockDays(argv)
	if !ok {
		return userText(msg.ReportsUnlockBadDays)
	}
	unit, p, err := f.parseTarget(argv)
	if err != nil {
		return err
	}
	if unit == "" {
		return userText(msg.ReportsUnlockUsage)
	}
	u, cl, _ := f.d.Org.Unit(unit)
	if !r.May(org.ActSubmit, org.Target{Cluster: cl.ID, Unit: u.ID}) {
		return userText(msg.ReportsOtherCluster)
	}
	now := f.d.Clock.Now().In(f.d.Location)
	if p.IsZero() {
		p = submissions.PeriodOf(now).Prev()
	}
	if submissions.PeriodOf(now).Before(p) {
		return userText(msg.SubmitFuturePeriod)
	}
	by := actor(r)
	rep, err := f.reports.Unlock(ctx, cl.ID, u.ID, p, by, submissions.UnlockEnd(f.d.Working, now, days))
	if err != nil {
		return domainError(err)
	}
	// The notice shows when the period really closes: the window's end, or
	// the period's own lock when that is later.
	until, _ := f.reports.OpenUntil(cl.ID, p, rep)
	text := msg.SubmitUnlocked(p.Label(), u.Name, by.Name, endText(until))
	if err := r.Reply(ctx, bot.Message{Text: bot.Escape(text)}); err != nil {
		return err
	}
	// The focal point is told too: they are the one to confirm.
	if m, ok, err := f.b.Members().Focal(ctx, u.ID); err == nil && ok && m.UserID != r.User.ID {
		if _, err := f.b.Send(ctx, m.UserID, bot.Message{Text: bot.Escape(text + " " + msg.ReportsUnlockedHint)}); err != nil {
			f.d.Log.Warn("reports: focal point not told of unlock", "unit", u.ID, "err", err)
		}
	}
	return nil
}

// maxUnlockDays bounds the window a chair may give.
const maxUnlockDays = 30

// unlockDays takes the window's length ("5", "5 ngày", "5ngay") out of the
// arguments of /baocao mo; ok is false for a length out of bounds.
func unlockDays(argv []string) (days int, rest []string, ok bool) {
	days = submissions.DefaultUnlockDays
	for i := 0; i < len(argv); i++ {
		a := vi.Fold(argv[i])
		num := strings.TrimSuffix(a, "ngay")
		n, err := strconv.Atoi(num)
		if err != nil || strings.ContainsAny(num, "+-") {
			rest = append(rest, argv[i])
			continue
		}
		if n < 1 || n > maxUnlockDays {
			return 0, nil, false
		}
		days = n
		if num == a && i+1 < len(argv) && vi.Fold(argv[i+1]) == "ngay" {
			i++
		}
	}
	return days, rest, true
}

// Run sends the chairs' digests and the idle reminders until ctx ends.
func (f *Feature) Run(ctx context.Context) error {
	defer f.loop.set(true, time.Time{})
	// Confirmations from now on are news for the chairs.
	now := f.d.Clock.Now().Add(-time.Nanosecond)
	for _, cl := range f.d.Org.Clusters {
		if _, err := f.watermark(ctx, cl.ID, now); err != nil && ctx.Err() == nil {
			f.d.Log.Error("reports: digest watermark", "cluster", cl.ID, "err", err)
		}
	}
	for {
		f.beat()
		until := f.d.Clock.Now().Add(f.d.Tick)
		wake := f.d.Clock.After(f.d.Tick)
		f.loop.set(true, until)
		select {
		case <-ctx.Done():
			return nil
		case <-wake:
		}
		f.loop.set(false, time.Time{})
		if err := f.digests(ctx); err != nil && ctx.Err() == nil {
			f.d.Log.Error("reports: digest failed", "err", err)
		}
		if err := f.remindIdle(ctx); err != nil && ctx.Err() == nil {
			f.d.Log.Error("reports: idle reminders failed", "err", err)
		}
	}
}

func (f *Feature) beat() {
	if f.d.Beat != nil {
		f.d.Beat()
	}
}

// digests tells each cluster's chair and deputy which units confirmed since
// the last digest, in one message, once the confirmations have paused for
// DigestQuiet (or DigestMax after the first).
func (f *Feature) digests(ctx context.Context) error {
	now := f.d.Clock.Now()
	for _, cl := range f.d.Org.Clusters {
		since, err := f.watermark(ctx, cl.ID, now)
		if err != nil {
			return err
		}
		reps, err := f.reports.ConfirmedSince(ctx, cl.ID, since)
		if err != nil {
			return err
		}
		if len(reps) == 0 {
			continue
		}
		first, last := reps[0].ConfirmedAt, reps[len(reps)-1].ConfirmedAt
		if now.Sub(last) < f.d.DigestQuiet && now.Sub(first) < f.d.DigestMax {
			continue
		}
		names := map[string]string{}
		for _, u := range cl.Units {
			names[u.ID] = u.Name
		}
		lines := make([]string, 0, len(reps))
		for _, rep := range reps {
			name := names[rep.Unit]
			if name == "" {
				name = rep.Unit
			}
			lines = append(lines, msg.ReportsDigestLine(name, rep.Period.Label(), vi.DateTime(rep.ConfirmedAt.In(f.d.Location)), rep.ConfirmedBy.Name, rep.Late))
		}
		// Advance the watermark first: a digest missed is better than one
		// repeated. It moves only from what this tick read, so of several
		// replicas ticking at once exactly one sends the digest.
		won, err := f.advance(ctx, cl.ID, since, last)
		if err != nil {
			return err
		}
		if !won {
			continue
		}
		chairs, err := f.b.Members().Chairs(ctx, cl.ID)
		if err != nil {
			return err
		}
		text := bot.Escape(msg.ReportsDigest(cl.Name, lines))
		for _, m := range chairs {
			if m.Unreachable {
				continue
			}
			if _, err := f.b.Send(ctx, m.UserID, bot.Message{Text: text}); err != nil {
				f.d.Log.Warn("reports: digest not delivered", "user", m.UserID, "err", err)
			}
		}
	}
	return nil
}

// watermark is when cluster's chairs were last told; on first use, now
// (earlier confirmations are not news).
func (f *Feature) watermark(ctx context.Context, cluster string, now time.Time) (time.Time, error) {
	raw, err := f.d.Store.Get(ctx, digestBucket, cluster)
	if errors.Is(err, store.ErrNotFound) {
		// Create: another replica starting at once may set it first.
		created, err := f.d.Store.Create(ctx, digestBucket, cluster, []byte(now.UTC().Format(time.RFC3339Nano)), 0)
		if err != nil {
			return time.Time{}, err
		}
		if created {
			return now, nil
		}
		raw, err = f.d.Store.Get(ctx, digestBucket, cluster)
	}
	if err != nil {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339Nano, string(raw))
}

// advance moves cluster's watermark from since to to, in one transaction
// that compares first; it reports false when the watermark is no longer
// since (another replica sent this digest).
func (f *Feature) advance(ctx context.Context, cluster string, since, to time.Time) (bool, error) {
	won := false
	err := f.d.Store.Txn(ctx, func(tx store.Tx) error {
		won = false
		raw, err := tx.Get(digestBucket, cluster)
		if err != nil {
			return err
		}
		cur, err := time.Parse(time.RFC3339Nano, string(raw))
		if err != nil || !cur.Equal(since) {
			return nil
		}
		won = true
		return tx.Put(digestBucket, cluster, []byte(to.UTC().Format(time.RFC3339Nano)))
	})
	if err != nil {
		return false, fmt.Errorf("advance digest watermark of %s: %w", cluster, err)
	}
	return won, nil
}

// remindIdle reminds, once, each user whose draft has rested for Idle.
func (f *Feature) remindIdle(ctx context.Context) error {
	idle, err := f.drafts.Idle(ctx, f.d.Idle)
	if err != nil {
		return err
	}
	for _, d := range idle {
		ok, err := f.drafts.MarkReminded(ctx, d)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		s, err := f.questions(ctx, &d)
		if err != nil {
			f.d.Log.Warn("reports: idle draft of an unknown unit", "user", d.User.UserID, "err", err)
			continue
		}
		text := msg.SubmitIdleReminder(d.Period.Label(), d.Answered(s.qs), len(s.qs))
		if _, err := f.b.Send(ctx, d.User.UserID, bot.Message{Text: bot.Escape(text)}); err != nil {
			f.d.Log.Warn("reports: idle reminder not delivered", "user", d.User.UserID, "err", err)
		}
	}
	return nil
}

// parking tells whether Run is waiting for a tick not yet due, so that
// tests on a fake clock move the clock only when the loop is parked (as the
// bot's own activity tracking does for handlers).
type parking struct {
	mu      sync.Mutex
	parked  bool
	until   time.Time // the tick waited for
	changed chan struct{}
}

func (p *parking) set(parked bool, until time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.parked, p.until = parked, until
	if p.changed != nil {
		close(p.changed)
	}
	p.changed = make(chan struct{})
}

// settled reports whether the loop waits for a tick that is not due at now.
func (p *parking) settled(now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.parked && (p.until.IsZero() || now.Before(p.until))
}

// wait returns once the loop is settled on clk, or when ctx ends.
func (p *parking) wait(ctx context.Context, clk clock.Clock) error {
	for {
		p.mu.Lock()
		if p.changed == nil {
			p.changed = make(chan struct{})
		}
		ch := p.changed
		p.mu.Unlock()
		if p.settled(clk.Now()) {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Package sector puts the sector overview on Telegram for the standing
// council's staff (admins): /tongquan [kỳ] shows every cluster at a glance
// with the reasons a cluster needs attention, and once a month, when every
// cluster's reports of the past month have locked, the same overview goes to
// every admin unasked. Figures come from sector.Source, as for `thiduabot
// sector`.
package sector

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/sector"
	"github.com/thiduabot/thiduabot/store"
)

// Bucket holds the monthly digest's claims.
const Bucket = "sector"

// DigestHour is the local hour the monthly digest goes out, on the first
// day after every cluster's reports of the past month have locked.
const DigestHour = 8

// DigestCatchUp is how late a digest still goes out (a bot down over its
// hour sends it when back); a bot started later in the month does not send
// a stale one.
const DigestCatchUp = 72 * time.Hour

// Deps are what the feature needs.
type Deps struct {
	Source *sector.Source
	Org    *org.Config
	Store  store.KV
	// Admins lists the Telegram ids of the admins (ADMIN_IDS and members
	// registered as admins) for the monthly digest.
	Admins   func(ctx context.Context) ([]int64, error)
	Clock    clock.Clock
	Location *time.Location
	Log      *slog.Logger
}

// Feature answers /tongquan and sends the monthly digest.
type Feature struct {
	d Deps
	b *bot.Bot
}

// Register adds /tongquan (admins only) to b.
func Register(b *bot.Bot, d Deps) *Feature {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Location == nil {
		d.Location = time.UTC
	}
	if d.Clock == nil {
		d.Clock = clock.Real{}
	}
	f := &Feature{d: d, b: b}
	b.Command("tongquan", org.Roles(org.RoleAdmin), f.cmdOverview)
	return f
}

func (f *Feature) cmdOverview(ctx context.Context, r *bot.Request) error {
	now := f.d.Clock.Now().In(f.d.Location)
	p := f.d.Source.DefaultPeriod(now)
	if len(r.Command.Argv) > 0 {
		typed := strings.Join(r.Command.Argv, " ")
		n, err := scoring.ParseNamedAt(typed, scoring.Period{Year: now.Year(), Month: now.Month()})
		q := n.Period
		if err != nil {
			return bot.Userf(msg.SectorBadPeriod, typed)
		}
		if q.Year > now.Year() || (q.Year == now.Year() && q.Month > now.Month()) {
			return bot.Userf(msg.SectorFuture, q.Label())
		}
		p = q
	}
	ov, err := f.d.Source.Overview(ctx, p, f.d.Clock.Now())
	if err != nil {
		return err
	}
	return r.Reply(ctx, bot.Message{Text: sector.HTML(ov, p), Buttons: r.AppButtons(msg.SectorAppButton, "tongquan")})
}

// DigestDue returns the month whose digest is due at now and whether one
// is: the previous month's, from DigestHour on the day after the last of
// the clusters' locks of that month (or the next working day),
// for DigestCatchUp.
func (f *Feature) DigestDue(now time.Time) (scoring.Period, bool) {
	local := now.In(f.d.Location)
	prev := time.Date(local.Year(), local.Month()-1, 1, 0, 0, 0, 0, f.d.Location)
	p := scoring.Period{Year: prev.Year(), Month: prev.Month()}
	var last time.Time
	for _, cl := range f.d.Org.Clusters {
		if _, lock := f.d.Source.Windows.SubmissionWindow(cl.ID, p.Year, p.Month); lock.After(last) {
			last = lock
		}
	}
	l := last.In(f.d.Location)
	at := time.Date(l.Year(), l.Month(), l.Day()+1, DigestHour, 0, 0, 0, f.d.Location)
	if cal := f.d.Source.Calendar; cal != nil {
		at = cal.NextWorkingDay(at) // messages go out on working days
	}
	return p, !now.Before(at) && now.Before(at.Add(DigestCatchUp))
}

// Digest sends the monthly overview to every admin once it is due, once
// per month whatever the number of processes: the month is claimed in the
// store before anything is sent (a crash between loses that digest rather
// than repeating it). It returns how many admins it reached.
func (f *Feature) Digest(ctx context.Context) (int, error) {
	p, due := f.DigestDue(f.d.Clock.Now())
	if !due {
		return 0, nil
	}
	claimed, err := f.d.Store.Create(ctx, Bucket, "digest/"+p.Key(), []byte(f.d.Clock.Now().UTC().Format(time.RFC3339)), 0)
	if err != nil {
		return 0, fmt.Errorf("sector digest %s: claim: %w", p, err)
	}
	if !claimed {
		return 0, nil
	}
	ov, err := f.d.Source.Overview(ctx, p, f.d.Clock.Now())
	if err != nil {
		return 0, fmt.Errorf("sector digest %s: %w", p, err)
	}
	admins, err := f.d.Admins(ctx)
	if err != nil {
		return 0, fmt.Errorf("sector digest %s: admins: %w", p, err)
	}
	text := msg.SectorDigestTitle + "\n" + sector.HTML(ov, p)
	n := 0
	for _, id := range admins {
		if _, err := f.b.Send(ctx, id, bot.Message{Text: text}); err != nil {
			if !errors.Is(err, bot.ErrBlocked) {
				f.d.Log.Warn("sector digest not delivered", "admin", id, "period", p.Key(), "err", err)
			}
			continue
		}
		n++
	}
	f.d.Log.Info("sector digest sent", "period", p.Key(), "admins", n)
	return n, nil
}

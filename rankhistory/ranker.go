package rankhistory

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
)

// Values gives a cluster's figures of one year from the confirmed reports;
// *submissions.Reports provides it.
type Values interface {
	Values(ctx context.Context, cluster string, year int, table *scoring.Table) (scoring.Values, error)
}

// Calendar gives the lock of a month's reports (the end of the grace period);
// *reminders.Calendar provides it.
type Calendar interface {
	SubmissionWindow(cluster string, year int, month time.Month) (deadline, lock time.Time)
}

// Errors of Rank, each with its own answer to the user.
var (
	ErrUnknownCluster = errors.New("rankhistory: unknown cluster")
	// ErrNoTable means the cluster has no scoring table for the period's year.
	ErrNoTable = errors.New("rankhistory: no scoring table for the period")
	// ErrFuture means the period's month has not begun: no report can exist
	// and a snapshot of it would pollute the history.
	ErrFuture = errors.New("rankhistory: period in the future")
)

// Ranker computes rankings from stored reports and keeps their history.
type Ranker struct {
	Org     *org.Config
	Tables  map[string]*scoring.Table // by table id
	Targets *scoring.Targets
	Values  Values
	History *Store
	Clock   clock.Clock
	// Calendar, when set, makes a month's snapshot final once its reports
	// lock; without one snapshots follow the data for ever.
	Calendar Calendar
	// Location is where months begin and end (Asia/Ho_Chi_Minh).
	Location *time.Location
	// Beat, when set, is called after each round of Run, failed or not:
	// the loop's liveness heartbeat.
	Beat func()

	scores scoreCache // months computed, when Values has versions
}

// Ranking is a cluster's computed ranking for a period with its history.
type Ranking struct {
	Cluster *org.Cluster
	Result  *scoring.Result
	// Previous is the standing of the month before (nil in January or when
	// the table does not apply to it).
	Previous *Snapshot
	// History holds the year's standings through the period, one per month
	// from January; the last is this computation.
	History []Snapshot
	// HasData is false when no unit has any figure through the period: the
	// ranking is then all zeros and not worth showing.
	HasData bool
	// Asked is the period as asked for (RankNamed); its Period is later
	// than Result.Period when a quarter or a year stopped at the last month
	// with figures. Zero for Rank.
	Asked scoring.Named
}

// Stopped reports whether the ranking runs through an earlier month than
// the quarter, half-year or year that was asked for.
func (rk *Ranking) Stopped() bool {
	return rk.Asked.Valid() && rk.Result.Period.Year == rk.Asked.Year && rk.Result.Period.Month < rk.Asked.Month
}

// Movement is the unit's rank change since the previous month: "↑2",
// "↓1", "=", or "" when there is nothing to compare with (no previous
// month with figures, or the unit had none then or has none now).
func (rk *Ranking) Movement(unit string) string {
	u, ok := rk.Result.Unit(unit)
	if !ok || len(rk.History) == 0 || rk.History[len(rk.History)-1].Rank(unit) == 0 {
		return ""
	}
	return scoring.Movement(rk.Previous.Rank(unit), u.Rank)
}

// Trajectory lists the unit's rank in each month of History (0 where it was
// not ranked: no figures of its own, or none in the cluster, that month).
func (rk *Ranking) Trajectory(unit string) []int {
	out := make([]int, len(rk.History))
	for i := range rk.History {
		out[i] = rk.History[i].Rank(unit)
	}
	return out
}

func (r *Ranker) now() time.Time {
	loc := r.Location
	if loc == nil {
		loc = time.UTC
	}
	return r.Clock.Now().In(loc)
}

func (r *Ranker) table(cl *org.Cluster, year int) (*scoring.Table, error) {
	t := r.Tables[cl.Scoring]
	if t == nil || !t.AppliesTo(year) {
		return nil, fmt.Errorf("cluster %s, %d: %w", cl.ID, year, ErrNoTable)
	}
	return t, nil
}

func (r *Ranker) cluster(id string) (*org.Cluster, error) {
	cl, ok := r.Org.Cluster(id)
	if !ok {
		return nil, fmt.Errorf("cluster %q: %w", id, ErrUnknownCluster)
	}
	return cl, nil
}

// DefaultPeriod is the period shown when none is asked for: the latest month
// of the current year that has any stored figure, else the previous month.
func (r *Ranker) DefaultPeriod(ctx context.Context, cluster string) (scoring.Period, error) {
	cl, err := r.cluster(cluster)
	if err != nil {
		return scoring.Period{}, err
	}
	now := r.now()
	prev := scoring.Period{Year: now.Year(), Month: now.Month() - 1}
	if now.Month() == time.January {
		prev = scoring.Period{Year: now.Year() - 1, Month: time.December}
	}
	t, err := r.table(cl, now.Year())
	if err != nil {
		return prev, nil
	}
	vs, err := r.Values.Values(ctx, cl.ID, now.Year(), t)
	if err != nil {
		return scoring.Period{}, fmt.Errorf("default period of %s: %w", cl.ID, err)
	}
	if m := LatestMonth(vs, cl.Units, now.Month()); m != 0 {
		return scoring.Period{Year: now.Year(), Month: m}, nil
	}
	return prev, nil
}

// RankNamed ranks the period as a person named it: a month is ranked as
// Rank does; a quarter, a half-year or a year stops at its last month that
// has figures and has begun (scoring.Named.Stop), and the Ranking says so
// (Asked, Stopped).
func (r *Ranker) RankNamed(ctx context.Context, cluster string, n scoring.Named) (*Ranking, error) {
	p := n.Period
	if n.Span != scoring.SpanMonth {
		cl, err := r.cluster(cluster)
		if err != nil {
			return nil, err
		}
		t, err := r.table(cl, p.Year)
		if err != nil {
			return nil, err
		}
		vs, err := r.Values.Values(ctx, cl.ID, p.Year, t)
		if err != nil {
			return nil, fmt.Errorf("rank %s %s: %w", cl.ID, n.Name(), err)
		}
		now := r.now()
		p = n.Stop(LatestMonth(vs, cl.Units, p.Month), scoring.Period{Year: now.Year(), Month: now.Month()})
	}
	rk, err := r.Rank(ctx, cluster, p)
	if err != nil {
		return nil, err
	}
	rk.Asked = n
	return rk, nil
}

// LatestMonth is the latest month ≤ upTo in which any of units has a value,
// 0 when none has.
func LatestMonth(vs scoring.Values, units []org.Unit, upTo time.Month) time.Month {
	for m := upTo; m >= time.January; m-- {
		for _, u := range units {
			for _, s := range vs[u.ID] {
				if _, ok := s.Get(m); ok {
					return m
				}
			}
		}
	}
	return 0
}

// Rank computes cluster's ranking for p from the stored reports and returns
// it with the previous month's standing and the year's history: the final
// snapshot of each earlier month that has one (Close takes them), else that
// month computed from the same reports. It only reads: answering a question
// writes nothing.
func (r *Ranker) Rank(ctx context.Context, cluster string, p scoring.Period) (*Ranking, error) {
	cl, err := r.cluster(cluster)
	if err != nil {
		return nil, err
	}
	if !p.Valid() {
		return nil, fmt.Errorf("rank %s: %w", cluster, scoring.ErrBadPeriod)
	}
	now := r.now()
	if p.Year > now.Year() || (p.Year == now.Year() && p.Month > now.Month()) {
		return nil, fmt.Errorf("rank %s %s: %w", cluster, p, ErrFuture)
	}
	t, err := r.table(cl, p.Year)
	if err != nil {
		return nil, err
	}
	vs, ys, err := r.figures(ctx, cl.ID, p.Year, t)
	if err != nil {
		return nil, fmt.Errorf("rank %s %s: %w", cl.ID, p, err)
	}
	// The earlier months' final snapshots: remembered under the figures'
	// version once every one of them is final, else read.
	stored := ys.finalsBefore(p.Month)
	if stored == nil && p.Month > time.January {
		year, err := r.History.Year(ctx, cl.ID, p.Year)
		if err != nil {
			return nil, err
		}
		ys.keepFinals(year)
		stored = make(map[string]*Snapshot, len(year))
		for i := range year {
			stored[year[i].Period] = &year[i]
		}
	}
	// Until a month is final its standing follows the figures, also those
	// confirmed after it was last computed (the monthly close takes the
	// final snapshot; a question only reads).
	var months []scoring.Period
	for m := time.January; m <= p.Month; m++ {
		mp := scoring.Period{Year: p.Year, Month: m}
		if snap := stored[mp.Key()]; m == p.Month || snap == nil || !snap.Final {
			months = append(months, mp)
		}
	}
	computed, err := r.computeAll(cl.ID, t, cl.Units, vs, ys, months)
	if err != nil {
		return nil, fmt.Errorf("rank %s %s: %w", cl.ID, p, err)
	}
	cur := computed[p.Month]
	rk := &Ranking{Cluster: cl, Result: cur.res, HasData: cur.hasData}
	for m := time.January; m < p.Month; m++ {
		mp := scoring.Period{Year: p.Year, Month: m}
		var snap Snapshot
		if c := computed[m]; c != nil {
			snap = c.snapshot(now, r.final(cl.ID, mp, now))
		} else {
			snap = *stored[mp.Key()] // final, maybe shared: a copy of its own
			snap.Units = slices.Clone(snap.Units)
		}
		rk.History = append(rk.History, snap)
	}
	if len(rk.History) > 0 && !rk.History[len(rk.History)-1].Empty() {
		rk.Previous = &rk.History[len(rk.History)-1]
	}
	// History shows this computation even when a final snapshot of the
	// period differs: it is what the rest of the answer is about.
	rk.History = append(rk.History, cur.snapshot(now, r.final(cl.ID, p, now)))
	return rk, nil
}

func (r *Ranker) final(cluster string, p scoring.Period, now time.Time) bool {
	if r.Calendar == nil {
		return false
	}
	_, lock := r.Calendar.SubmissionWindow(cluster, p.Year, p.Month)
	return !lock.IsZero() && !now.Before(lock)
}

// Close takes the final snapshot of every month, of this year and the last,
// whose reports have locked, that has figures and has no final snapshot yet,
// for every cluster, and returns how many it took. Run calls it so that a
// month's standing is fixed when it closes even if nobody asks for it then.
// Without a calendar nothing is ever final and Close does nothing.
func (r *Ranker) Close(ctx context.Context) (int, error) {
	if r.Calendar == nil {
		return 0, nil
	}
	now := r.now()
	n := 0
	for i := range r.Org.Clusters {
		cl := &r.Org.Clusters[i]
		for _, year := range []int{now.Year() - 1, now.Year()} {
			t, err := r.table(cl, year)
			if err != nil {
				continue // no table that year: nothing to rank
			}
			var vs scoring.Values
			for m := time.January; m <= time.December; m++ {
				p := scoring.Period{Year: year, Month: m}
				if !r.final(cl.ID, p, now) {
					break // months lock in order
				}
				snap, err := r.History.Get(ctx, cl.ID, p)
				if err == nil && snap.Final {
					continue
				}
				if err != nil && !errors.Is(err, ErrNotFound) {
					return n, err
				}
				if vs == nil {
					if vs, err = r.Values.Values(ctx, cl.ID, year, t); err != nil {
						return n, fmt.Errorf("close %s %d: %w", cl.ID, year, err)
					}
				}
				if LatestMonth(vs, cl.Units, m) == 0 {
					continue
				}
				res, err := scoring.Score(t, cl.Units, r.Targets, vs, p)
				if err != nil {
					return n, fmt.Errorf("close %s %s: %w", cl.ID, p, err)
				}
				fin := NewSnapshot(cl.ID, res, now, true)
				markData(&fin, vs, m)
				if _, err := r.History.Record(ctx, fin); err != nil {
					return n, err
				}
				n++
			}
		}
	}
	return n, nil
}

// Run calls Close now and then every interval until ctx ends. A failed
// Close is retried at the next interval; errors go to report (may be nil).
func (r *Ranker) Run(ctx context.Context, every time.Duration, report func(closed int, err error)) error {
	for {
		n, err := r.Close(ctx)
		if report != nil && (n > 0 || err != nil) {
			report(n, err)
		}
		if r.Beat != nil {
			r.Beat()
		}
		select {
		case <-ctx.Done():
			return nil
		case <-r.Clock.After(every):
		}
	}
}

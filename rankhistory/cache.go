package rankhistory

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
)

// VersionedValues is Values with a version: the same version of a cluster's
// year always comes with the same figures (*submissions.Reports provides
// it). A Ranker whose Values has it keeps the months it computed for that
// version and computes them again only when the version changes.
type VersionedValues interface {
	VersionedValues(ctx context.Context, cluster string, year int, table *scoring.Table) (scoring.Values, string, error)
}

// computed is one month computed from one version of the figures.
type computed struct {
	res     *scoring.Result
	snap    Snapshot // NoData marked; ComputedAt and Final left to the caller
	hasData bool     // LatestMonth through the month is not 0
}

type yearScores struct {
	version string
	table   *scoring.Table
	mu      sync.Mutex
	months  map[time.Month]*computed
	// finals holds the final snapshots read under version: a final
	// snapshot is never replaced (an import, which could, gives every
	// year a new version).
	finals map[time.Month]*Snapshot
}

// finalsBefore returns, by period, the final snapshots of every month
// before m, or nil when ys (which may be nil) does not hold them all.
func (ys *yearScores) finalsBefore(m time.Month) map[string]*Snapshot {
	if ys == nil {
		return nil
	}
	ys.mu.Lock()
	defer ys.mu.Unlock()
	out := make(map[string]*Snapshot, m)
	for k := time.January; k < m; k++ {
		s := ys.finals[k]
		if s == nil {
			return nil
		}
		out[s.Period] = s
	}
	return out
}

// keepFinals remembers the final snapshots among snaps, of ys's year.
func (ys *yearScores) keepFinals(snaps []Snapshot) {
	if ys == nil {
		return
	}
	ys.mu.Lock()
	defer ys.mu.Unlock()
	for i := range snaps {
		if p, err := scoring.ParsePeriodKey(snaps[i].Period); err == nil && snaps[i].Final {
			ys.finals[p.Month] = &snaps[i]
		}
	}
}

type scoreKey struct {
	cluster string
	year    int
}

// scoreCache holds, per cluster and year, the months computed from the
// last version of the figures read. Results are shared: read-only.
type scoreCache struct {
	mu    sync.Mutex
	years map[scoreKey]*yearScores
}

// figures returns the year's figures and the memo of its computed months
// (nil when Values has no versions: every month is computed afresh).
func (r *Ranker) figures(ctx context.Context, cluster string, year int, t *scoring.Table) (scoring.Values, *yearScores, error) {
	vv, ok := r.Values.(VersionedValues)
	if !ok {
		vs, err := r.Values.Values(ctx, cluster, year, t)
		return vs, nil, err
	}
	vs, ver, err := vv.VersionedValues(ctx, cluster, year, t)
	if err != nil {
		return nil, nil, err
	}
	k := scoreKey{cluster, year}
	r.scores.mu.Lock()
	defer r.scores.mu.Unlock()
	ys := r.scores.years[k]
	if ys == nil || ys.version != ver || ys.table != t {
		ys = &yearScores{version: ver, table: t, months: map[time.Month]*computed{}, finals: map[time.Month]*Snapshot{}}
		if r.scores.years == nil {
			r.scores.years = map[scoreKey]*yearScores{}
		}
		r.scores.years[k] = ys
	}
	return vs, ys, nil
}

// compute scores month p of the cluster with sc (from vs), or takes it
// from ys.
func (r *Ranker) compute(clusterID string, sc func() *scoring.Scorer, units []org.Unit, vs scoring.Values, ys *yearScores, p scoring.Period) (*computed, error) {
	if ys != nil {
		ys.mu.Lock()
		c := ys.months[p.Month]
		ys.mu.Unlock()
		if c != nil {
			return c, nil
		}
	}
	res, err := sc().Score(p)
	if err != nil {
		return nil, err
	}
	c := &computed{res: res, snap: NewSnapshot(clusterID, res, time.Time{}, false), hasData: LatestMonth(vs, units, p.Month) != 0}
	markData(&c.snap, vs, p.Month)
	if ys != nil {
		ys.mu.Lock()
		ys.months[p.Month] = c
		ys.mu.Unlock()
	}
	return c, nil
}

// snapshot is c's snapshot computed at at, final or not.
func (c *computed) snapshot(at time.Time, final bool) Snapshot {
	s := c.snap
	s.ComputedAt, s.Final = at, final
	s.Units = slices.Clone(c.snap.Units)
	return s
}

// computeAll computes the months ps (of one year) on every core.
func (r *Ranker) computeAll(clusterID string, t *scoring.Table, units []org.Unit, vs scoring.Values, ys *yearScores, ps []scoring.Period) (map[time.Month]*computed, error) {
	out := make([]*computed, len(ps))
	errs := make([]error, len(ps))
	workers := min(runtime.GOMAXPROCS(0), len(ps))
	sc := sync.OnceValue(func() *scoring.Scorer { return scoring.NewScorer(t, units, r.Targets, vs) })
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(ps); i += workers {
				c, err := r.compute(clusterID, sc, units, vs, ys, ps[i])
				if err != nil {
					errs[i] = fmt.Errorf("%s: %w", ps[i], err)
					continue
				}
				out[i] = c
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	m := make(map[time.Month]*computed, len(ps))
	for i, p := range ps {
		m[p.Month] = out[i]
	}
	return m, nil
}

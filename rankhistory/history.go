// Package rankhistory computes a cluster's interim ranking from the stored
// monthly reports and keeps the ranking of every month of the year, so that
// the bot and the CLI can show how each unit moved since the previous month
// and its trajectory over the year.
//
// A month's snapshot is written once, by the monthly close (Ranker.Close,
// which Ranker.Run calls on a schedule) shortly after the month's reports
// lock; it is final and never rewritten, so a correction made later through
// an unlock changes the month's recomputed scores but not the standing the
// cluster saw when the month closed; movement is measured against that
// standing. Until then a month's standing follows the data: it is computed
// from the reports whenever asked. Computing a ranking (/xephang, /diem,
// /xuat, `thiduabot rank`) only reads, so a question never writes, and a
// burst of confirmations costs no snapshot write at all.
package rankhistory

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/store"
)

// Bucket holds the snapshots, keyed "<cluster>/<YYYY-MM>".
const Bucket = "rankhistory"

// ErrNotFound is returned for a month without a snapshot.
var ErrNotFound = errors.New("rankhistory: no snapshot")

// Snapshot is a cluster's ranking for one period (the year to date through
// its month), units in rank order.
type Snapshot struct {
	Cluster    string    `json:"cluster"`
	Period     string    `json:"period"` // "2026-06"
	Table      string    `json:"table"`
	ComputedAt time.Time `json:"computed_at"`
	// Final marks a snapshot taken after the month's reports locked; it is
	// never replaced.
	Final bool `json:"final,omitempty"`
	// NoData marks a month through which no unit had any figure: its
	// ranks (everyone first at 0 points) mean nothing and are not shown.
	NoData bool    `json:"no_data,omitempty"`
	Units  []Entry `json:"units"`
}

// Entry is one unit's standing in a snapshot.
type Entry struct {
	Unit    string  `json:"unit"`
	Rank    int     `json:"rank"`
	Total   float64 `json:"total"`
	Missing int     `json:"missing,omitempty"` // criteria without data
	// NoData marks a unit without any figure through the month: it is
	// listed last at 0 points, but has no rank to compare with.
	NoData bool `json:"no_data,omitempty"`
}

// NewSnapshot records res, the ranking of cluster, as computed at at.
func NewSnapshot(cluster string, res *scoring.Result, at time.Time, final bool) Snapshot {
	s := Snapshot{Cluster: cluster, Period: res.Period.Key(), ComputedAt: at, Final: final, Units: make([]Entry, len(res.Units))}
	if res.Table != nil {
		s.Table = res.Table.ID
	}
	for i, u := range res.Units {
		s.Units[i] = Entry{Unit: u.ID, Rank: u.Rank, Total: u.Total, Missing: len(u.Missing)}
	}
	return s
}

// markData sets the NoData marks of snap, a ranking through month m, from
// the figures it was computed from.
func markData(snap *Snapshot, vs scoring.Values, m time.Month) {
	snap.NoData = true
	for i := range snap.Units {
		e := &snap.Units[i]
		e.NoData = !unitHasData(vs, e.Unit, m)
		if !e.NoData {
			snap.NoData = false
		}
	}
}

func unitHasData(vs scoring.Values, unit string, upTo time.Month) bool {
	for _, s := range vs[unit] {
		for m := time.January; m <= upTo; m++ {
			if _, ok := s.Get(m); ok {
				return true
			}
		}
	}
	return false
}

// Empty reports whether nobody had figures through the snapshot's month.
// Snapshots written before the NoData mark existed are recognised by their
// shape: every unit first at 0 points, which real figures never give.
func (s *Snapshot) Empty() bool {
	if s == nil || s.NoData {
		return true
	}
	if len(s.Units) < 2 {
		return false
	}
	for _, e := range s.Units {
		if e.Rank != 1 || e.Total != 0 {
			return false
		}
	}
	return true
}

// Rank returns the unit's rank in the snapshot, 0 when it is not ranked:
// absent, without figures, or in a month nobody reported.
func (s *Snapshot) Rank(unit string) int {
	if s.Empty() {
		return 0
	}
	for _, e := range s.Units {
		if e.Unit == unit {
			if e.NoData {
				return 0
			}
			return e.Rank
		}
	}
	return 0
}

// Store keeps snapshots in a store.KV.
type Store struct {
	snaps store.JSON[Snapshot]
}

// NewStore returns the snapshot store over kv.
func NewStore(kv store.KV) *Store { return &Store{snaps: store.NewJSON[Snapshot](kv, Bucket)} }

func key(cluster string, p scoring.Period) string { return cluster + "/" + p.Key() }

// Get returns the snapshot of cluster for p, or ErrNotFound.
func (s *Store) Get(ctx context.Context, cluster string, p scoring.Period) (*Snapshot, error) {
	snap, err := s.snaps.Get(ctx, key(cluster, p))
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("ranking snapshot: %w", err)
	}
	return &snap, nil
}

// Year returns the cluster's snapshots of year, by month.
func (s *Store) Year(ctx context.Context, cluster string, year int) ([]Snapshot, error) {
	prefix := fmt.Sprintf("%s/%04d-", cluster, year)
	recs, err := s.snaps.List(ctx, prefix)
	if err != nil {
		return nil, fmt.Errorf("ranking snapshots: %w", err)
	}
	out := make([]Snapshot, len(recs))
	for i, r := range recs {
		out[i] = r.Value
	}
	return out, nil
}

// errFinal tells Record's update that the stored snapshot is final.
var errFinal = errors.New("rankhistory: final snapshot kept")

// Record stores snap unless the stored snapshot of its period is final, and
// returns the snapshot that is stored afterwards.
func (s *Store) Record(ctx context.Context, snap Snapshot) (Snapshot, error) {
	p, err := scoring.ParsePeriodKey(snap.Period)
	if err != nil {
		return Snapshot{}, fmt.Errorf("record ranking snapshot: %w", err)
	}
	var kept Snapshot
	out, err := s.snaps.Update(ctx, key(snap.Cluster, p), func(cur *Snapshot, exists bool) error {
		if exists && cur.Final {
			kept = *cur
			return errFinal
		}
		*cur = snap
		return nil
	})
	if errors.Is(err, errFinal) {
		return kept, nil
	}
	if err != nil {
		return Snapshot{}, fmt.Errorf("record ranking snapshot: %w", err)
	}
	return out, nil
}

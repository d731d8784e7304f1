package submissions

import (
	"context"
	"errors"
	"fmt"
	"github.com/thiduabot/thiduabot/store"
	"sort"
	"strings"
	"time"
)

// Status is where a unit stands for a period.
type Status string

// Statuses, from best to worst.
const (
	StatusConfirmed Status = "confirmed" // confirmed by the deadline
	StatusLate      Status = "late"      // confirmed after the deadline
	StatusDraft     Status = "draft"     // someone has started, nothing confirmed
	StatusNothing   Status = "nothing"
)

// UnitProgress is one line of /tiendo.
type UnitProgress struct {
	Unit        string
	Status      Status
	ConfirmedAt time.Time // last confirmation, for confirmed and late
	ConfirmedBy Actor
	// Drafting lists who has a draft open for the period, whatever the
	// status: a confirmed report being edited shows here too.
	Drafting []Actor
	// OpenUntil is the end of a chair's unlock window still open (the
	// midnight after its last day) that ends after the period's own lock,
	// zero when there is none.
	OpenUntil time.Time
}

// Progress tells, for each unit of cluster in the order given, whether its
// report for p is confirmed (on time or late), drafted, or absent.
func (rs *Reports) Progress(ctx context.Context, cluster string, units []string, p Period) ([]UnitProgress, error) {
	drafts, err := listDrafts(ctx, store.NewJSON[Draft](rs.kv, Bucket))
	if err != nil {
		return nil, err
	}
	out := make([]UnitProgress, 0, len(units))
	for _, u := range units {
		up := UnitProgress{Unit: u, Status: StatusNothing}
		for _, d := range drafts {
			if d.Cluster == cluster && d.Unit == u && d.Period == p && d.Asker == ForFocal {
				up.Drafting = append(up.Drafting, d.User)
				up.Status = StatusDraft
			}
		}
		r, err := rs.Get(ctx, cluster, u, p)
		// A window that ends before the period's own lock reopens nothing.
		if _, lock := rs.Window(cluster, p); err == nil && r.Unlocked != nil && rs.clk.Now().Before(r.Unlocked.End()) && r.Unlocked.End().After(lock) {
			up.OpenUntil = r.Unlocked.End()
		}
		switch {
		case errors.Is(err, ErrNotFound):
		case err != nil:
			return nil, err
		case r.Confirmed():
			up.Status = StatusConfirmed
			if r.Late {
				up.Status = StatusLate
			}
			up.ConfirmedAt, up.ConfirmedBy = r.ConfirmedAt, r.ConfirmedBy
		}
		out = append(out, up)
	}
	return out, nil
}

// ByUnit adapts Reports to callers that know a unit but not its cluster
// (the reminders planner asks "has this unit confirmed?"). ClusterOf gives a
// unit's cluster, as org.Config.Unit does; an unknown unit has nothing
// confirmed.
type ByUnit struct {
	Reports   *Reports
	ClusterOf func(unit string) (cluster string, ok bool)
}

// Confirmed reports whether unit's focal point has confirmed its report for
// the month.
func (b ByUnit) Confirmed(ctx context.Context, unit string, year int, month time.Month) (bool, error) {
	cluster, ok := b.ClusterOf(unit)
	if !ok {
		return false, nil
	}
	r, err := b.Reports.Get(ctx, cluster, unit, Period{year, month})
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return r.Confirmed(), nil
}

// ConfirmedSince returns cluster's reports whose focal point confirmed after
// since, oldest confirmation first: what a chair's digest ("3 đơn vị vừa gửi
// báo cáo") covers, rather than one message per unit.
//
// It reads the confirmation index of the months from since to now (see
// confirmedAtKey) and the reports it names, not the cluster's history.
func (rs *Reports) ConfirmedSince(ctx context.Context, cluster string, since time.Time) ([]Report, error) {
	seen := map[string]bool{}
	var out []Report
	first, last := PeriodOf(since.UTC()), PeriodOf(rs.clk.Now().UTC())
	months := []string{}
	for m := first; !last.Before(m) && len(months) <= 24; m = m.Next() {
		months = append(months, m.String()+"/")
	}
	if len(months) > 24 {
		months = []string{""} // a long way back: the whole index, one List
	}
	for _, month := range months {
		base := "confirmedat/" + cluster + "/"
		entries, err := rs.kv.List(ctx, Bucket, base+month)
		if err != nil {
			return nil, fmt.Errorf("confirmations of %s: %w", cluster, err)
		}
		for _, e := range entries {
			m, rest, _ := strings.Cut(e.Key[len(base):], "/") // <YYYY-MM>, <YYYY-MM>/<unit>
			if m < first.String() || seen[rest] {
				continue
			}
			seen[rest] = true
			r, err := rs.reports.Get(ctx, "report/"+cluster+"/"+rest)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("reports of %s: %w", cluster, err)
			}
			if r := normalized(&r); r.Confirmed() && r.ConfirmedAt.After(since) {
				out = append(out, *r)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ConfirmedAt.Before(out[j].ConfirmedAt) })
	return out, nil
}

// OpenUnlocks returns cluster's reports that a chair reopened (/baocao mo)
// and that the unit's focal point has not confirmed, with the window still
// open at now, oldest period first: the units the reminders chase until
// the window ends.
//
// It reads the reports the open-unlock index names (see openUnlockKey),
// not the cluster's history.
func (rs *Reports) OpenUnlocks(ctx context.Context, cluster string, now time.Time) ([]Report, error) {
	prefix := "openunlock/" + cluster + "/"
	entries, err := rs.kv.List(ctx, Bucket, prefix)
	if err != nil {
		return nil, fmt.Errorf("reopened reports of %s: %w", cluster, err)
	}
	var out []Report
	for _, e := range entries {
		rec, err := rs.reports.Get(ctx, "report/"+cluster+"/"+e.Key[len(prefix):])
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reports of %s: %w", cluster, err)
		}
		if r := normalized(&rec); openAt(r, now) {
			out = append(out, *r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Period.Before(out[j].Period) })
	return out, nil
}

// openAt reports whether r is reopened, unconfirmed, with its window open at now.
func openAt(r *Report, now time.Time) bool {
	return r.Unlocked != nil && !r.Confirmed() && now.Before(r.Unlocked.End())
}

// PruneOpenUnlocks deletes the open-unlock index entries (see
// openUnlockKey) that name no open window at now: the window ended and
// the unit never confirmed (a confirmation deletes its entry itself), or
// the report is gone. Without it OpenUnlocks would read every such report
// for ever. Each entry is deleted in a transaction that reads its report
// again, so a window a chair reopens meanwhile keeps its entry. The reports
// do not change, so their versions do not either: an ended window is no
// reader's business. It returns how many entries it deleted; the
// reminders' hourly retention round runs it.
func (rs *Reports) PruneOpenUnlocks(ctx context.Context, now time.Time) (int, error) {
	const prefix = "openunlock/"
	entries, err := rs.kv.List(ctx, Bucket, prefix)
	if err != nil {
		return 0, fmt.Errorf("prune open unlocks: %w", err)
	}
	n := 0
	for _, e := range entries {
		key := "report/" + e.Key[len(prefix):] // openunlock/<cluster>/<YYYY-MM>/<unit>
		if rec, err := rs.reports.Get(ctx, key); err == nil && openAt(normalized(&rec), now) {
			continue // the common case, without a transaction
		} else if err != nil && !errors.Is(err, store.ErrNotFound) {
			return n, fmt.Errorf("prune open unlocks: %w", err)
		}
		deleted := false
		err := rs.kv.Txn(ctx, func(tx store.Tx) error {
			deleted = false
			rec, err := rs.reports.In(tx).Get(key)
			if err == nil && openAt(normalized(&rec), now) {
				return nil // reopened since the read above
			}
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			deleted = true
			return tx.Delete(Bucket, e.Key)
		})
		if err != nil {
			return n, fmt.Errorf("prune open unlock %s: %w", e.Key, err)
		}
		if deleted {
			n++
		}
	}
	return n, nil
}

package calendar

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/submissions"
)

// stateAhead is how far past the window a tick asks for the cached state
// is read: the nominees are read again when the tick's window leaves it,
// about every stateAhead, or when they change; the reports then read only
// the periods the new window reaches (see StateCache).
const stateAhead = 2 * time.Hour

// StateCache is the runner's planning state kept in memory between ticks.
// Each part (the reminders' own records, the members, the confirmed and
// reopened reports, the award nominees) is read again only when its
// version token (store.VersionBucket) changed — every write of those
// records gives it a new one in the same transaction, whichever process
// makes it — or, for the parts that depend on the window, when the tick's
// window leaves the one they were read for. The versions are read first,
// then the records, so a part is never older than the version it is kept
// under. While nothing changed, a tick reads the versions (one List of a
// small bucket) and nothing else, and gets the same *Snapshot back, whose
// plan the runner keeps too (reminders.PlanCache).
//
// The reports are kept finer, by cluster and period: when their version
// changed, or the window moved on, the cache lists the reports' own
// tokens by cluster and year (submissions.Reports.Versions) and reads a
// period's reports again only when its cluster's year has a new token, a
// cluster's reopened periods only when one of its years has, and the
// periods the window newly reaches. So a tick after a confirmation reads
// that cluster's reports only, and a moving window reads nothing it
// already holds.
//
// The calendar and the organisation are the process's configuration and
// do not change while it runs.
type StateCache struct {
	kv       store.KV
	o        *org.Config
	cal      *reminders.Calendar
	members  *org.Members
	reports  reports // one instance: its own caches last across ticks
	nominees NomineesFunc
	nomVer   string // the version nominees change with; "" reads them every time

	mu                   sync.Mutex
	rem, people, reps, n part
	snap                 *reminders.Snapshot

	// The reports part, by cluster: what was read under which token.
	yearsVer string                    // the reports version years was listed under
	years    map[string]map[int]string // cluster → year → token (submissions.Reports.Versions)
	clusters map[string]*clusterReports
}

// clusterReports is one cluster's confirmed and reopened reports as read.
type clusterReports struct {
	periods    map[time.Time]periodReports // by the period's first day
	unlocksVer string                      // "" before the first read
	unlocks    []reminders.Unlock          // open when they were read
}

// periodReports is one period's confirmed units of a cluster, read under
// ver, the token of the cluster's year.
type periodReports struct {
	ver       string
	confirmed []string
}

// part is one part of the state as read under a version, for a window.
type part struct {
	ok       bool
	ver      string
	from, to time.Time
	snap     *reminders.Snapshot
}

func (p *part) covers(ver string, from, to time.Time) bool {
	return p.ok && p.ver == ver && !from.Before(p.from) && !to.After(p.to)
}

// NewStateCache returns the cache over kv. nominees may be nil (no award
// dossiers); nomineesVersion is the version its records change with ("":
// unknown, they are read on every call).
func NewStateCache(kv store.KV, o *org.Config, cal *reminders.Calendar, ms *org.Members, clk clock.Clock, nominees NomineesFunc, nomineesVersion string) *StateCache {
	return &StateCache{kv: kv, o: o, cal: cal, members: ms, reports: newReports(kv, clk, cal, o),
		nominees: nominees, nomVer: nomineesVersion, clusters: map[string]*clusterReports{}}
}

// State returns the planning state for [from, to), as reminders.Runner.State.
func (c *StateCache) State(ctx context.Context, from, to time.Time) (reminders.State, error) {
	return c.Load(ctx, from, to)
}

// Load returns the planning state for [from, to) (and some time beyond):
// the one it returned before when none of its parts changed.
func (c *StateCache) Load(ctx context.Context, from, to time.Time) (*reminders.Snapshot, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	vs, err := store.ReadVersions(ctx, c.kv)
	if err != nil {
		return nil, err
	}
	wto := to.Add(stateAhead)
	changed := false
	if v := vs.Of(reminders.VersionName); !c.rem.covers(v, time.Time{}, time.Time{}) {
		snap := &reminders.Snapshot{}
		if err := reminders.NewKVStore(c.kv).Load(ctx, snap); err != nil {
			return nil, err
		}
		c.rem, changed = part{ok: true, ver: v, snap: snap}, true
	}
	if v := vs.Of(org.VersionName); !c.people.covers(v, time.Time{}, time.Time{}) {
		snap, err := reminders.LoadState(ctx, nil, c.cal, NewDirectory(c.o, c.members), nil, from, wto)
		if err != nil {
			return nil, err
		}
		c.people, changed = part{ok: true, ver: v, snap: snap}, true
	}
	if v := vs.Of(submissions.VersionName); !c.reps.covers(v, from, to) {
		snap, err := c.loadReports(ctx, vs, from, wto)
		if err != nil {
			return nil, err
		}
		c.reps, changed = part{ok: true, ver: v, from: from, to: wto, snap: snap}, true
	}
	if c.nominees != nil {
		v := vs.Of(c.nomVer)
		if c.nomVer == "" || !c.n.covers(v, from, to) {
			snap := &reminders.Snapshot{}
			if err := loadNominees(ctx, snap, c.o, c.cal, c.nominees, from, wto); err != nil {
				return nil, err
			}
			c.n, changed = part{ok: true, ver: v, from: from, to: wto, snap: snap}, true
		}
	}
	if !changed && c.snap != nil {
		return c.snap, nil
	}
	rem, people, reps := c.rem.snap, c.people.snap, c.reps.snap
	snap := &reminders.Snapshot{
		ConfirmedReports: reps.ConfirmedReports, Reopened: reps.Reopened,
		People: people.People, Everyone: people.Everyone, Chairs: people.Chairs,
		Snoozed: rem.Snoozed, DoneTargets: rem.DoneTargets, Checklists: rem.Checklists, MeetingList: rem.MeetingList,
		From: c.reps.from, To: c.reps.to,
	}
	if c.nominees != nil {
		snap.NomineeLists = c.n.snap.NomineeLists
		snap.From, snap.To = maxTime(snap.From, c.n.from), minTime(snap.To, c.n.to)
	}
	c.snap = snap
	return snap, nil
}

// loadReports returns the confirmed and reopened reports for [from, to),
// as reminders.LoadState reads them, reading again only what changed since
// the cache read it (see StateCache). vs are the versions read before.
func (c *StateCache) loadReports(ctx context.Context, vs store.Versions, from, to time.Time) (*reminders.Snapshot, error) {
	// The store-wide version changes with every report token, in the same
	// transaction: while it is the one the tokens were listed under, they
	// are still current.
	if v := vs.Of(submissions.VersionName); c.years == nil || c.yearsVer != v {
		years, err := c.reports.Reports.Versions(ctx)
		if err != nil {
			return nil, err
		}
		c.years, c.yearsVer = years, v
	}
	// A restored backup may carry a token the cache read other data under:
	// every token counts the epoch too.
	epoch := vs.Of(store.EpochVersion)
	snap := &reminders.Snapshot{From: from, To: to, ConfirmedReports: map[string]bool{}}
	for _, cl := range c.cal.Org.Clusters {
		cr := c.clusters[cl.ID]
		if cr == nil {
			cr = &clusterReports{}
			c.clusters[cl.ID] = cr
		}
		years := c.years[cl.ID]
		periods := make(map[time.Time]periodReports, len(cr.periods))
		for _, per := range c.cal.ReportPeriods(cl.ID, from, to) {
			ver := epoch + years[per.Year()]
			pr, ok := cr.periods[per]
			if !ok || pr.ver != ver {
				pr = periodReports{ver: ver}
				for _, u := range cl.Units {
					ok, err := c.reports.Confirmed(ctx, u.ID, per.Year(), per.Month())
					if err != nil {
						return nil, fmt.Errorf("load report of %s for %s: %w", u.ID, per.Format("2006-01"), err)
					}
					if ok {
						pr.confirmed = append(pr.confirmed, u.ID)
					}
				}
			}
			periods[per] = pr
			for _, u := range pr.confirmed {
				snap.ConfirmedReports[reminders.PeriodKey(u, per.Year(), per.Month())] = true
			}
		}
		cr.periods = periods // the periods the window left are dropped
		// A reopened period may be of any year.
		if ver := epoch + "/" + yearsToken(years); cr.unlocksVer != ver {
			us, err := c.reports.OpenUnlocks(ctx, cl.ID, from)
			if err != nil {
				return nil, fmt.Errorf("load reopened periods of %s: %w", cl.ID, err)
			}
			cr.unlocks, cr.unlocksVer = us, ver
		}
		for _, u := range cr.unlocks {
			if from.Before(u.Until) { // as OpenUnlocks at from
				snap.Reopened = append(snap.Reopened, u)
			}
		}
	}
	return snap, nil
}

// yearsToken joins a cluster's year tokens into one that changes when any does.
func yearsToken(years map[int]string) string {
	ys := slices.Sorted(maps.Keys(years))
	var b strings.Builder
	for _, y := range ys {
		fmt.Fprintf(&b, "%d=%s;", y, years[y])
	}
	return b.String()
}

// loadNominees records in snap who owes each award dossier occurrence
// that may have a reminder in [from, to).
func loadNominees(ctx context.Context, snap *reminders.Snapshot, o *org.Config, cal *reminders.Calendar, nominees NomineesFunc, from, to time.Time) error {
	// Reminders of a dossier run from weeks before its deadline to weeks
	// after: look at every occurrence that may have one in [from, to).
	for _, oc := range cal.DossierOccurrences(from.AddDate(0, 0, -60), to.AddDate(0, 0, 120)) {
		for i := range o.Clusters {
			cl := &o.Clusters[i]
			if !applies(oc.Dossier, cl.ID) {
				continue
			}
			units, ok, err := nominees(ctx, oc.Dossier.ID, cl.ID, oc.Due)
			if err != nil {
				return fmt.Errorf("nominees of %s in %s: %w", oc.Dossier.ID, cl.ID, err)
			}
			if ok {
				snap.SetNominees(oc.Dossier.ID, oc.Occurrence, cl.ID, units)
			}
		}
	}
	return nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

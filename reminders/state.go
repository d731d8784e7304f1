package reminders

import (
	"context"
	"fmt"
	"time"
)

// Snapshot is a State held in memory: the runner builds one per tick from
// the store (KVStore.Load for this package's records, the submissions and
// membership records through the functions cmd wires in). The zero value
// is the empty state: nothing confirmed, nobody registered.
type Snapshot struct {
	ConfirmedReports map[string]bool        // PeriodKey(unit, year, month) → confirmed
	People           map[string][]Recipient // unit → its focal points (data and dossier reminders)
	// Everyone is unit → every registered person of the unit (focal
	// points, members, the chair's or deputy's people), who receive the
	// meetings chairs schedule. A unit absent here falls back to People.
	Everyone    map[string][]Recipient
	Chairs      map[string][]Recipient // cluster → chair and deputy people
	Snoozed     map[string][]time.Time // target → snooze ends
	DoneTargets map[string]bool        // target → "Đã xong" pressed
	Checklists  map[string]map[string]bool
	MeetingList []Meeting
	// Reopened lists the locked periods a chair reopened for units that
	// have not confirmed them, with the window still open.
	Reopened []Unlock
	// NomineeLists holds, for dossiers of awards, the units each occurrence
	// is owed by in a cluster (SetNominees).
	NomineeLists map[string][]string
	// From and To are the window the state was loaded for (LoadState):
	// it plans any window inside [From, To) (PlanCache). Zero for a state
	// built by hand.
	From, To time.Time
}

// Unlock is a locked period reopened for a unit (/baocao mo) that the unit
// has not confirmed: Until is the end of the window, the midnight after its
// last working day.
type Unlock struct {
	Unit  string     `json:"unit"`
	Year  int        `json:"year"`
	Month time.Month `json:"month"`
	Until time.Time  `json:"until"`
}

// Unlocks is a Reports that also knows reopened periods.
type Unlocks interface {
	// OpenUnlocks returns the reopened periods of cluster's units that
	// are not confirmed and whose window is still open at now.
	OpenUnlocks(ctx context.Context, cluster string, now time.Time) ([]Unlock, error)
}

// Unlocked implements unlockState.
func (s *Snapshot) Unlocked() []Unlock { return s.Reopened }

// PeriodKey is the key of Snapshot.ConfirmedReports.
func PeriodKey(unit string, year int, month time.Month) string {
	return fmt.Sprintf("%s/%04d-%02d", unit, year, int(month))
}

func (s *Snapshot) init() {
	if s.ConfirmedReports == nil {
		s.ConfirmedReports = map[string]bool{}
	}
	if s.People == nil {
		s.People = map[string][]Recipient{}
	}
	if s.Chairs == nil {
		s.Chairs = map[string][]Recipient{}
	}
	if s.Snoozed == nil {
		s.Snoozed = map[string][]time.Time{}
	}
	if s.DoneTargets == nil {
		s.DoneTargets = map[string]bool{}
	}
	if s.Checklists == nil {
		s.Checklists = map[string]map[string]bool{}
	}
}

// SetConfirmed records that unit has (or has not) a confirmed report.
func (s *Snapshot) SetConfirmed(unit string, year int, month time.Month, ok bool) {
	s.init()
	s.ConfirmedReports[PeriodKey(unit, year, month)] = ok
}

func (s *Snapshot) Confirmed(unit string, year int, month time.Month) bool {
	return s.ConfirmedReports[PeriodKey(unit, year, month)]
}

func (s *Snapshot) ChecklistDone(dossier, occurrence, unit string) map[string]bool {
	return s.Checklists[progressKey(dossier, occurrence, unit)]
}

func (s *Snapshot) Done(target string) bool               { return s.DoneTargets[target] }
func (s *Snapshot) Snoozes(target string) []time.Time     { return s.Snoozed[target] }
func (s *Snapshot) Recipients(unit string) []Recipient    { return s.People[unit] }
func (s *Snapshot) ChairRecipients(cl string) []Recipient { return s.Chairs[cl] }

// Attendees returns who is invited to a chair's meeting for unit.
func (s *Snapshot) Attendees(unit string) []Recipient {
	if rs, ok := s.Everyone[unit]; ok {
		return rs
	}
	return s.People[unit]
}
func (s *Snapshot) Meetings() []Meeting { return s.MeetingList }

// Directory lists the registered people; cmd adapts the membership records
// (org.Members) to it.
type Directory interface {
	// UnitPeople returns the focal points of a unit.
	UnitPeople(ctx context.Context, unit string) ([]Recipient, error)
	// ChairPeople returns the chair and deputy people of a cluster.
	ChairPeople(ctx context.Context, cluster string) ([]Recipient, error)
}

// MemberDirectory is a Directory that also lists every registered person
// of a unit; with one, meetings reach all of them, not only focal points.
type MemberDirectory interface {
	Directory
	UnitMembers(ctx context.Context, unit string) ([]Recipient, error)
}

// Reports says which units have a confirmed monthly report; cmd adapts the
// submissions records to it.
type Reports interface {
	Confirmed(ctx context.Context, unit string, year int, month time.Month) (bool, error)
}

// LoadState builds the planning state for the window [from, to): this
// package's records from s, people from dir and confirmed reports from
// reps for every period whose reminders can fall in the window. A nil dir
// or reps leaves that part empty (nobody registered, nothing confirmed).
func LoadState(ctx context.Context, s *KVStore, cal *Calendar, dir Directory, reps Reports, from, to time.Time) (*Snapshot, error) {
	snap := &Snapshot{From: from, To: to}
	snap.init()
	if s != nil {
		if err := s.Load(ctx, snap); err != nil {
			return nil, err
		}
	}
	periods := cal.periodsFor(from, to)
	for _, cl := range cal.Org.Clusters {
		relevant := cal.reportPeriods(cl.ID, periods, from, to)
		if dir != nil {
			chairs, err := dir.ChairPeople(ctx, cl.ID)
			if err != nil {
				return nil, fmt.Errorf("load chairs of %s: %w", cl.ID, err)
			}
			snap.Chairs[cl.ID] = chairs
		}
		for _, u := range cl.Units {
			if dir != nil {
				people, err := dir.UnitPeople(ctx, u.ID)
				if err != nil {
					return nil, fmt.Errorf("load people of %s: %w", u.ID, err)
				}
				snap.People[u.ID] = people
				if md, ok := dir.(MemberDirectory); ok {
					everyone, err := md.UnitMembers(ctx, u.ID)
					if err != nil {
						return nil, fmt.Errorf("load members of %s: %w", u.ID, err)
					}
					if snap.Everyone == nil {
						snap.Everyone = map[string][]Recipient{}
					}
					snap.Everyone[u.ID] = everyone
				}
			}
			if reps == nil {
				continue
			}
			for _, per := range relevant {
				ok, err := reps.Confirmed(ctx, u.ID, per.Year(), per.Month())
				if err != nil {
					return nil, fmt.Errorf("load report of %s for %s: %w", u.ID, per.Format("2006-01"), err)
				}
				if ok {
					snap.SetConfirmed(u.ID, per.Year(), per.Month(), true)
				}
			}
		}
	}
	if ul, ok := reps.(Unlocks); ok {
		for _, cl := range cal.Org.Clusters {
			us, err := ul.OpenUnlocks(ctx, cl.ID, from)
			if err != nil {
				return nil, fmt.Errorf("load reopened periods of %s: %w", cl.ID, err)
			}
			snap.Reopened = append(snap.Reopened, us...)
		}
	}
	return snap, nil
}

// ReportPeriods returns the first day of every data period of cluster
// whose reminders may fall in [from, to): the periods whose reports
// LoadState reads for the window.
func (c *Calendar) ReportPeriods(cluster string, from, to time.Time) []time.Time {
	return c.reportPeriods(cluster, c.periodsFor(from, to), from, to)
}

func (c *Calendar) reportPeriods(cluster string, periods []time.Time, from, to time.Time) []time.Time {
	var out []time.Time
	for _, per := range periods {
		if c.periodMatters(cluster, per, from, to) {
			out = append(out, per)
		}
	}
	return out
}

// periodsFor returns the first day of every data period whose reminders
// may fall in [from, to): the same range planning looks at.
func (c *Calendar) periodsFor(from, to time.Time) []time.Time {
	from, to = from.In(c.Location), to.In(c.Location)
	// Generous bounds in months: a period's reminders start at most the
	// longest before-offset ahead of its deadline, and end at the lock, the
	// escalation (overdue working days, counted double for weekends and
	// holidays) or the snooze horizon, whichever is last.
	back, ahead := 3, 1
	rules := []SubmissionRule{c.SubmissionRule("")}
	for _, r := range c.Submission.Overrides {
		rules = append(rules, r)
	}
	for _, r := range rules {
		after := max(r.GraceDays, (r.Offsets.OverdueDays+1)*2+30) + 31
		back = max(back, after/28+2)
		for _, o := range r.Offsets.Before {
			ahead = max(ahead, int(o.before()/(28*24*time.Hour))+1)
		}
	}
	y, m, _ := from.Date()
	first := time.Date(y, m-time.Month(back), 1, 0, 0, 0, 0, c.Location)
	ty, tm, _ := to.Date()
	last := time.Date(ty, tm+time.Month(ahead), 1, 0, 0, 0, 0, c.Location)
	var out []time.Time
	for per := first; !per.After(last); per = per.AddDate(0, 1, 0) {
		out = append(out, per)
	}
	return out
}

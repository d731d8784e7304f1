package reminders

import (
	"fmt"
	"time"
)

// Snapshot is a State held in memory: the runner builds one per tick from
// the store (KVStore.Load for this package's records, the submissions and
// membership records through the functions cmd wires in). The zero value
// is the empty state: nothing confirmed, nobody registered.
type Snapshot struct {
	ConfirmedReports map[string]bool        // PeriodKey(unit, year, month) → confirmed
	People           map[string][]Recipient // unit → its registered people
	Chairs           map[string][]Recipient // cluster → chair and deputy people
	Snoozed          map[string][]time.Time // target → snooze ends
	DoneTargets      map[string]bool        // target → "Đã xong" pressed
	Checklists       map[string]map[string]bool
	MeetingList      []Meeting
}

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
func (s *Snapshot) Meetings() []Meeting                   { return s.MeetingList }

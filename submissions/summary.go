package submissions

import (
	"maps"
	"time"

	"github.com/thiduabot/thiduabot/scoring"
)

// summary is what the scoring input needs of one cluster's year of reports,
// whatever the scoring table: every answered value by unit, criterion and
// month, and which months each unit submitted (and submitted late). It is
// what a year's figures are cached as, and what the compact record holds.
type summary struct {
	// base holds the answered values of the reports with a confirmation
	// (version > 0); read-only once built.
	base scoring.Values
	// submitted holds, per unit with any, the months the focal point
	// confirmed (bit m-1) and those first confirmed late.
	submitted map[string]months
}

// months is a unit's submitted and late months, bit m-1 for month m.
type months struct {
	confirmed, late uint16
}

// summarize summarizes reports, all of one year.
func summarize(reports []Report) *summary {
	s := &summary{base: scoring.Values{}, submitted: map[string]months{}}
	for i := range reports {
		s.add(&reports[i])
	}
	return s
}

// add adds the figures of r, a report of the summary's year whose unit and
// month have none yet.
func (s *summary) add(r *Report) {
	if r.Version == 0 || r.Period.Month < time.January || r.Period.Month > time.December {
		return
	}
	if r.Confirmed() {
		ms := s.submitted[r.Unit]
		bit := uint16(1) << (r.Period.Month - 1)
		ms.confirmed |= bit
		if r.Late {
			ms.late |= bit
		}
		s.submitted[r.Unit] = ms
	}
	for id, e := range r.Values {
		if e.HasValue() {
			s.base.Set(r.Unit, id, r.Period.Month, e.Value)
		}
	}
}

// change is a unit's month whose report was written after a compact
// record's version (see changeKey).
type change struct {
	period Period
	unit   string
}

// overlay returns the summary of the year's reports as they are now, given
// s, the summary of an earlier version, the unit-months written since
// (changed; more is harmless) and their reports as they are now (reports[i]
// is changed[i]'s, nil when there is none). Each unit-month changed loses
// the figures s has of it and gains its report's, added as summarize adds
// them: the result is what summarize would give over every report. s is
// left as it is: the units changed are copied, the others shared.
func (s *summary) overlay(changed []change, reports []*Report) *summary {
	out := &summary{base: maps.Clone(s.base), submitted: maps.Clone(s.submitted)}
	copied := map[string]bool{}
	for _, c := range changed {
		if !copied[c.unit] {
			copied[c.unit] = true
			if crits := out.base[c.unit]; crits != nil {
				own := make(map[string]*scoring.Series, len(crits))
				for id, ser := range crits {
					cp := *ser
					own[id] = &cp
				}
				out.base[c.unit] = own
			}
		}
		out.drop(c.unit, c.period.Month)
	}
	for _, r := range reports {
		if r != nil {
			out.add(r)
		}
	}
	return out
}

// drop removes unit's figures of month m, leaving no empty series, unit or
// months entry behind (summarize makes none).
func (s *summary) drop(unit string, m time.Month) {
	if m < time.January || m > time.December {
		return
	}
	if crits, ok := s.base[unit]; ok {
		for id, ser := range crits {
			ser.Unset(m)
			if emptySeries(ser) {
				delete(crits, id)
			}
		}
		if len(crits) == 0 {
			delete(s.base, unit)
		}
	}
	if ms, ok := s.submitted[unit]; ok {
		bit := uint16(1) << (m - 1)
		ms.confirmed &^= bit
		ms.late &^= bit
		if ms.confirmed == 0 {
			delete(s.submitted, unit)
		} else {
			s.submitted[unit] = ms
		}
	}
}

func emptySeries(ser *scoring.Series) bool {
	for m := time.January; m <= time.December; m++ {
		if _, ok := ser.Get(m); ok {
			return false
		}
	}
	return true
}

// values builds the scoring engine's input for the criteria cs: the
// answered values, and for each late_submissions criterion the late months
// counted by the bot (see Reports.Values). Without such a criterion it is
// the summary's own values, shared: read them, never change them.
func (s *summary) values(cs []Criterion) scoring.Values {
	var late []Criterion
	for _, c := range cs {
		if c.Source == SourceLateSubmissions {
			late = append(late, c)
		}
	}
	if len(late) == 0 || len(s.submitted) == 0 {
		return s.base
	}
	vs := maps.Clone(s.base)
	for unit, ms := range s.submitted {
		crits := make(map[string]*scoring.Series, len(s.base[unit])+len(late))
		maps.Copy(crits, s.base[unit])
		for _, c := range late {
			ser := &scoring.Series{}
			if old := crits[c.ID]; old != nil {
				*ser = *old // a value of the same id is overwritten month by month
			}
			n := 0.0 // late months so far
			for m := time.January; m <= time.December; m++ {
				bit := uint16(1) << (m - 1)
				if ms.late&bit != 0 {
					n++
				}
				if ms.confirmed&bit == 0 {
					continue
				}
				switch {
				case c.Input != Monthly:
					ser.Set(m, n)
				case ms.late&bit != 0:
					ser.Set(m, 1)
				default:
					ser.Set(m, 0)
				}
			}
			crits[c.ID] = ser
		}
		vs[unit] = crits
	}
	return vs
}

func values(reports []Report, cs []Criterion) scoring.Values {
	return summarize(reports).values(cs)
}

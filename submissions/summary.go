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
		r := &reports[i]
		if r.Version == 0 || r.Period.Month < time.January || r.Period.Month > time.December {
			continue
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
	return s
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

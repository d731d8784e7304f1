package scoring

import "time"

// Values are the submitted figures of one year: unit id → criterion id →
// the twelve months' values. A month has a value or has none; zero is a
// value. The submissions package builds Values from stored reports (and
// counts late reports into source: late_submissions criteria); the score
// command builds them from a CSV or XLSX file.
type Values map[string]map[string]*Series

// Series is one unit's values for one criterion, January to December.
type Series struct {
	v   [12]float64
	set uint16 // bit m-1 set when month m has a value
}

// Set records the value of month m (1–12); other months are ignored.
func (s *Series) Set(m time.Month, v float64) {
	if m < time.January || m > time.December {
		return
	}
	s.v[m-1] = v
	s.set |= 1 << (m - 1)
}

// Unset removes month m's value.
func (s *Series) Unset(m time.Month) {
	if m >= time.January && m <= time.December {
		s.set &^= 1 << (m - 1)
		s.v[m-1] = 0
	}
}

// Get returns month m's value and whether it has one.
func (s *Series) Get(m time.Month) (float64, bool) {
	if s == nil || m < time.January || m > time.December || s.set&(1<<(m-1)) == 0 {
		return 0, false
	}
	return s.v[m-1], true
}

// latest returns the value of the latest month ≤ m that has one.
func (s *Series) latest(m time.Month) (float64, time.Month, bool) {
	if s == nil {
		return 0, 0, false
	}
	for k := m; k >= time.January; k-- {
		if s.set&(1<<(k-1)) != 0 {
			return s.v[k-1], k, true
		}
	}
	return 0, 0, false
}

// sum adds the months ≤ m that have a value and returns the last of them.
func (s *Series) sum(m time.Month) (float64, time.Month, bool) {
	if s == nil {
		return 0, 0, false
	}
	total, last := 0.0, time.Month(0)
	for k := time.January; k <= m; k++ {
		if s.set&(1<<(k-1)) != 0 {
			total += s.v[k-1]
			last = k
		}
	}
	return total, last, last != 0
}

// Set records unit's value for criterion in month m.
func (v Values) Set(unit, criterion string, m time.Month, x float64) {
	crits := v[unit]
	if crits == nil {
		crits = map[string]*Series{}
		v[unit] = crits
	}
	s := crits[criterion]
	if s == nil {
		s = &Series{}
		crits[criterion] = s
	}
	s.Set(m, x)
}

// Get returns unit's value for criterion in month m.
func (v Values) Get(unit, criterion string, m time.Month) (float64, bool) {
	return v[unit][criterion].Get(m)
}

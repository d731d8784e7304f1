package scoring

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/thiduabot/thiduabot/org"
)

// Result is a cluster's interim (or, for December, final) scores for a
// period, units in rank order.
type Result struct {
	Table  *Table
	Period Period
	Units  []UnitResult
}

// UnitResult is one unit's scores.
type UnitResult struct {
	ID   string
	Name string
	// Rank is shared by units whose rounded totals (and tie-break points)
	// are equal: 1, 2, 2, 4.
	Rank int
	// Total is Points rounded to 2 decimals, half away from zero.
	Total float64
	// Points is the unrounded sum of the groups' points.
	Points float64
	// Missing lists, in table order, the criteria without a usable value.
	Missing []string
	// NoData marks a unit without a single figure through the period (a
	// per_count's absence, which scores as zero occurrences, is no figure
	// either): its 0 points rank it by the rules, but it has not been
	// ranked on merit, and every view says so.
	NoData   bool
	Groups   []GroupResult
	Criteria []CriterionResult // table order
}

// GroupResult is a group's points: the sum of its criteria, capped.
type GroupResult struct {
	ID     string
	Sum    float64 // before the cap
	Points float64 // min(Sum, max)
	Capped bool
}

// CriterionResult is one criterion's scoring for one unit, with everything
// Explain needs to say why.
type CriterionResult struct {
	Criterion *Criterion
	// Value is the period value; meaningless when Missing.
	Value float64
	// Target is the period target used (ratio, leader_relative).
	Target float64
	// Ratio is the achievement ratio r = 100·value/target, in percent.
	Ratio float64
	// LeaderRatio is the best ratio in the cluster (leader_relative).
	LeaderRatio float64
	Points      float64
	// CarriedFrom is the month the value was taken from when it is earlier
	// than the period's month (carried forward), else 0.
	CarriedFrom time.Month
	// Band is the index of the band that gave the points, -1 for none.
	Band int32
	// The period, packed: a result holds units × criteria of these.
	year  int16
	month uint8
	Basis Basis
	// Missing marks a criterion without a usable value (scored 0).
	Missing bool
	// Invalid marks a value the rule cannot score (a yes_no of 2); such a
	// value is also Missing.
	Invalid   bool
	HasTarget bool
	// NoTarget marks a ratio or leader_relative criterion whose unit has
	// no usable target: a configuration error, scored 0.
	NoTarget bool
}

// Period is the period the criterion was scored for.
func (cr *CriterionResult) Period() Period {
	return Period{Year: int(cr.year), Month: time.Month(cr.month)}
}

// Score computes the period's result for units (one cluster) from their
// targets and values. It fails only on a bad period or a table that does
// not apply to the period's year; missing data and missing targets are
// scored 0 and reported on the criterion.
func Score(t *Table, units []org.Unit, targets *Targets, values Values, p Period) (*Result, error) {
	return NewScorer(t, units, targets, values).Score(p)
}

// Scorer scores one set of units, table, targets and values for one period
// after another (the months of a year's trajectory), looking each unit's
// series up once. It only reads them, and is safe for concurrent use.
type Scorer struct {
	t       *Table
	units   []org.Unit
	targets *Targets
	crits   []*Criterion
	series  []*Series // units × criteria, table order
	err     error     // the table's or the units' fault, reported after the period's
}

// NewScorer prepares the scoring of units against t; Score reports any
// fault.
func NewScorer(t *Table, units []org.Unit, targets *Targets, values Values) *Scorer {
	s := &Scorer{t: t, units: units, targets: targets}
	if t == nil {
		return s
	}
	s.crits = t.Criteria()
	for _, c := range s.crits {
		if err := c.scorable(); err != nil {
			s.err = fmt.Errorf("score: table %s: %w", t.ID, err)
			return s
		}
	}
	nc := len(s.crits)
	s.series = make([]*Series, len(units)*nc)
	seen := make(map[string]bool, len(units))
	for i, u := range units {
		if seen[u.ID] {
			s.err = fmt.Errorf("score: unit %s listed twice", u.ID)
			return s
		}
		seen[u.ID] = true
		uv := values[u.ID]
		for j, c := range s.crits {
			s.series[i*nc+j] = uv[c.ID]
		}
	}
	return s
}

// Score computes the period's result; see the function Score.
func (s *Scorer) Score(p Period) (*Result, error) {
	t, units, targets, crits := s.t, s.units, s.targets, s.crits
	if t == nil {
		return nil, errors.New("score: no scoring table")
	}
	if !p.Valid() {
		return nil, fmt.Errorf("score: invalid period %v", p)
	}
	if !t.AppliesTo(p.Year) {
		return nil, fmt.Errorf("score: table %s applies to %d, not %d", t.ID, t.Year, p.Year)
	}
	if s.err != nil {
		return nil, s.err
	}
	nc := len(crits)
	res := &Result{Table: t, Period: p, Units: make([]UnitResult, len(units))}
	all := make([]CriterionResult, len(units)*nc)
	groups := make([]GroupResult, len(units)*len(t.Groups))
	for i, u := range units {
		ur := &res.Units[i]
		ur.ID, ur.Name, ur.NoData = u.ID, u.Name, true
		ur.Criteria = all[i*nc : (i+1)*nc : (i+1)*nc]
		ur.Groups = groups[i*len(t.Groups) : (i+1)*len(t.Groups) : (i+1)*len(t.Groups)]
		for j, c := range crits {
			cr := &ur.Criteria[j]
			cr.Criterion, cr.year, cr.month, cr.Band = c, int16(p.Year), uint8(p.Month), -1
			var tg Target
			hasTarget := false
			if c.NeedsTarget() {
				tg, hasTarget = targets.Get(p.Year, u.ID, c.ID)
			}
			sr := s.series[i*nc+j]
			if _, _, ok := sr.latest(p.Month); ok {
				ur.NoData = false
			}
			score(cr, c, sr, tg, hasTarget, p)
		}
	}
	for j, c := range crits {
		if c.Rule.Kind == KindLeaderRelative {
			leaderRelative(res.Units, j, c)
		}
	}
	for i := range res.Units {
		ur := &res.Units[i]
		j, total := 0, 0.0
		for gi, g := range t.Groups {
			gr := &ur.Groups[gi]
			gr.ID = g.ID
			for range g.Criteria {
				cr := &ur.Criteria[j]
				gr.Sum += cr.Points
				if cr.Missing {
					ur.Missing = append(ur.Missing, cr.Criterion.ID)
				}
				j++
			}
			gr.Points = gr.Sum
			if g.Max != nil && gr.Sum > *g.Max {
				gr.Points, gr.Capped = *g.Max, true
			}
			total += gr.Points
		}
		ur.Points = total
		ur.Total = Round2(total)
	}
	rank(res, crits)
	return res, nil
}

// scorable guards against tables built in code rather than parsed: the
// fields the rule dereferences must be there.
func (c *Criterion) scorable() error {
	r := &c.Rule
	switch {
	case (r.Kind == KindRatio || r.Kind == KindLowerBetter) && (r.Full == nil || r.Zero == nil || *r.Full == *r.Zero):
		return fmt.Errorf("criterion %s: %s needs distinct full and zero", c.ID, r.Kind)
	case r.Kind == KindRatio && r.Bonus != nil && !(r.Bonus.Per > 0):
		return fmt.Errorf("criterion %s: bonus.per must be positive", c.ID)
	case r.Kind == KindPerCount && (r.Points == nil || r.Cap == nil):
		return fmt.Errorf("criterion %s: per_count needs points and cap", c.ID)
	case r.Kind == KindBands:
		for _, b := range r.Bands {
			if b.Min == nil && b.Max == nil {
				return fmt.Errorf("criterion %s: a band has neither min nor max", c.ID)
			}
		}
	case r.Kind == KindYesNo, r.Kind == KindDirect, r.Kind == KindLeaderRelative, r.Kind == KindRatio, r.Kind == KindLowerBetter, r.Kind == KindPerCount:
	default:
		return fmt.Errorf("criterion %s: unknown rule kind %q", c.ID, r.Kind)
	}
	return nil
}

// score fills cr for one unit and criterion, except leader_relative's
// points, which need every unit's ratio.
func score(cr *CriterionResult, c *Criterion, s *Series, tg Target, hasTarget bool, p Period) {
	r := &c.Rule
	var (
		v    float64
		from time.Month
		ok   bool
	)
	if c.Input == InputMonthly {
		v, from, ok = s.sum(p.Month)
	} else {
		v, from, ok = s.latest(p.Month)
	}
	countsMonthly := r.Kind == KindPerCount && c.Input == InputMonthly
	switch {
	case r.Kind == KindPerCount && !ok:
		v, ok = 0, true // no report of an occurrence is zero occurrences
	case ok && from < p.Month && !countsMonthly:
		// A month without occurrences is not a month without data, so
		// monthly counts are never "carried".
		cr.CarriedFrom = from
	}
	cr.Value = v
	if !ok {
		cr.Missing = true
	} else if c.CheckValue(v) != "" {
		cr.Missing, cr.Invalid = true, true
	}
	if c.NeedsTarget() {
		if hasTarget {
			cr.Target, cr.Basis = tg.For(p, c.Input)
		}
		cr.HasTarget = hasTarget && cr.Target > 0
		cr.NoTarget = !cr.HasTarget
	}
	if cr.Missing || cr.NoTarget {
		return
	}
	switch r.Kind {
	case KindRatio:
		cr.Ratio = 100 * v / cr.Target
		cr.Points = ratioPoints(cr.Ratio, *r.Full, *r.Zero, c.Max, r.Bonus)
	case KindLeaderRelative:
		cr.Ratio = 100 * v / cr.Target
	case KindLowerBetter:
		full, zero := *r.Full, *r.Zero
		switch {
		case v <= full:
			cr.Points = c.Max
		case v >= zero:
			cr.Points = 0
		default:
			cr.Points = c.Max * (zero - v) / (zero - full)
		}
	case KindBands:
		for i, b := range r.Bands {
			if (b.Min != nil && v >= *b.Min) || (b.Max != nil && v <= *b.Max) {
				cr.Band, cr.Points = int32(i), b.Points
				break
			}
		}
	case KindYesNo:
		if v == 1 {
			cr.Points = c.Max
		}
	case KindPerCount:
		cr.Points = *r.Points * v
		if cap := *r.Cap; cap < 0 {
			cr.Points = math.Max(cap, math.Min(0, cr.Points))
		} else {
			cr.Points = math.Min(cap, math.Max(0, cr.Points))
		}
	case KindDirect:
		cr.Points = math.Min(c.Max, math.Max(0, v))
	}
}

// ratioPoints is M at r ≥ full, 0 at r ≤ zero, linear between, plus the
// proportional bonus above full.
func ratioPoints(r, full, zero, max float64, b *Bonus) float64 {
	switch {
	case r >= full:
		pts := max
		if b != nil && r > full {
			pts += math.Min(b.Cap, b.Points*(r-full)/b.Per)
		}
		return pts
	case r <= zero:
		return 0
	}
	return max * (r - zero) / (full - zero)
}

// leaderRelative scores criterion j of every unit against the best ratio
// among the units with data: M·r/r_leader, 0 for all when r_leader ≤ 0.
func leaderRelative(units []UnitResult, j int, c *Criterion) {
	best, any := 0.0, false
	for i := range units {
		cr := &units[i].Criteria[j]
		if cr.Missing || cr.NoTarget {
			continue
		}
		if !any || cr.Ratio > best {
			best, any = cr.Ratio, true
		}
	}
	for i := range units {
		cr := &units[i].Criteria[j]
		if cr.Missing || cr.NoTarget {
			continue
		}
		cr.LeaderRatio = best
		if best > 0 {
			cr.Points = math.Max(0, c.Max*cr.Ratio/best)
		}
	}
}

// rank orders res.Units: by rounded total, then by the tie-break criteria's
// unrounded points, then by unit id, and assigns shared ranks.
func rank(res *Result, crits []*Criterion) {
	var tb []int
	for _, id := range res.Table.TieBreak {
		for j, c := range crits {
			if c.ID == id {
				tb = append(tb, j)
			}
		}
	}
	// cmp is <0 when a ranks above b, 0 when they share a rank.
	cmp := func(a, b *UnitResult) int {
		if a.Total != b.Total {
			if a.Total > b.Total {
				return -1
			}
			return 1
		}
		for _, j := range tb {
			pa, pb := a.Criteria[j].Points, b.Criteria[j].Points
			if pa != pb {
				if pa > pb {
					return -1
				}
				return 1
			}
		}
		return 0
	}
	us := res.Units
	sort.Slice(us, func(a, b int) bool {
		if c := cmp(&us[a], &us[b]); c != 0 {
			return c < 0
		}
		return us[a].ID < us[b].ID
	})
	for i := range us {
		if i > 0 && cmp(&us[i-1], &us[i]) == 0 {
			us[i].Rank = us[i-1].Rank
		} else {
			us[i].Rank = i + 1
		}
	}
}

// Round2 rounds x to 2 decimals, half away from zero, on the shortest
// decimal form of x, so that 1.005 (stored as 1.00499999…) gives 1.01 as a
// person computing by hand expects.
func Round2(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	var buf [64]byte
	s := strconv.AppendFloat(buf[:0], x, 'f', -1, 64)
	dot := bytes.IndexByte(s, '.')
	if dot < 0 || len(s)-dot-1 <= 2 {
		return x
	}
	up := s[dot+3] >= '5'
	s = s[:dot+3]
	if up {
		// Add one in the last kept place, carrying over the dot and digits.
		i := len(s) - 1
		for ; i >= 0; i-- {
			switch s[i] {
			case '.':
				continue
			case '-':
				i = -1
			case '9':
				s[i] = '0'
				continue
			default:
				s[i]++
			}
			break
		}
		if i < 0 {
			start := 0
			if s[0] == '-' {
				start = 1
			}
			s = append(s[:start], append([]byte{'1'}, s[start:]...)...)
		}
	}
	r, _ := strconv.ParseFloat(string(s), 64)
	return r
}

// Unit returns the result of the unit with id.
func (r *Result) Unit(id string) (*UnitResult, bool) {
	for i := range r.Units {
		if r.Units[i].ID == id {
			return &r.Units[i], true
		}
	}
	return nil, false
}

// Criterion returns the unit's result for criterion id.
func (u *UnitResult) Criterion(id string) (*CriterionResult, bool) {
	for i := range u.Criteria {
		if u.Criteria[i].Criterion.ID == id {
			return &u.Criteria[i], true
		}
	}
	return nil, false
}

// Gap is what a unit lacks to reach the unit ranked just above it.
type Gap struct {
	Above *UnitResult
	// Points is the difference of the rounded totals (0 when the unit is
	// behind only on tie-break).
	Points float64
	// Criterion is where the unit trails Above most, with the difference
	// in points; nil when it trails nowhere.
	Criterion       *Criterion
	CriterionPoints float64
}

// Gap returns the gap from unit id to the unit ranked just above it; false
// for a unit ranked first or unknown.
func (r *Result) Gap(id string) (Gap, bool) {
	var above, me *UnitResult
	for i := range r.Units {
		u := &r.Units[i]
		if u.ID == id {
			me = u
			break
		}
	}
	if me == nil || me.Rank == 1 {
		return Gap{}, false
	}
	for i := range r.Units {
		u := &r.Units[i]
		if u.Rank < me.Rank && (above == nil || u.Rank > above.Rank) {
			above = u
		}
	}
	if above == nil {
		return Gap{}, false
	}
	g := Gap{Above: above, Points: Round2(above.Total - me.Total)}
	for j := range me.Criteria {
		d := above.Criteria[j].Points - me.Criteria[j].Points
		if d > 0 && d > g.CriterionPoints {
			g.Criterion, g.CriterionPoints = me.Criteria[j].Criterion, d
		}
	}
	return g, true
}

// Ranks maps unit id to rank.
func (r *Result) Ranks() map[string]int {
	m := make(map[string]int, len(r.Units))
	for _, u := range r.Units {
		m[u.ID] = u.Rank
	}
	return m
}

// Movement says how a unit's rank moved since the previous ranking: "↑2",
// "↓1", "=", or "" when it had no previous rank (prev 0).
func Movement(prev, cur int) string {
	switch {
	case prev <= 0 || cur <= 0:
		return ""
	case cur < prev:
		return "↑" + strconv.Itoa(prev-cur)
	case cur > prev:
		return "↓" + strconv.Itoa(cur-prev)
	}
	return "="
}

// Movements gives every unit's movement in cur since prev (nil prev: none).
func Movements(prev, cur *Result) map[string]string {
	m := make(map[string]string, len(cur.Units))
	var pr map[string]int
	if prev != nil {
		pr = prev.Ranks()
	}
	for _, u := range cur.Units {
		m[u.ID] = Movement(pr[u.ID], u.Rank)
	}
	return m
}

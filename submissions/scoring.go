package submissions

import (
	"context"
	"fmt"
	"math"

	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
)

// CriteriaOf lists a scoring table's criteria, in table order, as this
// package sees them.
func CriteriaOf(t *scoring.Table) []Criterion {
	var out []Criterion
	for _, c := range t.Criteria() {
		out = append(out, CriterionOf(c))
	}
	return out
}

// CriterionOf is one criterion of a scoring table as this package sees it.
func CriterionOf(c *scoring.Criterion) Criterion {
	cr := Criterion{ID: c.ID, Name: c.Name, Unit: c.Unit, Input: Input(c.Input), Rule: c.Rule.Kind, Source: c.Source}
	if len(c.Range) == 2 {
		cr.Range = &Range{Min: c.Range[0], Max: c.Range[1]}
	}
	cr.Limit = limit(cr.Input, cr.Rule, c.Max, cr.Range)
	if cr.Rule == RulePerCount && cr.Range == nil && c.Rule.Points != nil && c.Rule.Cap != nil {
		cr.CountMax = MonthCountMax(*c.Rule.Points, *c.Rule.Cap)
	}
	return cr
}

// MonthCountMax is the default plausible count of a per_count criterion in
// one month, when its table gives no range: twice the count that reaches
// the cap (at least CountMaxFloor), since a count beyond it earns nothing
// more and is likelier a slip (a year's total, a figure of another
// criterion). 0 when points or cap is 0.
func MonthCountMax(points, cap float64) float64 {
	if points == 0 || cap == 0 {
		return 0
	}
	return max(2*math.Ceil(math.Abs(cap/points)), CountMaxFloor)
}

// CountMaxFloor is the least default plausible count per month.
const CountMaxFloor = 10

// TargetKnown is what the scoring targets say of unit's criterion c for p:
// its annual target and, when written, its explicit target for p.
func TargetKnown(ts *scoring.Targets, unit, c string, p Period) Known {
	var k Known
	t, ok := ts.Get(p.Year, unit, c)
	if !ok {
		return k
	}
	annual := t.Annual
	k.Target = &annual
	if v, ok := t.Periods[p.String()]; ok {
		k.PeriodTarget = &v
	}
	return k
}

// KnownFor is Reports.Known with the targets taken from the scoring targets:
// the unit's annual target and, when written, its explicit target for p.
func (rs *Reports) KnownFor(ctx context.Context, cluster, unit string, p Period, cs []Criterion, ts *scoring.Targets) (map[string]Known, error) {
	reports, err := rs.UnitReports(ctx, cluster, unit)
	if err != nil {
		return nil, err
	}
	ks := known(reports, p, cs, nil)
	for _, c := range cs {
		t := TargetKnown(ts, unit, c.ID, p)
		k := ks[c.ID]
		k.Target, k.PeriodTarget = t.Target, t.PeriodTarget
		ks[c.ID] = k
	}
	return ks, nil
}

// ScoringPeriod converts p for the engine.
func (p Period) ScoringPeriod() scoring.Period { return scoring.Period{Year: p.Year, Month: p.Month} }

// Preview computes the interim score ("điểm tạm tính") the cluster would have
// for d's period if d were confirmed now: the stored confirmed reports, with
// d's answers in place of its unit's report for the period, and that report
// counted late if confirming now would make it late. units are the cluster's
// units (leader_relative compares across them); the caller picks d.Unit's
// line from the result.
func (rs *Reports) Preview(ctx context.Context, d *Draft, table *scoring.Table, units []org.Unit, ts *scoring.Targets) (*scoring.Result, error) {
	reports, err := rs.List(ctx, d.Cluster, d.Period.Year)
	if err != nil {
		return nil, err
	}
	deadline, _ := rs.Window(d.Cluster, d.Period)
	now := rs.clk.Now()
	mine := Report{Cluster: d.Cluster, Unit: d.Unit, Period: d.Period, Version: 1, Values: map[string]Entry{}}
	if d.Asker == ForFocal {
		mine.FirstConfirmedAt, mine.Late = now, now.After(deadline)
	}
	kept := reports[:0]
	for _, r := range reports {
		if r.Unit == d.Unit && r.Period == d.Period {
			for id, e := range r.Values {
				mine.Values[id] = e
			}
			if r.Confirmed() {
				mine.FirstConfirmedAt, mine.Late = r.FirstConfirmedAt, r.Late
			}
			continue
		}
		kept = append(kept, r)
	}
	for id, e := range d.Answers {
		mine.Values[id] = e
	}
	res, err := scoring.Score(table, units, ts, values(append(kept, mine), CriteriaOf(table)), d.Period.ScoringPeriod())
	if err != nil {
		return nil, fmt.Errorf("preview score of %s/%s: %w", d.Cluster, d.Period, err)
	}
	return res, nil
}

package submissions

import (
	"math"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/vi"
)

// WarningKind names why a value looks wrong.
type WarningKind string

// Warning kinds.
const (
	WarnOutOfRange     WarningKind = "out_of_range"     // outside the criterion's range
	WarnNegative       WarningKind = "negative"         // below zero with no range allowing it
	WarnBelowLast      WarningKind = "below_last"       // a cumulative value lower than an earlier month's
	WarnFarAboveTarget WarningKind = "far_above_target" // a ratio value over FarAboveFactor × its period target
)

// FarAboveFactor is how many times its period target a ratio value may reach
// before it is questioned: beyond that, a slip of a decimal mark or a value in
// the wrong unit (đồng for tỷ đồng) is far likelier than the achievement.
const FarAboveFactor = 3

// Warning is a plausibility problem with a value that may still be right:
// the caller shows Message and lets the user fix the value or keep it.
type Warning struct {
	Kind    WarningKind `json:"kind"`
	Message string      `json:"message"`
}

// Last is the latest earlier value of a criterion for a unit.
type Last struct {
	Period Period  `json:"period"`
	Value  float64 `json:"value"`
}

// Known is what is known about a criterion for a unit before it is asked: its
// target and its latest earlier value. Both may be absent.
type Known struct {
	Target *float64 // the unit's annual target, as written in the targets file
	// PeriodTarget, when the targets give one for the period, replaces the
	// proration of Target.
	PeriodTarget *float64
	Last         *Last // latest earlier month with a value (same year for cumulative and monthly)
}

// periodTarget is the target a value of period p is compared with: prorated
// by months elapsed for cumulative inputs, one month's share for monthly
// inputs (the value of a single month), as written for snapshots.
func (k Known) periodTarget(c Criterion, p Period) (float64, bool) {
	if k.PeriodTarget != nil {
		if c.Input == Monthly {
			return *k.PeriodTarget / float64(p.Month), true
		}
		return *k.PeriodTarget, true
	}
	if k.Target == nil {
		return 0, false
	}
	switch c.Input {
	case Cumulative:
		return *k.Target * float64(p.Month) / 12, true
	case Monthly:
		return *k.Target / 12, true
	}
	return *k.Target, true
}

// Check returns the plausibility warnings for value v of criterion c in
// period p. Yes/no values are never questioned (Parse accepts only 0 and 1).
func Check(c Criterion, p Period, v float64, k Known) []Warning {
	if c.Rule == RuleYesNo {
		return nil
	}
	var ws []Warning
	num := func(x float64) string { return FormatValue(c, x) }
	switch {
	case c.Range != nil && !c.Range.Contains(v):
		ws = append(ws, Warning{WarnOutOfRange, msg.SubmitWarnRange(num(v), num(c.Range.Min), num(c.Range.Max))})
	case c.Range == nil && v < 0:
		ws = append(ws, Warning{WarnNegative, msg.SubmitWarnNegative(num(v))})
	}
	if c.Input == Cumulative && k.Last != nil && k.Last.Period.Year == p.Year && k.Last.Period.Before(p) && v < k.Last.Value {
		ws = append(ws, Warning{WarnBelowLast, msg.SubmitWarnBelowLast(num(v), num(k.Last.Value), k.Last.Period.Label())})
	}
	if c.Rule == RuleRatio || c.Rule == RuleLeader {
		if t, ok := k.periodTarget(c, p); ok && t > 0 && v > FarAboveFactor*t {
			ws = append(ws, Warning{WarnFarAboveTarget, msg.SubmitWarnFarAbove(num(v), vi.Number(math.Floor(v/t*10)/10, 1), num(t))})
		}
	}
	return ws
}

package submissions

import (
	"errors"
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
	WarnFarFromLast    WarningKind = "far_from_last"    // FarFromLastFactor times above or below the last month's value
)

// Severe reports whether the warning is about a value that cannot be right
// as the table defines the criterion: outside its range, or negative when
// no range allows it. The chat lets a person keep such a value after the
// warning; a values file, where nobody can answer, refuses it.
func (w Warning) Severe() bool { return w.Kind == WarnOutOfRange || w.Kind == WarnNegative }

// FarFromLastFactor is how many times above (or below) the previous month's
// value a snapshot or running total may be before it is questioned; a
// running total's previous value is first carried forward at the same pace,
// and a month's own flow (input monthly) is not compared. Beyond that a
// slip of a decimal mark or of a unit (đồng for triệu đồng) is likelier
// than the change.
const FarFromLastFactor = 10

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
	below := c.Input == Cumulative && k.Last != nil && k.Last.Period.Year == p.Year && k.Last.Period.Before(p) && v < k.Last.Value
	if below {
		ws = append(ws, Warning{WarnBelowLast, msg.SubmitWarnBelowLast(num(v), num(k.Last.Value), k.Last.Period.Label())})
	}
	// A snapshot (a rate, a head count) or a running total far from the
	// last one; a month's own flow varies too much to judge, and a running
	// total starts again each year.
	if l := k.Last; l != nil && !below && c.Rule != RulePerCount && c.Input != Monthly && l.Value > 0 && v > 0 &&
		l.Period.Before(p) && (c.Input != Cumulative || l.Period.Year == p.Year) {
		expected := l.Value
		if c.Input == Cumulative {
			expected = l.Value * float64(p.Month) / float64(l.Period.Month)
		}
		switch r := v / expected; {
		case r >= FarFromLastFactor:
			ws = append(ws, Warning{WarnFarFromLast, msg.SubmitWarnFarFromLast(num(v), vi.Number(math.Floor(r), 0), num(l.Value), l.Period.Label())})
		case r <= 1.0/FarFromLastFactor:
			ws = append(ws, Warning{WarnFarFromLast, msg.SubmitWarnFarBelowLast(num(v), vi.Number(math.Floor(1/r), 0), num(l.Value), l.Period.Label())})
		}
	}
	if c.Rule == RuleRatio || c.Rule == RuleLeader {
		if t, ok := k.periodTarget(c, p); ok && t > 0 && v > FarAboveFactor*t {
			ws = append(ws, Warning{WarnFarAboveTarget, msg.SubmitWarnFarAbove(num(v), vi.Number(math.Floor(v/t*10)/10, 1), formatValue(c, t, 2))})
		}
	}
	return ws
}

// Impossible says why v can never be a value of criterion c, as the chat
// refuses it before any warning: not a finite number, a yes/no other than 1
// or 0, a fraction of a counted thing, a chair's value outside the
// criterion's Limit. "" when v is possible.
func Impossible(c Criterion, v float64) string {
	var in *InputError
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return msg.SubmitBadNumber(expectedForm(c))
	case errors.As(c.refuse("", v), &in):
		return in.Message
	case c.Rule == RuleYesNo && v != 0 && v != 1:
		return msg.SubmitBadYesNo
	case c.Rule != RuleYesNo && c.integer() && v != math.Trunc(v):
		return msg.SubmitNotWhole(expectedForm(c))
	}
	return ""
}

package scoring

import (
	"fmt"
	"strconv"
	"time"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/vi"
)

// Explain says in Vietnamese how the criterion's points came about, e.g.
// "Lũy kế 2.480,5 tỷ đồng / kế hoạch 6 tháng 2.600 tỷ đồng = 95,4% →
// 8,11/15 điểm (tuyến tính 90%→0, 100%→15)". It is computed on demand so
// that ranking many units costs no text.
func (cr *CriterionResult) Explain() string {
	c := cr.Criterion
	r := &c.Rule
	max := pts(c.Max)
	switch {
	case cr.Invalid && r.Kind == KindYesNo:
		return fmt.Sprintf(msg.ScoreYesNoInvalid, vi.Number(cr.Value, 4), max)
	case cr.Invalid:
		return fmt.Sprintf(msg.ScoreInvalid, vi.Number(cr.Value, 4), max)
	case cr.Missing:
		return fmt.Sprintf(msg.ScoreMissing, monthLabel(cr.Period().Year, cr.Period().Month), max)
	case cr.NoTarget:
		return fmt.Sprintf(msg.ScoreNoTarget, max)
	}
	carried := ""
	if cr.CarriedFrom != 0 {
		carried = fmt.Sprintf(msg.ScoreCarried, monthLabel(cr.Period().Year, cr.CarriedFrom))
	}
	value := c.withUnit(cr.Value)
	if r.Kind == KindPerCount && c.Unit == "" {
		value = vi.Number(cr.Value, 2) + " " + msg.ScoreTimes
	}
	lead := msg.ScoreLeadLatest
	switch {
	case c.Source == SourceLateSubmissions:
		lead = msg.ScoreLeadLate
	case c.Input == InputCumulative:
		lead = msg.ScoreLeadCumulative
	case c.Input == InputMonthly:
		lead = msg.ScoreLeadMonthly
	case c.Input == InputManual:
		lead = msg.ScoreLeadManual
	}
	lead = fmt.Sprintf(lead, value)
	points := fmt.Sprintf(msg.ScorePoints, earned(cr.Points), max)
	var text, rule string
	switch r.Kind {
	case KindRatio, KindLeaderRelative:
		text = fmt.Sprintf(msg.ScoreRatio, lead, cr.planLabel(), c.withUnit(cr.Target), pct(cr.Ratio))
		if r.Kind == KindRatio {
			rule = fmt.Sprintf(msg.ScoreRuleLinear, pct(*r.Zero), pct(*r.Full), max)
			if b := r.Bonus; b != nil {
				rule += fmt.Sprintf(msg.ScoreRuleBonus, pts(b.Points), pct(b.Per), pts(b.Cap))
				if bonus := cr.Points - c.Max; bonus > 0 {
					points = fmt.Sprintf(msg.ScorePointsBonus, earned(cr.Points), max, earned(bonus))
				}
			}
		} else if cr.LeaderRatio > 0 {
			rule = fmt.Sprintf(msg.ScoreLeader, pct(cr.LeaderRatio), max, pct(cr.Ratio), pct(cr.LeaderRatio))
		} else {
			rule = msg.ScoreLeaderNone
		}
	case KindLowerBetter:
		text = lead
		rule = fmt.Sprintf(msg.ScoreRuleLower, c.withUnit(*r.Full), max, c.withUnit(*r.Zero))
	case KindBands:
		text = lead
		rule = msg.ScoreBandNone
		if cr.Band >= 0 {
			b := r.Bands[cr.Band]
			if b.Min != nil {
				rule = fmt.Sprintf(msg.ScoreBandMin, c.withUnit(*b.Min), pts(b.Points))
			} else {
				rule = fmt.Sprintf(msg.ScoreBandMax, c.withUnit(*b.Max), pts(b.Points))
			}
		}
	case KindYesNo:
		text = msg.ScoreNo
		if cr.Value == 1 {
			text = msg.ScoreYes
		}
	case KindPerCount:
		text = lead
		points = fmt.Sprintf(msg.ScorePointsPlain, earned(cr.Points))
		per := c.Unit
		if per == "" {
			per = msg.ScoreTimes
		}
		rule = fmt.Sprintf(msg.ScoreCount, pts(*r.Points), per, pts(*r.Cap))
	case KindDirect:
		text = lead
		if cr.Value < 0 || cr.Value > c.Max {
			rule = fmt.Sprintf(msg.ScoreDirectClamped, max)
		}
	}
	out := text + " → " + points
	if rule != "" {
		out += " (" + rule + ")"
	}
	return out + carried
}

func (cr *CriterionResult) planLabel() string {
	switch cr.Basis {
	case BasisPeriod:
		return fmt.Sprintf(msg.ScorePlanPeriod, monthLabel(cr.Period().Year, cr.Period().Month))
	case BasisProrated:
		if cr.Period().Month == time.December {
			return msg.ScorePlanYear
		}
		return fmt.Sprintf(msg.ScorePlanProrated, strconv.Itoa(int(cr.Period().Month)))
	}
	return msg.ScorePlanAnnual
}

// Text is the gap as a sentence, e.g. "Cần thêm 1,30 điểm để bằng BHXH
// tỉnh Bắc Ninh (hạng 2); chênh lệch nhiều nhất ở tiêu chí Thu BHXH bắt
// buộc so với kế hoạch (2,40 điểm)." Points are scores: two decimals.
func (g Gap) Text() string {
	var s string
	if g.Points > 0 {
		s = fmt.Sprintf(msg.ScoreGap, vi.Fixed(g.Points, 2), g.Above.Name, strconv.Itoa(g.Above.Rank))
	} else {
		s = fmt.Sprintf(msg.ScoreGapTie, g.Above.Name, strconv.Itoa(g.Above.Rank))
	}
	if g.Criterion != nil {
		s += fmt.Sprintf(msg.ScoreGapMost, g.Criterion.Name, vi.Fixed(g.CriterionPoints, 2))
	}
	return s + "."
}

// withUnit formats v with the criterion's unit: "1,8%", "2.480,5 tỷ đồng".
func (c *Criterion) withUnit(v float64) string {
	s := vi.Number(v, 2)
	switch c.Unit {
	case "":
		return s
	case "%":
		return s + "%"
	}
	return s + " " + c.Unit
}

// PeriodLabel is "6/2026", the short form used in messages.
func (p Period) Label() string { return monthLabel(p.Year, p.Month) }

func monthLabel(y int, m time.Month) string { return strconv.Itoa(int(m)) + "/" + strconv.Itoa(y) }

// pts is a rule's figure (a maximum, points per step): its shortest form.
func pts(f float64) string { return vi.Number(f, 2) }

// earned is points a unit earned: two decimals, as every total and group
// the bot shows ("10,50/15 điểm").
func earned(f float64) string { return vi.Fixed(f, 2) }

func pct(f float64) string { return vi.Number(f, 1) }

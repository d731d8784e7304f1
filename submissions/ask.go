package submissions

import (
	"strings"

	"github.com/thiduabot/thiduabot/msg"
)

// Asker says whose conversation the questions are for.
type Asker int

const (
	// ForFocal asks what a focal point enters: every criterion except manual
	// ones and the late-submission counter.
	ForFocal Asker = iota
	// ForChair asks the manual criteria, which chairs and admins enter.
	ForChair
)

// Question is one criterion as it is put to the user, with everything the
// conversation shows around it.
type Question struct {
	Criterion Criterion
	Period    Period
	Number    int // 1-based position
	Total     int
	Known     Known
	// CanKeep offers "Giữ như tháng trước": a snapshot (latest or manual
	// input) with an earlier value to keep.
	CanKeep bool
}

// Questions lists, in table order, the criteria that asker is asked for
// period p, with their context. known maps criterion id to what is known of it
// for the unit (targets, earlier values); a missing entry means nothing known.
func Questions(cs []Criterion, p Period, known map[string]Known, asker Asker) []Question {
	var qs []Question
	for _, c := range cs {
		ask := c.Asked()
		if asker == ForChair {
			ask = c.Input == Manual && c.Source != SourceLateSubmissions
		}
		if !ask {
			continue
		}
		k := known[c.ID]
		qs = append(qs, Question{
			Criterion: c,
			Period:    p,
			Known:     k,
			CanKeep:   (c.Input == Latest || c.Input == Manual) && k.Last != nil,
		})
	}
	for i := range qs {
		qs[i].Number, qs[i].Total = i+1, len(qs)
	}
	return qs
}

// Form is the expected form of the value: "lũy kế từ đầu năm", "số phát
// sinh trong tháng", "số liệu tại thời điểm báo cáo".
func (q Question) Form() string {
	switch q.Criterion.Input {
	case Cumulative:
		return msg.SubmitInputCumulative
	case Monthly:
		return msg.SubmitInputMonthly
	}
	return msg.SubmitInputLatest
}

// Text is the whole prompt for the question: position and name, unit,
// target, last value and expected form, one item a line.
func (q Question) Text() string {
	c := q.Criterion
	title := msg.SubmitQuestionTitle(q.Number, q.Total, c.Name)
	if c.Limit != nil {
		title = msg.SubmitQuestionTitleLimit(q.Number, q.Total, c.Name, c.LimitText())
	}
	lines := []string{title}
	if c.Unit != "" {
		lines = append(lines, msg.SubmitQuestionUnit(c.Unit))
	}
	if q.Known.Target != nil {
		// Targets are context: two decimals say enough.
		line := msg.SubmitQuestionTarget(formatValue(c, *q.Known.Target, 2))
		if t, ok := q.Known.periodTarget(c, q.Period); ok && c.Input == Cumulative && t != *q.Known.Target {
			line = msg.SubmitQuestionTargetProrated(formatValue(c, *q.Known.Target, 2), q.Period.Label(), formatValue(c, t, 2))
		}
		lines = append(lines, line)
	}
	if l := q.Known.Last; l != nil {
		if l.Period == q.Period.Prev() {
			lines = append(lines, msg.SubmitQuestionLastMonth(l.Period.Label(), FormatValue(c, l.Value)))
		} else {
			lines = append(lines, msg.SubmitQuestionLastEarlier(l.Period.Label(), FormatValue(c, l.Value)))
		}
	}
	if c.Rule == RuleYesNo {
		lines = append(lines, msg.SubmitQuestionYesNo)
	} else {
		lines = append(lines, msg.SubmitQuestionForm(q.Form(), expectedForm(c)))
	}
	return strings.Join(lines, "\n")
}

// LateCount is the value of a late-submission counter for period p: the
// number of months of p's year up to p whose report was first confirmed after
// the deadline. A month never confirmed is not counted here: it is missing,
// which the ranking reports on its own.
func LateCount(reports []Report, p Period) int {
	n := 0
	for _, r := range reports {
		if r.Confirmed() && r.Late && r.Period.Year == p.Year && !p.Before(r.Period) {
			n++
		}
	}
	return n
}

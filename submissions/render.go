package submissions

import (
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/vi"
)

// DefaultIdle is how long a draft rests before its one reminder.
const DefaultIdle = 24 * time.Hour

// Texts the conversation sends, assembled from the catalogue in msg so the
// bot only picks which one.

// Answered counts the questions with an answer in the draft (skipped ones
// included: they were answered "Bỏ qua").
func (d *Draft) Answered(qs []Question) int {
	n := 0
	for _, q := range qs {
		if _, ok := d.Answers[q.Criterion.ID]; ok {
			n++
		}
	}
	return n
}

// Recorded is the receipt of confirmation number version of r, said only
// after Confirm returned (and said again when that confirmation is
// repeated): when and which revision, the period and unit (unitName), and for
// a focal point's report whether it was submitted on time, with the deadline.
func Recorded(r *Report, version int, unitName string) string {
	rev := Revision{Version: version, At: r.ConfirmedAt}
	for _, h := range r.History {
		if h.Kind == RevConfirm && h.Version == version {
			rev = h
		}
	}
	at := vi.DateTime(rev.At)
	if rev.Manual {
		return msg.SubmitRecordedManual(at, version, r.Period.Label(), unitName)
	}
	return msg.SubmitRecorded(at, version, r.Period.Label(), unitName, r.Late, vi.DateTime(r.Deadline))
}

// HistoryText lists a report's revisions for /baocao on a confirmed period:
// who, when, late, unlocks, and each change with old and new answers.
func HistoryText(r *Report) string {
	lines := []string{msg.SubmitHistoryHead(r.Period.Label())}
	for _, rev := range r.History {
		if rev.Kind == RevUnlock {
			until := ""
			if !rev.Until.IsZero() {
				until = vi.Date(rev.Until.Add(-time.Nanosecond))
			}
			lines = append(lines, msg.SubmitHistoryUnlock(vi.DateTime(rev.At), rev.By.Name, until))
			continue
		}
		lines = append(lines, msg.SubmitHistoryConfirm(rev.Version, vi.DateTime(rev.At), rev.By.Name, rev.Late))
		for _, ch := range rev.Changes {
			name := ch.Name
			if name == "" {
				name = ch.Criterion
			}
			old, new := ch.Text()
			lines = append(lines, msg.SubmitHistoryChange(name, old, new))
		}
	}
	return strings.Join(lines, "\n")
}

// ProgressText renders /tiendo for period p. names maps unit id to its name
// and focal to its focal points' names (shown for units with nothing).
func ProgressText(p Period, ps []UnitProgress, names, focal map[string]string) string {
	confirmed := 0
	lines := make([]string, 0, len(ps)+1)
	for _, u := range ps {
		name := names[u.Unit]
		if name == "" {
			name = u.Unit
		}
		switch u.Status {
		case StatusConfirmed:
			confirmed++
			lines = append(lines, msg.SubmitProgressConfirmed(name, vi.DateTime(u.ConfirmedAt), u.ConfirmedBy.Name))
		case StatusLate:
			confirmed++
			lines = append(lines, msg.SubmitProgressLate(name, vi.DateTime(u.ConfirmedAt), u.ConfirmedBy.Name))
		case StatusDraft:
			var who []string
			for _, a := range u.Drafting {
				who = append(who, a.Name)
			}
			lines = append(lines, msg.SubmitProgressDraft(name, strings.Join(who, ", ")))
		default:
			lines = append(lines, msg.SubmitProgressNothing(name, focal[u.Unit]))
		}
		if !u.OpenUntil.IsZero() {
			// The window ends at the midnight after its last day.
			lines[len(lines)-1] += msg.SubmitProgressReopened(vi.Date(u.OpenUntil.Add(-time.Nanosecond)))
		}
	}
	return msg.SubmitProgressHead(p.Label(), confirmed, len(ps)) + "\n" + strings.Join(lines, "\n")
}

// PreviewText is the interim score line of the summary ("điểm tạm tính"),
// from Reports.Preview, for unit.
func PreviewText(res *scoring.Result, unit string) string {
	u, ok := res.Unit(unit)
	if !ok {
		return ""
	}
	return msg.SubmitPreview(vi.Month(res.Period.Year, res.Period.Month), vi.Fixed(u.Total, 2),
		vi.Number(res.Table.MaxTotal(), 2), u.Rank, len(res.Units))
}

// ScoreText is the interim score line of a receipt: the unit's points and
// tentative rank as the stored reports give them now.
func ScoreText(res *scoring.Result, unit string) string {
	u, ok := res.Unit(unit)
	if !ok {
		return ""
	}
	return msg.SubmitScore(vi.Month(res.Period.Year, res.Period.Month), vi.Fixed(u.Total, 2),
		vi.Number(res.Table.MaxTotal(), 2), u.Rank, len(res.Units))
}

// Entered counts the answers of d to the questions qs that give a value and
// differ from the confirmed report d started from (nil: none): what a Hủy
// would throw away.
func (d *Draft) Entered(qs []Question, from *Report) int {
	n := 0
	for _, q := range qs {
		e, ok := d.Answers[q.Criterion.ID]
		if !ok || !e.HasValue() {
			continue
		}
		if from != nil {
			if o, had := from.Values[q.Criterion.ID]; had && o.same(e) {
				continue
			}
		}
		n++
	}
	return n
}

// Action is a button of the conversation, pressed or typed.
type Action int

// Actions.
const (
	ActNone      Action = iota
	ActSkip             // Bỏ qua
	ActBack             // Quay lại
	ActKeep             // Giữ như tháng trước; with a warned value pending, Giữ giá trị này
	ActCancel           // Hủy
	ActConfirm          // Xác nhận
	ActFix              // Nhập lại
	ActCancelNow        // Hủy hẳn (after Hủy asked)
	ActContinue         // Tiếp tục nhập
)

// ParseAction recognises a typed button word, with or without diacritics
// ("bo qua", "Quay lại", "huy"); anything else is ActNone and is an answer.
// None of the words is a number or a yes/no answer, so answers never read
// as buttons.
func ParseAction(text string) Action {
	switch strings.TrimSpace(strings.Trim(vi.Fold(clean(text)), "/")) {
	case "bo qua", "bo", "skip":
		return ActSkip
	case "quay lai", "tro lai", "back":
		return ActBack
	case "giu", "giu nhu thang truoc", "nhu thang truoc", "giu nguyen", "giu gia tri nay", "giu nhu cu":
		return ActKeep
	case "huy", "thoat", "cancel":
		return ActCancel
	case "xac nhan", "dong y", "gui", "gui bao cao":
		return ActConfirm
	case "nhap lai", "sua lai":
		return ActFix
	case "huy han", "huy bo han", "van huy":
		return ActCancelNow
	case "tiep tuc", "tiep tuc nhap", "nhap tiep":
		return ActContinue
	}
	return ActNone
}

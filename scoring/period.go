package scoring

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/vi"
)

// Period is a scoring period: the year to date through Month (June is the
// 6-month review, December the whole year).
type Period struct {
	Year  int
	Month time.Month
}

// Key is the period's canonical form, "2026-06", used in files and flags.
func (p Period) Key() string {
	if p.Year < 0 || p.Year > 9999 || p.Month < 0 || p.Month > 99 {
		return fmt.Sprintf("%04d-%02d", p.Year, int(p.Month))
	}
	b := []byte("0000-00")
	y, m := p.Year, int(p.Month)
	for i := 3; i >= 0; i-- {
		b[i] = byte('0' + y%10)
		y /= 10
	}
	b[5], b[6] = byte('0'+m/10), byte('0'+m%10)
	return string(b)
}

func (p Period) String() string { return p.Key() }

// Valid reports whether p names a month of a plausible year.
func (p Period) Valid() bool {
	return p.Year >= 2000 && p.Year <= 2100 && p.Month >= time.January && p.Month <= time.December
}

// Prev is the period one month earlier, or the zero Period before January
// (movement is measured within a year).
func (p Period) Prev() Period {
	if p.Month <= time.January {
		return Period{}
	}
	return Period{Year: p.Year, Month: p.Month - 1}
}

// ErrBadPeriod is returned for text that names no period.
var ErrBadPeriod = errors.New("not a period")

// ParsePeriodKey parses the canonical "YYYY-MM" form.
func ParsePeriodKey(s string) (Period, error) {
	y, m, ok := strings.Cut(s, "-")
	if !ok || len(y) != 4 || len(m) != 2 {
		return Period{}, fmt.Errorf("period %q: %w", s, ErrBadPeriod)
	}
	yi, err1 := strconv.Atoi(y)
	mi, err2 := strconv.Atoi(m)
	p := Period{Year: yi, Month: time.Month(mi)}
	if err1 != nil || err2 != nil || !allDigits(y) || !allDigits(m) || !p.Valid() {
		return Period{}, fmt.Errorf("period %q: %w", s, ErrBadPeriod)
	}
	return p, nil
}

// Span is what a typed period names. Every span is scored the same way, as
// the year to date through its last month (the scoring semantics know only
// that); the span decides how the period is named back to the user and
// whether a ranking may stop early (see Named.Stop).
type Span uint8

// Spans.
const (
	SpanMonth   Span = iota // "tháng 6/2026", "6/2026", "2026-06", "T6/2026"
	SpanQuarter             // "quý 2/2026": January through the quarter's last month
	SpanMonths              // "6 tháng đầu năm 2026": January through month N
	SpanYear                // "năm 2026": January through December
)

// Named is a period as a person named it: Period is the month the scores
// run through, Span how it was asked for.
type Named struct {
	Period
	Span Span
}

// Name is how the period was asked for, in Vietnamese: "tháng 6/2026",
// "quý 2/2026", "6 tháng đầu năm 2026", "năm 2026".
func (n Named) Name() string {
	switch n.Span {
	case SpanQuarter:
		return fmt.Sprintf(msg.PeriodQuarter, int(n.Month)/3, n.Year)
	case SpanMonths:
		return fmt.Sprintf(msg.PeriodMonths, int(n.Month), n.Year)
	case SpanYear:
		return fmt.Sprintf(msg.PeriodYear, n.Year)
	}
	return fmt.Sprintf(msg.PeriodMonth, int(n.Month), n.Year)
}

// Months says which months a ranking through p adds up: "tháng 1–6/2026"
// ("tháng 1/2026" for January).
func Months(p Period) string {
	if p.Month == time.January {
		return fmt.Sprintf(msg.PeriodMonth, 1, p.Year)
	}
	return fmt.Sprintf(msg.PeriodMonthRange, int(p.Month), p.Year)
}

// Scope names a ranking of n that runs through the month through, for the
// user to see which months were added up: "kỳ lũy kế đến tháng 6/2026",
// "kỳ quý 2/2026 (lũy kế tháng 1–6/2026)", or, when it stopped early, "kỳ
// năm 2026, số liệu mới có đến tháng 10/2026 (lũy kế tháng 1–10/2026)".
func Scope(n Named, through Period) string {
	switch {
	case n.Span == SpanMonth:
		return fmt.Sprintf(msg.RankScope, through.Label())
	case through.Year == n.Year && through.Month < n.Month:
		return fmt.Sprintf(msg.RankScopeStopped, n.Name(), through.Label(), Months(through))
	}
	return fmt.Sprintf(msg.RankScopeSpan, n.Name(), Months(through))
}

// Stop is the month a ranking of n runs through when figures exist only up
// to latest (0: none at all) and the current month is now (zero: no limit).
// A month is itself. A quarter, a half-year or a year stops at the last
// month of the span that is neither in the future nor after the latest
// figures, so that "năm 2026" asked in October ranks January–September
// (the ranking then says which months it used) instead of a year padded
// with months nobody has reported yet.
func (n Named) Stop(latest time.Month, now Period) Period {
	p := n.Period
	if n.Span == SpanMonth {
		return p
	}
	if now.Valid() && now.Year == p.Year && now.Month < p.Month {
		p.Month = now.Month
	}
	if latest >= time.January && latest < p.Month {
		p.Month = latest
	}
	return p
}

// ParseNamed is the one reader of periods, for chat commands (/xephang,
// /diem, /xuat, /baocao, /tiendo) and every subcommand's --period:
// "6/2026", "06/2026", "6-2026", "2026-06", "tháng 6", "tháng 6/2026",
// "tháng 6 năm 2026", "T6/2026", "quý 2", "quý II/2026", "quy 4 2026",
// "Q4/2026", "6 tháng", "6 tháng đầu năm 2026", "năm 2026", "cả năm",
// "2026", each with or without diacritics and an optional leading "kỳ".
// Each means the year to date through a month: a quarter through its last
// month (quý 2 is the 6-month review, through June; quý 4 the whole year),
// "N tháng đầu năm" through month N, a year through December. Without a
// year, defaultYear is used.
func ParseNamed(s string, defaultYear int) (Named, error) {
	return ParseNamedAt(s, Period{Year: defaultYear})
}

// ParseNamedAt is ParseNamed that also reads periods relative to the
// current month now (from the caller's clock): "tháng này", "tháng trước",
// "quý này", "quý trước", "năm nay", "năm trước" (or "năm ngoái"), with or
// without diacritics and "kỳ". A month is itself; a quarter or a year runs
// through its last month (a ranking stops it at the figures, see Stop).
// Without a month in now, relative words name no period; a year without a
// number is now.Year.
func ParseNamedAt(s string, now Period) (Named, error) {
	bad := fmt.Errorf("period %q: %w", s, ErrBadPeriod)
	words := periodWords(s)
	if len(words) > 0 && words[0] == "ky" { // "kỳ 6/2026"
		words = words[1:]
	}
	if len(words) == 0 {
		return Named{}, bad
	}
	if len(words) == 2 && (words[1] == "nay" || words[1] == "truoc" || words[1] == "ngoai") {
		if !now.Valid() {
			return Named{}, bad
		}
		back := words[1] != "nay"
		var n Named
		switch words[0] {
		case "thang":
			if words[1] == "ngoai" {
				return Named{}, bad
			}
			n = Named{Period: now, Span: SpanMonth}
			if back {
				n.Month--
				if n.Month < time.January {
					n.Year, n.Month = n.Year-1, time.December
				}
			}
		case "quy":
			if words[1] == "ngoai" {
				return Named{}, bad
			}
			q := (int(now.Month)-1)/3 + 1
			y := now.Year
			if back {
				if q--; q == 0 {
					q, y = 4, y-1
				}
			}
			n = Named{Period: Period{Year: y, Month: time.Month(3 * q)}, Span: SpanQuarter}
		case "nam":
			n = Named{Period: Period{Year: now.Year, Month: time.December}, Span: SpanYear}
			if back {
				n.Year--
			}
		default:
			return Named{}, bad
		}
		if !n.Valid() {
			return Named{}, bad
		}
		return n, nil
	}
	defaultYear := now.Year
	var (
		month int
		span  Span
		rest  []string
	)
	num := func(w string) (int, bool) {
		if len(w) == 0 || len(w) > 2 || !allDigits(w) {
			return 0, false
		}
		n, _ := strconv.Atoi(w)
		return n, true
	}
	switch w := words; {
	case len(w) >= 3 && (w[1] == "/" || w[1] == "-") && isYear(w[2]) && !isYear(w[0]): // 6/2026, 6-2026
		n, ok := num(w[0])
		if !ok {
			return Named{}, bad
		}
		month, rest = n, w[2:]
	case len(w) == 3 && w[1] == "-" && isYear(w[0]): // 2026-06
		n, ok := num(w[2])
		if !ok || len(w[2]) != 2 {
			return Named{}, bad
		}
		month, rest = n, w[:1]
	case len(w) >= 2 && (w[0] == "thang" || w[0] == "t"): // tháng 6, T6/2026
		n, ok := num(w[1])
		if !ok {
			return Named{}, bad
		}
		month, rest = n, w[2:]
	case len(w) >= 2 && (w[0] == "quy" || w[0] == "q"):
		q := quarter(w[1])
		if q == 0 {
			return Named{}, bad
		}
		month, span, rest = 3*q, SpanQuarter, w[2:]
	case len(w) >= 2 && w[1] == "thang": // 6 tháng (đầu năm)
		n, ok := num(w[0])
		if !ok {
			return Named{}, bad
		}
		month, span, rest = n, SpanMonths, w[2:]
		if len(rest) >= 2 && rest[0] == "dau" && rest[1] == "nam" {
			rest = rest[2:]
			if len(rest) > 0 && rest[0] != "/" {
				rest = append([]string{"nam"}, rest...)
			}
		}
	case w[0] == "nam" || w[0] == "ca": // năm 2026, cả năm
		if w[0] == "ca" {
			if len(w) < 2 || w[1] != "nam" {
				return Named{}, bad
			}
			w = w[1:]
		}
		month, span, rest = 12, SpanYear, w[1:]
		if len(rest) > 0 && rest[0] == "nam" { // "năm năm 2026"
			return Named{}, bad
		}
		if len(rest) == 1 {
			rest = []string{"nam", rest[0]}
		}
	case len(w) == 1 && isYear(w[0]): // 2026
		month, span, rest = 12, SpanYear, w
	default:
		return Named{}, bad
	}
	year := defaultYear
	if len(rest) > 0 && (rest[0] == "/" || rest[0] == "-" || rest[0] == "nam") {
		rest = rest[1:]
		if len(rest) == 0 {
			return Named{}, bad
		}
	}
	switch len(rest) {
	case 0:
	case 1:
		if !isYear(rest[0]) {
			return Named{}, bad
		}
		year, _ = strconv.Atoi(rest[0])
	default:
		return Named{}, bad
	}
	p := Period{Year: year, Month: time.Month(month)}
	if !p.Valid() {
		return Named{}, bad
	}
	if span == SpanMonths && p.Month == time.December {
		span = SpanYear // "12 tháng" is the year
	}
	return Named{Period: p, Span: span}, nil
}

// periodWords folds s and splits it into words, digit runs and the
// separators "/" and "-", so "Tháng6/2026" becomes [thang 6 / 2026].
func periodWords(s string) []string {
	var words []string
	var cur strings.Builder
	kind := 0 // 1 letters, 2 digits
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, cur.String())
			cur.Reset()
		}
		kind = 0
	}
	for _, r := range vi.Fold(s) {
		switch {
		case r >= '0' && r <= '9':
			if kind != 2 {
				flush()
			}
			kind = 2
			cur.WriteRune(r)
		case unicode.IsLetter(r):
			if kind != 1 {
				flush()
			}
			kind = 1
			cur.WriteRune(r)
		case r == '/' || r == '-' || r == '.':
			flush()
			if r == '.' {
				r = '/'
			}
			words = append(words, string(r))
		default:
			flush()
		}
	}
	flush()
	return words
}

func quarter(w string) int {
	switch w {
	case "1", "i":
		return 1
	case "2", "ii":
		return 2
	case "3", "iii":
		return 3
	case "4", "iv":
		return 4
	}
	return 0
}

func isYear(w string) bool { return len(w) == 4 && allDigits(w) }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

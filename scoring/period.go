package scoring

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

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

// ParsePeriod reads a period as a user types it in chat or on the command
// line: "6/2026", "06/2026", "2026-06", "tháng 6", "quý 2", "quý II/2026",
// "6 tháng", "6 tháng đầu năm 2026", "năm 2026", with or without
// diacritics. Each means the year to date through that month; a quarter
// ends on its last month and a year on December. Without a year,
// defaultYear is used.
func ParsePeriod(s string, defaultYear int) (Period, error) {
	bad := fmt.Errorf("period %q: %w", s, ErrBadPeriod)
	words := periodWords(s)
	if len(words) > 0 && words[0] == "ky" { // "kỳ 6/2026"
		words = words[1:]
	}
	if len(words) == 0 {
		return Period{}, bad
	}
	var (
		month int
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
	case len(w) >= 3 && w[1] == "/" && isYear(w[2]): // 6/2026
		n, ok := num(w[0])
		if !ok {
			return Period{}, bad
		}
		month, rest = n, w[2:]
	case len(w) == 3 && w[1] == "-" && isYear(w[0]): // 2026-06
		n, ok := num(w[2])
		if !ok || len(w[2]) != 2 {
			return Period{}, bad
		}
		month, rest = n, w[:1]
	case len(w) >= 2 && w[0] == "thang":
		n, ok := num(w[1])
		if !ok {
			return Period{}, bad
		}
		month, rest = n, w[2:]
	case len(w) >= 2 && w[0] == "quy":
		q := quarter(w[1])
		if q == 0 {
			return Period{}, bad
		}
		month, rest = 3*q, w[2:]
	case len(w) >= 2 && w[1] == "thang": // 6 tháng (đầu năm)
		n, ok := num(w[0])
		if !ok {
			return Period{}, bad
		}
		month, rest = n, w[2:]
		if len(rest) >= 2 && rest[0] == "dau" && rest[1] == "nam" {
			rest = rest[2:]
			if len(rest) > 0 && rest[0] != "/" {
				rest = append([]string{"nam"}, rest...)
			}
		}
	case w[0] == "nam" || w[0] == "ca": // năm 2026, cả năm
		if w[0] == "ca" {
			if len(w) < 2 || w[1] != "nam" {
				return Period{}, bad
			}
			w = w[1:]
		}
		month, rest = 12, w[1:]
		if len(rest) == 1 {
			rest = []string{"nam", rest[0]}
		}
	case len(w) == 1 && isYear(w[0]): // 2026
		month, rest = 12, w
	default:
		return Period{}, bad
	}
	year := defaultYear
	if len(rest) > 0 && (rest[0] == "/" || rest[0] == "-" || rest[0] == "nam") {
		rest = rest[1:]
		if len(rest) == 0 {
			return Period{}, bad
		}
	}
	switch len(rest) {
	case 0:
	case 1:
		if !isYear(rest[0]) {
			return Period{}, bad
		}
		year, _ = strconv.Atoi(rest[0])
	default:
		return Period{}, bad
	}
	p := Period{Year: year, Month: time.Month(month)}
	if !p.Valid() {
		return Period{}, bad
	}
	return p, nil
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

// Package vi formats numbers and dates the Vietnamese way (1.234,5;
// 27/11/2026) and folds Vietnamese text to its unaccented lower-case form, so
// that what users type without diacritics ("co", "khong", "quy 2") matches.
package vi

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normalisation form C, the form all stored and
// displayed Vietnamese text uses.
func NFC(s string) string { return norm.NFC.String(s) }

// Number formats f with at most maxDecimals decimals, trailing zeros dropped,
// "." between thousands and "," before decimals: 1234.5 → "1.234,5".
func Number(f float64, maxDecimals int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s := strconv.FormatFloat(f, 'f', maxDecimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return groupDigits(s)
}

// Fixed formats f with exactly decimals decimals: Fixed(8.1, 2) → "8,10".
func Fixed(f float64, decimals int) string {
	return groupDigits(strconv.FormatFloat(f, 'f', decimals, 64))
}

func groupDigits(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte(',')
		b.WriteString(frac)
	}
	return b.String()
}

// Date formats t as dd/mm/yyyy.
func Date(t time.Time) string { return t.Format("02/01/2006") }

// DateTime formats t as "hh:mm dd/mm/yyyy", as in "Đã ghi nhận lúc 10:32 27/11/2026".
func DateTime(t time.Time) string { return t.Format("15:04 02/01/2006") }

// Month formats a period as "tháng 6/2026".
func Month(year int, month time.Month) string {
	return "tháng " + strconv.Itoa(int(month)) + "/" + strconv.Itoa(year)
}

// Fold lower-cases s and strips Vietnamese diacritics (đ → d), so that
// "Có", "CÓ", "co" and "có" fold alike. Only letters lose their marks.
func Fold(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			b.WriteByte('d')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Matches reports whether typed reads as want: the same letters once folded
// (Fold, runs of spaces as one), and every diacritic typed is one that want
// has there. So "vang", "vắng" and "VẮNG" read as "Vắng", and "tham dư" as
// "tham dự", but "vâng" (yes) does not read as "Vắng" (absent), nor "đi" as
// "di".
func Matches(typed, want string) bool {
	t, w := glyphs(typed), glyphs(want)
	if len(t) != len(w) {
		return false
	}
	for i := range t {
		switch {
		case t[i].base == w[i].base:
		case t[i].base == 'd' && w[i].base == 'đ':
		default:
			return false
		}
		for _, m := range t[i].marks {
			if !strings.ContainsRune(w[i].marks, m) {
				return false
			}
		}
	}
	return true
}

// glyph is a lower-case letter (or other character) and its combining marks.
type glyph struct {
	base  rune
	marks string
}

func glyphs(s string) []glyph {
	var out []glyph
	for _, r := range norm.NFD.String(strings.Join(strings.Fields(s), " ")) {
		if unicode.Is(unicode.Mn, r) {
			if len(out) > 0 {
				out[len(out)-1].marks += string(r)
			}
			continue
		}
		out = append(out, glyph{base: unicode.ToLower(r)})
	}
	return out
}

package reports

import (
	"strings"
	"testing"
)

func TestUnlockDays(t *testing.T) {
	for _, tc := range []struct {
		in   string
		days int
		rest string
		ok   bool
	}{
		{"bac_ninh 10/2026", 3, "bac_ninh 10/2026", true},
		{"bac_ninh 10/2026 5", 5, "bac_ninh 10/2026", true},
		{"bac_ninh 5 ngày 10/2026", 5, "bac_ninh 10/2026", true},
		{"bac_ninh 10/2026 7ngay", 7, "bac_ninh 10/2026", true},
		{"bac_ninh 0", 0, "", false},
		{"bac_ninh 31", 0, "", false},
		{"bac_ninh -2", 3, "bac_ninh -2", true}, // not a length: left for the unit and period
	} {
		days, rest, ok := unlockDays(strings.Fields(tc.in))
		if ok != tc.ok || (ok && (days != tc.days || strings.Join(rest, " ") != tc.rest)) {
			t.Errorf("unlockDays(%q) = %d, %q, %v; want %d, %q, %v", tc.in, days, rest, ok, tc.days, tc.rest, tc.ok)
		}
	}
}

func FuzzUnlockDays(f *testing.F) {
	for _, s := range []string{"bac_ninh 10/2026 5", "5 ngày", "", "99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		days, rest, ok := unlockDays(strings.Fields(s))
		if ok && (days < 1 || days > maxUnlockDays || len(rest) > len(strings.Fields(s))) {
			t.Fatalf("unlockDays(%q) = %d, %v", s, days, rest)
		}
	})
}

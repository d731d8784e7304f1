package scoring

import (
	"errors"
	"testing"
	"time"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in   string
		want Period
	}{
		{"6/2026", Period{2026, 6}},
		{"06/2026", Period{2026, 6}},
		{"12/2025", Period{2025, 12}},
		{"2026-06", Period{2026, 6}},
		{"tháng 6", Period{2030, 6}},
		{"thang 6", Period{2030, 6}},
		{"Tháng 06", Period{2030, 6}},
		{"tháng6", Period{2030, 6}},
		{"tháng 6/2026", Period{2026, 6}},
		{"tháng 6 năm 2026", Period{2026, 6}},
		{"quý 2", Period{2030, 6}},
		{"quy 2", Period{2030, 6}},
		{"Quý IV", Period{2030, 12}},
		{"quý 1/2026", Period{2026, 3}},
		{"quý 3 năm 2026", Period{2026, 9}},
		{"6 tháng", Period{2030, 6}},
		{"6 thang", Period{2030, 6}},
		{"9 tháng đầu năm", Period{2030, 9}},
		{"6 tháng đầu năm 2026", Period{2026, 6}},
		{"6 tháng năm 2026", Period{2026, 6}},
		{"năm 2026", Period{2026, 12}},
		{"nam 2026", Period{2026, 12}},
		{"NĂM 2026", Period{2026, 12}},
		{"cả năm", Period{2030, 12}},
		{"năm", Period{2030, 12}},
		{"2026", Period{2026, 12}},
		{"kỳ 6/2026", Period{2026, 6}},
		{"  tháng   6  ", Period{2030, 6}},
		{"tha\u0301ng 6", Period{2030, 6}}, // decomposed (NFD) input
	}
	for _, tt := range tests {
		got, err := ParsePeriod(tt.in, 2030)
		if err != nil || got != tt.want {
			t.Errorf("ParsePeriod(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	bad := []string{"", "13/2026", "0/2026", "tháng 13", "quý 5", "quý", "6/26", "2026-6", "2026-13",
		"năm 26", "hôm nay", "6", "tháng", "6/2026/7", "thang 6 2026 7", "1999", "tháng 6/", "6 tháng đầu"}
	for _, in := range bad {
		if p, err := ParsePeriod(in, 2030); !errors.Is(err, ErrBadPeriod) {
			t.Errorf("ParsePeriod(%q) = %v, %v; want ErrBadPeriod", in, p, err)
		}
	}
}

func TestParsePeriodKey(t *testing.T) {
	if p, err := ParsePeriodKey("2026-06"); err != nil || p != (Period{2026, time.June}) {
		t.Errorf("ParsePeriodKey(2026-06) = %v, %v", p, err)
	}
	for _, in := range []string{"2026-6", "26-06", "2026-00", "2026-13", "2026/06", "+026-06", "2026-0x"} {
		if _, err := ParsePeriodKey(in); err == nil {
			t.Errorf("ParsePeriodKey(%q) accepted", in)
		}
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"6/2026", "2026-06", "tháng 6", "quý II/2026", "6 tháng đầu năm 2026", "năm 2026", "cả năm", "kỳ 12/2027", "tháng6", "quy 4 nam 2026"} {
		f.Add(s, 2026)
	}
	f.Fuzz(func(t *testing.T, s string, year int) {
		p, err := ParsePeriod(s, year)
		if err != nil {
			if !errors.Is(err, ErrBadPeriod) {
				t.Fatalf("error %v is not ErrBadPeriod", err)
			}
			return
		}
		if !p.Valid() {
			t.Fatalf("ParsePeriod(%q) = invalid %v", s, p)
		}
		// Every accepted period reads back from its canonical forms.
		for _, form := range []string{p.Key(), p.Label()} {
			q, err := ParsePeriod(form, 1)
			if err != nil || q != p {
				t.Fatalf("%q → %v, but %q → %v, %v", s, p, form, q, err)
			}
		}
	})
}

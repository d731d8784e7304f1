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
		{"11/2026", Period{2026, 11}},
		{"11-2026", Period{2026, 11}},
		{"tháng 11/2026", Period{2026, 11}},
		{"thang 11/2026", Period{2026, 11}},
		{"T11/2026", Period{2026, 11}},
		{"t11/2026", Period{2026, 11}},
		{"T 11", Period{2030, 11}},
		{"quý 4/2026", Period{2026, 12}},
		{"quy 4 2026", Period{2026, 12}},
		{"Q2/2026", Period{2026, 6}},
		{"6 thang dau nam 2026", Period{2026, 6}},
	}
	for _, tt := range tests {
		n, err := ParseNamed(tt.in, 2030)
		if got := n.Period; err != nil || got != tt.want {
			t.Errorf("ParsePeriod(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	bad := []string{"", "13/2026", "0/2026", "tháng 13", "quý 5", "quý", "6/26", "2026-6", "2026-13",
		"năm 26", "hôm nay", "6", "tháng", "6/2026/7", "thang 6 2026 7", "1999", "tháng 6/", "6 tháng đầu",
		"6 tháng cuối năm 2026", "t", "q5/2026", "2026-11-01", "2026/11", "năm năm 2026", "nam nam"}
	for _, in := range bad {
		if p, err := ParseNamed(in, 2030); !errors.Is(err, ErrBadPeriod) {
			t.Errorf("ParsePeriod(%q) = %v, %v; want ErrBadPeriod", in, p, err)
		}
	}
}

func TestParseNamed(t *testing.T) {
	tests := []struct {
		in   string
		want Named
		name string
	}{
		{"11/2026", Named{Period{2026, 11}, SpanMonth}, "tháng 11/2026"},
		{"T11/2026", Named{Period{2026, 11}, SpanMonth}, "tháng 11/2026"},
		{"2026-11", Named{Period{2026, 11}, SpanMonth}, "tháng 11/2026"},
		{"quý 2/2026", Named{Period{2026, 6}, SpanQuarter}, "quý 2/2026"},
		{"quy 4 2026", Named{Period{2026, 12}, SpanQuarter}, "quý 4/2026"},
		{"6 tháng đầu năm 2026", Named{Period{2026, 6}, SpanMonths}, "6 tháng đầu năm 2026"},
		{"9 thang", Named{Period{2030, 9}, SpanMonths}, "9 tháng đầu năm 2030"},
		{"12 tháng", Named{Period{2030, 12}, SpanYear}, "năm 2030"},
		{"năm 2026", Named{Period{2026, 12}, SpanYear}, "năm 2026"},
		{"2026", Named{Period{2026, 12}, SpanYear}, "năm 2026"},
	}
	for _, tt := range tests {
		got, err := ParseNamed(tt.in, 2030)
		if err != nil || got != tt.want || got.Name() != tt.name {
			t.Errorf("ParseNamed(%q) = %v (%q), %v; want %v (%q)", tt.in, got, got.Name(), err, tt.want, tt.name)
		}
	}
}

func TestNamedStop(t *testing.T) {
	year := Named{Period{2026, 12}, SpanYear}
	q2 := Named{Period{2026, 6}, SpanQuarter}
	month := Named{Period{2026, 11}, SpanMonth}
	tests := []struct {
		n      Named
		latest time.Month
		now    Period
		want   Period
	}{
		{year, 10, Period{2026, 11}, Period{2026, 10}}, // figures through October
		{year, 12, Period{2026, 11}, Period{2026, 11}}, // never beyond this month
		{year, 12, Period{2027, 2}, Period{2026, 12}},  // a past year is whole
		{year, 0, Period{2026, 11}, Period{2026, 11}},  // no figures: through now (and says so)
		{q2, 9, Period{2026, 11}, Period{2026, 6}},     // later figures do not extend a span
		{q2, 4, Period{2026, 11}, Period{2026, 4}},
		{month, 3, Period{2026, 11}, Period{2026, 11}}, // a month is what was asked
		{year, 7, Period{}, Period{2026, 7}},           // no clock (score from a file)
	}
	for _, tt := range tests {
		if got := tt.n.Stop(tt.latest, tt.now); got != tt.want {
			t.Errorf("%s.Stop(%d, %v) = %v; want %v", tt.n.Name(), tt.latest, tt.now, got, tt.want)
		}
	}
	if got := Months(Period{2026, 6}); got != "tháng 1–6/2026" {
		t.Errorf("Months(6/2026) = %q", got)
	}
	if got := Months(Period{2026, 1}); got != "tháng 1/2026" {
		t.Errorf("Months(1/2026) = %q", got)
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

func TestParseNamedAtRelative(t *testing.T) {
	tests := []struct {
		in   string
		now  Period
		want Named
	}{
		{"tháng này", Period{2026, 12}, Named{Period: Period{2026, 12}}},
		{"tháng trước", Period{2026, 12}, Named{Period: Period{2026, 11}}},
		{"thang truoc", Period{2027, 1}, Named{Period: Period{2026, 12}}},
		{"kỳ tháng trước", Period{2026, 7}, Named{Period: Period{2026, 6}}},
		{"năm nay", Period{2026, 12}, Named{Period: Period{2026, 12}, Span: SpanYear}},
		{"nam nay", Period{2026, 3}, Named{Period: Period{2026, 12}, Span: SpanYear}},
		{"năm ngoái", Period{2026, 3}, Named{Period: Period{2025, 12}, Span: SpanYear}},
		{"năm trước", Period{2026, 3}, Named{Period: Period{2025, 12}, Span: SpanYear}},
		{"quý này", Period{2026, 8}, Named{Period: Period{2026, 9}, Span: SpanQuarter}},
		{"Quý trước", Period{2026, 2}, Named{Period: Period{2025, 12}, Span: SpanQuarter}},
		{"quy truoc", Period{2026, 12}, Named{Period: Period{2026, 9}, Span: SpanQuarter}},
		// Absolute forms still take the year from now.
		{"tháng 6", Period{2027, 2}, Named{Period: Period{2027, 6}}},
	}
	for _, tt := range tests {
		got, err := ParseNamedAt(tt.in, tt.now)
		if err != nil || got != tt.want {
			t.Errorf("ParseNamedAt(%q, %v) = %v, %v; want %v", tt.in, tt.now, got, err, tt.want)
		}
	}
	for _, in := range []string{"tháng ngoái", "quý ngoái", "tuần này", "tháng này 2026", "nay"} {
		if got, err := ParseNamedAt(in, Period{2026, 12}); err == nil {
			t.Errorf("ParseNamedAt(%q) = %v; want an error", in, got)
		}
	}
	// Without a month (a file, a CLI without a clock) relative words name nothing.
	if got, err := ParseNamed("tháng này", 2026); err == nil {
		t.Errorf("ParseNamed(tháng này) without a clock = %v", got)
	}
}

func FuzzParseNamedAt(f *testing.F) {
	for _, s := range []string{"tháng này", "tháng trước", "thang truoc", "năm nay", "nam nay", "năm ngoái", "quý này", "quy truoc", "kỳ tháng trước", "tháng 6"} {
		f.Add(s, 2026, 1)
		f.Add(s, 2026, 12)
	}
	f.Fuzz(func(t *testing.T, s string, year, month int) {
		now := Period{Year: year, Month: time.Month(month)}
		n, err := ParseNamedAt(s, now)
		if err != nil {
			if !errors.Is(err, ErrBadPeriod) {
				t.Fatalf("error %v is not ErrBadPeriod", err)
			}
			return
		}
		if !n.Valid() {
			t.Fatalf("ParseNamedAt(%q, %v) = invalid %v", s, now, n)
		}
		if m, err := ParseNamed(n.Name(), 1); err != nil || m != n {
			t.Fatalf("%q → %v, but its name %q → %v, %v", s, n, n.Name(), m, err)
		}
	})
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"6/2026", "2026-06", "tháng 6", "quý II/2026", "6 tháng đầu năm 2026", "năm 2026", "cả năm", "kỳ 12/2027", "tháng6", "quy 4 nam 2026",
		"T11/2026", "quy 4 2026", "6 thang dau nam 2026", "11-2026", "Q1"} {
		f.Add(s, 2026)
	}
	f.Fuzz(func(t *testing.T, s string, year int) {
		n, err := ParseNamed(s, year)
		p := n.Period
		if err != nil {
			if !errors.Is(err, ErrBadPeriod) {
				t.Fatalf("error %v is not ErrBadPeriod", err)
			}
			return
		}
		if !p.Valid() {
			t.Fatalf("ParsePeriod(%q) = invalid %v", s, p)
		}
		// Every accepted period reads back from its canonical forms, and
		// its name reads back as the same span.
		if m, err := ParseNamed(n.Name(), 1); err != nil || m != n {
			t.Fatalf("%q → %v, but its name %q → %v, %v", s, n, n.Name(), m, err)
		}
		for _, form := range []string{p.Key(), p.Label()} {
			m, err := ParseNamed(form, 1)
			q := m.Period
			if err != nil || q != p {
				t.Fatalf("%q → %v, but %q → %v, %v", s, p, form, q, err)
			}
		}
	})
}

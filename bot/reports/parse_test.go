package reports

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/submissions"
)

func TestPeriodArgs(t *testing.T) {
	f := &Feature{d: Deps{Clock: clock.NewFake(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)), Location: time.UTC}}
	nov := submissions.Period{Year: 2026, Month: 11}
	for _, tc := range []struct {
		in   string
		want submissions.Period
		rest string
		err  bool
	}{
		{"10/2026", submissions.Period{Year: 2026, Month: 10}, "", false},
		{"1/2027", submissions.Period{Year: 2027, Month: 1}, "", false},
		{"2026-06", submissions.Period{Year: 2026, Month: 6}, "", false},
		{"t10/2026", submissions.Period{Year: 2026, Month: 10}, "", false},
		{"tháng10/2026", submissions.Period{Year: 2026, Month: 10}, "", false},
		{"tháng 11/2026", nov, "", false},
		{"thang 11/2026", nov, "", false},
		{"T11/2026", nov, "", false},
		{"tháng 11", nov, "", false},
		{"bac_ninh tháng 11 năm 2026", nov, "bac_ninh", false},
		{"tháng 11/2026 bac_ninh", nov, "bac_ninh", false},
		{"quý 4/2026", submissions.Period{}, "quý 4/2026", true},
		{"năm 2026", submissions.Period{}, "năm 2026", true},
		{"13/2026", submissions.Period{}, "13/2026", false},
		{"0/2026", submissions.Period{}, "0/2026", false},
		{"10/26", submissions.Period{}, "10/26", false},
		{"2026-6", submissions.Period{}, "2026-6", false},
		{"bac_ninh", submissions.Period{}, "bac_ninh", false},
		{"", submissions.Period{}, "", false},
	} {
		got, rest, err := f.periodArgs(strings.Fields(tc.in))
		if got != tc.want || strings.Join(rest, " ") != tc.rest || (err != nil) != tc.err {
			t.Errorf("periodArgs(%q) = %v, %q, %v; want %v, %q, error %v", tc.in, got, rest, err, tc.want, tc.rest, tc.err)
		}
	}
}

func TestEditNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"sửa 3", 3, true}, {"Sua muc 10", 10, true}, {"4", 4, true}, {"sửa", 0, false},
		{"sửa ba", 0, false}, {"xác nhận", 0, false}, {"sửa 1 2", 0, false},
	} {
		got, ok := editNumber(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("editNumber(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// FuzzPeriodArgs: any typed arguments are read without panic, and what is
// accepted is a real month that reads back the same.
func FuzzPeriodArgs(f *testing.F) {
	for _, s := range []string{"10/2026", "2026-10", "t1/2027", "tháng 12/2026", "13/2026", "/", "-", "9999-99", "1/-2026",
		"thang 11 nam 2026", "bac_ninh T11/2026", "quý 4/2026", "6 tháng đầu năm 2026"} {
		f.Add(s)
	}
	fe := &Feature{d: Deps{Clock: clock.NewFake(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)), Location: time.UTC}}
	f.Fuzz(func(t *testing.T, s string) {
		argv := strings.Fields(s)
		p, rest, err := fe.periodArgs(argv)
		if err != nil || p.IsZero() {
			return
		}
		if p.Month < 1 || p.Month > 12 || len(rest) >= len(argv) {
			t.Fatalf("%q read as %v, rest %q", s, p, rest)
		}
		if q, err := submissions.ParsePeriod(p.String()); err != nil || q != p {
			t.Fatalf("%q → %v does not read back: %v %v", s, p, q, err)
		}
		editNumber(s)
	})
}

// BenchmarkSummary measures the heaviest step of the conversation: building
// the questions (targets, last values from the store) and the interim score
// of a draft at its summary, on the embedded store.
func BenchmarkSummary(b *testing.B) {
	ctx := context.Background()
	clk := clock.NewFake(start)
	cfg, err := configdir.Demo()
	if err != nil {
		b.Fatal(err)
	}
	kv := bottest.Bolt(b, clk)
	seedSeptember(b, kv, cfg)
	d := Deps{Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets, Store: kv, Calendar: cfg.Calendar, Clock: clk, Location: cfg.Calendar.Location}
	f := &Feature{d: d, reports: submissions.NewReports(kv, clk, d.Calendar, d.Location), drafts: submissions.NewDrafts(kv, clk)}
	dr := submissions.NewDraft(submissions.Actor{UserID: uFocalBN.ID, Name: "Lan", Role: submissions.RoleFocal}, "cum5", "bac_ninh",
		submissions.Period{Year: 2026, Month: 10}, submissions.ForFocal, nil)
	s, err := f.questions(ctx, dr)
	if err != nil {
		b.Fatal(err)
	}
	dr.Apply(s.qs, &submissions.Upload{Answers: map[string]submissions.Entry{"thu_bhxh": {State: submissions.StateValue, Value: 10500}}})
	b.ResetTimer()
	for b.Loop() {
		s, err := f.questions(ctx, dr)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.reports.Preview(ctx, dr, s.table, s.cluster.Units, cfg.Targets); err != nil {
			b.Fatal(err)
		}
		_ = dr.Summary(s.qs)
	}
}

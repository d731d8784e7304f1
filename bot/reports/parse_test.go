package reports

import (
	"context"
	"testing"

	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/submissions"
)

func TestParsePeriod(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want submissions.Period
		ok   bool
	}{
		{"10/2026", submissions.Period{Year: 2026, Month: 10}, true},
		{"1/2027", submissions.Period{Year: 2027, Month: 1}, true},
		{"2026-06", submissions.Period{Year: 2026, Month: 6}, true},
		{"t10/2026", submissions.Period{Year: 2026, Month: 10}, true},
		{"tháng10/2026", submissions.Period{Year: 2026, Month: 10}, true},
		{"13/2026", submissions.Period{}, false},
		{"0/2026", submissions.Period{}, false},
		{"10/26", submissions.Period{}, false},
		{"2026-6", submissions.Period{}, false},
		{"bac_ninh", submissions.Period{}, false},
		{"", submissions.Period{}, false},
	} {
		got, ok := parsePeriod(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parsePeriod(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
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

// FuzzParsePeriod: any typed argument is read without panic, and what is
// accepted is a real month that reads back the same.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"10/2026", "2026-10", "t1/2027", "tháng 12/2026", "13/2026", "/", "-", "9999-99", "1/-2026"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := parsePeriod(s)
		if !ok {
			return
		}
		if p.Month < 1 || p.Month > 12 {
			t.Fatalf("%q read as %v", s, p)
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

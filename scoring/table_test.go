package scoring

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/configfile"
	"github.com/thiduabot/thiduabot/org"
)

func TestParseTableDemo(t *testing.T) {
	data, err := os.ReadFile("../examples/bhxh-demo/scoring/bhxh-demo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tb, err := ParseTable("scoring/bhxh-demo.yaml", data)
	if err != nil {
		t.Fatalf("ParseTable: %v", err)
	}
	if got, want := tb.ID, "bhxh-demo"; got != want {
		t.Errorf("ID = %q; want %q", got, want)
	}
	if got := tb.Year; got != 0 {
		t.Errorf("Year = %d; want 0 (every year)", got)
	}
	kinds := map[string]bool{}
	for _, c := range tb.Criteria() {
		kinds[c.Rule.Kind] = true
	}
	for _, k := range []string{KindRatio, KindLowerBetter, KindBands, KindYesNo, KindPerCount, KindDirect, KindLeaderRelative} {
		if !kinds[k] {
			t.Errorf("demo table lacks a %s criterion", k)
		}
	}
	c, ok := tb.Criterion("nop_muon")
	if !ok || c.Source != SourceLateSubmissions || c.Asked() {
		t.Errorf("nop_muon = %+v, %v; want a late_submissions criterion that is not asked", c, ok)
	}
	if got, want := tb.MaxTotal(), 100.0; got != want {
		t.Errorf("MaxTotal = %v; want %v", got, want)
	}
	if !strings.Contains(tb.Name, "(ví dụ)") {
		t.Errorf("demo table name %q does not say it is an example", tb.Name)
	}
}

// base is a valid table; each case below breaks it in one place.
const base = `id: t
name: Bảng
tie_break: [a]
groups:
  - id: A
    name: Nhóm A
    max: 20
    criteria:
      - id: a
        name: Thu
        input: cumulative
        max: 10
        rule: {kind: ratio, full: 100, zero: 90}
      - id: b
        name: Tỷ lệ
        input: latest
        max: 10
        rule:
          kind: bands
          bands:
            - {min: 98, points: 10}
            - {min: 95, points: 5}
`

func TestParseTableProblems(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		line     int
		want     string
	}{
		{"bands out of order", "{min: 95, points: 5}", "{min: 99, points: 5}", 22, "sai thứ tự"},
		{"max bands out of order", "- {min: 98, points: 10}\n            - {min: 95, points: 5}", "- {max: 5, points: 10}\n            - {max: 3, points: 5}", 22, "sai thứ tự"},
		{"mixed bands", "{min: 95, points: 5}", "{max: 95, points: 5}", 21, "trộn"},
		{"band points above max", "{min: 95, points: 5}", "{min: 95, points: 11}", 22, "0 đến max"},
		{"full equals zero", "full: 100, zero: 90", "full: 90, zero: 90", 13, "bằng nhau"},
		{"ratio reversed", "full: 100, zero: 90", "full: 80, zero: 90", 13, "lớn hơn zero"},
		{"negative criterion max", "max: 10\n        rule: {kind: ratio", "max: -1\n        rule: {kind: ratio", 12, "không được âm"},
		{"negative group max", "max: 20", "max: -5", 7, "không được âm"},
		{"penalty with max", "rule: {kind: ratio, full: 100, zero: 90}", "rule: {kind: per_count, points: -2, cap: -10}", 12, "max: 0"},
		{"bonus count max not cap", "max: 10\n        rule: {kind: ratio, full: 100, zero: 90}", "max: 3\n        rule: {kind: per_count, points: 1, cap: 5}", 12, "bằng cap"},
		{"penalty cap positive", "max: 10\n        rule: {kind: ratio, full: 100, zero: 90}", "max: 0\n        rule: {kind: per_count, points: -1, cap: 5}", 13, "cap âm"},
		{"unknown kind", "kind: ratio", "kind: ration", 13, "không được hỗ trợ"},
		{"unknown input", "input: cumulative", "input: yearly", 11, "input \"yearly\""},
		{"unknown tie break", "tie_break: [a]", "tie_break: [zz]", 3, "\"zz\""},
		{"duplicate criterion across groups", "      - id: b\n", "      - id: a\n", 14, "bị trùng"},
		{"invalid criterion id", "      - id: b\n", "      - id: Tỷ lệ\n", 14, "không hợp lệ"},
		{"range reversed", "        input: latest\n", "        input: latest\n        range: [100, 0]\n", 17, "range"},
		{"ratio without zero", "full: 100, zero: 90", "full: 100", 13, "cần zero"},
		{"field unused by kind", "{kind: ratio, full: 100, zero: 90}", "{kind: ratio, full: 100, zero: 90, cap: 3}", 13, "không dùng cho loại ratio"},
		{"bonus cap zero", "zero: 90}", "zero: 90, bonus: {per: 1, points: 0.5, cap: 0}}", 13, "bonus.cap"},
		{"unknown field", "        input: latest\n", "        imput: latest\n", 16, "imput"},
		{"yes_no monthly", "input: latest\n        max: 10\n        rule:\n          kind: bands\n          bands:\n            - {min: 98, points: 10}\n            - {min: 95, points: 5}\n", "input: monthly\n        max: 10\n        rule: {kind: yes_no}\n", 16, "latest hoặc manual"},
		{"nan threshold", "full: 100, zero: 90", "full: .nan, zero: 90", 13, "hữu hạn"},
		{"infinite band", "{min: 95, points: 5}", "{min: -.inf, points: 5}", 22, "hữu hạn"},
		{"late source on ratio", "        input: cumulative\n", "        input: cumulative\n        source: late_submissions\n", 12, "per_count"},
	}
	if _, err := ParseTable("scoring/t.yaml", []byte(base)); err != nil {
		t.Fatalf("base table: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(base, tt.old) {
				t.Fatalf("test is stale: %q not in base", tt.old)
			}
			src := strings.Replace(base, tt.old, tt.new, 1)
			_, err := ParseTable("scoring/t.yaml", []byte(src))
			var ps configfile.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("err = %v; want configfile.Problems", err)
			}
			for _, p := range ps {
				if strings.Contains(p.Msg, tt.want) {
					if p.File != "scoring/t.yaml" || p.Line != tt.line {
						t.Errorf("problem %q at %s:%d; want line %d", p.Msg, p.File, p.Line, tt.line)
					}
					return
				}
			}
			t.Errorf("problems = %v; want one containing %q", ps, tt.want)
		})
	}
}

func TestParseTableReportsEveryProblem(t *testing.T) {
	src := strings.NewReplacer("tie_break: [a]", "tie_break: [zz]", "full: 100, zero: 90", "full: 90, zero: 90", "{min: 95, points: 5}", "{min: 99, points: 5}").Replace(base)
	_, err := ParseTable("t.yaml", []byte(src))
	var ps configfile.Problems
	if !errors.As(err, &ps) || len(ps) != 3 {
		t.Fatalf("err = %v; want 3 problems", err)
	}
}

func FuzzParseTable(f *testing.F) {
	f.Add([]byte(base))
	if data, err := os.ReadFile("../examples/bhxh-demo/scoring/bhxh-demo.yaml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("id: x\nname: y\ngroups: []\n"))
	f.Add([]byte("id: x\ntie_break: ![a, b]\n")) // panicked inside go-yaml
	f.Add([]byte("groups:\n  - criteria:\n      - rule: {kind: bands, bands: [{min: 1}, {max: 2}]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := ParseTable("f.yaml", data)
		if err != nil {
			var ps configfile.Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error %v is not a non-empty configfile.Problems", err)
			}
			return
		}
		// A table that parses must be scorable, without panics and within bounds.
		year := tb.Year
		if year == 0 {
			year = 2026
		}
		ts := &Targets{}
		vs := Values{}
		for i, c := range tb.Criteria() {
			for _, u := range []string{"a", "b"} {
				ts.Set(year, u, c.ID, Target{Annual: float64(100 * (i + 1))})
				vs.Set(u, c.ID, time.Month(1+i%12), float64(i*7%13))
			}
		}
		res, err := Score(tb, []org.Unit{{ID: "a"}, {ID: "b"}}, ts, vs, Period{year, time.June})
		if err != nil {
			t.Fatalf("parsed table cannot be scored: %v", err)
		}
		for _, u := range res.Units {
			if math.IsNaN(u.Points) || u.Points > tb.MaxTotal()+1e-9 {
				t.Fatalf("unit %s points %v (max %v)", u.ID, u.Points, tb.MaxTotal())
			}
			for i := range u.Criteria {
				_ = u.Criteria[i].Explain()
			}
		}
		seen := map[string]bool{}
		for _, c := range tb.Criteria() {
			if seen[c.ID] {
				t.Fatalf("duplicate criterion %q accepted", c.ID)
			}
			seen[c.ID] = true
			if c.Max < 0 {
				t.Fatalf("negative max accepted for %q", c.ID)
			}
		}
	})
}

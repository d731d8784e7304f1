package valuesfile

import (
	"strings"
	"testing"

	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
)

// checkLookup has a ratio with a target (thu), a rate with a range (pct), a
// count of people (nguoi), a yes/no (cchc) and a penalty count (vp).
func checkLookup() (Lookup, *scoring.Targets) {
	f := func(x float64) *float64 { return &x }
	tb := &scoring.Table{ID: "t", Name: "T", Groups: []scoring.Group{{ID: "A", Name: "A", Criteria: []scoring.Criterion{
		{ID: "thu", Name: "Thu", Unit: "tỷ đồng", Input: scoring.InputCumulative, Max: 10, Rule: scoring.Rule{Kind: scoring.KindRatio, Full: f(100), Zero: f(90)}},
		{ID: "pct", Name: "Tỷ lệ", Unit: "%", Input: scoring.InputLatest, Max: 5, Range: []float64{0, 100}, Rule: scoring.Rule{Kind: scoring.KindLowerBetter, Full: f(1), Zero: f(5)}},
		{ID: "nguoi", Name: "Người", Unit: "người", Input: scoring.InputLatest, Max: 5, Rule: scoring.Rule{Kind: scoring.KindDirect}},
		{ID: "cchc", Name: "CCHC", Input: scoring.InputLatest, Max: 5, Rule: scoring.Rule{Kind: scoring.KindYesNo}},
		{ID: "vp", Name: "Vi phạm", Input: scoring.InputMonthly, Max: 0, Rule: scoring.Rule{Kind: scoring.KindPerCount, Points: f(-2), Cap: f(-10)}},
		{ID: "ct", Name: "Cụm trưởng chấm", Input: scoring.InputManual, Max: 20, Rule: scoring.Rule{Kind: scoring.KindDirect}},
	}}}}
	o := &org.Config{Clusters: []org.Cluster{{ID: "c", Name: "C", Scoring: "t", Chair: "a", Units: []org.Unit{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}}}}}
	ts := &scoring.Targets{}
	ts.Set(2026, "a", "thu", scoring.Target{Annual: 1200})
	return OrgLookup(o, map[string]*scoring.Table{"t": tb}), ts
}

// TestCheckLikeChat: impossible values are errors at their line and
// column; implausible ones are warnings with their position, and the file
// is still usable.
func TestCheckLikeChat(t *testing.T) {
	lookup, ts := checkLookup()
	const head = "unit,criterion,month,value\n"
	errs := []struct {
		name, row string
		col       int
		want      string
	}{
		{"not a number", "a,thu,2026-06,12a", 4, "không phải là số"},
		{"outside range", "a,pct,2026-06,120", 4, "ngoài khoảng hợp lý"},
		{"negative", "a,thu,2026-06,-5", 4, "số âm"},
		{"negative count", "a,vp,2026-06,-1", 4, "số âm"},
		{"fraction of people", "a,nguoi,2026-06,10.5", 4, "số nguyên"},
		{"yes/no other", "a,cchc,2026-06,2", 4, "có"},
		{"chair's points above max", "a,ct,2026-06,25", 4, "0–20"},
		{"unknown unit", "x,thu,2026-06,1", 1, "đơn vị \"x\""},
		{"unknown criterion", "a,thuu,2026-06,1", 2, "tiêu chí \"thuu\""},
		{"bad month", "a,thu,13/2026,1", 3, "tháng"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			r := Check([]byte(head+"b,thu,2026-01,5\n"+tt.row+"\n"), lookup, ts)
			if len(r.Problems) != 1 || r.Problems[0].Line != 3 || r.Problems[0].Col != tt.col || !strings.Contains(r.Problems[0].Msg, tt.want) {
				t.Errorf("problems = %+v; want one at 3:%d with %q", r.Problems, tt.col, tt.want)
			}
		})
	}
	// Warnings: a's target is 1.200 a year, 600 by June; 3× is 1.800.
	data := head +
		"a,thu,2026-05,500\n" + // line 2
		"a,thu,2026-06,60000\n" + // line 3: 100× the target and 100× its pace
		"a,pct,2026-05,0.95\n" + // line 4
		"a,pct,2026-06,95\n" + // line 5: 100× May (a share typed as a fraction in May)
		"b,thu,2026-05,300\n" + // line 6
		"b,thu,2026-06,200\n" // line 7: a running total going down
	r := Check([]byte(data), lookup, ts)
	if len(r.Problems) > 0 {
		t.Fatalf("problems = %+v; want only warnings", r.Problems)
	}
	got := map[string]bool{}
	for _, w := range r.Warnings {
		got[w.Pos(false)+" "+w.Msg] = true
	}
	for _, want := range []string{
		"3:4 Giá trị 60.000 tỷ đồng gấp khoảng 100 lần chỉ tiêu của kỳ (600 tỷ đồng)",
		"3:4 Giá trị 60.000 tỷ đồng gấp khoảng 100 lần số đã báo cáo tháng 5/2026",
		"5:4 Giá trị 95% gấp khoảng 100 lần số đã báo cáo tháng 5/2026",
		"7:4 Số lũy kế 200 tỷ đồng thấp hơn số đã báo cáo tháng 5/2026",
	} {
		found := false
		for k := range got {
			found = found || strings.HasPrefix(k, want)
		}
		if !found {
			t.Errorf("no warning %q in %v", want, r.Warnings)
		}
	}
	if len(r.Warnings) != 4 {
		t.Errorf("%d warnings; want 4: %v", len(r.Warnings), r.Warnings)
	}
	if v, ok := r.Values[2026].Get("a", "thu", 6); !ok || v != 60000 {
		t.Errorf("a warned value was dropped: %v %v", v, ok)
	}
}

func TestPos(t *testing.T) {
	p := Problem{Line: 5, Col: 4}
	if got := p.Pos(false); got != "5:4" {
		t.Errorf("CSV position %q", got)
	}
	if got := p.Pos(true); got != "5:4 (D5)" {
		t.Errorf("Excel position %q", got)
	}
	if got := (Problem{Line: 2}).Pos(true); got != "2" {
		t.Errorf("row position %q", got)
	}
}

// FuzzCheck: any file is read without panic; every problem and warning has
// a message and a position inside the file.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"unit,criterion,month,value\na,thu,2026-05,500\na,thu,2026-06,60000\n",
		"unit;criterion;month;value\na;pct;2026-06;120\na;nguoi;2026-06;10,5\n",
		"a,vp,2026-06,-1\na,cchc,2026-06,2\nb,thu,2026-06,-0\n",
		"month,value,unit,criterion\n2026-02,0.95,a,pct\n2026-03,95,a,pct\n",
	} {
		f.Add([]byte(s))
	}
	lookup, ts := checkLookup()
	f.Fuzz(func(t *testing.T, data []byte) {
		r := Check(data, lookup, ts)
		lines := strings.Count(string(data), "\n") + 1
		for _, p := range append(r.Problems, r.Warnings...) {
			if p.Msg == "" || p.Line < 0 || (!IsXLSX(data) && p.Line > lines) || p.Col < 0 {
				t.Fatalf("bad problem %+v", p)
			}
		}
	})
}

package scoring

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/org"
)

func f(x float64) *float64 { return &x }

// single is a one-criterion table.
func single(c Criterion) *Table {
	return &Table{ID: "t", Name: "T", Groups: []Group{{ID: "A", Name: "A", Criteria: []Criterion{c}}}}
}

var (
	ratioCrit = Criterion{ID: "thu", Name: "Thu", Unit: "tỷ đồng", Input: InputCumulative, Max: 15,
		Rule: Rule{Kind: KindRatio, Full: f(100), Zero: f(90), Bonus: &Bonus{Per: 1, Points: 0.5, Cap: 2}}}
	lowerCrit = Criterion{ID: "no", Name: "Nợ", Unit: "%", Input: InputLatest, Max: 10,
		Rule: Rule{Kind: KindLowerBetter, Full: f(1.5), Zero: f(5)}}
	bandsCrit = Criterion{ID: "dvc", Name: "DVC", Unit: "%", Input: InputLatest, Max: 8,
		Rule: Rule{Kind: KindBands, Bands: []Band{{Min: f(98), Points: 8}, {Min: f(95), Points: 6}, {Min: f(90), Points: 3}}}}
	maxBandsCrit = Criterion{ID: "kcb", Name: "KCB", Unit: "%", Input: InputLatest, Max: 8,
		Rule: Rule{Kind: KindBands, Bands: []Band{{Max: f(100), Points: 8}, {Max: f(103), Points: 5}}}}
	yesNoCrit   = Criterion{ID: "cchc", Name: "CCHC", Input: InputLatest, Max: 5, Rule: Rule{Kind: KindYesNo}}
	penaltyCrit = Criterion{ID: "vp", Name: "Vi phạm", Input: InputMonthly, Max: 0,
		Rule: Rule{Kind: KindPerCount, Points: f(-2), Cap: f(-10)}}
	bonusCrit = Criterion{ID: "sk", Name: "Sáng kiến", Input: InputMonthly, Max: 5,
		Rule: Rule{Kind: KindPerCount, Points: f(1), Cap: f(5)}}
	directCrit = Criterion{ID: "dg", Name: "Đánh giá", Input: InputManual, Max: 10, Rule: Rule{Kind: KindDirect}}
	leaderCrit = Criterion{ID: "tn", Name: "Tự nguyện", Unit: "người", Input: InputCumulative, Max: 12,
		Rule: Rule{Kind: KindLeaderRelative}}
)

type month = map[time.Month]float64

func TestRules(t *testing.T) {
	june := Period{2026, time.June}
	tests := []struct {
		name    string
		crit    Criterion
		target  *Target
		values  month
		period  Period
		want    float64
		missing bool
		carried time.Month
	}{
		// ratio: annual 1200 prorated to June = 600.
		{"ratio at zero", ratioCrit, &Target{Annual: 1200}, month{6: 540}, june, 0, false, 0},
		{"ratio below zero", ratioCrit, &Target{Annual: 1200}, month{6: 539.9}, june, 0, false, 0},
		{"ratio just above zero", ratioCrit, &Target{Annual: 1200}, month{6: 540.06}, june, 0.015, false, 0},
		{"ratio midway", ratioCrit, &Target{Annual: 1200}, month{6: 570}, june, 7.5, false, 0},
		{"ratio just below full", ratioCrit, &Target{Annual: 1200}, month{6: 599.94}, june, 14.985, false, 0},
		{"ratio at full", ratioCrit, &Target{Annual: 1200}, month{6: 600}, june, 15, false, 0},
		{"ratio bonus proportional", ratioCrit, &Target{Annual: 1200}, month{6: 603}, june, 15.25, false, 0},
		{"ratio bonus 2 points over", ratioCrit, &Target{Annual: 1200}, month{6: 612}, june, 16, false, 0},
		{"ratio bonus at cap", ratioCrit, &Target{Annual: 1200}, month{6: 624}, june, 17, false, 0},
		{"ratio bonus capped", ratioCrit, &Target{Annual: 1200}, month{6: 900}, june, 17, false, 0},
		{"ratio negative value", ratioCrit, &Target{Annual: 1200}, month{6: -5}, june, 0, false, 0},
		{"ratio explicit period target", ratioCrit, &Target{Annual: 1200, Periods: map[string]float64{"2026-06": 570}}, month{6: 570}, june, 15, false, 0},
		{"ratio December uses annual", ratioCrit, &Target{Annual: 1200}, month{12: 1140}, Period{2026, time.December}, 7.5, false, 0},
		{"ratio cumulative carried", ratioCrit, &Target{Annual: 1200}, month{3: 300, 4: 400}, june, 0, false, time.April},
		{"ratio latest as written", func() Criterion { c := ratioCrit; c.Input = InputLatest; return c }(), &Target{Annual: 600}, month{6: 570}, june, 7.5, false, 0},
		{"ratio monthly sums", func() Criterion { c := ratioCrit; c.Input = InputMonthly; return c }(), &Target{Annual: 1200}, month{1: 100, 2: 100, 3: 100, 4: 100, 5: 100, 6: 100}, june, 15, false, 0},
		{"ratio monthly carried", func() Criterion { c := ratioCrit; c.Input = InputMonthly; return c }(), &Target{Annual: 1200}, month{1: 300, 2: 270}, june, 7.5, false, time.February},
		{"ratio no target", ratioCrit, nil, month{6: 600}, june, 0, false, 0},
		{"ratio zero target", ratioCrit, &Target{Annual: 0}, month{6: 600}, june, 0, false, 0},
		{"ratio missing", ratioCrit, &Target{Annual: 1200}, month{}, june, 0, true, 0},
		{"ratio only later months", ratioCrit, &Target{Annual: 1200}, month{7: 700}, june, 0, true, 0},
		{"ratio value zero is data", ratioCrit, &Target{Annual: 1200}, month{6: 0}, june, 0, false, 0},

		{"lower at full", lowerCrit, nil, month{6: 1.5}, june, 10, false, 0},
		{"lower below full", lowerCrit, nil, month{6: 1.4}, june, 10, false, 0},
		{"lower midway", lowerCrit, nil, month{6: 3.25}, june, 5, false, 0},
		{"lower just below zero", lowerCrit, nil, month{6: 4.965}, june, 0.1, false, 0},
		{"lower at zero", lowerCrit, nil, month{6: 5}, june, 0, false, 0},
		{"lower above zero", lowerCrit, nil, month{6: 7}, june, 0, false, 0},
		{"lower carried", lowerCrit, nil, month{5: 1}, june, 10, false, time.May},
		{"lower missing", lowerCrit, nil, nil, june, 0, true, 0},

		{"bands top inclusive", bandsCrit, nil, month{6: 98}, june, 8, false, 0},
		{"bands just below top", bandsCrit, nil, month{6: 97.99}, june, 6, false, 0},
		{"bands middle inclusive", bandsCrit, nil, month{6: 95}, june, 6, false, 0},
		{"bands lowest inclusive", bandsCrit, nil, month{6: 90}, june, 3, false, 0},
		{"bands none", bandsCrit, nil, month{6: 89.99}, june, 0, false, 0},
		{"max bands first", maxBandsCrit, nil, month{6: 100}, june, 8, false, 0},
		{"max bands second", maxBandsCrit, nil, month{6: 100.01}, june, 5, false, 0},
		{"max bands second inclusive", maxBandsCrit, nil, month{6: 103}, june, 5, false, 0},
		{"max bands none", maxBandsCrit, nil, month{6: 103.5}, june, 0, false, 0},

		{"yes", yesNoCrit, nil, month{6: 1}, june, 5, false, 0},
		{"no", yesNoCrit, nil, month{6: 0}, june, 0, false, 0},
		{"yes_no invalid", yesNoCrit, nil, month{6: 2}, june, 0, true, 0},
		{"yes carried", yesNoCrit, nil, month{2: 1}, june, 5, false, time.February},

		{"penalty none is zero, not missing", penaltyCrit, nil, nil, june, 0, false, 0},
		{"penalty counts add", penaltyCrit, nil, month{1: 1, 3: 2}, june, -6, false, 0},
		{"penalty at cap", penaltyCrit, nil, month{6: 5}, june, -10, false, 0},
		{"penalty capped", penaltyCrit, nil, month{2: 4, 6: 3}, june, -10, false, 0},
		{"penalty later months ignored", penaltyCrit, nil, month{6: 1, 7: 4}, june, -2, false, 0},
		{"bonus count", bonusCrit, nil, month{4: 2, 5: 1}, june, 3, false, 0},
		{"bonus count capped", bonusCrit, nil, month{4: 7}, june, 5, false, 0},

		{"direct", directCrit, nil, month{6: 8.5}, june, 8.5, false, 0},
		{"direct above max", directCrit, nil, month{6: 12}, june, 10, false, 0},
		{"direct negative", directCrit, nil, month{6: -1}, june, 0, false, 0},
		{"direct missing", directCrit, nil, nil, june, 0, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := single(tt.crit)
			ts := &Targets{}
			if tt.target != nil {
				ts.Set(2026, "u", tt.crit.ID, *tt.target)
			}
			vs := Values{}
			for m, v := range tt.values {
				vs.Set("u", tt.crit.ID, m, v)
			}
			res, err := Score(tb, []org.Unit{{ID: "u", Name: "U"}}, ts, vs, tt.period)
			if err != nil {
				t.Fatal(err)
			}
			cr := &res.Units[0].Criteria[0]
			if math.Abs(cr.Points-tt.want) > 1e-9 {
				t.Errorf("points = %v; want %v (%s)", cr.Points, tt.want, cr.Explain())
			}
			if cr.Missing != tt.missing {
				t.Errorf("missing = %v; want %v", cr.Missing, tt.missing)
			}
			if got := len(res.Units[0].Missing) == 1; got != tt.missing {
				t.Errorf("unit missing list = %v; want missing %v", res.Units[0].Missing, tt.missing)
			}
			if cr.CarriedFrom != tt.carried {
				t.Errorf("carried from %v; want %v", cr.CarriedFrom, tt.carried)
			}
			if e := cr.Explain(); e == "" || strings.Contains(e, "%!") {
				t.Errorf("bad explanation %q", e)
			}
		})
	}
}

func TestLeaderRelative(t *testing.T) {
	tb := single(leaderCrit)
	units := []org.Unit{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}}
	ts := &Targets{}
	for _, u := range units {
		ts.Set(2026, u.ID, "tn", Target{Annual: 2400}) // June: 1200
	}
	tests := []struct {
		name   string
		values map[string]float64
		want   map[string]float64
	}{
		{"leader gets max", map[string]float64{"a": 1320, "b": 660, "c": 0}, map[string]float64{"a": 12, "b": 6, "c": 0, "d": 0}},
		{"no positive ratio", map[string]float64{"a": 0, "b": 0}, map[string]float64{"a": 0, "b": 0, "c": 0, "d": 0}},
		{"below target leader still max", map[string]float64{"a": 600, "b": 300}, map[string]float64{"a": 12, "b": 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs := Values{}
			for u, v := range tt.values {
				vs.Set(u, "tn", time.June, v)
			}
			res, err := Score(tb, units, ts, vs, Period{2026, time.June})
			if err != nil {
				t.Fatal(err)
			}
			for u, want := range tt.want {
				ur, _ := res.Unit(u)
				if got := ur.Criteria[0].Points; math.Abs(got-want) > 1e-9 {
					t.Errorf("%s: points = %v; want %v (%s)", u, got, want, ur.Criteria[0].Explain())
				}
			}
			d, _ := res.Unit("d")
			if !d.Criteria[0].Missing {
				t.Errorf("d has no data but is not missing")
			}
		})
	}
}

func TestGroupCaps(t *testing.T) {
	tb := &Table{ID: "t", Name: "T", Groups: []Group{
		{ID: "A", Name: "A", Max: f(15), Criteria: []Criterion{directCrit, func() Criterion { c := directCrit; c.ID = "dg2"; return c }(), penaltyCrit}},
		{ID: "B", Name: "B", Max: f(5), Criteria: []Criterion{func() Criterion { c := penaltyCrit; c.ID = "vp2"; return c }()}},
	}}
	tests := []struct {
		name         string
		dg, dg2      float64
		vp, vp2      float64
		wantA, wantB float64
		capped       bool
	}{
		{"under cap", 5, 5, 0, 0, 10, 0, false},
		{"at cap", 10, 5, 0, 0, 15, 0, false},
		{"capped", 10, 10, 0, 0, 15, 0, true},
		{"penalty inside the capped sum", 10, 10, 1, 0, 15, 0, true},
		{"penalty below the cap", 8, 8, 1, 0, 14, 0, false},
		{"no floor", 0, 0, 5, 4, -10, -8, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs := Values{}
			vs.Set("u", "dg", time.June, tt.dg)
			vs.Set("u", "dg2", time.June, tt.dg2)
			vs.Set("u", "vp", time.June, tt.vp)
			vs.Set("u", "vp2", time.June, tt.vp2)
			res, err := Score(tb, []org.Unit{{ID: "u"}}, nil, vs, Period{2026, time.June})
			if err != nil {
				t.Fatal(err)
			}
			u := res.Units[0]
			if u.Groups[0].Points != tt.wantA || u.Groups[1].Points != tt.wantB || u.Groups[0].Capped != tt.capped {
				t.Errorf("groups = %+v; want A %v (capped %v), B %v", u.Groups, tt.wantA, tt.capped, tt.wantB)
			}
			if want := tt.wantA + tt.wantB; u.Total != want {
				t.Errorf("total = %v; want %v", u.Total, want)
			}
		})
	}
}

func TestRound2(t *testing.T) {
	tests := []struct{ in, want float64 }{
		{1.005, 1.01}, {1.004999, 1}, {-1.005, -1.01}, {2.675, 2.68}, {0.125, 0.13},
		{99.995, 100}, {1.1, 1.1}, {0, 0}, {-0.001, 0}, {8.105769230769, 8.11}, {1e-7, 0},
		{123456.785, 123456.79}, {0.1 + 0.2, 0.3}, {9.995, 10}, {-9.995, -10}, {-0.005, -0.01}, {1e21 + 0.5, 1e21},
	}
	for _, tt := range tests {
		if got := Round2(tt.in); got != tt.want {
			t.Errorf("Round2(%v) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

// tieTable scores each unit its "dg" value directly; "tb" is the tie-break.
func tieTable(tieBreak []string) *Table {
	tbc := directCrit
	tbc.ID = "tb"
	return &Table{ID: "t", Name: "T", TieBreak: tieBreak, Groups: []Group{{ID: "A", Name: "A", Criteria: []Criterion{directCrit, tbc}}}}
}

func TestRanking(t *testing.T) {
	tests := []struct {
		name     string
		tieBreak []string
		dg, tb   map[string]float64
		want     string // "id:rank ..." in order
	}{
		{"shared ranks", nil, map[string]float64{"a": 10, "b": 9, "c": 9, "d": 8}, nil, "a:1 b:2 c:2 d:4"},
		{"rounded totals tie", nil, map[string]float64{"a": 9.004, "b": 9.001, "c": 1}, nil, "a:1 b:1 c:3"},
		{"ties listed by id", nil, map[string]float64{"z": 5, "m": 5, "a": 5}, nil, "a:1 m:1 z:1"},
		{"tie-break separates", []string{"tb"}, map[string]float64{"a": 5, "b": 4, "c": 4}, map[string]float64{"a": 0, "b": 1, "c": 2}, "a:1 c:2 b:3"},
		{"tie-break unrounded", []string{"tb"}, map[string]float64{"a": 5, "b": 5}, map[string]float64{"a": 2.001, "b": 2.002}, "b:1 a:2"},
		{"still tied after tie-break", []string{"tb"}, map[string]float64{"b": 5, "a": 5, "c": 1}, map[string]float64{"a": 1, "b": 1}, "a:1 b:1 c:3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := tieTable(tt.tieBreak)
			vs := Values{}
			var units []org.Unit
			for u, v := range tt.dg {
				units = append(units, org.Unit{ID: u})
				vs.Set(u, "dg", time.June, v-tt.tb[u])
				vs.Set(u, "tb", time.June, tt.tb[u])
			}
			res, err := Score(tb, units, nil, vs, Period{2026, time.June})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range res.Units {
				got = append(got, fmt.Sprintf("%s:%d", u.ID, u.Rank))
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("ranking = %s; want %s", strings.Join(got, " "), tt.want)
			}
		})
	}
}

// TestNoData: a unit is without data only when no criterion has a figure
// through the period; a per_count's absence (zero occurrences) is no figure.
func TestNoData(t *testing.T) {
	tb := &Table{ID: "t", Name: "T", Groups: []Group{{ID: "A", Name: "A", Criteria: []Criterion{directCrit, penaltyCrit}}}}
	tests := []struct {
		name   string
		values map[string]month // criterion → month → value
		period time.Month
		want   bool
	}{
		{"nothing stored", nil, time.June, true},
		{"a figure this month", map[string]month{"dg": {6: 5}}, time.June, false},
		{"a figure carried forward", map[string]month{"dg": {3: 5}}, time.June, false},
		{"only a later month", map[string]month{"dg": {7: 5}}, time.June, true},
		{"a count of zero reported", map[string]month{"vp": {6: 0}}, time.June, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs := Values{}
			for c, ms := range tt.values {
				for m, v := range ms {
					vs.Set("a", c, m, v)
				}
			}
			res, err := Score(tb, []org.Unit{{ID: "a"}}, nil, vs, Period{2026, tt.period})
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Units[0].NoData; got != tt.want {
				t.Errorf("NoData = %v; want %v", got, tt.want)
			}
		})
	}
}

func TestScoreErrors(t *testing.T) {
	tb := single(directCrit)
	if _, err := Score(tb, nil, nil, nil, Period{2026, 13}); err == nil {
		t.Error("month 13 accepted")
	}
	tb.Year = 2027
	if _, err := Score(tb, nil, nil, nil, Period{2026, 6}); err == nil {
		t.Error("a 2027 table scored 2026")
	}
	broken := single(Criterion{ID: "x", Max: 1, Rule: Rule{Kind: KindRatio, Full: f(100)}})
	if _, err := Score(broken, nil, nil, nil, Period{2026, 6}); err == nil {
		t.Error("a ratio without zero was scored")
	}
	tb.Year = 0
	if _, err := Score(tb, []org.Unit{{ID: "a"}, {ID: "a"}}, nil, nil, Period{2026, 6}); err == nil {
		t.Error("duplicate unit accepted")
	}
}

func TestExplain(t *testing.T) {
	tb := single(ratioCrit)
	ts := &Targets{}
	ts.Set(2026, "u", "thu", Target{Annual: 5200})
	vs := Values{}
	vs.Set("u", "thu", time.June, 2480.5)
	res, err := Score(tb, []org.Unit{{ID: "u"}}, ts, vs, Period{2026, time.June})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Units[0].Criteria[0].Explain()
	want := "Lũy kế 2.480,5 tỷ đồng / kế hoạch 6 tháng 2.600 tỷ đồng = 95,4% → 8,11/15 điểm (tuyến tính 90%→0, 100%→15; vượt thưởng 0,5 điểm mỗi 1%, tối đa 2)"
	if got != want {
		t.Errorf("Explain =\n %s\nwant\n %s", got, want)
	}

	// Every kind, with the figures a reader needs.
	demo := demoResult(t)
	u, _ := demo.Unit("bac_ninh")
	wants := map[string][]string{
		"thu_bhxh":            {"Lũy kế", "kế hoạch kỳ 6/2026", "%", "→ 10,50/15 điểm"},
		"phat_trien_tn":       {"người", "đơn vị dẫn đầu đạt"},
		"bao_phu_bhyt":        {"chỉ tiêu", "người"},
		"no_dong":             {"càng thấp càng tốt"},
		"chi_kcb":             {"mức ≤"},
		"chi_tra_dung_han":    {"Có → 5,00/5 điểm"},
		"danh_gia_cum_truong": {"Cụm trưởng chấm"},
		"vi_pham":             {"Cộng dồn", "lần", "giới hạn -10"},
		"nop_muon":            {"Nộp báo cáo chậm hạn"},
	}
	for id, parts := range wants {
		cr, _ := u.Criterion(id)
		e := cr.Explain()
		for _, p := range parts {
			if !strings.Contains(e, p) {
				t.Errorf("%s: %q lacks %q", id, e, p)
			}
		}
	}
}

func TestExplainMissingAndCarried(t *testing.T) {
	tb := single(lowerCrit)
	vs := Values{}
	vs.Set("a", "no", time.April, 2)
	res, _ := Score(tb, []org.Unit{{ID: "a"}, {ID: "b"}}, nil, vs, Period{2026, time.June})
	a, _ := res.Unit("a")
	if got := a.Criteria[0].Explain(); !strings.HasSuffix(got, " — dùng số liệu tháng 4/2026") {
		t.Errorf("carried explanation %q does not say so", got)
	}
	b, _ := res.Unit("b")
	if got, want := b.Criteria[0].Explain(), "Chưa có số liệu đến tháng 6/2026 → 0,00/10 điểm"; got != want {
		t.Errorf("missing explanation = %q; want %q", got, want)
	}
}

func TestGap(t *testing.T) {
	tb := &Table{ID: "t", Name: "T", Groups: []Group{{ID: "A", Name: "A", Criteria: []Criterion{
		directCrit, func() Criterion { c := directCrit; c.ID, c.Name = "x", "Tiêu chí X"; return c }()}}}}
	vs := Values{}
	set := func(u string, dg, x float64) { vs.Set(u, "dg", time.June, dg); vs.Set(u, "x", time.June, x) }
	set("a", 9, 9)   // 18
	set("b", 9.7, 7) // 16.7
	set("c", 9.7, 7) // 16.7
	set("d", 10, 5)  // 15
	units := []org.Unit{{ID: "a", Name: "Đơn vị A"}, {ID: "b", Name: "Đơn vị B"}, {ID: "c", Name: "Đơn vị C"}, {ID: "d", Name: "Đơn vị D"}}
	res, _ := Score(tb, units, nil, vs, Period{2026, time.June})
	if _, ok := res.Gap("a"); ok {
		t.Error("the leader has a gap")
	}
	g, ok := res.Gap("b")
	if !ok || g.Above.ID != "a" || g.Points != 1.3 || g.Criterion.ID != "x" {
		t.Errorf("gap(b) = %+v", g)
	}
	if got, want := g.Text(), "Cần thêm 1,30 điểm để bằng Đơn vị A (hạng 1); chênh lệch nhiều nhất ở tiêu chí Tiêu chí X (2,00 điểm)."; got != want {
		t.Errorf("text = %q; want %q", got, want)
	}
	if g, _ := res.Gap("c"); g.Above.ID != "a" {
		t.Errorf("c shares rank 2 with b; gap should be to a, got %s", g.Above.ID)
	}
	if g, _ := res.Gap("d"); g.Above.Rank != 2 || g.Points != 1.7 {
		t.Errorf("gap(d) = %+v", g)
	}
}

func TestMovement(t *testing.T) {
	tests := []struct {
		prev, cur int
		want      string
	}{{3, 1, "↑2"}, {1, 2, "↓1"}, {2, 2, "="}, {0, 4, ""}}
	for _, tt := range tests {
		if got := Movement(tt.prev, tt.cur); got != tt.want {
			t.Errorf("Movement(%d, %d) = %q; want %q", tt.prev, tt.cur, got, tt.want)
		}
	}
}

// demoResult scores the committed sample values for June 2026.
func demoResult(t testing.TB) *Result {
	t.Helper()
	o, tb := demoOrg(t), demoTable(t)
	files, _ := demoTargets(t)
	vs := demoValues(t)
	cl := o.Clusters[0]
	res, err := Score(tb, cl.Units, NewTargets(files), vs, Period{2026, time.June})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestMovements(t *testing.T) {
	tb := tieTable(nil)
	units := []org.Unit{{ID: "a"}, {ID: "b"}, {ID: "c"}}
	score := func(m time.Month, vals map[string]float64) *Result {
		vs := Values{}
		for u, v := range vals {
			vs.Set(u, "dg", m, v)
		}
		res, err := Score(tb, units, nil, vs, Period{2026, m})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	may := score(time.May, map[string]float64{"a": 9, "b": 8, "c": 7})
	june := score(time.June, map[string]float64{"a": 7, "b": 8, "c": 9})
	got := Movements(may, june)
	want := map[string]string{"c": "↑2", "b": "=", "a": "↓2"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Movements = %v; want %v", got, want)
	}
	if got := Movements(nil, june); got["a"] != "" {
		t.Errorf("without a previous ranking: %v", got)
	}
}

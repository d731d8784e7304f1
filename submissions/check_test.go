package submissions

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/store/storetest"
)

func ptr(f float64) *float64 { return &f }

func TestCheck(t *testing.T) {
	jun := Period{2026, 6}
	last := &Last{Period{2026, 5}, 3000}
	tests := []struct {
		name string
		c    Criterion
		v    float64
		k    Known
		want []WarningKind
	}{
		{"in range", crPct, 95, Known{}, nil},
		{"above range", crPct, 101, Known{}, []WarningKind{WarnOutOfRange}},
		{"below range", crPct, -1, Known{}, []WarningKind{WarnOutOfRange}},
		{"range bounds inclusive", crPct, 100, Known{}, nil},
		{"negative without range", crThu, -5, Known{}, []WarningKind{WarnNegative}},
		{"cumulative below last", crThu, 2900, Known{Last: last}, []WarningKind{WarnBelowLast}},
		{"cumulative equal to last", crThu, 3000, Known{Last: last}, nil},
		{"cumulative below last year's", crThu, 100, Known{Last: &Last{Period{2025, 12}, 9000}}, nil},
		{"monthly below last is normal", crTrieu, 1, Known{Last: &Last{Period{2026, 5}, 90}}, nil},
		// Prorated target of June: 9.200·6/12 = 4.600; 3× is 13.800.
		{"ratio at 3x prorated", crThu, 13800, Known{Target: ptr(9200)}, nil},
		{"ratio above 3x prorated", crThu, 13801, Known{Target: ptr(9200)}, []WarningKind{WarnFarAboveTarget}},
		{"ratio 3x explicit period target", crThu, 13000, Known{Target: ptr(9200), PeriodTarget: ptr(4324)}, []WarningKind{WarnFarAboveTarget}},
		// Monthly: one month's share, 1.200/12 = 100.
		{"monthly ratio", crTrieu, 301, Known{Target: ptr(1200)}, []WarningKind{WarnFarAboveTarget}},
		{"latest ratio as written", Criterion{ID: "bhyt", Unit: "người", Input: Latest, Rule: RuleRatio}, 3_000_000, Known{Target: ptr(3_850_000)}, nil},
		{"leader relative", crNguoi, 100000, Known{Target: ptr(32000)}, []WarningKind{WarnFarAboveTarget}},
		{"yes/no never warned", crYesNo, 1, Known{Target: ptr(0)}, nil},
		{"several at once", crThu, -1, Known{Last: last}, []WarningKind{WarnNegative, WarnBelowLast}},
		// Far from last month: May's 3.000 runs at 600 a month, 3.600 by June.
		{"cumulative at its pace", crThu, 9000, Known{Last: last}, nil},
		{"cumulative 10x its pace", crThu, 36000, Known{Last: last}, []WarningKind{WarnFarFromLast}},
		{"snapshot 100x last month", crPct, 95, Known{Last: &Last{Period{2026, 5}, 0.95}}, []WarningKind{WarnFarFromLast}},
		{"snapshot a tenth of last month", Criterion{ID: "bhyt", Unit: "người", Input: Latest, Rule: RuleRatio}, 38_000, Known{Last: &Last{Period{2026, 5}, 3_800_000}}, []WarningKind{WarnFarFromLast}},
		{"snapshot near last month", crPct, 90, Known{Last: &Last{Period{2026, 5}, 95}}, nil},
		{"monthly flows vary", crTrieu, 900, Known{Last: &Last{Period{2026, 5}, 9}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := Check(tt.c, jun, tt.v, tt.k)
			var got []WarningKind
			for _, w := range ws {
				got = append(got, w.Kind)
				if w.Message == "" {
					t.Errorf("warning %s without message", w.Kind)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("Check(%v) = %v; want %v", tt.v, got, tt.want)
			}
		})
	}
	if ws := Check(crPct, jun, 95, Known{Last: &Last{Period{2026, 5}, 0.95}}); len(ws) != 1 || !strings.Contains(ws[0].Message, "gấp khoảng 100 lần số đã báo cáo tháng 5/2026") {
		t.Errorf("far from last: %v", ws)
	}
	// November's prorated target 9.200·11/12 is shown as in the question, two decimals.
	if ws := Check(crThu, Period{2026, 11}, 3_700_000, Known{Target: ptr(9200)}); len(ws) != 1 || !strings.Contains(ws[0].Message, "chỉ tiêu của kỳ (8.433,33 tỷ đồng)") {
		t.Errorf("far above target: %v", ws)
	}
	ws := Check(crThu, jun, 2900, Known{Last: last})
	if want := "Số lũy kế 2.900 tỷ đồng thấp hơn số đã báo cáo tháng 5/2026 (3.000 tỷ đồng)"; !strings.HasPrefix(ws[0].Message, want) {
		t.Errorf("message = %q; want prefix %q", ws[0].Message, want)
	}
}

func TestQuestions(t *testing.T) {
	cs := []Criterion{crThu, crTrieu, crPct, crYesNo, crManual, crLate}
	jun := Period{2026, 6}
	known := map[string]Known{
		"thu_bhxh":   {Target: ptr(9200), Last: &Last{Period{2026, 5}, 3000.5}},
		"gd_dien_tu": {Last: &Last{Period{2026, 3}, 97}},
	}
	qs := Questions(cs, jun, known, ForFocal)
	if got := ids(qs); !slices.Equal(got, []string{"thu_bhxh", "chi", "gd_dien_tu", "cchc"}) {
		t.Fatalf("focal asked %v", got)
	}
	if got := ids(Questions(cs, jun, known, ForChair)); !slices.Equal(got, []string{"danh_gia"}) {
		t.Fatalf("chair asked %v", got)
	}
	forms := []string{"lũy kế từ đầu năm", "số phát sinh trong tháng", "số liệu tại thời điểm báo cáo", "số liệu tại thời điểm báo cáo"}
	for i, q := range qs {
		if q.Form() != forms[i] || q.Number != i+1 || q.Total != 4 {
			t.Errorf("question %d: form %q, %d/%d", i, q.Form(), q.Number, q.Total)
		}
	}
	if qs[0].CanKeep || !qs[2].CanKeep || qs[3].CanKeep {
		t.Errorf("CanKeep = %v %v %v; want only the snapshot with a last value", qs[0].CanKeep, qs[2].CanKeep, qs[3].CanKeep)
	}
	want := "Tiêu chí 1/4: Thu BHXH\n" +
		"Đơn vị tính: tỷ đồng\n" +
		"Chỉ tiêu năm của đơn vị: 9.200 tỷ đồng (tính đến tháng 6/2026: 4.600 tỷ đồng)\n" +
		"Tháng trước (tháng 5/2026): 3.000,5 tỷ đồng\n" +
		"Xin nhập lũy kế từ đầu năm: một số (tỷ đồng), ví dụ 1.234,5 hoặc 1234.5."
	if got := qs[0].Text(); got != want {
		t.Errorf("Text =\n%s\nwant\n%s", got, want)
	}
	if got := qs[2].Text(); !strings.Contains(got, "Số liệu gần nhất (tháng 3/2026): 97%") {
		t.Errorf("Text of a snapshot last given in March:\n%s", got)
	}
}

func loadDemo(t testing.TB) (*scoring.Table, *scoring.Targets, []org.Unit) {
	t.Helper()
	read := func(name string) []byte {
		b, err := os.ReadFile("../examples/bhxh-demo/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	table, err := scoring.ParseTable("bhxh-demo.yaml", read("scoring/bhxh-demo.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tf, _, err := scoring.ParseTargets("2026.yaml", read("targets/2026.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	o, _, err := org.Parse("org.yaml", read("org.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cl, _ := o.Cluster("cum5")
	return table, scoring.NewTargets([]*scoring.TargetFile{tf}), cl.Units
}

// TestValuesScore submits through the repository and scores the result with
// the engine: values, carried months, skipped criteria and late counts.
func TestValuesScore(t *testing.T) {
	ctx := context.Background()
	table, targets, units := loadDemo(t)
	cs := CriteriaOf(table)
	if got := ids(Questions(cs, Period{2026, 6}, nil, ForFocal)); slices.Contains(got, "danh_gia_cum_truong") || slices.Contains(got, "nop_muon") || len(got) != 10 {
		t.Fatalf("demo questions %v", got)
	}
	f := newFixture(storetest.NewMem(nil), at(2026, 6, 2, 9, 0))
	submit := func(now time.Time, unit string, p Period, vals map[string]Entry) {
		t.Helper()
		if now.Before(f.clk.Now()) {
			t.Fatalf("submissions out of order at %s", now)
		}
		f.clk.Set(now)
		if _, err := f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: unit, Period: p, Values: vals, By: focalA, Criteria: cs}); err != nil {
			t.Fatal(err)
		}
	}
	submit(at(2026, 6, 2, 9, 0), "phu_tho", Period{2026, 5}, map[string]Entry{"thu_bhxh": val(3600), "vi_pham": val(1), "cchc": val(1)})
	submit(at(2026, 7, 3, 9, 0), "bac_ninh", Period{2026, 6}, map[string]Entry{"thu_bhxh": {State: StateSkipped}})
	submit(at(2026, 7, 7, 9, 0), "phu_tho", Period{2026, 6}, map[string]Entry{"thu_bhxh": val(4324), "vi_pham": val(0), "cchc": {State: StateSkipped}}) // late (deadline 05/07)

	vs, err := f.rs.Values(ctx, "cum5", 2026, table)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		unit, crit string
		m          time.Month
		want       float64
		ok         bool
	}{
		{"phu_tho", "thu_bhxh", 6, 4324, true},
		{"phu_tho", "cchc", 6, 0, false}, // skipped: missing in June, carried from May by the engine
		{"phu_tho", "cchc", 5, 1, true},
		{"phu_tho", "nop_muon", 5, 0, true},
		{"phu_tho", "nop_muon", 6, 1, true},
		{"bac_ninh", "thu_bhxh", 6, 0, false},
		{"bac_ninh", "nop_muon", 6, 0, true},
	} {
		if got, ok := vs.Get(c.unit, c.crit, c.m); ok != c.ok || got != c.want {
			t.Errorf("%s %s %d = %v, %v; want %v, %v", c.unit, c.crit, c.m, got, ok, c.want, c.ok)
		}
	}
	res, err := scoring.Score(table, units, targets, vs, scoring.Period{Year: 2026, Month: 6})
	if err != nil {
		t.Fatal(err)
	}
	pt, _ := res.Unit("phu_tho")
	thu, _ := pt.Criterion("thu_bhxh")
	if thu.Points != 15 { // 4.324 of the explicit June target 4.324: 100%, full points
		t.Errorf("thu_bhxh points = %v; want 15", thu.Points)
	}
	late, _ := pt.Criterion("nop_muon")
	if late.Points != -1 {
		t.Errorf("nop_muon points = %v; want -1 (one late month)", late.Points)
	}

	// The preview of a draft counts its answers and the lateness it would have.
	d := NewDraft(focalB, "cum5", "bac_ninh", Period{2026, 6}, ForFocal, nil)
	d.Answers["thu_bhxh"] = val(5922)
	f.clk.Set(at(2026, 7, 8, 9, 0))
	prev, err := f.rs.Preview(ctx, d, table, units, targets)
	if err != nil {
		t.Fatal(err)
	}
	bn, _ := prev.Unit("bac_ninh")
	if c, _ := bn.Criterion("thu_bhxh"); c.Points != 15 {
		t.Errorf("preview thu_bhxh = %v; want 15", c.Points)
	}
	if c, _ := bn.Criterion("nop_muon"); c.Points != 0 {
		t.Errorf("preview nop_muon = %v; want 0: the stored report was on time", c.Points)
	}
	if got := PreviewText(prev, "bac_ninh"); !strings.HasPrefix(got, "Điểm tạm tính tháng 6/2026 nếu xác nhận: ") || !strings.Contains(got, "/6).") {
		t.Errorf("PreviewText = %q", got)
	}
	d2 := NewDraft(focalB, "cum5", "hung_yen", Period{2026, 6}, ForFocal, nil)
	prev, err = f.rs.Preview(ctx, d2, table, units, targets)
	if err != nil {
		t.Fatal(err)
	}
	hy, _ := prev.Unit("hung_yen")
	if c, _ := hy.Criterion("nop_muon"); c.Points != -1 {
		t.Errorf("preview of a late first confirmation: nop_muon = %v; want -1", c.Points)
	}
}

package awards_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/awards"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/submissions"
)

// season builds an input for the demo cluster: units ranked as given (id,
// total), each with a confirmed on-time report for January–November unless
// changed by edit.
func season(t *testing.T, ranked [][2]any, edit func(unit string, m time.Month, r *submissions.Report) bool) awards.Input {
	t.Helper()
	cfg := demo(t)
	cl, _ := cfg.Org.Cluster("cum5")
	tab, _ := cfg.Table("cum5")
	res := &scoring.Result{Table: tab, Period: scoring.Period{Year: 2026, Month: time.November}}
	for i, r := range ranked {
		id := r[0].(string)
		name := id
		for _, u := range cl.Units {
			if u.ID == id {
				name = u.Name
			}
		}
		res.Units = append(res.Units, scoring.UnitResult{ID: id, Name: name, Rank: i + 1, Total: r[1].(float64)})
	}
	var reps []submissions.Report
	for _, r := range ranked {
		id := r[0].(string)
		for m := time.January; m <= time.December; m++ {
			rep := submissions.Report{Cluster: "cum5", Unit: id, Period: submissions.Period{Year: 2026, Month: m}, Version: 1,
				Values:           map[string]submissions.Entry{"vi_pham": {State: submissions.StateValue, Value: 0}},
				FirstConfirmedAt: time.Date(2026, m+1, 3, 9, 0, 0, 0, time.UTC)}
			if edit != nil && !edit(id, m, &rep) {
				continue
			}
			reps = append(reps, rep)
		}
	}
	return awards.Input{Cluster: cl, Year: 2026, Result: res, Reports: reps}
}

var standings = [][2]any{
	{"quang_ninh", 95.5}, {"bac_ninh", 91.0}, {"hung_yen", 88.25}, {"phu_tho", 84.0}, {"thai_nguyen", 64.0}, {"ninh_binh", 60.0},
}

func award(t *testing.T, s *awards.Season, id string) *awards.AwardResult {
	t.Helper()
	for i := range s.Awards {
		if s.Awards[i].Award.ID == id {
			return &s.Awards[i]
		}
	}
	t.Fatalf("no award %s", id)
	return nil
}

func TestEligibilityReasons(t *testing.T) {
	cfg := demo(t)
	in := season(t, standings, func(unit string, m time.Month, r *submissions.Report) bool {
		switch {
		case unit == "bac_ninh" && (m == 3 || m == 7):
			r.Late = true
		case unit == "hung_yen" && m == 4:
			return false // no report for April
		case unit == "phu_tho" && m == 5:
			r.Values["vi_pham"] = submissions.Entry{State: submissions.StateValue, Value: 1}
		case unit == "ninh_binh" && m == 12:
			r.Late = true // outside the period: does not count
		}
		return true
	})
	s, err := cfg.Awards.Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Months) != 11 {
		t.Errorf("months = %v", s.Months)
	}
	flag := award(t, s, "co_thi_dua")
	want := map[string]string{
		"quang_ninh":  "",
		"bac_ninh":    "2 báo cáo nộp muộn (tháng 3, 7), điều kiện là tối đa 1",
		"hung_yen":    "thiếu báo cáo tháng 4",
		"phu_tho":     "có ghi nhận ở tiêu chí «Vi phạm kỷ luật, bị phê bình bằng văn bản» (tháng 5)",
		"thai_nguyen": "tổng điểm 64,00, điều kiện là từ 65 điểm trở lên",
		"ninh_binh":   "tổng điểm 60,00, điều kiện là từ 65 điểm trở lên",
	}
	for _, c := range flag.Candidates {
		got := strings.Join(c.Reasons, "; ")
		if got != want[c.Unit] || c.Eligible != (want[c.Unit] == "") {
			t.Errorf("%s: eligible %v, reasons %q; want %q", c.Unit, c.Eligible, got, want[c.Unit])
		}
	}
	// The Government flag requires Tập thể LĐXS in 2024 and 2025 (held by
	// quang_ninh and hung_yen) and rank 1.
	gov := award(t, s, "co_thi_dua_cp")
	qn, _ := gov.Candidate("quang_ninh")
	bn, _ := gov.Candidate("bac_ninh")
	pt, _ := gov.Candidate("phu_tho")
	if !qn.Eligible {
		t.Errorf("quang_ninh: %q", qn.Reasons)
	}
	if !contains(bn.Reasons, "chưa được tặng «Tập thể Lao động xuất sắc» năm 2025") || !contains(bn.Reasons, "xếp hạng 2, điều kiện là xếp hạng nhất") {
		t.Errorf("bac_ninh: %q", bn.Reasons)
	}
	if !contains(pt.Reasons, "chưa được tặng «Tập thể Lao động xuất sắc» năm 2024") {
		t.Errorf("phu_tho: %q", pt.Reasons)
	}
	if len(flag.Warnings) != 0 {
		t.Errorf("warnings without nominees: %v", flag.Warnings)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func TestNoData(t *testing.T) {
	cfg := demo(t)
	in := season(t, standings, func(unit string, _ time.Month, _ *submissions.Report) bool { return unit != "ninh_binh" })
	s, _ := cfg.Awards.Evaluate(in)
	c, _ := award(t, s, "tap_the_ldxs").Candidate("ninh_binh")
	if c.Eligible || c.Rank != 0 || c.Reasons[0] != "chưa có số liệu trong kỳ xét" {
		t.Errorf("ninh_binh = %+v", c)
	}
}

func TestRotationWarnings(t *testing.T) {
	cfg := demo(t)
	for _, tc := range []struct {
		name     string
		award    string
		nominees []string
		edit     func(string, time.Month, *submissions.Report) bool
		want     map[string][]string // unit → warning kinds
		text     []string
	}{
		{name: "merit", award: "co_thi_dua", nominees: []string{"quang_ninh"}, want: map[string][]string{}},
		{
			// hung_yen has never had the flag; 2023–2025 went to three
			// different units: "its turn", while quang_ninh ranks first.
			name: "turn", award: "co_thi_dua", nominees: []string{"hung_yen"},
			want: map[string][]string{"hung_yen": {"rotation", "rotation"}},
			text: []string{"không phải đơn vị đủ điều kiện xếp cao nhất (BHXH tỉnh Quảng Ninh hạng 1)",
				"các năm 2023, 2024, 2025 lần lượt trao cho các đơn vị khác nhau (2023: BHXH tỉnh Bắc Ninh; 2024: BHXH tỉnh Thái Nguyên; 2025: BHXH tỉnh Phú Thọ)",
				"Luật Thi đua, khen thưởng 06/2022/QH15, Điều 5 khoản 2", "Nghị định 152/2025/NĐ-CP, Điều 4 khoản 1"},
		},
		{
			name: "ineligible and thin", award: "co_thi_dua", nominees: []string{"bac_ninh"},
			edit: func(u string, m time.Month, r *submissions.Report) bool {
				if u == "bac_ninh" && m >= 9 && m <= 10 {
					r.Late = true
				}
				return !(u == "bac_ninh" && m == 2)
			},
			want: map[string][]string{"bac_ninh": {"ineligible", "thin_record"}},
			text: []string{"thiếu báo cáo tháng 2; 2 báo cáo nộp muộn (tháng 9, 10)"},
		},
		{
			// Three slots: hung_yen (3rd) is within the top three eligible;
			// the award's history is not a rotation.
			name: "within slots", award: "tap_the_ldxs", nominees: []string{"quang_ninh", "bac_ninh", "hung_yen"}, want: map[string][]string{},
		},
		{
			name: "below slots", award: "tap_the_ldxs", nominees: []string{"quang_ninh", "bac_ninh", "phu_tho"},
			want: map[string][]string{"phu_tho": {"rotation"}},
			text: []string{"BHXH tỉnh Phú Thọ (hạng 4) được đề nghị nhưng không nằm trong 3 đơn vị đủ điều kiện xếp cao nhất (BHXH tỉnh Quảng Ninh hạng 1, BHXH tỉnh Bắc Ninh hạng 2, BHXH tỉnh Hưng Yên hạng 3)"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := season(t, standings, tc.edit)
			in.Nominees = map[string][]string{tc.award: tc.nominees}
			s, err := cfg.Awards.Evaluate(in)
			if err != nil {
				t.Fatal(err)
			}
			ar := award(t, s, tc.award)
			got := map[string][]string{}
			var all []string
			for _, w := range ar.Warnings {
				got[w.Unit] = append(got[w.Unit], w.Kind)
				all = append(all, w.Text)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("warnings = %v, want %v\n%s", got, tc.want, strings.Join(all, "\n"))
			}
			for u, kinds := range tc.want {
				if strings.Join(got[u], ",") != strings.Join(kinds, ",") {
					t.Errorf("%s: kinds %v, want %v", u, got[u], kinds)
				}
			}
			joined := strings.Join(all, "\n")
			for _, w := range tc.text {
				if !strings.Contains(joined, w) {
					t.Errorf("warnings lack %q:\n%s", w, joined)
				}
			}
		})
	}
}

// The warnings quote the knowledge base word for word.
func TestPrincipleQuotesKB(t *testing.T) {
	law := readKB(t, "luat-06-2022-qh15.md")
	dec := readKB(t, "nd-152-2025-nd-cp.md")
	for _, q := range []struct{ doc, text string }{
		{law, "thành tích đến đâu khen thưởng đến đó"},
		{law, "## Điều 5. Nguyên tắc thi đua, khen thưởng"},
		{dec, "Khen thưởng dựa trên tiêu chuẩn và thành tích đạt được"},
		{dec, "## Điều 4. Nguyên tắc khen thưởng"},
	} {
		if !strings.Contains(q.doc, q.text) {
			t.Errorf("knowledge base lacks %q", q.text)
		}
		if !strings.HasPrefix(q.text, "#") && !strings.Contains(msg.AwardPrinciple, "«"+q.text+"»") {
			t.Errorf("the warnings do not quote %q", q.text)
		}
	}
}

func readKB(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../regulations/kb/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A tie across the cut line of an award's slots is said plainly, with the
// units, the shared rank and the slots left, never settled silently.
func TestTieAtCutIsFlagged(t *testing.T) {
	cfg := demo(t)
	in := season(t, standings, nil)
	for i, rank := range []int{1, 1, 3, 3, 5, 6} {
		in.Result.Units[i].Rank = rank
	}
	s, err := cfg.Awards.Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{
		"co_thi_dua":   "Đồng hạng ở suất cuối: BHXH tỉnh Quảng Ninh, BHXH tỉnh Bắc Ninh cùng xếp hạng 1, nhưng chỉ còn 1 suất cho 2 đơn vị",
		"tap_the_ldxs": "Đồng hạng ở suất cuối: BHXH tỉnh Hưng Yên, BHXH tỉnh Phú Thọ cùng xếp hạng 3, nhưng chỉ còn 1 suất cho 2 đơn vị",
	} {
		var got []string
		for _, w := range award(t, s, id).Warnings {
			if w.Kind == awards.WarnTie {
				got = append(got, w.Text)
			}
		}
		if len(got) != 1 || !strings.Contains(got[0], want) {
			t.Errorf("%s: tie warnings %q, want one with %q", id, got, want)
		}
	}
	// Without a tie across the line, no such warning.
	s, err = cfg.Awards.Evaluate(season(t, standings, nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, ar := range s.Awards {
		for _, w := range ar.Warnings {
			if w.Kind == awards.WarnTie {
				t.Errorf("%s: tie warning without a tie: %s", ar.Award.ID, w.Text)
			}
		}
	}
}

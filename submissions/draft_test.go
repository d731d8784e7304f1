package submissions

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/store"
)

var crManual = Criterion{ID: "danh_gia", Name: "Đánh giá của cụm trưởng", Input: Manual, Rule: "direct", Range: &Range{0, 10}}
var crLate = Criterion{ID: "nop_muon", Name: "Gửi báo cáo chậm hạn", Unit: "lần", Input: Monthly, Rule: RulePerCount, Source: SourceLateSubmissions}

// TestConversation walks a whole submission through the Draft API the way
// the bot drives it, with a restart in the middle.
func TestConversation(t *testing.T) {
	eachStore(t, func(t *testing.T, kv store.KV) {
		ctx := context.Background()
		oct := Period{2026, 10}
		// September is on record: the context and the checks use it.
		f := newFixture(kv, at(2026, 10, 2, 8, 0))
		if _, err := f.rs.Confirm(ctx, confirmation("phu_tho", Period{2026, 9}, 0, focalA, map[string]Entry{
			"thu_bhxh": val(6000), "gd_dien_tu": val(96), "cchc": val(1)})); err != nil {
			t.Fatal(err)
		}
		f.clk.Set(at(2026, 11, 2, 8, 0))
		cs := []Criterion{crThu, crPct, crYesNo, crManual, crLate}
		known, err := f.rs.Known(ctx, "cum5", "phu_tho", oct, cs, map[string]float64{"thu_bhxh": 9200})
		if err != nil {
			t.Fatal(err)
		}
		qs := Questions(cs, oct, known, ForFocal)
		if got := ids(qs); !slices.Equal(got, []string{"thu_bhxh", "gd_dien_tu", "cchc"}) {
			t.Fatalf("asked %v", got)
		}
		d := NewDraft(focalA, "cum5", "phu_tho", oct, ForFocal, nil)
		save := func() {
			t.Helper()
			if err := f.drafts.Save(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		// Ambiguous: asked back.
		out, err := d.Type(qs, "7.100")
		if err != nil || !out.Choose || d.Pending == nil || !slices.Equal(d.Pending.Candidates, []float64{7100, 7.1}) {
			t.Fatalf("Type(7.100) = %+v, %v, pending %+v", out, err, d.Pending)
		}
		save()
		// Restart: a new repository over the same store resumes the draft.
		d, err = NewDrafts(kv, f.clk).Get(ctx, focalA.UserID)
		if err != nil {
			t.Fatal(err)
		}
		// Choosing 7,1 (tỷ) is far below September's cumulative 6.000 and
		// below 1/100 of the period's target: warnings.
		out, err = d.Choose(qs, 1)
		if err != nil || out.Accepted || len(out.Warnings) != 2 || out.Warnings[0].Kind != WarnBelowLast || out.Warnings[1].Kind != WarnFarFromTarget {
			t.Fatalf("Choose(7,1) = %+v, %v", out, err)
		}
		d.Fix()
		out, err = d.Type(qs, "7.100,5 tỷ")
		if err != nil || !out.Accepted || out.Echo != "7.100,5 tỷ đồng" || d.Pos != 1 {
			t.Fatalf("Type(7.100,5 tỷ) = %+v, %v", out, err)
		}
		// Unreadable input changes nothing and says what to type.
		if _, err := d.Type(qs, "chín mươi"); err == nil {
			t.Fatal("Type(chín mươi) accepted")
		} else if m, ok := Message(err); !ok || !strings.Contains(m, "95,5%") {
			t.Fatalf("message = %q", m)
		}
		// Out of range: warned, kept on request.
		out, _ = d.Type(qs, "120%")
		if len(out.Warnings) != 1 || out.Warnings[0].Kind != WarnOutOfRange {
			t.Fatalf("Type(120%%) = %+v", out)
		}
		if err := d.Keep(qs); err != nil || d.Answers["gd_dien_tu"].Value != 120 || d.Pos != 2 {
			t.Fatalf("Keep: %v, %+v", err, d)
		}
		// Back, then keep last month's snapshot instead.
		d.Back(qs)
		if q, _ := d.Question(qs); q.Criterion.ID != "gd_dien_tu" || !q.CanKeep {
			t.Fatalf("back to %+v", q)
		}
		if err := d.KeepLast(qs); err != nil {
			t.Fatal(err)
		}
		if e := d.Answers["gd_dien_tu"]; e.State != StateKept || e.Value != 96 || e.From != (Period{2026, 9}) {
			t.Fatalf("kept = %+v", e)
		}
		if err := d.Skip(qs); err != nil {
			t.Fatal(err)
		}
		if _, ok := d.Question(qs); ok {
			t.Fatal("still asking after the last question")
		}
		// Edit one criterion from the summary, then back at the summary.
		if err := d.Edit(qs, "cchc"); err != nil {
			t.Fatal(err)
		}
		if out, err := d.Type(qs, "có"); err != nil || out.Echo != "Có" {
			t.Fatalf("Type(có) = %+v, %v", out, err)
		}
		if _, ok := d.Question(qs); ok || d.Pos != len(qs) {
			t.Fatalf("after edit at %d; want the summary", d.Pos)
		}
		sum := d.Summary(qs)
		for _, want := range []string{"1. Thu BHXH: 7.100,5 tỷ đồng", "2. Tỷ lệ giao dịch điện tử: 96% (giữ như tháng 9/2026)", "3. Hoàn thành kế hoạch CCHC: Có"} {
			if !strings.Contains(sum, want) {
				t.Errorf("summary lacks %q:\n%s", want, sum)
			}
		}
		save()
		r, err := f.rs.Confirm(ctx, d.Confirmation(qs))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.drafts.Delete(ctx, focalA.UserID); err != nil {
			t.Fatal(err)
		}
		if len(r.Values) != 3 || r.Values["thu_bhxh"].Raw != "7.100,5 tỷ" {
			t.Fatalf("stored %+v", r.Values)
		}
		if _, err := f.drafts.Get(ctx, focalA.UserID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("draft after confirm: %v", err)
		}
		// Editing the confirmed report starts from its answers and version.
		e := NewDraft(focalA, "cum5", "phu_tho", oct, ForFocal, r)
		if e.BaseVersion != 1 || e.Answers["cchc"].Value != 1 {
			t.Fatalf("edit draft = %+v", e)
		}
	})
}

func ids(qs []Question) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Criterion.ID)
	}
	return out
}

func TestDraftMisuse(t *testing.T) {
	qs := Questions([]Criterion{crThu}, Period{2026, 10}, nil, ForFocal)
	d := NewDraft(focalA, "cum5", "phu_tho", Period{2026, 10}, ForFocal, nil)
	if err := d.KeepLast(qs); err == nil {
		t.Error("KeepLast without an earlier value accepted")
	}
	if _, err := d.Choose(qs, 0); err == nil {
		t.Error("Choose with nothing pending accepted")
	}
	if err := d.Keep(qs); err == nil {
		t.Error("Keep with nothing pending accepted")
	}
	if err := d.Edit(qs, "nope"); err == nil {
		t.Error("Edit of an unknown criterion accepted")
	}
	d.Back(qs) // at the first question: stays
	if d.Pos != 0 {
		t.Errorf("Back at start moved to %d", d.Pos)
	}
	_ = d.Skip(qs)
	if err := d.Skip(qs); err == nil {
		t.Error("Skip at the summary accepted")
	}
	if _, err := d.Type(qs, "1"); err == nil {
		t.Error("Type at the summary accepted")
	}
}

// TestBackFromEdit: a criterion picked on the summary shows what the draft
// holds, and Back from it returns to the summary with that answer kept,
// not to the criterion before it.
func TestBackFromEdit(t *testing.T) {
	p := Period{2026, 10}
	qs := Questions([]Criterion{crThu, crPct, crYesNo}, p, nil, ForFocal)
	d := NewDraft(focalA, "cum5", "phu_tho", p, ForFocal, nil)
	for _, in := range []string{"7.100,5 tỷ", "96%", "có"} {
		if out, err := d.Type(qs, in); err != nil || !out.Accepted {
			t.Fatalf("Type(%q) = %+v, %v", in, out, err)
		}
	}
	if err := d.Edit(qs, "gd_dien_tu"); err != nil {
		t.Fatal(err)
	}
	if got, want := d.Current(qs), "96%"; got != want {
		t.Errorf("Current at the edited criterion = %q; want %q", got, want)
	}
	d.Back(qs)
	if _, asking := d.Question(qs); asking || d.Editing {
		t.Fatalf("Back from an edit went to question %d (editing %v); want the summary", d.Pos, d.Editing)
	}
	if e := d.Answers["gd_dien_tu"]; e.State != StateValue || e.Value != 96 {
		t.Errorf("answer after Back = %+v; want 96 kept", e)
	}
	// Back from the summary walks the questions again, each showing its answer.
	d.Back(qs)
	if got, want := d.Current(qs), "Có"; got != want {
		t.Errorf("Current after Back from the summary = %q; want %q", got, want)
	}
	d.Back(qs)
	if q, _ := d.Question(qs); q.Criterion.ID != "gd_dien_tu" {
		t.Errorf("second Back at %q; want gd_dien_tu", q.Criterion.ID)
	}
	_ = d.Skip(qs)
	d.Back(qs)
	if got := d.Current(qs); got != "" {
		t.Errorf("Current of a skipped criterion = %q; want none", got)
	}
}

func TestIdleReminder(t *testing.T) {
	eachStore(t, func(t *testing.T, kv store.KV) {
		ctx := context.Background()
		f := newFixture(kv, at(2026, 11, 2, 8, 0))
		a := NewDraft(focalA, "cum5", "phu_tho", Period{2026, 10}, ForFocal, nil)
		b := NewDraft(focalB, "cum5", "bac_ninh", Period{2026, 10}, ForFocal, nil)
		if err := f.drafts.Save(ctx, a); err != nil {
			t.Fatal(err)
		}
		f.clk.Advance(2 * time.Hour)
		if err := f.drafts.Save(ctx, b); err != nil {
			t.Fatal(err)
		}
		idle := func() []int64 {
			t.Helper()
			ds, err := f.drafts.Idle(ctx, 24*time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, d := range ds {
				out = append(out, d.User.UserID)
			}
			return out
		}
		f.clk.Set(at(2026, 11, 3, 7, 59))
		if got := idle(); len(got) != 0 {
			t.Fatalf("idle before 24 h: %v", got)
		}
		f.clk.Set(at(2026, 11, 3, 8, 0))
		got := idle()
		if !slices.Equal(got, []int64{focalA.UserID}) {
			t.Fatalf("idle at 24 h: %v", got)
		}
		ds, _ := f.drafts.Idle(ctx, 24*time.Hour)
		// Two reminder loops race for the same draft: one claim wins.
		ok1, err1 := f.drafts.MarkReminded(ctx, ds[0])
		ok2, err2 := f.drafts.MarkReminded(ctx, ds[0])
		if err1 != nil || err2 != nil || !ok1 || ok2 {
			t.Fatalf("MarkReminded = %v %v, %v %v; want one true", ok1, err1, ok2, err2)
		}
		f.clk.Advance(72 * time.Hour)
		if got := idle(); !slices.Equal(got, []int64{focalB.UserID}) {
			t.Fatalf("idle after reminder: %v; want only Bình", got)
		}
		// Activity clears the flag; a draft touched after it was listed is not claimed.
		stale, err := f.drafts.Get(ctx, focalB.UserID)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.drafts.Save(ctx, b); err != nil {
			t.Fatal(err)
		}
		if ok, err := f.drafts.MarkReminded(ctx, *stale); err != nil || ok {
			t.Fatalf("MarkReminded of a touched draft = %v, %v", ok, err)
		}
		a2, _ := f.drafts.Get(ctx, focalA.UserID)
		if err := f.drafts.Save(ctx, a2); err != nil || a2.Reminded {
			t.Fatalf("save after activity: %v, reminded %v", err, a2.Reminded)
		}
		if err := f.drafts.Delete(ctx, focalA.UserID); err != nil {
			t.Fatal(err)
		}
		if ok, err := f.drafts.MarkReminded(ctx, *a2); err != nil || ok {
			t.Fatalf("MarkReminded of a deleted draft = %v, %v", ok, err)
		}
	})
}

// TestDraftSurvivesTableChange: a stored draft resumed after a criterion was
// added to or removed from the table asks the same criterion it stopped at.
func TestDraftSurvivesTableChange(t *testing.T) {
	oct := Period{2026, 10}
	before := Questions([]Criterion{crThu, crPct, crYesNo}, oct, nil, ForFocal)
	d := NewDraft(focalA, "cum5", "phu_tho", oct, ForFocal, nil)
	if _, err := d.Type(before, "5"); err != nil {
		t.Fatal(err)
	}
	added := Questions([]Criterion{crNguoi, crThu, crPct, crYesNo}, oct, nil, ForFocal)
	if q, _ := d.Question(added); q.Criterion.ID != "gd_dien_tu" {
		t.Fatalf("after a criterion was added, asking %s; want gd_dien_tu", q.Criterion.ID)
	}
	removed := Questions([]Criterion{crThu, crYesNo}, oct, nil, ForFocal)
	if q, _ := d.Question(removed); q.Criterion.ID != "cchc" {
		t.Fatalf("after the current criterion was removed, asking %s; want cchc (first unanswered)", q.Criterion.ID)
	}
	_ = d.Skip(removed)
	if _, asking := d.Question(added); asking {
		t.Fatal("at the summary, a changed table moved the draft back to a question")
	}
}

func TestPendingPick(t *testing.T) {
	c := Criterion{ID: "thu", Unit: "tỷ đồng", Input: Cumulative, Rule: RuleRatio}
	p, err := Parse("7.700", c)
	if err != nil || !p.Ambiguous {
		t.Fatalf("Parse(7.700) = %+v, %v; want ambiguous", p, err)
	}
	pend := &Pending{Raw: "7.700", Candidates: p.Candidates, Choices: p.Choices, Echoes: p.Echoes}
	for _, tc := range []struct {
		typed string
		want  int
		ok    bool
	}{
		{"7.700", 0, true}, {"7,7", 1, true}, {"số nguyên", 0, true}, {"nguyen", 0, true}, {"Thập phân", 1, true},
		{"so thap phan.", 1, true}, {"7,7 ty dong", 1, true}, {p.Choices[0], 0, true},
		{"7", 0, false}, {"số", 0, false}, {"", 0, false}, {"7700 hay 7,7", 0, false},
	} {
		got, ok := pend.Pick(tc.typed)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("Pick(%q) = %d, %v; want %d, %v", tc.typed, got, ok, tc.want, tc.ok)
		}
	}
}

func TestChairLimit(t *testing.T) {
	direct := Criterion{ID: "dg", Name: "Đánh giá", Input: Manual, Rule: RuleDirect, Limit: limit(Manual, RuleDirect, 20, nil)}
	ranged := Criterion{ID: "tl", Name: "Tỷ lệ", Unit: "%", Input: Manual, Rule: "bands", Range: &Range{0, 100}}
	ranged.Limit = limit(ranged.Input, ranged.Rule, 10, ranged.Range)
	focal := Criterion{ID: "x", Input: Latest, Rule: RuleDirect}
	if l := limit(focal.Input, focal.Rule, 20, nil); l != nil {
		t.Errorf("a focal point's criterion has limit %+v", l)
	}
	if got := direct.LimitText(); got != "0–20 điểm" {
		t.Errorf("LimitText = %q", got)
	}
	if got := ranged.LimitText(); got != "0–100%" {
		t.Errorf("LimitText = %q", got)
	}
	qs := Questions([]Criterion{direct, ranged}, Period{2026, 10}, nil, ForChair)
	if !strings.Contains(qs[0].Text(), "Tiêu chí 1/2: Đánh giá (0–20 điểm)") {
		t.Errorf("prompt: %s", qs[0].Text())
	}
	d := NewDraft(Actor{UserID: 1, Role: RoleChair}, "cum5", "hn", Period{2026, 10}, ForChair, nil)
	for _, in := range []string{"25", "-1", "20,5"} {
		if _, err := d.Type(qs, in); err == nil {
			t.Errorf("%q accepted for a 20-point criterion", in)
		} else if m, _ := Message(err); !strings.Contains(m, "ngoài giới hạn") {
			t.Errorf("%q: %s", in, m)
		}
	}
	if out, err := d.Type(qs, "20"); err != nil || !out.Accepted {
		t.Fatalf("20: %+v, %v", out, err)
	}
	if _, err := d.Type(qs, "100,5%"); err == nil {
		t.Error("100,5% accepted for a criterion whose range ends at 100")
	}
}

func TestTokenFollowsContent(t *testing.T) {
	c := Criterion{ID: "thu", Unit: "tỷ đồng", Input: Cumulative, Rule: RuleRatio}
	qs := Questions([]Criterion{c}, Period{2026, 10}, nil, ForFocal)
	d := NewDraft(Actor{UserID: 1}, "cum5", "hn", Period{2026, 10}, ForFocal, nil)
	q1 := d.Token(qs)
	if strings.HasPrefix(q1, SummaryToken) || len(q1) != 8 {
		t.Errorf("token at the question = %q", q1)
	}
	if _, err := d.Type(qs, "10"); err != nil {
		t.Fatal(err)
	}
	a := d.Token(qs)
	if !strings.HasPrefix(a, SummaryToken) || len(a) > 10 {
		t.Errorf("summary token %q", a)
	}
	_ = d.Edit(qs, "thu")
	if _, err := d.Type(qs, "11"); err != nil {
		t.Fatal(err)
	}
	if b := d.Token(qs); b == a {
		t.Error("the summary token did not change with the value")
	}
	_ = d.Edit(qs, "thu")
	_, _ = d.Type(qs, "10")
	if b := d.Token(qs); b != a {
		t.Error("the same content gives another token")
	}
}

func FuzzPick(f *testing.F) {
	for _, s := range []string{"7,7", "so nguyen", "", "7.700 tỷ đồng (số nguyên)"} {
		f.Add(s)
	}
	c := Criterion{ID: "thu", Unit: "tỷ đồng", Input: Cumulative, Rule: RuleRatio}
	p, _ := Parse("7.700", c)
	pend := &Pending{Raw: "7.700", Candidates: p.Candidates, Choices: p.Choices, Echoes: p.Echoes}
	f.Fuzz(func(t *testing.T, s string) {
		if i, ok := pend.Pick(s); ok && (i < 0 || i >= len(pend.Candidates)) {
			t.Fatalf("Pick(%q) = %d", s, i)
		}
	})
}

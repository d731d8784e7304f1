package regulations

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestAsk(t *testing.T) {
	ix := builtinIndex(t)
	tests := []struct {
		name, q         string
		doc, article    string
		status          Status
		replacedBy      string
		wantNone        bool
		wantSuggestions bool
	}{
		{name: "accented", q: "Tiêu chuẩn Tập thể lao động xuất sắc", doc: "06/2022/QH15", article: "27", status: InForce},
		{name: "unaccented", q: "tieu chuan tap the lao dong xuat sac", doc: "06/2022/QH15", article: "27", status: InForce},
		{name: "abbreviation", q: "tiêu chuẩn TTLĐXS", doc: "06/2022/QH15", article: "27", status: InForce},
		{name: "replaced document, named", q: "tỷ lệ phiếu bầu chiến sĩ thi đua theo Nghị định 98/2023", doc: "98/2023/NĐ-CP", article: "30", status: Replaced, replacedBy: "Nghị định 152/2025/NĐ-CP"},
		{name: "document number", q: "98/2023", doc: "98/2023/NĐ-CP", status: Replaced, replacedBy: "Nghị định 152/2025/NĐ-CP"},
		{name: "article by number", q: "Điều 84 Luật thi đua khen thưởng", doc: "06/2022/QH15", article: "84", status: InForce},
		{name: "not covered", q: "thủ tục cấp hộ chiếu phổ thông", wantNone: true},
		{name: "not covered, close to the FAQ", q: "giấy khen của giám đốc sở tài chính năm nay", wantNone: true, wantSuggestions: true},
		{name: "empty", q: "  ", wantNone: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ix.Ask(tt.q, 3)
			if tt.wantNone {
				if len(a.Passages) != 0 {
					t.Fatalf("answered %s (confidence %.2f), want nothing", a.Passages[0].Citation, a.Passages[0].Confidence)
				}
				if tt.wantSuggestions && len(a.Suggestions) == 0 {
					t.Error("no suggestions")
				}
				return
			}
			if len(a.Passages) == 0 {
				t.Fatal("no answer")
			}
			p := a.Passages[0]
			if DocKey(p.Doc) != DocKey(tt.doc) || tt.article != "" && p.ArticleNo != tt.article {
				t.Errorf("got %s, want %s Điều %s", p.Citation, tt.doc, tt.article)
			}
			if p.Status != tt.status || p.ReplacedBy != tt.replacedBy {
				t.Errorf("status %q replaced by %q, want %q %q", p.Status, p.ReplacedBy, tt.status, tt.replacedBy)
			}
			for i := 1; i < len(a.Passages); i++ {
				if a.Passages[i].Score > a.Passages[i-1].Score {
					t.Errorf("passages not best first: %v", a.Passages)
				}
			}
		})
	}
}

func TestAskLimitsAndDistinctArticles(t *testing.T) {
	ix := builtinIndex(t)
	for _, k := range []int{1, 2, 5} {
		a := ix.Ask("chiến sĩ thi đua", k)
		if len(a.Passages) == 0 || len(a.Passages) > k {
			t.Errorf("k=%d: %d passages", k, len(a.Passages))
		}
		seen := map[string]bool{}
		for _, p := range a.Passages {
			key := p.Doc + p.Part + p.ArticleNo
			if seen[key] {
				t.Errorf("k=%d: %s twice", k, p.Citation)
			}
			seen[key] = true
		}
	}
}

func TestArticle(t *testing.T) {
	ix := corpusIndex(t)
	tests := []struct {
		doc, part, article string
		ok                 bool
		citation           string
	}{
		{"06/2022/QH15", "", "27", true, "Điều 27 Luật Thi đua, khen thưởng 06/2022/QH15"},
		{"86/2025/QĐ-UBND", "Quy định về công tác thi đua, khen thưởng tỉnh Bắc Ninh", "6", true, "Điều 6 Quy định về công tác thi đua, khen thưởng tỉnh Bắc Ninh (ban hành kèm theo Quyết định 86/2025/QĐ-UBND)"},
		{"86/2025/QĐ-UBND", "", "6", false, ""},
		{"964/QĐ-BHXH", "", "Lịch xét công nhận sáng kiến", true, "Quyết định 964/QĐ-BHXH – Lịch xét công nhận sáng kiến"},
		{"1/1999/QĐ-X", "", "1", false, ""},
	}
	for _, tt := range tests {
		p, ok := ix.Article(tt.doc, tt.part, tt.article)
		if ok != tt.ok || p.Citation != tt.citation || ok && p.Text == "" {
			t.Errorf("Article(%q, %q, %q) = %q, %v; want %q, %v", tt.doc, tt.part, tt.article, p.Citation, ok, tt.citation, tt.ok)
		}
	}
}

// TestAnswerJSON pins the JSON shape of `thiduabot ask --json`.
func TestAnswerJSON(t *testing.T) {
	ix := builtinIndex(t)
	for _, q := range []string{"hồ sơ đề nghị khen thưởng", "giá vàng"} {
		data, err := json.Marshal(ix.Ask(q, 2))
		if err != nil {
			t.Fatal(err)
		}
		var top map[string]json.RawMessage
		if err := json.Unmarshal(data, &top); err != nil {
			t.Fatal(err)
		}
		if keys := sortedKeys(top); !slices.Equal(keys, []string{"answers", "question"}) {
			t.Errorf("%q: keys %v", q, keys)
		}
		var answers []map[string]any
		if err := json.Unmarshal(top["answers"], &answers); err != nil || answers == nil {
			t.Fatalf("%q: answers %s (%v)", q, top["answers"], err)
		}
		for _, a := range answers {
			if keys := sortedKeys(a); !slices.Equal(keys, []string{"article", "clause", "doc", "part", "score", "status", "text", "title"}) {
				t.Errorf("%q: answer keys %v", q, keys)
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// TestAskConcurrent runs questions in parallel; with -race it checks that
// the index is read-only after NewIndex.
func TestAskConcurrent(t *testing.T) {
	ix := builtinIndex(t)
	want := ix.Ask("cờ thi đua chính phủ", 3)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got := ix.Ask("cờ thi đua chính phủ", 3)
			if len(got.Passages) != len(want.Passages) || got.Passages[0].Citation != want.Passages[0].Citation {
				t.Errorf("concurrent answer differs: %v", got.Passages)
			}
		}()
	}
	wg.Wait()
}

func TestShortAnswerAndRef(t *testing.T) {
	ix := builtinIndex(t)
	a := ix.Ask("Tiền thưởng Lao động tiên tiến là bao nhiêu?", 3)
	if len(a.Passages) == 0 || a.Short != "0,3 lần mức lương cơ sở." {
		t.Fatalf("short = %q, passages %v", a.Short, a.Passages)
	}
	if b := ix.Ask("giá vàng", 3); b.Short != "" {
		t.Errorf("short answer without passages: %q", b.Short)
	}
	ref := a.Passages[0].Ref
	if ref == "" || len(ref) > 12 {
		t.Fatalf("ref = %q", ref)
	}
	// A rebuilt index (after an admin adds a document) still resolves it.
	p, ok := builtinIndex(t).ArticleByRef(ref)
	if !ok || p.Citation != "Điều 50–54 Nghị định 152/2025/NĐ-CP" || p.Clause != "" {
		t.Errorf("ArticleByRef(%q) = %q, %v", ref, p.Citation, ok)
	}
	if _, ok := ix.ArticleByRef("nope"); ok {
		t.Error("unknown ref resolved")
	}
}

// A short answer is given only when the curated question asks the same
// thing, and it is shown with that question: the appraisal time is not a
// filing deadline.
func TestShortAnswerKeepsItsRole(t *testing.T) {
	ix := builtinIndex(t)
	ix.Threshold = 0
	if a := ix.Ask("thời hạn nộp hồ sơ khen thưởng", 3); strings.Contains(a.Short, "20 ngày làm việc") {
		t.Errorf("a filing-deadline question got the appraisal time as its short answer: %q (%q)", a.Short, a.ShortFor)
	}
	a := ix.Ask("thời hạn thẩm định hồ sơ khen thưởng bao lâu", 3)
	if !strings.Contains(a.Short, "20 ngày làm việc") || !strings.Contains(a.ShortFor, "thẩm định") {
		t.Errorf("appraisal time: short %q for %q", a.Short, a.ShortFor)
	}
	if !strings.Contains(Format(a), "💡 "+a.ShortFor) {
		t.Errorf("the short answer is shown without the question it answers:\n%s", Format(a))
	}
}

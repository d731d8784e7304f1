package regulations

import (
	"slices"
	"strings"
	"testing"
)

// The things a question asks for (kb/lexicon.yaml facets) are recognised
// with or without diacritics, and a question asking none of them has none.
func TestFacetsAsked(t *testing.T) {
	ix := builtinIndex(t)
	tests := []struct {
		q    string
		want []string
	}{
		{"Huân chương Lao động hạng Nhì thưởng bao nhiêu tiền", []string{"tiền"}},
		{"tien thuong lao dong tien tien", []string{"tiền"}},
		{"sáng kiến cấp cơ sở được hưởng thù lao bao nhiêu", []string{"tiền"}},
		{"hạn chót gửi hồ sơ đề nghị khen là ngày nào", []string{"thời hạn"}},
		{"ho so de nghi bang khen gom nhung giay to gi", []string{"hồ sơ"}},
		{"cấp nào quyết định tặng giấy khen", []string{"thẩm quyền"}},
		{"ty le phieu bau chien si thi dua", []string{"phiếu"}},
		{"CSTĐ cơ sở có được ưu tiên khi thi nâng ngạch không", []string{"ưu tiên"}},
		{"tiêu chuẩn lao động tiên tiến", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, f := range ix.Analyze(tt.q).facets {
			got = append(got, f.name)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("facets of %q = %v, want %v", tt.q, got, tt.want)
		}
	}
}

// A passage holding no word of what is asked (money, for the article that
// lists the classes of orders) has FacetMiss 1, the award-money article 0;
// the model takes FacetMiss as evidence against answering.
func TestFacetMiss(t *testing.T) {
	ix := builtinIndex(t)
	q := ix.Analyze("Huân chương Lao động hạng Nhì thưởng bao nhiêu tiền")
	find := func(doc, art string) int {
		for i, p := range ix.passages {
			if p.doc.Number == doc && p.art.Number == art && p.clause == "" && p.art.Part == "" {
				return i
			}
		}
		t.Fatalf("no passage %s Điều %s", doc, art)
		return -1
	}
	if got := ix.facetMiss(q, find("06/2022/QH15", "33")); got != 1 {
		t.Errorf("facetMiss(Luật Điều 33) = %v, want 1", got)
	}
	if got := ix.facetMiss(q, find("152/2025/NĐ-CP", "50–54")); got != 0 {
		t.Errorf("facetMiss(NĐ 152 Điều 50–54) = %v, want 0", got)
	}
	if got := ix.facetMiss(ix.Analyze("tiêu chuẩn lao động tiên tiến"), find("06/2022/QH15", "33")); got != 0 {
		t.Errorf("facetMiss without a facet asked = %v, want 0", got)
	}
	i := slices.Index(featureNames, "facet_miss")
	if i < 0 || fittedModel.Weights[i] >= 0 {
		t.Errorf("facet_miss weight %v: a passage that does not hold what is asked must count against answering", fittedModel.Weights)
	}
}

// Who awards a title is stated by the article on who decides (Luật Điều
// 80), not by the award-money summary that names every title: a passage
// holding no word of what is asked ranks lower.
func TestFacetRanking(t *testing.T) {
	ix := builtinIndex(t)
	for _, q := range []string{"LĐTT do cấp nào quyết định tặng", "tap the lao dong tien tien ai quyet dinh tang"} {
		a := ix.Ask(q, 3)
		if len(a.Passages) == 0 || a.Passages[0].Doc != "06/2022/QH15" || a.Passages[0].ArticleNo != "80" {
			got := "nothing"
			if len(a.Passages) > 0 {
				got = a.Passages[0].Citation
			}
			t.Errorf("%q: first passage %s, want Điều 80 Luật Thi đua, khen thưởng", q, got)
		}
	}
}

// A question asking for the own rules of a province whose texts are
// loaded (Bắc Ninh) is not answered by national law: the national passages
// carry LocalNational, the province's own do not; a question naming no
// place, or not asking the province's own rules, carries it nowhere.
// A passage from a document about one title (the Quy chế on Công dân Thủ
// đô ưu tú) counts against answering a question that does not name it.
func TestOtherTitleDoc(t *testing.T) {
	ix := builtinIndex(t)
	for q, want := range map[string]float64{
		"Hạn nộp hồ sơ khen thưởng tổng kết năm của các xã, phường ở Hà Nội là ngày nào": 1,
		"hồ sơ đề nghị xét tặng Công dân Thủ đô ưu tú nộp trước ngày nào":                0,
	} {
		found := false
		for _, h := range ix.search(ix.Analyze(q)) {
			if ix.passages[h.p].key != "#71/2025" {
				continue
			}
			found = true
			if h.f.OtherTitleDoc != want {
				t.Errorf("%q: OtherTitleDoc %v, want %v", q, h.f.OtherTitleDoc, want)
			}
			break
		}
		if !found {
			t.Errorf("%q: no passage of Quyết định 71/2025 found", q)
		}
	}
}

func TestLocalNational(t *testing.T) {
	ix := builtinIndex(t)
	check := func(question string, wantNational float64) {
		t.Helper()
		q := ix.Analyze(question)
		var national, local int
		for _, h := range ix.search(q) {
			_, isLocal := ix.placeOf[ix.passages[h.p].doc]
			want := wantNational
			if isLocal {
				want = 0
				local++
			} else {
				national++
			}
			if h.f.LocalNational != want {
				t.Errorf("%q: %s has LocalNational %v, want %v", question, Citation(ix.passages[h.p].doc, ix.passages[h.p].art, ix.passages[h.p].clause), h.f.LocalNational, want)
				return
			}
		}
		if national == 0 || wantNational == 1 && local == 0 {
			t.Errorf("%q: %d national and %d local passages, want both", question, national, local)
		}
	}
	check("Bắc Ninh có hỗ trợ thêm ngoài tiền thưởng cho chiến sĩ thi đua không", 1)
	check("ở bac ninh thi hạn nộp hồ sơ khen thưởng là ngày nào", 1)
	check("Bắc Ninh lao động tiên tiến được thưởng bao nhiêu tiền", 0)
	check("hạn nộp hồ sơ khen thưởng là ngày nào", 0)
}

// Questions no loaded text can answer, whatever the passage, abstain
// without the model: the own rules of a province none of whose texts is
// loaded, the criteria of a title no loaded heading defines.
func TestUnanswerableGate(t *testing.T) {
	ix := builtinIndex(t)
	for _, q := range []string{
		"Quảng Ninh có quy định riêng về hạn nộp hồ sơ khen thưởng không",
		"tiêu chuẩn danh hiệu Anh hùng Lực lượng vũ trang nhân dân là gì",
		"Đà Nẵng có chính sách thưởng thêm cho người đạt danh hiệu chiến sĩ thi đua không",
		"ba me viet nam anh hung xet theo tieu chuan nao",
	} {
		hits := ix.candidates(ix.Analyze(q))
		if len(hits) == 0 || !hits[0].f.unanswerable() {
			t.Errorf("%q: not recognised as unanswerable", q)
		}
		if a := ix.Ask(q, 3); len(a.Passages) > 0 {
			t.Errorf("%q answered with %s", q, a.Passages[0].Citation)
		}
	}
	// A numbered cluster the notes do not describe, a document by number
	// that is neither loaded nor mentioned: no other text answers for them.
	for _, q := range []string{
		"Cụm thi đua số 3 của BHXH gồm những tỉnh nào",
		"TT 12/2019/TT-BNV hướng dẫn hồ sơ khen thưởng thế nào",
		"Luật sửa đổi 06/2026/QH16 thay đổi tiêu chuẩn CSTĐ cơ sở như thế nào ạ?",
	} {
		hits := ix.candidates(ix.Analyze(q))
		if len(hits) > 0 && !hits[0].f.unanswerable() {
			t.Errorf("%q: not recognised as unanswerable (best %s)", q, Citation(ix.passages[hits[0].p].doc, ix.passages[hits[0].p].art, ""))
		}
	}
	for _, q := range []string{"Cụm thi đua số 5 của BHXH gồm những tỉnh nào", "Luật 15/2003/QH11 có còn hiệu lực không"} {
		hits := ix.candidates(ix.Analyze(q))
		if len(hits) == 0 || hits[0].f.IdentMiss == 1 || hits[0].f.UnloadedMiss == 1 {
			t.Errorf("%q: the passage naming it is gated", q)
		}
	}
	// A province's question on national rules is not gated.
	hits := ix.candidates(ix.Analyze("Quảng Ninh tiêu chuẩn chiến sĩ thi đua cơ sở"))
	if len(hits) == 0 || hits[0].f.unanswerable() {
		t.Errorf("a national rule asked from Quảng Ninh is gated")
	}
}

// An article asked by number that no loaded text holds (the shipped copy
// of Law 06/2022 lacks Điều 35–52 and 70–85) is not answered with another
// article; one that is loaded is answered, also within a summary's range.
func TestArticleNotLoaded(t *testing.T) {
	ix := builtinIndex(t)
	for _, q := range []string{"Điều 45 Luật Thi đua khen thưởng 2022 quy định gì", "dieu 72 luat tdkt noi ve gi"} {
		if a := ix.Ask(q, 3); len(a.Passages) > 0 {
			t.Errorf("%q answered with %s", q, a.Passages[0].Citation)
		}
	}
	if a := ix.Ask("luật thi đua điều 20 quy định gì", 3); len(a.Passages) == 0 || a.Passages[0].ArticleNo != "20" {
		t.Errorf("Điều 20 asked, got %+v", a.Passages)
	}
	// An article of the law named by its title, without a number or year:
	// a decree's article of the same number does not answer for it, and
	// the abstention points to the original.
	a := ix.Ask("dieu 4 luat thi dua khen thuong quy dinh gi", 3)
	if len(a.Passages) > 0 {
		t.Errorf("Điều 4 of the law answered with %s", a.Passages[0].Citation)
	}
	if want := "Điều 4 Luật Thi đua, khen thưởng 06/2022/QH15"; a.MissingArticle != want || a.MissingSource == "" {
		t.Errorf("MissingArticle = %q (source %q), want %q with the document's source", a.MissingArticle, a.MissingSource, want)
	}
	if out := Format(a); !strings.Contains(out, "chưa có Điều 4 Luật Thi đua, khen thưởng 06/2022/QH15") {
		t.Errorf("the abstention does not point to the missing article:\n%s", out)
	}
	a = ix.Ask("TT 12/2019/TT-BNV hướng dẫn hồ sơ khen thưởng thế nào", 3)
	if out := Format(a); len(a.Passages) > 0 || !strings.Contains(out, "Bot chưa có văn bản số 12/2019") {
		t.Errorf("a document that is not loaded is not named in the abstention:\n%s", out)
	}
	if a := ix.Ask("luat tdkt dieu 3 noi gi", 3); len(a.Passages) == 0 || a.Passages[0].ArticleNo != "3" || DocKey(a.Passages[0].Doc) != "#6/2022" {
		t.Errorf("Điều 3 of the law asked by its title, got %+v", a.Passages)
	}
	if !articleIn("50–54", map[string]bool{"52": true}) || articleIn("50–54", map[string]bool{"55": true}) || !articleIn("7", map[string]bool{"7": true}) {
		t.Error("articleIn does not read a summary's range")
	}
}

// A subject next to emulation that the texts do not govern (kb/lexicon.yaml
// outside) counts against a passage that does not mention it.
func TestOutsideSubjects(t *testing.T) {
	ix := builtinIndex(t)
	for q, want := range map[string]float64{
		"rut bhxh 1 lan can dk gi vay moi nguoi":                       1,
		"gia dinh van hoa co phai danh hieu thi dua khong":             1,
		"giấy khen của ban thường vụ huyện ủy xét theo tiêu chuẩn nào": 1,
		"tiêu chuẩn chiến sĩ thi đua cơ sở là gì":                      0,
	} {
		hits := ix.search(ix.Analyze(q))
		if len(hits) == 0 {
			t.Errorf("%q: nothing found", q)
			continue
		}
		if got := hits[0].f.Outside; got != want {
			t.Errorf("%q: Outside %v on %s, want %v", q, got, Citation(ix.passages[hits[0].p].doc, ix.passages[hits[0].p].art, ""), want)
		}
	}
	if a := ix.Ask("rut bhxh 1 lan can dk gi vay moi nguoi", 3); len(a.Passages) > 0 {
		t.Errorf("a social-insurance question answered with %s", a.Passages[0].Citation)
	}
}

package regulations

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAbbreviations(t *testing.T) {
	tests := []struct{ in, want string }{
		// Plain ones, in any case and with or without diacritics.
		{"HCLĐ hạng Ba", "huan chuong lao dong hang ba"},
		{"hcld hang 3", "huan chuong lao dong hang ba"},
		{"cty TNHH", "cong ti trach nhiem huu han"},
		{"LĐ tiên tiến", "lao dong tien tien"},
		{"BKTTg", "bang khen thu tuong chinh phu"},
		// TT: Thông tư before a number, Thủ tướng after "bằng khen" or
		// before "CP", tập thể before "LĐXS" or after "cá nhân".
		{"TT 15/2025", "thong tu 15 2025"},
		{"bằng khen TT", "bang khen thu tuong"},
		{"TT CP", "thu tuong chinh phu"},
		{"TT LĐXS", "tap the lao dong xuat sac"},
		{"cá nhân và TT", "ca nhan va tap the"},
		// HC: Huân chương (orders, with classes) vs Huy chương (medals).
		{"HC lao động hạng nhì", "huan chuong lao dong hang nhi"},
		{"hc hang 1", "huan chuong hang nhat"},
		{"HC chiến sĩ vẻ vang", "huy chuong chien si ve vang"},
		{"hc quan ky quyet thang", "huy chuong quan ki quyet thang"},
		// HĐ: Hội đồng vs hợp đồng.
		{"HĐ thi đua", "hoi dong thi dua"},
		{"ký HĐ lao động", "ki hop dong lao dong"},
		{"hd ld", "hop dong lao dong"},
		// CP: Chính phủ vs cổ phần.
		{"NĐ-CP", "nghi dinh chinh phu"},
		{"cờ thi đua CP", "co thi dua chinh phu"},
		{"công ty CP", "cong ti co phan"},
		// Numerals and ordinals.
		{"hạng III", "hang ba"},
		{"hai năm liên tục", "2 nam lien tuc"},
		{"02 năm", "2 nam"},
		// A word with its tone marks is a word, not an abbreviation.
		{"có", "co"},
		// "sỹ" and "sĩ" are one spelling.
		{"chiến sỹ", "chien si"},
	}
	for _, tt := range tests {
		if got := NormalizeQuery(tt.in); got != tt.want {
			t.Errorf("NormalizeQuery(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAnalyze(t *testing.T) {
	ix := builtinIndex(t)
	tests := []struct {
		q      string
		clean  string
		titles []string
		place  string
		docs   []string
		past   bool
	}{
		{q: "Chị ơi cho em hỏi tiêu chuẩn CSTĐ cơ sở với ạ", clean: "tiêu chuẩn cstđ cơ sở", titles: []string{"cstd-cs"}},
		{q: "dạ anh ơi LĐTT không được xét khi nào vậy", clean: "lđtt không được xét khi nào", titles: []string{"ldtt"}},
		{q: "ha noi muon duoc ldtt can gi", clean: "ha noi muon duoc ldtt can gi", titles: []string{"ldtt"}, place: "Hà Nội"},
		{q: "ho so de nghi khen thuong", clean: "ho so de nghi khen thuong"},
		{q: "Cờ thi đua của UBND tỉnh Bắc Giang", titles: []string{"ctd-bo"}, place: "Bắc Ninh"},
		{q: "TP HCM quy định thế nào", place: "Hồ Chí Minh"},
		{q: "diễn biến phong trào thi đua"},
		{q: "nghị định 152 nói gì", docs: []string{"#152/2025"}},
		{q: "luật thi đua khen thưởng 2022 có hiệu lực khi nào", docs: []string{"#6/2022"}},
		{q: "NĐ 98 trước năm 2025 quy định thế nào", docs: []string{"#98/2023"}, past: true},
		{q: "Huân chương Sao vàng khác huân chương khác thế nào", titles: []string{"hc-sao-vang"}},
	}
	for _, tt := range tests {
		a := ix.Analyze(tt.q)
		if tt.clean != "" && a.Clean != tt.clean {
			t.Errorf("%q: clean %q, want %q", tt.q, a.Clean, tt.clean)
		}
		if !slices.Equal(a.Titles, tt.titles) || a.Place != tt.place || !slices.Equal(a.Docs, tt.docs) || a.Past != tt.past {
			t.Errorf("%q: titles %v place %q docs %v past %v; want %v %q %v %v", tt.q, a.Titles, a.Place, a.Docs, a.Past, tt.titles, tt.place, tt.docs, tt.past)
		}
	}
}

// Words the texts never use are absence of evidence: chit-chat and
// unknown words around a question do not turn an answer into an abstention.
func TestUnknownWordsAreNoEvidenceAgainst(t *testing.T) {
	ix := builtinIndex(t)
	short := ix.Ask("tiêu chuẩn tập thể lao động xuất sắc", 3)
	long := ix.Ask("dạ chị ơi cho em hỏi với ạ, phòng em năm nay ai cũng hăng hái lắm, tiêu chuẩn tập thể lao động xuất sắc giờ là gì vậy chị, em cảm ơn chị nhiều nhé", 3)
	if len(short.Passages) == 0 || len(long.Passages) == 0 {
		t.Fatalf("short %d, long %d passages", len(short.Passages), len(long.Passages))
	}
	if short.Passages[0].Citation != long.Passages[0].Citation {
		t.Errorf("the long question got %s, the short one %s", long.Passages[0].Citation, short.Passages[0].Citation)
	}
}

// Scope: a question naming a province uses that province's texts and
// national ones, never another province's; naming none prefers national.
func TestPlaceScope(t *testing.T) {
	ix := builtinIndex(t)
	ix.Threshold = 0
	for _, q := range []string{"Bắc Ninh công dân danh dự thủ đô", "bac ninh hoi dong thi dua khen thuong gom nhung ai"} {
		for _, p := range ix.Ask(q, 5).Passages {
			if strings.Contains(p.Doc, "UBND") && !strings.HasPrefix(p.Doc, "86/") || strings.Contains(p.Doc, "HĐND") {
				t.Errorf("%q cites %s", q, p.Citation)
			}
		}
	}
	a := ix.Ask("hội đồng thi đua khen thưởng", 1)
	if len(a.Passages) == 0 || a.Passages[0].Doc != "06/2022/QH15" {
		t.Errorf("a question naming no place got %+v, want the national law first", a.Passages)
	}
	a = ix.Ask("hội đồng thi đua khen thưởng tỉnh Bắc Ninh", 1)
	if len(a.Passages) == 0 || !strings.HasPrefix(a.Passages[0].Doc, "86/2025") {
		t.Errorf("a Bắc Ninh question got %+v, want Bắc Ninh's regulation first", a.Passages)
	}
}

// Title and level: the article that defines the asked title ranks above
// those that define another level of it or merely name it.
func TestTitleAndLevel(t *testing.T) {
	ix := builtinIndex(t)
	ix.Threshold = 0
	tests := []struct{ q, want string }{
		{"cstd co so can dieu kien gi", "23"},
		{"chiến sĩ thi đua cấp tỉnh cần gì", "22"},
		{"ldtt xet cho ai", "24"},
		{"tieu chuan ttldxs", "27"},
		{"huân chương sao vàng tặng cho ai", "34"},
	}
	for _, tt := range tests {
		a := ix.Ask(tt.q, 1)
		if len(a.Passages) == 0 || a.Passages[0].Doc != "06/2022/QH15" || a.Passages[0].ArticleNo != tt.want {
			t.Errorf("%q: got %+v, want Điều %s", tt.q, a.Passages, tt.want)
		}
	}
}

// A replaced text ranks below its replacement unless the question names it
// or asks about the past; the answer then says what replaced it.
func TestReplacedRanksBelow(t *testing.T) {
	ix := builtinIndex(t)
	ix.Threshold = 0
	a := ix.Ask("tỷ lệ phiếu bầu chiến sĩ thi đua", 2)
	if len(a.Passages) == 0 || a.Passages[0].Status == Replaced {
		t.Fatalf("a replaced text ranks first: %+v", a.Passages)
	}
	a = ix.Ask("tỷ lệ phiếu bầu chiến sĩ thi đua theo quy định cũ", 1)
	if len(a.Passages) == 0 || a.Passages[0].Status != Replaced || a.Passages[0].ReplacedBy != "Nghị định 152/2025/NĐ-CP" {
		t.Errorf("asked about the old rule: %+v", a.Passages)
	}
}

// FuzzAnalyze checks the question analyser on arbitrary input: it never
// panics, its clean text is valid UTF-8 and no longer than the question.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"chị ơi cho em hỏi tiêu chuẩn CSTĐ cơ sở ạ", "ha noi ldtt", "TT 15/2025 hc hang 3", "NĐ 98 trước 2024", "ạ ạ ạ", "", "\xff", "dạ", "hạng", "luật 2022 nghị định số 1"} {
		f.Add(s)
	}
	ix := builtinIndex(f)
	f.Fuzz(func(t *testing.T, s string) {
		q := ix.Analyze(s)
		if !utf8.ValidString(q.Clean) {
			t.Fatalf("Analyze(%q).Clean = %q, invalid UTF-8", s, q.Clean)
		}
		if len([]rune(q.Clean)) > len([]rune(NFC(s)))+1 {
			t.Fatalf("Analyze(%q).Clean = %q is longer than the question", s, q.Clean)
		}
		_ = ix.Ask(s, 3)
	})
}

// The answerability decision rests on normalised features, so it holds
// when admins add documents: adding a provincial regulation changes almost
// no decision on the dev questions, and the new text answers its own.
func TestAnswerabilityHoldsWhenDocumentsAreAdded(t *testing.T) {
	lib, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	before := NewIndex(lib)
	dev, _ := split(loadRealEval(t))
	answered := make([]bool, len(dev))
	for i, c := range dev {
		answered[i] = len(before.Ask(c.Q, 3).Passages) > 0
	}
	const added = `ỦY BAN NHÂN DÂN
TỈNH QUẢNG NINH
Số: 45/2026/QĐ-UBND
QUYẾT ĐỊNH
BAN HÀNH QUY CHẾ THI ĐUA, KHEN THƯỞNG TỈNH QUẢNG NINH

Điều 1. Phạm vi điều chỉnh
Quy chế này quy định về tổ chức phong trào thi đua, tiêu chuẩn danh hiệu thi đua và hình thức khen thưởng trên địa bàn tỉnh Quảng Ninh.
Điều 2. Thời gian gửi hồ sơ đề nghị khen thưởng tổng kết năm
1. Các cơ quan, đơn vị gửi hồ sơ đề nghị khen thưởng tổng kết năm về Sở Nội vụ trước ngày 05 tháng 12 hằng năm.
2. Hồ sơ gửi chậm không được xem xét trong đợt tổng kết năm.
Điều 3. Tiền thưởng của tỉnh
Kèm theo Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh, cá nhân được thưởng 1,0 lần mức lương cơ sở.
`
	lib2 := lib.Clone()
	if _, _, err := lib2.AddFile("qd-45-2026-quang-ninh.txt", []byte(added)); err != nil {
		t.Fatal(err)
	}
	after := NewIndex(lib2)
	changed := 0
	for i, c := range dev {
		if (len(after.Ask(c.Q, 3).Passages) > 0) != answered[i] {
			changed++
			t.Logf("decision changed: %q", c.Q)
		}
	}
	if changed*20 > len(dev) {
		t.Errorf("%d of %d dev decisions changed after adding one provincial text", changed, len(dev))
	}
	a := after.Ask("quang ninh han gui ho so khen thuong tong ket nam truoc ngay nao", 3)
	if len(a.Passages) == 0 || !strings.HasPrefix(a.Passages[0].Doc, "45/2026") || a.Passages[0].ArticleNo != "2" {
		t.Errorf("the added text does not answer its own question: %+v", a.Passages)
	}
	if b := before.Ask("quang ninh han gui ho so khen thuong tong ket nam truoc ngay nao", 3); len(b.Passages) > 0 {
		t.Errorf("before the text was added, a Quảng Ninh deadline question was answered: %s", b.Passages[0].Citation)
	}
}

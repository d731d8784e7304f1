package regulations

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// factsNumbers are the document numbers named in FACTS.md and in the
// shared corpus; the built-in knowledge base may cite no other.
var factsNumbers = []string{
	"06/2022/QH15", "06/2026/QH16", "98/2023/NĐ-CP", "152/2025/NĐ-CP", "01/2024/TT-BNV", "15/2025/TT-BNV",
	"34-CT/TW", "234/QĐ-BHXH", "2861/KH-BHXH", "964/QĐ-BHXH", "391/QĐ-BTC", "02/2023/TT-BNV",
	"86/2025/QĐ-UBND", "83/2025/NQ-HĐND", "71/2025/QĐ-UBND", "15/2003/QH11", "47/2005/QH11", "32/2009/QH12", "39/2013/QH13",
}

// factsArticles are the article numbers FACTS.md (or the corpus text of the
// law) gives for each built-in document.
var factsArticles = map[string][]string{
	"06/2022/QH15":   {"3", "5", "16", "17", "20", "21", "22", "23", "24", "25", "26", "27", "80", "84", "90", "93", "94"},
	"152/2025/NĐ-CP": {"4", "50–54", "59"},
	"98/2023/NĐ-CP":  {"30", "32"},
}

func TestBuiltinKnowledgeBase(t *testing.T) {
	lib, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(lib.FAQ()); n < 60 {
		t.Errorf("FAQ has %d entries, want at least 60", n)
	}
	allowed := map[string]bool{}
	for _, n := range factsNumbers {
		allowed[DocKey(n)] = true
	}
	for _, d := range lib.Documents() {
		// A document is our summary unless its official text ships in
		// kb/corpus, unchanged, with the header naming its source.
		official := strings.HasPrefix(d.File, "kb/corpus/")
		if len(d.Articles) == 0 || d.Summary == official || d.Source == "" {
			t.Errorf("%s: %d articles, summary %v, source %q", d.ID(), len(d.Articles), d.Summary, d.Source)
		}
		switch d.Status {
		case InForce, Unknown:
		case Replaced:
			r, ok := lib.Document(d.ReplacedBy)
			if !ok || r.Status != InForce {
				t.Errorf("%s replaced by %q, which is not an in-force built-in document", d.ID(), d.ReplacedBy)
			}
		default:
			t.Errorf("%s: status %q", d.ID(), d.Status)
		}
		if d.Number != "" && !allowed[DocKey(d.Number)] {
			t.Errorf("%s is not a document FACTS.md names", d.Number)
		}
		var texts []string
		if !official {
			texts = append(texts, d.Title, d.Note, d.Preamble)
		}
		for _, a := range d.Articles {
			if !a.Summary {
				continue // official wording: it cites what it cites
			}
			texts = append(texts, a.Title, a.Text(), a.Uncertain)
			if a.Number != "" {
				if want, ok := factsArticles[d.Number]; !ok || !slices.Contains(want, a.Number) {
					t.Errorf("%s Điều %s is not an article FACTS.md or the corpus gives", d.Number, a.Number)
				}
			}
		}
		for _, k := range docKeys(Fold(strings.Join(texts, "\n"))) {
			if !allowed[k] {
				t.Errorf("%s cites %s, which FACTS.md does not name", d.ID(), k)
			}
		}
	}
}

func TestMergeOfficialTextOverSummary(t *testing.T) {
	lib, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(corpusDir(t), "luat-06-2022-qh15.txt"))
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := lib.AddFile("luat.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != InForce || !strings.Contains(d.Source, "Công báo") || d.Summary {
		t.Errorf("merged document: status %q source %q summary %v", d.Status, d.Source, d.Summary)
	}
	a16, ok := lib.Find("06/2022/QH15", "", "16")
	if !ok || a16.Summary || !strings.Contains(a16.Text(), "Thi đua thường xuyên") {
		t.Errorf("Điều 16 is not the official text: %+v", a16)
	}
	a27, ok := lib.Find("6/2022", "", "27")
	if !ok || !a27.Summary || a27.Uncertain == "" {
		t.Errorf("Điều 27 summary lost: %+v", a27)
	}
	if n := len(lib.Documents()); n != 13 {
		t.Errorf("%d documents after merge, want 13 (10 summarised, 3 more official texts)", n)
	}
}

func TestReplacementFromText(t *testing.T) {
	old := "Số: 32/2024/NQ-HĐND\nNGHỊ QUYẾT\nVỀ CÔNG DÂN DANH DỰ\nĐiều 1. Phạm vi\nNghị quyết này quy định về danh hiệu Công dân danh dự.\n"
	newer := "Số: 83/2025/NQ-HĐND\nNGHỊ QUYẾT\nVỀ CÔNG DÂN DANH DỰ\nĐiều 1. Phạm vi\nMới.\nĐiều 2. Hiệu lực\nNghị quyết này thay thế Nghị quyết số 32/2024/NQ-HĐND ngày 19 tháng 11 năm 2024.\n"
	for _, order := range [][2]string{{old, newer}, {newer, old}} {
		lib := NewLibrary()
		for i, src := range order {
			if _, _, err := lib.AddFile([]string{"a.txt", "b.txt"}[i], []byte(src)); err != nil {
				t.Fatal(err)
			}
		}
		d, _ := lib.Document("32/2024")
		if d.Status != Replaced || d.ReplacedBy != "83/2025/NQ-HĐND" {
			t.Errorf("old document: status %q replaced by %q", d.Status, d.ReplacedBy)
		}
		a := NewIndex(lib).Ask("phạm vi của Nghị quyết 32/2024 về danh hiệu công dân danh dự", 1)
		if len(a.Passages) != 1 || a.Passages[0].Status != Replaced || a.Passages[0].ReplacedBy != "Nghị quyết 83/2025/NQ-HĐND" {
			t.Errorf("answer = %+v", a.Passages)
		}
	}
}

func TestAddFileWithoutArticles(t *testing.T) {
	lib := NewLibrary()
	if _, _, err := lib.AddFile("x.txt", []byte("Chỉ có lời văn, không có điều nào.")); err == nil {
		t.Error("a text without articles was added")
	}
	if len(lib.Documents()) != 0 {
		t.Error("library changed")
	}
}

func TestCheckDir(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"good.md":     "---\nnumber: \"5/2030/QĐ-BHXH\"\nstatus: in_force\n---\n## Điều 1. A\nB.\n",
		"bad.md":      "---\nnumber: \"5/2030/QĐ-BHXH\"\nstatus: maybe\n---\n## Điều 1. A\n",
		"empty.txt":   "Số: 7/2030/QĐ-X\nKhông có điều nào.\n",
		"dup.txt":     "Số: 8/2030/QĐ-X\nĐiều 1. A\nĐiều 1. B\n",
		"old.doc":     "binary",
		"notes.json":  "{}",
		"sub/ok.txt":  "Số: 9/2030/QĐ-X\nĐiều 1. A\n",
		"sub/.hidden": "x",
	}
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, p := range CheckDir(dir) {
		rel, _ := filepath.Rel(dir, p.File)
		got = append(got, rel+":"+strconv.Itoa(p.Line))
	}
	want := []string{"bad.md:3", "dup.txt:3", "empty.txt:0", "old.doc:0"}
	if !slices.Equal(got, want) {
		t.Errorf("problems at %v, want %v\n%v", got, want, CheckDir(dir))
	}
	if ps := CheckDir(filepath.Join(dir, "missing")); len(ps) != 0 {
		t.Errorf("missing folder: %v", ps)
	}
}

func TestCloneIsIndependent(t *testing.T) {
	lib, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(lib)
	before := ix.Ask("tiêu chuẩn Tập thể lao động xuất sắc", 1).Passages[0].Text
	c := lib.Clone()
	src := "---\nnumber: \"06/2022/QH15\"\n---\n## Điều 27. Danh hiệu Tập thể lao động xuất sắc\nVăn bản mới thay nội dung.\n"
	if _, _, err := c.AddFile("new.md", []byte(src)); err != nil {
		t.Fatal(err)
	}
	if got := ix.Ask("tiêu chuẩn Tập thể lao động xuất sắc", 1).Passages[0].Text; got != before {
		t.Errorf("old index changed after adding to the clone: %q", got)
	}
	a, _ := c.Find("06/2022/QH15", "", "27")
	if a.Text() != "Văn bản mới thay nội dung." {
		t.Errorf("clone article = %q", a.Text())
	}
	if d, _ := c.Document("06/2022/QH15"); d != c.Documents()[slices.IndexFunc(c.Documents(), func(x *Document) bool { return x.Number == "06/2022/QH15" })] {
		t.Error("clone index points outside the clone")
	}
}

func TestAddDirMissing(t *testing.T) {
	_, err := NewLibrary().AddDir(filepath.Join(t.TempDir(), "regulations"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want fs.ErrNotExist", err)
	}
}

// TestSupplementMergesAsOfficialText checks that kb/corpus/
// luat-06-2022-qh15-bosung.txt joins the law's other official text: its
// article is official wording of the same document, in number order with
// the rest, and answers a question about it.
func TestSupplementMergesAsOfficialText(t *testing.T) {
	lib, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	d, ok := lib.Document("06/2022/QH15")
	if !ok {
		t.Fatal("law 06/2022/QH15 not in the library")
	}
	a70, ok := lib.Find("06/2022/QH15", "", "70")
	if !ok || a70.Summary || a70.Partial || !strings.Contains(a70.Text(), "05 năm một lần") {
		t.Fatalf("Điều 70 is not the official text: %+v", a70)
	}
	if a69, ok := lib.Find("06/2022/QH15", "", "69"); !ok || a69.Summary || a69.Section != a70.Section {
		t.Errorf("Điều 69 %+v and Điều 70 (section %q) should share the official Mục 4", a69, a70.Section)
	}
	var nums []int
	for _, a := range d.Articles {
		if n, err := strconv.Atoi(a.Number); err == nil && a.Part == "" {
			nums = append(nums, n)
		}
	}
	if !slices.IsSorted(nums) || slices.Index(nums, 70) < 0 || slices.Index(nums, 69) < 0 || slices.Index(nums, 86) < 0 {
		t.Errorf("articles of the merged law are not in number order: %v", nums)
	}
	a := NewIndex(lib).Ask("Giải thưởng Nhà nước được xét tặng mấy năm một lần?", 3)
	found := false
	for _, p := range a.Passages {
		if p.Doc == "06/2022/QH15" && p.ArticleNo == "70" && !p.Summary {
			found = true
		}
	}
	if !found {
		t.Errorf("no official passage of Điều 70 among %+v", a.Passages)
	}
}

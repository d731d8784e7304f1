package regulations

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/thiduabot/thiduabot/configfile"
)

// expectedArticles reads what a corpus file's "# completeness:" note says it
// holds: "full articles: 1, 2, …; partial: 3 (…), …" for a partial text, or
// "Điều 1–3 … Điều 1–11" ranges (the decision's own, then the attached
// regulation's) for a complete one.
func expectedArticles(t *testing.T, notes []string) [][]string {
	t.Helper()
	var note string
	for _, n := range notes {
		if strings.HasPrefix(n, "completeness: ") {
			note = strings.TrimPrefix(n, "completeness: ")
		}
	}
	if note == "" {
		t.Fatal("no completeness note")
	}
	if strings.Contains(note, "full articles:") {
		noParen := regexp.MustCompile(`\([^)]*\)`).ReplaceAllString(note, "")
		var nums []string
		for _, key := range []string{"full articles:", "partial:"} {
			i := strings.Index(noParen, key)
			seg := noParen[i+len(key):]
			if j := strings.Index(seg, ";"); j >= 0 {
				seg = seg[:j]
			}
			nums = append(nums, regexp.MustCompile(`\d+`).FindAllString(seg, -1)...)
		}
		slices.SortFunc(nums, func(a, b string) int { return articleOrder(a) - articleOrder(b) })
		return [][]string{nums}
	}
	var parts [][]string
	for _, m := range regexp.MustCompile(`Điều (\d+)–(\d+)`).FindAllStringSubmatch(note, -1) {
		var nums []string
		for i := articleOrder(m[1]); i <= articleOrder(m[2]); i++ {
			nums = append(nums, strconv.Itoa(i))
		}
		parts = append(parts, nums)
	}
	return parts
}

func TestParseCorpus(t *testing.T) {
	dir := corpusDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in %s: %v", dir, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc, rep, err := Parse(filepath.Base(f), data)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if doc.Number == "" || DocKey(doc.Number) == "" {
				t.Errorf("number = %q", doc.Number)
			}
			if doc.Signed == "" || doc.Title == "" || doc.Kind == "" {
				t.Errorf("heading: signed %q title %q kind %q", doc.Signed, doc.Title, doc.Kind)
			}
			want := expectedArticles(t, doc.Notes)
			if len(rep.Parts) != len(want) {
				t.Fatalf("parts = %+v, want %d numberings", rep.Parts, len(want))
			}
			for i, p := range rep.Parts {
				if !slices.Equal(p.Articles, want[i]) {
					t.Errorf("part %d (%q) articles = %v, want %v", i, p.Name, p.Articles, want[i])
				}
			}
			if len(rep.Unplaced) > 0 || len(rep.Warnings) > 0 {
				t.Errorf("unplaced %v, warnings %v", rep.Unplaced, rep.Warnings)
			}
		})
	}
}

const decisionText = `ỦY BAN NHÂN DÂN
TỈNH MẪU
--------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 99/2030/QĐ-UBND
Tỉnh Mẫu, ngày 3 tháng 2 năm 2030

QUYẾT ĐỊNH
BAN HÀNH QUY ĐỊNH VỀ THI ĐUA

Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;

Điều 1. Ban hành kèm theo Quyết định này Quy định về thi đua.
Điều 2. Quyết định này có hiệu lực kể từ ngày 15 tháng 2 năm 2030. Bãi bỏ Quyết định số 13/2024/QĐ-UBND ngày 31 tháng 5 năm 2024.
Điều 3. Các cơ quan chịu trách nhiệm thi hành./.

Nơi nhận:
- Như Điều 3;
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

QUY ĐỊNH
VỀ THI ĐUA
(Ban hành kèm theo Quyết định số /2030/QĐ-UBND)

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Quy định này quy định về thi đua.
Điều 2. Cờ thi đua
1. Đối tượng gồm:
a) Đơn vị thành viên của cụm;
b) Đơn vị thuộc khối.
2. Tiêu chuẩn: dẫn đầu cụm.
Hoàn thành vượt chỉ tiêu.
[THIẾU – MISSING: Điều 3 – Điều 4]
Văn bản lạc chỗ.
Điều 5. Hiệu lực
Có hiệu lực.
`

func TestParseDecisionWithAttachedRegulation(t *testing.T) {
	doc, rep, err := Parse("qd.txt", []byte(decisionText))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := doc.Number, "99/2030/QĐ-UBND"; got != want {
		t.Errorf("number = %q, want %q", got, want)
	}
	if got, want := doc.Signed, "03/02/2030"; got != want {
		t.Errorf("signed = %q, want %q", got, want)
	}
	if got, want := doc.InForce, "15/02/2030"; got != want {
		t.Errorf("in force = %q, want %q", got, want)
	}
	if got, want := doc.Kind, "Quyết định"; got != want {
		t.Errorf("kind = %q, want %q", got, want)
	}
	if got, want := doc.Issuer, "Ủy ban nhân dân tỉnh mẫu"; got != want {
		t.Errorf("issuer = %q, want %q", got, want)
	}
	if !slices.Equal(doc.Replaces, []string{"13/2024/QĐ-UBND"}) {
		t.Errorf("replaces = %v", doc.Replaces)
	}
	wantParts := []PartReport{{"", []string{"1", "2", "3"}}, {"Quy định về thi đua", []string{"1", "2", "5"}}}
	if len(rep.Parts) != 2 || rep.Parts[0].Name != wantParts[0].Name || rep.Parts[1].Name != wantParts[1].Name ||
		!slices.Equal(rep.Parts[0].Articles, wantParts[0].Articles) || !slices.Equal(rep.Parts[1].Articles, wantParts[1].Articles) {
		t.Errorf("parts = %+v, want %+v", rep.Parts, wantParts)
	}
	if rep.Chapters != 1 || len(rep.Gaps) != 1 {
		t.Errorf("chapters %d gaps %v", rep.Chapters, rep.Gaps)
	}
	if len(rep.Unplaced) != 1 || rep.Unplaced[0].Text != "Văn bản lạc chỗ." {
		t.Errorf("unplaced = %+v", rep.Unplaced)
	}
	// The signature block after "Nơi nhận" belongs to no article.
	if a := doc.Articles[2]; strings.Contains(a.Text(), "CHỦ TỊCH") || a.Intro != "Các cơ quan chịu trách nhiệm thi hành./." {
		t.Errorf("Điều 3 = %q", a.Text())
	}
	a := doc.Articles[4]
	if a.Part != "Quy định về thi đua" || a.Number != "2" || a.Chapter != "Chương I. Quy định chung" {
		t.Errorf("article = %+v", a)
	}
	if len(a.Clauses) != 2 || len(a.Clauses[0].Points) != 2 || a.Clauses[0].Points[1].Letter != "b" ||
		a.Clauses[1].Text != "Tiêu chuẩn: dẫn đầu cụm.\nHoàn thành vượt chỉ tiêu." {
		t.Errorf("clauses = %+v", a.Clauses)
	}
	if got, want := Citation(&doc, &a, "2"), "Khoản 2 Điều 2 Quy định về thi đua (ban hành kèm theo Quyết định 99/2030/QĐ-UBND)"; got != want {
		t.Errorf("citation = %q, want %q", got, want)
	}
}

func TestParseMarkdownFrontMatter(t *testing.T) {
	src := "---\nnumber: \"01/2030/TT-BNV\"\ntitle: \"Thông tư mẫu\"\nstatus: replaced\nreplaced_by: \"02/2031/TT-BNV\"\nsummary: true\n---\n\n" +
		"## Điều 4. Hồ sơ\n\n> Chưa kiểm chứng: theo nguồn thứ cấp\n\n1. Tờ trình;\n- a) mẫu 01\n\n## Tóm tắt\n\nMột mục không đánh số.\n"
	doc, _, err := Parse("tt.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Status != Replaced || doc.ReplacedBy != "02/2031/TT-BNV" || doc.Kind != "Thông tư" || !doc.Summary {
		t.Errorf("doc = %+v", doc)
	}
	if len(doc.Articles) != 2 {
		t.Fatalf("articles = %+v", doc.Articles)
	}
	a := doc.Articles[0]
	if a.Uncertain != "theo nguồn thứ cấp" || !a.Summary || len(a.Clauses) != 1 || len(a.Clauses[0].Points) != 1 {
		t.Errorf("article = %+v", a)
	}
	if b := doc.Articles[1]; b.Number != "" || b.Title != "Tóm tắt" || b.Intro != "Một mục không đánh số." {
		t.Errorf("section = %+v", b)
	}
}

func TestParseFrontMatterProblems(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		contains  string
	}{
		{"bad status", "---\nnumber: \"1/2030/QĐ-X\"\nstatus: old\n---\nĐiều 1. A\n", 3, "in_force"},
		{"replaced without replacement", "---\nstatus: replaced\n---\nĐiều 1. A\n", 2, "replaced_by"},
		{"unknown field", "---\nnumbr: \"1/2030\"\n---\nĐiều 1. A\n", 2, "numbr"},
		{"unterminated", "---\nnumber: x\nĐiều 1. A\n", 1, "---"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse("x.md", []byte(tt.src))
			var ps configfile.Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("err = %v, want problems", err)
			}
			if ps[0].Line != tt.line || !strings.Contains(ps[0].Msg, tt.contains) {
				t.Errorf("problem = %v, want line %d containing %q", ps[0], tt.line, tt.contains)
			}
		})
	}
}

// docx builds a minimal DOCX whose paragraphs are lines.
func docx(t testing.TB, lines ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, l := range lines {
		// Split each paragraph into two runs, as Word does.
		half := len(l) / 2
		for half > 0 && !utf8RuneStart(l[half]) {
			half--
		}
		b.WriteString(`<w:p><w:r><w:t xml:space="preserve">` + xmlEscape(l[:half]) + `</w:t></w:r><w:r><w:t>` + xmlEscape(l[half:]) + `</w:t></w:r></w:p>`)
	}
	b.WriteString(`</w:body></w:document>`)
	if _, err := w.Write([]byte(b.String())); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func TestParseDOCX(t *testing.T) {
	data := docx(t, "Số: 5/2030/QĐ-BHXH", "QUYẾT ĐỊNH", "VỀ THI ĐUA CỤM", "Điều 1. Phạm vi", "Quy định thi đua cụm.", "Điều 2. Tiêu chí", "1. Thu đúng hạn;", "a) tỷ lệ thu")
	doc, rep, err := Parse("qd.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Number != "5/2030/QĐ-BHXH" || doc.Title != "Quyết định về thi đua cụm" || rep.Articles() != 2 {
		t.Errorf("doc %q %q, %d articles", doc.Number, doc.Title, rep.Articles())
	}
	if c := doc.Articles[1].Clauses; len(c) != 1 || c[0].Points[0].Text != "tỷ lệ thu" {
		t.Errorf("clauses = %+v", c)
	}
	if _, _, err := Parse("broken.docx", []byte("not a zip")); err == nil {
		t.Error("broken DOCX parsed without error")
	}
}

// FuzzParse feeds arbitrary bytes to the parser as text, Markdown and DOCX:
// it must not panic, and what it reports must agree with what it returns.
func FuzzParse(f *testing.F) {
	f.Add("a.txt", []byte(decisionText))
	f.Add("a.md", []byte("---\nnumber: \"1/2030/QĐ-X\"\n---\n## Điều 1. A\n1. b\na) c\n> Chưa kiểm chứng: x\n"))
	f.Add("a.txt", []byte("# document: 06/2022/QH15, Luật X (Quốc hội), 15/06/2022\n[Điều 15 – phần đầu bị thiếu]\n5. x […]\n[THIẾU – MISSING: Điều 16]\nChương II\nĐiều 50–54. Tiền\nMục 2\nĐIỀU\n"))
	f.Add("a.docx", []byte("PK\x03\x04"))
	f.Add("a.txt", []byte("QUY ĐỊNH\nĐiều 1. x\nQUY CHẾ\n(Ban hành kèm theo)\nĐiều 1. y\nNơi nhận:\nĐiều 2."))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		doc, rep, err := Parse(name, data)
		if err != nil {
			return
		}
		numbered := 0
		for _, a := range doc.Articles {
			if a.Number != "" {
				numbered++
			}
			_ = a.Text()
			_ = Citation(&doc, &a, "1")
		}
		if numbered != rep.Articles() {
			t.Fatalf("report lists %d articles, document has %d", rep.Articles(), numbered)
		}
		_ = FormatReport(rep)
	})
}

package docx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/thiduabot/thiduabot/docx"
	"github.com/thiduabot/thiduabot/docx/docxtest"
)

func sample() *docx.Document {
	d := docx.New("Báo cáo thành tích")
	d.Heading(1, docx.T("BÁO CÁO THÀNH TÍCH"))
	d.Centered(docx.I("Đề nghị tặng Cờ thi đua"))
	d.Heading(2, docx.T("I. ĐẶC ĐIỂM TÌNH HÌNH"))
	d.P(docx.T("Đơn vị "), docx.B("BHXH tỉnh Quảng Ninh"), docx.T(" có "), docx.Blank("số cán bộ, công chức"), docx.T(" người; <thu> & \"chi\"."))
	d.Table(docx.Table{Header: 1, Widths: []int{3, 1},
		Rows: [][]docx.Cell{
			{docx.C("Chỉ tiêu"), docx.C("Quý I")},
			{docx.C("Thu BHXH"), docx.CR("101,5")},
			{docx.C("Hai dòng\nthứ hai"), docx.CR("")},
		}})
	d.P(docx.T("Kết thúc."))
	return d
}

func TestRoundTrip(t *testing.T) {
	data, err := sample().Bytes()
	if err != nil {
		t.Fatal(err)
	}
	got, err := docx.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"BÁO CÁO THÀNH TÍCH",
		"Đề nghị tặng Cờ thi đua",
		"I. ĐẶC ĐIỂM TÌNH HÌNH",
		"Đơn vị BHXH tỉnh Quảng Ninh có [cần bổ sung: số cán bộ, công chức] người; <thu> & \"chi\".",
		"Chỉ tiêu | Quý I",
		"Thu BHXH | 101,5",
		"Hai dòng\nthứ hai | ",
		"",
		"Kết thúc.",
	}
	if strings.Join(got.Lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("lines:\n%q\nwant\n%q", got.Lines, want)
	}
	if len(got.Placeholders) != 1 || got.Placeholders[0] != "[cần bổ sung: số cán bộ, công chức]" {
		t.Errorf("placeholders = %q", got.Placeholders)
	}
	if len(got.Tables) != 1 || len(got.Tables[0]) != 3 || got.Tables[0][1][1] != "101,5" {
		t.Errorf("tables = %q", got.Tables)
	}
	if !contains(got.Bold, "BHXH tỉnh Quảng Ninh") || !contains(got.Bold, "Quý I") {
		t.Errorf("bold runs = %q; want the bold run and the header cells", got.Bold)
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

// Every part is well-formed XML and the package has what Word requires.
func TestPackageParts(t *testing.T) {
	data, err := sample().Bytes()
	if err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = string(b)
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed: %v", f.Name, err)
			}
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("missing part %s", name)
		}
	}
	for _, want := range []string{`<w:pgSz w:w="11906" w:h="16838"/>`, `w:highlight w:val="yellow"`, `<w:tblHeader/>`} {
		if !strings.Contains(parts["word/document.xml"], want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	for _, want := range []string{`w:ascii="Times New Roman"`, `<w:sz w:val="26"/>`, `<w:sz w:val="28"/>`} {
		if !strings.Contains(parts["word/styles.xml"], want) {
			t.Errorf("styles.xml lacks %s", want)
		}
	}
	if !strings.Contains(parts["word/fontTable.xml"], `<w:altName w:val="DejaVu Serif"/>`) {
		t.Error("fontTable.xml gives no DejaVu fallback")
	}
}

// The same document gives the same bytes (reproducible output).
func TestDeterministic(t *testing.T) {
	a, _ := sample().Bytes()
	b, _ := sample().Bytes()
	if !bytes.Equal(a, b) {
		t.Error("two writes of one document differ")
	}
}

func TestReadRejects(t *testing.T) {
	if _, err := docx.Read([]byte("not a zip")); err == nil {
		t.Error("Read accepted a non-zip")
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	w, _ := z.Create("other.xml")
	w.Write([]byte("<a/>"))
	z.Close()
	if _, err := docx.Read(buf.Bytes()); err == nil {
		t.Error("Read accepted a zip without word/document.xml")
	}
}

// LibreOffice opens the document and lays it out on A4 with the text intact.
func TestRendersInLibreOffice(t *testing.T) {
	data, err := sample().Bytes()
	if err != nil {
		t.Fatal(err)
	}
	pdf, png, pages := docxtest.Render(t, data, 50)
	if pages != 1 {
		t.Errorf("pages = %d, want 1", pages)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Error("not a PNG")
	}
	text := strings.Join(strings.Fields(docxtest.PDFText(t, pdf)), " ")
	for _, want := range []string{"BÁO CÁO THÀNH TÍCH", "BHXH tỉnh Quảng Ninh", "[cần bổ sung: số cán bộ, công chức]", "101,5"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
}

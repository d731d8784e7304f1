package submissions

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var xlsxInfo = TemplateInfo{Cluster: "cum5", Unit: "phu_tho", UnitName: "BHXH tỉnh Phú Thọ", Period: Period{2026, 10},
	Deadline: at(2026, 11, 5, 17, 0)}

func xlsxQuestions() []Question {
	cs := []Criterion{crThu, crPct, crYesNo, crNguoi, crCount, crManual, crLate}
	known := map[string]Known{
		"thu_bhxh":   {Target: ptr(9200), Last: &Last{Period{2026, 9}, 6000}},
		"gd_dien_tu": {Last: &Last{Period{2026, 9}, 96}},
	}
	return Questions(cs, Period{2026, 10}, known, ForFocal)
}

func template(t *testing.T, qs []Question, answers map[string]Entry) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, xlsxInfo, qs, answers); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func upload(t *testing.T, f *excelize.File, qs []Question) (*Upload, error) {
	t.Helper()
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return ParseXLSX(&buf, xlsxInfo, qs)
}

func TestTemplate(t *testing.T) {
	qs := xlsxQuestions()
	f := template(t, qs, map[string]Entry{"thu_bhxh": val(7100.5), "cchc": val(1)})
	rows, err := f.GetRows("Báo cáo")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rows[0][0], "THÁNG 10/2026") || !strings.Contains(rows[2][0], "17:00 05/11/2026") {
		t.Errorf("header rows %q", rows[:3])
	}
	if got := strings.Join(rows[5], "|"); got != "STT|Mã tiêu chí|Tiêu chí|Đơn vị tính|Cách nhập|Chỉ tiêu năm|Kỳ trước|Giá trị|Ghi chú" {
		t.Errorf("column headers %q", got)
	}
	if len(rows) != 6+len(qs) {
		t.Fatalf("%d rows; want %d criteria rows", len(rows)-6, len(qs))
	}
	for i, q := range qs {
		if rows[6+i][1] != q.Criterion.ID || rows[6+i][2] != q.Criterion.Name {
			t.Errorf("row %d = %q", 7+i, rows[6+i])
		}
	}
	if v, _ := f.GetCellValue("Báo cáo", "H7"); v != "7100.5" {
		t.Errorf("prefilled H7 = %q", v)
	}
	if v, _ := f.GetCellValue("Báo cáo", "H9"); v != "Có" {
		t.Errorf("prefilled H9 = %q", v)
	}
	if v, _ := f.GetCellValue("Báo cáo", "G7"); v != "6.000 tỷ đồng (tháng 9/2026)" {
		t.Errorf("G7 = %q", v)
	}
	if vis, _ := f.GetSheetVisible("thiduabot"); vis {
		t.Error("metadata sheet is visible")
	}
	dvs, _ := f.GetDataValidations("Báo cáo")
	if len(dvs) != 1 || dvs[0].Sqref != "H9" {
		t.Errorf("data validations %+v; want the yes/no drop list on H9", dvs)
	}
}

// TestXLSXMatchesChat fills text cells with what a user would type in the
// chat and checks the upload gives the very answers the conversation gives.
func TestXLSXMatchesChat(t *testing.T) {
	qs := xlsxQuestions()
	typed := map[string]string{"thu_bhxh": "7.100,5 tỷ", "gd_dien_tu": "120%", "cchc": "co", "phat_trien_tn": "1.234", "vi_pham": "2"}
	f := template(t, qs, nil)
	for i, q := range qs {
		_ = f.SetCellStr("Báo cáo", cell(8, 7+i), typed[q.Criterion.ID])
	}
	up, err := upload(t, f, qs)
	if err != nil {
		m, _ := Message(err)
		t.Fatalf("ParseXLSX: %v\n%s", err, m)
	}
	d := NewDraft(focalA, "cum5", "phu_tho", Period{2026, 10}, ForFocal, nil)
	for range qs {
		q, _ := d.Question(qs)
		out, err := d.Type(qs, typed[q.Criterion.ID])
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Warnings) > 0 {
			if len(up.Warnings[q.Criterion.ID]) != len(out.Warnings) {
				t.Errorf("%s: file warnings %v; chat warnings %v", q.Criterion.ID, up.Warnings[q.Criterion.ID], out.Warnings)
			}
			if err := d.Keep(qs); err != nil {
				t.Fatal(err)
			}
		}
	}
	for id, want := range d.Answers {
		if got := up.Answers[id]; got != want {
			t.Errorf("%s: file %+v; chat %+v", id, got, want)
		}
	}
	if len(up.Answers) != len(d.Answers) {
		t.Errorf("file answers %v; chat answers %v", up.Answers, d.Answers)
	}
	// Applied to a draft, the upload lands on the summary.
	e := NewDraft(focalA, "cum5", "phu_tho", Period{2026, 10}, ForFocal, nil)
	e.Apply(qs, up)
	if _, asking := e.Question(qs); asking || e.Summary(qs) != d.Summary(qs) {
		t.Errorf("applied draft differs from the chat draft:\n%s\n---\n%s", e.Summary(qs), d.Summary(qs))
	}
}

func TestXLSXCellKinds(t *testing.T) {
	qs := xlsxQuestions()
	f := template(t, qs, nil)
	sh := "Báo cáo"
	_ = f.SetCellFloat(sh, "H7", 7100.5, -1, 64) // thu_bhxh as an Excel number: never ambiguous
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 10})
	_ = f.SetCellFloat(sh, "H8", 0.955, -1, 64) // 95,50% as Excel stores it
	_ = f.SetCellStyle(sh, "H8", "H8", pct)
	_ = f.SetCellStr(sh, "H9", "Không")
	_ = f.SetCellInt(sh, "H10", 1234)     // people
	_ = f.SetCellStr(sh, "H11", "bỏ qua") // counts: skipped
	up, err := upload(t, f, qs)
	if err != nil {
		m, _ := Message(err)
		t.Fatalf("ParseXLSX: %v\n%s", err, m)
	}
	want := map[string]Entry{
		"thu_bhxh":      {State: StateValue, Value: 7100.5, Raw: "7100.5"},
		"gd_dien_tu":    {State: StateValue, Value: 95.5, Raw: "0.955"},
		"cchc":          {State: StateValue, Value: 0, Raw: "Không"},
		"phat_trien_tn": {State: StateValue, Value: 1234, Raw: "1234"},
		"vi_pham":       {State: StateSkipped},
	}
	for id, w := range want {
		if got := up.Answers[id]; got != w {
			t.Errorf("%s = %+v; want %+v", id, got, w)
		}
	}
	// Keep-last where offered.
	f2 := template(t, qs, nil)
	_ = f2.SetCellStr(sh, "H8", "giữ")
	up, err = upload(t, f2, qs)
	if err != nil {
		t.Fatal(err)
	}
	if e := up.Answers["gd_dien_tu"]; e.State != StateKept || e.Value != 96 {
		t.Errorf("giữ = %+v", e)
	}
	if e := up.Answers["thu_bhxh"]; e.State != StateSkipped {
		t.Errorf("empty cell = %+v; want skipped", e)
	}
}

func TestXLSXErrors(t *testing.T) {
	qs := xlsxQuestions()
	sh := "Báo cáo"
	f := template(t, qs, nil)
	_ = f.SetCellStr(sh, "H7", "1.234")     // ambiguous for tỷ đồng without range
	_ = f.SetCellStr(sh, "H8", "95 tỷ")     // wrong unit for %
	_ = f.SetCellStr(sh, "H9", "có lẽ")     // not yes/no
	_ = f.SetCellStr(sh, "H11", "2,5")      // not a whole count
	_ = f.SetCellStr(sh, "H10", "giữ")      // nothing to keep
	_ = f.SetCellStr(sh, "B12", "khong_co") // unknown criterion
	_ = f.SetCellStr(sh, "H12", "1")
	_ = f.SetCellStr(sh, "B13", "thu_bhxh") // duplicate
	_ = f.SetCellStr(sh, "H13", "5")
	_, err := upload(t, f, qs)
	var xe *XLSXError
	if !errors.As(err, &xe) {
		t.Fatalf("ParseXLSX: %v; want XLSXError", err)
	}
	wantAt := []struct {
		row int
		col string
		has string
	}{
		{7, "H", "«1.234» có thể là 1.234 tỷ đồng (số nguyên) hoặc 1,234 tỷ đồng (số thập phân)"},
		{8, "H", "không khớp"},
		{9, "H", "Có hoặc Không"},
		{10, "H", "không có số liệu kỳ trước"},
		{11, "H", "số nguyên"},
		{12, "B", "khong_co"},
		{13, "H", "đã có ở dòng 7"},
	}
	if len(xe.Problems) != len(wantAt) {
		t.Fatalf("problems %+v", xe.Problems)
	}
	for i, w := range wantAt {
		p := xe.Problems[i]
		if p.Row != w.row || p.Col != w.col || !strings.Contains(p.Message, w.has) {
			t.Errorf("problem %d = %+v; want row %d col %s with %q", i, p, w.row, w.col, w.has)
		}
	}
	m, ok := Message(err)
	if !ok || !strings.Contains(m, "Dòng 7, cột H (Giá trị): «1.234»") || !strings.HasPrefix(m, "Tệp Excel có lỗi") {
		t.Errorf("message:\n%s", m)
	}

	// Whole-file problems.
	other := xlsxInfo
	other.Period = Period{2026, 9}
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, other, qs, nil); err != nil {
		t.Fatal(err)
	}
	_, err = ParseXLSX(&buf, xlsxInfo, qs)
	if m, _ := Message(err); !strings.Contains(m, "mẫu của BHXH tỉnh Phú Thọ, tháng 9/2026") {
		t.Errorf("wrong period: %q", m)
	}
	plain := excelize.NewFile()
	buf.Reset()
	_, _ = plain.WriteTo(&buf)
	_, err = ParseXLSX(&buf, xlsxInfo, qs)
	if m, _ := Message(err); !strings.Contains(m, "không phải mẫu") {
		t.Errorf("foreign file: %q", m)
	}
	_, err = ParseXLSX(strings.NewReader("not a zip"), xlsxInfo, qs)
	if m, _ := Message(err); !strings.Contains(m, "Không mở được") {
		t.Errorf("corrupt file: %q", m)
	}
}

// FuzzParseXLSX feeds mutated files: ParseXLSX must answer an Upload or an
// XLSXError with a message, never panic or return anything else.
func FuzzParseXLSX(f *testing.F) {
	qs := xlsxQuestions()
	var tpl bytes.Buffer
	if err := WriteTemplate(&tpl, xlsxInfo, qs, map[string]Entry{"thu_bhxh": val(7100.5), "cchc": val(1)}); err != nil {
		f.Fatal(err)
	}
	f.Add(tpl.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		up, err := ParseXLSX(bytes.NewReader(data), xlsxInfo, qs)
		if err != nil {
			var xe *XLSXError
			if !errors.As(err, &xe) || len(xe.Problems) == 0 {
				t.Fatalf("error %v is not an XLSXError", err)
			}
			if m, ok := Message(err); !ok || m == "" {
				t.Fatalf("no message for %v", err)
			}
			return
		}
		if up == nil || up.Answers == nil {
			t.Fatal("nil upload without error")
		}
	})
}

package awards_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/awards"
	"github.com/thiduabot/thiduabot/awards/awardstest"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/docx"
	"github.com/thiduabot/thiduabot/docx/docxtest"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/store/storetest"
)

var update = flag.Bool("update", false, "rewrite testdata/demo-report-page1.png")

// demoReport is the demo season's draft report of unit for award.
func demoReport(t *testing.T, unit, award string, edit func(scoring.Values)) (*awards.ReportData, []byte) {
	t.Helper()
	cfg := demo(t)
	clk := clock.NewFake(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC))
	kv := storetest.NewMem(clk)
	vs, err := awardstest.Values(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(vs)
	}
	ctx := context.Background()
	if err := awardstest.Seed(ctx, kv, cfg, vs); err != nil {
		t.Fatal(err)
	}
	src := awards.Source{KV: kv, Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets, Clock: clk, Location: time.UTC}
	d, err := cfg.Awards.LoadReport(ctx, src, unit, 2026, award)
	if err != nil {
		t.Fatal(err)
	}
	data, err := d.Document().Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return d, data
}

func TestReportReadsBack(t *testing.T) {
	d, data := demoReport(t, "quang_ninh", "co_thi_dua", nil)
	txt, err := docx.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	s := txt.String()
	for _, want := range []string{
		"BHXH TỈNH QUẢNG NINH",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"BÁO CÁO THÀNH TÍCH",
		"Đề nghị tặng Cờ thi đua của BHXH Việt Nam (đơn vị dẫn đầu cụm) năm 2026",
		"I. ĐẶC ĐIỂM, TÌNH HÌNH",
		"BHXH tỉnh Quảng Ninh là đơn vị thành viên của Cụm thi đua số 5 (ví dụ) (6 đơn vị, cùng với BHXH tỉnh Phú Thọ, ",
		"II. THÀNH TÍCH ĐẠT ĐƯỢC",
		"Số liệu từ tháng 1 đến hết tháng 11/2026",
		// The indicator table: plan, quarters, through November, ratio.
		"STT | Chỉ tiêu | Đơn vị tính | Kế hoạch năm | Quý I | Quý II | Quý III | Đến hết T11 | Tỷ lệ so với KH đến T11 (%)",
		"1 | Thu BHXH bắt buộc so với kế hoạch | tỷ đồng | 7.400 | ",
		"Tính đến hết tháng 11/2026, đơn vị đạt 90,14 điểm (tối đa 100 điểm), xếp thứ 1 trên 6 đơn vị của cụm.",
		"tháng 11/2026 | 90,14 | 1/6",
		"III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN",
		"2024 | Tập thể Lao động xuất sắc | [cần bổ sung: số, ngày quyết định; cơ quan ban hành]",
		"2025 | Tập thể Lao động xuất sắc",
		"Nguồn số liệu",
		"tháng 6/2026 | ",
		"THỦ TRƯỞNG ĐƠN VỊ",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Every figure of the indicator table's quarter columns is the engine's
	// value from the reports: Quý II of thu_bhxh is June's year-to-date.
	june, _ := d.Monthly[5].Unit("quang_ninh")
	cr, _ := june.Criterion("thu_bhxh")
	if !strings.Contains(s, "| 3.617,1 |") || cr.Value != 3617.1 {
		t.Errorf("thu_bhxh June = %v; the table must show it as 3.617,1", cr.Value)
	}
	for _, want := range []string{"[cần bổ sung: địa bàn, cơ cấu tổ chức", "[cần bổ sung: chức năng, nhiệm vụ", "[cần bổ sung: các giải pháp", "[cần bổ sung: họ và tên]"} {
		found := false
		for _, p := range txt.Placeholders {
			found = found || strings.HasPrefix(p, want)
		}
		if !found {
			t.Errorf("no highlighted place %q in %q", want, txt.Placeholders)
		}
	}
	// Every month of the period has its source line: confirmed on time.
	if n := strings.Count(s, "| Đúng hạn"); n != 11 {
		t.Errorf("%d on-time source lines, want 11", n)
	}
}

// A missing month and a late one show in the sources and the trajectory.
func TestReportThinRecord(t *testing.T) {
	_, data := demoReport(t, "hung_yen", "tap_the_ldxs", func(vs scoring.Values) {
		vs.Set("hung_yen", "nop_muon", time.October, 1)
		for _, c := range []string{"thu_bhxh", "phat_trien_tn", "bao_phu_bhyt", "no_dong", "chi_kcb", "dvc_truc_tuyen", "chi_tra_dung_han", "cchc", "sang_kien", "vi_pham", "nop_muon", "danh_gia_cum_truong"} {
			if s := vs["hung_yen"][c]; s != nil {
				s.Unset(time.August)
			}
		}
	})
	txt, err := docx.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	s := txt.String()
	for _, want := range []string{"tháng 8/2026 | Chưa có báo cáo", "tháng 10/2026 | ", "| Muộn", "Đề nghị tặng Tập thể Lao động xuất sắc năm 2026"} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

func TestGovernmentFlagTemplate(t *testing.T) {
	_, data := demoReport(t, "quang_ninh", "co_thi_dua_cp", nil)
	txt, err := docx.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	s := txt.String()
	for _, want := range []string{"BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG CỜ THI ĐUA CỦA CHÍNH PHỦ", "5. Vai trò dẫn đầu phong trào thi đua", "Hạng | Đơn vị | Tổng điểm", "1 | BHXH tỉnh Quảng Ninh | 90,14"} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

// The demo report opens in LibreOffice: its first page is kept as a PNG for
// review (go test -run TestReportRenders -update ./awards/ rewrites it).
func TestReportRenders(t *testing.T) {
	_, data := demoReport(t, "quang_ninh", "co_thi_dua", nil)
	pdf, png, pages := docxtest.Render(t, data, 60)
	if pages < 2 || pages > 6 {
		t.Errorf("%d pages", pages)
	}
	text := strings.Join(strings.Fields(docxtest.PDFText(t, pdf)), " ")
	for _, want := range []string{"BÁO CÁO THÀNH TÍCH", "Đề nghị tặng Cờ thi đua của BHXH Việt Nam", "[cần bổ sung: địa danh]", "THÀNH TÍCH ĐẠT ĐƯỢC", "90,14"} {
		if !strings.Contains(text, want) {
			t.Errorf("rendered PDF lacks %q", want)
		}
	}
	const golden = "testdata/demo-report-page1.png"
	if *update {
		if err := os.WriteFile(golden, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(golden); err != nil {
		t.Errorf("%s missing (run with -update): %v", golden, err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Error("pdftoppm gave no PNG")
	}
}

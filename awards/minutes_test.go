package awards_test

import (
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/awards"
	"github.com/thiduabot/thiduabot/docx"
	"github.com/thiduabot/thiduabot/docx/docxtest"
)

func TestMinutes(t *testing.T) {
	cfg := demo(t)
	cl, _ := cfg.Org.Cluster("cum5")
	a, _ := cfg.Awards.Award("co_thi_dua")
	opened := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
	p := &awards.Poll{ID: "v1", Cluster: "cum5", Year: 2026, Award: a.ID, Slots: 1,
		Candidates: []string{"quang_ninh", "phu_tho", "hung_yen"}, Members: []string{"bac_ninh", "hung_yen", "ninh_binh", "phu_tho", "quang_ninh", "thai_nguyen"},
		Voted: []string{"bac_ninh", "hung_yen", "phu_tho", "quang_ninh", "thai_nguyen"}, Tally: []int{3, 0, 1}, Ballots: 5,
		Opened: opened, Deadline: opened.Add(24 * time.Hour), Closed: opened.Add(3 * time.Hour)}
	data, err := cfg.Awards.Minutes(cl, a, p, time.FixedZone("ICT", 7*3600)).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	txt, err := docx.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	s := txt.String()
	for _, want := range []string{
		"CỤM THI ĐUA SỐ 5 (VÍ DỤ)", "BIÊN BẢN",
		"Thời gian bỏ phiếu: từ 09:00 03/12/2026 đến 12:00 03/12/2026",
		"Thành phần: 5/6 đơn vị thành viên của Cụm thi đua số 5 (ví dụ) đã bỏ phiếu: BHXH tỉnh Bắc Ninh, BHXH tỉnh Hưng Yên, BHXH tỉnh Phú Thọ, BHXH tỉnh Quảng Ninh, BHXH tỉnh Thái Nguyên.",
		"1 | BHXH tỉnh Quảng Ninh | 3 | 50 | Đạt", "2 | BHXH tỉnh Phú Thọ | 0 | 0 | Không đạt",
		"Đơn vị được đề nghị: BHXH tỉnh Quảng Ninh.",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("minutes lack %q:\n%s", want, s)
		}
	}
	if len(txt.Placeholders) < 4 {
		t.Errorf("placeholders = %q", txt.Placeholders)
	}
	pdf, _, pages := docxtest.Render(t, data, 40)
	if pages != 1 && pages != 2 {
		t.Errorf("%d pages", pages)
	}
	if text := strings.Join(strings.Fields(docxtest.PDFText(t, pdf)), " "); !strings.Contains(text, "Họp bình xét, suy tôn") {
		t.Errorf("rendered minutes:\n%s", text)
	}
}

// Without the quorum nobody is elected, whatever the votes.
func TestMinutesNoQuorum(t *testing.T) {
	cfg := demo(t)
	cl, _ := cfg.Org.Cluster("cum5")
	a, _ := cfg.Awards.Award("co_thi_dua")
	at := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
	p := &awards.Poll{Year: 2026, Award: a.ID, Slots: 1, Candidates: []string{"quang_ninh"},
		Members: []string{"bac_ninh", "hung_yen", "ninh_binh", "phu_tho", "quang_ninh", "thai_nguyen"},
		Voted:   []string{"bac_ninh", "hung_yen", "phu_tho", "quang_ninh"}, Tally: []int{4}, Opened: at, Closed: at}
	txt, err := docx.Read(must(cfg.Awards.Minutes(cl, a, p, nil).Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"chưa đủ tỷ lệ tham gia tối thiểu 67%", "Không có đơn vị nào đạt tỷ lệ phiếu cần thiết.", "1 | BHXH tỉnh Quảng Ninh | 4 | 66,7 | Không đạt"} {
		if !strings.Contains(txt.String(), want) {
			t.Errorf("minutes lack %q", want)
		}
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

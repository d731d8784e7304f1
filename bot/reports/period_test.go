package reports

import (
	"testing"

	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/msg"
)

// TestTypedPeriods: a report's month is typed in the grammar every command
// shares ("tháng 10/2026", "T10/2026"), and a quarter or a year is refused
// with the forms to use instead of being taken for a unit.
func TestTypedPeriods(t *testing.T) {
	h := newHarness(t, nil)
	bottest.MustContain(t, h.Say(uFocalBN, "/baocao tháng 10/2026"), "Báo cáo tháng 10/2026 của BHXH tỉnh Bắc Ninh gồm 10 tiêu chí")
	bottest.MustContain(t, h.Say(uFocalBN, "huy"), msg.SubmitCancelled)
	bottest.MustContain(t, h.Say(uFocalBN, "/baocao thang 10 nam 2026"), "Báo cáo tháng 10/2026 của BHXH tỉnh Bắc Ninh")
	bottest.MustContain(t, h.Say(uFocalBN, "huy"), msg.SubmitCancelled)
	bottest.MustContain(t, h.Say(uFocalBN, "/baocao quý 4/2026"), "Báo cáo số liệu gửi theo từng tháng, nên «quý 4/2026»")
	bottest.MustContain(t, h.Say(uChair, "/baocao bac_ninh T10/2026"), "Nhập điểm các tiêu chí do cụm trưởng chấm, tháng 10/2026, cho BHXH tỉnh Bắc Ninh")
	bottest.MustContain(t, h.Say(uDeputy, "/tiendo tháng 9/2026"), "Tiến độ báo cáo tháng 9/2026: 1/6 đơn vị đã xác nhận")
}

// TestExcelUploadFarFromLast: an uploaded template is checked like a typed
// answer, including against last month: 0,014 for a debt rate of 1,4% in
// September (a share typed as a fraction) is shown with the warning.
func TestExcelUploadFarFromLast(t *testing.T) {
	h := newHarness(t, nil)
	var tpl []byte
	for _, s := range h.Say(uFocalBN, "/baocao mau") {
		if s.Method == "sendDocument" {
			tpl = s.FileData
		}
	}
	if tpl == nil {
		t.Fatal("no template")
	}
	got := h.Document(uFocalBN, "baocao.xlsx", xlsxType, fillTemplate(t, tpl, map[string]any{"no_dong": 0.014}))
	bottest.MustContain(t, got, msg.ReportsUploadWarnings, "chỉ bằng khoảng 1/100 số đã báo cáo tháng 9/2026 (1,4%)")
}

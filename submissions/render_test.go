package submissions

import (
	"context"
	"testing"

	"github.com/thiduabot/thiduabot/store/storetest"
)

func TestRenderedTexts(t *testing.T) {
	ctx := context.Background()
	oct := Period{2026, 10}
	f := newFixture(storetest.NewMem(nil), at(2026, 11, 6, 10, 32))
	r, err := f.rs.Confirm(ctx, confirmation("phu_tho", oct, 0, focalA, map[string]Entry{"thu_bhxh": val(2480.5), "cchc": val(1)}))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Recorded(r, 1, "Phú Thọ"), "Đã ghi nhận lúc 10:32 06/11/2026 (lần 1): báo cáo tháng 10/2026 của Phú Thọ, nộp muộn (hạn 17:00 05/11/2026)."; got != want {
		t.Errorf("Recorded = %q; want %q", got, want)
	}
	f.clk.Set(at(2026, 11, 7, 8, 15))
	r, err = f.rs.Confirm(ctx, confirmation("phu_tho", oct, 1, focalB, map[string]Entry{"thu_bhxh": val(2490), "cchc": val(1)}))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Recorded(r, 2, "Phú Thọ"), "Đã ghi nhận lúc 08:15 07/11/2026 (lần 2): báo cáo tháng 10/2026 của Phú Thọ, nộp muộn (hạn 17:00 05/11/2026)."; got != want {
		t.Errorf("Recorded after an edit = %q; want %q", got, want)
	}
	if got, want := Recorded(r, 1, "Phú Thọ"), "Đã ghi nhận lúc 10:32 06/11/2026 (lần 1): báo cáo tháng 10/2026 của Phú Thọ, nộp muộn (hạn 17:00 05/11/2026)."; got != want {
		t.Errorf("Recorded of the first revision = %q; want %q", got, want)
	}
	want := "Lịch sử báo cáo tháng 10/2026:\n" +
		"Lần 1 — 10:32 06/11/2026, Nguyễn Văn An (nộp muộn)\n" +
		"   Thu BHXH: chưa nhập → 2.480,5 tỷ đồng\n" +
		"   Hoàn thành kế hoạch CCHC: chưa nhập → Có\n" +
		"Lần 2 — 08:15 07/11/2026, Trần Thị Bình\n" +
		"   Thu BHXH: 2.480,5 tỷ đồng → 2.490 tỷ đồng"
	if got := HistoryText(r); got != want {
		t.Errorf("HistoryText =\n%s\nwant\n%s", got, want)
	}
	ps := []UnitProgress{
		{Unit: "phu_tho", Status: StatusLate, ConfirmedAt: r.ConfirmedAt, ConfirmedBy: focalB},
		{Unit: "bac_ninh", Status: StatusDraft, Drafting: []Actor{focalA}},
		{Unit: "hung_yen", Status: StatusNothing},
	}
	names := map[string]string{"phu_tho": "BHXH tỉnh Phú Thọ", "bac_ninh": "BHXH tỉnh Bắc Ninh", "hung_yen": "BHXH tỉnh Hưng Yên"}
	want = "Tiến độ báo cáo tháng 10/2026: 1/3 đơn vị đã xác nhận.\n" +
		"⏰ BHXH tỉnh Phú Thọ — đã xác nhận lúc 08:15 07/11/2026 (Trần Thị Bình), nộp muộn\n" +
		"✏️ BHXH tỉnh Bắc Ninh — đang nhập (Nguyễn Văn An)\n" +
		"❌ BHXH tỉnh Hưng Yên — chưa có báo cáo (đầu mối: Phạm Thu Hà)"
	if got := ProgressText(oct, ps, names, map[string]string{"hung_yen": "Phạm Thu Hà"}); got != want {
		t.Errorf("ProgressText =\n%s\nwant\n%s", got, want)
	}
}

func TestParseAction(t *testing.T) {
	for in, want := range map[string]Action{
		"Bỏ qua": ActSkip, "bo qua": ActSkip, "BỎ QUA ": ActSkip,
		"Quay lại": ActBack, "quay lai": ActBack,
		"Giữ như tháng trước": ActKeep, "giu": ActKeep, "Giữ giá trị này": ActKeep,
		"Hủy": ActCancel, "huy": ActCancel, "/huy": ActCancel,
		"Xác nhận": ActConfirm, "xac nhan": ActConfirm,
		"Nhập lại": ActFix,
		"có":       ActNone, "k": ActNone, "ok": ActNone, "đúng": ActNone, "1.234": ActNone, "x": ActNone,
	} {
		if got := ParseAction(in); got != want {
			t.Errorf("ParseAction(%q) = %v; want %v", in, got, want)
		}
	}
}

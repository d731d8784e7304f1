package reports

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/submissions"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// hanoi returns the instant of a wall-clock time in Hanoi (UTC+7).
func hanoi(month time.Month, day, hour int) time.Time {
	return time.Date(2026, month, day, hour-7, 0, 0, 0, time.UTC)
}

// skipRest presses Bỏ qua until the summary.
func skipRest(t *testing.T, h *harness, u telegramtest.User) []telegramtest.Sent {
	t.Helper()
	for i := 0; i < 20; i++ {
		if !hasLabel(h.Last(u), "Bỏ qua") {
			return h.Srv.SentTo(u.ID)[len(h.Srv.SentTo(u.ID))-1:]
		}
		h.Press(u, "Bỏ qua")
	}
	t.Fatal("never reached the summary")
	return nil
}

func TestAmbiguousWarningBackEditCancel(t *testing.T) {
	h := newHarness(t, nil)
	h.Say(uFocalBN, "/baocao")
	q1 := h.Last(uFocalBN)
	skip := ""
	for _, row := range q1.Keyboard {
		for _, b := range row {
			if b.Text == "Bỏ qua" {
				skip = b.Data
			}
		}
	}
	// Unreadable: the question stays.
	got := h.Say(uFocalBN, "mười nghìn")
	bottest.MustContain(t, got, "1.234,5")
	bottest.MustNotContain(t, got, "Tiêu chí 2/10")
	// "1.234" is 1234 or 1,234: asked, never guessed.
	got = h.Say(uFocalBN, "1.234")
	bottest.MustContain(t, got, "Giá trị «1.234» có thể hiểu theo hai cách")
	choices := labels(h.Last(uFocalBN))
	if len(choices) != 3 || !strings.Contains(choices[0], "1.234") || !strings.Contains(choices[1], "1,234") {
		t.Fatalf("choices: %v", choices)
	}
	// The whole reading is below September's 9.000: a warning, fix or keep.
	got = h.Press(uFocalBN, choices[0])
	bottest.MustContain(t, got, "Giá trị đã đọc: 1.234 tỷ đồng.", "9.000", "Anh/chị muốn nhập lại hay giữ giá trị này?")
	if w := h.Last(uFocalBN); !hasLabel(w, "Nhập lại") || !hasLabel(w, "Giữ giá trị này") {
		t.Errorf("warning buttons: %v", labels(w))
	}
	got = h.Press(uFocalBN, "Nhập lại")
	bottest.MustContain(t, got, "Tiêu chí 1/10")
	bottest.MustContain(t, h.Say(uFocalBN, "10500"), "Đã nhập: 10.500 tỷ đồng.", "Tiêu chí 2/10")
	// Back, typed.
	bottest.MustContain(t, h.Say(uFocalBN, "quay lai"), "Tiêu chí 1/10")
	bottest.MustContain(t, h.Say(uFocalBN, "10.600,0"), "Đã nhập: 10.600 tỷ đồng.", "Tiêu chí 2/10")
	// A warned value kept, typed.
	got = h.Say(uFocalBN, "-5")
	bottest.MustContain(t, got, "Giá trị đã đọc: -5 người.")
	// Words that are neither choice nor figure: the choice is asked again.
	bottest.MustContain(t, h.Say(uFocalBN, "xác nhận"), "Anh/chị vui lòng chọn Nhập lại hoặc Giữ giá trị này")
	bottest.MustContain(t, h.Say(uFocalBN, "giữ giá trị này"), "Đã nhập: -5 người.", "Tiêu chí 3/10")
	sum := skipRest(t, h, uFocalBN)
	bottest.MustContain(t, sum, "1. Thu BHXH bắt buộc so với kế hoạch: 10.600 tỷ đồng", "2. Phát triển người tham gia BHXH tự nguyện: -5 người", "Còn 8 tiêu chí để trống",
		"Tiêu chí để trống sẽ được tính theo số liệu kỳ trước", "3. Số người tham gia BHYT so với kế hoạch: 3.400.000 người (tháng 9/2026)",
		"4. Tỷ lệ nợ đóng BHXH, BHYT so với số phải thu: 1,4% (tháng 9/2026)")
	// Edit one criterion from the summary and come back to it.
	bottest.MustContain(t, h.Press(uFocalBN, "Sửa mục 4"), "Tiêu chí 4/10: Tỷ lệ nợ đóng BHXH")
	got = h.Say(uFocalBN, "2%")
	bottest.MustContain(t, got, "Đã nhập: 2%.", "Tóm tắt báo cáo tháng 10/2026:", "4. Tỷ lệ nợ đóng BHXH, BHYT so với số phải thu: 2%", "Còn 7 tiêu chí để trống")
	// An item number that is not on the summary says which are.
	bottest.MustContain(t, h.Say(uFocalBN, "0"), "gõ số mục từ 1 đến 10 để sửa")
	bottest.MustContain(t, h.Say(uFocalBN, "sửa 11"), "gõ số mục từ 1 đến 10 để sửa")
	// "sửa 2" typed at the summary.
	bottest.MustContain(t, h.Say(uFocalBN, "sửa 2"), "Tiêu chí 2/10")
	bottest.MustContain(t, h.Say(uFocalBN, "21000"), "2. Phát triển người tham gia BHXH tự nguyện: 21.000 người")
	// A button of an earlier step is expired.
	n := len(h.Srv.SentTo(uFocalBN.ID))
	h.Srv.Press(uFocalBN, q1.MessageID, skip)
	bottest.MustContain(t, h.Await(uFocalBN.ID, n, "an old button"), "Nút này đã hết hạn")
	// Cancel, typed: it asks first, then nothing is stored and the draft is gone.
	bottest.MustContain(t, h.Say(uFocalBN, "Hủy"), "Hủy sẽ bỏ 3 số liệu đã nhập.")
	bottest.MustContain(t, h.Say(uFocalBN, "huy han"), msg.SubmitCancelled, "trong vòng 24 giờ anh/chị gõ /baocao để khôi phục")
	if _, err := h.f.drafts.Get(context.Background(), uFocalBN.ID); err == nil {
		t.Error("draft kept after Hủy")
	}
	if _, err := h.f.Reports().Get(context.Background(), "cum5", "bac_ninh", submissions.Period{Year: 2026, Month: 10}); err == nil {
		t.Error("report stored after Hủy")
	}
	bottest.MustContain(t, h.Say(uFocalBN, "/baocao"), "Anh/chị đã hủy báo cáo tháng 10/2026 lúc 09:00 03/11/2026 khi đã nhập 3 số liệu")
	bottest.MustContain(t, h.Press(uFocalBN, "Nhập mới"), "Tiêu chí 1/10")
	// /huy in the middle also asks, then throws the draft away.
	bottest.MustContain(t, h.Say(uFocalBN, "10500"), "Tiêu chí 2/10")
	bottest.MustContain(t, h.Say(uFocalBN, "/huy"), "Hủy sẽ bỏ 1 số liệu đã nhập.")
	bottest.MustContain(t, h.Press(uFocalBN, "Hủy hẳn"), "Đã hủy")
	if _, err := h.f.drafts.Get(context.Background(), uFocalBN.ID); err == nil {
		t.Error("draft kept after /huy")
	}
	bottest.MustContain(t, h.Say(uFocalBN, "/baocao"), "khi đã nhập 1 số liệu")
	bottest.MustContain(t, h.Press(uFocalBN, "Nhập mới"), "Tiêu chí 1/10")
	// Nothing entered: Hủy does not ask.
	bottest.MustContain(t, h.Say(uFocalBN, "Hủy"), msg.SubmitCancelled)
	bottest.MustContain(t, h.Say(uFocalBN, "/baocao"), "Tiêu chí 1/10")
}

func TestResumeAfterRestartAndIdleReminder(t *testing.T) {
	h := newHarness(t, nil)
	h.Say(uFocalBN, "/baocao")
	h.Say(uFocalBN, "10500")
	h.Say(uFocalBN, "20000")
	h.Press(uFocalBN, "Giữ như tháng trước")
	// A new bot instance on the same store: the next answer lands where it should.
	h.Restart()
	bottest.MustContain(t, h.Say(uFocalBN, "1,2%"), "Đã nhập: 1,2%.", "Tiêu chí 5/10")
	h.Restart()
	bottest.MustContain(t, h.Say(uFocalBN, "/baocao"), "đang có báo cáo tháng 10/2026 chưa hoàn tất (4/10 tiêu chí, lần cuối lúc 09:00 03/11/2026)", "Tiêu chí 5/10")

	// Idle for a day: one reminder, not two.
	n := len(h.Srv.SentTo(uFocalBN.ID))
	h.Clock.Advance(23 * time.Hour)
	h.Settle()
	if got := len(h.Srv.SentTo(uFocalBN.ID)); got != n {
		t.Fatalf("reminder before 24 h: %s", bottest.Plain(h.Srv.SentTo(uFocalBN.ID)[n:]))
	}
	got := h.Await(uFocalBN.ID, n, "the idle reminder")
	bottest.MustContain(t, got, "Báo cáo tháng 10/2026 của anh/chị đang dừng ở 4/10 tiêu chí và vẫn được lưu")
	if d := h.Clock.Now().Sub(start); d < 24*time.Hour || d > 24*time.Hour+10*time.Minute {
		t.Errorf("reminder after %v, want 24 h", d)
	}
	n = len(h.Srv.SentTo(uFocalBN.ID))
	h.Clock.Advance(48 * time.Hour)
	h.Settle()
	for i := 0; i < 3 && h.Clock.AdvanceToNext(); i++ {
		h.Settle()
	}
	if got := len(h.Srv.SentTo(uFocalBN.ID)); got != n {
		t.Errorf("a second reminder: %s", bottest.Plain(h.Srv.SentTo(uFocalBN.ID)[n:]))
	}
	// Days later the draft is still there.
	bottest.MustContain(t, h.Say(uFocalBN, "95,5"), "Đã nhập: 95,5%.", "Tiêu chí 6/10")
}

func TestLateSubmissionAndProgress(t *testing.T) {
	h := newHarness(t, nil)
	h.Clock.Set(hanoi(11, 6, 10))
	got := h.Say(uFocalNB, "/baocao")
	bottest.MustContain(t, got, "Báo cáo tháng 10/2026 của BHXH tỉnh Ninh Bình gồm 10 tiêu chí",
		"hạn gửi báo cáo là 17:00 05/11/2026 đã qua; báo cáo vẫn được nhận đến 17:00 09/11/2026 và sẽ được ghi là nộp muộn")
	h.Say(uFocalNB, "9000")
	skipRest(t, h, uFocalNB)

	got = h.Say(uChair, "/tiendo")
	bottest.MustContain(t, got, "Tiến độ báo cáo tháng 10/2026: 0/6 đơn vị đã xác nhận.", "✏️ BHXH tỉnh Ninh Bình — đang nhập (Minh)",
		"❌ BHXH tỉnh Bắc Ninh — chưa có báo cáo (đầu mối: Lan)")

	got = h.Press(uFocalNB, "Xác nhận")
	bottest.MustContain(t, got, "Đã ghi nhận lúc 10:00 06/11/2026 (lần 1): báo cáo tháng 10/2026 của BHXH tỉnh Ninh Bình, nộp muộn (hạn 17:00 05/11/2026).",
		"Điểm tạm tính tháng 10/2026: ")
	if r := h.report("ninh_binh", 10); !r.Late {
		t.Error("report not flagged late")
	}
	// The late-submission criterion is counted by the bot, never asked.
	bottest.MustNotContain(t, h.Srv.SentTo(uFocalNB.ID), "Gửi báo cáo số liệu thi đua chậm hạn")
	table, _ := h.cfg.Table("cum5")
	vals, err := h.f.Reports().Values(context.Background(), "cum5", 2026, table)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := vals.Get("ninh_binh", "nop_muon", 10); !ok || v != 1 {
		t.Errorf("late counter of Ninh Bình in October = %v, %v; want 1", v, ok)
	}
	got = h.Say(uDeputy, "/tiendo 10/2026")
	bottest.MustContain(t, got, "1/6 đơn vị đã xác nhận", "⏰ BHXH tỉnh Ninh Bình — đã xác nhận lúc 10:00 06/11/2026 (Minh), nộp muộn")
	// Focal points and members may not see the cluster's progress.
	bottest.MustContain(t, h.Say(uFocalBN, "/tiendo"), "vai trò của anh/chị không được dùng")
}

func TestLockedPeriodAndUnlock(t *testing.T) {
	h := newHarness(t, nil)
	// The lock, three days after Thursday 05/11, would fall on Sunday 08/11:
	// it moves to Monday 09/11 at 17:00.
	h.Clock.Set(hanoi(11, 9, 16))
	bottest.MustContain(t, h.Say(uFocalBN, "/baocao 10/2026"), "hạn gửi báo cáo là 17:00 05/11/2026 đã qua; báo cáo vẫn được nhận đến 17:00 09/11/2026")
	bottest.MustContain(t, h.Say(uFocalBN, "huy"), msg.SubmitCancelled)
	h.Clock.Set(hanoi(11, 9, 18))
	bottest.MustContain(t, h.Say(uFocalBN, "/baocao 10/2026"), "Kỳ báo cáo tháng 10/2026 đã khóa từ 17:00 09/11/2026")
	// The open period is now November.
	bottest.MustContain(t, h.Say(uFocalBN, "/baocao"), "Báo cáo tháng 11/2026 của BHXH tỉnh Bắc Ninh")
	bottest.MustContain(t, h.Say(uFocalBN, "huy"), msg.SubmitCancelled)

	bottest.MustContain(t, h.Say(uDeputy, "/baocao mo bac_ninh 10/2026"), "Chỉ cụm trưởng hoặc quản trị viên mới mở khóa")
	bottest.MustContain(t, h.Say(uFocalBN, "/baocao mo bac_ninh 10/2026"), "Chỉ cụm trưởng hoặc quản trị viên mới mở khóa")
	bottest.MustContain(t, h.Say(uChair, "/baocao mo"), "Cách mở khóa")
	bottest.MustContain(t, h.Say(uChair, "/baocao mo bac_ninh 10/2026 99"), "Số ngày mở khóa")
	n := len(h.Srv.SentTo(uFocalBN.ID))
	// Monday 09/11: three working days are Tuesday to Thursday.
	bottest.MustContain(t, h.Say(uChair, "/baocao mo bac_ninh 10/2026"), "Đã mở khóa báo cáo tháng 10/2026 của BHXH tỉnh Bắc Ninh (người mở: Cụm trưởng) đến hết ngày 12/11/2026.")
	bottest.MustContain(t, h.Srv.SentTo(uFocalBN.ID)[n:], "Đã mở khóa báo cáo tháng 10/2026", "đến hết ngày 12/11/2026")

	bottest.MustContain(t, h.Say(uFocalBN, "/baocao 10/2026"), "Báo cáo tháng 10/2026 của BHXH tỉnh Bắc Ninh gồm 10 tiêu chí",
		"kỳ báo cáo này đã được mở khóa; anh/chị xác nhận được đến hết ngày 12/11/2026")
	bottest.MustNotContain(t, h.Srv.SentTo(uFocalBN.ID)[n:], "17:00 09/11/2026") // the past lock is no longer the end
	h.Say(uFocalBN, "10700")
	skipRest(t, h, uFocalBN)
	bottest.MustContain(t, h.Press(uFocalBN, "Xác nhận"), "Đã ghi nhận lúc 18:00 09/11/2026 (lần 1): báo cáo tháng 10/2026 của BHXH tỉnh Bắc Ninh, nộp muộn (hạn 17:00 05/11/2026).")
	// Within the window the report can still be corrected; the history shows the window.
	got := h.Say(uFocalBN, "/baocao 10/2026")
	bottest.MustContain(t, got, "Lịch sử báo cáo tháng 10/2026:", "Mở khóa — 18:00 09/11/2026, Cụm trưởng (đến hết ngày 12/11/2026)", "Lần 1 — 18:00 09/11/2026, Lan (nộp muộn)",
		"Thu BHXH bắt buộc so với kế hoạch: chưa nhập → 10.700 tỷ đồng", "đang được mở khóa đến hết ngày 12/11/2026")
	if !hasLabel(h.Last(uFocalBN), "Sửa báo cáo") {
		t.Error("no edit inside the unlock window")
	}
	// After the window, no more editing.
	h.Clock.Set(hanoi(11, 13, 9))
	got = h.Say(uFocalBN, "/baocao 10/2026")
	bottest.MustContain(t, got, "đã khóa từ 00:00 13/11/2026")
	if hasLabel(h.Last(uFocalBN), "Sửa báo cáo") {
		t.Error("edit offered on a locked period")
	}
	// Unlocked before its lock, a period shows the later of the two ends.
	h.Clock.Set(hanoi(12, 1, 9))
	bottest.MustContain(t, h.Say(uChair, "/baocao mo bac_ninh 11/2026 1"), "đến 17:00 10/12/2026.")
	// A chair may give another length; a Friday unlock skips the weekend.
	h.Clock.Set(hanoi(12, 11, 10))
	bottest.MustContain(t, h.Say(uChair, "/baocao mo bac_ninh 10/2026 2 ngày"), "đến hết ngày 15/12/2026.")
}

// TestUnlockWindowSkipsHolidays: the window counts working days on the
// reminders' calendar, so Tết Dương lịch (Friday 01/01/2027) does not count.
func TestUnlockWindowSkipsHolidays(t *testing.T) {
	h := newHarness(t, nil)
	h.Clock.Set(hanoi(12, 31, 10)) // Thursday 31/12/2026
	bottest.MustContain(t, h.Say(uChair, "/baocao mo ninh_binh 11/2026"),
		"Đã mở khóa báo cáo tháng 11/2026 của BHXH tỉnh Ninh Bình (người mở: Cụm trưởng) đến hết ngày 06/01/2027.")
}

func TestEditUntilLockWithHistory(t *testing.T) {
	h := newHarness(t, nil)
	answerAll(t, h)
	h.Press(uFocalBN, "Xác nhận")
	h.Clock.Set(hanoi(11, 4, 15))
	h.Say(uFocalBN, "/baocao")
	got := h.Press(uFocalBN, "Sửa báo cáo")
	bottest.MustContain(t, got, "Tóm tắt báo cáo tháng 10/2026:", "1. Thu BHXH bắt buộc so với kế hoạch: 10.500,5 tỷ đồng")
	h.Press(uFocalBN, "Sửa mục 1")
	bottest.MustContain(t, h.Say(uFocalBN, "10600"), "1. Thu BHXH bắt buộc so với kế hoạch: 10.600 tỷ đồng")
	bottest.MustContain(t, h.Press(uFocalBN, "Xác nhận"), "Đã ghi nhận lúc 15:00 04/11/2026 (lần 2): báo cáo tháng 10/2026 của BHXH tỉnh Bắc Ninh, nộp đúng hạn (hạn 17:00 05/11/2026).")
	r := h.report("bac_ninh", 10)
	if r.Version != 2 || r.Late || r.Values["thu_bhxh"].Value != 10600 || r.Values["no_dong"].Value != 1.2 {
		t.Errorf("after the edit: version %d late %v values %+v", r.Version, r.Late, r.Values)
	}
	got = h.Say(uFocalBN, "/baocao")
	bottest.MustContain(t, got, "Lần 1 — 09:00 03/11/2026, Lan", "Lần 2 — 15:00 04/11/2026, Lan",
		"Thu BHXH bắt buộc so với kế hoạch: 10.500,5 tỷ đồng → 10.600 tỷ đồng")
}

// fillTemplate writes values (by criterion id) into the Giá trị column of a template.
func fillTemplate(t *testing.T, data []byte, values map[string]any) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := msg.SubmitXLSXSheet
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	idCol, valCol := -1, -1
	for i, row := range rows {
		for j, c := range row {
			switch c {
			case msg.SubmitXLSXColID:
				idCol = j
			case msg.SubmitXLSXColValue:
				valCol = j
			}
		}
		if idCol < 0 || valCol < 0 {
			continue
		}
		if idCol < len(row) {
			if v, ok := values[row[idCol]]; ok {
				ref, _ := excelize.CoordinatesToCellName(valCol+1, i+1)
				if err := f.SetCellValue(sheet, ref, v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestExcelUpload(t *testing.T) {
	h := newHarness(t, nil)
	got := h.Say(uFocalBN, "/baocao mau")
	var tpl *telegramtest.Sent
	for i := range got {
		if got[i].Method == "sendDocument" {
			tpl = &got[i]
		}
	}
	if tpl == nil || tpl.FileName != "baocao-bac_ninh-2026-10.xlsx" || !strings.Contains(tpl.Text, "Mẫu báo cáo tháng 10/2026 của BHXH tỉnh Bắc Ninh") {
		t.Fatalf("no template; got:\n%s", bottest.Plain(got))
	}
	if ids := templateIDs(t, tpl.FileData); len(ids) != 10 || ids[0] != "thu_bhxh" {
		t.Errorf("focal point's template lists %v, want the 10 asked criteria", ids)
	}
	bad := fillTemplate(t, tpl.FileData, map[string]any{"thu_bhxh": "mười nghìn", "phat_trien_tn": 20000, "vi_pham": "nhiều"})
	got = h.Document(uFocalBN, "baocao.xlsx", xlsxType, bad)
	bottest.MustContain(t, got, "Tệp Excel có lỗi, chưa ghi nhận gì:", "cột H (Giá trị)")
	if n := strings.Count(bottest.Plain(got), "Dòng "); n != 2 {
		t.Errorf("want 2 located problems, got %d:\n%s", n, bottest.Plain(got))
	}
	bottest.MustContain(t, h.Document(uFocalBN, "baocao.txt", xlsxType, []byte("x")), "chỉ nhận tệp Excel .xlsx")

	good := fillTemplate(t, tpl.FileData, map[string]any{"thu_bhxh": 10500.5, "phat_trien_tn": 20000, "bao_phu_bhyt": "giữ",
		"no_dong": 1.2, "chi_kcb": "95,5%", "chi_tra_dung_han": "có", "cchc": "x", "sang_kien": 2, "vi_pham": 0})
	got = h.Document(uFocalBN, "baocao.xlsx", xlsxType, good)
	bottest.MustContain(t, got, "Tóm tắt báo cáo tháng 10/2026:", "1. Thu BHXH bắt buộc so với kế hoạch: 10.500,5 tỷ đồng",
		"3. Số người tham gia BHYT so với kế hoạch: 3.400.000 người (giữ như tháng 9/2026)",
		"7. Tỷ lệ hồ sơ giải quyết qua dịch vụ công trực tuyến: bỏ qua (để trống)", "Điểm tạm tính")
	if _, err := h.f.Reports().Get(context.Background(), "cum5", "bac_ninh", submissions.Period{Year: 2026, Month: 10}); err == nil {
		t.Fatal("an upload was stored before Xác nhận")
	}
	bottest.MustContain(t, h.Press(uFocalBN, "Xác nhận"), "Đã ghi nhận lúc 09:00 03/11/2026 (lần 1)")
	r := h.report("bac_ninh", 10)
	if r.Values["thu_bhxh"].Value != 10500.5 || r.Values["chi_kcb"].Value != 95.5 || r.Values["bao_phu_bhyt"].State != submissions.StateKept {
		t.Errorf("stored from the file: %+v", r.Values)
	}
}

func TestTwoEditorsOfOneUnit(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	answerAll(t, h) // Lan is at her summary
	// The unit's focal role passes to Hùng, who submits first…
	ms := org.NewMembers(h.KV, h.Clock)
	if _, err := ms.Bind(ctx, org.Member{UserID: uOtherBN.ID, Name: "Hùng", Role: org.RoleFocal, Cluster: "cum5", Unit: "bac_ninh"}, 0); err != nil {
		t.Fatal(err)
	}
	h.Clock.Set(hanoi(11, 3, 10))
	h.Say(uOtherBN, "/baocao")
	h.Say(uOtherBN, "11000")
	skipRest(t, h, uOtherBN)
	bottest.MustContain(t, h.Press(uOtherBN, "Xác nhận"), "Đã ghi nhận lúc 10:00 03/11/2026 (lần 1)")
	// …and comes back to Lan, whose confirmation must not overwrite silently.
	if _, err := ms.Bind(ctx, org.Member{UserID: uFocalBN.ID, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "bac_ninh"}, 0); err != nil {
		t.Fatal(err)
	}
	got := h.Press(uFocalBN, "Xác nhận")
	bottest.MustContain(t, got, "báo cáo của đơn vị đã được người khác xác nhận", "Hùng", "11.000 tỷ đồng",
		"Tóm tắt báo cáo tháng 10/2026:", "1. Thu BHXH bắt buộc so với kế hoạch: 10.500,5 tỷ đồng")
	bottest.MustNotContain(t, got, "Đã ghi nhận")
	if r := h.report("bac_ninh", 10); r.Version != 1 || r.Values["thu_bhxh"].Value != 11000 {
		t.Fatalf("the first confirmation was overwritten: %+v", r)
	}
	// Having reviewed, she confirms.
	bottest.MustContain(t, h.Press(uFocalBN, "Xác nhận"), "Đã ghi nhận lúc 10:00 03/11/2026 (lần 2)")
	r := h.report("bac_ninh", 10)
	if r.Version != 2 || r.Values["thu_bhxh"].Value != 10500.5 || len(r.History) != 2 {
		t.Errorf("after review: version %d, thu_bhxh %v, %d revisions", r.Version, r.Values["thu_bhxh"].Value, len(r.History))
	}
}

func TestChairEntersManualCriteria(t *testing.T) {
	h := newHarness(t, nil)
	got := h.Say(uChair, "/baocao")
	bottest.MustContain(t, got, "Anh/chị nhập điểm các tiêu chí do cụm trưởng chấm cho đơn vị nào?")
	got = h.Press(uChair, "BHXH tỉnh Bắc Ninh")
	bottest.MustContain(t, got, "cho BHXH tỉnh Bắc Ninh: 1 tiêu chí", "Tiêu chí 1/1")
	got = h.Say(uChair, "8")
	bottest.MustContain(t, got, "Tóm tắt báo cáo tháng 10/2026:", "1. ")
	bottest.MustContain(t, h.Press(uChair, "Xác nhận"), "Đã ghi nhận lúc 09:00 03/11/2026 (lần 1): điểm các tiêu chí do cụm trưởng chấm, tháng 10/2026, của BHXH tỉnh Bắc Ninh.")
	r := h.report("bac_ninh", 10)
	if r.Confirmed() || r.Values["danh_gia_cum_truong"].Value != 8 {
		t.Errorf("manual entry: confirmed %v, values %+v", r.Confirmed(), r.Values)
	}
	// The unit has still not submitted.
	bottest.MustContain(t, h.Say(uChair, "/tiendo"), "❌ BHXH tỉnh Bắc Ninh — chưa có báo cáo (đầu mối: Lan)")
	// The focal point's confirmation keeps the chair's value.
	answerAll(t, h)
	bottest.MustContain(t, h.Press(uFocalBN, "Xác nhận"), "Đã ghi nhận")
	r = h.report("bac_ninh", 10)
	if !r.Confirmed() || r.Values["danh_gia_cum_truong"].Value != 8 || r.Values["thu_bhxh"].Value != 10500.5 {
		t.Errorf("after the focal point: %+v", r.Values)
	}
	// Focal points cannot enter another unit.
	bottest.MustContain(t, h.Say(uFocalBN, "/baocao ninh_binh"), "chỉ nhập được báo cáo của đơn vị mình")
}

func TestDigestGroupsConfirmations(t *testing.T) {
	h := newHarness(t, nil)
	answerAll(t, h)
	h.Press(uFocalBN, "Xác nhận")
	h.Clock.Set(start.Add(3 * time.Minute))
	h.Say(uFocalNB, "/baocao")
	skipRest(t, h, uFocalNB)
	h.Press(uFocalNB, "Xác nhận")
	got := h.Await(uChair.ID, 0, "the digest")
	bottest.MustContain(t, got, "2 đơn vị vừa xác nhận báo cáo:", "BHXH tỉnh Bắc Ninh — tháng 10/2026, lúc 09:00 03/11/2026 (Lan)",
		"BHXH tỉnh Ninh Bình — tháng 10/2026, lúc 09:03 03/11/2026 (Minh)")
	if n := len(h.Srv.SentTo(uChair.ID)); n != 1 {
		t.Errorf("chair got %d messages, want one digest", n)
	}
}

func TestRoles(t *testing.T) {
	h := newHarness(t, nil)
	bottest.MustContain(t, h.Say(uOtherBN, "/baocao"), "vai trò của anh/chị không được dùng")
	bottest.MustContain(t, h.Say(uOtherBN, "/tiendo"), "vai trò của anh/chị không được dùng")
	bottest.MustContain(t, h.Say(uAdmin, "/tiendo 10/2026"), "Tiến độ báo cáo tháng 10/2026: 0/6 đơn vị đã xác nhận.")
	got := h.Say(uAdmin, "/baocao")
	bottest.MustContain(t, got, "cho đơn vị nào?")
	if n := len(labels(h.Last(uAdmin))); n != 6 {
		t.Errorf("admin is offered %d units, want the 6 of the demo", n)
	}
	bottest.MustContain(t, h.Say(uDeputy, "/baocao ninh_binh"), "cho BHXH tỉnh Ninh Bình: 1 tiêu chí")
	bottest.MustContain(t, h.Say(uFocalBN, "/baocao 12/2026"), "Kỳ báo cáo này chưa bắt đầu.")
	bottest.MustContain(t, h.Say(uFocalBN, "/baocao 99/2026"), "Bot chưa hiểu kỳ «99/2026»")
	// A chair's button pressed by a focal point (forged) gives no manual entry.
	n := len(h.Srv.SentTo(uFocalBN.ID))
	h.Srv.Press(uFocalBN, h.Last(uFocalBN).MessageID, bot.Data(cbPrefix, actPickUnit, "bac_ninh", ""))
	got = h.Await(uFocalBN.ID, n, "a forged button")
	bottest.MustContain(t, got, "Nút này đã hết hạn")
	bottest.MustNotContain(t, got, "Tiêu chí 1/1")
	// The chair's template holds the manual criterion only.
	got = h.Say(uChair, "/baocao mau bac_ninh")
	bottest.MustContain(t, got, "Mẫu báo cáo tháng 10/2026 của BHXH tỉnh Bắc Ninh")
	for _, s := range got {
		if s.Method == "sendDocument" {
			if ids := templateIDs(t, s.FileData); len(ids) != 1 || ids[0] != "danh_gia_cum_truong" {
				t.Errorf("chair's template lists %v", ids)
			}
		}
	}
}

// templateIDs lists the criterion ids of a template, in order.
func templateIDs(t *testing.T, data []byte) []string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(msg.SubmitXLSXSheet)
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	var ids []string
	for _, row := range rows {
		if col >= 0 && col < len(row) && row[col] != "" {
			ids = append(ids, row[col])
		}
		for j, c := range row {
			if c == msg.SubmitXLSXColID {
				col = j
			}
		}
	}
	return ids
}

// TestUnitByNameInCommands: a chair types the unit's name, as /diem takes
// it, in /baocao and /baocao mo; a name of several units asks to be clearer.
func TestUnitByNameInCommands(t *testing.T) {
	h := newHarness(t, nil)
	h.Clock.Set(hanoi(11, 9, 10))
	bottest.MustContain(t, h.Say(uChair, "/baocao mo bắc ninh 10/2026"), "Đã mở khóa báo cáo tháng 10/2026 của BHXH tỉnh Bắc Ninh")
	bottest.MustContain(t, h.Say(uChair, "/baocao mo ninh binh 10/2026 2"), "Đã mở khóa báo cáo tháng 10/2026 của BHXH tỉnh Ninh Bình")
	bottest.MustContain(t, h.Say(uChair, "/baocao ninh"), "khớp với nhiều đơn vị", "BHXH tỉnh Bắc Ninh", "BHXH tỉnh Ninh Bình")
	bottest.MustContain(t, h.Say(uChair, "/baocao mo đà nẵng"), msg.ReportsUnknownUnit)
	bottest.MustContain(t, h.Say(uChair, "/baocao Bac Ninh"), "cho BHXH tỉnh Bắc Ninh")
}

// Figures absurd against the target or the criterion's scale are
// questioned (and may still be kept).
func TestAbsurdFiguresAreQuestioned(t *testing.T) {
	h := newHarness(t, nil)
	bottest.MustContain(t, h.Say(uFocalBN, "/baocao"), "Tiêu chí 1/10")
	h.Press(uFocalBN, "Bỏ qua")
	bottest.MustContain(t, h.Press(uFocalBN, "Bỏ qua"), "Tiêu chí 3/10: Số người tham gia BHYT")
	got := h.Say(uFocalBN, "98")
	bottest.MustContain(t, got, "Giá trị 98 người chưa bằng 1/100 chỉ tiêu của kỳ", "Anh/chị muốn nhập lại hay giữ giá trị này?")
	bottest.MustContain(t, h.Press(uFocalBN, "Nhập lại"), "Tiêu chí 3/10")
	bottest.MustContain(t, h.Say(uFocalBN, "3.500.000"), "Đã nhập: 3.500.000 người.", "Tiêu chí 4/10")
	for i := 0; i < 10 && !strings.Contains(h.Last(uFocalBN).Text, "Sáng kiến"); i++ {
		h.Press(uFocalBN, "Bỏ qua")
	}
	got = h.Say(uFocalBN, "85")
	bottest.MustContain(t, got, "85 sáng kiến trong một tháng là nhiều bất thường (thường không quá 10 sáng kiến)")
	bottest.MustContain(t, h.Press(uFocalBN, "Giữ giá trị này"), "Đã nhập: 85 sáng kiến.")
}

// TestEditShowsValueAndBackReturns: "Sửa mục N" shows what the draft holds
// for N; Quay lại there goes back to the summary with it unchanged, not to
// criterion N-1 and on through every criterion after it.
func TestEditShowsValueAndBackReturns(t *testing.T) {
	h := newHarness(t, nil)
	h.Say(uFocalBN, "/baocao")
	bottest.MustContain(t, h.Say(uFocalBN, "10500"), "Tiêu chí 2/10")
	bottest.MustContain(t, h.Say(uFocalBN, "21000"), "Tiêu chí 3/10")
	skipRest(t, h, uFocalBN)
	got := h.Press(uFocalBN, "Sửa mục 2")
	bottest.MustContain(t, got, "Tiêu chí 2/10", "Đang ghi: 21.000 người.", "chọn Quay lại để giữ nguyên")
	got = h.Say(uFocalBN, "quay lai")
	bottest.MustContain(t, got, "Tóm tắt báo cáo tháng 10/2026:", "2. Phát triển người tham gia BHXH tự nguyện: 21.000 người")
	bottest.MustNotContain(t, got, "Tiêu chí 1/10")
	// Back from the summary walks the questions, each showing its answer.
	bottest.MustContain(t, h.Say(uFocalBN, "sửa 1"), "Đang ghi: 10.500 tỷ đồng.")
	bottest.MustContain(t, h.Say(uFocalBN, "10600"), "1. Thu BHXH bắt buộc so với kế hoạch: 10.600 tỷ đồng")
	got = h.Press(uFocalBN, "Quay lại")
	bottest.MustContain(t, got, "Tiêu chí 10/10")
	bottest.MustNotContain(t, got, "Đang ghi")
}

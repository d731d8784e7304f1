package msg

import (
	"fmt"
	"strings"
)

// Texts of the /baocao and /tiendo conversation on Telegram (bot/reports),
// around the submission texts of submissions.go. They are plain text: the
// bot escapes them whole before sending. Values arrive formatted the
// Vietnamese way.

const (
	// ReportsButtonEditReport starts editing a confirmed report.
	ReportsButtonEditReport = "Sửa báo cáo"
	// ReportsButtonTemplate asks for the Excel template.
	ReportsButtonTemplate = "Nhận mẫu Excel"

	ReportsNoTable            = "Cụm của anh/chị chưa có bảng chấm điểm nên chưa nhập báo cáo được. Anh/chị vui lòng liên hệ quản trị viên."
	ReportsNoUnit             = "Tài khoản của anh/chị chưa gắn với đơn vị nào nên chưa nhập báo cáo được."
	ReportsNoManual           = "Bảng chấm điểm của cụm không có tiêu chí nào do cụm trưởng chấm."
	ReportsNoQuestions        = "Bảng chấm điểm không có tiêu chí nào đơn vị cần nhập cho kỳ này."
	ReportsPickUnit           = "Anh/chị nhập điểm các tiêu chí do cụm trưởng chấm cho đơn vị nào?"
	ReportsOtherUnit          = "Xin lỗi, anh/chị chỉ nhập được báo cáo của đơn vị mình."
	ReportsOtherCluster       = "Xin lỗi, anh/chị chỉ làm việc được với các đơn vị trong cụm của mình."
	ReportsNoDraft            = "Phiên nhập báo cáo này đã kết thúc. Anh/chị gõ /baocao để bắt đầu lại."
	ReportsNotXLSX            = "Bot chỉ nhận tệp Excel .xlsx theo mẫu. Anh/chị gõ /baocao mau để nhận mẫu."
	ReportsTooBig             = "Tệp quá lớn; mẫu báo cáo đã điền chỉ vài chục KB. Anh/chị vui lòng gửi đúng tệp mẫu."
	ReportsTemplateNeedUnit   = "Anh/chị ghi mã đơn vị cần lấy mẫu, ví dụ /baocao mau bac_ninh."
	ReportsUnlockUsage        = "Cách mở khóa: /baocao mo <tên hoặc mã đơn vị> [kỳ] [số ngày làm việc], ví dụ /baocao mo bac ninh 10/2026 5. Mặc định mở 3 ngày làm việc."
	ReportsUnlockBadDays      = "Số ngày mở khóa là số ngày làm việc, từ 1 đến 30, ví dụ /baocao mo bac_ninh 10/2026 5."
	ReportsStaleSummary       = "Bản tóm tắt này đã cũ, vui lòng xem bản mới nhất bên dưới."
	ReportsButtonRestore      = "Khôi phục"
	ReportsButtonFresh        = "Nhập mới"
	ReportsRestored           = "Đã khôi phục báo cáo đã hủy."
	ReportsUnlockedHint       = "Anh/chị gõ /baocao để nhập hoặc sửa rồi xác nhận."
	ReportsSkipped            = "Đã bỏ qua tiêu chí này (để trống, tính là thiếu số liệu của tháng)."
	ReportsReviewAgain        = "Tóm tắt dưới đây là số liệu anh/chị đã nhập; anh/chị xem lại, sửa nếu cần rồi bấm Xác nhận."
	ReportsUploadWarnings     = "Một số giá trị trong tệp cần anh/chị xem lại (vẫn có thể giữ nguyên khi xác nhận):"
	ReportsUnknownUnit        = "Không tìm thấy đơn vị này. Anh/chị ghi tên đơn vị (ví dụ: bac ninh) hoặc mã đơn vị như trong danh sách của cụm."
	ReportsDraftCancelledRole = "Phiên nhập báo cáo đã dừng vì vai trò của anh/chị đã thay đổi."
)

// ReportsEcho shows back an accepted answer: "Đã nhập: 1.234,5 tỷ đồng."
func ReportsEcho(echo string) string { return "Đã nhập: " + echo + "." }

// ReportsCurrent shows, under a question asked again, the answer the draft
// holds and how to keep it: retyped, or (editing from the summary) with
// Quay lại.
func ReportsCurrent(value string, editing bool) string {
	if editing {
		return fmt.Sprintf("Đang ghi: %s. Nhập giá trị mới để thay, hoặc chọn %s để giữ nguyên và trở về bản tóm tắt.", value, SubmitButtonBack)
	}
	return fmt.Sprintf("Đang ghi: %s. Nhập giá trị mới để thay, hoặc nhập lại giá trị này để giữ nguyên.", value)
}

// ReportsEchoWarn shows the value read before its warnings.
func ReportsEchoWarn(echo string) string { return "Giá trị đã đọc: " + echo + "." }

// ReportsEditButton labels the summary's button for editing criterion n.
func ReportsEditButton(n int) string { return fmt.Sprintf("%s mục %d", SubmitButtonEdit, n) }

// ReportsBadPeriod answers an unreadable period argument.
func ReportsBadPeriod(typed string) string {
	return fmt.Sprintf("Bot chưa hiểu kỳ «%s». Anh/chị ghi tháng báo cáo dạng tháng 10/2026, 10/2026, T10/2026 hoặc 2026-10.", Quote(typed))
}

// ReportsMonthOnly answers a quarter or a year where a report's month is
// wanted: %s what was typed.
func ReportsMonthOnly(typed string) string {
	return fmt.Sprintf("Báo cáo số liệu gửi theo từng tháng, nên «%s» chưa dùng được ở đây. Anh/chị ghi một tháng, ví dụ tháng 11/2026 (xem điểm theo quý hoặc năm: /xephang quý 4/2026).", Quote(typed))
}

// ReportsManualIntro opens the chair's entry of manual criteria: period, unit, count.
func ReportsManualIntro(period, unit string, n int) string {
	return fmt.Sprintf("Nhập điểm các tiêu chí do cụm trưởng chấm, %s, cho %s: %d tiêu chí.", period, unit, n)
}

// ReportsConfirmedHint follows the history of a confirmed report: until when it can be edited.
func ReportsConfirmedHint(lock string) string {
	return "Báo cáo đã được xác nhận. Anh/chị có thể sửa đến " + lock + " (khi kỳ báo cáo khóa)."
}

// ReportsEndOfDay is the end of a window that closes with its last day: "hết ngày 12/11/2026".
func ReportsEndOfDay(date string) string { return "hết ngày " + date }

// ReportsConfirmedHintUnlocked follows the history of a confirmed report
// whose period was unlocked: until is when the window ends (ReportsEndOfDay).
func ReportsConfirmedHintUnlocked(until string) string {
	return "Báo cáo đã được xác nhận; kỳ báo cáo đang được mở khóa đến " + until + ", anh/chị có thể sửa đến khi đó."
}

// ReportsIntroUnlocked follows the intro of a report on an unlocked period.
func ReportsIntroUnlocked(until string) string {
	return "Lưu ý: kỳ báo cáo này đã được mở khóa; anh/chị xác nhận được đến " + until + "."
}

// ReportsRestoreOffer offers, on /baocao, the draft cancelled within 24
// hours: period label, when it was cancelled, how many values it held.
func ReportsRestoreOffer(period, at string, n int) string {
	return fmt.Sprintf("Anh/chị đã hủy báo cáo %s lúc %s khi đã nhập %d số liệu. Anh/chị chọn %s để nhập tiếp từ các số liệu đó, hoặc %s để bắt đầu lại từ đầu.",
		period, at, n, ReportsButtonRestore, ReportsButtonFresh)
}

// ReportsConfirmedLocked follows the history of a locked report.
func ReportsConfirmedLocked(lock string) string {
	return "Kỳ báo cáo đã khóa từ " + lock + ". Nếu cần sửa, anh/chị vui lòng liên hệ cụm trưởng để mở khóa."
}

// ReportsPeriodLocked answers /baocao on a locked period with nothing confirmed.
func ReportsPeriodLocked(period, lock string) string {
	return fmt.Sprintf("Kỳ báo cáo %s đã khóa từ %s. Nếu cần nộp, anh/chị vui lòng liên hệ cụm trưởng để mở khóa.", period, lock)
}

// ReportsTemplateCaption goes with the Excel template.
func ReportsTemplateCaption(period, unit string) string {
	return fmt.Sprintf("Mẫu báo cáo %s của %s. Anh/chị điền cột Giá trị rồi gửi lại tệp vào cuộc trò chuyện này; "+
		"bot sẽ kiểm tra và cho xem tóm tắt trước khi xác nhận.", period, unit)
}

// ReportsDigest tells a chair which units confirmed recently: period label
// of each line is inside the lines.
func ReportsDigest(cluster string, lines []string) string {
	head := fmt.Sprintf("%s: %d đơn vị vừa xác nhận báo cáo:", cluster, len(lines))
	if len(lines) == 1 {
		head = fmt.Sprintf("%s: 1 đơn vị vừa xác nhận báo cáo:", cluster)
	}
	return head + "\n" + strings.Join(lines, "\n") + "\nGõ /tiendo để xem tiến độ chung."
}

// ReportsDigestLine is one unit in the digest.
func ReportsDigestLine(unit, period, at, who string, late bool) string {
	s := fmt.Sprintf("• %s — %s, lúc %s (%s)", unit, period, at, who)
	if late {
		s += ", nộp muộn"
	}
	return s
}

// ReportsCarried heads the empty criteria whose earlier value the ranking carries forward.
const ReportsCarried = "Tiêu chí để trống sẽ được tính theo số liệu kỳ trước (ghi rõ trên bảng xếp hạng):"

// ReportsCarriedLine: number, criterion, the earlier value and its month.
func ReportsCarriedLine(n int, name, v, period string) string {
	return fmt.Sprintf("%d. %s: %s (%s)", n, name, v, period)
}

// ReportsAmbiguousUnit: a unit name typed in /baocao matches several units.
func ReportsAmbiguousUnit(typed, names string) string {
	return fmt.Sprintf("«%s» khớp với nhiều đơn vị: %s. Anh/chị vui lòng gõ rõ hơn.", typed, names)
}

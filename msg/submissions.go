package msg

import (
	"fmt"
	"strings"
)

// Texts of the monthly submission (/baocao, /tiendo, Excel template). Values
// passed in are already formatted the Vietnamese way (1.234,5; 27/11/2026).

// Buttons of the /baocao conversation; each is also accepted typed.
const (
	SubmitButtonSkip    = "Bỏ qua"
	SubmitButtonBack    = "Quay lại"
	SubmitButtonKeep    = "Giữ như tháng trước"
	SubmitButtonCancel  = "Hủy"
	SubmitButtonConfirm = "Xác nhận"
	SubmitButtonEdit    = "Sửa"
	SubmitButtonFix     = "Nhập lại"
	SubmitButtonKeepVal = "Giữ giá trị này"
)

// Answers to yes/no criteria as echoed.
const (
	SubmitYes = "Có"
	SubmitNo  = "Không"
)

// Expected forms, shown in questions and in parse errors.
const (
	SubmitInputCumulative = "lũy kế từ đầu năm"
	SubmitInputMonthly    = "số phát sinh trong tháng"
	SubmitInputLatest     = "số liệu tại thời điểm báo cáo"

	SubmitFormYesNo       = "trả lời Có hoặc Không (có thể gõ: có, không, co, khong, x, k)"
	SubmitFormPercent     = "một tỷ lệ phần trăm, ví dụ 95,5 hoặc 95,5%"
	SubmitFormCountPlain  = "một số nguyên, ví dụ 0, 1, 2"
	SubmitFormNumberPlain = "một số, ví dụ 8 hoặc 8,5"
)

// SubmitFormCount is the expected form of a whole-number criterion; unit is its unit.
func SubmitFormCount(unit string) string {
	return fmt.Sprintf("một số nguyên (%s), ví dụ 1.234 hoặc 1234", unit)
}

// SubmitFormNumber is the expected form of a decimal criterion; unit is its unit.
func SubmitFormNumber(unit string) string {
	return fmt.Sprintf("một số (%s), ví dụ 1.234,5 hoặc 1234.5", unit)
}

// Errors on a typed value; form is one of the expected forms above.

func SubmitEmpty(form string) string {
	return "Anh/chị chưa nhập giá trị. Xin nhập " + form + ", hoặc chọn " + SubmitButtonSkip + "."
}

func SubmitTooLong(form string) string {
	return "Nội dung nhập quá dài để là một số liệu. Xin nhập " + form + "."
}

func SubmitBadNumber(form string) string {
	return "Chưa đọc được số liệu này. Xin nhập " + form + "."
}

// SubmitApproximate refuses a figure typed as approximate ("khoảng 100",
// "hơn 95%"): a report holds the exact figure. %s is the expected form.
func SubmitApproximate(form string) string {
	return "Báo cáo cần số liệu chính xác, không ghi «khoảng», «ước», «hơn», «gần»… Xin nhập " + form + "."
}

func SubmitNotWhole(form string) string {
	return "Tiêu chí này chỉ nhận số nguyên. Xin nhập " + form + "."
}

// SubmitWrongUnit: unit is the criterion's unit.
func SubmitWrongUnit(unit string) string {
	return "Đơn vị nhập không khớp với tiêu chí. Tiêu chí này tính bằng " + unit + "; xin nhập lại theo đơn vị đó."
}

// SubmitWrongUnitPlain is SubmitWrongUnit for a criterion without a unit.
const SubmitWrongUnitPlain = "Tiêu chí này chỉ nhận con số, không kèm đơn vị; xin nhập lại chỉ con số."

const SubmitBadYesNo = "Tiêu chí này chỉ nhận Có hoặc Không. Xin trả lời có/không (hoặc co, khong, x, k)."

// SubmitConverted echoes a value converted from another scale word:
// echo is the value in the criterion's unit, typed the value as typed ("2,3 tỷ").
func SubmitConverted(echo, typed string) string {
	return echo + " (quy đổi từ " + typed + ")"
}

// SubmitAmbiguous asks which reading of an ambiguous input was meant; typed is the input.
func SubmitAmbiguous(typed string) string {
	return fmt.Sprintf("Giá trị «%s» có thể hiểu theo hai cách. Anh/chị vui lòng chọn đúng giá trị:", typed)
}

// SubmitChoiceWhole and SubmitChoiceDecimal label the two readings; v is formatted.
func SubmitChoiceWhole(v string) string   { return v + " (số nguyên)" }
func SubmitChoiceDecimal(v string) string { return v + " (số thập phân)" }

// Plausibility warnings; the caller then offers SubmitButtonFix and SubmitButtonKeepVal.

func SubmitWarnRange(v, lo, hi string) string {
	return fmt.Sprintf("Giá trị %s nằm ngoài khoảng hợp lý của tiêu chí (từ %s đến %s).", v, lo, hi)
}

func SubmitWarnNegative(v string) string {
	return fmt.Sprintf("Giá trị %s là số âm, tiêu chí này thường không nhận số âm.", v)
}

func SubmitWarnBelowLast(v, last, period string) string {
	return fmt.Sprintf("Số lũy kế %s thấp hơn số đã báo cáo %s (%s); số lũy kế thường không giảm.", v, period, last)
}

// SubmitWarnFarFromLast: v is times × the value of period (last).
func SubmitWarnFarFromLast(v, times, last, period string) string {
	return fmt.Sprintf("Giá trị %s gấp khoảng %s lần số đã báo cáo %s (%s); xin kiểm tra lại đơn vị và dấu thập phân.", v, times, period, last)
}

// SubmitWarnFarBelowLast: v is about 1/times of the value of period (last).
func SubmitWarnFarBelowLast(v, times, last, period string) string {
	return fmt.Sprintf("Giá trị %s chỉ bằng khoảng 1/%s số đã báo cáo %s (%s); xin kiểm tra lại đơn vị và dấu thập phân.", v, times, period, last)
}

func SubmitWarnFarAbove(v, times, target string) string {
	return fmt.Sprintf("Giá trị %s gấp khoảng %s lần chỉ tiêu của kỳ (%s); xin kiểm tra lại đơn vị và dấu thập phân.", v, times, target)
}

// SubmitWarnAsk follows the warnings: fix or keep.
const SubmitWarnAsk = "Anh/chị muốn nhập lại hay giữ giá trị này?"

// Questions.

func SubmitQuestionTitle(n, total int, name string) string {
	return fmt.Sprintf("Tiêu chí %d/%d: %s", n, total, name)
}

func SubmitQuestionUnit(unit string) string { return "Đơn vị tính: " + unit }

func SubmitQuestionTarget(target string) string {
	return "Chỉ tiêu năm của đơn vị: " + target
}

func SubmitQuestionTargetProrated(annual, period, prorated string) string {
	return fmt.Sprintf("Chỉ tiêu năm của đơn vị: %s (tính đến %s: %s)", annual, period, prorated)
}

func SubmitQuestionLastMonth(period, v string) string {
	return fmt.Sprintf("Tháng trước (%s): %s", period, v)
}

func SubmitQuestionLastEarlier(period, v string) string {
	return fmt.Sprintf("Số liệu gần nhất (%s): %s", period, v)
}

// SubmitQuestionForm says what to type: form is "lũy kế từ đầu năm"…, example the expected form.
func SubmitQuestionForm(form, example string) string {
	return fmt.Sprintf("Xin nhập %s: %s.", form, example)
}

// SubmitQuestionYesNo asks a yes/no criterion.
const SubmitQuestionYesNo = "Xin trả lời Có hoặc Không, theo tình hình tại thời điểm báo cáo (có thể gõ: có, không, co, khong, x, k)."

// SubmitIntro opens /baocao: period label, unit name, number of criteria.
func SubmitIntro(period, unit string, n int) string {
	return fmt.Sprintf("Báo cáo %s của %s gồm %d tiêu chí. Bot sẽ hỏi lần lượt từng tiêu chí; "+
		"anh/chị có thể chọn %s, %s hoặc %s bất cứ lúc nào.", period, unit, n, SubmitButtonSkip, SubmitButtonBack, SubmitButtonCancel)
}

// SubmitIntroLate adds that the deadline (dd/mm/yyyy hh:mm) has passed.
func SubmitIntroLate(deadline, lock string) string {
	return fmt.Sprintf("Lưu ý: hạn gửi báo cáo là %s đã qua; báo cáo vẫn được nhận đến %s và sẽ được ghi là nộp muộn.", deadline, lock)
}

// SubmitResume offers to continue a draft: period label, answered, total, last activity.
func SubmitResume(period string, answered, total int, last string) string {
	return fmt.Sprintf("Anh/chị đang có báo cáo %s chưa hoàn tất (%d/%d tiêu chí, lần cuối lúc %s). Bot tiếp tục từ chỗ đã dừng.",
		period, answered, total, last)
}

// SubmitIdleReminder is sent once after a draft has been idle.
func SubmitIdleReminder(period string, answered, total int) string {
	return fmt.Sprintf("Báo cáo %s của anh/chị đang dừng ở %d/%d tiêu chí và vẫn được lưu. Anh/chị gõ /baocao để tiếp tục.",
		period, answered, total)
}

const SubmitCancelled = "Đã hủy phiên nhập báo cáo. Các số liệu đã xác nhận trước đó (nếu có) không thay đổi."

// Buttons of the question Hủy asks when answers would be lost.
const (
	SubmitButtonCancelNow = "Hủy hẳn"
	SubmitButtonContinue  = "Tiếp tục nhập"
)

// SubmitCancelAsk asks before throwing away n entered values.
func SubmitCancelAsk(n int) string {
	return fmt.Sprintf("Hủy sẽ bỏ %d số liệu đã nhập. Anh/chị chọn %s hoặc %s.", n, SubmitButtonCancelNow, SubmitButtonContinue)
}

// SubmitCancelledRestorable follows SubmitCancelled when the draft can be restored.
const SubmitCancelledRestorable = "Nếu hủy nhầm, trong vòng 24 giờ anh/chị gõ /baocao để khôi phục các số liệu vừa hủy (một lần)."

// Review.

func SubmitSummaryLine(n int, name, answer string) string {
	return fmt.Sprintf("%d. %s: %s", n, name, answer)
}

// SubmitSummary heads the review: period label, the lines, how many are empty.
func SubmitSummary(period string, lines []string, missing int) string {
	var b strings.Builder
	b.WriteString("Tóm tắt báo cáo " + period + ":\n")
	b.WriteString(strings.Join(lines, "\n"))
	if missing > 0 {
		fmt.Fprintf(&b, "\n\nCòn %d tiêu chí để trống (sẽ tính là thiếu số liệu).", missing)
	}
	b.WriteString("\n\nAnh/chị kiểm tra lại; chọn " + SubmitButtonEdit + " để sửa một tiêu chí hoặc " + SubmitButtonConfirm + " để gửi.")
	return b.String()
}

const (
	SubmitEntryNone    = "chưa nhập"
	SubmitEntrySkipped = "bỏ qua (để trống)"
)

func SubmitEntryKept(v, from string) string { return v + " (giữ như " + from + ")" }

// SubmitPreview is the interim score line of the summary: period label,
// total and maximum points (formatted), tentative rank among n units.
func SubmitPreview(period, total, max string, rank, n int) string {
	return fmt.Sprintf("Điểm tạm tính %s nếu xác nhận: %s/%s điểm (tạm xếp thứ %d/%d).", period, total, max, rank, n)
}

// SubmitScore is the interim score line of a receipt: period label, total
// and maximum points (formatted), tentative rank among n units.
func SubmitScore(period, total, max string, rank, n int) string {
	return fmt.Sprintf("Điểm tạm tính %s: %s/%s điểm (tạm xếp thứ %d/%d).", period, total, max, rank, n)
}

// SubmitRecorded is the receipt of a focal point's confirmation, said only
// after the durable write: at is "10:32 27/11/2026", version the revision
// number, period and unit name, whether the report was late and its
// deadline ("17:00 05/11/2026").
func SubmitRecorded(at string, version int, period, unit string, late bool, deadline string) string {
	status := "nộp đúng hạn"
	if late {
		status = "nộp muộn"
	}
	return fmt.Sprintf("Đã ghi nhận lúc %s (lần %d): báo cáo %s của %s, %s (hạn %s).", at, version, period, unit, status, deadline)
}

// SubmitRecordedManual is the receipt of a chair's entry of manual criteria.
func SubmitRecordedManual(at string, version int, period, unit string) string {
	return fmt.Sprintf("Đã ghi nhận lúc %s (lần %d): điểm các tiêu chí do cụm trưởng chấm, %s, của %s.", at, version, period, unit)
}

// SubmitPointsUnit names the unit of a criterion whose value is its points.
const SubmitPointsUnit = "điểm"

// SubmitQuestionTitleLimit is SubmitQuestionTitle for a criterion the chair
// enters, with the values it accepts ("0–20 điểm").
func SubmitQuestionTitleLimit(n, total int, name, limit string) string {
	return fmt.Sprintf("Tiêu chí %d/%d: %s (%s)", n, total, name, limit)
}

// SubmitOutOfLimit refuses a value outside a chair-entered criterion's limits.
func SubmitOutOfLimit(v, limit string) string {
	return fmt.Sprintf("Giá trị %s nằm ngoài giới hạn của tiêu chí (%s). Xin nhập lại một giá trị trong giới hạn này.", v, limit)
}

// Errors of confirmation.

func SubmitLocked(period, lock string) string {
	return fmt.Sprintf("Báo cáo %s đã khóa từ %s. Nếu cần sửa, anh/chị vui lòng liên hệ cụm trưởng để mở khóa.", period, lock)
}

// SubmitConflict: lines are SubmitChangeLine texts.
func SubmitConflict(lines []string) string {
	return "Trong lúc anh/chị nhập, báo cáo của đơn vị đã được người khác xác nhận với các thay đổi sau:\n" +
		strings.Join(lines, "\n") + "\nAnh/chị vui lòng xem lại trước khi xác nhận."
}

func SubmitChangeLine(who, when, criterion, old, new string) string {
	return fmt.Sprintf("• %s: %s → %s (%s, %s)", criterion, old, new, who, when)
}

const (
	SubmitForbidden    = "Chỉ cụm trưởng hoặc quản trị viên mới mở khóa được báo cáo."
	SubmitFuturePeriod = "Kỳ báo cáo này chưa bắt đầu."
	SubmitNothing      = "Chưa có báo cáo nào cho kỳ này."
)

// SubmitUnlocked confirms an unlock: period label, unit name, who, and until
// when (ReportsEndOfDay, or "17:00 08/11/2026").
func SubmitUnlocked(period, unit, who, until string) string {
	return fmt.Sprintf("Đã mở khóa báo cáo %s của %s (người mở: %s) đến %s.", period, unit, who, until)
}

// History (/baocao on a confirmed period).

func SubmitHistoryHead(period string) string { return "Lịch sử báo cáo " + period + ":" }

func SubmitHistoryConfirm(version int, when, who string, late bool) string {
	s := fmt.Sprintf("Lần %d — %s, %s", version, when, who)
	if late {
		s += " (nộp muộn)"
	}
	return s
}

// SubmitHistoryUnlock: until is the window's last day, "" for an unlock
// recorded without one.
func SubmitHistoryUnlock(when, who, until string) string {
	if until == "" {
		return fmt.Sprintf("Mở khóa — %s, %s", when, who)
	}
	return fmt.Sprintf("Mở khóa — %s, %s (đến hết ngày %s)", when, who, until)
}

func SubmitHistoryChange(criterion, old, new string) string {
	return fmt.Sprintf("   %s: %s → %s", criterion, old, new)
}

// Progress (/tiendo).

func SubmitProgressHead(period string, confirmed, total int) string {
	return fmt.Sprintf("Tiến độ báo cáo %s: %d/%d đơn vị đã xác nhận.", period, confirmed, total)
}

func SubmitProgressConfirmed(unit, at, who string) string {
	return fmt.Sprintf("✅ %s — đã xác nhận lúc %s (%s)", unit, at, who)
}

func SubmitProgressLate(unit, at, who string) string {
	return fmt.Sprintf("⏰ %s — đã xác nhận lúc %s (%s), nộp muộn", unit, at, who)
}

func SubmitProgressDraft(unit, who string) string {
	return fmt.Sprintf("✏️ %s — đang nhập (%s)", unit, who)
}

func SubmitProgressNothing(unit, focal string) string {
	if focal == "" {
		return fmt.Sprintf("❌ %s — chưa có báo cáo", unit)
	}
	return fmt.Sprintf("❌ %s — chưa có báo cáo (đầu mối: %s)", unit, focal)
}

// SubmitProgressReopened follows a unit's /tiendo line while a chair's
// unlock window is open; last is its last day.
func SubmitProgressReopened(last string) string {
	return fmt.Sprintf(" — đã mở lại đến hết ngày %s", last)
}

// Excel template and upload.

const (
	SubmitXLSXSheet     = "Báo cáo"
	SubmitXLSXColNo     = "STT"
	SubmitXLSXColID     = "Mã tiêu chí"
	SubmitXLSXColName   = "Tiêu chí"
	SubmitXLSXColUnit   = "Đơn vị tính"
	SubmitXLSXColForm   = "Cách nhập"
	SubmitXLSXColTarget = "Chỉ tiêu năm"
	SubmitXLSXColLast   = "Kỳ trước"
	SubmitXLSXColValue  = "Giá trị"
	SubmitXLSXColNote   = "Ghi chú"
	SubmitXLSXHelp      = "Nhập số liệu vào cột Giá trị; để trống nếu chưa có (tính là thiếu số liệu); " +
		"gõ «giữ» để giữ như kỳ trước (chỉ với số liệu tại thời điểm báo cáo). Không sửa cột Mã tiêu chí và các dòng tiêu đề."
)

// SubmitXLSXTitle is the template's title: period label and unit name.
func SubmitXLSXTitle(period, unit string) string {
	return fmt.Sprintf("BÁO CÁO SỐ LIỆU THI ĐUA %s — %s", strings.ToUpper(period), unit)
}

const (
	SubmitXLSXNotTemplate = "Tệp này không phải mẫu báo cáo của thiduabot. Anh/chị gõ /baocao mau để nhận mẫu, điền rồi gửi lại."
	SubmitXLSXUnreadable  = "Không mở được tệp Excel này (tệp hỏng hoặc không phải định dạng .xlsx). Anh/chị vui lòng lưu lại dạng .xlsx rồi gửi lại."
)

// SubmitXLSXWrongReport: the file is for another unit or period.
func SubmitXLSXWrongReport(fileUnit, filePeriod, unit, period string) string {
	return fmt.Sprintf("Tệp là mẫu của %s, %s; báo cáo đang nhập là của %s, %s. Anh/chị vui lòng dùng đúng mẫu.",
		fileUnit, filePeriod, unit, period)
}

// SubmitXLSXCell places a problem at a cell: "Dòng 7, cột H (Giá trị): …".
func SubmitXLSXCell(row int, col, colName, problem string) string {
	return fmt.Sprintf("Dòng %d, cột %s (%s): %s", row, col, colName, problem)
}

func SubmitXLSXUnknownCriterion(id string) string {
	return fmt.Sprintf("mã tiêu chí %q không có trong bảng chấm điểm hoặc không thuộc phần đơn vị nhập", id)
}

func SubmitXLSXDuplicate(id string, first int) string {
	return fmt.Sprintf("tiêu chí %q đã có ở dòng %d", id, first)
}

// SubmitXLSXAmbiguous: an ambiguous text cell; a and b are the readings.
func SubmitXLSXAmbiguous(typed, a, b string) string {
	return fmt.Sprintf("«%s» có thể là %s hoặc %s; xin ghi rõ (ví dụ nhập dạng số trong Excel)", typed, a, b)
}

const SubmitXLSXNoKeep = "tiêu chí này không có số liệu kỳ trước để giữ"

// SubmitXLSXProblems heads the list of problems of an upload.
func SubmitXLSXProblems(lines []string) string {
	return "Tệp Excel có lỗi, chưa ghi nhận gì:\n" + strings.Join(lines, "\n") + "\nAnh/chị sửa các ô trên rồi gửi lại tệp."
}

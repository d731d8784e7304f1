package msg

import (
	"fmt"
	"strings"
)

// Texts of reminders, meeting notices, dossier checklists and /lich.
// Dates and times reach these functions already formatted ("17:00
// 05/06/2026", "tháng 5/2026"); names are unit and cluster names.

// ReminderLate is appended to a reminder sent after its time because the
// bot was not running.
const ReminderLate = "(nhắc muộn)"

// Buttons under reminders and meeting notices.
const (
	BtnSubmitNow   = "Nộp ngay"
	BtnSnooze      = "Nhắc lại sau 2 giờ"
	BtnDone        = "Đã xong"
	BtnRSVPAttend  = "Tham dự"
	BtnRSVPDelgate = "Cử người thay"
	BtnRSVPAbsent  = "Vắng"
	BtnChecklist   = "Xem hồ sơ"
)

// Replies to the reminder buttons.
const (
	ReminderDoneOK      = "Đã ghi nhận hoàn thành. Bot sẽ không nhắc việc này nữa."
	ReminderSnoozeLimit = "Việc này đã được hoãn nhắc 2 lần, không thể hoãn thêm. Đề nghị anh/chị sắp xếp hoàn thành sớm."
	ReminderUnknown     = "Nhắc việc này không còn hiệu lực (đã quá cũ hoặc đã được xử lý)."
	// ReminderNotYours refuses a button of a reminder sent to another unit.
	ReminderNotYours = "Xin lỗi, nhắc việc này không gửi cho đơn vị của anh/chị nên bot không thể hoãn hay đánh dấu hoàn thành."
)

// ReminderSnoozed confirms a snooze; at is "hh:mm dd/mm/yyyy".
func ReminderSnoozed(at string) string {
	return "Đã hẹn nhắc lại vào " + at + "."
}

// daysLeft is "hôm nay là hạn cuối" or "còn N ngày".
func daysLeft(days int) string {
	switch {
	case days <= 0:
		return "hôm nay là hạn cuối"
	case days == 1:
		return "còn 1 ngày, hạn cuối là ngày mai"
	}
	return fmt.Sprintf("còn %d ngày", days)
}

// DataDue reminds a unit of the monthly data deadline.
// period "tháng 5/2026", deadline "17:00 05/06/2026".
func DataDue(unit, period, deadline string, days int) string {
	return fmt.Sprintf("Nhắc hạn nộp số liệu thi đua %s của %s: hạn cuối %s (%s).\n"+
		"Đề nghị anh/chị nhập số liệu bằng lệnh /baocao hoặc bấm «%s».",
		period, unit, deadline, daysLeft(days), BtnSubmitNow)
}

// DataOverdue tells a unit its data is late; lock is when the period closes.
func DataOverdue(unit, period, deadline, lock string, workingDays int) string {
	return fmt.Sprintf("Số liệu thi đua %s của %s đã quá hạn %d ngày làm việc (hạn cuối %s).\n"+
		"Kỳ báo cáo sẽ khóa lúc %s; sau thời điểm đó chỉ cụm trưởng mới mở lại được. "+
		"Đề nghị anh/chị hoàn thành ngay bằng lệnh /baocao.",
		period, unit, workingDays, deadline, lock)
}

// DataUnlocked reminds a unit whose locked period a chair reopened and that
// has still not sent it; until is the window's last day, command the
// /baocao command naming the period.
func DataUnlocked(unit, period, until, command string) string {
	return fmt.Sprintf("Kỳ báo cáo số liệu thi đua %s của %s đã được cụm trưởng mở lại đến hết ngày %s, "+
		"nhưng bot chưa nhận được báo cáo của đơn vị.\n"+
		"Đề nghị anh/chị gửi báo cáo trước thời hạn này bằng lệnh %s; sau đó kỳ báo cáo sẽ khóa lại.",
		period, unit, until, command)
}

// LateLine is one unit in an escalation: its name, its focal points (names
// or "chưa có đầu mối đăng ký") and what it still owes ("" for data).
func LateLine(unit string, focal []string, missing []string) string {
	who := "chưa có đầu mối đăng ký trên bot"
	if len(focal) > 0 {
		who = "đầu mối: " + strings.Join(focal, ", ")
	}
	line := "• " + unit + " (" + who + ")"
	if len(missing) > 0 {
		line += "\n   còn thiếu: " + strings.Join(missing, "; ")
	}
	return line
}

// DataEscalation tells the chair which units are late with their data.
func DataEscalation(cluster, period, deadline string, lines []string) string {
	return fmt.Sprintf("Kính gửi cụm trưởng %s: đến nay còn %d đơn vị chưa nộp số liệu thi đua %s (hạn cuối %s):\n%s\n"+
		"Đề nghị cụm trưởng đôn đốc các đơn vị; xem tiến độ bằng lệnh /tiendo.",
		cluster, len(lines), period, deadline, strings.Join(lines, "\n"))
}

// EventDue reminds of a calendar event. when "08:30 15/07/2026".
func EventDue(title, cluster, when, place string, days int) string {
	s := "Nhắc lịch " + cluster + ": " + title + "\nThời gian: " + when + " (" + dayWord(days) + ")"
	if place != "" {
		s += "\nĐịa điểm: " + place
	}
	return s + "\nĐề nghị anh/chị bố trí thời gian tham dự."
}

// dayWord is "hôm nay", "ngày mai" or "còn N ngày".
func dayWord(days int) string {
	switch {
	case days <= 0:
		return "hôm nay"
	case days == 1:
		return "ngày mai"
	}
	return fmt.Sprintf("còn %d ngày", days)
}

// DossierDue reminds a unit of a dossier deadline and what is missing.
func DossierDue(title, unit, deadline string, days int, missing []string) string {
	return fmt.Sprintf("Nhắc hạn nộp %s của %s: hạn cuối %s (%s).\nCác tài liệu còn thiếu:\n%s\n"+
		"Anh/chị có thể đánh dấu tài liệu đã xong hoặc gửi tệp qua lệnh /hoso.",
		title, unit, deadline, daysLeft(days), bullets(missing))
}

// DossierOverdue tells a unit its dossier is late.
func DossierOverdue(title, unit, deadline string, workingDays int, missing []string) string {
	return fmt.Sprintf("%s của %s đã quá hạn %d ngày làm việc (hạn cuối %s).\nCác tài liệu còn thiếu:\n%s\n"+
		"Đề nghị anh/chị hoàn thiện ngay qua lệnh /hoso.",
		title, unit, workingDays, deadline, bullets(missing))
}

// DossierEscalation tells the chair which units' dossiers are incomplete.
func DossierEscalation(cluster, title, deadline string, lines []string) string {
	return fmt.Sprintf("Kính gửi cụm trưởng %s: đến nay còn %d đơn vị chưa hoàn thiện %s (hạn cuối %s):\n%s\n"+
		"Xem chi tiết từng đơn vị bằng lệnh /hoso.",
		cluster, len(lines), title, deadline, strings.Join(lines, "\n"))
}

func bullets(items []string) string {
	lines := make([]string, len(items))
	for i, it := range items {
		lines[i] = "• " + it
	}
	return strings.Join(lines, "\n")
}

// MeetingDetails are the lines shared by meeting notices: when, where (a
// place or a link) and the agenda; empty parts are left out.
func MeetingDetails(when, place, link, agenda string) string {
	var b strings.Builder
	b.WriteString("Thời gian: " + when)
	if place != "" {
		b.WriteString("\nĐịa điểm: " + place)
	}
	if link != "" {
		b.WriteString("\nĐường dẫn họp trực tuyến: " + link)
	}
	if agenda != "" {
		b.WriteString("\nNội dung: " + agenda)
	}
	return b.String()
}

// MeetingNotice announces a meeting a chair scheduled.
func MeetingNotice(cluster, title, details string) string {
	return fmt.Sprintf("Thông báo lịch họp %s: %s\n%s\nĐề nghị anh/chị xác nhận: %s, %s hoặc %s.",
		cluster, title, details, BtnRSVPAttend, BtnRSVPDelgate, BtnRSVPAbsent)
}

// MeetingMoved announces a new time for a meeting; prev is the old time.
func MeetingMoved(cluster, title, prev, details string) string {
	return fmt.Sprintf("Thay đổi lịch họp %s: %s (trước đây %s) nay chuyển sang:\n%s\nĐề nghị anh/chị xác nhận lại: %s, %s hoặc %s.",
		cluster, title, prev, details, BtnRSVPAttend, BtnRSVPDelgate, BtnRSVPAbsent)
}

// MeetingCancelled announces a cancellation; when is the cancelled time.
func MeetingCancelled(cluster, title, when string) string {
	return fmt.Sprintf("Hủy lịch họp %s: %s dự kiến lúc %s đã được hủy. Xin cảm ơn anh/chị.", cluster, title, when)
}

// MeetingDue reminds of a meeting a chair scheduled; details come from
// MeetingDetails.
func MeetingDue(cluster, title, details string, days int) string {
	return fmt.Sprintf("Nhắc lịch họp %s: %s (%s)\n%s", cluster, title, dayWord(days), details)
}

// MeetingTally shows the chair the answers so far.
func MeetingTally(title string, attend, delegate, absent int, noAnswer []string) string {
	s := fmt.Sprintf("Tình hình xác nhận dự họp «%s»: %d tham dự, %d cử người thay, %d vắng.", title, attend, delegate, absent)
	if len(noAnswer) > 0 {
		s += "\nChưa xác nhận: " + strings.Join(noAnswer, ", ") + "."
	}
	return s
}

// RSVPRecorded confirms an answer; answer is one of the RSVP buttons.
func RSVPRecorded(answer string) string {
	return "Đã ghi nhận: " + answer + "."
}

// /lich
const (
	LichHeader = "Lịch sắp tới của anh/chị:"
	LichEmpty  = "Trong thời gian tới anh/chị không có hạn nộp hay cuộc họp nào."
)

// LichData is one monthly data deadline line; done says whether the unit
// already has a confirmed report.
func LichData(when, period string, done bool) string {
	s := "• " + when + " – hạn nộp số liệu " + period
	if done {
		s += " (đơn vị đã nộp)"
	}
	return s
}

// LichEvent is an event or meeting line.
func LichEvent(when, title, place string) string {
	s := "• " + when + " – " + title
	if place != "" {
		s += " (" + place + ")"
	}
	return s
}

// LichDossier is a dossier deadline line with the number of documents left.
func LichDossier(when, title string, missing int) string {
	if missing == 0 {
		return "• " + when + " – hạn " + title + " (đã đủ tài liệu)"
	}
	return fmt.Sprintf("• %s – hạn %s (còn thiếu %d tài liệu)", when, title, missing)
}

// LichDossierUnits is a dossier deadline line for a chair or admin whose own
// unit does not owe it: how many of the units that owe it (n; none before
// an award's vote names anyone) have every document.
func LichDossierUnits(when, title string, done, n int) string {
	if n == 0 {
		return "• " + when + " – hạn " + title + " (chưa có đơn vị được đề nghị)"
	}
	return fmt.Sprintf("• %s – hạn %s (%d/%d đơn vị đã đủ tài liệu, xem /hoso)", when, title, done, n)
}

// `thiduabot plan`
const (
	PlanNoCalendar   = "thư mục cấu hình chưa có calendar.yaml nên chưa có lịch nhắc nào / the config folder has no calendar.yaml"
	PlanBadRange     = "ngày cuối (--to) phải từ ngày đầu (--from) trở đi / --to must not be before --from"
	PlanRangeTooLong = "chỉ xem trước tối đa 3 năm một lần / at most 3 years at a time"
	PlanBadDate      = "ngày %q không hợp lệ: dùng YYYY-MM-DD hoặc dd/mm/yyyy / invalid date"
)

// PlanRecipients says how many chats a planned reminder goes to.
func PlanRecipients(n int) string {
	if n == 0 {
		return "chưa có người nhận đăng ký"
	}
	return fmt.Sprintf("%d người nhận", n)
}

// PlanSummary closes the plan listing.
func PlanSummary(n int, from, to string) string {
	return fmt.Sprintf("Tổng cộng %d lượt nhắc từ %s đến %s.", n, from, to)
}

// /hoso: a unit's checklist for one dossier deadline.

// ChecklistHeader heads the checklist; due is "17:00 15/12/2026".
func ChecklistHeader(title, unit, due string) string {
	return fmt.Sprintf("%s của %s – hạn cuối %s:", title, unit, due)
}

// ChecklistItem is one document line: done or not, and whether the file
// itself was sent (by whom, when: "Chị Lan, 10:32 27/11/2026").
func ChecklistItem(name string, done, optional bool, sentBy string) string {
	mark := "☐"
	if done {
		mark = "☑"
	}
	s := mark + " " + name
	if optional {
		s += " (không bắt buộc)"
	}
	if sentBy != "" {
		s += " – đã gửi tệp (" + sentBy + ")"
	} else if done {
		s += " – đã xong"
	}
	return s
}

// ChecklistFooter closes a unit's checklist.
func ChecklistFooter(missing int) string {
	if missing == 0 {
		return "Đơn vị đã hoàn thành đủ tài liệu bắt buộc. Bot sẽ không nhắc hồ sơ này nữa."
	}
	return fmt.Sprintf("Còn %d tài liệu bắt buộc. Anh/chị chọn tài liệu để đánh dấu đã xong, hoặc gửi tệp tài liệu ngay trong cuộc trò chuyện này.", missing)
}

// DossierStatusHeader heads the chair's view of every unit.
func DossierStatusHeader(title, cluster, due string, complete, total int) string {
	return fmt.Sprintf("%s – %s, hạn cuối %s: %d/%d đơn vị đã đủ tài liệu.", title, cluster, due, complete, total)
}

// DossierStatusLine is one unit in the chair's view.
func DossierStatusLine(unit string, missing []string) string {
	if len(missing) == 0 {
		return "☑ " + unit + ": đã đủ"
	}
	return "☐ " + unit + ": còn thiếu " + strings.Join(missing, "; ")
}

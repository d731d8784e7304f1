package msg

// Texts of the Telegram side of reminders: the reminder buttons' answers,
// the /hop meeting conversation, /hoso and /lich. The texts of the
// reminders themselves are in reminders.go. HTML: arguments are escaped by
// the caller (bot.HTML), these formats are trusted markup.

// Reminder buttons.
const (
	CalSubmitPointer = "Anh/chị bấm /baocao để nhập số liệu của đơn vị."
	CalNoCalendar    = "Cụm chưa có lịch nhắc việc (calendar.yaml) nên chưa có hạn nộp hay cuộc họp nào để hiển thị."
	CalNeedCluster   = "Anh/chị chưa thuộc cụm nào. Quản trị viên ghi rõ cụm, ví dụ: <code>/hop cum5</code>."
	CalUnknownClust  = "Không có cụm «%s» trong cấu hình."
)

// /hop: a chair schedules, moves or cancels a cluster meeting.
const (
	HopAskTitle      = "Tạo cuộc họp cụm. Anh/chị nhập <b>tên cuộc họp</b> (ví dụ: Họp giao ban cụm quý IV):"
	HopAskDate       = "Ngày họp (dd/mm/yyyy, ví dụ 15/12/2026):"
	HopAskTime       = "Giờ bắt đầu (hh:mm, ví dụ 08:30):"
	HopAskPlace      = "Địa điểm họp, hoặc đường dẫn họp trực tuyến (bắt đầu bằng https://):"
	HopAskAgenda     = "Nội dung chương trình họp (gõ <b>-</b> nếu không có):"
	HopBadTitle      = "Tên cuộc họp cần từ 3 đến 200 ký tự. Anh/chị nhập lại:"
	HopBadDate       = "Ngày «%s» không hợp lệ. Anh/chị nhập theo dạng dd/mm/yyyy, ví dụ 15/12/2026:"
	HopBadTime       = "Giờ «%s» không hợp lệ. Anh/chị nhập theo dạng hh:mm, ví dụ 08:30:"
	HopPast          = "Thời điểm họp đã qua. Anh/chị nhập lại ngày họp (dd/mm/yyyy):"
	HopBadPlace      = "Địa điểm cần từ 2 đến 300 ký tự. Anh/chị nhập lại:"
	HopBadAgenda     = "Nội dung chương trình tối đa 1.000 ký tự. Anh/chị nhập lại:"
	HopConfirmHead   = "Anh/chị kiểm tra thông báo sẽ gửi tới các thành viên của cụm:"
	HopNotWorkingDay = "Lưu ý: ngày họp không phải ngày làm việc."
	HopConfirm       = "Gửi thông báo"
	HopAbort         = "Hủy bỏ"
	HopCreated       = "Đã tạo cuộc họp. Thông báo kèm nút xác nhận sẽ được gửi tới các đầu mối trong ít phút. Dùng /hop để xem tình hình xác nhận, dời lịch hoặc hủy họp."
	HopAborted       = "Đã hủy bỏ, chưa tạo cuộc họp nào."
	HopListHead      = "Các cuộc họp sắp tới của cụm:"
	HopListEmpty     = "Cụm chưa có cuộc họp nào sắp tới."
	HopNew           = "Tạo cuộc họp mới"
	HopTally         = "Phản hồi"
	HopMove          = "Dời lịch"
	HopCancel        = "Hủy họp"
	HopCancelAsk     = "Anh/chị chắc chắn hủy cuộc họp «%s»? Mọi thành viên sẽ được báo hủy."
	HopCancelYes     = "Hủy cuộc họp"
	HopCancelNo      = "Không hủy"
	HopCancelled     = "Đã hủy cuộc họp. Thông báo hủy sẽ được gửi tới mọi thành viên một lần."
	HopMoveAskDate   = "Dời cuộc họp «%s». Ngày họp mới (dd/mm/yyyy):"
	HopMoved         = "Đã dời cuộc họp sang %s. Thông báo thay đổi sẽ được gửi tới mọi thành viên một lần; các xác nhận trước đó được hỏi lại."
	HopGone          = "Cuộc họp này đã bị hủy hoặc không còn."
	// RSVPMeetingOver answers a meeting notice's button pressed once the meeting has begun.
	RSVPMeetingOver  = "Cuộc họp này đã bắt đầu hoặc đã diễn ra; bot không ghi nhận phản hồi nữa."
	HopNotYours      = "Cuộc họp này không thuộc cụm của anh/chị."
	HopAskSubstitute = "Anh/chị cho biết họ tên, chức vụ người đi họp thay (gõ <b>-</b> nếu chưa xác định):"
	HopSubstituteOK  = "Đã ghi nhận người đi thay: %s."
)

// HopItem is one meeting in the chair's /hop list: when ("08:30
// 15/12/2026"), title, number of answers.
const HopItem = "• %s – %s (%d phản hồi)"

// /hoso: dossier checklists.
const (
	HosoNone        = "Trong 120 ngày tới không có hạn hồ sơ khen thưởng nào đơn vị anh/chị phải nộp."
	HosoMarkPrefix  = "✓ "
	HosoSend        = "📎 Gửi tệp"
	HosoUndoPrefix  = "↺ "
	HosoAskFile     = "Anh/chị gửi tệp «%s» (PDF, Word, ảnh chụp…) ngay trong cuộc trò chuyện này."
	HosoNeedFile    = "Bot đang chờ tệp «%s». Anh/chị gửi tệp đính kèm, hoặc bấm /huy để thôi."
	HosoFileKept    = "Đã lưu tệp «%s» vào hồ sơ của đơn vị."
	HosoGone        = "Hạn hồ sơ này đã qua hoặc không còn trong lịch."
	HosoNoUnit      = "Anh/chị chưa gắn với đơn vị nào nên không có hồ sơ để theo dõi."
	HosoChairHeader = "Tình hình hồ sơ khen thưởng của các đơn vị trong cụm:"
)

// HosoOwnerNote says whose part of an award dossier a checklist shows.
func HosoOwnerNote(chair bool) string {
	if chair {
		return "(Phần do cụm trưởng chuẩn bị cho đơn vị được đề nghị.)"
	}
	return "(Phần do đơn vị được đề nghị chuẩn bị; các tài liệu còn lại do cụm trưởng lập.)"
}

// Answers to a meeting notice typed as words ("tham dự", "xin vắng")
// instead of pressing its buttons.
const (
	// RSVPTypedNone: nothing to answer; points to /lich.
	RSVPTypedNone = "Hiện anh/chị không có giấy mời họp nào để trả lời. Gõ /lich để xem các cuộc họp và hạn nộp sắp tới."
	// RSVPTypedWhich: several meetings; %s is the answer (an RSVP button), the buttons name the meetings.
	RSVPTypedWhich = "Cụm có nhiều cuộc họp sắp tới. Anh/chị trả lời «%s» cho cuộc họp nào?"
)

// RSVPTypedRecorded confirms a typed answer and names its meeting: answer
// is an RSVP button, title the meeting's, when its start ("08:30 20/11/2026").
func RSVPTypedRecorded(answer, title, when string) string {
	return "Đã ghi nhận: " + answer + " – cuộc họp «" + title + "» lúc " + when + "."
}

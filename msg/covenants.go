package msg

// The covenant (giao ước thi đua, /giaouoc): the chair sends each unit its
// plan targets, focal points acknowledge them or report a discrepancy.
// Texts are HTML for bot.HTML; %s arguments are escaped by the caller.

const (
	// CovenantForUnit presents a unit's targets. %d year, %s unit name, %s the targets (lines).
	CovenantForUnit = "<b>Giao ước thi đua năm %d – %s</b>\nChỉ tiêu kế hoạch của đơn vị theo cấu hình của cụm:\n%s\n\nAnh/chị vui lòng bấm «Xác nhận chỉ tiêu» nếu đúng với chỉ tiêu BHXH Việt Nam giao, hoặc «Báo sai lệch» để báo cụm trưởng. Giao ước vẫn được thủ trưởng các đơn vị ký tại hội nghị của cụm."
	// CovenantTarget is one target line. %s criterion name, %s value with its measure.
	CovenantTarget = "• %s: %s"
	// CovenantNoTargets: the unit has no targets in config.
	CovenantNoTargets = "• (chưa có chỉ tiêu trong cấu hình)"
	// CovenantAck and CovenantReport label the focal point's buttons.
	CovenantAck    = "Xác nhận chỉ tiêu"
	CovenantReport = "Báo sai lệch"
	// CovenantSend labels the chair's button.
	CovenantSend = "Gửi giao ước cho các đơn vị"
	// CovenantAcked confirms an acknowledgement. %d year, %s date and time.
	CovenantAcked = "✅ Đơn vị đã xác nhận chỉ tiêu giao ước năm %d lúc %s. Bot đã ghi lại các chỉ tiêu được xác nhận."
	// CovenantAskGap asks what is wrong.
	CovenantAskGap = "Anh/chị cho biết chỉ tiêu nào sai lệch và số đúng (một tin nhắn); bot sẽ chuyển cụm trưởng."
	// CovenantGapSent confirms a discrepancy report.
	CovenantGapSent = "Đã chuyển báo cáo sai lệch tới cụm trưởng. Khi chỉ tiêu được sửa, anh/chị gõ /giaouoc để xác nhận lại."
	// CovenantGapForChair tells the chair. %s unit name, %s sender, %s the text.
	CovenantGapForChair = "⚠️ <b>Báo sai lệch chỉ tiêu giao ước</b> – %s (%s):\n%s"
	// CovenantNotSent answers a focal point before the chair has sent it. %d year.
	CovenantNotSent = "Cụm trưởng chưa gửi giao ước thi đua năm %d. Bot sẽ gửi chỉ tiêu để anh/chị xác nhận khi cụm trưởng gửi."
	// CovenantSentChair confirms the sending. %d units reached, %d units, %s those without a focal point ("" when none).
	CovenantSentChair = "Đã gửi giao ước tới đầu mối của %d/%d đơn vị.%s"
	// CovenantNoFocal: %s unit names.
	CovenantNoFocal = " Chưa có đầu mối đăng ký (chưa gửi được): %s."
	// CovenantAlreadySent: %s date of the sending.
	CovenantAlreadySent = "Giao ước năm nay đã được gửi ngày %s."
	// CovenantStatusHeader: %d year, %s cluster name, %d acknowledged, %d units.
	CovenantStatusHeader = "<b>Giao ước thi đua năm %d – %s</b>\nĐã xác nhận chỉ tiêu: %d/%d đơn vị"
	// CovenantStatusNotSent: the chair has not sent it yet.
	CovenantStatusNotSent = "Chưa gửi giao ước cho các đơn vị. Bấm nút bên dưới để gửi chỉ tiêu của từng đơn vị tới đầu mối."
	// CovenantLineAcked: %s unit name, %s who, %s when.
	CovenantLineAcked = "✅ %s – %s xác nhận lúc %s"
	// CovenantLineChanged: %s criteria names.
	CovenantLineChanged = "   ⚠️ chỉ tiêu đã thay đổi sau khi xác nhận: %s"
	// CovenantLineWaiting: %s unit name.
	CovenantLineWaiting = "⏳ %s – chưa xác nhận"
	// CovenantLineGap: %s unit name, %s the text.
	CovenantLineGap = "❗ %s báo sai lệch: %s"
	// CovenantReminder reminds a focal point. %d year.
	CovenantReminder = "Nhắc việc: đơn vị chưa xác nhận chỉ tiêu giao ước thi đua năm %d. Anh/chị vui lòng xem lại tin bên dưới."
)

// The covenant document (DOCX). Plain text: the document writer escapes.
const (
	CovenantDocTitle = "GIAO ƯỚC THI ĐUA NĂM %d"
	// CovenantDocCluster: %s cluster name.
	CovenantDocCluster = "%s"
	// CovenantDocIntro: %d year.
	CovenantDocIntro     = "Thực hiện phong trào thi đua năm %d, các đơn vị thành viên của cụm thống nhất ký kết giao ước thi đua với các nội dung và chỉ tiêu dưới đây. Chỉ tiêu kế hoạch của từng đơn vị do BHXH Việt Nam giao; các đơn vị đã xác nhận chỉ tiêu qua bot như ghi nhận tại mục III."
	CovenantDocCriteria  = "I. Nội dung thi đua và thang điểm"
	CovenantDocTargets   = "II. Chỉ tiêu kế hoạch của các đơn vị"
	CovenantDocRecord    = "III. Ghi nhận xác nhận chỉ tiêu"
	CovenantDocSign      = "IV. Đại diện các đơn vị ký giao ước"
	CovenantDocColGroup  = "Nhóm tiêu chí"
	CovenantDocColCrit   = "Tiêu chí"
	CovenantDocColMax    = "Điểm tối đa"
	CovenantDocColUnit   = "Đơn vị"
	CovenantDocColTarget = "Chỉ tiêu năm"
	CovenantDocColWho    = "Người xác nhận"
	CovenantDocColWhen   = "Thời điểm"
	CovenantDocColNote   = "Ghi chú"
	// CovenantDocNotAcked marks a unit without an acknowledgement.
	CovenantDocNotAcked = "chưa xác nhận"
	// CovenantDocChanged: %s criteria changed since the acknowledgement.
	CovenantDocChanged = "chỉ tiêu đã thay đổi sau khi xác nhận: %s"
	// CovenantDocGap: %s the discrepancy reported.
	CovenantDocGap = "báo sai lệch: %s"
	// CovenantDocSignFor: %s unit name.
	CovenantDocSignFor = "Đại diện %s"
	// CovenantDocSignBlank is the placeholder of a signature.
	CovenantDocSignBlank = "chữ ký, họ tên, chức vụ thủ trưởng đơn vị"
	// CovenantDocPlaceDate is the placeholder of the place and date of signing.
	CovenantDocPlaceDate = "địa điểm, ngày ký"
	// CovenantDocButton labels the chair's download button.
	CovenantDocButton = "Tải văn bản giao ước (DOCX)"
	// CovenantDocCaption captions the file. %d year. HTML.
	CovenantDocCaption = "Dự thảo văn bản giao ước thi đua năm %d để các đơn vị ký tại hội nghị của cụm. Các chỗ đánh dấu «cần bổ sung» do người soạn điền."
)

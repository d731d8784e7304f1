package msg

// Texts of the Telegram transport: onboarding, roles, help, buttons and
// errors. Texts are HTML for Telegram's HTML parse mode: callers insert
// user- or config-supplied values only through bot.HTML, which escapes them.

// CommandInfo returns the Vietnamese and English one-line descriptions of a
// bot command, used by /help and setMyCommands.
func CommandInfo(name string) (vi, en string, ok bool) {
	switch name {
	case "start":
		return "Bắt đầu, nhập mã mời", "Start, enter an invite code", true
	case "help":
		return "Hướng dẫn sử dụng", "Help", true
	case "baocao":
		return "Nộp hoặc sửa báo cáo tháng này", "Submit or edit this month's report", true
	case "tiendo":
		return "Xem đơn vị nào đã nộp báo cáo", "See who has submitted", true
	case "xephang":
		return "Xem xếp hạng (có thể ghi kỳ, ví dụ /xephang 6/2026)", "Ranking (optionally a period)", true
	case "diem":
		return "Xem chi tiết điểm của đơn vị", "Score breakdown of a unit", true
	case "hoi":
		return "Hỏi đáp quy định thi đua, khen thưởng", "Ask about emulation and award rules", true
	case "lich":
		return "Xem hạn nộp và lịch họp sắp tới", "Upcoming deadlines and meetings", true
	case "hop":
		return "Lên lịch họp cụm", "Schedule a cluster meeting", true
	case "hoso":
		return "Danh mục hồ sơ đề nghị khen thưởng", "Award dossier checklist", true
	case "binhxet":
		return "Bình xét khen thưởng cuối năm: điều kiện, đề nghị, cảnh báo", "Award season: eligibility, nominees, warnings", true
	case "baocaothanhtich":
		return "Dự thảo báo cáo thành tích (DOCX)", "Draft achievement report (DOCX)", true
	case "moi":
		return "Tạo mã mời tham gia", "Create an invite code", true
	case "thanhvien":
		return "Xem và quản lý thành viên", "List and manage members", true
	case "xuat":
		return "Xuất dữ liệu ra tệp Excel", "Export to Excel", true
	case "giaouoc":
		return "Giao ước thi đua: gửi, xác nhận chỉ tiêu của đơn vị (có thể ghi năm, ví dụ /giaouoc 2027)", "Covenant: send, acknowledge a unit's targets", true
	case "dienhinh":
		return "Gửi hoặc duyệt điển hình tiên tiến (ảnh kèm câu chuyện)", "Send or review a model example (photo and story)", true
	case "tongquan":
		return "Tổng quan các cụm thi đua (quản trị viên)", "Every cluster at a glance (admins)", true
	case "huy":
		return "Hủy thao tác đang làm", "Cancel the current step", true
	case "id":
		return "Xem mã Telegram (id) của anh/chị và của nhóm", "Your Telegram id (and the group's)", true
	}
	return "", "", false
}

// CommandHelp is the /help line of a command or command form (what is typed
// after the slash, e.g. "baocao mau") as a role reads it; role "" is someone
// not yet registered.
func CommandHelp(form, role string) string {
	switch form {
	case "start":
		return "Tham gia bằng mã mời: mở đường link mời, hoặc gõ /start MÃ_MỜI"
	case "id":
		if role == "" || role == "admin" {
			return "Xem mã Telegram (id) của anh/chị, để quản trị viên ghi vào ADMIN_IDS; trong nhóm: cả mã của nhóm"
		}
	case "baocao":
		if role != "focal" {
			return "Chấm các tiêu chí do cụm trưởng chấm cho một đơn vị (chọn đơn vị; có thể ghi kỳ, ví dụ /baocao 10/2026)"
		}
		return "Nộp hoặc sửa báo cáo tháng này (có thể ghi kỳ, ví dụ /baocao 10/2026)"
	case "baocao mau":
		return "Nhận mẫu Excel của báo cáo, điền rồi gửi lại tệp cho bot"
	case "baocao mo":
		return "Mở khóa báo cáo đã khóa của một đơn vị trong vài ngày làm việc (mặc định 3): /baocao mo TÊN_ĐƠN_VỊ [kỳ] [số ngày], ví dụ /baocao mo bac ninh 10/2026"
	case "diem":
		if role == "focal" {
			return "Xem chi tiết điểm của đơn vị (có thể ghi kỳ, ví dụ /diem quý 3/2026)"
		}
		if role != "" && role != "member" {
			return "Xem chi tiết điểm của một đơn vị (ghi tên đơn vị, có thể ghi kỳ, ví dụ /diem bac ninh quý 3/2026)"
		}
	}
	vi, _, ok := CommandInfo(form)
	if !ok {
		return form
	}
	return vi
}

// RoleName is the Vietnamese name of a role.
func RoleName(role string) string {
	switch role {
	case "admin":
		return "quản trị viên"
	case "chair":
		return "cụm trưởng"
	case "deputy":
		return "cụm phó"
	case "focal":
		return "đầu mối"
	case "member":
		return "thành viên"
	}
	return role
}

const (
	// BotInternalError is the apology for anything unexpected, including a
	// handler that crashed.
	BotInternalError = "Xin lỗi, hệ thống vừa gặp sự cố khi xử lý yêu cầu của anh/chị. Vui lòng thử lại sau ít phút; nếu vẫn không được, xin báo cho quản trị viên."
	// BotStoreOutage tells a person, once per outage, that what they just
	// sent cannot be recorded while the store is unreachable; their message is
	// handled, and answered, once it is back.
	BotStoreOutage = "Hệ thống đang gián đoạn tạm thời, số liệu của anh/chị chưa được ghi. Bot sẽ báo lại khi hoạt động bình thường."
	// BotButtonExpired answers a button from an old message.
	BotButtonExpired = "Nút này đã hết hạn. Vui lòng gửi lại lệnh để nhận nút mới."
	// BotUnknownCommand answers a command the bot does not know.
	BotUnknownCommand = "Bot chưa hiểu lệnh này. Gõ /help để xem các lệnh anh/chị có thể dùng."
	// BotNotRegistered answers anyone not yet bound with an invite code.
	BotNotRegistered = "Anh/chị chưa đăng ký sử dụng bot. Vui lòng mở đường link mời hoặc gửi <code>/start MÃ_MỜI</code> với mã do cụm trưởng hoặc quản trị viên cấp."
	// BotNotAllowed answers a command the role may not use.
	// BotTypedAmbiguous: %s what was typed, the label of buttons on several messages.
	BotTypedAmbiguous = "Có nhiều tin nhắn bên trên cùng có nút «%s» (ví dụ mỗi hồ sơ một danh mục). Anh/chị vui lòng bấm trực tiếp nút trong tin nhắn cần chọn."
	BotNotAllowed     = "Xin lỗi, vai trò của anh/chị không được dùng chức năng này. Gõ /help để xem các lệnh anh/chị có thể dùng."
	// BotOtherCluster answers an attempt to read or change another cluster or unit.
	BotOtherCluster = "Xin lỗi, anh/chị chỉ được xem và thao tác với dữ liệu trong phạm vi của mình."
	// BotNoFlowText answers plain text when nothing is waiting for it.
	BotNoFlowText = "Bot chưa hiểu ý anh/chị. Gõ /help để xem các lệnh, hoặc /hoi kèm câu hỏi về quy định."
	// BotDocumentUnexpected answers a file sent outside a step that expects one.
	BotDocumentUnexpected = "Bot chưa cần tệp nào lúc này. Nếu muốn nộp báo cáo, vui lòng gõ /baocao trước."
	// BotNoSession answers a typed button word (Xác nhận, Hủy, Bỏ qua…)
	// when no conversation is waiting for it.
	BotNoSession = "Không có phiên nhập nào đang mở; gõ /baocao để bắt đầu."
	// BotCancelled confirms /huy.
	BotCancelled = "Đã hủy thao tác đang làm. Gõ /help để xem các lệnh."
	// BotNothingToCancel answers /huy with nothing active.
	BotNothingToCancel = "Hiện không có thao tác nào đang làm."
	// BotStartNeedCode answers /start without a code from someone not registered.
	BotStartNeedCode = "Xin chào! Đây là trợ lý thi đua, khen thưởng của cụm thi đua.\nĐể bắt đầu, vui lòng mở đường link mời hoặc gửi <code>/start MÃ_MỜI</code> với mã do cụm trưởng hoặc quản trị viên cấp."
	// BotInviteUnknown answers a wrong code.
	BotInviteUnknown = "Mã mời không đúng. Vui lòng kiểm tra lại mã (không phân biệt chữ hoa, chữ thường) hoặc xin mã mới từ cụm trưởng."
	// BotInviteUsed answers a code already redeemed.
	BotInviteUsed = "Mã mời này đã được sử dụng. Mỗi mã chỉ dùng được một lần; vui lòng xin mã mới từ cụm trưởng hoặc quản trị viên."
	// BotInviteExpired answers an expired code.
	BotInviteExpired = "Mã mời này đã hết hạn. Vui lòng xin mã mới từ cụm trưởng hoặc quản trị viên."
	// BotInviteThrottled answers too many wrong codes.
	BotInviteThrottled = "Anh/chị đã nhập sai mã quá nhiều lần. Vui lòng thử lại sau 1 giờ hoặc liên hệ cụm trưởng."
	// BotGroupPrivateOnly points a group to the private chat. %s: the bot's link.
	BotGroupPrivateOnly = "Việc nhập số liệu và tra cứu chỉ thực hiện trong tin nhắn riêng với bot: %s"
	// BotHelpHeader heads /help. %s: role name, %s: scope (unit, cluster).
	BotHelpHeader = "<b>Các lệnh anh/chị dùng được</b> (vai trò: %s%s):"
	// BotHelpGuest is /help for someone not registered.
	BotHelpGuest = "<b>Trợ lý thi đua, khen thưởng</b>\nAnh/chị chưa đăng ký. Vui lòng mở đường link mời do cụm trưởng hoặc quản trị viên gửi, hoặc dùng các lệnh sau:"
	// BotIDPrivate answers /id in a private chat. %d: the user's id, twice.
	BotIDPrivate = "Mã Telegram (id) của anh/chị: <code>%d</code>\nNếu anh/chị là quản trị viên, hãy ghi mã này vào ADMIN_IDS khi chạy bot (ví dụ <code>ADMIN_IDS=%d</code>) rồi khởi động lại bot."
	// BotIDAdmin answers /id in a private chat from someone already an
	// administrator (ADMIN_IDS or an admin invite). %d: the user's id.
	BotIDAdmin = "Mã Telegram (id) của anh/chị: <code>%d</code>\nAnh/chị đã là quản trị viên của bot; không cần ghi thêm mã này vào ADMIN_IDS."
	// BotIDGroup answers /id in a group. %s: the sender's name, %d: their id, %d: the group's chat id.
	BotIDGroup = "Mã Telegram (id) của %s: <code>%d</code>\nMã của nhóm này: <code>%d</code> (ghi vào <code>group_chat_id</code> của cụm trong org.yaml để bot đăng xếp hạng và thông báo họp vào nhóm)."
	// BotHelpFooter ends /help.
	BotHelpFooter = "Trong tin nhắn riêng, anh/chị có thể gõ trực tiếp câu hỏi về quy định. Mọi nút bấm đều có thể gõ bằng chữ (có dấu hoặc không dấu)."
	// BotWelcome greets a newly bound member. %s: name, %s: role, %s: scope.
	BotWelcome = "Chào mừng %s! Anh/chị đã được ghi nhận là <b>%s</b>%s."
	// BotWelcomeBack greets a registered member on /start (the help that follows names the unit). %s: name, role.
	BotWelcomeBack = "Chào %s! Anh/chị đang là <b>%s</b>."
	// BotFocalReplaced tells the previous focal point. %s: unit name.
	BotFocalReplaced = "Vai trò đầu mối của đơn vị %s đã được chuyển cho người khác. Anh/chị vẫn là thành viên của đơn vị; nếu có nhầm lẫn, xin liên hệ cụm trưởng."
	// BotFocalGiven tells the new focal point. %s: unit name.
	BotFocalGiven = "Anh/chị đã được giao vai trò đầu mối của đơn vị %s. Gõ /help để xem các lệnh."
	// BotRevoked tells a removed member.
	BotRevoked = "Quyền sử dụng bot của anh/chị đã được thu hồi. Nếu có nhầm lẫn, xin liên hệ cụm trưởng hoặc quản trị viên."
	// BotUnreachable tells a chair a member blocked the bot. %s: name, unit.
	BotUnreachable = "Bot không gửi được tin nhắn cho %s (%s): có thể người này đã chặn bot. Xin anh/chị nhắc họ mở lại cuộc trò chuyện với bot."
	// BotInviteCreated shows a new code. %s: role, scope, code, link line, expiry (hh:mm dd/mm/yyyy: a code lasts to the minute it was made, 7 days on).
	BotInviteCreated = "Đã tạo mã mời <b>%s</b>%s.\nMã: <code>%s</code>%s\nHạn dùng: đến %s. Mã chỉ dùng được một lần."
	// BotInviteLinkLine is the link line of BotInviteCreated. %s: link.
	BotInviteLinkLine = "\nĐường link: %s"
	// BotInvitePickCluster asks an admin for the cluster.
	BotInvitePickCluster = "Chọn cụm thi đua của người được mời:"
	// BotInvitePickUnit asks for the unit.
	BotInvitePickUnit = "Chọn đơn vị của người được mời:"
	// BotInvitePickRole asks for the role. %s: unit name.
	BotInvitePickRole = "Người được mời của đơn vị %s sẽ có vai trò gì?"
	// BotInviteUsage explains the typed form of /moi.
	BotInviteUsage = "Cách dùng: <code>/moi</code> rồi chọn theo nút, hoặc <code>/moi VAI_TRÒ MÃ_ĐƠN_VỊ</code> (vai trò: focal, member, deputy, chair, admin)."
	// BotMembersPickCluster asks an admin which cluster to list.
	BotMembersPickCluster = "Chọn cụm thi đua cần xem thành viên:"
	// BotUnknownCluster answers a cluster id that org.yaml does not have.
	BotUnknownCluster = "Không có cụm thi đua với mã này. Gõ /thanhvien để chọn cụm từ danh sách."
	// BotMembersHeader heads /thanhvien. %s: cluster name.
	BotMembersHeader = "<b>Thành viên – %s</b>"
	// BotMembersNone says the cluster has no member yet.
	BotMembersNone = "Chưa có ai đăng ký. Dùng /moi để tạo mã mời."
	// BotMembersLine is one member. %s: name, role, unit name, note.
	BotMembersLine = "• %s – %s – %s%s"
	// BotMembersUnreachableNote marks an unreachable member.
	BotMembersUnreachableNote = " (không nhận được tin nhắn)"
	// BotRevokeConfirm asks before revoking. %s: name, unit.
	BotRevokeConfirm = "Thu hồi quyền của %s (%s)?"
	// BotRevokeDone confirms. %s: name.
	BotRevokeDone = "Đã thu hồi quyền của %s."
	// BotRevokeSelf refuses revoking oneself.
	BotRevokeSelf = "Anh/chị không thể tự thu hồi quyền của mình."
	// BotFocalDone confirms a handover. %s: name, unit.
	BotFocalDone = "Đã giao vai trò đầu mối đơn vị %s cho %s."
	// BotMemberGone says the member no longer exists.
	BotMemberGone = "Người này không còn trong danh sách thành viên."
	// BotCancelButton labels a cancel button.
	BotCancelButton = "Hủy"
	// BotYesButton labels a confirmation button.
	BotYesButton = "Đồng ý"
)

// Button labels of /thanhvien. %s: member name.
const (
	BotRevokeButton = "Thu hồi: %s"
	BotFocalButton  = "Giao đầu mối: %s"
)

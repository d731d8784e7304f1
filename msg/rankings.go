package msg

// Rankings on Telegram (/xephang, /diem, /xuat) and `thiduabot rank`. Texts
// are HTML for bot.HTML: the format is trusted, %s arguments are escaped by
// the caller. Numbers arrive formatted the Vietnamese way (95,50).

const (
	// RankUsage answers a malformed /xephang.
	RankUsage = "Cách dùng: <code>/xephang</code> [kỳ], ví dụ <code>/xephang 6/2026</code>, <code>/xephang quý 2</code> hoặc <code>/xephang 6 tháng</code>. Cụm trưởng gõ <code>/xephang dang</code> để đăng bảng xếp hạng lên nhóm của cụm."
	// RankBadPeriod: %s what was typed.
	RankBadPeriod = "Bot chưa hiểu kỳ «%s». Anh/chị vui lòng gõ theo dạng " + PeriodForms + " (đều tính lũy kế từ đầu năm; quý 2 là 6 tháng đầu năm)."
	// RankNoTable: %s cluster name, %d year.
	RankNoTable = "%s chưa có bảng chấm điểm áp dụng cho năm %d nên bot chưa xếp hạng được. Anh/chị vui lòng liên hệ quản trị viên."
	// RankNeedCluster: %s an example cluster id, %s every cluster id.
	RankNeedCluster = "Anh/chị vui lòng ghi rõ mã cụm, ví dụ <code>/xephang %s 6/2026</code>. Các cụm hiện có: %s."
	// RankOtherCluster answers a chair or member asking about another cluster.
	RankOtherCluster = "Xin lỗi, anh/chị chỉ xem được số liệu của cụm mình."
	// RankNoData: %s cluster name, %s period label "6/2026".
	RankNoData = "%s chưa có số liệu đã xác nhận nào tính đến tháng %s nên chưa có bảng xếp hạng."

	// RankFuture: %s period name ("tháng 6/2026", "năm 2027").
	RankFuture = "Kỳ %s chưa bắt đầu nên chưa có xếp hạng. Anh/chị vui lòng chọn kỳ đến tháng hiện tại."
	// RankCLIFuture: %s period name ("tháng 9/2026").
	RankCLIFuture = "thiduabot rank: kỳ %s chưa bắt đầu / the period has not begun"

	// RankHeader: %s cluster name, %s the scope (RankScope…, capitalised).
	RankHeader = "<b>Xếp hạng tạm tính — %s</b>\n%s"
	// RankScope: %s period label "6/2026".
	RankScope = "kỳ lũy kế đến tháng %s"
	// RankScopeSpan: %s the period as asked ("quý 2/2026"), %s the months
	// used ("tháng 1–6/2026").
	RankScopeSpan = "kỳ %s (lũy kế %s)"
	// RankScopeStopped: %s the period as asked ("năm 2026"), %s the last
	// month with figures ("10/2026"), %s the months used.
	RankScopeStopped = "kỳ %s, số liệu mới có đến tháng %s (lũy kế %s)"
	// RankCompared: %s previous period label.
	RankCompared = "\n(↑ lên hạng, ↓ xuống hạng, = giữ hạng so với tháng %s)"
	// RankLine: %d rank, %s unit name, %s total, %s movement (may be empty).
	RankLine = "%d. %s — <b>%s</b>%s"
	// RankUnranked: %s the names of the units without a single figure.
	// They score 0 and would share the last rank; they are listed apart so
	// that nobody reads "2." as a standing they earned.
	RankUnranked = "Chưa xếp hạng vì chưa có số liệu nào (tính 0 điểm): %s."
	// RankMissingHead introduces the units still lacking figures.
	RankMissingHead = "Còn thiếu số liệu:"
	// RankMissingAll stands for every unit in a missing-figures line.
	RankMissingAll = "Tất cả đơn vị"
	// RankMissingLine: %s unit names, %s criterion names.
	RankMissingLine = "• %s: %s"
	// RankComplete says that every unit has every figure.
	RankComplete = "Tất cả đơn vị đã có đủ số liệu."
	// RankFooter points to the details.
	RankFooter = "Chi tiết từng tiêu chí: <code>/diem tên đơn vị</code> · Tệp Excel: /xuat"

	// RankOwn (a focal point who sees only its unit): %s unit name, %s scope
	// (RankScope…), %d rank, %d number of units, %s total, %s movement.
	RankOwn = "<b>%s</b> — %s\nHạng <b>%d</b>/%d, tổng <b>%s</b> điểm%s."
	// RankOwnNoData (a unit without a single figure): %s unit name, %s
	// scope (RankScope…).
	RankOwnNoData = "<b>%s</b> — %s\nChưa xếp hạng vì đơn vị chưa có số liệu nào (tính 0 điểm)."
	// RankOwnMissing: %s criterion names.
	RankOwnMissing = "Còn thiếu số liệu: %s."
	// RankOwnFooter points a focal point to its breakdown.
	RankOwnFooter = "Chi tiết từng tiêu chí: /diem"
	// RankMovedSince: %s movement ("↑2", "↓1", "="), %s previous period label.
	RankMovedSince = " (%s so với tháng %s)"

	// RankPostOnlyChair answers /xephang dang from anyone but a chair or admin.
	RankPostOnlyChair = "Chỉ cụm trưởng mới đăng được bảng xếp hạng lên nhóm của cụm."
	// RankPostNoGroup: %s cluster name.
	RankPostNoGroup = "%s chưa khai báo nhóm chat (mục group_chat_id trong org.yaml) nên bot chưa đăng được. Anh/chị vui lòng nhờ quản trị viên bổ sung rồi gõ lại <code>/xephang dang</code>."
	// RankPosted: %s scope (RankScope…).
	RankPosted = "Đã đăng bảng xếp hạng %s lên nhóm của cụm."
	// RankPostFailed answers a post the group refused.
	RankPostFailed = "Bot chưa đăng được lên nhóm của cụm: có thể bot chưa được thêm vào nhóm hoặc không có quyền gửi tin. Anh/chị vui lòng kiểm tra rồi thử lại."

	// DiemUsage answers /diem from someone without a unit of their own.
	DiemUsage = "Cách dùng: <code>/diem</code> [đơn vị] [kỳ], ví dụ <code>/diem Bắc Ninh 6/2026</code> hoặc <code>/diem bac_ninh quý 2</code>."
	// DiemUnknownUnit: %s what was typed, %s cluster name, %s unit names.
	DiemUnknownUnit = "Bot không tìm thấy đơn vị «%s» trong %s. Các đơn vị: %s."
	// DiemAmbiguous: %s what was typed, %s the matching unit names.
	DiemAmbiguous = "«%s» khớp với nhiều đơn vị: %s. Anh/chị vui lòng gõ rõ hơn."
	// DiemNotAllowed answers a focal point asking about another unit.
	DiemNotAllowed = "Xin lỗi, anh/chị chỉ xem được điểm của đơn vị mình."
	// DiemHeader: %s unit name, %s scope (RankScope…), %d rank, %d units, %s total, %s movement.
	DiemHeader = "<b>%s</b> — điểm tạm tính %s\nHạng <b>%d</b>/%d, tổng <b>%s</b> điểm%s"
	// DiemHeaderNoData: %s unit name, %s scope (RankScope…), %s total.
	DiemHeaderNoData = "<b>%s</b> — điểm tạm tính %s\nChưa xếp hạng vì đơn vị chưa có số liệu nào, tổng <b>%s</b> điểm"
	// DiemGroup: %s group id, %s group name, %s points.
	DiemGroup = "<b>%s. %s</b>: %s điểm"
	// DiemGroupCapped: %s the points before the cap.
	DiemGroupCapped = " (tổng các tiêu chí %s, tính tối đa theo mức trần của nhóm)"
	// DiemCriterion: %s criterion name, %s explanation.
	DiemCriterion = "• %s: %s"
	// DiemLeader is said of the unit ranked first.
	DiemLeader = "Đơn vị đang dẫn đầu cụm."
	// DiemTrajectory: %s the months' ranks ("T1: 3 · T2: 2").
	DiemTrajectory = "Hạng qua các tháng: %s"
	// DiemMonthRank: %d month, %d rank.
	DiemMonthRank = "T%d: %d"
	// DiemMonthUnranked: %d month (no figures then, of the unit or of anyone).
	DiemMonthUnranked = "T%d: —"

	// ExportCaption: %s cluster name, %s scope (RankScope…).
	ExportCaption = "Bảng điểm %s, %s. Trang 1 là điểm từng tiêu chí; trang 2 giải thích cách tính."

	// RankCLIUsage is the usage line of `thiduabot rank`.
	RankCLIUsage = "Cách dùng / usage: thiduabot rank [--config DIR] [--data DIR | --redis URL] [--cluster ID] [--period KỲ] [--json]"
	// RankCLIBadPeriod: %s what was given.
	RankCLIBadPeriod = "thiduabot rank: kỳ %q không hợp lệ; dùng " + PeriodForms + " / invalid period"
	// RankCLINoTable: %s cluster id, %d year.
	RankCLINoTable = "thiduabot rank: cụm %s không có bảng chấm điểm áp dụng cho năm %d / no scoring table for that year"
	// RankCLINoData: %s cluster id, %s period label.
	RankCLINoData = "Lưu ý / note: cụm %s chưa có số liệu đã xác nhận nào tính đến tháng %s; mọi đơn vị đều 0 điểm."
)

// RankCLIMovement: %s previous period label, %s "unit ↑1, unit =" list.
const RankCLIMovement = "Thay đổi hạng so với tháng %s: %s"

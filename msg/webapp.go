package msg

// The Mini App (the dashboard inside Telegram): page labels and the errors
// of its JSON API. Plain text; the page escapes what it inserts.

// AppTexts returns the Mini App's labels, sent to the page as JSON.
func AppTexts() map[string]string {
	return map[string]string{
		"title":          "Thi đua – bảng điều khiển",
		"loading":        "Đang tải…",
		"tabRanking":     "Xếp hạng",
		"tabUnit":        "Chi tiết đơn vị",
		"tabSector":      "Tổng quan",
		"rank":           "Hạng",
		"unit":           "Đơn vị",
		"total":          "Điểm",
		"movement":       "Thay đổi",
		"missing":        "Thiếu",
		"noRank":         "–",
		"noData":         "chưa có số liệu, chưa xếp hạng",
		"period":         "Kỳ lũy kế đến tháng",
		"ownOnly":        "Cụm áp dụng chế độ chỉ xem đơn vị mình: anh/chị thấy thứ hạng và chi tiết của đơn vị mình.",
		"sortHint":       "Chạm vào tiêu đề cột để sắp xếp; chạm vào một đơn vị để xem chi tiết.",
		"of":             "trên",
		"points":         "điểm",
		"trend":          "Diễn biến theo tháng",
		"monthShort":     "T",
		"noInitData":     "Vui lòng mở bảng điều khiển từ nút trong tin nhắn riêng với bot trên Telegram.",
		"onTime":         "Đúng hạn",
		"late":           "Muộn",
		"missingReports": "Chưa nộp",
		"meetings":       "Hội nghị đã họp / theo lịch",
		"covenant":       "Giao ước đã xác nhận",
		"dossiers":       "Hồ sơ đủ / đến hạn",
		"flags":          "Cần lưu ý",
		"allGood":        "Không có điểm cần lưu ý",
		"notDue":         "chưa đến hạn",
		"cluster":        "Cụm",
		"role":           "Vai trò",
		"error":          "Không tải được dữ liệu",
		"noViews":        "Vai trò của anh/chị chưa có bảng nào để xem ở đây. Anh/chị vẫn có thể hỏi đáp quy định trong tin nhắn với bot.",
		"rankingChart":   "Biểu đồ tổng điểm các đơn vị",
		"trendChart":     "Biểu đồ tổng điểm và thứ hạng theo tháng",
		"sectorChart":    "Biểu đồ tỷ lệ báo cáo đúng hạn của các cụm",
	}
}

const (
	// AppErrAuth answers a request without valid, fresh Telegram initData (401).
	AppErrAuth = "Phiên làm việc không hợp lệ hoặc đã quá 24 giờ. Anh/chị vui lòng mở lại bảng điều khiển từ tin nhắn với bot."
	// AppErrNotRegistered answers someone the bot does not know (403).
	AppErrNotRegistered = "Anh/chị chưa đăng ký với bot. Vui lòng mở đường link mời hoặc gửi /start MÃ_MỜI cho bot."
	// AppErrNotAllowed answers a request outside the user's role (403).
	AppErrNotAllowed = "Xin lỗi, vai trò của anh/chị không được xem nội dung này."
	// AppErrOtherCluster answers a request for another cluster (403).
	AppErrOtherCluster = "Xin lỗi, anh/chị chỉ xem được số liệu của cụm mình."
	// AppErrOwnUnit answers a focal point asking for another unit under visibility: own (403).
	AppErrOwnUnit = "Xin lỗi, cụm của anh/chị chỉ cho phép đầu mối xem chi tiết đơn vị mình."
	// AppErrUnknown answers an unknown cluster or unit (404).
	AppErrUnknown = "Không tìm thấy cụm hoặc đơn vị này."
	// AppErrPeriod answers a period that does not parse or has not begun (400).
	AppErrPeriod = "Kỳ không hợp lệ hoặc chưa bắt đầu; ví dụ 6/2026, quý 2, năm 2026, tháng trước."
	// AppErrNoData: %s cluster name, %s period label.
	AppErrNoData = "%s chưa có số liệu đã xác nhận nào tính đến tháng %s."
	// AppErrInternal answers an internal error (500); the details are logged.
	AppErrInternal = "Xin lỗi, hệ thống gặp sự cố. Anh/chị vui lòng thử lại sau ít phút."
)

package msg

// The sector overview (/tongquan, `thiduabot sector`, the admins' monthly
// digest) and the Mini App. Texts are plain unless marked HTML; the caller
// escapes names.

const (
	// SectorFlagOnTime: %s the on-time rate "75" (percent), %d late, %d missing.
	SectorFlagOnTime = "Tỷ lệ báo cáo đúng hạn %s%%, dưới mức 80%% (%d báo cáo muộn, %d báo cáo chưa nộp)"
	// SectorFlagReview: %s the event title, %s the planned date dd/mm/yyyy.
	SectorFlagReview = "Chưa tổ chức «%s» dự kiến ngày %s (không có cuộc họp nào được lên lịch qua /hop trong vòng 15 ngày quanh ngày đó)"
	// SectorFlagDossier: %s the dossier title, %s its deadline dd/mm/yyyy, %d units still short, %s their names.
	SectorFlagDossier = "«%s» quá hạn %s, còn %d hồ sơ chưa đủ: %s"

	// SectorHeader: %s period label "11/2026". HTML.
	SectorHeader = "<b>Tổng quan các cụm thi đua</b>\nKỳ lũy kế từ đầu năm đến tháng %s"
	// SectorCluster: %s cluster name, %d units. HTML.
	SectorCluster = "\n<b>%s</b> (%d đơn vị)"
	// SectorOnTime: %s rate "87,5", %d on time, %d due, %d late, %d missing.
	SectorOnTime = "• Báo cáo đúng hạn: %s%% (%d/%d báo cáo đã đến hạn; muộn %d, chưa nộp %d)"
	// SectorOnTimeNone: no deadline has passed in the period yet.
	SectorOnTimeNone = "• Báo cáo đúng hạn: chưa có kỳ báo cáo nào đến hạn"
	// SectorMeetings: %d held, %d planned in the calendar.
	SectorMeetings = "• Hội nghị, cuộc họp: đã họp %d, theo lịch %d"
	// SectorCovenant: %d units acknowledged, %d units.
	SectorCovenant = "• Giao ước thi đua: %d/%d đơn vị đã xác nhận"
	// SectorDossiers: %d complete, %d due.
	SectorDossiers = "• Hồ sơ khen thưởng: đủ %d/%d"
	// SectorNoDossiers: no dossier falls due in the period.
	SectorNoDossiers = "• Hồ sơ khen thưởng: chưa có hồ sơ đến hạn trong kỳ"
	// SectorFlag: %s the reason.
	SectorFlag = "⚠️ %s"
	// SectorAllGood closes a cluster without flags.
	SectorAllGood = "✅ Không có điểm cần lưu ý"
	// SectorSummary: %d clusters flagged, %d clusters. HTML.
	SectorSummary = "\n<b>%d/%d cụm cần lưu ý.</b>"

	// SectorDigestTitle opens the monthly digest to admins. HTML.
	SectorDigestTitle = "<b>Báo cáo tổng quan hằng tháng</b>"

	// SectorCLIUsage is the usage line of `thiduabot sector`.
	SectorCLIUsage = "Cách dùng: thiduabot sector [--period KỲ] [--json] / usage: thiduabot sector [--period P] [--json]"
	// SectorCLIBadPeriod: %s what was given.
	SectorCLIBadPeriod = "thiduabot sector: kỳ «%s» không hợp lệ; ví dụ 2026-06, 6/2026, quý 2, 6 tháng, năm 2026 / invalid period"
	// SectorCLIFuture: %s period label.
	SectorCLIFuture = "thiduabot sector: tháng %s chưa bắt đầu / the period has not begun"
)

const (
	// SectorAppButton labels the button opening the Mini App's overview.
	SectorAppButton = "📊 Mở bảng tổng quan"
	// AppButtonRanking labels the button opening the Mini App's ranking.
	AppButtonRanking = "📊 Mở bảng xếp hạng đầy đủ"
	// AppButtonScore labels the button opening the Mini App's breakdown.
	AppButtonScore = "📊 Xem chi tiết và biểu đồ"
	// SectorBadPeriod: %s what was typed. HTML.
	SectorBadPeriod = "Bot chưa hiểu kỳ «%s». Anh/chị vui lòng gõ theo dạng 6/2026, tháng 6, quý 2, 6 tháng hoặc năm 2026 (đều tính lũy kế từ đầu năm)."
	// SectorFuture: %s period label. HTML.
	SectorFuture = "Tháng %s chưa bắt đầu. Anh/chị vui lòng chọn kỳ đến tháng hiện tại."
)

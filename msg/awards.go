package msg

// Texts of award season: eligibility reasons, warnings, /binhxet, the
// achievement report and the CLI. Reasons and warnings are plain text (they
// also go to JSON); the chat texts are HTML with escaped arguments.

// Eligibility reasons: why a unit may not be proposed.
const (
	AwardReasonNoData   = "chưa có số liệu trong kỳ xét"
	AwardReasonRank     = "xếp hạng %d, điều kiện là hạng %d trở lên"
	AwardReasonTotal    = "tổng điểm %s, điều kiện là từ %s điểm trở lên"
	AwardReasonMissing  = "thiếu báo cáo tháng %s"
	AwardReasonLate     = "%d báo cáo nộp muộn (tháng %s), điều kiện là tối đa %d"
	AwardReasonPenalty  = "có ghi nhận ở tiêu chí «%s» (tháng %s)"
	AwardReasonRequires = "chưa được tặng «%s» năm %s"
)

// Warnings. The principle cited is that of the knowledge base
// (regulations/kb): Luật 06/2022/QH15 Điều 5 khoản 2 and Nghị định
// 152/2025/NĐ-CP Điều 4 khoản 1; a test checks the quotes against it.
const (
	AwardPrinciple = "Khen thưởng phải căn cứ thành tích: «thành tích đến đâu khen thưởng đến đó» (Luật Thi đua, khen thưởng 06/2022/QH15, Điều 5 khoản 2); «Khen thưởng dựa trên tiêu chuẩn và thành tích đạt được» (Nghị định 152/2025/NĐ-CP, Điều 4 khoản 1)."

	AwardWarnNotTop     = "%s (hạng %d) được đề nghị nhưng không thuộc %d đơn vị đủ điều kiện đứng đầu (%s). "
	AwardWarnIneligible = "%s được đề nghị nhưng chưa đủ điều kiện: %s. "
	AwardWarnRotation   = "«%s» các năm %s lần lượt trao cho các đơn vị khác nhau (%s), trong khi %s (hạng %d) năm nay xếp sau đơn vị đủ điều kiện %s (hạng %d): đề nghị có dấu hiệu luân phiên. "
	AwardWarnThin       = "Hồ sơ thành tích của %s còn mỏng: %s. Cần bổ sung hoặc giải trình trước khi đề nghị."
	AwardThinMissing    = "thiếu báo cáo tháng %s"
	AwardThinLate       = "%d báo cáo nộp muộn (tháng %s)"
	AwardTopNone        = "không có đơn vị nào đủ điều kiện"
	AwardUnitRank       = "%s hạng %d"
)

// The season as text (CLI) and in chat (/binhxet).
const (
	AwardSeasonHead   = "Bình xét khen thưởng năm %d – %s"
	AwardSeasonMonths = "Kỳ xét: tháng 1 đến hết tháng %d/%d (%d tháng); số liệu từ các báo cáo đã xác nhận."
	AwardHead         = "%s – đề nghị tối đa %d đơn vị; biểu quyết: %s"
	AwardVoteMembers  = "từ %s%% số phiếu trên tổng số đơn vị thành viên"
	AwardVoteVoting   = "từ %s%% số phiếu của các đơn vị tham gia bỏ phiếu"
	AwardVoteQuorum   = ", ít nhất %s%% số đơn vị tham gia"
	AwardEligible     = "đủ điều kiện"
	AwardNotEligible  = "chưa đủ: %s"
	AwardNoRank       = "–"
	AwardNominees     = "Đơn vị được đề nghị: %s"
	AwardNoNominees   = "Chưa có đơn vị được đề nghị."
	AwardWarningsHead = "Cảnh báo:"
	AwardNoAwardsFile = "Cấu hình chưa có awards.yaml (quy định bình xét khen thưởng); xem docs/config.md."
	AwardColumns      = "Hạng  Đơn vị                         Tổng điểm  Điều kiện"
	AwardCLIUsage     = "Cách dùng / usage: thiduabot awards [--config DIR] [--data DIR | --redis URL] [--cluster ID] [--year NĂM] [--json]"
	AwardCLINoTable   = "thiduabot awards: cụm %s không có bảng chấm điểm áp dụng cho năm %d / no scoring table for that year"
	AwardCLINoAwards  = "thiduabot awards: cấu hình chưa có awards.yaml (quy định bình xét khen thưởng; xem docs/config.md) / the config has no awards.yaml"
	AwardCLIBadYear   = "thiduabot awards: năm %q không hợp lệ / invalid year"
)

// /binhxet in chat (HTML; arguments escaped by the caller).
const (
	BinhxetHead        = "<b>Bình xét khen thưởng năm %d – %s</b>\nKỳ xét: tháng 1 đến hết tháng %d/%d (%d tháng), từ các báo cáo đã xác nhận."
	BinhxetAward       = "<b>%s</b> – đề nghị tối đa %d đơn vị; biểu quyết %s."
	BinhxetEligible    = "✅ %s. %s – %s điểm"
	BinhxetIneligible  = "▫️ %s. %s – %s điểm: %s"
	BinhxetNominees    = "Đề nghị: <b>%s</b>"
	BinhxetNoNominees  = "Chưa có đơn vị được đề nghị."
	BinhxetWarning     = "⚠️ %s"
	BinhxetHowNominate = "Cụm trưởng ghi đơn vị đề nghị: <code>/binhxet decu %s tên đơn vị</code> (nhiều đơn vị cách nhau bằng dấu phẩy; <code>-</code> để bỏ)."
	BinhxetNoAwards    = "Cụm chưa có quy định bình xét khen thưởng (awards.yaml). Quản trị viên khai báo theo hướng dẫn trong docs/config.md."
	BinhxetNoTable     = "Cụm chưa có bảng chấm điểm áp dụng cho năm %d nên chưa bình xét được."
	BinhxetNeedCluster = "Anh/chị ghi rõ cụm, ví dụ: <code>/binhxet %s</code> (các cụm: %s)."
	BinhxetOnlyChair   = "Chỉ cụm trưởng (hoặc quản trị viên) ghi đơn vị đề nghị."
	BinhxetDecuUsage   = "Cách ghi đề nghị: <code>/binhxet decu MÃ_HÌNH_THỨC tên đơn vị</code>, ví dụ <code>/binhxet decu %s Quảng Ninh</code>. Các hình thức: %s."
	BinhxetUnknownAwd  = "Không có hình thức khen thưởng «%s». Các hình thức: %s."
	BinhxetUnknownUnit = "Không tìm thấy đơn vị «%s» trong cụm."
	BinhxetAmbiguous   = "«%s» khớp với nhiều đơn vị: %s. Anh/chị ghi rõ hơn."
	BinhxetTooMany     = "«%s» chỉ được đề nghị tối đa %d đơn vị."
	BinhxetSaved       = "Đã ghi đơn vị đề nghị «%s»: %s."
	BinhxetCleared     = "Đã bỏ các đơn vị đề nghị «%s»."
)

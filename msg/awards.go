package msg

import "fmt"

// Texts of award season: eligibility reasons, warnings, /binhxet, the
// achievement report and the CLI. Reasons and warnings are plain text (they
// also go to JSON); the chat texts are HTML with escaped arguments.

// Eligibility reasons: why a unit may not be proposed.
const (
	AwardReasonNoData   = "chưa có số liệu trong kỳ xét"
	AwardReasonTotal    = "tổng điểm %s, điều kiện là từ %s điểm trở lên"
	AwardReasonMissing  = "thiếu báo cáo tháng %s"
	AwardReasonLate     = "%d báo cáo nộp muộn (tháng %s), điều kiện là tối đa %d"
	AwardReasonPenalty  = "có ghi nhận ở tiêu chí «%s» (tháng %s)"
	AwardReasonRequires = "chưa được tặng «%s» năm %s"
)

// AwardReasonRank says a unit ranks below the award's places:
// "xếp hạng 3, điều kiện là xếp hạng nhất" or "… xếp từ hạng 1 đến hạng 3".
func AwardReasonRank(rank, max int) string {
	if max == 1 {
		return fmt.Sprintf("xếp hạng %d, điều kiện là xếp hạng nhất", rank)
	}
	return fmt.Sprintf("xếp hạng %d, điều kiện là xếp từ hạng 1 đến hạng %d", rank, max)
}

// AwardWarnNotTop warns that a nominee is not among the best-ranked
// eligible units (top, "BHXH tỉnh Quảng Ninh hạng 1"), as many as there
// are places.
func AwardWarnNotTop(name string, rank, places int, top string) string {
	if places == 1 {
		return fmt.Sprintf("%s (hạng %d) được đề nghị nhưng không phải đơn vị đủ điều kiện xếp cao nhất (%s). ", name, rank, top)
	}
	return fmt.Sprintf("%s (hạng %d) được đề nghị nhưng không nằm trong %d đơn vị đủ điều kiện xếp cao nhất (%s). ", name, rank, places, top)
}

// Warnings. The principle cited is that of the knowledge base
// (regulations/kb): Luật 06/2022/QH15 Điều 5 khoản 2 and Nghị định
// 152/2025/NĐ-CP Điều 4 khoản 1; a test checks the quotes against it.
const (
	AwardPrinciple = "Khen thưởng phải căn cứ thành tích: «thành tích đến đâu khen thưởng đến đó» (Luật Thi đua, khen thưởng 06/2022/QH15, Điều 5 khoản 2); «Khen thưởng dựa trên tiêu chuẩn và thành tích đạt được» (Nghị định 152/2025/NĐ-CP, Điều 4 khoản 1)."

	AwardWarnTie        = "Đồng hạng ở suất cuối: %s cùng xếp hạng %d, nhưng chỉ còn %d suất cho %d đơn vị; kết quả chấm điểm không tự chọn đơn vị nào. Cụm bình xét, biểu quyết giữa các đơn vị này (ví dụ bỏ phiếu kín qua bot: /binhxet bophieu)."
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
	BinhxetUnranked    = "▫️ %s – chưa xếp hạng, %s điểm: %s"
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

// The achievement report draft (DOCX). Parts follow the collective
// achievement report of the Decree 152/2025 appendix; "Blank" texts say what
// a person must write in a highlighted "[cần bổ sung: …]".
const (
	ReportDocTitle        = "Báo cáo thành tích của %s đề nghị tặng %s năm %d (dự thảo)"
	ReportNation          = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	ReportMotto           = "Độc lập - Tự do - Hạnh phúc"
	ReportDateWord        = ", ngày "
	ReportTitle           = "BÁO CÁO THÀNH TÍCH"
	ReportSubtitle        = "Đề nghị tặng %s năm %d"
	ReportTitleGov        = "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG CỜ THI ĐUA CỦA CHÍNH PHỦ"
	ReportSubtitleGov     = "Năm %d"
	ReportUnitLine        = "Tên tập thể đề nghị: %s"
	ReportPartI           = "I. ĐẶC ĐIỂM, TÌNH HÌNH"
	ReportI1              = "1. Đặc điểm: "
	ReportI1Text          = "%s là đơn vị thành viên của %s (%d đơn vị, cùng với %s). "
	ReportI2              = "2. Chức năng, nhiệm vụ được giao: "
	ReportI3              = "3. Thuận lợi, khó khăn: "
	ReportPartII          = "II. THÀNH TÍCH ĐẠT ĐƯỢC"
	ReportII1             = "1. Kết quả thực hiện các chỉ tiêu, nhiệm vụ năm %d. "
	ReportII1Text         = "Số liệu từ tháng 1 đến hết tháng %d/%d, lấy từ các báo cáo tháng đơn vị đã xác nhận (nguồn từng tháng ở mục cuối). Cột quý là số liệu tính đến hết quý (lũy kế với chỉ tiêu cộng dồn, số mới nhất với chỉ tiêu thời điểm)."
	ReportII2             = "2. Kết quả chấm điểm, xếp hạng thi đua trong cụm. "
	ReportII2Text         = "Tính đến hết tháng %d/%d, đơn vị đạt %s điểm (tối đa %s điểm), xếp thứ %s trên %d đơn vị của cụm. Diễn biến điểm và thứ hạng lũy kế theo tháng:"
	ReportII3             = "3. Các giải pháp, biện pháp đã thực hiện: "
	ReportII4             = "4. Việc thực hiện chủ trương, chính sách, pháp luật; công tác xây dựng Đảng, đoàn thể: "
	ReportII5Gov          = "5. Vai trò dẫn đầu phong trào thi đua: "
	ReportII5GovText      = "Kết quả chấm điểm thi đua của %s tính đến hết tháng %d/%d:"
	ReportPartIII         = "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN"
	ReportIIIText         = "Danh hiệu thi đua và hình thức khen thưởng đơn vị đã nhận (theo cấu hình của cụm; cần đối chiếu quyết định):"
	ReportSources         = "Nguồn số liệu"
	ReportSourcesText     = "Mỗi số liệu trên lấy từ báo cáo tháng dưới đây (lần xác nhận đầu tiên quyết định đúng hạn hay muộn; phiên bản là số lần xác nhận)."
	ReportSignSuperior    = "XÁC NHẬN CỦA CẤP TRÌNH KHEN"
	ReportSignHead        = "THỦ TRƯỞNG ĐƠN VỊ"
	ReportSignStamp       = "(Ký, ghi rõ họ tên, đóng dấu)"
	ReportColNo           = "STT"
	ReportColIndicator    = "Chỉ tiêu"
	ReportColMeasure      = "Đơn vị tính"
	ReportColPlan         = "Kế hoạch năm"
	ReportColQuarter      = "Quý %s"
	ReportColThrough      = "Đến hết T%d"
	ReportColRatio        = "Tỷ lệ so với KH đến T%d (%%)"
	ReportColMonth        = "Tháng"
	ReportColTotalYTD     = "Tổng điểm lũy kế"
	ReportColRankOf       = "Thứ hạng"
	ReportColRank         = "Hạng"
	ReportColUnit         = "Đơn vị"
	ReportColTotal        = "Tổng điểm"
	ReportColYear         = "Năm"
	ReportColAward        = "Danh hiệu thi đua, hình thức khen thưởng"
	ReportColDecision     = "Số, ngày, tháng, năm của quyết định; cơ quan ban hành"
	ReportColConfirmed    = "Xác nhận lần đầu"
	ReportColBy           = "Người xác nhận"
	ReportColVersion      = "Phiên bản"
	ReportColOnTime       = "Thời hạn"
	ReportOnTime          = "Đúng hạn"
	ReportLate            = "Muộn"
	ReportNoReport        = "Chưa có báo cáo"
	ReportNoFigure        = "–"
	ReportYes             = "Có"
	ReportNo              = "Không"
	ReportBlankParent     = "cơ quan cấp trên"
	ReportBlankPlace      = "địa danh"
	ReportBlankDate       = "ngày, tháng, năm ký"
	ReportBlankFeatures   = "địa bàn, cơ cấu tổ chức, tổng số cán bộ, công chức, viên chức, người lao động; cơ sở vật chất"
	ReportBlankDuties     = "chức năng, nhiệm vụ được giao theo quyết định thành lập, quy định của ngành"
	ReportBlankConditions = "những thuận lợi, khó khăn chính trong năm"
	ReportBlankMeasures   = "các giải pháp, sáng kiến, cách làm hiệu quả đã áp dụng để đạt kết quả trên, kèm số liệu minh chứng"
	ReportBlankPolicy     = "việc chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước; công tác xây dựng Đảng, đoàn thể; nội bộ đoàn kết"
	ReportBlankLead       = "những đóng góp của đơn vị trong việc dẫn dắt, nhân rộng phong trào thi đua của cụm, khối"
	ReportBlankDecision   = "số, ngày quyết định; cơ quan ban hành"
	ReportBlankYear       = "năm"
	ReportBlankOther      = "danh hiệu, hình thức khen thưởng khác (nếu có)"
	ReportBlankName       = "họ và tên"
)

// `thiduabot award-report`.
const (
	AwardReportCLIUsage    = "Cách dùng / usage: thiduabot award-report --unit ID [--year NĂM] [--award ID] [-o TỆP.docx] [--config DIR] [--data DIR | --redis URL]"
	AwardReportCLITerminal = "thiduabot award-report: tệp Word không in ra màn hình được; anh/chị ghi -o TỆP.docx (hoặc -o - để ghi ra stdout) / refusing to write a DOCX to a terminal, use -o FILE.docx"
	AwardReportCLIUnit     = "thiduabot award-report: không có đơn vị %q trong org.yaml / unknown unit"
	AwardReportCLIAward    = "thiduabot award-report: không có hình thức khen thưởng %q cho cụm của đơn vị; có: %s / unknown award"
	AwardReportCLIWritten  = "Đã ghi dự thảo báo cáo thành tích vào %s (đề nghị tặng %s). Các chỗ cần bổ sung được tô vàng."
)

// /baocaothanhtich.
const (
	ReportCaption     = "Dự thảo báo cáo thành tích của %s đề nghị tặng «%s» năm %d. Số liệu lấy từ các báo cáo tháng đã xác nhận (nguồn từng tháng ở cuối tệp); các chỗ tô vàng «[cần bổ sung: …]» là phần đơn vị cần viết thêm."
	ReportUsage       = "Cách dùng: <code>/baocaothanhtich [mã hình thức] [tên đơn vị]</code>, ví dụ <code>/baocaothanhtich %s Quảng Ninh</code>. Các hình thức: %s."
	ReportOnlyOwnUnit = "Anh/chị chỉ lập được báo cáo thành tích của đơn vị mình."
	ReportNeedUnit    = "Anh/chị ghi tên đơn vị, ví dụ: <code>/baocaothanhtich Quảng Ninh</code>."
)

// The secret ballot (bỏ phiếu kín): chat texts (HTML, arguments escaped by
// the caller) and the minutes (biên bản) DOCX.
const (
	VoteUsage         = "Cách mở bỏ phiếu kín: <code>/binhxet bophieu MÃ_HÌNH_THỨC [MÃ_KHÁC…] [thời hạn]</code>, ví dụ <code>/binhxet bophieu %s</code> (hạn mặc định 24 giờ) hoặc <code>/binhxet bophieu %s 48 giờ</code>. Thời hạn ghi theo giờ hoặc ngày, từ 1 giờ đến 14 ngày. Phiếu gửi tới người bỏ phiếu của từng đơn vị."
	VoteBadDuration   = "Thời hạn bỏ phiếu «%s» chưa hợp lệ. Anh/chị ghi số giờ hoặc số ngày, từ 1 giờ đến 14 ngày, ví dụ <code>48 giờ</code> hoặc <code>2 ngày</code>; không ghi thì hạn là 24 giờ."
	VoteNoCandidates  = "«%s» chưa có đơn vị nào đủ điều kiện nên chưa bỏ phiếu được. Lý do của từng đơn vị: /binhxet"
	VoteExists        = "«%s» đã có cuộc bỏ phiếu trong năm %d."
	VoteNoVoter       = "Chưa có người bỏ phiếu của: %s (đầu mối hoặc người được chỉ định chưa đăng ký)."
	VoteTurnout       = "<b>Bỏ phiếu kín «%s»</b>\nĐã bỏ phiếu: %d/%d đơn vị. Hạn: %s.\nBot chỉ lưu đơn vị nào đã bỏ phiếu và số phiếu của mỗi ứng viên, không lưu lựa chọn của từng đơn vị."
	VoteClosedNote    = "Đã kết thúc bỏ phiếu."
	VoteCloseButton   = "Kết thúc bỏ phiếu"
	VoteBallot        = "<b>Phiếu bầu kín: %s</b> (năm %d)\nAnh/chị bỏ phiếu thay mặt %s; chọn tối đa %d đơn vị, rồi bấm «Bỏ phiếu». Hạn: %s.\nPhiếu đã bỏ không sửa được, như phiếu giấy; bot không lưu lựa chọn của anh/chị."
	VoteCastButton    = "Bỏ phiếu"
	VoteConfirm       = "Anh/chị chọn: <b>%s</b>. Bỏ phiếu?"
	VoteConfirmBlank  = "Anh/chị không chọn đơn vị nào (phiếu trắng). Bỏ phiếu?"
	VoteRechoose      = "Chọn lại"
	VoteTooMany       = "Chỉ được chọn tối đa %d đơn vị."
	VoteCast          = "Anh/chị đã bỏ phiếu «%s». Phiếu đã được kiểm; bot không lưu lựa chọn của anh/chị."
	VoteAlready       = "Đơn vị của anh/chị đã bỏ phiếu «%s»; phiếu đã bỏ không sửa được."
	VoteIsClosed      = "Cuộc bỏ phiếu «%s» đã kết thúc."
	VoteNotVoter      = "Anh/chị không phải người bỏ phiếu của đơn vị trong cuộc bỏ phiếu này."
	VoteOpened        = "Đã mở bỏ phiếu kín «%s» với %d ứng viên đủ điều kiện; phiếu đã gửi tới %d người bỏ phiếu; hạn bỏ phiếu: %s."
	VoteResultHead    = "<b>Kết quả bỏ phiếu kín «%s» năm %d – %s</b>\nSố đơn vị bỏ phiếu: %d/%d (%s%%)%s."
	VoteNoQuorum      = "; chưa đủ tỷ lệ tham gia tối thiểu %s%%, kết quả không có giá trị"
	VoteResultLine    = "%s: %d phiếu (%s%%)%s"
	VoteElectedMark   = " – được đề nghị"
	VoteRule          = "Điều kiện: %s."
	VoteElected       = "Đơn vị được đề nghị: <b>%s</b>."
	VoteNoneElected   = "Không có đơn vị nào đạt tỷ lệ phiếu cần thiết."
	VoteTiedMark      = " – bằng phiếu ở suất cuối"
	VoteTie           = "⚠️ <b>Bằng phiếu ở suất cuối:</b> %s cùng được %d phiếu nhưng chỉ còn %d suất; bot không tự chọn đơn vị nào trong số này. Cụm trưởng quyết định theo quy chế của cụm (ví dụ họp và biểu quyết lại giữa các đơn vị bằng phiếu), rồi ghi đơn vị được đề nghị: <code>/binhxet decu %s tên đơn vị</code>."
	MinutesTied       = "Bằng phiếu"
	MinutesTie        = "Các đơn vị %s cùng được %d phiếu ở suất cuối, nhiều hơn số suất còn lại (%d): Hội nghị quyết định theo quy chế của cụm: "
	MinutesBlankTie   = "đơn vị được đề nghị và cách quyết định"
	VoteMinutesSent   = "Dự thảo biên bản họp bình xét, bỏ phiếu (DOCX) kèm theo; các chỗ tô vàng cần bổ sung trước khi ký."
	MinutesDocTitle   = "Biên bản bình xét, bỏ phiếu %s năm %d (dự thảo)"
	MinutesTitle      = "BIÊN BẢN"
	MinutesSubtitle   = "Họp bình xét, suy tôn %s năm %d"
	MinutesTime       = "Thời gian bỏ phiếu: từ %s đến %s, bỏ phiếu kín qua bot (mỗi đơn vị thành viên một phiếu)."
	MinutesPlace      = "Địa điểm họp: "
	MinutesChair      = "Chủ trì: "
	MinutesSecretary  = "Thư ký: "
	MinutesAttend     = "Thành phần: %d/%d đơn vị thành viên của %s đã bỏ phiếu: %s."
	MinutesContent    = "Nội dung: các đơn vị đủ điều kiện theo số liệu tháng 1 đến hết tháng %d/%d (kết quả chấm điểm thi đua từ các báo cáo đã xác nhận) được đưa vào danh sách bỏ phiếu; mỗi phiếu chọn tối đa %d đơn vị. %s"
	MinutesTable      = "Kết quả kiểm phiếu:"
	MinutesColNo      = "STT"
	MinutesColUnit    = "Đơn vị"
	MinutesColVotes   = "Số phiếu"
	MinutesColPercent = "Tỷ lệ (%)"
	MinutesColResult  = "Kết quả"
	MinutesPassed     = "Đạt"
	MinutesFailed     = "Không đạt"
	MinutesBlankBal   = "Số phiếu trắng hoặc chọn ít hơn số tối đa không được ghi riêng: bot không lưu nội dung từng phiếu."
	MinutesEnd        = "Biên bản kết thúc lúc "
	MinutesSignSec    = "THƯ KÝ"
	MinutesSignChair  = "CHỦ TRÌ"
	MinutesBlankPlace = "địa điểm họp hoặc hình thức họp trực tuyến"
	MinutesBlankChair = "họ tên, chức vụ người chủ trì"
	MinutesBlankSec   = "họ tên, chức vụ thư ký"
	MinutesBlankOpin  = "ý kiến thảo luận của các đơn vị (nếu có)"
	MinutesBlankEnd   = "giờ, ngày kết thúc; số bản"
	MinutesOpinions   = "Ý kiến thảo luận: "
)

// /binhxet lichsu: the chair enters past awards.
const (
	HistoryUsage   = "Cách ghi khen thưởng các năm trước: <code>/binhxet lichsu MÃ_HÌNH_THỨC NĂM tên đơn vị</code> (nhiều đơn vị cách nhau bằng dấu phẩy; <code>-</code> để xóa), ví dụ <code>/binhxet lichsu %s 2025 Phú Thọ</code>."
	HistoryBadYear = "Năm «%s» không hợp lệ; chỉ ghi các năm trước năm %d."
	HistorySaved   = "Đã ghi: năm %d, «%s»: %s."
	HistoryCleared = "Đã xóa mục khen thưởng «%s» năm %d do cụm trưởng ghi (các mục trong awards.yaml giữ nguyên)."
)

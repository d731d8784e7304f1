package msg

// Scoring explanations, rankings and the score command. Numbers arrive
// already formatted the Vietnamese way (1.234,5) as %s.

// Explanation pieces for one criterion. The scoring package joins them as
// "<value part> → <points part> (<rule part>)<carried part>".
const (
	// ScoreLeadCumulative etc. introduce the period value: %s value with its unit.
	ScoreLeadCumulative = "Lũy kế %s"
	ScoreLeadMonthly    = "Cộng dồn %s"
	ScoreLeadLatest     = "Số liệu %s"
	ScoreLeadManual     = "Cụm trưởng chấm %s"
	ScoreLeadLate       = "Nộp báo cáo chậm hạn %s"

	// ScorePlanProrated: %s months elapsed. ScorePlanYear: prorated over 12 months.
	ScorePlanProrated = "kế hoạch %s tháng"
	ScorePlanYear     = "kế hoạch năm"
	ScorePlanPeriod   = "kế hoạch kỳ %s" // %s "6/2026"
	ScorePlanAnnual   = "chỉ tiêu"

	// ScoreRatio: %s value part, %s plan label, %s target, %s ratio.
	ScoreRatio = "%s / %s %s = %s%%"
	// ScorePoints: %s points, %s max.
	ScorePoints = "%s/%s điểm"
	// ScorePointsPlain: %s points (per_count, which has no max to show).
	ScorePointsPlain = "%s điểm"
	// ScorePointsBonus: %s points, %s max, %s bonus included.
	ScorePointsBonus = "%s/%s điểm, gồm %s điểm thưởng"
	// ScoreRuleLinear: %s zero %%, %s full %%, %s max.
	ScoreRuleLinear = "tuyến tính %s%%→0, %s%%→%s"
	// ScoreRuleBonus: %s points, %s per, %s cap.
	ScoreRuleBonus = "; vượt thưởng %s điểm mỗi %s%%, tối đa %s"
	// ScoreRuleLower: %s full value, %s max, %s zero value.
	ScoreRuleLower = "tuyến tính %s→%s, %s→0; càng thấp càng tốt"
	// ScoreBandMin / ScoreBandMax: %s threshold, %s points.
	ScoreBandMin  = "mức ≥ %s được %s"
	ScoreBandMax  = "mức ≤ %s được %s"
	ScoreBandNone = "không đạt mức nào"
	ScoreYes      = "Có"
	ScoreNo       = "Không"
	// ScoreCount: %s points each, %s counted unit ("lần", "sáng kiến"), %s cap.
	ScoreCount = "%s điểm mỗi %s, giới hạn %s"
	// ScoreTimes is the unit of per_count values that have none.
	ScoreTimes = "lần"
	// ScoreDirectClamped: %s max.
	ScoreDirectClamped = "điểm chấm chỉ tính trong khoảng 0–%s"
	// ScoreLeader: %s leader's ratio, %s max, %s this ratio, %s leader's ratio.
	ScoreLeader = "đơn vị dẫn đầu đạt %s%%; %s × %s / %s"
	// ScoreLeaderNone: the leader's ratio is not positive.
	ScoreLeaderNone = "không đơn vị nào có tỷ lệ hoàn thành dương"
	// ScoreCarried: %s month "5/2026".
	ScoreCarried = " — dùng số liệu tháng %s"
	// ScoreMissing: %s period "6/2026", %s max.
	ScoreMissing = "Chưa có số liệu đến tháng %s → 0,00/%s điểm"
	// ScoreInvalid: %s value, %s max.
	ScoreInvalid = "Giá trị %s không hợp lệ cho tiêu chí này → 0,00/%s điểm"
	// ScoreYesNoInvalid: %s value, %s max.
	ScoreYesNoInvalid = "Giá trị %s không hợp lệ (chỉ nhận 1 = có, 0 = không) → 0,00/%s điểm"
	// ScoreNoTarget: %s max.
	ScoreNoTarget = "Chưa có chỉ tiêu kế hoạch cho tiêu chí này (lỗi cấu hình, đề nghị báo thường trực Hội đồng) → 0,00/%s điểm"

	// ScoreGap: %s points, %s unit name above, %s its rank.
	ScoreGap = "Cần thêm %s điểm để bằng %s (hạng %s)"
	// ScoreGapTie: %s unit name above, %s its rank.
	ScoreGapTie = "Bằng tổng điểm với %s (hạng %s), xếp sau theo tiêu chí phụ"
	// ScoreGapMost: %s criterion name, %s points behind there.
	ScoreGapMost = "; chênh lệch nhiều nhất ở tiêu chí %s (%s điểm)"

	// ScoreMovementNew marks a unit without a previous rank.
	ScoreMovementNew = "mới"
)

// Score command (CLI) texts.
const (
	ScoreUsage = `Cách dùng: thiduabot score --config THƯ_MỤC --values TỆP --period KỲ [--cluster ID] [--json | --xlsx TỆP_RA]
Chấm điểm một kỳ từ tệp số liệu CSV hoặc XLSX có các cột unit,criterion,month,value
(KỲ như rank --period: 2026-06, 6/2026, quý 2/2026, 6 tháng đầu năm 2026, năm 2026, đều lũy kế từ đầu năm;
cột month dạng YYYY-MM; CSV dùng dấu phẩy với số thập phân "." hoặc dấu chấm phẩy với số thập phân ",").`
	// ScoreBadRow: %s file, %s position "line:column" (Excel: "5:4 (D5)"), %s problem.
	ScoreBadRow = "%s:%s: %s"
	// ScoreBadRows: %d count.
	ScoreBadRows = "Tệp số liệu có %d lỗi; chưa xếp hạng. Sửa các ô trên rồi chạy lại."
	// ScoreWarnRow: %s file, %s position, %s warning.
	ScoreWarnRow = "%s:%s: cảnh báo: %s"
	// ScoreWarnRows: %d count.
	ScoreWarnRows = "Có %d giá trị cần xem lại (cảnh báo ở trên); vẫn xếp hạng với các giá trị trong tệp."
	// ScoreHeader: %s cluster name, %s period label, %s table name.
	ScoreHeader = "Kết quả chấm điểm tạm tính %s — %s\nBảng điểm: %s"
	// ScoreNoRank stands in the rank column for a unit without a single
	// figure, which ScoreNoDataLine then explains.
	ScoreNoRank     = "–"
	ScoreNoDataLine = "chưa có số liệu nào, chưa xếp hạng (tính 0 điểm)"
	// ScoreMissingLine: %s list of criterion ids.
	ScoreMissingLine = "thiếu số liệu: %s"
	ScoreColRank     = "Hạng"
	ScoreColUnit     = "Đơn vị"
	ScoreColTotal    = "Tổng điểm"
	// ScoreWrote: %s file.
	ScoreWrote = "Đã ghi bảng điểm ra %s"
)

// Values file (score --values) row problems.
const (
	// ValuesUnknownUnit: %q unit id.
	ValuesUnknownUnit = "đơn vị %q không có trong org.yaml"
	// ValuesUnknownCriterion: %q criterion, %q table id, %q cluster id.
	ValuesUnknownCriterion = "tiêu chí %q không có trong bảng chấm điểm %q của cụm %q"
	// ValuesColumns: %d columns found.
	ValuesColumns = "dòng có %d cột; cần 4 cột unit, criterion, month, value"
	// ValuesHeader: %q missing column name.
	ValuesHeader = "dòng tiêu đề thiếu cột %q (cần unit, criterion, month, value)"
	// ValuesMonth: %q cell text.
	ValuesMonth = "tháng %q không hợp lệ: viết dạng YYYY-MM hoặc tháng/năm, ví dụ 2026-06 hoặc 6/2026"
	// ValuesYear: %s month, %d table year.
	ValuesYear = "tháng %s không thuộc năm %d của bảng chấm điểm"
	// ValuesNumber: %q cell text.
	ValuesNumber = "giá trị %q không phải là số"
	// ValuesNumberSemicolon: %q cell text; the file is semicolon-separated.
	ValuesNumberSemicolon = "giá trị %q không rõ: tệp dùng dấu chấm phẩy nên số viết kiểu Việt Nam, ví dụ 1.234,5"
	// ValuesNumberComma: %q cell text; the file is comma-separated.
	ValuesNumberComma = "giá trị %q không rõ: tệp dùng dấu phẩy nên số viết kiểu 1234.5, không có dấu phân cách hàng nghìn"
	ValuesEmpty       = "thiếu giá trị"
	// ValuesDuplicate: %d line of the first row.
	ValuesDuplicate = "trùng đơn vị, tiêu chí và tháng với dòng %d"
	// ValuesBadValue: %s problem from the rule.
	ValuesBadValue = "giá trị không hợp lệ: %s"
	// ValuesCSV: %s parser message.
	ValuesCSV = "không đọc được CSV: %s"
	// ValuesXLSX: %s library message.
	ValuesXLSX    = "không đọc được tệp Excel: %s"
	ValuesNoSheet = "tệp Excel không có trang tính nào"
	ValuesNoRows  = "tệp không có dòng số liệu nào"
)

// Excel export (scoring/xlsx).
const (
	XLSXSheetScores  = "Bảng điểm"
	XLSXSheetExplain = "Giải thích"
	XLSXColRank      = "Hạng"
	XLSXColUnitID    = "Mã đơn vị"
	XLSXColUnit      = "Đơn vị"
	XLSXColTotal     = "Tổng điểm"
	XLSXColMissing   = "Thiếu số liệu"
	XLSXColCriterion = "Tiêu chí"
	XLSXColCritID    = "Mã tiêu chí"
	XLSXColValue     = "Số liệu"
	XLSXColTarget    = "Chỉ tiêu kỳ"
	XLSXColPoints    = "Điểm"
	XLSXColMax       = "Tối đa"
	XLSXColExplain   = "Cách tính"
	XLSXColCarried   = "Số liệu của tháng"
	XLSXColMeasure   = "Đơn vị tính"
	XLSXColRatio     = "Tỷ lệ đạt"
	// XLSXMissing stands in an empty value cell.
	XLSXMissing = "chưa có"
	// XLSXYes and XLSXNo show the values of yes/no criteria.
	XLSXYes = "Có"
	XLSXNo  = "Không"
	// XLSXScope: %s period "6/2026".
	XLSXScope = "Điểm lũy kế từ đầu năm đến hết tháng %s; điểm từng tiêu chí chưa làm tròn, tổng điểm làm tròn 2 chữ số thập phân."
	// XLSXGroup: %s group id, %s group name.
	XLSXGroup = "Nhóm %s: %s"
	// XLSXCriterion: %s criterion name, %s max points.
	XLSXCriterion = "%s (tối đa %s)"
	// XLSXTitle: %s cluster name, %s period "6/2026", %s table name.
	XLSXTitle = "Điểm tạm tính %s, kỳ %s — %s"
)

// Score command problems. %s arguments are ids or texts given by the user.
const (
	// ScoreNeedCluster: %s list of cluster ids.
	ScoreNeedCluster = "cấu hình có nhiều cụm; chọn một cụm bằng --cluster (một trong: %s)"
	// ScoreUnknownCluster: %q cluster id, %s list of ids.
	ScoreUnknownCluster = "không có cụm %q trong org.yaml (các cụm: %s)"
	// ScoreBadPeriod: %q text.
	ScoreBadPeriod = "kỳ %q không hợp lệ: viết dạng " + PeriodForms
	// ScoreTableYear: %q table id, %d table year, %d period year.
	ScoreTableYear = "bảng chấm điểm %q chỉ áp dụng năm %d, không chấm được kỳ của năm %d"
	// ScoreNoTable: %q cluster id, %q table id.
	ScoreNoTable = "cụm %q dùng bảng chấm điểm %q nhưng không tìm thấy bảng này"
	// ScorePeriodLabel: %s "6/2026". December is the whole year.
	ScorePeriodLabel = "kỳ lũy kế đến tháng %s"
	// ScoreGroupCol: %s group id.
	ScoreGroupCol = "Nhóm %s"
)

// Ranking chart (scoring/chart).
const (
	// ChartTitle: %s cluster name (the period follows on a line of its own).
	ChartTitle = "Điểm tạm tính %s"
	// ChartLegendTop and ChartLegendRest explain the two bar colours.
	ChartLegendTop  = "Hạng 1–3"
	ChartLegendRest = "Hạng 4 trở xuống"
	// ChartLegendMoves: %s the previous month "5/2026".
	ChartLegendMoves = "↑ lên hạng, ↓ xuống hạng, = giữ hạng so với tháng %s (đơn vị chưa có số liệu: không so sánh)"
	// ChartBar: %d rank, %s unit name.
	ChartBar = "%d. %s"
	// ChartBarNoData: %s unit name (a unit without a single figure, not ranked).
	ChartBarNoData = "–  %s (chưa có số liệu)"
	// ChartMissingMark follows the name of a unit that lacks data.
	ChartMissingMark = " *"
	ChartMissingNote = "* còn thiếu số liệu, tiêu chí thiếu được tính 0 điểm"
	// ChartScale: %s the scale's maximum.
	ChartScale = "Thang điểm tối đa %s"
)

// Names of periods (scoring.Named.Name, scoring.Months). A period always
// runs from January of its year.
const (
	// PeriodMonth: %d month, %d year.
	PeriodMonth = "tháng %d/%d"
	// PeriodMonthRange: %d last month, %d year ("tháng 1–6/2026").
	PeriodMonthRange = "tháng 1–%d/%d"
	// PeriodQuarter: %d quarter, %d year.
	PeriodQuarter = "quý %d/%d"
	// PeriodMonths: %d months, %d year.
	PeriodMonths = "%d tháng đầu năm %d"
	// PeriodYear: %d year.
	PeriodYear = "năm %d"
	// PeriodForms lists what a period may be typed as, for the answers to a
	// period that cannot be read.
	PeriodForms = "tháng 6/2026 (hoặc 6/2026, T6/2026, 2026-06), quý 2/2026, 6 tháng đầu năm 2026, năm 2026, tháng này, tháng trước, năm nay"
)

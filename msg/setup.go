package msg

import (
	"fmt"
	"path"
	"strings"
)

// Texts of `thiduabot init`: the header written at the top of each file of
// the starter config, and what init prints.

// initBanner opens every file init writes: the folder is an example to replace.
const initBanner = `# ============================================================================
# CẤU HÌNH VÍ DỤ do "thiduabot init" tạo: Cụm thi đua số 5 mô phỏng, số liệu minh họa.
# EXAMPLE written by "thiduabot init": replace it with your own cluster's data.
# Sửa tệp này theo cụm thi đua của đơn vị, rồi chạy: thiduabot check <thư mục>
# Hướng dẫn đầy đủ: docs/config.md
# ============================================================================
`

// InitHeader is the comment init writes above the demo content of the file
// at name (a slash-separated path inside the config folder).
func InitHeader(name string) string {
	var about string
	switch {
	case name == "org.yaml":
		about = `# org.yaml (bắt buộc): các cụm thi đua; mỗi cụm có mã (id), tên, bảng chấm điểm
# áp dụng (scoring), đơn vị cụm trưởng (chair), đơn vị cụm phó (deputy, tùy chọn),
# nhóm Telegram của cụm (group_chat_id, tùy chọn: gõ /id trong nhóm để lấy mã) và
# danh sách đơn vị thành viên. Mã chỉ gồm chữ thường không dấu, số, _ và -.
# Người dùng không khai ở đây: họ tham gia bằng mã mời (thiduabot invite hoặc /moi);
# quản trị viên được khai bằng ADMIN_IDS khi chạy bot.
`
	case strings.HasPrefix(name, "scoring/"):
		about = `# scoring/*.yaml: bảng chấm điểm, mỗi tệp một bảng; cụm chọn bảng theo id (mục
# scoring trong org.yaml). Mỗi tiêu chí có điểm tối đa (max), cách nhập (input:
# cumulative = lũy kế, monthly = theo tháng, latest = số mới nhất, manual = cụm
# trưởng chấm) và quy tắc tính điểm (rule: ratio, lower_better, bands, yes_no,
# per_count, direct, leader_relative).
`
	case strings.HasPrefix(name, "targets/"):
		about = `# targets/*.yaml: chỉ tiêu kế hoạch giao cho từng đơn vị theo từng tiêu chí; mỗi
# năm một tệp (mục year); tệp không có year là chỉ tiêu mặc định cho các năm chưa
# có tệp riêng.
`
	case name == "awards.yaml":
		about = `# awards.yaml: quy định bình xét khen thưởng cuối năm của cụm: các hình thức khen
# thưởng, kỳ xét, số đơn vị được đề nghị, điều kiện kiểm tra từ số liệu, tỷ lệ phiếu
# và khen thưởng các năm trước. Hồ sơ (danh mục tài liệu, hạn nộp) ở calendar.yaml.
`
	case name == "calendar.yaml":
		about = `# calendar.yaml: hạn nộp số liệu hằng tháng, hội nghị sơ kết, tổng kết, hạn nộp
# hồ sơ khen thưởng, ngày nghỉ lễ và thời điểm nhắc. Hạn rơi vào ngày nghỉ được
# lùi sang ngày làm việc kế tiếp.
`
	}
	return initBanner + about + "\n"
}

// InitExists refuses to overwrite a config. %s: the files that exist.
func InitExists(files []string) string {
	return fmt.Sprintf("thiduabot init: thư mục đã có cấu hình (%s); init không ghi đè. Chọn thư mục khác, hoặc tự đổi tên thư mục cũ trước.\n"+
		"thiduabot init: the folder already holds a config (%s); init never overwrites one. Pick another folder or move the old one first.",
		strings.Join(files, ", "), strings.Join(files, ", "))
}

// InitDone is what init prints: the files written and the next steps. dir
// is the folder as the user typed it; run is the command that starts the bot
// on it.
func InitDone(dir string, files []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Đã tạo cấu hình VÍ DỤ (%d tệp) / example config written:\n", len(files))
	for _, f := range files {
		fmt.Fprintf(&b, "  %s\n", path.Join(dir, f))
	}
	run := "thiduabot run"
	if c := path.Clean(dir); c != "config" {
		run = "THIDUA_CONFIG=" + dir + " thiduabot run"
	}
	fmt.Fprintf(&b, `Bước tiếp theo / next steps:
  1. Sửa các tệp trên theo cụm thi đua thật (chú thích ở đầu mỗi tệp; docs/config.md).
     Edit the files for your own cluster (see the comments at the top of each).
  2. thiduabot check %s
  3. TELEGRAM_BOT_TOKEN=<mã từ @BotFather> %s
`, dir, run)
	return b.String()
}

package msg

// Texts of the rank, invite, export and import subcommands: synopses, flag
// help and what they print. Bilingual where an operator may not read
// Vietnamese, like the other CLI texts.

// rank.
const (
	RankCLISynopsis   = "rank [--config DIR] [--data DIR | --redis URL] [--cluster ID] [--period KỲ] [--json]"
	CLIFlagCluster    = "id cụm; bỏ trống khi cấu hình chỉ có một cụm / cluster id"
	RankCLIFlagPeriod = "kỳ: 2026-06, 6/2026, T6/2026, quý 2/2026, 6 tháng đầu năm 2026, năm 2026, tháng trước, năm nay (lũy kế từ đầu năm; quý, nửa năm, năm dừng ở tháng gần nhất có số liệu); mặc định tháng gần nhất có số liệu / period"
	RankCLIFlagJSON   = "in kết quả dạng JSON như score --json / print JSON"
)

// invite.
const (
	InviteCLISynopsis    = "invite --unit ID --role focal|chair|deputy|member|admin [--json] [--ttl 168h]"
	InviteCLIFlagUnit    = "id đơn vị / unit id (không cần với --role admin)"
	InviteCLIFlagRole    = "vai trò / role: focal, chair, deputy, member, admin"
	InviteCLIFlagJSON    = `in JSON {"code","link","unit","role","expires"}`
	InviteCLIFlagTTL     = "thời hạn của mã / how long the code stays valid"
	InviteCLIFlagBotName = "tên bot cho đường dẫn mời (TELEGRAM_BOT_USERNAME)"
	// InviteCLIUnknownUnit: %q the unit id given.
	InviteCLIUnknownUnit = "thiduabot invite: không có đơn vị %q trong org.yaml / unknown unit"
	// InviteCLIUnit: %s the unit's name, appended to the role's name.
	InviteCLIUnit = ", đơn vị %s"
	// InviteCLICode: %s code, %s role (and unit), %s expiry date and time.
	InviteCLICode = "Mã mời: %s (vai trò %s, hết hạn %s)"
	// InviteCLILink: %s the t.me link.
	InviteCLILink = "Đường dẫn: %s"
	// InviteCLIStart: %s code, when the bot's username is unknown.
	InviteCLIStart = "Gửi cho người được mời: /start %s"
)

// export and import.
const (
	ExportCLISynopsis = "export [--data DIR | --redis URL] FILE   (FILE là - để in ra stdout)"
	// ExportCLIWrite: %v the error.
	ExportCLIWrite = "thiduabot export: ghi tệp / write file: %v"
	// ExportCLIDone: %s file, %s bytes (formatted).
	ExportCLIDone     = "Đã sao lưu vào %s (%s byte) / backup written"
	ImportCLISynopsis = "import [--data DIR | --redis URL] [--replace] FILE   (FILE là - để đọc từ stdin)"
	ImportCLIReplace  = "xóa dữ liệu hiện có trước khi nạp (giữ meta của tiến trình) / delete the data first (the process's meta stays)"
	// ImportCLIRead: %v the error.
	ImportCLIRead = "thiduabot import: đọc tệp / read file: %v"
	// ImportCLIDone: %d records, twice.
	ImportCLIDone = "Đã nạp %d bản ghi / imported %d records"
)

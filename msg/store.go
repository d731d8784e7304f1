package msg

// StoreLocked is the error text when the embedded store's data folder is
// already open in another thiduabot process. %s is the data folder. It is in
// Vietnamese and English because it is printed by the CLI to whoever runs it.
const StoreLocked = "thư mục dữ liệu %s đang được một tiến trình thiduabot khác sử dụng; " +
	"vui lòng dừng tiến trình đó, hoặc dùng lệnh quản trị thông qua tiến trình đang chạy / " +
	"the data folder %[1]s is in use by another thiduabot process; stop it, or run admin commands through the running process"

package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// privateDataDir creates the embedded store's folder (and missing parents)
// for the running user only, and refuses a folder that others may write
// to: whoever can write to it can replace the control socket
// thiduabot.sock and receive what admins send over it (invite codes,
// imports, backups). A parent created here is checked too, in case the
// umask or an ACL widened it; an existing parent is the admin's business.
func privateDataDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil // no Unix permissions, no Unix socket permissions to protect
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("thư mục dữ liệu / data folder %s: %w", dir, err)
	}
	var created []string
	for p := abs; ; p = filepath.Dir(p) {
		if _, err := os.Lstat(p); err == nil || !errors.Is(err, fs.ErrNotExist) {
			break
		}
		created = append(created, p)
		if filepath.Dir(p) == p {
			break
		}
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return fmt.Errorf("tạo thư mục dữ liệu / create data folder: %w", err)
	}
	for _, p := range append([]string{abs}, created...) {
		st, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("thư mục dữ liệu / data folder %s: %w", p, err)
		}
		if perm := st.Mode().Perm(); perm&0o022 != 0 {
			return fmt.Errorf(`thư mục %s cho phép người khác ghi (quyền %04o): một người dùng khác trên máy có thể thay socket điều khiển và nhận mã mời, dữ liệu nhập/xuất. Bot không chạy cho đến khi sửa:
    chmod 700 %s
the folder %s is writable by group or others (mode %04o): another local user could replace the control socket and receive invite codes and imported or exported data. Fix it, then start again:
    chmod 700 %s`, p, perm, p, p, perm, p)
		}
	}
	return nil
}

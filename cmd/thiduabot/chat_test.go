package main

import (
	"strings"
	"testing"
)

func TestChatAdminHelp(t *testing.T) {
	r := runMain(t, map[string]string{"THIDUA_DATA": t.TempDir()}, "/help\n", "chat", "--as", "admin")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"> /help", "quản trị viên", "/moi", "/thanhvien"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "<b>") {
		t.Errorf("HTML not stripped:\n%s", r.stdout)
	}
}

func TestChatButtonsAndInvites(t *testing.T) {
	vars := map[string]string{"THIDUA_DATA": t.TempDir()}
	r := runMain(t, vars, "/moi\nCỤM THI ĐUA SO 5 (vi du)\nbhxh tinh phu tho\nthanh vien\n", "chat", "--as", "admin")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	want := []string{
		"> /moi\nChọn cụm thi đua của người được mời:\n[Cụm thi đua số 5 (ví dụ)]\n",
		"[BHXH tỉnh Phú Thọ] [BHXH tỉnh Quảng Ninh]",
		"Người được mời của đơn vị BHXH tỉnh Phú Thọ sẽ có vai trò gì?\n[Đầu mối] [Thành viên]",
		"Đã tạo mã mời thành viên – BHXH tỉnh Phú Thọ.",
		"Đường link: https://t.me/thidua_test_bot?start=",
	}
	for _, w := range want {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
		}
	}

	// A focal point joins by invite on first use, and is known on the next run.
	r = runMain(t, vars, "/help\n", "chat", "--as", "focal:phu_tho")
	if r.code != 0 || !strings.Contains(r.stdout, "> /start ") || !strings.Contains(r.stdout, "đầu mối – BHXH tỉnh Phú Thọ") {
		t.Fatalf("first focal run: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = runMain(t, vars, "/help\n", "chat", "--as", "focal:phu_tho")
	if r.code != 0 || strings.Contains(r.stdout, "/start") || !strings.Contains(r.stdout, "đầu mối") {
		t.Fatalf("second focal run: exit %d\n%s", r.code, r.stdout)
	}
	// The chair sees them.
	r = runMain(t, vars, "/thanhvien\n", "chat", "--as", "chair:cum5")
	if r.code != 0 || !strings.Contains(r.stdout, "Đầu mối BHXH tỉnh Phú Thọ – đầu mối") {
		t.Fatalf("chair run: exit %d\n%s", r.code, r.stdout)
	}
}

func TestChatBadAs(t *testing.T) {
	for _, as := range []string{"", "boss", "focal:nowhere", "chair:cum9", "-5"} {
		r := runMain(t, map[string]string{"THIDUA_DATA": t.TempDir()}, "", "chat", "--as", as)
		if r.code != 2 {
			t.Errorf("--as %q: exit %d, want 2", as, r.code)
		}
	}
}

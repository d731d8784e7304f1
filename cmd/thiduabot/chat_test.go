package main

import (
	"encoding/json"
	"fmt"
	"regexp"
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

// A focal point submits a month through the console; `rank --json` then
// shows those values and the score the bot previewed (issue 5).
func TestChatSubmissionThenRank(t *testing.T) {
	vars := map[string]string{"THIDUA_DATA": t.TempDir()}
	script := strings.Join([]string{"/baocao", "10500,5", "21000", "3.500.000", "2%", "98,5%", "có", "96%", "co", "1", "0", "Xác nhận"}, "\n") + "\n"
	r := runMain(t, vars, script, "chat", "--as", "focal:bac_ninh")
	if r.code != 0 {
		t.Fatalf("chat: %+v", r)
	}
	if !strings.Contains(r.stdout, "Đã ghi nhận lúc") {
		t.Fatalf("the report was not confirmed:\n%s", r.stdout)
	}
	preview := regexp.MustCompile(`(\d+,\d+)/100 điểm`).FindStringSubmatch(r.stdout)
	if preview == nil {
		t.Fatalf("no score preview in:\n%s", r.stdout)
	}
	r = runMain(t, vars, "", "rank", "--period", "2026-11", "--json")
	if r.code != 0 {
		t.Fatalf("rank: %+v", r)
	}
	var got struct {
		Units []struct {
			Unit     string  `json:"unit"`
			Total    float64 `json:"total"`
			Criteria []struct {
				ID    string   `json:"id"`
				Value *float64 `json:"value"`
			} `json:"criteria"`
		} `json:"units"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("rank --json: %v\n%s", err, r.stdout)
	}
	for _, u := range got.Units {
		if u.Unit != "bac_ninh" {
			continue
		}
		if want := strings.Replace(preview[1], ",", ".", 1); fmt.Sprintf("%.2f", u.Total) != want {
			t.Errorf("rank total %.2f; the chat previewed %s", u.Total, preview[1])
		}
		for _, c := range u.Criteria {
			if c.ID == "thu_bhxh" && (c.Value == nil || *c.Value != 10500.5) {
				t.Errorf("thu_bhxh = %v; want 10500.5", c.Value)
			}
		}
		return
	}
	t.Errorf("bac_ninh missing from the ranking:\n%s", r.stdout)
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// chat --out saves every photo and file the bot sends and prints each path
// (issue 11.5): the ranking chart (PNG), the Excel export twice (the second
// copy does not overwrite the first) and the report template.
func TestChatOutSavesFiles(t *testing.T) {
	vars := map[string]string{"THIDUA_DATA": t.TempDir()}
	script := strings.Join([]string{"/baocao", "10500,5", "21000", "3.500.000", "2%", "98,5%", "có", "96%", "co", "1", "0", "Xác nhận"}, "\n") + "\n"
	if r := runMain(t, vars, script, "chat", "--as", "focal:bac_ninh"); r.code != 0 || !strings.Contains(r.stdout, "Đã ghi nhận lúc") {
		t.Fatalf("submission: %+v", r)
	}
	out := filepath.Join(t.TempDir(), "tep")
	r := runMain(t, vars, "/xephang\n/xuat\n/xuat\n/baocao mau bac_ninh\n", "chat", "--as", "chair:cum5", "--out", out)
	if r.code != 0 {
		t.Fatalf("chat: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	saved := regexp.MustCompile(`(?m)^\[(ảnh|tệp): ([^\]]+)\] → (.+)$`).FindAllStringSubmatch(r.stdout, -1)
	if len(saved) != 4 {
		t.Fatalf("%d saved files printed, want 4:\n%s", len(saved), r.stdout)
	}
	magic := map[string][]byte{".png": []byte("\x89PNG"), ".xlsx": []byte("PK\x03\x04")}
	seen := map[string]bool{}
	for i, m := range saved {
		kind, name, path := m[1], m[2], m[3]
		if filepath.Dir(path) != out {
			t.Errorf("%s saved in %s, want %s", name, filepath.Dir(path), out)
		}
		if seen[path] {
			t.Errorf("%s written twice", path)
		}
		seen[path] = true
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		ext := filepath.Ext(name)
		if want := magic[ext]; want == nil || !bytes.HasPrefix(data, want) {
			t.Errorf("%s: not a %s file (%d bytes)", path, ext, len(data))
		}
		if (kind == "ảnh") != (i == 0) {
			t.Errorf("file %d (%s) printed as %s", i, name, kind)
		}
	}
	if !strings.HasSuffix(saved[2][3], "-2.xlsx") || saved[1][2] != saved[2][2] {
		t.Errorf("second export: %q, first %q", saved[2][3], saved[1][3])
	}

	// Without --out the files are only named.
	r = runMain(t, vars, "/xephang\n", "chat", "--as", "chair:cum5")
	if !regexp.MustCompile(`(?m)^\[ảnh: xephang-cum5-[^\]]+\.png\]$`).MatchString(r.stdout) {
		t.Errorf("without --out:\n%s", r.stdout)
	}
}

func TestChatDeputyAndMember(t *testing.T) {
	vars := map[string]string{"THIDUA_DATA": t.TempDir()}
	for as, want := range map[string]string{"deputy:cum5": "cụm phó – BHXH tỉnh Phú Thọ", "member:hung_yen": "thành viên – BHXH tỉnh Hưng Yên"} {
		r := runMain(t, vars, "/help\n", "chat", "--as", as)
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("--as %s: exit %d, want %q in\n%s\n%s", as, r.code, want, r.stdout, r.stderr)
		}
	}
	for _, as := range []string{"deputy:cum9", "member:nowhere"} {
		if r := runMain(t, vars, "", "chat", "--as", as); r.code != 2 {
			t.Errorf("--as %s: exit %d, want 2", as, r.code)
		}
	}
}

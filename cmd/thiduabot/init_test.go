package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// init writes the demo as a commented example that check accepts, and
// never overwrites a config (issue 11.2).
func TestInitWritesStarterConfig(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cau-hinh")
	r := runMain(t, nil, "", "init", dir)
	if r.code != 0 {
		t.Fatalf("init: %+v", r)
	}
	for _, want := range []string{"VÍ DỤ", filepath.Join(dir, "org.yaml"), filepath.Join(dir, "scoring", "bhxh-demo.yaml"),
		"thiduabot check " + dir, "THIDUA_CONFIG=" + dir + " thiduabot run", "next steps"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("init output lacks %q:\n%s", want, r.stdout)
		}
	}
	if c := runMain(t, nil, "", "check", dir); c.code != 0 || !strings.HasPrefix(c.stdout, "Cấu hình hợp lệ: 1 cụm, 6 đơn vị") {
		t.Fatalf("check of the starter config: %+v", c)
	}
	n := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		head := string(data[:min(len(data), 1200)])
		for _, want := range []string{"CẤU HÌNH VÍ DỤ", "EXAMPLE", "thiduabot check", "docs/config.md"} {
			if !strings.Contains(head, want) {
				t.Errorf("%s: header lacks %q", path, want)
			}
		}
		// Each file says what it is for.
		name, _ := filepath.Rel(dir, path)
		about := map[string]string{"org.yaml": "/id", "calendar.yaml": "hạn nộp", "awards.yaml": "bình xét", "scoring": "bảng chấm điểm", "targets": "chỉ tiêu"}
		key := strings.SplitN(filepath.ToSlash(name), "/", 2)[0]
		if want := about[key]; want == "" || !strings.Contains(head, want) {
			t.Errorf("%s: header does not explain the file (want %q)", name, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 7 {
		t.Errorf("%d files written, want 7", n)
	}
}

func TestInitRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	orgPath := filepath.Join(dir, "org.yaml")
	mine := []byte("clusters: []  # của tôi\n")
	if err := os.WriteFile(orgPath, mine, 0o600); err != nil {
		t.Fatal(err)
	}
	r := runMain(t, nil, "", "init", dir)
	if r.code != 1 {
		t.Fatalf("init over org.yaml: exit %d, want 1\n%s", r.code, r.stdout)
	}
	for _, want := range []string{"org.yaml", "không ghi đè", "never overwrites"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("refusal lacks %q:\n%s", want, r.stderr)
		}
	}
	if got, _ := os.ReadFile(orgPath); string(got) != string(mine) {
		t.Errorf("org.yaml changed: %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "calendar.yaml")); err == nil {
		t.Error("init wrote other files although it refused")
	}

	// Any file init would write is protected, not only org.yaml; nothing
	// is written then.
	dir = t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "scoring"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "scoring", "bhxh-demo.yaml"), mine, 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runMain(t, nil, "", "init", dir); r.code != 1 || !strings.Contains(r.stderr, "scoring/bhxh-demo.yaml") {
		t.Errorf("init over a scoring table: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "org.yaml")); err == nil {
		t.Error("init wrote org.yaml although it refused")
	}

	// A second init over its own output is refused too.
	dir = filepath.Join(t.TempDir(), "c")
	if r := runMain(t, nil, "", "init", dir); r.code != 0 {
		t.Fatalf("first init: %+v", r)
	}
	if r := runMain(t, nil, "", "init", dir); r.code != 1 {
		t.Errorf("second init: exit %d, want 1", r.code)
	}
	if r := runMain(t, nil, "", "init", "a", "b"); r.code != 2 {
		t.Errorf("two folders: exit %d, want 2", r.code)
	}
}

func TestInitDefaultsToConfig(t *testing.T) {
	t.Chdir(t.TempDir())
	r := runMain(t, nil, "", "init")
	if r.code != 0 || !strings.Contains(r.stdout, "thiduabot check ./config") || !strings.Contains(r.stdout, "<mã từ @BotFather> thiduabot run\n") {
		t.Fatalf("init: %+v", r)
	}
	if _, err := os.Stat(filepath.Join("config", "org.yaml")); err != nil {
		t.Fatal(err)
	}
}

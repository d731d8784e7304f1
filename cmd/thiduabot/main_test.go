package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/clock"
)

// result is what one in-process invocation of the CLI printed.
type result struct {
	stdout, stderr string
	code           int
}

// runMain runs the CLI in-process with only the given environment.
func runMain(t *testing.T, vars map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut,
		getenv: func(k string) string { return vars[k] },
		clock:  clock.NewFake(time.Date(2026, 11, 27, 10, 32, 0, 0, time.UTC)),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	code := Main(ctx, e, args)
	return result{out.String(), errOut.String(), code}
}

func repoRoot(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(wd, "..", "..")
}

func TestVersionAndHelp(t *testing.T) {
	if r := runMain(t, nil, "", "--version"); r.code != 0 || !strings.Contains(r.stdout, "thiduabot") {
		t.Errorf("--version: %+v", r)
	}
	if r := runMain(t, nil, "", "--help"); r.code != 0 || !strings.Contains(r.stdout, "check") {
		t.Errorf("--help: %+v", r)
	}
	for _, cmd := range []string{"run", "init", "check", "export", "import", "invite", "ask", "score", "plan", "chat", "rank", "sector"} {
		if r := runMain(t, nil, "", cmd, "--help"); r.code != 0 || !strings.Contains(r.stderr, "thiduabot "+cmd) {
			t.Errorf("%s --help: code %d, stderr %q", cmd, r.code, r.stderr)
		}
	}
	if r := runMain(t, nil, "", "nosuch"); r.code != 2 {
		t.Errorf("unknown command: code %d", r.code)
	}
}

func TestRunWithoutToken(t *testing.T) {
	r := runMain(t, map[string]string{"THIDUA_DATA": t.TempDir()}, "", "run")
	if r.code != 1 {
		t.Fatalf("code = %d; want 1", r.code)
	}
	for _, want := range []string{"TELEGRAM_BOT_TOKEN", "@BotFather", "chưa có mã bot", "no bot token"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}

func TestCheckDemo(t *testing.T) {
	r := runMain(t, nil, "", "check", filepath.Join(repoRoot(t), "examples", "bhxh-demo"))
	if r.code != 0 || !strings.HasPrefix(r.stdout, "Cấu hình hợp lệ: 1 cụm, 6 đơn vị") {
		t.Fatalf("check demo: %+v", r)
	}
}

func TestCheckReportsEveryProblem(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, filepath.Join(repoRoot(t), "examples", "bhxh-demo"), dir)
	orgPath := filepath.Join(dir, "org.yaml")
	src, err := os.ReadFile(orgPath)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(src), "chair: quang_ninh", "chair: ha_noi", 1)
	bad = strings.Replace(bad, "- id: hung_yen", "- id: bac_ninh", 1)
	bad = strings.Replace(bad, "visibility: own", "visibility: own\n    colour: red", 1)
	if err := os.WriteFile(orgPath, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runMain(t, nil, "", "check", dir)
	if r.code != 1 {
		t.Fatalf("code = %d; want 1\n%s", r.code, r.stdout)
	}
	// The unknown field stops decoding of org.yaml, so fix it and look again
	// for the two semantic problems.
	if !strings.Contains(r.stdout, "org.yaml:") || !strings.Contains(r.stdout, `"colour"`) {
		t.Errorf("unknown field not reported with file and line:\n%s", r.stdout)
	}
	if err := os.WriteFile(orgPath, []byte(strings.Replace(bad, "\n    colour: red", "", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	r = runMain(t, nil, "", "check", dir)
	for _, want := range []string{`cụm trưởng "ha_noi"`, `id đơn vị "bac_ninh" bị trùng`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, r.stdout)
		}
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	for _, line := range lines[:len(lines)-1] { // the last line is the count
		if !problemLine.MatchString(line) {
			t.Errorf("problem not in file:line: form: %q", line)
		}
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

var problemLine = regexp.MustCompile(`^\S+\.ya?ml:\d+: \S`)

func TestInviteJSON(t *testing.T) {
	vars := map[string]string{"THIDUA_DATA": t.TempDir(), "THIDUA_CONFIG": filepath.Join(repoRoot(t), "examples", "bhxh-demo")}
	r := runMain(t, vars, "", "invite", "--unit", "bac_ninh", "--role", "focal", "--json")
	if r.code != 0 {
		t.Fatalf("invite: %+v", r)
	}
	var got struct {
		Code    string  `json:"code"`
		Link    *string `json:"link"`
		Unit    string  `json:"unit"`
		Role    string  `json:"role"`
		Expires string  `json:"expires"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("output %q: %v", r.stdout, err)
	}
	if got.Code == "" || got.Link != nil || got.Unit != "bac_ninh" || got.Role != "focal" || !strings.HasPrefix(got.Expires, "2026-12-04T17:32:00+07:00") {
		t.Errorf("invite = %+v", got)
	}
	vars["TELEGRAM_BOT_USERNAME"] = "thidua_bot"
	r = runMain(t, vars, "", "invite", "--unit", "quang_ninh", "--role", "chair", "--json")
	if !strings.Contains(r.stdout, `"link":"https://t.me/thidua_bot?start=`) {
		t.Errorf("invite with bot name: %+v", r)
	}
	if r := runMain(t, vars, "", "invite", "--unit", "ha_noi", "--role", "focal"); r.code != 1 || !strings.Contains(r.stderr, "ha_noi") {
		t.Errorf("unknown unit: %+v", r)
	}
	if r := runMain(t, vars, "", "invite", "--unit", "bac_ninh", "--role", "boss"); r.code != 2 {
		t.Errorf("bad role: %+v", r)
	}
}

func TestRunWebhookNeedsSecret(t *testing.T) {
	r := runMain(t, map[string]string{"THIDUA_DATA": t.TempDir(), "TELEGRAM_BOT_TOKEN": "1:x", "WEBHOOK_URL": "https://bot.example.vn/tg"}, "", "run")
	if r.code != 1 || !strings.Contains(r.stderr, "WEBHOOK_SECRET") {
		t.Errorf("webhook without secret: %+v", r)
	}
}

// TestInviteAndExportText: the plain-text lines of invite and export read as
// Vietnamese: the role by its name, the size with a thousands separator.
func TestInviteAndExportText(t *testing.T) {
	vars := map[string]string{"THIDUA_DATA": t.TempDir(), "THIDUA_CONFIG": filepath.Join(repoRoot(t), "examples", "bhxh-demo")}
	r := runMain(t, vars, "", "invite", "--unit", "bac_ninh", "--role", "focal")
	if r.code != 0 || !strings.Contains(r.stdout, "(vai trò đầu mối, đơn vị BHXH tỉnh Bắc Ninh, hết hạn 17:32 04/12/2026)") {
		t.Errorf("invite: %+v", r)
	}
	for i := 0; i < 40; i++ { // enough records for a backup over 1.000 bytes
		runMain(t, vars, "", "invite", "--unit", "ninh_binh", "--role", "member")
	}
	r = runMain(t, vars, "", "export", filepath.Join(t.TempDir(), "b.json"))
	if r.code != 0 || !regexp.MustCompile(`\(\d{1,3}(\.\d{3})+ byte\)`).MatchString(r.stderr) {
		t.Errorf("export: %+v", r)
	}
}

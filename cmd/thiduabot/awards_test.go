package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/awards"
	"github.com/thiduabot/thiduabot/awards/awardstest"
	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/docx"
)

// seedSeason stores the demo season (January–November 2026) in a new
// embedded store, with nominees by award, and returns its folder.
func seedSeason(t *testing.T, nominees map[string][]string) string {
	t.Helper()
	dir := t.TempDir()
	cfg, err := configdir.Load(filepath.Join(repoRoot(t), "examples", "bhxh-demo"))
	if err != nil {
		t.Fatal(err)
	}
	vs, err := awardstest.Values(cfg)
	if err != nil {
		t.Fatal(err)
	}
	kv, err := boltstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer kv.Close()
	ctx := context.Background()
	if err := awardstest.Seed(ctx, kv, cfg, vs); err != nil {
		t.Fatal(err)
	}
	for a, units := range nominees {
		if err := awards.SetNominees(ctx, kv, "cum5", awardstest.Year, a, units); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestAwardsJSON(t *testing.T) {
	data := seedSeason(t, map[string][]string{"co_thi_dua": {"hung_yen"}})
	demo := filepath.Join(repoRoot(t), "examples", "bhxh-demo")
	r := runMain(t, nil, "", "awards", "--config", demo, "--data", data, "--cluster", "cum5", "--year", "2026", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	// The shape, key by key, as issue 13 gives it.
	var raw map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatal(err)
	}
	assertKeys(t, "season", raw, "awards", "cluster", "months", "year")
	aw := raw["awards"].([]any)
	if len(aw) != 3 {
		t.Fatalf("awards = %d", len(aw))
	}
	a0 := aw[0].(map[string]any)
	assertKeys(t, "award", a0, "candidates", "id", "name", "slots", "warnings")
	assertKeys(t, "candidate", a0["candidates"].([]any)[0].(map[string]any), "eligible", "name", "rank", "reasons", "total", "unit")
	assertKeys(t, "warning", a0["warnings"].([]any)[0].(map[string]any), "kind", "text", "unit")

	var s awards.JSON
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
		t.Fatal(err)
	}
	if s.Cluster != "cum5" || s.Year != 2026 || len(s.Months) != 11 || s.Months[0] != "2026-01" || s.Months[10] != "2026-11" {
		t.Errorf("cluster %q year %d months %v", s.Cluster, s.Year, s.Months)
	}
	flag := s.Awards[0]
	if flag.ID != "co_thi_dua" || flag.Slots != 1 {
		t.Errorf("award = %+v", flag)
	}
	byUnit := map[string]awards.CandidateJSON{}
	for _, c := range flag.Candidates {
		byUnit[c.Unit] = c
	}
	// From the stored reports: thai_nguyen has a violation in March and a
	// late report in April; ninh_binh a late report in February.
	if c := byUnit["thai_nguyen"]; c.Eligible || !strings.Contains(strings.Join(c.Reasons, ";"), "Vi phạm kỷ luật") {
		t.Errorf("thai_nguyen = %+v", c)
	}
	if top := flag.Candidates[0]; top.Rank != 1 || !top.Eligible || top.Total <= 0 {
		t.Errorf("first candidate = %+v", top)
	}
	var kinds []string
	for _, w := range flag.Warnings {
		if w.Unit != "hung_yen" {
			t.Errorf("warning on %s", w.Unit)
		}
		kinds = append(kinds, w.Kind)
	}
	sort.Strings(kinds)
	if !reflect.DeepEqual(kinds, []string{"rotation", "rotation"}) {
		t.Errorf("warning kinds = %v\n%s", kinds, r.stdout)
	}
	t.Log(r.stdout[:min(len(r.stdout), 3000)])
}

func assertKeys(t *testing.T, what string, m map[string]any, want ...string) {
	t.Helper()
	var got []string
	for k := range m {
		got = append(got, k)
	}
	sort.Strings(got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s keys = %v, want %v", what, got, want)
	}
}

func TestAwardsText(t *testing.T) {
	data := seedSeason(t, nil)
	demo := filepath.Join(repoRoot(t), "examples", "bhxh-demo")
	r := runMain(t, nil, "", "awards", "--config", demo, "--data", data, "--year", "2026")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"Bình xét khen thưởng năm 2026 – Cụm thi đua số 5 (ví dụ)", "Kỳ xét: tháng 1 đến hết tháng 11/2026 (11 tháng)",
		"Cờ thi đua của BHXH Việt Nam (đơn vị dẫn đầu cụm) – đề nghị tối đa 1 đơn vị; biểu quyết: từ 50% số phiếu trên tổng số đơn vị thành viên, ít nhất 67% số đơn vị tham gia",
		"Chưa có đơn vị được đề nghị."} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	t.Log("\n" + r.stdout)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--year", "abc"}, 2, "năm \"abc\" không hợp lệ"},
		{[]string{"--cluster", "cum9"}, 2, "cum9"},
		{[]string{"extra"}, 2, "Cách dùng"},
	} {
		r := runMain(t, nil, "", append([]string{"awards", "--config", demo, "--data", data}, tc.args...)...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
}

func TestAwardsWithoutAwardsFile(t *testing.T) {
	dir := t.TempDir()
	demo := filepath.Join(repoRoot(t), "examples", "bhxh-demo")
	copyFile(t, filepath.Join(demo, "org.yaml"), filepath.Join(dir, "org.yaml"))
	if err := os.Mkdir(filepath.Join(dir, "scoring"), 0o700); err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join(demo, "scoring", "bhxh-demo.yaml"), filepath.Join(dir, "scoring", "bhxh-demo.yaml"))
	r := runMain(t, nil, "", "awards", "--config", dir, "--data", t.TempDir())
	if r.code != 1 || !strings.Contains(r.stderr, "chưa có awards.yaml") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// While the bot holds the embedded store, `awards` runs inside it through
// the admin socket.
func TestAwardsThroughRunningProcess(t *testing.T) {
	dir := seedSeason(t, nil)
	kv, err := boltstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer kv.Close()
	base := &env{getenv: func(string) string { return "" }, clock: clock.NewFake(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC))}
	stop, err := serveControl(context.Background(), filepath.Join(dir, controlSocketName), base, kv, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	demo := filepath.Join(repoRoot(t), "examples", "bhxh-demo")
	r := runMain(t, nil, "", "awards", "--config", demo, "--data", dir, "--year", "2026", "--json")
	var s awards.JSON
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &s) != nil || len(s.Awards) != 3 || s.Awards[0].Candidates[0].Rank != 1 {
		t.Fatalf("awards through the socket: %+v", r)
	}
	out := filepath.Join(t.TempDir(), "bc.docx")
	r = runMain(t, nil, "", "award-report", "--config", demo, "--data", dir, "--unit", "bac_ninh", "--year", "2026", "-o", out)
	b, err := os.ReadFile(out)
	if r.code != 0 || err != nil {
		t.Fatalf("award-report through the socket: %+v %v", r, err)
	}
	if txt, err := docx.Read(b); err != nil || !strings.Contains(txt.String(), "BHXH TỈNH BẮC NINH") {
		t.Errorf("report through the socket: %v", err)
	}
}

func TestAwardReport(t *testing.T) {
	data := seedSeason(t, map[string][]string{"co_thi_dua": {"quang_ninh"}})
	demo := filepath.Join(repoRoot(t), "examples", "bhxh-demo")
	out := filepath.Join(t.TempDir(), "bc.docx")
	r := runMain(t, nil, "", "award-report", "--config", demo, "--data", data, "--unit", "quang_ninh", "--year", "2026", "-o", out)
	if r.code != 0 || !strings.Contains(r.stderr, "Đã ghi dự thảo báo cáo thành tích vào "+out+" (đề nghị tặng Cờ thi đua của BHXH Việt Nam (đơn vị dẫn đầu cụm))") {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	txt, err := docx.Read(b)
	if err != nil {
		t.Fatal(err)
	}
	if s := txt.String(); !strings.Contains(s, "Đề nghị tặng Cờ thi đua của BHXH Việt Nam (đơn vị dẫn đầu cụm) năm 2026") || !strings.Contains(s, "xếp thứ 1 trên 6 đơn vị") {
		t.Errorf("report:\n%s", s)
	}
	// To stdout, for another award.
	r = runMain(t, nil, "", "award-report", "--config", demo, "--data", data, "--unit", "phu_tho", "--year", "2026", "--award", "tap_the_ldxs")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if txt, err := docx.Read([]byte(r.stdout)); err != nil || !strings.Contains(txt.String(), "Đề nghị tặng Tập thể Lao động xuất sắc năm 2026") {
		t.Errorf("stdout report: %v", err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--year", "2026"}, "Cách dùng"},
		{[]string{"--unit", "ha_noi"}, "không có đơn vị \"ha_noi\""},
		{[]string{"--unit", "phu_tho", "--award", "co_vang"}, "không có hình thức khen thưởng \"co_vang\""},
	} {
		r := runMain(t, nil, "", append([]string{"award-report", "--config", demo, "--data", data}, tc.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q", tc.args, r.code, r.stderr)
		}
	}
}

// TestAwardReportNotToTerminal: without -o, a terminal gets a hint instead
// of the binary DOCX (/dev/null is a character device, as a terminal is).
func TestAwardReportNotToTerminal(t *testing.T) {
	tty, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer tty.Close()
	var errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: tty, stderr: &errOut, getenv: func(string) string { return "" },
		clock: clock.NewFake(time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC))}
	demo := filepath.Join(repoRoot(t), "examples", "bhxh-demo")
	code := Main(context.Background(), e, []string{"award-report", "--config", demo, "--data", t.TempDir(), "--unit", "phu_tho", "--year", "2026"})
	if code != 2 || !strings.Contains(errOut.String(), "-o TỆP.docx") {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}

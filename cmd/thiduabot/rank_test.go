package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/rankhistory/reportseed"
	"github.com/thiduabot/thiduabot/scoring/valuesfile"
)

// seedSample stores examples/bhxh-demo/values-sample.csv as confirmed
// reports in a new embedded store and returns its folder.
func seedSample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	demo := filepath.Join(repoRoot(t), "examples", "bhxh-demo")
	cfg, err := configdir.Load(demo)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(demo, "values-sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	vs, ps := valuesfile.Read(data, valuesfile.OrgLookup(cfg.Org, cfg.Tables))
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	kv, err := boltstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer kv.Close()
	n, err := reportseed.Seed(context.Background(), kv, cfg.Org, cfg.Tables, vs[2026], 2026)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded %d confirmations", n)
	return dir
}

// TestRankEqualsScore: the sample figures confirmed as reports give, through
// `rank --json`, exactly the report `score --json` prints from the file.
func TestRankEqualsScore(t *testing.T) {
	data := seedSample(t)
	demo := filepath.Join(repoRoot(t), "examples", "bhxh-demo")
	for _, period := range []string{"2026-01", "2026-03", "2026-06", "2026-11"} {
		score := runMain(t, nil, "", "score", "--config", demo, "--values", filepath.Join(demo, "values-sample.csv"), "--period", period, "--json")
		rank := runMain(t, nil, "", "rank", "--config", demo, "--data", data, "--period", period, "--json")
		if score.code != 0 || rank.code != 0 {
			t.Fatalf("%s: score exit %d (%s), rank exit %d (%s)", period, score.code, score.stderr, rank.code, rank.stderr)
		}
		if score.stdout != rank.stdout {
			t.Errorf("%s: rank --json differs from score --json\nrank:\n%s\nscore:\n%s", period, rank.stdout, score.stdout)
		}
	}
}

func TestRankText(t *testing.T) {
	data := seedSample(t)
	demo := filepath.Join(repoRoot(t), "examples", "bhxh-demo")
	// The test clock stands on 27/11/2026: the latest month with figures is June.
	r := runMain(t, nil, "", "rank", "--config", demo, "--data", data)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"tháng 6/2026", "BHXH tỉnh Quảng Ninh       95,50", "Thay đổi hạng so với tháng 5/2026: quang_ninh"} {
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
		{[]string{"--period", "tuần sau"}, 2, "không hợp lệ"},
		{[]string{"--cluster", "cum9"}, 2, "không có cụm"},
		{[]string{"extra"}, 2, "Cách dùng"},
		{[]string{"--period", "quý 1", "--json"}, 0, `"period": "2026-03"`},
		{[]string{"--period", "năm 2025"}, 0, "chưa có số liệu"},
		{[]string{"--period", "năm 2027"}, 1, "chưa bắt đầu"},
	} {
		args := append([]string{"rank", "--config", demo, "--data", data}, tc.args...)
		r := runMain(t, nil, "", args...)
		if r.code != tc.code || !strings.Contains(r.stdout+r.stderr, tc.want) {
			t.Errorf("%v: exit %d, want %d with %q; stdout %q stderr %q", tc.args, r.code, tc.code, tc.want, r.stdout, r.stderr)
		}
	}
}

// While the bot holds the embedded store, rank reaches it over the control
// socket and prints the same report.
func TestRankThroughRunningProcess(t *testing.T) {
	data := seedSample(t)
	demo := filepath.Join(repoRoot(t), "examples", "bhxh-demo")
	kv, err := boltstore.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer kv.Close()
	base := &env{getenv: func(string) string { return "" }, clock: clock.NewFake(time.Date(2026, 11, 27, 10, 32, 0, 0, time.UTC))}
	stop, err := serveControl(context.Background(), filepath.Join(data, controlSocketName), base, kv, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	score := runMain(t, nil, "", "score", "--config", demo, "--values", filepath.Join(demo, "values-sample.csv"), "--period", "2026-06", "--json")
	rank := runMain(t, nil, "", "rank", "--config", demo, "--data", data, "--period", "6/2026", "--json")
	if rank.code != 0 || rank.stdout != score.stdout {
		t.Errorf("rank through the socket: exit %d, stderr %q; same as score: %v", rank.code, rank.stderr, rank.stdout == score.stdout)
	}
	// Ranking only reads: the snapshots are the monthly close's to take.
	if items, err := kv.List(context.Background(), "rankhistory", ""); err != nil || len(items) != 0 {
		t.Errorf("rank wrote %d snapshots (%v) into the running process's store, want none", len(items), err)
	}
}

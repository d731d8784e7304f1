package rankings

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/rankhistory"
	"github.com/thiduabot/thiduabot/rankhistory/reportseed"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/submissions"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden keeps every rendered answer in testdata/*.golden so that the
// wording can be reviewed as a whole; go test -update rewrites them.
func TestGolden(t *testing.T) {
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2026, 7, 20, 9, 0, 0, 0, time.UTC))
	kv := bottest.Bolt(t, clk)
	cfg := demoConfig(t)
	if _, err := reportseed.Seed(ctx, kv, cfg.Org, cfg.Tables, sampleValues(t, cfg), 2026); err != nil {
		t.Fatal(err)
	}
	rk := &rankhistory.Ranker{Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets,
		Values:  submissions.NewReports(kv, clk, nil, time.UTC),
		History: rankhistory.NewStore(kv), Clock: clk, Location: time.UTC}
	jun, err := rk.Rank(ctx, "cum5", scoring.Period{Year: 2026, Month: 6})
	if err != nil {
		t.Fatal(err)
	}
	jan, err := rk.Rank(ctx, "cum5", scoring.Period{Year: 2026, Month: 1})
	if err != nil {
		t.Fatal(err)
	}
	for name, html := range map[string]string{
		"xephang-2026-06":         TableText(jun),
		"xephang-2026-01":         TableText(jan),
		"xephang-own-bac_ninh":    ownText(jun, "bac_ninh"),
		"xephang-own-ninh_binh":   ownText(jun, "ninh_binh"),
		"diem-bac_ninh-2026-06":   ScoreText(jun, "bac_ninh"),
		"diem-quang_ninh-2026-06": ScoreText(jun, "quang_ninh"),
		"diem-ninh_binh-2026-01":  ScoreText(jan, "ninh_binh"),
	} {
		t.Run(name, func(t *testing.T) {
			got := bot.PlainText(html)
			path := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the golden file:\ngot:\n%s\nwant:\n%s", name, got, want)
			}
		})
	}
}

package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestScoreAcceptsWhatRankAccepts: every form of the period grammar works
// for both subcommands, gives the same report, and a quarter, a half-year or
// a year says which months it added up (a year stops at June, the last month
// of the sample figures).
func TestScoreAcceptsWhatRankAccepts(t *testing.T) {
	data := seedSample(t)
	demo := filepath.Join(repoRoot(t), "examples", "bhxh-demo")
	values := filepath.Join(demo, "values-sample.csv")
	for _, tc := range []struct{ period, key, scope string }{
		{"2026-06", "2026-06", ""},
		{"6/2026", "2026-06", ""},
		{"tháng 6/2026", "2026-06", ""},
		{"thang 6/2026", "2026-06", ""},
		{"T6/2026", "2026-06", ""},
		{"quý 1/2026", "2026-03", "Kỳ quý 1/2026 (lũy kế tháng 1–3/2026)"},
		{"quy 2 2026", "2026-06", "Kỳ quý 2/2026 (lũy kế tháng 1–6/2026)"},
		{"6 tháng đầu năm 2026", "2026-06", "Kỳ 6 tháng đầu năm 2026 (lũy kế tháng 1–6/2026)"},
		{"6 thang dau nam 2026", "2026-06", "Kỳ 6 tháng đầu năm 2026 (lũy kế tháng 1–6/2026)"},
		{"quý 4/2026", "2026-06", "Kỳ quý 4/2026, số liệu mới có đến tháng 6/2026 (lũy kế tháng 1–6/2026)"},
		{"năm 2026", "2026-06", "Kỳ năm 2026, số liệu mới có đến tháng 6/2026 (lũy kế tháng 1–6/2026)"},
		// Relative words, on the clock's 27/11/2026.
		{"năm nay", "2026-06", "Kỳ năm 2026, số liệu mới có đến tháng 6/2026 (lũy kế tháng 1–6/2026)"},
		{"kỳ quý này", "2026-06", "Kỳ quý 4/2026, số liệu mới có đến tháng 6/2026 (lũy kế tháng 1–6/2026)"},
	} {
		score := runMain(t, nil, "", "score", "--config", demo, "--values", values, "--period", tc.period, "--json")
		rank := runMain(t, nil, "", "rank", "--config", demo, "--data", data, "--period", tc.period, "--json")
		if score.code != 0 || rank.code != 0 {
			t.Fatalf("%s: score exit %d (%s), rank exit %d (%s)", tc.period, score.code, score.stderr, rank.code, rank.stderr)
		}
		if score.stdout != rank.stdout || !strings.Contains(score.stdout, `"period": "`+tc.key+`"`) {
			t.Errorf("%s: rank --json and score --json differ or are not for %s\nrank:\n%s\nscore:\n%s", tc.period, tc.key, rank.stdout, score.stdout)
		}
		if tc.scope == "" {
			continue
		}
		// JSON stays clean on stdout; the months used are told on stderr,
		// and on stdout above a text ranking.
		if !strings.Contains(score.stderr, tc.scope) || !strings.Contains(rank.stderr, tc.scope) {
			t.Errorf("%s: --json does not say %q on stderr: score %q, rank %q", tc.period, tc.scope, score.stderr, rank.stderr)
		}
		score = runMain(t, nil, "", "score", "--config", demo, "--values", values, "--period", tc.period)
		rank = runMain(t, nil, "", "rank", "--config", demo, "--data", data, "--period", tc.period)
		if !strings.HasPrefix(score.stdout, tc.scope+"\n") || !strings.Contains(rank.stdout, tc.scope+"\n") {
			t.Errorf("%s: text output does not open with %q:\nscore:\n%s\nrank:\n%s", tc.period, tc.scope, score.stdout, rank.stdout)
		}
	}
	bad := runMain(t, nil, "", "score", "--config", demo, "--values", values, "--period", "tuần sau")
	if bad.code != 2 || !strings.Contains(bad.stderr, "quý 2/2026") {
		t.Errorf("bad period: exit %d, %q; want 2 with the forms", bad.code, bad.stderr)
	}
}

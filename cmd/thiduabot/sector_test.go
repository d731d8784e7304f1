package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/covenants"
)

// TestSectorJSON: `sector --json` over the sample figures prints the
// contract's shape with the figures the reports give.
func TestSectorJSON(t *testing.T) {
	data := seedSample(t)
	demo := filepath.Join(repoRoot(t), "examples", "bhxh-demo")
	// Bắc Ninh acknowledged its covenant targets for 2026.
	kv, err := boltstore.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := covenants.NewStore(kv).Acknowledge(context.Background(), covenants.Ack{Cluster: "cum5", Unit: "bac_ninh", Year: 2026}); err != nil {
		t.Fatal(err)
	}
	kv.Close()
	r := runMain(t, nil, "", "sector", "--config", demo, "--data", data, "--period", "6/2026", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var got struct {
		Period   string `json:"period"`
		Clusters []struct {
			ID              string   `json:"id"`
			Units           int      `json:"units"`
			OnTimeRate      *float64 `json:"on_time_rate"`
			Late            int      `json:"late"`
			Missing         int      `json:"missing"`
			MeetingsPlanned int      `json:"meetings_planned"`
			CovenantUnits   int      `json:"covenant_units"`
			CovenantSigned  int      `json:"covenant_signed"`
			DossiersDue     int      `json:"dossiers_due"`
			Flags           []struct {
				Kind, Reason string
			} `json:"flags"`
		} `json:"clusters"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if got.Period != "2026-06" || len(got.Clusters) != 1 {
		t.Fatalf("period %q, %d clusters:\n%s", got.Period, len(got.Clusters), r.stdout)
	}
	c := got.Clusters[0]
	// The sample has every unit's figures for January to June; the file
	// counts some late months.
	if c.ID != "cum5" || c.Units != 6 || c.CovenantUnits != 6 || c.CovenantSigned != 1 || c.Missing != 0 || c.OnTimeRate == nil {
		t.Errorf("cluster = %+v", c)
	}
	if want := float64(36-c.Late) / 36; c.Late == 0 || *c.OnTimeRate < want-0.0001 || *c.OnTimeRate > want+0.0001 {
		t.Errorf("on_time_rate %v with %d late of 36; want %v", *c.OnTimeRate, c.Late, want)
	}
	// Planned by 30/06: the covenant signing (10/03) and the year-end review
	// (20/01), which no /hop meeting matched.
	if c.MeetingsPlanned != 2 || c.DossiersDue != 0 {
		t.Errorf("meetings planned %d, dossiers due %d; want 2, 0", c.MeetingsPlanned, c.DossiersDue)
	}
	if len(c.Flags) == 0 || c.Flags[len(c.Flags)-1].Kind != "review_not_held" || !strings.Contains(c.Flags[len(c.Flags)-1].Reason, "20/01/2026") {
		t.Errorf("flags = %+v; want the review of 20/01/2026", c.Flags)
	}
}

func TestSectorText(t *testing.T) {
	data := seedSample(t)
	demo := filepath.Join(repoRoot(t), "examples", "bhxh-demo")
	// Default: the year to date as of the test clock, 27/11/2026. July to
	// October have no reports: missing.
	r := runMain(t, nil, "", "sector", "--config", demo, "--data", data)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"Kỳ lũy kế từ đầu năm đến tháng 11/2026", "Cụm thi đua số 5 (ví dụ) (6 đơn vị)", "chưa nộp 24", "1/1 cụm cần lưu ý"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--period", "mai"}, 2, "kỳ «mai» không hợp lệ"},
		{[]string{"--period", "12/2026"}, 1, "chưa bắt đầu"},
		{[]string{"extra"}, 2, "Cách dùng"},
	} {
		r := runMain(t, nil, "", append([]string{"sector", "--config", demo, "--data", data}, tc.args...)...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
}

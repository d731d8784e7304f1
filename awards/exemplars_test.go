package awards_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/awards"
	"github.com/thiduabot/thiduabot/awards/awardstest"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/docx"
	"github.com/thiduabot/thiduabot/exemplars"
	"github.com/thiduabot/thiduabot/store/storetest"
)

// The achievement report lists the unit's model examples approved in the
// year, and only those.
func TestReportListsApprovedExamples(t *testing.T) {
	cfg := demo(t)
	clk := clock.NewFake(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC))
	kv := storetest.NewMem(clk)
	vs, err := awardstest.Values(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := awardstest.Seed(ctx, kv, cfg, vs); err != nil {
		t.Fatal(err)
	}
	ex := exemplars.NewStore(kv)
	add := func(unit, text string, approve bool, at time.Time) {
		st, err := ex.Submit(ctx, exemplars.Story{Cluster: "cum5", Unit: unit, Text: text}, []byte("jpg"), at)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ex.Review(ctx, st.ID, approve, "", 10, at.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	add("quang_ninh", "Quầy một cửa lưu động tại khu công nghiệp", true, time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC))
	add("quang_ninh", "Bản nháp bị trả lại", false, time.Date(2026, 6, 4, 9, 0, 0, 0, time.UTC))
	add("quang_ninh", "Câu chuyện năm trước", true, time.Date(2025, 6, 4, 9, 0, 0, 0, time.UTC))
	add("phu_tho", "Câu chuyện của đơn vị khác", true, time.Date(2026, 7, 4, 9, 0, 0, 0, time.UTC))

	src := awards.Source{KV: kv, Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets, Clock: clk, Location: time.UTC}
	d, err := cfg.Awards.LoadReport(ctx, src, "quang_ninh", 2026, "co_thi_dua")
	if err != nil {
		t.Fatal(err)
	}
	data, err := d.Document().Bytes()
	if err != nil {
		t.Fatal(err)
	}
	txt, err := docx.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	s := txt.String()
	if !strings.Contains(s, "Điển hình tiên tiến của đơn vị được cụm trưởng duyệt trong năm") ||
		!strings.Contains(s, "– Quầy một cửa lưu động tại khu công nghiệp (duyệt ngày 04/05/2026)") {
		t.Errorf("report lacks the approved example:\n%s", s)
	}
	for _, bad := range []string{"Bản nháp bị trả lại", "Câu chuyện năm trước", "Câu chuyện của đơn vị khác"} {
		if strings.Contains(s, bad) {
			t.Errorf("report lists %q", bad)
		}
	}
}

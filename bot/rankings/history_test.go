package rankings

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// lateStart: the cluster reported from March on, and Ninh Bình never did.
func lateStart(s *setup) {
	delete(s.seed, "ninh_binh")
	for _, crits := range s.seed {
		for _, series := range crits {
			series.Unset(time.January)
			series.Unset(time.February)
		}
	}
}

// TestHistoryTellsTheTruth: months nobody reported show "—" in a unit's
// trajectory instead of rank 1 for everybody, and a unit that never reported
// gets no movement arrow, in the text and on the chart.
func TestHistoryTellsTheTruth(t *testing.T) {
	h := newHarness(t, nil, lateStart)
	got := h.Say(uChair, "/diem bac ninh 4/2026")
	bottest.MustContain(t, got, "Hạng qua các tháng: T1: — · T2: — · T3: ")
	bottest.MustNotContain(t, got, "T1: 1 ", "T2: 1 ")
	got = h.Say(uChair, "/diem ninh binh 4/2026")
	bottest.MustContain(t, got, "Hạng qua các tháng: T1: — · T2: — · T3: — · T4: —",
		"\nChưa xếp hạng vì đơn vị chưa có số liệu nào, tổng 0,00 điểm")
	bottest.MustNotContain(t, got, "so với tháng", "Hạng 6/6")

	got = h.Say(uChair, "/xephang 4/2026")
	// Ninh Bình scores 0 but is not ranked: no "6." standing it never earned.
	bottest.MustContain(t, got, "so với tháng 3/2026", "\nChưa xếp hạng vì chưa có số liệu nào (tính 0 điểm): BHXH tỉnh Ninh Bình.\n")
	bottest.MustNotContain(t, got, "Ninh Bình — 0,00", "• BHXH tỉnh Ninh Bình")
	// The chart: arrows for the units that moved, none for Ninh Bình; the
	// review copy is testdata/xephang-late-start.png (go test -update).
	var chart telegramtest.Sent
	for _, s := range got {
		if s.Method == "sendPhoto" {
			chart = s
		}
	}
	if !bytes.HasPrefix(chart.FileData, []byte("\x89PNG")) {
		t.Fatal("the ranking came without its chart")
	}
	golden := filepath.Join("testdata", "xephang-late-start.png")
	if *update {
		if err := os.WriteFile(golden, chart.FileData, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want, err := os.ReadFile(golden); err != nil || !bytes.Equal(want, chart.FileData) {
		t.Errorf("chart differs from %s (%v); run go test -update and look at it", golden, err)
	}
	// March is compared with nothing: February had no figures.
	got = h.Say(uChair, "/xephang 3/2026")
	bottest.MustNotContain(t, got, "so với tháng", "(=)", "↑", "↓")
	photo := false
	for _, s := range got {
		photo = photo || s.Method == "sendPhoto" && bytes.HasPrefix(s.FileData, []byte("\x89PNG"))
	}
	if !photo {
		t.Fatal("the ranking came without its chart")
	}
}

// TestExportReadsLikeAReport: /xuat's workbook names units and missing
// criteria (not their codes) and shows points with two decimals.
func TestExportReadsLikeAReport(t *testing.T) {
	h := newHarness(t, nil)
	var doc []byte
	for _, s := range h.Say(uChair, "/xuat 6/2026") {
		if s.Method == "sendDocument" {
			doc = s.FileData
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(msg.XLSXSheetScores)
	if err != nil || len(rows) < 4 {
		t.Fatalf("rows %v, %v", rows, err)
	}
	first, last := rows[3], rows[len(rows)-1]
	if first[1] != "BHXH tỉnh Quảng Ninh" || first[2] != "95.50" {
		t.Errorf("first unit row %q; want the name and 95.50", first[:3])
	}
	if missing := last[len(last)-1]; !strings.Contains(missing, "Hoàn thành kế hoạch cải cách hành chính") || strings.Contains(missing, "cchc") {
		t.Errorf("missing criteria shown as %q; want names", missing)
	}
}

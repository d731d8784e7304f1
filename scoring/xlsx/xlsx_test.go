package xlsx

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/scoring/scoringtest"
)

func TestWriteReopens(t *testing.T) {
	res, cl := scoringtest.Demo(t, scoring.Period{Year: 2026, Month: time.June})
	var buf bytes.Buffer
	if err := Write(&buf, cl.Name, res); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != msg.XLSXSheetScores || got[1] != msg.XLSXSheetExplain {
		t.Fatalf("sheets = %v", got)
	}
	rows, err := f.GetRows(msg.XLSXSheetScores)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2+len(res.Units) {
		t.Fatalf("%d rows; want title, header and %d units", len(rows), len(res.Units))
	}
	header := strings.Join(rows[1], "|")
	for _, c := range res.Table.Criteria() {
		if !strings.Contains(header, c.Name) {
			t.Errorf("header lacks criterion %q", c.Name)
		}
	}
	for i, u := range res.Units {
		row := rows[2+i]
		if row[1] != u.ID || row[2] != u.Name {
			t.Errorf("row %d = %v; want unit %s", 3+i, row[:3], u.ID)
		}
	}
	// Numbers are numbers, unrounded criterion points included.
	total, err := f.GetCellValue(msg.XLSXSheetScores, "D3", excelize.Options{RawCellValue: true})
	if err != nil || total != "95.5" {
		t.Errorf("D3 = %q, %v; want 95.5", total, err)
	}
	exp, err := f.GetRows(msg.XLSXSheetExplain)
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + len(res.Units)*len(res.Table.Criteria()); len(exp) != want {
		t.Fatalf("explanation rows = %d; want %d", len(exp), want)
	}
	seen := map[string]bool{}
	for _, r := range exp[1:] {
		seen[r[0]+"/"+r[2]] = true
		if len(r) < 10 || r[9] == "" {
			t.Errorf("row %v has no explanation", r)
		}
	}
	for _, u := range res.Units {
		for _, c := range res.Table.Criteria() {
			if !seen[u.ID+"/"+c.ID] {
				t.Errorf("no explanation row for %s/%s", u.ID, c.ID)
			}
		}
	}
}

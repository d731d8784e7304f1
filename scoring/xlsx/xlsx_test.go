package xlsx

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/scoring/scoringtest"
)

// demoBook is the demo's June workbook, reopened.
func demoBook(t *testing.T, edit func(*scoring.Result)) (*scoring.Result, *excelize.File, []byte) {
	t.Helper()
	res, cl := scoringtest.Demo(t, scoring.Period{Year: 2026, Month: time.June})
	if edit != nil {
		edit(res)
	}
	var buf bytes.Buffer
	if err := Write(&buf, cl.Name, res); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return res, f, data
}

func TestWriteReopens(t *testing.T) {
	res, f, _ := demoBook(t, nil)
	if got := f.GetSheetList(); len(got) != 2 || got[0] != msg.XLSXSheetScores || got[1] != msg.XLSXSheetExplain {
		t.Fatalf("sheets = %v", got)
	}
	rows, err := f.GetRows(msg.XLSXSheetScores)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3+len(res.Units) {
		t.Fatalf("%d rows; want title, scope, header and %d units", len(rows), len(res.Units))
	}
	header := strings.Join(rows[2], "|")
	for _, c := range res.Table.Criteria() {
		if !strings.Contains(header, c.Name) {
			t.Errorf("header lacks criterion %q", c.Name)
		}
	}
	for i, u := range res.Units {
		if row := rows[3+i]; row[1] != u.Name {
			t.Errorf("row %d = %v; want unit %s", 4+i, row[:3], u.Name)
		}
	}
	// Numbers are numbers, unrounded criterion points included.
	total, err := f.GetCellValue(msg.XLSXSheetScores, "C4", excelize.Options{RawCellValue: true})
	if err != nil || total != "95.5" {
		t.Errorf("C4 = %q, %v; want 95.5", total, err)
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
		if len(r) < 12 || r[9] == "" {
			t.Fatalf("row %v has no explanation or codes", r)
		}
		seen[r[10]+"/"+r[11]] = true
	}
	for _, u := range res.Units {
		for _, c := range res.Table.Criteria() {
			if !seen[u.ID+"/"+c.ID] {
				t.Errorf("no explanation row for %s/%s", u.ID, c.ID)
			}
		}
	}
}

// TestReadsLikeAReport: names, not codes, where people read; formats with
// two decimals for points, thousands separators, "%" and Có/Không; no -0;
// frozen headers and sized columns.
func TestReadsLikeAReport(t *testing.T) {
	res, f, _ := demoBook(t, func(res *scoring.Result) {
		res.Units[0].Criteria[0].Points = -0.001 // shows as -0,00 unless cleaned
	})
	scores, explain := msg.XLSXSheetScores, msg.XLSXSheetExplain
	rows, _ := f.GetRows(scores) // formatted as shown
	nb := res.Units[len(res.Units)-1]
	last := rows[len(rows)-1]
	if missing := last[len(last)-1]; len(nb.Missing) == 0 || strings.Contains(missing, nb.Missing[0]) {
		t.Errorf("missing criteria shown as %q; want their names, not %v", missing, nb.Missing)
	} else if c, _ := res.Table.Criterion(nb.Missing[0]); !strings.Contains(missing, c.Name) {
		t.Errorf("missing criteria shown as %q; want %q", missing, c.Name)
	}
	for i, row := range rows[3:] {
		for j, v := range row[2:] {
			if strings.HasPrefix(v, "-0") && strings.Trim(v, "-0.,") == "" {
				t.Errorf("row %d column %d shows %q", i+4, j+3, v)
			}
		}
	}
	if got := rows[3][2]; got != "95.50" {
		t.Errorf("total shown as %q; want 95.50 (two decimals)", got)
	}
	// Every points cell of a -0 criterion (a penalty of 0 occurrences, -2 × 0)
	// is stored as 0.
	for r := 4; r < 4+len(res.Units); r++ {
		for c := 3; c <= len(rows[2]); c++ {
			ref, _ := excelize.CoordinatesToCellName(c, r)
			if raw, _ := f.GetCellValue(scores, ref, excelize.Options{RawCellValue: true}); raw == "-0" {
				t.Errorf("%s stores -0", ref)
			}
		}
	}
	exp, _ := f.GetRows(explain)
	byCrit := map[string][]string{}
	for _, r := range exp[1:] {
		if r[10] == res.Units[0].ID {
			byCrit[r[11]] = r
		}
	}
	for id, want := range map[string]func(v string) bool{
		"bao_phu_bhyt": func(v string) bool { return strings.Contains(v, ",") && !strings.Contains(v, ".") }, // people: 3,753,750
	} {
		if r, ok := byCrit[id]; !ok || !want(r[2]) {
			t.Errorf("%s value shown as %q", id, r)
		}
	}
	percent, yesNo := false, false
	for _, c := range res.Table.Criteria() {
		r := byCrit[c.ID]
		switch {
		case c.Unit == "%" && r[2] != msg.XLSXMissing:
			percent = true
			if !strings.HasSuffix(r[2], "%") {
				t.Errorf("%s (%%) shown as %q", c.ID, r[2])
			}
		case c.Rule.Kind == scoring.KindYesNo && r[2] != msg.XLSXMissing:
			yesNo = true
			if r[2] != msg.XLSXYes && r[2] != msg.XLSXNo {
				t.Errorf("%s (yes/no) shown as %q", c.ID, r[2])
			}
		case c.Rule.Kind == scoring.KindRatio && r[5] != "":
			if !strings.HasSuffix(r[5], "%") {
				t.Errorf("%s achievement shown as %q", c.ID, r[5])
			}
		}
		if r[6] == "" || !strings.Contains(r[6], ".") || len(r[6])-strings.Index(r[6], ".") != 3 {
			t.Errorf("%s points shown as %q; want two decimals", c.ID, r[6])
		}
	}
	if !percent || !yesNo {
		t.Errorf("the demo lacks a %% (%v) or a yes/no (%v) value to check", percent, yesNo)
	}
	for _, sheet := range []string{scores, explain} {
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit == 0 || panes.XSplit != 2 {
			t.Errorf("%s panes = %+v, %v; want frozen header and names", sheet, panes, err)
		}
	}
	if w, _ := f.GetColWidth(scores, "B"); w < 20 {
		t.Errorf("unit column width %v; want room for the names", w)
	}
	if w, _ := f.GetColWidth(explain, "J"); w < 40 {
		t.Errorf("explanation column width %v", w)
	}
	if math.Signbit(res.Units[0].Criteria[0].Points) == false {
		t.Fatal("the edit did not take")
	}
}

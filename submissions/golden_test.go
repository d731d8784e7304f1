package submissions

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/thiduabot/thiduabot/store/storetest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// TestTextsGolden renders every kind of text the package produces into one
// file, testdata/texts.golden, so the Vietnamese can be reviewed as a whole
// and any change of wording shows in the diff. Run with -update to accept.
func TestTextsGolden(t *testing.T) {
	var b strings.Builder
	section := func(title string) { fmt.Fprintf(&b, "\n## %s\n", title) }
	line := func(s string) { b.WriteString(s + "\n") }

	section("Questions")
	known := map[string]Known{
		"thu_bhxh":   {Target: ptr(9200), Last: &Last{Period{2026, 9}, 6000}},
		"gd_dien_tu": {Last: &Last{Period{2026, 7}, 96}},
	}
	qs := Questions([]Criterion{crThu, crTrieu, crPct, crYesNo, crNguoi, crCount, crManual, crLate}, Period{2026, 10}, known, ForFocal)
	for _, q := range qs {
		line(q.Text())
		line("")
	}

	section("Echoes and choices")
	for _, in := range []struct {
		s string
		c Criterion
	}{{"1.234,5", crThu}, {"2,3 tỷ", crTrieu}, {"95,5 %", crPct}, {"k", crYesNo}, {"1.234", crNguoi},
		{"1.234", crThu}, {"2.300 triệu", crThu}} {
		p, err := Parse(in.s, in.c)
		switch {
		case err != nil:
			m, _ := Message(err)
			line(in.s + " → " + m)
		case p.Ambiguous:
			line(in.s + " → hỏi lại: " + strings.Join(p.Choices, " | "))
		default:
			line(in.s + " → " + p.Echo)
		}
	}

	section("Input errors")
	for _, in := range []struct {
		s string
		c Criterion
	}{{"", crThu}, {"abc", crThu}, {"2,5", crCount}, {"95 tỷ", crPct}, {"có lẽ", crYesNo}, {"100 người", crThu}} {
		_, err := Parse(in.s, in.c)
		m, _ := Message(err)
		line(fmt.Sprintf("%q (%s) → %s", in.s, in.c.ID, m))
	}

	section("Warnings")
	for _, w := range append(append(Check(crPct, Period{2026, 10}, 101, Known{}), Check(crThu, Period{2026, 10}, -1, Known{Last: &Last{Period{2026, 9}, 6000}})...),
		Check(crThu, Period{2026, 6}, 20000, Known{Target: ptr(9200)})...) {
		line(w.Message)
	}

	ctx := context.Background()
	oct := Period{2026, 10}
	f := newFixture(storetest.NewMem(nil), at(2026, 11, 6, 10, 32))
	d := NewDraft(focalA, "cum5", "phu_tho", oct, ForFocal, nil)
	for _, s := range []string{"7.100,5", "450", "giu", "có", "bỏ qua", "2"} {
		switch ParseAction(s) {
		case ActKeep:
			_ = d.KeepLast(qs)
		case ActSkip:
			_ = d.Skip(qs)
		default:
			if _, err := d.Type(qs, s); err != nil {
				t.Fatal(err)
			}
		}
	}
	section("Summary")
	line(d.Summary(qs))
	r, err := f.rs.Confirm(ctx, d.Confirmation(qs))
	if err != nil {
		t.Fatal(err)
	}
	section("Recorded")
	line(Recorded(r, r.Version, "BHXH tỉnh Phú Thọ"))
	f.clk.Advance(20 * 60 * 1e9)
	_, err = f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "phu_tho", Period: oct, BaseVersion: 0, By: focalB,
		Values: map[string]Entry{"thu_bhxh": val(7200)}, Criteria: []Criterion{crThu}})
	section("Conflict")
	m, _ := Message(err)
	line(m)
	f.clk.Set(at(2026, 11, 9, 8, 0))
	_, err = f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "phu_tho", Period: oct, BaseVersion: 1, By: focalB,
		Values: map[string]Entry{"thu_bhxh": val(7200)}, Criteria: []Criterion{crThu}})
	section("Locked")
	m, _ = Message(err)
	line(m)
	_, _ = f.rs.Unlock(ctx, "cum5", "phu_tho", oct, chair, UnlockEnd(nil, f.clk.Now(), DefaultUnlockDays))
	r, _ = f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "phu_tho", Period: oct, BaseVersion: 1, By: focalB,
		Values: map[string]Entry{"thu_bhxh": val(7200)}, Criteria: []Criterion{crThu}})
	section("History")
	line(HistoryText(r))
	section("Progress")
	ps, _ := f.rs.Progress(ctx, "cum5", []string{"phu_tho", "bac_ninh"}, oct)
	line(ProgressText(oct, ps, map[string]string{"phu_tho": "BHXH tỉnh Phú Thọ", "bac_ninh": "BHXH tỉnh Bắc Ninh"},
		map[string]string{"bac_ninh": "Trần Thị Bình"}))

	section("Excel errors")
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, xlsxInfo, qs, nil); err != nil {
		t.Fatal(err)
	}
	xf, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	_ = xf.SetCellStr("Báo cáo", "H7", "1.234")
	_ = xf.SetCellStr("Báo cáo", "H9", "95 tỷ")
	buf.Reset()
	_, _ = xf.WriteTo(&buf)
	_, err = ParseXLSX(&buf, xlsxInfo, qs)
	m, _ = Message(err)
	line(m)

	got := []byte(strings.TrimLeft(b.String(), "\n"))
	path := filepath.Join("testdata", "texts.golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("texts differ from %s (run with -update to accept):\n%s", path, got)
	}
}

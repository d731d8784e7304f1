package covenants

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/docx"
	"github.com/thiduabot/thiduabot/docx/docxtest"
	"github.com/thiduabot/thiduabot/vi"
)

// demoInput is the demo cluster's covenant with one unit acknowledged and
// one discrepancy.
func demoInput(t *testing.T) DocumentInput {
	t.Helper()
	cfg, err := configdir.Demo()
	if err != nil {
		t.Fatal(err)
	}
	cl := cfg.Org.Clusters[0]
	table, _ := cfg.Table(cl.ID)
	in := DocumentInput{Year: 2026, ClusterName: cl.Name, Table: table,
		Format: func(a Ack) string { return vi.DateTime(a.At) }}
	for _, u := range cl.Units {
		rec := UnitRecord{ID: u.ID, Name: u.Name, Targets: UnitTargets(table, cfg.Targets, 2026, u.ID)}
		switch u.ID {
		case "bac_ninh":
			rec.Ack = &Ack{Unit: u.ID, ByName: "Lan", At: time.Date(2026, 3, 3, 10, 15, 0, 0, time.UTC), Targets: rec.Targets}
		case "ninh_binh":
			rec.Discrepancies = []Discrepancy{{Unit: u.ID, Text: "Thu BHXH là 8.900 tỷ đồng"}}
		}
		in.Units = append(in.Units, rec)
	}
	return in
}

func TestDocumentReadsBack(t *testing.T) {
	data, err := Document(demoInput(t))
	if err != nil {
		t.Fatal(err)
	}
	txt, err := docx.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(txt.Tables) != 4 {
		t.Fatalf("%d tables; want criteria, targets, record, signatures", len(txt.Tables))
	}
	if got := strings.Join(txt.Tables[2][1], " | "); !strings.Contains(got, "chưa xác nhận") {
		t.Errorf("record row = %q", got)
	}
}

// TestDocumentRenders converts the demo covenant with LibreOffice and keeps
// its first page in testdata for review (not compared pixel by pixel).
func TestDocumentRenders(t *testing.T) {
	data, err := Document(demoInput(t))
	if err != nil {
		t.Fatal(err)
	}
	_, png, pages := docxtest.Render(t, data, 80)
	if pages < 1 {
		t.Fatalf("%d pages", pages)
	}
	if err := os.WriteFile(filepath.Join("testdata", "covenant-page1.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

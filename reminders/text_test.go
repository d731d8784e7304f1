package reminders

import (
	"flag"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestTextsGolden renders one reminder of each kind from the demo year into
// testdata/texts.golden, so the whole wording can be reviewed in one place.
func TestTextsGolden(t *testing.T) {
	cal := demoCalendar(t)
	cal.Org.Clusters[0].GroupChatID = -100500
	st := demoState()
	st.People["ninh_binh"] = nil
	for _, u := range []string{"phu_tho", "quang_ninh", "bac_ninh", "thai_nguyen"} {
		st.SetConfirmed(u, 2026, 6, true)
	}
	st.MeetingList = []Meeting{
		{ID: "h7", Cluster: "cum5", Title: "Họp chuẩn bị sơ kết", Start: at(2026, 7, 10, 14, 0), Place: "Phòng họp tầng 3, BHXH tỉnh Quảng Ninh",
			Agenda: "Thống nhất chương trình hội nghị sơ kết", Version: 2, ChangedAt: at(2026, 7, 1, 9, 12), PrevStart: at(2026, 7, 9, 14, 0)},
		{ID: "h8", Cluster: "cum5", Title: "Họp trực tuyến", Start: at(2026, 7, 20, 9, 0), Link: "https://meet.example.vn/cum5",
			Version: 1, ChangedAt: at(2026, 7, 2, 15, 0), Cancelled: true, CancelledAt: at(2026, 7, 3, 10, 0)},
	}
	plan := Plan(cal, st, at(2026, 6, 25, 0, 0), at(2026, 12, 31, 0, 0))
	seen := map[string]bool{}
	var b strings.Builder
	for _, r := range plan {
		id := string(r.Kind) + "/" + r.Audience
		if seen[id] || (r.Unit != "" && r.Unit != "hung_yen" && r.Unit != "quang_ninh") {
			continue
		}
		seen[id] = true
		d := Delivery{Reminder: r, Late: r.Kind == KindDataOverdue}
		b.WriteString("== " + r.Key + "\n" + d.Text() + "\n")
		for _, btn := range r.Buttons() {
			b.WriteString("[" + btn.Text + "] ")
		}
		b.WriteString("\n\n")
	}
	got := b.String()
	if !norm.NFC.IsNormalString(got) {
		t.Error("texts are not NFC")
	}
	const golden = "testdata/texts.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestTextsGolden -update)", err)
	}
	if got != string(want) {
		t.Errorf("texts differ from %s (go test -run TestTextsGolden -update to accept):\n%s", golden, got)
	}
}

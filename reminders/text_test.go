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
	// /hoso for a focal point and for the chair, the /hop preview and tally.
	d, _ := cal.Dossier("chien_si_thi_dua")
	due := at(2026, 12, 15, 17, 0)
	progress := map[string]ItemProgress{
		"to_trinh":           {Done: true, FileID: "BQACAgUAAx", By: 42, At: at(2026, 12, 1, 10, 32)},
		"bao_cao_thanh_tich": {Done: true, By: 42, At: at(2026, 12, 2, 9, 0)},
	}
	b.WriteString("== /hoso focal\n" + FormatChecklist(d, due, "BHXH tỉnh Bắc Ninh", progress, map[int64]string{42: "Chị Lan"}) + "\n\n")
	st.Checklists[progressKey(d.ID, "2026-12-15", "bac_ninh")] = map[string]bool{"to_trinh": true, "bao_cao_thanh_tich": true, "bien_ban_binh_xet": true, "chung_nhan_sang_kien": true}
	cl, _ := cal.Org.Cluster("cum5")
	b.WriteString("== /hoso chair\n" + FormatDossierStatus(d, due, cl.Name, DossierStatus(cal, st, d, "2026-12-15", cl)) + "\n\n")
	m := st.MeetingList[0]
	m.RSVP = map[string]Response{"100": {Unit: "phu_tho", Answer: RSVPAttend}, "102": {Unit: "bac_ninh", Answer: RSVPDelegate, Substitute: "Phó Giám đốc"}}
	b.WriteString("== /hop preview\n" + FormatMeeting(m, cl.Name, cal.Location) + "\n\n")
	b.WriteString("== /hop tally\n" + FormatTally(m, cl.Units) + "\n\n")
	b.WriteString("== /lich\n" + FormatUpcoming(Upcoming(cal, st, Viewer{Cluster: "cum5", Unit: "bac_ninh"}, at(2026, 11, 27, 0, 0), at(2026, 12, 31, 0, 0))) + "\n")

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

package rankings

import (
	"bytes"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot/bottest"
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
	bottest.MustContain(t, got, "Hạng qua các tháng: T1: — · T2: — · T3: — · T4: —")
	bottest.MustNotContain(t, got, "so với tháng")

	got = h.Say(uChair, "/xephang 4/2026")
	bottest.MustContain(t, got, "so với tháng 3/2026", "6. BHXH tỉnh Ninh Bình — 0,00\n")
	// March is compared with nothing: February had no figures.
	got = h.Say(uChair, "/xephang 3/2026")
	bottest.MustNotContain(t, got, "so với tháng", "(=)", "↑", "↓")
	if last := got[len(got)-1]; last.Method != "sendPhoto" || !bytes.HasPrefix(last.FileData, []byte("\x89PNG")) {
		t.Fatalf("the ranking came without its chart: %s %q", last.Method, last.FileName)
	}
}

package reminders

import (
	"strings"
	"testing"
)

// The flag dossier (co_thi_dua, due Thu 10/12/2026 17:00) once the cluster
// nominated Phú Thọ: Phú Thọ's focal point is chased for its report only,
// the chair for the tờ trình and the biên bản, and Phú Thọ's lateness goes
// to the chair; no other unit is reminded.
func TestPlanNomineeDossier(t *testing.T) {
	cal := demoCalendar(t)
	plan := func(st *Snapshot) map[string]Reminder {
		return byKey(Plan(cal, st, at(2026, 11, 25, 0, 0), at(2027, 1, 10, 0, 0)))
	}
	const occ = "2026-12-10"
	flag := func(keys map[string]Reminder) map[string]Reminder {
		out := map[string]Reminder{}
		for k, r := range keys {
			if strings.HasPrefix(k, "dossier/co_thi_dua/") {
				out[k] = r
			}
		}
		return out
	}

	// Before the vote nobody is nominated: nothing to chase.
	st := demoState()
	st.SetNominees("co_thi_dua", occ, "cum5", nil)
	if got := flag(plan(st)); len(got) != 0 {
		t.Errorf("reminders before any nomination: %v", keysOf(got))
	}

	st.SetNominees("co_thi_dua", occ, "cum5", []string{"phu_tho"})
	got := flag(plan(st))
	unit := got["dossier/co_thi_dua/"+occ+"/phu_tho/t-7d"]
	if unit.Recipients[0].ChatID != 100 || strings.Join(unit.Params.Missing, ";") != "Báo cáo thành tích của đơn vị được đề nghị" {
		t.Errorf("nominee's reminder = %+v", unit)
	}
	chair := got["dossier/co_thi_dua/"+occ+"/phu_tho/chair/t-7d"]
	if chair.Recipients[0].ChatID != 900 || strings.Join(chair.Params.Missing, ";") != "Tờ trình đề nghị khen thưởng;Biên bản họp bình xét, suy tôn của cụm" {
		t.Errorf("chair's reminder = %+v", chair)
	}
	esc := got["dossier/co_thi_dua/"+occ+"/chairs:cum5/escalate"]
	if len(esc.Params.LateUnits) != 1 || esc.Params.LateUnits[0].Unit != "phu_tho" {
		t.Errorf("escalation = %+v", esc.Params)
	}
	for k := range got {
		if strings.Contains(k, "/quang_ninh/") || strings.Contains(k, "/bac_ninh/") {
			t.Errorf("a unit that is not nominated is reminded: %s", k)
		}
	}

	// The nominee's report done: only the chair's documents are chased.
	st.Checklists[progressKey("co_thi_dua", occ, "phu_tho")] = map[string]bool{"bao_cao_thanh_tich": true}
	got = flag(plan(st))
	for k := range got {
		if !strings.Contains(k, "/phu_tho/chair/") {
			t.Errorf("after the nominee's part: %s", k)
		}
	}
	if len(got) == 0 {
		t.Error("the chair's documents are no longer chased")
	}
	// Everything done: silence.
	st.Checklists[progressKey("co_thi_dua", occ, "phu_tho")] = map[string]bool{"bao_cao_thanh_tich": true, "to_trinh": true, "bien_ban_binh_xet": true}
	if got := flag(plan(st)); len(got) != 0 {
		t.Errorf("after completion: %v", keysOf(got))
	}
	status := DossierStatus(cal, st, &cal.Dossiers[0], occ, &cal.Org.Clusters[0])
	if len(status) != 1 || status[0].Unit != "phu_tho" || !status[0].Complete {
		t.Errorf("status = %+v", status)
	}
}

func keysOf(m map[string]Reminder) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

package reminders

import (
	"strings"
	"testing"
)

func TestUpcoming(t *testing.T) {
	cal := demoCalendar(t)
	st := demoState()
	st.SetConfirmed("bac_ninh", 2026, 11, true)
	st.Checklists[progressKey("tap_the_ldxs", "2026-12-15", "bac_ninh")] = map[string]bool{"to_trinh": true}
	st.MeetingList = []Meeting{
		{ID: "h1", Cluster: "cum5", Title: "Họp giao ban", Start: at(2026, 12, 3, 14, 0), Place: "Phòng 2"},
		{ID: "h2", Cluster: "cum5", Title: "Đã hủy", Start: at(2026, 12, 4, 14, 0), Cancelled: true},
	}
	from, to := at(2026, 11, 27, 0, 0), at(2027, 1, 1, 0, 0)

	focal := Upcoming(cal, st, Viewer{Cluster: "cum5", Unit: "bac_ninh"}, from, to)
	var got []string
	for _, e := range focal {
		got = append(got, string(e.Kind)+":"+e.Item+"@"+e.At.Format("02/01"))
	}
	want := "meeting:meeting/h1@03/12,data:submission@07/12,dossier:dossier/chien_si_thi_dua@15/12,dossier:dossier/tap_the_ldxs@15/12"
	if strings.Join(got, ",") != want {
		t.Errorf("focal sees\n%s\nwant\n%s", strings.Join(got, ","), want)
	}
	if !focal[1].Done {
		t.Error("November data shown as not submitted")
	}
	if len(focal[3].Missing) != 2 {
		t.Errorf("missing = %v", focal[3].Missing)
	}
	text := FormatUpcoming(focal)
	for _, s := range []string{"Lịch sắp tới", "14:00 03/12/2026 – Họp giao ban (Phòng 2)", "17:00 07/12/2026 – hạn nộp số liệu tháng 11/2026 (đơn vị đã nộp)", "còn thiếu 2 tài liệu"} {
		if !strings.Contains(text, s) {
			t.Errorf("text lacks %q:\n%s", s, text)
		}
	}

	// The chair also sees the vote and the flag dossier.
	chair := Upcoming(cal, st, Viewer{Cluster: "cum5", Unit: "quang_ninh", Chair: true}, from, to)
	var items []string
	for _, e := range chair {
		items = append(items, e.Item)
	}
	for _, w := range []string{"event/binh_xet", "dossier/co_thi_dua"} {
		if !strings.Contains(strings.Join(items, ","), w) {
			t.Errorf("chair does not see %s: %v", w, items)
		}
	}
	if got := FormatUpcoming(Upcoming(cal, st, Viewer{Cluster: "other"}, from, to)); got != "Trong thời gian tới anh/chị không có hạn nộp hay cuộc họp nào." {
		t.Errorf("empty = %q", got)
	}

	d, _ := cal.Dossier("tap_the_ldxs")
	cl, _ := cal.Org.Cluster("cum5")
	status := DossierStatus(cal, st, d, "2026-12-15", cl)
	if len(status) != 6 || status[2].Unit != "bac_ninh" || len(status[2].Done) != 1 || status[2].Complete {
		t.Errorf("status = %+v", status)
	}
}

// TestUpcomingDossierOverview: a viewer whose unit does not owe a dossier
// (an admin) is told how many owing units are complete, never "đã đủ tài
// liệu" while units still owe documents; an award's dossier is owed by the
// nominees the vote named, as /hoso says, not by every unit.
func TestUpcomingDossierOverview(t *testing.T) {
	cal := demoCalendar(t)
	st := demoState()
	st.Checklists[progressKey("chien_si_thi_dua", "2026-12-15", "bac_ninh")] = map[string]bool{
		"to_trinh": true, "bao_cao_thanh_tich": true, "bien_ban_binh_xet": true, "chung_nhan_sang_kien": true}
	st.SetNominees("co_thi_dua", "2026-12-10", "cum5", nil)
	st.SetNominees("tap_the_ldxs", "2026-12-15", "cum5", []string{"bac_ninh"})
	from, to := at(2026, 12, 6, 0, 0), at(2026, 12, 31, 0, 0)

	admin := FormatUpcoming(Upcoming(cal, st, Viewer{Admin: true}, from, to))
	for _, want := range []string{
		"hạn Hồ sơ đề nghị tặng Cờ thi đua cho đơn vị dẫn đầu cụm (chưa có đơn vị được đề nghị)",
		"hạn Hồ sơ đề nghị Chiến sĩ thi đua (1/6 đơn vị đã đủ tài liệu, xem /hoso)",
		"hạn Hồ sơ đề nghị Tập thể Lao động xuất sắc (0/1 đơn vị đã đủ tài liệu, xem /hoso)",
	} {
		if !strings.Contains(admin, want) {
			t.Errorf("admin's /lich lacks %q:\n%s", want, admin)
		}
	}
	if strings.Contains(admin, "(đã đủ tài liệu)") {
		t.Errorf("admin told a dossier is complete:\n%s", admin)
	}
	// The nominee owes its part of the award dossier; another unit does not.
	bn := FormatUpcoming(Upcoming(cal, st, Viewer{Cluster: "cum5", Unit: "bac_ninh"}, from, to))
	if want := "hạn Hồ sơ đề nghị Tập thể Lao động xuất sắc (còn thiếu 3 tài liệu)"; !strings.Contains(bn, want) {
		t.Errorf("nominee's /lich lacks %q:\n%s", want, bn)
	}
	hy := FormatUpcoming(Upcoming(cal, st, Viewer{Cluster: "cum5", Unit: "hung_yen"}, from, to))
	if strings.Contains(hy, "Tập thể Lao động xuất sắc") {
		t.Errorf("a unit nobody nominated is told it owes the award dossier:\n%s", hy)
	}
}

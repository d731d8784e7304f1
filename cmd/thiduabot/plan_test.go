package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/submissions"
)

func planDemoCalendar(t *testing.T) *reminders.Calendar {
	t.Helper()
	od, err := os.ReadFile("../../examples/bhxh-demo/org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	o, _, err := org.Parse("org.yaml", od)
	if err != nil {
		t.Fatal(err)
	}
	cd, err := os.ReadFile("../../examples/bhxh-demo/calendar.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cal, err := reminders.ParseCalendar("calendar.yaml", cd, o)
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

func TestWritePlanJSON(t *testing.T) {
	cal := planDemoCalendar(t)
	from, to, err := planWindow("2026-01-01", "2026-12-31", time.Now(), cal.Location)
	if err != nil {
		t.Fatal(err)
	}
	st := &reminders.Snapshot{People: map[string][]reminders.Recipient{"bac_ninh": {{ChatID: 42, Name: "Chị Lan"}}}}
	var a, b bytes.Buffer
	if err := writePlan(&a, cal, st, from, to, true); err != nil {
		t.Fatal(err)
	}
	if err := writePlan(&b, cal, st, from, to, true); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("plan output differs between runs")
	}
	var got []map[string]any
	if err := json.Unmarshal(a.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) < 500 {
		t.Fatalf("only %d reminders in a year", len(got))
	}
	seen := map[string]bool{}
	for _, e := range got {
		key, _ := e["key"].(string)
		if seen[key] {
			t.Errorf("duplicate key %s", key)
		}
		seen[key] = true
		sendAt, _ := e["send_at"].(string)
		ts, err := time.Parse(time.RFC3339, sendAt)
		if err != nil || !strings.HasSuffix(sendAt, "+07:00") {
			t.Errorf("%s: send_at %q", key, sendAt)
		}
		if ts.Before(from) || !ts.Before(to) {
			t.Errorf("%s: %s outside the window", key, sendAt)
		}
		for _, f := range []string{"item", "unit", "recipients"} {
			if _, ok := e[f]; !ok {
				t.Errorf("%s: no %s", key, f)
			}
		}
		recs, ok := e["recipients"].([]any)
		if !ok {
			t.Fatalf("%s: recipients = %#v, want a list", key, e["recipients"])
		}
		if e["unit"] == "bac_ninh" && e["audience"] == "unit" && len(recs) != 1 {
			t.Errorf("%s: recipients = %v", key, recs)
		}
	}
	for _, k := range []string{"submission/2026-06/phu_tho/t-0d", "event/so_ket/2026-07-15/phu_tho/t-7d",
		"event/tong_ket/2026-01-20/ninh_binh/t-2d", "dossier/co_thi_dua/2026-12-10/quang_ninh/t-7d"} {
		if !seen[k] {
			t.Errorf("missing %s", k)
		}
	}
}

func TestWritePlanText(t *testing.T) {
	cal := planDemoCalendar(t)
	from, to, err := planWindow("15/07/2026", "2026-07-15", time.Now(), cal.Location)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := writePlan(&out, cal, &reminders.Snapshot{}, from, to, false); err != nil {
		t.Fatal(err)
	}
	want := "08:00 15/07/2026  event               bac_ninh      event/so_ket/2026-07-15/bac_ninh/t-0d  (chưa có người nhận đăng ký)\n"
	if !strings.HasPrefix(out.String(), want) {
		t.Errorf("got\n%s\nwant first line\n%s", out.String(), want)
	}
	if !strings.HasSuffix(out.String(), "Tổng cộng 6 lượt nhắc từ 15/07/2026 đến 15/07/2026.\n") {
		t.Errorf("summary: %s", out.String())
	}
}

func TestPlanWindow(t *testing.T) {
	loc := time.FixedZone("+07", 7*3600)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, loc)
	for _, tc := range []struct {
		from, to string
		want     string
	}{
		{"", "", "2026-11-27 → 2026-12-27"},
		{"2026-01-01", "2026-12-31", "2026-01-01 → 2027-01-01"},
		{"01/02/2026", "", "2026-02-01 → 2026-03-03"},
		{"2026-03-01", "2026-02-01", "error"},
		{"2026-13-01", "", "error"},
		{"2020-01-01", "2026-01-01", "error"},
	} {
		f, to, err := planWindow(tc.from, tc.to, now, loc)
		got := "error"
		if err == nil {
			got = f.Format("2006-01-02") + " → " + to.Format("2006-01-02")
		}
		if got != tc.want {
			t.Errorf("planWindow(%q, %q) = %s, want %s", tc.from, tc.to, got, tc.want)
		}
	}
}

// TestLoadReminderState reads people and confirmed reports from a real
// store: the focal point of bac_ninh receives its reminders, phu_tho's
// confirmed May report stops its May reminders.
func TestLoadReminderState(t *testing.T) {
	ctx := context.Background()
	cal := planDemoCalendar(t)
	loc := cal.Location
	clk := clock.NewFake(time.Date(2026, 6, 2, 9, 0, 0, 0, loc))
	kv, err := boltstore.Open(t.TempDir(), boltstore.WithPurgeInterval(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { kv.Close() })
	ms := org.NewMembers(kv, clk)
	for _, m := range []org.Member{
		{UserID: 42, Name: "Chị Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "bac_ninh"},
		{UserID: 43, Name: "Anh Nam", Role: org.RoleMember, Cluster: "cum5", Unit: "bac_ninh"},
		{UserID: 7, Name: "Anh Hùng", Role: org.RoleChair, Cluster: "cum5", Unit: "quang_ninh"},
	} {
		if _, err := ms.Bind(ctx, m, 0); err != nil {
			t.Fatal(err)
		}
	}
	reps := submissions.NewReports(kv, clk, cal, loc)
	if _, err := reps.Confirm(ctx, submissions.Confirmation{Cluster: "cum5", Unit: "phu_tho",
		Period: submissions.Period{Year: 2026, Month: time.May},
		By:     submissions.Actor{UserID: 1, Name: "Đầu mối", Role: submissions.RoleFocal}}); err != nil {
		t.Fatal(err)
	}
	from, to := time.Date(2026, 6, 1, 0, 0, 0, 0, loc), time.Date(2026, 6, 30, 0, 0, 0, 0, loc)
	st, err := loadReminderState(ctx, kv, cal.Org, cal, clk, from, to, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := writePlan(&out, cal, st, from, to, true); err != nil {
		t.Fatal(err)
	}
	var plan []struct {
		Key        string
		Unit       string
		Recipients []reminders.Recipient
	}
	if err := json.Unmarshal(out.Bytes(), &plan); err != nil {
		t.Fatal(err)
	}
	got := map[string][]reminders.Recipient{}
	for _, r := range plan {
		got[r.Key] = r.Recipients
	}
	if r := got["submission/2026-05/bac_ninh/t-0d"]; len(r) != 1 || r[0].ChatID != 42 || r[0].Name != "Chị Lan" {
		t.Errorf("bac_ninh recipients = %v", r)
	}
	if _, ok := got["submission/2026-05/phu_tho/t-0d"]; ok {
		t.Error("phu_tho reminded despite its confirmed report")
	}
	if r := got["submission/2026-05/chairs:cum5/escalate"]; len(r) != 1 || r[0].ChatID != 7 {
		t.Errorf("chair recipients = %v", r)
	}
}

// TestPlanCLIYear runs `thiduabot plan --from 2026-01-01 --to 2026-12-31
// --json` on the demo config over a store with registered people and a
// confirmed report: every month's data deadline of every unit is listed
// (with the unit's registered focal point, or nobody), the confirmed unit is
// left out, and two runs print the same bytes.
func TestPlanCLIYear(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	cal := planDemoCalendar(t)
	clk := clock.NewFake(time.Date(2026, 4, 2, 9, 0, 0, 0, cal.Location))
	kv, err := boltstore.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	ms := org.NewMembers(kv, clk)
	for _, m := range []org.Member{
		{UserID: 42, Name: "Chị Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "bac_ninh"},
		{UserID: 7, Name: "Anh Hùng", Role: org.RoleChair, Cluster: "cum5", Unit: "quang_ninh"},
	} {
		if _, err := ms.Bind(ctx, m, 0); err != nil {
			t.Fatal(err)
		}
	}
	reps := submissions.NewReports(kv, clk, cal, cal.Location)
	if _, err := reps.Confirm(ctx, submissions.Confirmation{Cluster: "cum5", Unit: "phu_tho",
		Period: submissions.Period{Year: 2026, Month: time.March},
		By:     submissions.Actor{UserID: 1, Name: "Đầu mối", Role: submissions.RoleFocal}}); err != nil {
		t.Fatal(err)
	}
	if err := kv.Close(); err != nil {
		t.Fatal(err)
	}

	vars := map[string]string{"THIDUA_DATA": data, "THIDUA_CONFIG": filepath.Join(repoRoot(t), "examples", "bhxh-demo")}
	args := []string{"plan", "--from", "2026-01-01", "--to", "2026-12-31", "--json"}
	first := runMain(t, vars, "", args...)
	if first.code != 0 {
		t.Fatalf("plan: %+v", first)
	}
	second := runMain(t, vars, "", args...)
	if second.stdout != first.stdout {
		t.Fatal("plan output differs between runs")
	}
	var plan []struct {
		Key        string                `json:"key"`
		SendAt     string                `json:"send_at"`
		Item       string                `json:"item"`
		Occurrence string                `json:"occurrence"`
		Unit       string                `json:"unit"`
		Recipients []reminders.Recipient `json:"recipients"`
	}
	if err := json.Unmarshal([]byte(first.stdout), &plan); err != nil {
		t.Fatal(err)
	}
	months := map[string]map[string]bool{} // unit → data periods with a reminder on the deadline day
	for _, p := range plan {
		if p.Recipients == nil {
			t.Errorf("%s: recipients is null, want a list", p.Key)
		}
		if p.Unit == "bac_ninh" && (len(p.Recipients) != 1 || p.Recipients[0].ChatID != 42) {
			t.Errorf("%s: recipients %v, want Chị Lan", p.Key, p.Recipients)
		}
		if p.Unit == "thai_nguyen" && len(p.Recipients) != 0 {
			t.Errorf("%s: recipients %v, nobody is registered", p.Key, p.Recipients)
		}
		if p.Item == "submission" && strings.HasSuffix(p.Key, "/t-0d") {
			if months[p.Unit] == nil {
				months[p.Unit] = map[string]bool{}
			}
			months[p.Unit][p.Occurrence] = true
		}
	}
	cl, _ := cal.Org.Cluster("cum5")
	for _, u := range cl.Units {
		want := 12 // the deadlines in 2026: December 2025's data to November 2026's
		if u.ID == "phu_tho" {
			want = 11 // March confirmed
			if months[u.ID]["2026-03"] {
				t.Error("phu_tho reminded of its confirmed March report")
			}
		}
		if got := len(months[u.ID]); got != want {
			t.Errorf("%s: deadline-day reminders for %d periods, want %d: %v", u.ID, got, want, months[u.ID])
		}
	}
	t.Logf("plan 2026: %d reminders, %d bytes", len(plan), len(first.stdout))
}

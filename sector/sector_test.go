package sector_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/sector"
	"github.com/thiduabot/thiduabot/submissions"
)

const orgYAML = `
clusters:
  - id: a
    name: Cụm A
    scoring: t
    chair: a1
    units:
      - {id: a1, name: Đơn vị A1}
      - {id: a2, name: Đơn vị A2}
  - id: b
    name: Cụm B
    scoring: t
    chair: b1
    units:
      - {id: b1, name: Đơn vị B1}
`

const calendarYAML = `
timezone: UTC
submission:
  day: 5
  time: "17:00"
  grace_days: 3
events:
  - id: so_ket
    kind: review
    title: Hội nghị sơ kết
    cron: "30 8 15 7 *"
    audience: cluster
  - id: giao_uoc
    kind: covenant
    title: Ký giao ước
    cron: "30 8 10 3 *"
    audience: cluster
    clusters: [a]
dossiers:
  - id: ldxs
    award: Tập thể Lao động xuất sắc
    title: Hồ sơ Tập thể Lao động xuất sắc
    cron: "0 17 15 9 *"
    audience: units
    checklist:
      - {id: to_trinh, name: Tờ trình}
      - {id: bao_cao, name: Báo cáo thành tích}
`

func fixture(t *testing.T) (*org.Config, *reminders.Calendar) {
	t.Helper()
	o, _, err := org.Parse("org.yaml", []byte(orgYAML))
	if err != nil {
		t.Fatal(err)
	}
	cal, err := reminders.ParseCalendar("calendar.yaml", []byte(calendarYAML), o)
	if err != nil {
		t.Fatal(err)
	}
	return o, cal
}

// report is a unit-month confirmed on time or late.
func report(cluster, unit string, m time.Month, late bool) submissions.Report {
	return submissions.Report{Cluster: cluster, Unit: unit, Period: submissions.Period{Year: 2026, Month: m}, Version: 1,
		FirstConfirmedAt: time.Date(2026, m+1, 3, 9, 0, 0, 0, time.UTC), Late: late}
}

func TestCompute(t *testing.T) {
	o, cal := fixture(t)
	// 1/10/2026: the deadlines of January to August have passed (September's
	// is 05/10); the review of 15/07 and the dossier of 15/09 are past.
	now := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	var ra []submissions.Report
	for m := time.January; m <= time.August; m++ {
		ra = append(ra, report("a", "a1", m, false))
		if m <= time.June {
			ra = append(ra, report("a", "a2", m, m == time.March))
		}
	}
	var rb []submissions.Report
	for m := time.January; m <= time.August; m++ {
		rb = append(rb, report("b", "b1", m, m >= time.July))
	}
	done := map[string]map[string]bool{
		"a/a1": {"to_trinh": true, "bao_cao": true},
		"a/a2": {"to_trinh": true},
		"b/b1": {"to_trinh": true, "bao_cao": true},
	}
	in := sector.Input{Org: o, Period: scoring.Period{Year: 2026, Month: time.September}, Now: now, Location: time.UTC,
		Windows: cal, Calendar: cal,
		Reports:   map[string][]submissions.Report{"a": ra, "b": rb},
		Covenants: map[string][]string{"a": {"a2", "b1"}}, // b1 is not a unit of a
		Meetings: []reminders.Meeting{
			{ID: "m1", Cluster: "a", Start: time.Date(2026, 7, 20, 8, 0, 0, 0, time.UTC)},                  // the review, 5 days late
			{ID: "m2", Cluster: "b", Start: time.Date(2026, 7, 15, 8, 0, 0, 0, time.UTC), Cancelled: true}, // cancelled: not held
			{ID: "m3", Cluster: "b", Start: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)},
			{ID: "m4", Cluster: "a", Start: time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC)}, // not yet
		},
		Checklist: func(dossier, occurrence, unit string) map[string]bool {
			if dossier != "ldxs" || occurrence != "2026-09-15" {
				return nil
			}
			for k, v := range done {
				if strings.HasSuffix(k, "/"+unit) {
					return v
				}
			}
			return nil
		},
	}
	ov := sector.Compute(in)
	if ov.Period != "2026-09" || len(ov.Clusters) != 2 {
		t.Fatalf("got period %q, %d clusters", ov.Period, len(ov.Clusters))
	}
	a, b := ov.Clusters[0], ov.Clusters[1]

	// Cluster a: 16 unit-months due; a2 missing Jul, Aug; late Mar.
	if a.Due != 16 || a.OnTime != 13 || a.Late != 1 || a.Missing != 2 || *a.OnTimeRate != 0.8125 {
		t.Errorf("a reports: due %d on time %d late %d missing %d rate %v; want 16 13 1 2 0.8125", a.Due, a.OnTime, a.Late, a.Missing, *a.OnTimeRate)
	}
	if a.MeetingsHeld != 1 || a.MeetingsPlanned != 2 {
		t.Errorf("a meetings: held %d planned %d; want 1 of 2", a.MeetingsHeld, a.MeetingsPlanned)
	}
	if a.DossiersComplete != 1 || a.DossiersDue != 2 || a.CovenantUnits != 2 || a.CovenantSigned != 1 {
		t.Errorf("a dossiers %d/%d covenant %d/%d; want 1/2, 1/2", a.DossiersComplete, a.DossiersDue, a.CovenantSigned, a.CovenantUnits)
	}
	if len(a.Flags) != 1 || a.Flags[0].Kind != sector.FlagDossier || !strings.Contains(a.Flags[0].Reason, "Đơn vị A2") || !strings.Contains(a.Flags[0].Reason, "15/09/2026") {
		t.Errorf("a flags = %+v; want one overdue dossier naming Đơn vị A2", a.Flags)
	}

	// Cluster b: 8 due, Jul and Aug late: 75% < 80%; the review's only
	// meeting was cancelled; its one dossier is complete.
	if b.Due != 8 || b.OnTime != 6 || b.Late != 2 || b.Missing != 0 || *b.OnTimeRate != 0.75 {
		t.Errorf("b reports: due %d on time %d late %d missing %d; want 8 6 2 0", b.Due, b.OnTime, b.Late, b.Missing)
	}
	if b.MeetingsHeld != 1 || b.MeetingsPlanned != 1 {
		t.Errorf("b meetings: held %d planned %d; want 1 of 1", b.MeetingsHeld, b.MeetingsPlanned)
	}
	kinds := map[string]string{}
	for _, f := range b.Flags {
		kinds[f.Kind] = f.Reason
	}
	if len(b.Flags) != 2 || !strings.Contains(kinds[sector.FlagOnTime], "75%") || !strings.Contains(kinds[sector.FlagReview], "15/07/2026") {
		t.Errorf("b flags = %+v; want on-time 75%% and the review of 15/07/2026", b.Flags)
	}

	// The JSON shape is the product contract.
	data, err := json.Marshal(ov)
	if err != nil {
		t.Fatal(err)
	}
	var shape struct {
		Period   string           `json:"period"`
		Clusters []map[string]any `json:"clusters"`
	}
	if err := json.Unmarshal(data, &shape); err != nil {
		t.Fatal(err)
	}
	want := []string{"id", "name", "units", "on_time_rate", "late", "missing", "meetings_held", "meetings_planned",
		"covenant_signed", "covenant_units", "dossiers_complete", "dossiers_due", "flags"}
	for _, c := range shape.Clusters {
		if len(c) != len(want) {
			t.Errorf("cluster JSON has %d keys, want %d: %v", len(c), len(want), c)
		}
		for _, k := range want {
			if _, ok := c[k]; !ok {
				t.Errorf("cluster JSON lacks %q: %s", k, data)
			}
		}
	}
}

// Missed reviews are listed in date order, whatever the calendar's order.
func TestMissedReviewsInDateOrder(t *testing.T) {
	o, _ := fixture(t)
	cal, err := reminders.ParseCalendar("calendar.yaml", []byte(`
timezone: UTC
events:
  - {id: so_ket, kind: review, title: Sơ kết, cron: "30 8 15 7 *", audience: cluster}
  - {id: tong_ket, kind: review, title: Tổng kết, cron: "30 8 20 1 *", audience: cluster}
`), o)
	if err != nil {
		t.Fatal(err)
	}
	ov := sector.Compute(sector.Input{Org: o, Period: scoring.Period{Year: 2026, Month: time.August}, Now: time.Date(2026, 8, 20, 0, 0, 0, 0, time.UTC),
		Location: time.UTC, Windows: cal, Calendar: cal})
	var got []string
	for _, f := range ov.Clusters[0].Flags {
		if f.Kind == sector.FlagReview {
			got = append(got, f.Reason)
		}
	}
	if len(got) != 2 || !strings.Contains(got[0], "20/01/2026") || !strings.Contains(got[1], "15/07/2026") {
		t.Errorf("review flags = %q; want January's, then July's", got)
	}
}

// With award season, an award's dossier is owed by the nominees only.
func TestDossiersOwedByNominees(t *testing.T) {
	o, cal := fixture(t)
	in := sector.Input{Org: o, Period: scoring.Period{Year: 2026, Month: time.September}, Now: time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC),
		Location: time.UTC, Windows: cal, Calendar: cal,
		Nominees: map[string][]string{sector.NomineesKey("ldxs", "2026-09-15", "a"): {"a1"}, sector.NomineesKey("ldxs", "2026-09-15", "b"): {}},
		Checklist: func(dossier, occurrence, unit string) map[string]bool {
			if unit == "a1" {
				return map[string]bool{"to_trinh": true, "bao_cao": true}
			}
			return nil
		}}
	ov := sector.Compute(in)
	a, b := ov.Clusters[0], ov.Clusters[1]
	if a.DossiersDue != 1 || a.DossiersComplete != 1 || b.DossiersDue != 0 {
		t.Errorf("a %d/%d, b due %d; want a 1/1 (its nominee), b 0 (nobody nominated)", a.DossiersComplete, a.DossiersDue, b.DossiersDue)
	}
	for _, c := range ov.Clusters {
		for _, f := range c.Flags {
			if f.Kind == sector.FlagDossier {
				t.Errorf("%s: dossier flag %q though no nominee is short", c.ID, f.Reason)
			}
		}
	}
}

func TestNothingDueYet(t *testing.T) {
	o, cal := fixture(t)
	now := time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC)
	ov := sector.Compute(sector.Input{Org: o, Period: scoring.Period{Year: 2026, Month: time.January}, Now: now,
		Location: time.UTC, Windows: cal, Calendar: cal})
	for _, c := range ov.Clusters {
		if c.OnTimeRate != nil || c.Due != 0 || len(c.Flags) != 0 || c.Flags == nil {
			t.Errorf("%s: rate %v due %d flags %#v; want null, 0, []", c.ID, c.OnTimeRate, c.Due, c.Flags)
		}
	}
	text := sector.Text(ov, scoring.Period{Year: 2026, Month: time.January})
	for _, want := range []string{"Tổng quan các cụm thi đua", "Cụm A (2 đơn vị)", "chưa có kỳ báo cáo nào đến hạn", "0/2 cụm cần lưu ý"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

func TestHTMLEscapes(t *testing.T) {
	o, cal := fixture(t)
	o.Clusters[0].Name = "Cụm <A> & co"
	ov := sector.Compute(sector.Input{Org: o, Period: scoring.Period{Year: 2026, Month: time.March}, Now: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
		Location: time.UTC, Windows: cal, Calendar: cal})
	h := sector.HTML(ov, scoring.Period{Year: 2026, Month: time.March})
	if !strings.Contains(h, "<b>Cụm &lt;A&gt; &amp; co</b>") {
		t.Errorf("name not escaped:\n%s", h)
	}
}

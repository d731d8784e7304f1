package reports

import (
	"context"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/submissions"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// People of the demo cluster cum5 (chair Quảng Ninh, deputy Phú Thọ).
var (
	uAdmin   = telegramtest.User{ID: 1, FirstName: "Quản trị"}
	uChair   = telegramtest.User{ID: 10, FirstName: "Cụm trưởng"}
	uDeputy  = telegramtest.User{ID: 11, FirstName: "Cụm phó"}
	uFocalBN = telegramtest.User{ID: 20, FirstName: "Lan"}
	uFocalNB = telegramtest.User{ID: 21, FirstName: "Minh"}
	uOtherBN = telegramtest.User{ID: 23, FirstName: "Hùng"}
)

// xlsxType is the MIME type of an uploaded Excel file.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// harness is a bot with the feature (and its loop) on the demo configuration.
type harness struct {
	*bottest.H
	cfg *configdir.Config
	loc *time.Location
	f   *Feature // of the running instance
}

// start is 09:00 03/11/2026 in Hanoi: October's report is due 05/11 17:00
// and locks 08/11 17:00.
var start = time.Date(2026, 11, 3, 2, 0, 0, 0, time.UTC)

// newHarness runs a bot with the feature on the demo configuration, with
// the people above and a September report of Bắc Ninh confirmed on time;
// kv nil means a fresh embedded store.
func newHarness(t *testing.T, kv store.KV, opts ...func(*Deps)) *harness {
	t.Helper()
	cfg, err := configdir.Demo()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Calendar == nil {
		t.Fatal("the demo has a calendar")
	}
	h := &harness{cfg: cfg, loc: cfg.Calendar.Location}
	h.H = bottest.New(t, bottest.Options{
		Org: cfg.Org, Store: kv, Start: start, Admins: []int64{uAdmin.ID},
		Members: []org.Member{
			{UserID: uChair.ID, Name: "Cụm trưởng", Role: org.RoleChair, Cluster: "cum5", Unit: "quang_ninh"},
			{UserID: uDeputy.ID, Name: "Cụm phó", Role: org.RoleDeputy, Cluster: "cum5", Unit: "phu_tho"},
			{UserID: uFocalBN.ID, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "bac_ninh"},
			{UserID: uFocalNB.ID, Name: "Minh", Role: org.RoleFocal, Cluster: "cum5", Unit: "ninh_binh"},
			{UserID: uOtherBN.ID, Name: "Hùng", Role: org.RoleMember, Cluster: "cum5", Unit: "bac_ninh"},
		},
		Seed: func(bh *bottest.H) { seedSeptember(t, bh.KV, cfg) },
		Setup: func(bh *bottest.H, b *bot.Bot) {
			d := Deps{Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets, Store: bh.KV,
				Calendar: cfg.Calendar, Clock: bh.Clock, Location: h.loc, Log: bh.Log, Tick: 5 * time.Minute}
			for _, o := range opts {
				o(&d)
			}
			f := Register(b, d)
			bh.Background(f.Run,
				func(ctx context.Context) error { return f.loop.wait(ctx, bh.Clock) },
				func() bool { return f.loop.settled(bh.Clock.Now()) })
			h.f = f
		},
	})
	return h
}

// seedSeptember confirms Bắc Ninh's September figures, on time.
func seedSeptember(t testing.TB, kv store.KV, cfg *configdir.Config) {
	t.Helper()
	at := clock.NewFake(time.Date(2026, 10, 2, 3, 0, 0, 0, time.UTC))
	rs := submissions.NewReports(kv, at, cfg.Calendar, cfg.Calendar.Location)
	vals := map[string]submissions.Entry{
		"thu_bhxh":      {State: submissions.StateValue, Value: 9000},
		"phat_trien_tn": {State: submissions.StateValue, Value: 18000},
		"bao_phu_bhyt":  {State: submissions.StateValue, Value: 3400000},
		"no_dong":       {State: submissions.StateValue, Value: 1.4},
	}
	_, err := rs.Confirm(context.Background(), submissions.Confirmation{Cluster: "cum5", Unit: "bac_ninh",
		Period: submissions.Period{Year: 2026, Month: time.September}, Values: vals,
		By: submissions.Actor{UserID: uFocalBN.ID, Name: "Lan", Role: submissions.RoleFocal}})
	if err != nil {
		t.Fatal(err)
	}
}

// report reads a stored report.
func (h *harness) report(unit string, month time.Month) *submissions.Report {
	h.T.Helper()
	r, err := h.f.Reports().Get(context.Background(), "cum5", unit, submissions.Period{Year: 2026, Month: month})
	if err != nil {
		h.T.Fatalf("report %s %d: %v", unit, month, err)
	}
	return r
}

package sector_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	botsector "github.com/thiduabot/thiduabot/bot/sector"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/examples"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/rankhistory/reportseed"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/scoring/valuesfile"
	"github.com/thiduabot/thiduabot/sector"
	"github.com/thiduabot/thiduabot/submissions"
	"github.com/thiduabot/thiduabot/telegramtest"
)

var (
	uAdmin  = telegramtest.User{ID: 1, FirstName: "Quản trị"}
	uAdmin2 = telegramtest.User{ID: 2, FirstName: "Thường trực"}
	uChair  = telegramtest.User{ID: 10, FirstName: "Cụm trưởng"}
	uFocal  = telegramtest.User{ID: 20, FirstName: "Lan"}
)

const appURL = "https://thidua.example.vn/app/"

type harness struct {
	*bottest.H
	f *botsector.Feature
}

// newHarness runs the feature on the demo config plus a second cluster,
// cum6, without reports; cum5 has the sample figures (January to June) and a
// /hop meeting on 16/07/2026, the week of the mid-year review.
func newHarness(t *testing.T, now time.Time) *harness {
	t.Helper()
	cfg, err := configdir.Demo()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Org.Clusters = append(cfg.Org.Clusters, org.Cluster{ID: "cum6", Name: "Cụm thi đua số 6", Scoring: cfg.Org.Clusters[0].Scoring,
		Chair: "hue", Units: []org.Unit{{ID: "hue", Name: "BHXH thành phố Huế"}, {ID: "da_nang", Name: "BHXH thành phố Đà Nẵng"}}})
	data, err := fs.ReadFile(examples.Demo(), "values-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	vs, ps := valuesfile.Read(data, valuesfile.OrgLookup(cfg.Org, cfg.Tables))
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	h := &harness{}
	h.H = bottest.New(t, bottest.Options{
		Org: cfg.Org, Start: now, Admins: []int64{uAdmin.ID},
		Members: []org.Member{
			{UserID: uAdmin2.ID, Name: "Thường trực", Role: org.RoleAdmin},
			{UserID: uChair.ID, Name: "Cụm trưởng", Role: org.RoleChair, Cluster: "cum5", Unit: "quang_ninh"},
			{UserID: uFocal.ID, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "bac_ninh"},
		},
		Config: func(c *bot.Config) { c.AppURL = appURL },
		Seed: func(bh *bottest.H) {
			ctx := context.Background()
			if _, err := reportseed.Seed(ctx, bh.KV, cfg.Org, cfg.Tables, vs[2026], 2026); err != nil {
				t.Fatal(err)
			}
			m := reminders.Meeting{ID: "m1", Cluster: "cum5", Title: "Hội nghị sơ kết", Start: time.Date(2026, 7, 16, 8, 30, 0, 0, cfg.Calendar.Location)}
			if _, err := reminders.NewKVStore(bh.KV).CreateMeeting(ctx, m, time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
		},
		Setup: func(bh *bottest.H, b *bot.Bot) {
			loc := cfg.Calendar.Location
			h.f = botsector.Register(b, botsector.Deps{
				Source: &sector.Source{Org: cfg.Org, Windows: cfg.Calendar, Calendar: cfg.Calendar,
					Reports: submissions.NewReports(bh.KV, bh.Clock, nil, loc), Reminders: reminders.NewKVStore(bh.KV), Location: loc},
				Org: cfg.Org, Store: bh.KV, Clock: bh.Clock, Location: loc, Log: bh.Log,
				Admins: func(ctx context.Context) ([]int64, error) { return []int64{uAdmin.ID, uAdmin2.ID}, nil },
			})
		},
	})
	return h
}

// TestOverviewDefaultPeriod: without a period /tongquan speaks of the month
// whose reports are being collected, as /tiendo and /xephang do: November
// until November's reports lock (17:00 10/12/2026, the deadline having moved
// from Saturday 05/12 to Monday 07/12), December after.
func TestOverviewDefaultPeriod(t *testing.T) {
	tests := []struct {
		name string
		now  time.Time
		want string
	}{
		{"during November", time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC), "đến tháng 11/2026\n"},
		{"collecting November", time.Date(2026, 12, 6, 5, 0, 0, 0, time.UTC), "đến tháng 11/2026\n"},
		{"just before November locks", time.Date(2026, 12, 10, 9, 59, 0, 0, time.UTC), "đến tháng 11/2026\n"},
		{"November locked", time.Date(2026, 12, 10, 10, 0, 0, 0, time.UTC), "đến tháng 12/2026\n"},
		{"collecting December", time.Date(2027, 1, 4, 2, 0, 0, 0, time.UTC), "đến tháng 12/2026\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.now)
			bottest.MustContain(t, h.Say(uAdmin, "/tongquan"), "Kỳ lũy kế từ đầu năm "+tt.want)
		})
	}
}

func TestOverviewForAdmins(t *testing.T) {
	h := newHarness(t, time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	got := h.Say(uAdmin, "/tongquan")
	bottest.MustContain(t, got,
		"Tổng quan các cụm thi đua", "lũy kế từ đầu năm đến tháng 11/2026",
		"Cụm thi đua số 5 (ví dụ) (6 đơn vị)", "Cụm thi đua số 6 (2 đơn vị)",
		// cum5: 60 unit-months due (January to October), July to October missing.
		"chưa nộp 24", "đã họp 1, theo lịch 3",
		// The review of 15/07 took place (16/07); the year-end one of 20/01 did not.
		"Hội nghị tổng kết công tác thi đua, khen thưởng năm» dự kiến ngày 20/01/2026",
		"Giao ước thi đua: 0/6 đơn vị đã xác nhận", "2/2 cụm cần lưu ý")
	cum5, _, _ := strings.Cut(bottest.Plain(got), "Cụm thi đua số 6")
	bottest.MustNotContain(t, cum5, "«Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm» dự kiến")
	last := got[len(got)-1]
	if len(last.Keyboard) != 1 || last.Keyboard[0][0].WebApp != appURL+"?view=tongquan" {
		t.Errorf("keyboard = %+v; want one web_app button to %s?view=tongquan", last.Keyboard, appURL)
	}

	// An earlier period: June, when every report of cum5 was in.
	got = h.Say(uAdmin, "/tongquan 6/2026")
	bottest.MustContain(t, got, "đến tháng 6/2026", "chưa nộp 0", "đã họp 0, theo lịch 2")
	bottest.MustContain(t, h.Say(uAdmin, "/tongquan tháng mười ba"), "Bot chưa hiểu kỳ «tháng mười ba»")
	bottest.MustContain(t, h.Say(uAdmin, "/tongquan 12/2026"), "Tháng 12/2026 chưa bắt đầu")
}

func TestOverviewRefusedToOthers(t *testing.T) {
	h := newHarness(t, time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	for _, u := range []telegramtest.User{uChair, uFocal} {
		got := h.Say(u, "/tongquan")
		bottest.MustContain(t, got, "vai trò của anh/chị không được dùng chức năng này")
		bottest.MustNotContain(t, got, "Tổng quan")
	}
	// In a group the bot points to the private chat (web_app buttons work
	// only there) and shows nothing of the overview.
	group := models.Chat{ID: -100777, Type: models.ChatTypeSupergroup, Title: "Thường trực"}
	n := len(h.Srv.SentTo(group.ID))
	h.Srv.GroupText(uAdmin, group, "/tongquan")
	got := h.Await(group.ID, n, "/tongquan in a group")
	bottest.MustContain(t, got, "tin nhắn riêng với bot")
	bottest.MustNotContain(t, got, "Tổng quan")
	for _, s := range got {
		if len(s.Keyboard) > 0 {
			t.Errorf("a group got buttons: %+v", s.Keyboard)
		}
	}
}

func TestMonthlyDigest(t *testing.T) {
	// November's deadline is moved from Saturday 05/12 to Monday 07/12
	// 17:00; the period locks on 10/12 17:00: the digest goes out on 11/12
	// from 08:00 (Hanoi time), once.
	h := newHarness(t, time.Date(2026, 12, 11, 0, 30, 0, 0, time.UTC)) // 07:30 in Hanoi
	ctx := context.Background()
	if n, err := h.f.Digest(ctx); err != nil || n != 0 {
		t.Fatalf("at 07:30: digest to %d admins (%v); want none yet", n, err)
	}
	h.Clock.Set(time.Date(2026, 12, 11, 1, 0, 0, 0, time.UTC))
	if n, err := h.f.Digest(ctx); err != nil || n != 2 {
		t.Fatalf("at 08:00: digest to %d admins (%v); want 2", n, err)
	}
	h.Settle()
	for _, u := range []telegramtest.User{uAdmin, uAdmin2} {
		bottest.MustContain(t, h.Last(u).Text, "Báo cáo tổng quan hằng tháng", "lũy kế từ đầu năm đến tháng 11/2026", "chưa nộp 30")
	}
	if len(h.Srv.SentTo(uChair.ID))+len(h.Srv.SentTo(uFocal.ID)) != 0 {
		t.Error("the digest reached someone who is not an admin")
	}
	// Later the same day, and after a restart: nothing more.
	h.Restart()
	h.Clock.Set(time.Date(2026, 12, 11, 7, 0, 0, 0, time.UTC))
	if n, err := h.f.Digest(ctx); err != nil || n != 0 {
		t.Fatalf("second digest in December to %d admins (%v); want none", n, err)
	}
	before := len(h.Srv.SentTo(uAdmin.ID))
	h.Settle()
	if got := len(h.Srv.SentTo(uAdmin.ID)); got != before {
		t.Errorf("admin got %d more messages", got-before)
	}
	// A bot first started late in the month sends no stale digest.
	if _, due := h.f.DigestDue(time.Date(2026, 12, 14, 2, 0, 0, 0, time.UTC)); due {
		t.Error("the November digest is still due on 14/12")
	}
	if p, due := h.f.DigestDue(time.Date(2027, 1, 12, 2, 0, 0, 0, time.UTC)); !due || p.Key() != "2026-12" {
		t.Errorf("on 12/01/2027: digest of %s due %v; want 2026-12", p, due)
	}
}

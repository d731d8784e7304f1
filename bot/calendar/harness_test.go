package calendar

import (
	"context"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/reminders"
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

// groupChat is the cluster's group chat in the tests.
const groupChat int64 = -100555

// harness is a bot with the feature on the demo configuration.
type harness struct {
	*bottest.H
	submit bot.HandlerFunc // Deps.Submit of the next boot
	cfg    *configdir.Config
	loc    *time.Location
	f      *Feature // of the running instance
	n      int      // instances booted, for runner ids
	// sendTimeout bounds one Bot API request of the next boot (0: default).
	sendTimeout time.Duration
	// nominees is Deps.Nominees of the next boot.
	nominees NomineesFunc
}

// hanoi returns the instant of a wall-clock time in Asia/Ho_Chi_Minh.
func hanoi(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, time.FixedZone("ICT", 7*3600))
}

// newHarness runs a bot with the feature on the demo configuration (with a
// group chat for cum5), the people above, starting at start. kv nil means
// a fresh embedded store.
func newHarness(t *testing.T, kv store.KV, start time.Time) *harness {
	t.Helper()
	cfg, err := configdir.Demo()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Calendar == nil {
		t.Fatal("the demo has a calendar")
	}
	cfg.Org.Clusters[0].GroupChatID = groupChat
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
		Config: func(c *bot.Config) { c.SendTimeout = h.sendTimeout },
		Setup:  func(bh *bottest.H, b *bot.Bot) { h.f = h.register(bh, b) },
	})
	return h
}

// register adds the feature to a new bot instance; its runner is ticked by
// the test (tickAt), not by Run.
func (h *harness) register(bh *bottest.H, b *bot.Bot) *Feature {
	h.n++
	return Register(b, Deps{Calendar: h.cfg.Calendar, Org: h.cfg.Org, Store: bh.KV, Clock: bh.Clock, Log: bh.Log,
		RunnerID: "test-" + string(rune('a'+h.n)), Submit: h.submit, Nominees: h.nominees})
}

// say, press and pressIn are bottest's, answering with what u sees.
func (h *harness) say(u telegramtest.User, text string) string {
	h.T.Helper()
	return bottest.Transcript(h.Say(u, text))
}

func (h *harness) press(u telegramtest.User, label string) string {
	h.T.Helper()
	return bottest.Transcript(h.Press(u, label))
}

func (h *harness) pressIn(u telegramtest.User, in, label string) string {
	h.T.Helper()
	return bottest.Transcript(h.PressIn(u, in, label))
}

// tickAt moves the clock to at and runs one tick of the current runner; it
// returns what the tick sent, by chat.
func (h *harness) tickAt(at time.Time) map[int64][]string {
	h.T.Helper()
	h.Settle()
	if at.After(h.Clock.Now()) {
		h.Clock.Set(at)
	}
	before := len(h.Srv.Sent())
	if _, err := h.f.Runner().Tick(context.Background()); err != nil {
		h.T.Fatalf("tick at %s: %v", at, err)
	}
	h.Settle()
	out := map[int64][]string{}
	for _, s := range h.Srv.Sent()[before:] {
		if s.Method == "sendMessage" {
			out[s.ChatID] = append(out[s.ChatID], bot.PlainText(s.Text))
		}
	}
	return out
}

// confirm stores a confirmed report of unit for the month.
func (h *harness) confirm(unit string, year int, month time.Month) {
	h.T.Helper()
	rs := submissions.NewReports(h.KV, h.Clock, h.cfg.Calendar, h.loc)
	_, err := rs.Confirm(context.Background(), submissions.Confirmation{Cluster: "cum5", Unit: unit,
		Period: submissions.Period{Year: year, Month: month},
		By:     submissions.Actor{UserID: 1, Name: "Đầu mối", Role: submissions.RoleFocal}})
	if err != nil {
		h.T.Fatal(err)
	}
}

// claims counts the stored delivery claims by phase.
func (h *harness) claims() map[string]int {
	h.T.Helper()
	cs, err := reminders.NewKVStore(h.KV).Claims(context.Background(), "")
	if err != nil {
		h.T.Fatal(err)
	}
	out := map[string]int{}
	for _, c := range cs {
		out[c.Phase]++
	}
	return out
}

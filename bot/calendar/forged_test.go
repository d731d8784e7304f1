package calendar

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// TestForgedReminderButtons: a snooze or "Đã xong" whose data names another
// unit's reminder (the ref is a hash of a guessable target) is refused on
// the button before anything is written, so nobody silences another unit's
// reminders; the owner's own buttons still work.
func TestForgedReminderButtons(t *testing.T) {
	h := newHarness(t, nil, t2October.Add(-10*time.Minute))
	h.tickAt(t2October.Add(-10 * time.Minute))
	got := h.tickAt(t2October.Add(30 * time.Second))
	if len(got[uFocalBN.ID]) != 1 || len(got[uFocalNB.ID]) != 1 {
		t.Fatalf("08:00 tick sent %v, want a reminder to each focal point", got)
	}
	own := h.Srv.SentTo(uFocalBN.ID)
	live := own[len(own)-1]
	nbTarget := "submission/2026-10/ninh_binh"

	press := func(u telegramtest.User, data string) (string, string) {
		t.Helper()
		before := len(h.Srv.Sent())
		n := len(h.Srv.SentTo(u.ID))
		h.Srv.Press(u, live.MessageID, data)
		chat := bottest.Transcript(h.Await(u.ID, n, "a forged button"))
		answer := ""
		for _, s := range h.Srv.Sent()[before:] {
			switch s.Method {
			case "answerCallbackQuery":
				answer = s.Callback
			case "editMessageText", "editMessageReplyMarkup":
				t.Errorf("pressing %q edited message %d", data, s.MessageID)
			}
		}
		return chat, answer
	}
	for _, c := range []struct {
		who  telegramtest.User
		data string
		want string
	}{
		// Bắc Ninh's focal point on Ninh Bình's reminder.
		{uFocalBN, bot.Data(cbReminder, reminders.ActionSnooze, reminders.Ref(nbTarget)), msg.ReminderNotYours},
		{uFocalBN, bot.Data(cbReminder, reminders.ActionDone, reminders.Ref(nbTarget)), msg.ReminderNotYours},
		// The chair is not Ninh Bình either.
		{uChair, bot.Data(cbReminder, reminders.ActionDone, reminders.Ref(nbTarget)), msg.ReminderNotYours},
		// A reminder that was never sent.
		{uFocalBN, bot.Data(cbReminder, reminders.ActionDone, reminders.Ref("submission/2026-10/bac_giang")), msg.ReminderUnknown},
	} {
		chat, answer := press(c.who, c.data)
		bottest.MustContain(t, chat, c.want)
		if answer != bot.PlainText(c.want) {
			t.Errorf("%s pressing %q: button answered %q, want %q", c.who.FirstName, c.data, answer, c.want)
		}
		bottest.MustNotContain(t, chat, "Đã hẹn nhắc lại", "Đã ghi nhận hoàn thành")
	}
	var snap reminders.Snapshot
	if err := reminders.NewKVStore(h.KV).Load(context.Background(), &snap); err != nil {
		t.Fatal(err)
	}
	if snap.Done(nbTarget) || len(snap.Snoozes(nbTarget)) != 0 {
		t.Fatalf("forged buttons changed Ninh Bình's reminder: done %v, snoozes %v", snap.Done(nbTarget), snap.Snoozes(nbTarget))
	}
	// Ninh Bình is still reminded, and its own snooze works.
	bottest.MustContain(t, h.press(uFocalNB, "Nhắc lại sau 2 giờ"), "Đã hẹn nhắc lại vào")
	// Bắc Ninh's own button still works too.
	chat, _ := press(uFocalBN, bot.Data(cbReminder, reminders.ActionSnooze, reminders.Ref("submission/2026-10/bac_ninh")))
	bottest.MustContain(t, chat, "Đã hẹn nhắc lại vào")
}

func TestTargetUnit(t *testing.T) {
	for target, want := range map[string]string{
		"submission/2026-10/ninh_binh":      "ninh_binh",
		"dossier/hs1/2026-10/quang_ninh":    "quang_ninh",
		"submission/2026-10/chairs:cum5":    "",
		"meeting/m1/v1/group:cum5":          "",
		"nonsense":                          "",
		"submission/2026-10/":               "",
		"event/e1/2026-10-05T0800/bac_ninh": "bac_ninh",
	} {
		if got, ok := reminders.TargetUnit(target); got != want || ok != (want != "") {
			t.Errorf("TargetUnit(%q) = %q, %v; want %q", target, got, ok, want)
		}
	}
}

// TestForgedCalendarButtons: the /hoso, /hop and meeting-answer buttons
// were already checked before acting; forged ones change nothing.
func TestForgedCalendarButtons(t *testing.T) {
	start := hanoi(2026, 12, 7, 9, 0, 0) // both unit dossiers are due 15/12 17:00
	h := newHarness(t, nil, start)
	h.tickAt(start)
	h.say(uFocalBN, "/hoso")
	own := h.Srv.SentTo(uFocalBN.ID)
	live := own[len(own)-1]
	di := -1
	for i, d := range h.cfg.Calendar.Dossiers {
		if d.ID == "tap_the_ldxs" {
			di = i
		}
	}
	if di < 0 {
		t.Fatal("the demo has no tap_the_ldxs dossier")
	}
	press := func(u telegramtest.User, data string) string {
		t.Helper()
		before := len(h.Srv.Sent())
		n := len(h.Srv.SentTo(u.ID))
		h.Srv.Press(u, live.MessageID, data)
		chat := bottest.Transcript(h.Await(u.ID, n, "a forged button"))
		for _, s := range h.Srv.Sent()[before:] {
			if s.Method == "editMessageText" || s.Method == "editMessageReplyMarkup" {
				t.Errorf("pressing %q edited message %d", data, s.MessageID)
			}
		}
		return chat
	}
	idx := strconv.Itoa(di)
	for _, c := range []struct {
		who  telegramtest.User
		data string
		want string
	}{
		// Bắc Ninh's focal point marks, undoes or sends Ninh Bình's documents.
		{uFocalBN, bot.Data(cbHoso, "m", idx, "2026-12-15", "0", "ninh_binh"), msg.BotOtherCluster},
		{uFocalBN, bot.Data(cbHoso, "f", idx, "2026-12-15", "0", "ninh_binh"), msg.BotOtherCluster},
		// An occurrence that is not (or no longer) open.
		{uFocalBN, bot.Data(cbHoso, "m", idx, "2025-12-15", "0", "bac_ninh"), msg.HosoGone},
		// Out of range indexes.
		{uFocalBN, bot.Data(cbHoso, "m", "99", "2026-12-15", "0", "bac_ninh"), msg.BotButtonExpired},
		// A meeting that does not exist, answered or cancelled.
		{uFocalBN, bot.Data(cbRSVP, "m-nope", reminders.RSVPAttend), msg.HopGone},
		{uChair, bot.Data(cbHop, "cy", "m-nope"), msg.HopGone},
		// A focal point may not manage meetings at all.
		{uFocalBN, bot.Data(cbHop, "cy", "m-nope"), msg.BotNotAllowed},
	} {
		bottest.MustContain(t, press(c.who, c.data), bot.PlainText(c.want))
	}
	for _, unit := range []string{"ninh_binh", "bac_ninh"} {
		prog, err := reminders.NewKVStore(h.KV).Progress(context.Background(), "tap_the_ldxs", "2026-12-15", unit)
		if err != nil {
			t.Fatal(err)
		}
		if len(prog) != 0 {
			t.Errorf("forged buttons changed %s's dossier: %+v", unit, prog)
		}
	}
	// No flow waits for Ninh Bình's file.
	bottest.MustNotContain(t, h.say(uFocalBN, "xin chào"), "chờ tệp")
}

// TestRSVPAfterTheMeetingIsRefused: a notice's buttons outlive the meeting;
// pressed once it has begun they are refused and the tally stays as it was.
func TestRSVPAfterTheMeetingIsRefused(t *testing.T) {
	start := hanoi(2026, 11, 16, 9, 0, 0)
	h := newHarness(t, nil, start)
	h.tickAt(start)
	ctx := context.Background()
	rs := reminders.NewKVStore(h.KV)
	m, err := rs.CreateMeeting(ctx, reminders.Meeting{Cluster: "cum5", Title: "Họp giao ban", Start: start.Add(2 * time.Hour), CreatedBy: uChair.ID}, start)
	if err != nil {
		t.Fatal(err)
	}
	if got := h.tickAt(start.Add(time.Minute)); len(got[uFocalBN.ID]) != 1 || len(got[uFocalNB.ID]) != 1 {
		t.Fatalf("notice sent %v", got)
	}
	bottest.MustContain(t, h.press(uFocalNB, "Tham dự"), "Đã ghi nhận: Tham dự.")
	h.Clock.Set(m.Start.Add(time.Minute))
	got := h.press(uFocalBN, "Tham dự")
	bottest.MustContain(t, got, msg.RSVPMeetingOver)
	bottest.MustNotContain(t, got, "Đã ghi nhận")
	m, err = rs.Meeting(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.RSVP) != 1 {
		t.Errorf("answers after the start were recorded: %+v", m.RSVP)
	}
}

package calendar

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
	"github.com/thiduabot/thiduabot/telegramtest"
)

func TestLateJoinerGetsNoticeMem(t *testing.T) { testLateJoinerGetsNotice(t, storetest.NewMem(nil)) }

func TestLateJoinerGetsNoticeRedis(t *testing.T) { testLateJoinerGetsNotice(t, bottest.Redis(t)) }

var inviteCodeRE = regexp.MustCompile(`Mã: ([a-z0-9]+)`)

// testLateJoinerGetsNotice: a focal point who registers after a meeting's
// notice went out gets that notice, with its buttons, once (not again on
// the next tick nor after a restart); their answer counts in the chair's
// tally; a meeting cancelled or already begun is not sent to later joiners.
func testLateJoinerGetsNotice(t *testing.T, kv store.KV) {
	start := hanoi(2026, 11, 16, 9, 0, 0) // Monday
	h := newHarness(t, kv, start)
	h.tickAt(start)

	h.say(uChair, "/hop")
	scheduleMeeting(t, h, "Họp giao ban cụm quý IV", "20/11/2026", "8h30")
	h.tickAt(h.Clock.Now().Add(time.Minute))
	original := notices(h, uFocalBN.ID)
	if len(original) != 1 {
		t.Fatalf("Lan got %d notices, want 1", len(original))
	}

	// The next day, well past the runner's grace window, Thái Nguyên's
	// focal point registers.
	h.tickAt(hanoi(2026, 11, 17, 10, 0, 0))
	newbie := telegramtest.User{ID: 600, FirstName: "Thảo"}
	join(t, h, newbie, "/moi focal thai_nguyen")
	sent := h.tickAt(h.Clock.Now().Add(time.Minute))
	got := notices(h, newbie.ID)
	if len(got) != 1 {
		t.Fatalf("the new focal point got %d notices (this tick: %v), want the notice once", len(got), sent[newbie.ID])
	}
	if got[0].Text != original[0].Text || !reflect.DeepEqual(got[0].Keyboard, original[0].Keyboard) {
		t.Errorf("late notice = %q %v, want the original %q %v", got[0].Text, got[0].Keyboard, original[0].Text, original[0].Keyboard)
	}
	for chat, ss := range sent {
		if chat != newbie.ID {
			t.Errorf("chat %d got %v when someone else joined", chat, ss)
		}
	}
	if got := h.tickAt(h.Clock.Now().Add(time.Minute)); len(got) != 0 {
		t.Errorf("the next tick sent %v", got)
	}
	h.Restart()
	if got := h.tickAt(h.Clock.Now().Add(time.Minute)); len(got) != 0 {
		t.Errorf("after a restart: %v", got)
	}

	bottest.MustContain(t, h.press(newbie, "Tham dự"), "Đã ghi nhận: Tham dự.")
	h.Settle()
	chair := h.Srv.SentTo(uChair.ID)
	bottest.MustContain(t, bottest.Transcript(chair[len(chair)-1:]), "Đã tạo cuộc họp", "1 tham dự, 0 cử người thay, 0 vắng")
	h.say(uChair, "/hop")
	tally := h.press(uChair, "Phản hồi: Họp giao ban cụm quý IV")
	bottest.MustContain(t, tally, "1 tham dự")
	bottest.MustNotContain(t, tally, "Thái Nguyên")

	// A meeting cancelled before someone joins is not sent to them (nor
	// its cancellation); the meeting still to come is.
	h.say(uChair, "/hop")
	h.press(uChair, "Tạo cuộc họp mới")
	scheduleMeeting(t, h, "Họp chuyên đề", "19/11/2026", "14h")
	h.tickAt(h.Clock.Now().Add(time.Minute))
	h.say(uChair, "/hop")
	bottest.MustContain(t, h.pressIn(uChair, "Họp chuyên đề", "Hủy họp"), "chắc chắn hủy")
	bottest.MustContain(t, h.press(uChair, "Hủy cuộc họp"), "Đã hủy cuộc họp")
	h.tickAt(h.Clock.Now().Add(time.Minute))
	second := telegramtest.User{ID: 601, FirstName: "Bình"}
	join(t, h, second, "/moi member thai_nguyen")
	h.tickAt(h.Clock.Now().Add(time.Minute))
	got = notices(h, second.ID)
	if len(got) != 1 || !strings.Contains(got[0].Text, "Họp giao ban cụm quý IV") {
		t.Errorf("a member joining got %v, want the coming meeting's notice only", got)
	}

	// After the meeting began, a new member gets nothing of it.
	h.tickAt(hanoi(2026, 11, 20, 9, 0, 0))
	third := telegramtest.User{ID: 602, FirstName: "Hà"}
	join(t, h, third, "/moi member hung_yen")
	h.tickAt(h.Clock.Now().Add(time.Minute))
	h.tickAt(h.Clock.Now().Add(time.Hour))
	if got := notices(h, third.ID); len(got) != 0 {
		t.Errorf("a member joining after the meeting began got %v", got)
	}
}

// join registers u with an invite the chair makes with command.
func join(t *testing.T, h *harness, u telegramtest.User, command string) {
	t.Helper()
	m := inviteCodeRE.FindStringSubmatch(h.say(uChair, command))
	if m == nil {
		t.Fatalf("no invite code for %q", command)
	}
	bottest.MustContain(t, h.say(u, "/start "+m[1]), "Chào mừng")
}

// notices are the meeting notices and cancellations chat has received.
func notices(h *harness, chat int64) []telegramtest.Sent {
	h.T.Helper()
	h.Settle()
	var out []telegramtest.Sent
	for _, s := range h.Srv.SentTo(chat) {
		text := bot.PlainText(s.Text)
		if s.Method == "sendMessage" && (strings.HasPrefix(text, "Thông báo lịch họp") || strings.HasPrefix(text, "Hủy lịch họp")) {
			out = append(out, s)
		}
	}
	return out
}

// scheduleMeeting has the chair create a meeting in Phòng họp tầng 3, no
// agenda, and send its notice; the chair has already typed /hop (and, with
// meetings listed, pressed "Tạo cuộc họp mới").
func scheduleMeeting(t *testing.T, h *harness, title, date, clock string) {
	t.Helper()
	h.say(uChair, title)
	h.say(uChair, date)
	h.say(uChair, clock)
	h.say(uChair, "Phòng họp tầng 3")
	h.say(uChair, "-")
	bottest.MustContain(t, h.press(uChair, "Gửi thông báo"), "Đã tạo cuộc họp")
}

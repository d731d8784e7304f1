package calendar

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/reminders"
)

func TestRSVPWord(t *testing.T) {
	for _, tt := range []struct {
		in, want string // want "" when the text is no answer
	}{
		{"tham du", reminders.RSVPAttend},
		{"Tham dự", reminders.RSVPAttend},
		{"co mat", reminders.RSVPAttend},
		{"Dạ, em sẽ tham dự ạ.", reminders.RSVPAttend},
		{"vang mat", reminders.RSVPAbsent},
		{"xin vang", reminders.RSVPAbsent},
		{"Xin vắng nhé", reminders.RSVPAbsent},
		{"vắng", reminders.RSVPAbsent},
		{"khong tham du duoc a", reminders.RSVPAbsent},
		{"cu nguoi di thay", reminders.RSVPDelegate},
		{"vang", ""}, // "vâng" or "vắng"
		{"vâng", ""}, // yes, not absent
		{"dạ vâng", ""},
		{"tham dự họp sơ kết thì mặc gì", ""}, // a question
		{"không tham dự có bị trừ điểm không", ""},
		{"em", ""},
		{"", ""},
	} {
		got, ok := rsvpWord(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("rsvpWord(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

// TestRSVPTypedInWords: an answer to a meeting notice typed in words
// ("tham du", "co mat", "xin vang") in a private chat answers the notice as
// its buttons do, even when another keyboard came since, and says which
// meeting; with several meetings coming, buttons ask which; with none, it
// points to /lich instead of a regulation search. "vâng" (yes) never
// presses "Vắng" (absent).
func TestRSVPTypedInWords(t *testing.T) {
	start := hanoi(2026, 11, 16, 9, 0, 0) // Monday
	h := newHarness(t, nil, start)
	h.tickAt(start)
	for _, w := range []string{"tham du", "xin vắng"} {
		got := h.say(uFocalBN, w)
		bottest.MustContain(t, got, msg.RSVPTypedNone)
		bottest.MustNotContain(t, got, "Chưa tìm thấy quy định")
	}

	rs := reminders.NewKVStore(h.KV)
	m, err := rs.CreateMeeting(context.Background(), reminders.Meeting{Cluster: "cum5", Title: "Họp giao ban cụm quý IV",
		Start: hanoi(2026, 11, 20, 8, 30, 0), Place: "Quảng Ninh", CreatedBy: uChair.ID}, start)
	if err != nil {
		t.Fatal(err)
	}
	if sent := h.tickAt(start.Add(time.Minute)); len(sent[uFocalNB.ID]) != 1 {
		t.Fatalf("the notice was not sent: %v", sent)
	}
	// "vâng" right under the notice is not "Vắng".
	bottest.MustNotContain(t, h.say(uFocalNB, "vâng"), "Đã ghi nhận")
	// Another keyboard since the notice: the words still answer it.
	h.say(uFocalBN, "/hoso")
	bottest.MustContain(t, h.say(uFocalBN, "tham du"), "Đã ghi nhận: Tham dự – cuộc họp «Họp giao ban cụm quý IV» lúc 08:30 20/11/2026.")
	bottest.MustContain(t, h.say(uFocalNB, "Dạ, em xin vắng ạ"), "Đã ghi nhận: Vắng – cuộc họp «Họp giao ban cụm quý IV»")
	bottest.MustContain(t, h.say(uOtherBN, "cu nguoi di thay"), "Đã ghi nhận: Cử người thay", "người đi họp thay")
	bottest.MustContain(t, h.say(uOtherBN, "Ông Trần Văn B"), "Đã ghi nhận người đi thay: Ông Trần Văn B")
	// A changed mind: the only meeting coming, already answered.
	bottest.MustContain(t, h.say(uFocalBN, "vang mat"), "Đã ghi nhận: Vắng")
	got, err := rs.Meeting(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	for user, want := range map[int64]string{uFocalBN.ID: reminders.RSVPAbsent, uFocalNB.ID: reminders.RSVPAbsent, uOtherBN.ID: reminders.RSVPDelegate} {
		if a := got.RSVP[strconv.FormatInt(user, 10)]; a.Answer != want {
			t.Errorf("user %d answered %+v; want %s", user, a, want)
		}
	}
	// The chair who called it has no notice to answer.
	bottest.MustContain(t, h.say(uChair, "co mat"), msg.RSVPTypedNone)

	// Two meetings open: which one?
	if _, err := rs.CreateMeeting(context.Background(), reminders.Meeting{Cluster: "cum5", Title: "Họp bình xét cuối năm",
		Start: hanoi(2026, 12, 10, 14, 0, 0), Place: "Quảng Ninh", CreatedBy: uChair.ID}, h.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	h.tickAt(h.Clock.Now().Add(time.Minute))
	bottest.MustContain(t, h.say(uDeputy, "co mat"), "trả lời «Tham dự» cho cuộc họp nào",
		"[08:30 20/11/2026 – Họp giao ban cụm quý IV]", "[14:00 10/12/2026 – Họp bình xét cuối năm]")
	bottest.MustContain(t, h.press(uDeputy, "14:00 10/12/2026 – Họp bình xét cuối năm"), "Đã ghi nhận: Tham dự.")
	// One left open: that one.
	bottest.MustContain(t, h.say(uDeputy, "tham dự"), "Đã ghi nhận: Tham dự – cuộc họp «Họp giao ban cụm quý IV»")
}

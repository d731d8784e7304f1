package calendar

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/store/storetest"
)

// TestMeetingByChat: a chair schedules a meeting one question at a time,
// members get the notice with RSVP buttons (the group chat without), the
// chair sees the tally, and moving then cancelling tells everyone once,
// even across a restart.
func TestMeetingByChat(t *testing.T) {
	start := hanoi(2026, 11, 16, 9, 0, 0) // Monday
	h := newHarness(t, nil, start)
	h.tickAt(start)

	bottest.MustContain(t, h.say(uChair, "/hop"), "tên cuộc họp")
	bottest.MustContain(t, h.say(uChair, "Họp giao ban cụm quý IV"), "Ngày họp")
	bottest.MustContain(t, h.say(uChair, "31/11/2026"), "không hợp lệ")
	bottest.MustContain(t, h.say(uChair, "10/11/2026"), "đã qua")
	bottest.MustContain(t, h.say(uChair, "20/11/2026"), "Giờ bắt đầu")
	bottest.MustContain(t, h.say(uChair, "25:00"), "không hợp lệ")
	bottest.MustContain(t, h.say(uChair, "8h30"), "Địa điểm")
	bottest.MustContain(t, h.say(uChair, "Phòng họp tầng 3, BHXH tỉnh Quảng Ninh"), "Nội dung")
	got := h.say(uChair, "Sơ kết quý IV; kế hoạch năm 2027")
	bottest.MustContain(t, got, "Thông báo lịch họp Cụm thi đua số 5 (ví dụ): Họp giao ban cụm quý IV",
		"Thời gian: 08:30 20/11/2026", "Địa điểm: Phòng họp tầng 3", "Nội dung: Sơ kết quý IV", "[Gửi thông báo]", "[Hủy bỏ]")
	bottest.MustContain(t, h.press(uChair, "Gửi thông báo"), "Đã tạo cuộc họp")

	sent := h.tickAt(h.Clock.Now().Add(time.Minute))
	// Every registered person of the cluster's units is invited (focal
	// points, members, the deputy), except the chair who scheduled it.
	for _, chat := range []int64{uFocalBN.ID, uFocalNB.ID, uOtherBN.ID, uDeputy.ID, groupChat} {
		if len(sent[chat]) != 1 || !strings.Contains(sent[chat][0], "Thông báo lịch họp") {
			t.Errorf("chat %d got %v, want the notice once", chat, sent[chat])
		}
	}
	if len(sent[uChair.ID]) != 0 {
		t.Errorf("the chair who scheduled the meeting got its notice: %v", sent[uChair.ID])
	}
	if g := h.Srv.SentTo(groupChat); len(g) != 1 || len(g[0].Keyboard) != 0 {
		t.Errorf("group chat got %d messages, the last with buttons %v; want the notice without buttons", len(g), g)
	}
	if got := h.tickAt(h.Clock.Now().Add(time.Minute)); len(got) != 0 {
		t.Errorf("the notice went out again: %v", got)
	}

	bottest.MustContain(t, h.press(uFocalBN, "Tham dự"), "Đã ghi nhận: Tham dự.")
	bottest.MustContain(t, h.press(uFocalNB, "Cử người thay"), "Đã ghi nhận: Cử người thay.", "người đi họp thay")
	bottest.MustContain(t, h.say(uFocalNB, "Ông Trần Văn B, Phó Giám đốc"), "Đã ghi nhận người đi thay: Ông Trần Văn B")

	h.Settle()
	chair := h.Srv.SentTo(uChair.ID)
	live := chair[len(chair)-1]
	if live.Method != "editMessageText" {
		t.Errorf("the chair's last update is %s, want the created message edited with the tally", live.Method)
	}
	bottest.MustContain(t, bottest.Transcript(chair[len(chair)-1:]), "Đã tạo cuộc họp", "1 tham dự, 1 cử người thay, 0 vắng", "Minh: Ông Trần Văn B")

	bottest.MustContain(t, h.say(uChair, "/hop"), "Các cuộc họp sắp tới", "08:30 20/11/2026 – Họp giao ban cụm quý IV (2 phản hồi)")
	bottest.MustContain(t, h.press(uChair, "Phản hồi: Họp giao ban cụm quý IV"),
		"1 tham dự, 1 cử người thay, 0 vắng",
		"Chưa xác nhận: BHXH tỉnh Phú Thọ, BHXH tỉnh Quảng Ninh, BHXH tỉnh Thái Nguyên, BHXH tỉnh Hưng Yên.",
		"Minh: Ông Trần Văn B")

	// Move: one notice each, and the RSVPs are asked again.
	bottest.MustContain(t, h.press(uChair, "Dời lịch"), "Ngày họp mới")
	bottest.MustContain(t, h.say(uChair, "23/11/2026"), "Giờ bắt đầu")
	bottest.MustContain(t, h.say(uChair, "14:00"), "Đã dời cuộc họp sang 14:00 23/11/2026")
	sent = h.tickAt(h.Clock.Now().Add(time.Minute))
	for _, chat := range []int64{uFocalBN.ID, uFocalNB.ID, groupChat} {
		if len(sent[chat]) != 1 || !strings.Contains(sent[chat][0], "Thay đổi lịch họp") || !strings.Contains(sent[chat][0], "14:00 23/11/2026") {
			t.Errorf("chat %d got %v, want the change once", chat, sent[chat])
		}
	}

	// Cancel: one notice each, never again, not even after a restart.
	h.say(uChair, "/hop")
	bottest.MustContain(t, h.press(uChair, "Hủy họp"), "chắc chắn hủy")
	bottest.MustContain(t, h.press(uChair, "Hủy cuộc họp"), "Đã hủy cuộc họp")
	sent = h.tickAt(h.Clock.Now().Add(time.Minute))
	for _, chat := range []int64{uFocalBN.ID, uFocalNB.ID, groupChat} {
		if len(sent[chat]) != 1 || !strings.Contains(sent[chat][0], "Hủy lịch họp") {
			t.Errorf("chat %d got %v, want the cancellation once", chat, sent[chat])
		}
	}
	if got := h.tickAt(h.Clock.Now().Add(time.Minute)); len(got) != 0 {
		t.Errorf("the cancellation went out again: %v", got)
	}
	h.Restart()
	if got := h.tickAt(h.Clock.Now().Add(time.Minute)); len(got) != 0 {
		t.Errorf("after a restart: %v", got)
	}
	bottest.MustContain(t, h.press(uFocalBN, "Vắng"), "đã bị hủy")
	bottest.MustContain(t, h.say(uChair, "/hop"), "tên cuộc họp") // nothing coming: a new one is started
}

// TestLich lists what concerns each person: a focal point sees the data
// deadlines, its unit's dossiers and the cluster's meetings, not the
// chairs' events; the chair sees those too.
func TestLich(t *testing.T) {
	start := hanoi(2026, 11, 16, 9, 0, 0)
	h := newHarness(t, nil, start)
	rs := reminders.NewKVStore(h.KV)
	if _, err := rs.CreateMeeting(context.Background(), reminders.Meeting{Cluster: "cum5", Title: "Họp giao ban cụm",
		Start: hanoi(2026, 11, 20, 8, 30, 0), Place: "Quảng Ninh"}, start); err != nil {
		t.Fatal(err)
	}
	h.confirm("bac_ninh", 2026, time.November)
	got := h.say(uFocalBN, "/lich")
	bottest.MustContain(t, got, "Lịch sắp tới",
		"08:30 20/11/2026 – Họp giao ban cụm (Quảng Ninh)",
		"17:00 07/12/2026 – hạn nộp số liệu tháng 11/2026 (đơn vị đã nộp)", // 05/12 is a Saturday
		"hạn nộp số liệu tháng 12/2026",
		"17:00 15/12/2026 – hạn Hồ sơ đề nghị Tập thể Lao động xuất sắc (còn thiếu 3 tài liệu)")
	bottest.MustNotContain(t, got, "bình xét, suy tôn")
	bottest.MustContain(t, h.say(uChair, "/lich"), "Họp bình xét, suy tôn", "hạn nộp số liệu tháng 11/2026")
}

func TestParseDate(t *testing.T) {
	loc := time.FixedZone("ICT", 7*3600)
	for _, tc := range []struct {
		in   string
		want string // "" when invalid
	}{
		{"20/11/2026", "2026-11-20"},
		{"1/2/2027", "2027-02-01"},
		{" 05-12-2026 ", "2026-12-05"},
		{"05.12.2026", "2026-12-05"},
		{"29/02/2028", "2028-02-29"},
		{"29/02/2027", ""},
		{"31/11/2026", ""},
		{"20/11/26", ""},
		{"2026-11-20", ""},
		{"00/11/2026", ""},
		{"20/13/2026", ""},
		{"+1/+2/2026", ""},
		{"mai", ""},
		{"", ""},
	} {
		got, ok := ParseDate(tc.in, loc)
		s := ""
		if ok {
			s = got.Format("2006-01-02")
		}
		if s != tc.want {
			t.Errorf("ParseDate(%q) = %q, want %q", tc.in, s, tc.want)
		}
	}
}

func TestParseClock(t *testing.T) {
	for _, tc := range []struct {
		in   string
		h, m int
		ok   bool
	}{
		{"08:30", 8, 30, true},
		{"8:30", 8, 30, true},
		{"8h30", 8, 30, true},
		{"14H", 14, 0, true},
		{"14.05", 14, 5, true},
		{"24:00", 0, 0, false},
		{"8:60", 0, 0, false},
		{"830", 0, 0, false},
		{"8:", 0, 0, false},
		{":30", 0, 0, false},
		{"+8:30", 0, 0, false},
		{"", 0, 0, false},
	} {
		h, m, ok := ParseClock(tc.in)
		if h != tc.h || m != tc.m || ok != tc.ok {
			t.Errorf("ParseClock(%q) = %d, %d, %v; want %d, %d, %v", tc.in, h, m, ok, tc.h, tc.m, tc.ok)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"20/11/2026", "1/2/2027", "31/11/2026", "29/02/2028", "x/y/z", "١٢/١١/٢٠٢٦"} {
		f.Add(s)
	}
	loc := time.FixedZone("ICT", 7*3600)
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s, loc)
		if !ok {
			return
		}
		if d.Hour() != 0 || d.Minute() != 0 || d.Year() < 2000 || d.Year() > 2100 {
			t.Fatalf("ParseDate(%q) = %v", s, d)
		}
		again, ok := ParseDate(d.Format("02/01/2006"), loc)
		if !ok || !again.Equal(d) {
			t.Fatalf("ParseDate(%q) = %v does not round-trip", s, d)
		}
	})
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"08:30", "8h30", "14H", "24:00", "8:", "+8:30", "٠٨:٣٠"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, m, ok := ParseClock(s)
		if !ok {
			return
		}
		if h < 0 || h > 23 || m < 0 || m > 59 {
			t.Fatalf("ParseClock(%q) = %d:%d", s, h, m)
		}
	})
}

// TestHopWho: focal points cannot schedule meetings; the deputy can; an
// admin names the cluster.
func TestHopWho(t *testing.T) {
	h := newHarness(t, nil, hanoi(2026, 11, 16, 9, 0, 0))
	bottest.MustNotContain(t, h.say(uFocalBN, "/hop"), "tên cuộc họp")
	bottest.MustContain(t, h.say(uDeputy, "/hop"), "tên cuộc họp")
	bottest.MustContain(t, h.say(uAdmin, "/hop"), "/hop cum5")
	bottest.MustContain(t, h.say(uAdmin, "/hop cum9"), "Không có cụm «cum9»")
	bottest.MustContain(t, h.say(uAdmin, "/hop cum5"), "tên cuộc họp")
}

// TestHopCreateFailureLeavesNothingHalfDone fails the store while /hop
// stores a confirmed meeting (at its last write, the chair's tally
// message): no meeting is left to be announced without its tally, the
// conversation goes on, and pressing again creates the meeting once.
func TestHopCreateFailureLeavesNothingHalfDone(t *testing.T) {
	start := hanoi(2026, 11, 16, 9, 0, 0)
	kv := storetest.NewMem(nil)
	var failing atomic.Bool
	kv.Fail = func(op, bucket, key string) error {
		if failing.Load() && op == "put" && bucket == bucketTally {
			return errors.New("disk full")
		}
		return nil
	}
	h := newHarness(t, kv, start)
	h.tickAt(start)
	h.say(uChair, "/hop")
	h.say(uChair, "Họp giao ban cụm quý IV")
	h.say(uChair, "20/11/2026")
	h.say(uChair, "8h30")
	h.say(uChair, "Phòng họp tầng 3")
	bottest.MustContain(t, h.say(uChair, "Sơ kết quý IV"), "[Gửi thông báo]")
	failing.Store(true)
	bottest.MustContain(t, h.press(uChair, "Gửi thông báo"), bot.PlainText(msg.BotInternalError))
	ctx := context.Background()
	if ms, err := h.f.Store().Meetings(ctx, "cum5"); err != nil || len(ms) != 0 {
		t.Fatalf("after a failed create: meetings %+v, %v; want none", ms, err)
	}
	failing.Store(false)
	bottest.MustContain(t, h.press(uChair, "Gửi thông báo"), "Đã tạo cuộc họp")
	ms, err := h.f.Store().Meetings(ctx, "cum5")
	if err != nil || len(ms) != 1 {
		t.Fatalf("after the second press: meetings %+v, %v; want one", ms, err)
	}
	if _, err := kv.Get(ctx, bucketTally, ms[0].ID); err != nil {
		t.Errorf("tally message of %s not recorded: %v", ms[0].ID, err)
	}
}

// TestMeetingDateWithoutYear: "15/12" or "ngày 15/12" is the next such day;
// a day already over this year is next year's.
func TestMeetingDateWithoutYear(t *testing.T) {
	start := hanoi(2026, 11, 16, 9, 0, 0) // Monday
	h := newHarness(t, nil, start)
	h.say(uChair, "/hop")
	h.say(uChair, "Họp sơ kết quý IV")
	bottest.MustContain(t, h.say(uChair, "ngày 15/12"), "Giờ bắt đầu")
	h.say(uChair, "8h30")
	h.say(uChair, "Hội trường BHXH tỉnh Quảng Ninh")
	bottest.MustContain(t, h.say(uChair, "-"), "Thời gian: 08:30 15/12/2026")

	loc := time.FixedZone("ICT", 7*3600)
	now := time.Date(2026, 11, 16, 9, 0, 0, 0, loc)
	for in, want := range map[string]string{"15/12": "2026-12-15", "16/11": "2026-11-16", "10/11": "2027-11-10", "29/2": "", "31/11": "", "15/12/26": ""} {
		got, ok := ParseMeetingDate(in, now, loc)
		s := ""
		if ok {
			s = got.Format("2006-01-02")
		}
		if s != want {
			t.Errorf("ParseMeetingDate(%q) = %q, want %q", in, s, want)
		}
	}
}

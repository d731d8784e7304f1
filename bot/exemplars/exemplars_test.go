package exemplars_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	botex "github.com/thiduabot/thiduabot/bot/exemplars"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/exemplars"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/telegramtest"
)

var (
	uAdmin  = telegramtest.User{ID: 1, FirstName: "Quản trị"}
	uChair  = telegramtest.User{ID: 10, FirstName: "Cụm trưởng"}
	uFocal  = telegramtest.User{ID: 20, FirstName: "Lan"}
	uMember = telegramtest.User{ID: 22, FirstName: "Hoa"}
	uDeputy = telegramtest.User{ID: 11, FirstName: "Cụm phó"}
	uChair6 = telegramtest.User{ID: 30, FirstName: "Cụm trưởng Sáu"}
)

const (
	group5 = -1005
	group6 = -1006
)

var photo = []byte("\xff\xd8\xff\xe0 a small jpeg of a one-stop service counter")

type harness struct {
	*bottest.H
	f *botex.Feature
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	cfg, err := configdir.Demo()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Org.Clusters[0].GroupChatID = group5
	cfg.Org.Clusters = append(cfg.Org.Clusters, org.Cluster{ID: "cum6", Name: "Cụm thi đua số 6", Scoring: cfg.Org.Clusters[0].Scoring,
		Chair: "hue", GroupChatID: group6, Units: []org.Unit{{ID: "hue", Name: "BHXH thành phố Huế"}}})
	h := &harness{}
	h.H = bottest.New(t, bottest.Options{
		Org: cfg.Org, Start: time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC), Admins: []int64{uAdmin.ID},
		Members: []org.Member{
			{UserID: uChair.ID, Name: "Trần Cụm Trưởng", Role: org.RoleChair, Cluster: "cum5", Unit: "quang_ninh"},
			{UserID: uDeputy.ID, Name: "Phó", Role: org.RoleDeputy, Cluster: "cum5", Unit: "phu_tho"},
			{UserID: uFocal.ID, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "bac_ninh"},
			{UserID: uMember.ID, Name: "Hoa", Role: org.RoleMember, Cluster: "cum5", Unit: "ninh_binh"},
			{UserID: uChair6.ID, Name: "Cụm trưởng Sáu", Role: org.RoleChair, Cluster: "cum6", Unit: "hue"},
		},
		Setup: func(bh *bottest.H, b *bot.Bot) {
			h.f = botex.Register(b, botex.Deps{Org: cfg.Org, Store: bh.KV, Clock: bh.Clock, Location: cfg.Calendar.Location, Log: bh.Log})
		},
	})
	return h
}

// sendPhoto sends a photo with caption from u and returns the answers.
func (h *harness) sendPhoto(u telegramtest.User, caption string) []telegramtest.Sent {
	h.T.Helper()
	n := len(h.Srv.SentTo(u.ID))
	h.Srv.Photo(u, photo, caption)
	return h.Await(u.ID, n, "photo")
}

const story = "BHXH tỉnh Bắc Ninh mở quầy «một cửa» lưu động tại khu công nghiệp: 1.250 người lao động được hướng dẫn đóng BHXH tự nguyện trong tháng 11."

func TestStoryFromSubmissionToDigest(t *testing.T) {
	h := newHarness(t)
	bottest.MustContain(t, h.Say(uFocal, "/dienhinh"), "gửi một ảnh kèm chú thích", "(tối đa 1.000 ký tự)")
	// Text alone is not enough.
	bottest.MustContain(t, h.Say(uFocal, "chỉ có chữ"), "cần một ảnh kèm chú thích", "tối đa 1.000 ký tự")
	before := len(h.Srv.SentTo(uChair.ID))
	bottest.MustContain(t, h.sendPhoto(uFocal, "Bản nháp đầu tiên."), "gửi cụm trưởng xem xét")
	h.Settle()
	toChair := h.Srv.SentTo(uChair.ID)[before:]
	if len(toChair) != 2 || string(toChair[0].FileData) != string(photo) || !strings.Contains(toChair[1].Text, "Bản nháp đầu tiên.") {
		t.Fatalf("chair got %s", bottest.Transcript(toChair))
	}
	if len(h.Srv.SentTo(uChair6.ID)) != 0 {
		t.Error("the chair of another cluster got the story")
	}
	if got := h.Srv.SentTo(uDeputy.ID); len(got) != 2 {
		t.Errorf("the deputy got %d messages; want the photo and the story", len(got))
	}

	// Returned with a comment.
	bottest.MustContain(t, h.PressIn(uChair, "Bản nháp đầu tiên.", "Trả lại, góp ý"), "nhập góp ý")
	before = len(h.Srv.SentTo(uFocal.ID))
	bottest.MustContain(t, h.Say(uChair, "Cần nêu rõ số người tham gia mới."), "Đã trả lại")
	h.Settle()
	bottest.MustContain(t, bottest.Plain(h.Srv.SentTo(uFocal.ID)[before:]), "đã trả lại", "Cần nêu rõ số người tham gia mới.")

	// Sent again, approved.
	h.Say(uFocal, "/dienhinh")
	h.sendPhoto(uFocal, story)
	h.Clock.Set(time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC))
	bottest.MustContain(t, h.PressIn(uChair, "một cửa", "Duyệt"), "Đã duyệt")
	h.Settle()
	bottest.MustContain(t, h.Last(uFocal).Text, "đã được cụm trưởng (Trần Cụm Trưởng) duyệt")
	all, err := h.f.Stories().List(context.Background(), "cum5")
	if err != nil || len(all) != 2 || all[0].Status != exemplars.Approved || all[1].Status != exemplars.Returned {
		t.Fatalf("stories = %+v, %v", all, err)
	}
	// Approving the returned story afterwards (an old button) changes nothing.
	n := len(h.Srv.SentTo(uChair.ID))
	h.Srv.Press(uChair, 1, bot.Data("dh", "ok", all[1].ID))
	bottest.MustContain(t, h.Await(uChair.ID, n, "late approval"), "đã được xem xét trước đó")
	if st, _ := h.f.Stories().Get(context.Background(), all[1].ID); st.Status != exemplars.Returned {
		t.Errorf("returned story is now %s", st.Status)
	}

	// The digest of November goes to cum5's group on 01/12 from 08:00
	// (Hanoi), once; cum6 has nothing approved and gets nothing.
	ctx := context.Background()
	h.Clock.Set(time.Date(2026, 12, 1, 0, 30, 0, 0, time.UTC)) // 07:30
	if n, err := h.f.Digest(ctx); err != nil || n != 0 {
		t.Fatalf("at 07:30: %d digests, %v", n, err)
	}
	h.Clock.Set(time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC))
	if n, err := h.f.Digest(ctx); err != nil || n != 1 {
		t.Fatalf("at 08:00: %d digests, %v; want 1", n, err)
	}
	h.Settle()
	got := bottest.Plain(h.Srv.SentTo(group5))
	bottest.MustContain(t, got, "Điển hình tiên tiến của cụm – tháng 11/2026", "BHXH tỉnh Bắc Ninh", "quầy «một cửa» lưu động")
	bottest.MustNotContain(t, got, "Bản nháp đầu tiên")
	if len(h.Srv.SentTo(group6)) != 0 {
		t.Error("cum6's group got a digest")
	}
	h.Restart()
	if n, err := h.f.Digest(ctx); err != nil || n != 0 {
		t.Errorf("after a restart: %d digests, %v; want none", n, err)
	}

	// An admin spreads it to every cluster's group, once.
	bottest.MustContain(t, h.Say(uAdmin, "/dienhinh"), "Cụm thi đua số 5 (ví dụ) – BHXH tỉnh Bắc Ninh")
	bottest.MustContain(t, h.Press(uAdmin, "Lan tỏa 1"), "Đã lan tỏa câu chuyện tới nhóm của 2 cụm")
	h.Settle()
	for _, g := range []int64{group5, group6} {
		last := h.Srv.SentTo(g)[len(h.Srv.SentTo(g))-1]
		if !strings.Contains(last.Text, "Điển hình tiên tiến toàn ngành") || string(last.FileData) != string(photo) {
			t.Errorf("group %d got %q", g, last.Text)
		}
	}
	if got := h.Say(uAdmin, "/dienhinh"); len(got) > 0 && len(got[len(got)-1].Keyboard) != 0 {
		t.Errorf("a spread story still offers «Lan tỏa»: %+v", got[len(got)-1].Keyboard)
	}
}

func TestStoryRoles(t *testing.T) {
	h := newHarness(t)
	bottest.MustContain(t, h.Say(uMember, "/dienhinh"), "vai trò của anh/chị không được dùng chức năng này")
	bottest.MustContain(t, h.Say(uChair, "/dienhinh"), "không có câu chuyện điển hình nào chờ anh/chị duyệt")
	h.Say(uFocal, "/dienhinh")
	h.sendPhoto(uFocal, story)
	h.Settle()
	// Another cluster's chair cannot decide it, even with the button data.
	all, err := h.f.Stories().List(context.Background(), "cum5")
	if err != nil || len(all) != 1 {
		t.Fatal(all, err)
	}
	n := len(h.Srv.SentTo(uChair6.ID))
	h.Srv.Press(uChair6, 1, bot.Data("dh", "ok", all[0].ID))
	bottest.MustContain(t, h.Await(uChair6.ID, n, "foreign approval"), "chỉ duyệt được câu chuyện của các đơn vị trong cụm mình")
	if st, _ := h.f.Stories().Get(context.Background(), all[0].ID); st.Status != exemplars.Pending {
		t.Errorf("status %s after another cluster's press", st.Status)
	}
	// A focal point cannot approve either, nor spread.
	n = len(h.Srv.SentTo(uFocal.ID))
	h.Srv.Press(uFocal, 1, bot.Data("dh", "lt", all[0].ID))
	bottest.MustContain(t, h.Await(uFocal.ID, n, "focal spread"), "không được dùng chức năng này")
	// The chair opening /dienhinh gets the waiting story again.
	bottest.MustContain(t, h.Say(uChair, "/dienhinh"), "1 câu chuyện điển hình đang chờ", "quầy «một cửa»")
}

// A story's photo is stored at the largest size Telegram made of it that
// fits exemplars.MaxPhoto; a photo with no size that fits is refused with
// what to do, and nothing is stored.
func TestStoryPhotoIsCapped(t *testing.T) {
	h := newHarness(t)
	h.Say(uFocal, "/dienhinh")
	small, fits, big := bytes.Repeat([]byte{1}, 20<<10), bytes.Repeat([]byte{2}, exemplars.MaxPhoto), bytes.Repeat([]byte{3}, exemplars.MaxPhoto+1)
	before := len(h.Srv.SentTo(uChair.ID))
	n := len(h.Srv.SentTo(uFocal.ID))
	h.Srv.PhotoSizes(uFocal, [][]byte{small, fits, big}, story)
	bottest.MustContain(t, h.Await(uFocal.ID, n, "photo"), "gửi cụm trưởng xem xét")
	h.Settle()
	toChair := h.Srv.SentTo(uChair.ID)[before:]
	if len(toChair) == 0 || !bytes.Equal(toChair[0].FileData, fits) {
		t.Fatalf("the chair got %d bytes; want the 1 MB size", len(toChair[0].FileData))
	}

	h.Say(uFocal, "/dienhinh")
	n = len(h.Srv.SentTo(uFocal.ID))
	h.Srv.PhotoSizes(uFocal, [][]byte{big, big}, story)
	bottest.MustContain(t, h.Await(uFocal.ID, n, "a large photo"), "Ảnh này lớn hơn 1 MB nên bot chưa lưu được", "gửi lại ảnh theo kiểu «ảnh»", "/huy")
	sts, err := exemplars.NewStore(h.KV).List(context.Background(), "cum5")
	if err != nil {
		t.Fatal(err)
	}
	if len(sts) != 1 {
		t.Errorf("%d stories stored; want only the first", len(sts))
	}
	// Still in the flow: a photo that fits goes through.
	bottest.MustContain(t, h.sendPhoto(uFocal, story), "gửi cụm trưởng xem xét")
}

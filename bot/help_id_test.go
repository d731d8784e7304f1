package bot

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// /id answers anyone, registered or not, with their Telegram id, and in a
// group with the group's chat id too (issue 11.3).
func TestID(t *testing.T) {
	h := newHarness(t)
	h.start()
	for _, u := range []telegramtest.User{uStranger, uFocalHN, uAdmin} {
		got := h.say(u, "/id")
		if len(got) != 1 {
			t.Fatalf("/id from %d: %d answers, want 1: %q", u.ID, len(got), texts(got))
		}
		mustContain(t, got, "Mã Telegram (id) của anh/chị: "+itoa(u.ID))
		mustNotContain(t, got, "chưa đăng ký")
		if u == uAdmin {
			// Already one: no advice on becoming one.
			mustContain(t, got, "đã là quản trị viên")
			mustNotContain(t, got, "Nếu anh/chị là quản trị viên", "ADMIN_IDS="+itoa(u.ID))
		} else {
			mustContain(t, got, "Nếu anh/chị là quản trị viên, hãy ghi mã này vào ADMIN_IDS", "ADMIN_IDS="+itoa(u.ID))
		}
	}

	group := telegramtest.GroupChat(-1001234567890, "Cụm 5")
	for _, u := range []telegramtest.User{uStranger, uChair5} {
		before := len(h.srv.SentTo(group.ID))
		h.srv.GroupText(u, group, "/id@thidua_test_bot")
		h.run(h.b.act.quiet)
		got := h.srv.SentTo(group.ID)[before:]
		mustContain(t, got, "Mã Telegram (id) của "+u.FirstName+": "+itoa(u.ID), "Mã của nhóm này: -1001234567890", "group_chat_id")
	}
	// Another bot's /id in the group is not ours to answer.
	before := len(h.srv.SentTo(group.ID))
	h.srv.GroupText(uStranger, group, "/id@other_bot")
	h.run(h.b.act.quiet)
	if got := h.srv.SentTo(group.ID)[before:]; len(got) != 0 {
		t.Errorf("another bot's /id answered: %q", texts(got))
	}
	// /help lists /id, for people not registered too.
	mustContain(t, h.say(uStranger, "/help"), "/id – ", "/start – ")
	mustContain(t, h.say(uMemberND, "/help"), "/id – ")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// HelpLine options replace a command's one default line in /help: each
// line shows for its roles only, worded per role by msg.CommandHelp.
func TestHelpLines(t *testing.T) {
	ok := func(ctx context.Context, r *Request) error { return nil }
	h := newHarness(t, withSetup(func(b *Bot) {
		b.Command("baocao", org.Roles(org.RoleFocal, org.RoleChair), ok,
			HelpLine("baocao", org.Roles(org.RoleFocal, org.RoleChair)),
			HelpLine("baocao mo", org.Roles(org.RoleChair)))
		b.Command("tiendo", org.Roles(org.RoleChair), ok)
	}))
	h.start()
	focal := texts(h.say(uFocalHN, "/help"))
	chair := texts(h.say(uChair5, "/help"))
	for _, c := range []struct {
		help, line string
		want       bool
	}{
		{focal, "/baocao – " + msg.CommandHelp("baocao", "focal"), true},
		{focal, "/baocao mo – ", false},
		{focal, "/tiendo – ", false},
		{chair, "/baocao – " + msg.CommandHelp("baocao", "chair"), true},
		{chair, "/baocao mo – " + msg.CommandHelp("baocao mo", "chair"), true},
		{chair, "/tiendo – " + msg.CommandHelp("tiendo", "chair"), true},
	} {
		if got := strings.Contains(c.help, c.line); got != c.want {
			t.Errorf("help has %q = %v, want %v:\n%s", c.line, got, c.want, c.help)
		}
	}
	if msg.CommandHelp("baocao", "focal") == msg.CommandHelp("baocao", "chair") {
		t.Error("/baocao reads the same for a focal point and a chair")
	}
}

package rankings

import (
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/telegramtest"
)

const appURL = "https://thidua.example.vn/app/"

func withApp(s *setup) { s.appURL = appURL }

// webApp returns the web_app URLs of the buttons of ss.
func webApp(ss []telegramtest.Sent) []string {
	var out []string
	for _, s := range ss {
		for _, row := range s.Keyboard {
			for _, b := range row {
				if b.WebApp != "" {
					out = append(out, b.WebApp)
				}
			}
		}
	}
	return out
}

// With PUBLIC_URL set, /xephang and /diem in a private chat offer the Mini
// App; in a group the bot points to the private chat instead, without one.
func TestMiniAppButtons(t *testing.T) {
	h := newHarness(t, nil, withApp, withGroup)
	for _, tc := range []struct {
		user telegramtest.User
		text string
		want string
	}{
		{uChair, "/xephang", appURL + "?view=xephang"},
		{uFocalBN, "/xephang", appURL + "?view=xephang"}, // visibility own: own line, same button
		{uChair, "/diem bac ninh", appURL + "?view=diem"},
		{uFocalBN, "/diem", appURL + "?view=diem"},
	} {
		got := webApp(h.Say(tc.user, tc.text))
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s by %s: web_app buttons %v; want [%s]", tc.text, tc.user.FirstName, got, tc.want)
		}
	}
	group := models.Chat{ID: groupChat, Type: models.ChatTypeSupergroup, Title: "Cụm 5"}
	n := len(h.Srv.SentTo(groupChat))
	h.Srv.GroupText(uChair, group, "/xephang")
	got := h.Await(groupChat, n, "/xephang in the group")
	bottest.MustContain(t, got, "tin nhắn riêng với bot")
	if b := webApp(got); len(b) != 0 {
		t.Errorf("group got web_app buttons %v", b)
	}
}

func TestNoMiniAppWithoutPublicURL(t *testing.T) {
	h := newHarness(t, nil)
	if got := webApp(h.Say(uChair, "/xephang")); len(got) != 0 {
		t.Errorf("web_app buttons without PUBLIC_URL: %v", got)
	}
}

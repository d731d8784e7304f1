package qa

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/telegramtest"
)

func TestAbstentionsAreCounted(t *testing.T) {
	var abstained atomic.Int32
	h := bottest.New(t, bottest.Options{
		Org:     bottest.SmallOrg(t),
		Members: []org.Member{{UserID: focal.ID, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "hn"}},
		Setup: func(h *bottest.H, b *bot.Bot) {
			f, err := New(context.Background(), Deps{Store: h.KV, Log: h.Log, Abstained: func() { abstained.Add(1) }})
			if err != nil {
				t.Fatal(err)
			}
			f.Register(b)
		},
	})
	h.Say(focal, "/hoi hồ sơ đề nghị khen thưởng gồm những gì")
	if n := abstained.Load(); n != 0 {
		t.Fatalf("an answered question counted as an abstention (%d)", n)
	}
	h.Say(focal, "giá vé máy bay đi Đà Nẵng tháng sau")
	if n := abstained.Load(); n != 1 {
		t.Fatalf("abstentions = %d, want 1", n)
	}
}

// TestOwnDataQuestionPointsToCommands: a member who types a question about
// the unit's own score gets, besides the abstention, the commands that
// answer it; a stranger, who cannot use them, does not.
func TestOwnDataQuestionPointsToCommands(t *testing.T) {
	h := bottest.New(t, bottest.Options{
		Org: bottest.SmallOrg(t),
		Members: []org.Member{{UserID: focal.ID, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "hn"},
			{UserID: 4242, Name: "Hà", Role: org.RoleMember, Cluster: "cum5", Unit: "hn"}},
		Setup: func(h *bottest.H, b *bot.Bot) {
			f, err := New(context.Background(), Deps{Store: h.KV, Log: h.Log})
			if err != nil {
				t.Fatal(err)
			}
			f.Register(b)
		},
	})
	// A member cannot use /diem, so is not pointed to it.
	bottest.MustNotContain(t, h.Say(telegramtest.User{ID: 4242, FirstName: "Hà"}, "diem cua don vi toi bao nhieu"), "/diem")
	for _, q := range []string{"diem cua don vi toi bao nhieu", "Đơn vị mình đang xếp hạng mấy vậy"} {
		got := h.Say(focal, q)
		bottest.MustContain(t, got, "Chưa tìm thấy quy định", "/diem", "/xephang")
	}
	bottest.MustNotContain(t, h.Say(focal, "giá vé máy bay đi Đà Nẵng tháng sau"), "/xephang")
}

// TestSmallTalk: a greeting or a thank-you is answered as such, with the
// way to the commands, not as a regulation question the bot cannot find.
func TestSmallTalk(t *testing.T) {
	h := bottest.New(t, bottest.Options{
		Org:     bottest.SmallOrg(t),
		Members: []org.Member{{UserID: focal.ID, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "hn"}},
		Setup: func(h *bottest.H, b *bot.Bot) {
			f, err := New(context.Background(), Deps{Store: h.KV, Log: h.Log})
			if err != nil {
				t.Fatal(err)
			}
			f.Register(b)
		},
	})
	for _, q := range []string{"xin chao", "Xin chào bot ạ!", "alo", "chào anh chị"} {
		got := h.Say(focal, q)
		bottest.MustContain(t, got, "Xin chào anh/chị", "/help")
		bottest.MustNotContain(t, got, "Chưa tìm thấy quy định")
	}
	bottest.MustContain(t, h.Say(focal, "cảm ơn bot nhiều nhé"), "Cảm ơn anh/chị")
	// A question that starts with a greeting is still a question.
	bottest.MustNotContain(t, h.Say(focal, "chào bot, hồ sơ đề nghị khen thưởng gồm những gì"), "Xin chào anh/chị")
	if smallTalk("chào") != talkGreeting || smallTalk("cam on") != talkThanks || smallTalk("chao co thi dua") != talkNone {
		t.Error("smallTalk misreads")
	}
}

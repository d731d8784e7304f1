package qa

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/org"
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

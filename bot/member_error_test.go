package bot_test

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/store/storetest"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// TestMemberLookupFailureIsNotUnregistered: when the store cannot say who
// a registered user is, the user gets the apology, never "please
// register"; once the store answers again, everything works.
func TestMemberLookupFailureIsNotUnregistered(t *testing.T) {
	lan := telegramtest.User{ID: 2, FirstName: "Lan"}
	kv := storetest.NewMem(nil)
	var failing atomic.Bool
	kv.Fail = func(op, bucket, key string) error {
		if failing.Load() && op == "get" && bucket == org.BucketMembers {
			return errors.New("connection refused")
		}
		return nil
	}
	h := bottest.New(t, bottest.Options{
		Org: bottest.SmallOrg(t), Store: kv,
		Members: []org.Member{{UserID: lan.ID, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "hn"}},
	})
	failing.Store(true)
	for _, text := range []string{"/help", "xin chào"} {
		got := h.Say(lan, text)
		if len(got) != 1 || got[0].Text != msg.BotInternalError {
			t.Errorf("%q with a failing store: %q; want only the apology", text, bottest.Plain(got))
		}
	}
	failing.Store(false)
	bottest.MustContain(t, h.Say(lan, "/help"), bot.PlainText("đầu mối"))
}

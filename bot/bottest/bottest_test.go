package bottest_test

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/telegramtest"
)

var focal = telegramtest.User{ID: 2, FirstName: "Lan"}

// count is a command that counts its uses in the store.
func count(kv store.KV) bot.HandlerFunc {
	return func(ctx context.Context, r *bot.Request) error {
		var n int
		err := kv.Update(ctx, "test", "count", func(old []byte, _ bool) ([]byte, error) {
			n, _ = strconv.Atoi(string(old))
			n++
			return []byte(strconv.Itoa(n)), nil
		})
		if err != nil {
			return err
		}
		return r.Reply(ctx, bot.Message{Text: fmt.Sprintf("lần %d", n), Buttons: [][]bot.Button{{{Label: "Lại", Data: "again"}}}})
	}
}

// TestRestartKeepsStore: a restarted bot has its features again (Setup)
// and sees what the previous instance stored.
func TestRestartKeepsStore(t *testing.T) {
	setups := 0
	h := bottest.New(t, bottest.Options{
		Org:     bottest.SmallOrg(t),
		Members: []org.Member{{UserID: focal.ID, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "hn"}},
		Setup: func(h *bottest.H, b *bot.Bot) {
			setups++
			b.Command("dem", org.Registered, count(h.KV))
		},
	})
	bottest.MustContain(t, h.Say(focal, "/dem"), "lần 1")
	if got := bottest.Transcript(h.Srv.SentTo(focal.ID)); got != "lần 1 [Lại]\n" {
		t.Errorf("transcript = %q, want %q", got, "lần 1 [Lại]\n")
	}
	h.Restart()
	got := h.Say(focal, "/dem")
	bottest.MustContain(t, got, "lần 2")
	bottest.MustNotContain(t, got, "lần 1")
	if setups != 2 {
		t.Errorf("Setup ran %d times, want 2", setups)
	}
	if h.Clock.Now() != bottest.DefaultStart {
		t.Errorf("the clock moved to %v with nothing waiting", h.Clock.Now())
	}
}

// TestBackgroundWork: Await moves the fake clock to a feature loop's
// wake-up and waits for what the loop sends then.
func TestBackgroundWork(t *testing.T) {
	due := bottest.DefaultStart.Add(time.Hour)
	h := bottest.New(t, bottest.Options{
		Org: bottest.SmallOrg(t),
		Setup: func(h *bottest.H, b *bot.Bot) {
			var mu sync.Mutex
			sent := false
			parked := make(chan struct{})
			h.Background(func(ctx context.Context) error {
				wake := h.Clock.After(due.Sub(h.Clock.Now()))
				close(parked)
				select {
				case <-wake:
				case <-ctx.Done():
					return nil
				}
				if _, err := b.Send(ctx, focal.ID, bot.Message{Text: "đã đến giờ"}); err != nil {
					return err
				}
				mu.Lock()
				sent = true
				mu.Unlock()
				<-ctx.Done()
				return nil
			}, func(ctx context.Context) error {
				select {
				case <-parked:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			}, func() bool {
				mu.Lock()
				defer mu.Unlock()
				return sent || h.Clock.Now().Before(due)
			})
		},
	})
	if n := len(h.Srv.SentTo(focal.ID)); n != 0 {
		t.Fatalf("sent %d messages before the wake-up", n)
	}
	bottest.MustContain(t, h.Await(focal.ID, 0, "the loop's message"), "đã đến giờ")
	if got := h.Clock.Now(); !got.Equal(due) {
		t.Errorf("clock at %v, want %v", got, due)
	}
}

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	failed []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failed = append(r.failed, fmt.Sprintf(format, args...))
}

func TestMustContain(t *testing.T) {
	sent := []telegramtest.Sent{
		{Method: "sendMessage", Text: "<b>Xin chào</b> &amp; chúc"},
		{Method: "answerCallbackQuery", Callback: "đã nhận"},
		{Method: "sendMessage", Text: "Tạm biệt", Keyboard: [][]telegramtest.Button{{{Text: "Có"}}}},
	}
	for _, tc := range []struct {
		name string
		run  func(tb testing.TB)
		want int // failures
	}{
		{"plain has both messages", func(tb testing.TB) { bottest.MustContain(tb, sent, "Xin chào & chúc", "Tạm biệt") }, 0},
		{"plain leaves out callbacks and buttons", func(tb testing.TB) { bottest.MustNotContain(tb, sent, "đã nhận", "[Có]") }, 0},
		{"transcript has callbacks and buttons", func(tb testing.TB) {
			bottest.MustContain(tb, bottest.Transcript(sent), "đã nhận", "Tạm biệt [Có]")
		}, 0},
		{"missing text fails once per want", func(tb testing.TB) { bottest.MustContain(tb, sent, "vắng", "Tạm biệt", "thiếu") }, 2},
		{"present text fails", func(tb testing.TB) { bottest.MustNotContain(tb, "Xin chào", "chào") }, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{TB: t}
			tc.run(r)
			if got := len(r.failed); got != tc.want {
				t.Errorf("got %d failures %q, want %d", got, r.failed, tc.want)
			}
		})
	}
}

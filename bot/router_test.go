package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// demoFlow is a two-step conversation: /demo asks a yes/no question with
// buttons, then a number; it proves flows, buttons, typed labels and restarts.
func demoFlow(b *Bot) {
	b.Command("demo", org.Registered, func(ctx context.Context, r *Request) error {
		if err := r.SetConversation(ctx, Conversation{Flow: "demo", Step: "yn"}); err != nil {
			return err
		}
		return r.Reply(ctx, Message{Text: "Có đồng ý không?", Buttons: [][]Button{{
			{Label: "Có", Data: Data("demo", "yn", "1")}, {Label: "Không", Data: Data("demo", "yn", "0")},
		}}})
	})
	b.Callback("demo", org.Registered, func(ctx context.Context, r *Request) error {
		c, err := r.Conversation(ctx)
		if err != nil {
			return err
		}
		if c.Flow != "demo" || c.Step != r.Data.Arg(0) {
			return ErrExpired
		}
		c.Step = "num"
		if err := c.Encode(map[string]string{"yn": r.Data.Arg(1)}); err != nil {
			return err
		}
		if err := r.SetConversation(ctx, c); err != nil {
			return err
		}
		return r.Edit(ctx, Message{Text: HTML("Đã chọn %s. Nhập một số:", r.Data.Arg(1))})
	})
	b.Flow("demo", org.Registered, func(ctx context.Context, r *Request) error {
		c, err := r.Conversation(ctx)
		if err != nil {
			return err
		}
		if c.Step != "num" {
			return Userf("Vui lòng bấm Có hoặc Không.")
		}
		var d map[string]string
		if err := c.Decode(&d); err != nil {
			return err
		}
		if err := r.EndConversation(ctx); err != nil {
			return err
		}
		return r.ReplyHTML(ctx, "Xong: %s, số %s", d["yn"], r.Text)
	})
	b.DefaultText(func(ctx context.Context, r *Request) error { return r.ReplyHTML(ctx, "Hỏi đáp: %s", r.Text) })
}

func TestConversationButtonsTypedAndRestart(t *testing.T) {
	h := newHarness(t, withSetup(demoFlow))
	h.start()
	mustContain(t, h.say(uFocalHN, "/demo"), "Có đồng ý không?")
	// A typed label, without diacritics and in another case, presses the button.
	got := h.say(uFocalHN, "  KHONG ")
	if len(got) != 2 || got[0].Method != "sendMessage" || PlainText(got[0].Text) != "Đã chọn 0. Nhập một số:" ||
		got[1].Method != "editMessageReplyMarkup" || len(got[1].Keyboard) != 0 {
		t.Fatalf("typed choice: got %+v; want the answer below it and the old buttons removed", got)
	}
	h.restart() // the conversation survives
	mustContain(t, h.say(uFocalHN, "42"), "Xong: 0, số 42")
	// Outside the flow, text goes to the default handler (Q&A).
	mustContain(t, h.say(uFocalHN, "Khen thưởng đột xuất là gì?"), "Hỏi đáp: Khen thưởng đột xuất là gì?")
	// The old button (its keyboard is gone, but a client may still show it),
	// pressed now, is politely expired.
	before := len(h.srv.SentTo(uFocalHN.ID))
	h.srv.Press(uFocalHN, 1, Data("demo", "yn", "1"))
	h.run(h.b.act.quiet)
	mustContain(t, h.srv.SentTo(uFocalHN.ID)[before:], PlainText(msg.BotButtonExpired))
	answers := 0
	for _, s := range h.srv.Sent() {
		if s.Method == "answerCallbackQuery" {
			answers++
		}
	}
	if answers != 1 {
		t.Errorf("answerCallbackQuery calls = %d, want 1", answers)
	}
	// Typing a stale label is ordinary text, not an expired button.
	mustContain(t, h.say(uFocalHN, "có"), "Hỏi đáp: có")
}

func TestStaleAndForeignCallbackData(t *testing.T) {
	h := newHarness(t, withSetup(demoFlow))
	h.start()
	for _, data := range []string{"v0:demo:yn:1", "garbage", "v1:nosuch:x"} {
		before := len(h.srv.SentTo(uFocalHN.ID))
		h.srv.Press(uFocalHN, 1, data)
		h.run(h.b.act.quiet)
		mustContain(t, h.srv.SentTo(uFocalHN.ID)[before:], PlainText(msg.BotButtonExpired))
	}
}

func TestCancel(t *testing.T) {
	h := newHarness(t, withSetup(demoFlow))
	h.start()
	h.say(uFocalHN, "/demo")
	mustContain(t, h.say(uFocalHN, "/huy"), PlainText(msg.BotCancelled))
	mustContain(t, h.say(uFocalHN, "/huy"), msg.BotNothingToCancel)
}

func TestGroups(t *testing.T) {
	h := newHarness(t, withSetup(demoFlow))
	h.start()
	group := telegramtest.GroupChat(-100123, "Cụm 5")
	say := func(text string) []telegramtest.Sent {
		before := len(h.srv.SentTo(group.ID))
		h.srv.GroupText(uFocalHN, group, text)
		h.run(h.b.act.quiet)
		return h.srv.SentTo(group.ID)[before:]
	}
	mustContain(t, say("/demo"), "tin nhắn riêng", "https://t.me/thidua_test_bot")
	if got := say("/demo@other_bot"); len(got) != 0 {
		t.Errorf("another bot's command answered: %q", texts(got))
	}
	if got := say("chào cả nhà"); len(got) != 0 {
		t.Errorf("group chatter answered: %q", texts(got))
	}
	mustContain(t, say("/help@thidua_test_bot"), "tin nhắn riêng", "https://t.me/thidua_test_bot")
	if got := say("/nosuch"); len(got) != 0 {
		t.Errorf("unknown command answered in a group: %q", texts(got))
	}
}

func TestStrangerAndUnknownCommand(t *testing.T) {
	h := newHarness(t, withSetup(demoFlow))
	h.start()
	mustContain(t, h.say(uStranger, "/demo"), "chưa đăng ký")
	mustContain(t, h.say(uStranger, "xin chào"), "chưa đăng ký")
	mustContain(t, h.say(uStranger, "/help"), "chưa đăng ký")
	mustContain(t, h.say(uFocalHN, "/khongco"), "chưa hiểu lệnh")
}

func TestSetMyCommandsFailureIsNotFatal(t *testing.T) {
	h := newHarness(t)
	h.srv.Inject(telegramtest.Fault{Method: "setMyCommands", Status: 400, Times: 2})
	h.start()
	if !strings.Contains(h.logs.String(), "setMyCommands failed") {
		t.Errorf("failure not logged:\n%s", h.logs.String())
	}
	mustContain(t, h.say(uAdmin, "/help"), "/moi")
}

func TestDocumentDownload(t *testing.T) {
	var got []byte
	h := newHarness(t, withSetup(func(b *Bot) {
		b.Command("nop", org.Registered, func(ctx context.Context, r *Request) error {
			return r.SetConversation(ctx, Conversation{Flow: "nop", Step: "file"})
		})
		b.Flow("nop", org.Registered, func(ctx context.Context, r *Request) error {
			if r.Document == nil {
				return Userf("Vui lòng gửi tệp.")
			}
			data, err := r.Download(ctx, r.Document.FileID)
			if err != nil {
				return err
			}
			got = data
			return r.Reply(ctx, Message{Text: HTML("Đã nhận %s", r.Document.FileName), Document: &Upload{Name: "bien-nhan.txt", Data: []byte("ok")}})
		})
	}))
	h.start()
	h.say(uFocalHN, "/nop")
	before := len(h.srv.SentTo(uFocalHN.ID))
	h.srv.Document(uFocalHN, "bao-cao-11.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []byte("PK\x03\x04 số liệu"), "")
	h.run(h.b.act.quiet)
	sent := h.srv.SentTo(uFocalHN.ID)[before:]
	if string(got) != "PK\x03\x04 số liệu" {
		t.Fatalf("downloaded %q", got)
	}
	if len(sent) != 1 || sent[0].Method != "sendDocument" || sent[0].FileName != "bien-nhan.txt" || string(sent[0].FileData) != "ok" ||
		PlainText(sent[0].Text) != "Đã nhận bao-cao-11.xlsx" {
		t.Fatalf("reply = %+v", sent)
	}
}

package bot

import (
	"context"
	"testing"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
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
	// Typing a stale label is not an expired button, nor a question.
	got = h.say(uFocalHN, "có")
	mustContain(t, got, msg.BotNoSession)
	mustNotContain(t, got, "Hỏi đáp", PlainText(msg.BotButtonExpired))
}

// TestButtonWordsAreNeverQuestions: the words of the conversations' buttons,
// typed outside any conversation, with or without diacritics, say that no
// conversation is open; they never reach the Q&A.
func TestButtonWordsAreNeverQuestions(t *testing.T) {
	h := newHarness(t, withSetup(demoFlow))
	h.start()
	for _, w := range []string{"Xác nhận", "xac nhan", "Hủy", "huy", "Sửa", "Giữ", "giu", "Bỏ qua", "bo qua.", "Quay lại",
		"Giữ như tháng trước", "nhap lai", "Sửa mục 3", "sua 10", "Hủy hẳn", "tiếp tục nhập", "Khôi phục", "OK"} {
		got := h.say(uFocalHN, w)
		mustContain(t, got, msg.BotNoSession)
		mustNotContain(t, got, "Hỏi đáp")
	}
	// Questions that merely contain such words are questions.
	for _, q := range []string{"Xác nhận thành tích cần hồ sơ gì?", "sửa đổi quy chế thi đua", "hủy quyết định khen thưởng khi nào"} {
		mustContain(t, h.say(uFocalHN, q), "Hỏi đáp: "+q)
	}
}

// TestTypedLabelPunctuation: a label's words are matched without the
// punctuation between them, so "thu hoi nguoi dung 555001" presses
// "Thu hồi: Người dùng 555001".
func TestTypedLabelPunctuation(t *testing.T) {
	kb := savedKeyboard{Buttons: [][]Button{
		{{Label: "Thu hồi: Người dùng 555001", Data: Data("mem", "revoke", "555001")}},
		{{Label: "Thu hồi: Người dùng 555002", Data: Data("mem", "revoke", "555002")}},
		{{Label: "Giao đầu mối: BHXH tỉnh Bắc Ninh", Data: Data("mem", "focal", "bac_ninh")}},
	}}
	for _, tc := range []struct {
		typed string
		want  string // the pressed button's data, "" for none
	}{
		{"Thu hồi: Người dùng 555001", Data("mem", "revoke", "555001")},
		{"thu hoi nguoi dung 555001", Data("mem", "revoke", "555001")},
		{"thu hồi, người dùng 555002", Data("mem", "revoke", "555002")},
		{"giao dau moi bhxh tinh bac ninh", Data("mem", "focal", "bac_ninh")},
		{"thu hoi nguoi dung", ""}, // two buttons
		{"thu hoi 555001", ""},     // not a run of the label's words
	} {
		d, ok := kb.match(tc.typed)
		got := ""
		if ok {
			got = Data(d.Prefix, d.Args...)
		}
		if got != tc.want {
			t.Errorf("match(%q) = %q; want %q", tc.typed, got, tc.want)
		}
	}
}

package telegramtest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/thiduabot/thiduabot/clock"
)

func newClient(t *testing.T, s *Server) *tg.Bot {
	t.Helper()
	c, err := tg.New(s.Token, tg.WithServerURL(s.URL), tg.WithErrorsHandler(func(error) {}))
	if err != nil { // getMe must work through the real client
		t.Fatalf("tg.New: %v", err)
	}
	return c
}

func TestRealClientMethods(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	c := newClient(t, s)
	ctx := context.Background()

	me, err := c.GetMe(ctx)
	if err != nil || me.Username != "thidua_test_bot" {
		t.Fatalf("getMe = %+v, %v", me, err)
	}
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Có", CallbackData: "v1:x:1"}}}}
	m, err := c.SendMessage(ctx, &tg.SendMessageParams{ChatID: 42, Text: "<b>Chào</b> &amp; mời", ParseMode: models.ParseModeHTML, ReplyMarkup: kb})
	if err != nil || m.ID != 1 {
		t.Fatalf("sendMessage = %+v, %v", m, err)
	}
	if _, err := c.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: 42, MessageID: m.ID, Text: "đã sửa"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SendDocument(ctx, &tg.SendDocumentParams{ChatID: 42, Document: &models.InputFileUpload{Filename: "bao-cao.xlsx", Data: bytes.NewReader([]byte("PK data"))}, Caption: "tệp"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SendPhoto(ctx, &tg.SendPhotoParams{ChatID: 42, Photo: &models.InputFileUpload{Filename: "bieu-do.png", Data: bytes.NewReader([]byte("\x89PNG"))}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SetMyCommands(ctx, &tg.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "help", Description: "Trợ giúp"}}, LanguageCode: "en"}); err != nil {
		t.Fatal(err)
	}
	sent := s.SentTo(42)
	if len(sent) != 4 || sent[0].Keyboard[0][0] != (Button{Text: "Có", Data: "v1:x:1"}) || sent[1].Text != "đã sửa" ||
		sent[2].FileName != "bao-cao.xlsx" || string(sent[2].FileData) != "PK data" || sent[2].Text != "tệp" || sent[3].FileName != "bieu-do.png" {
		t.Fatalf("recorded %+v", sent)
	}
	if cmds := s.Commands("en"); len(cmds) != 1 || cmds[0].Description != "Trợ giúp" {
		t.Errorf("commands = %+v", cmds)
	}

	// A user's upload can be fetched back with getFile and the download link.
	s.Document(User{ID: 42}, "so-lieu.csv", "text/csv", []byte("a;b\n1;2\n"), "")
	f, err := c.GetFile(ctx, &tg.GetFileParams{FileID: "file1"})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(c.FileDownloadLink(f))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "a;b\n1;2\n" {
		t.Errorf("download = %q", body)
	}
}

func TestRejectsWhatTelegramRejects(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	c := newClient(t, s)
	ctx := context.Background()
	for _, text := range []string{"<b>unclosed", "a < b", "<script>x</script>", "AT&T"} {
		if _, err := c.SendMessage(ctx, &tg.SendMessageParams{ChatID: 1, Text: text, ParseMode: models.ParseModeHTML}); !errors.Is(err, tg.ErrorBadRequest) {
			t.Errorf("%q: err = %v, want bad request", text, err)
		}
	}
	bad, _ := tg.New("999:WRONG", tg.WithServerURL(s.URL), tg.WithSkipGetMe())
	if _, err := bad.GetMe(ctx); !errors.Is(err, tg.ErrorUnauthorized) {
		t.Errorf("wrong token: %v", err)
	}
}

func TestRateLimitsEnforced(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	s := New(Options{Clock: clk})
	defer s.Close()
	c := newClient(t, s)
	ctx := context.Background()
	send := func(chat int64) error {
		_, err := c.SendMessage(ctx, &tg.SendMessageParams{ChatID: chat, Text: "x"})
		return err
	}
	for i := range 3 {
		if err := send(7); err != nil {
			t.Fatalf("burst send %d: %v", i, err)
		}
	}
	var tooMany *tg.TooManyRequestsError
	if err := send(7); !errors.As(err, &tooMany) || tooMany.RetryAfter != 1 {
		t.Fatalf("4th send in a second = %v, want 429 retry_after 1", err)
	}
	clk.Advance(time.Second)
	if err := send(7); err != nil {
		t.Fatalf("after a second: %v", err)
	}
	for i := range 29 { // with the one above: 30 in this second
		if err := send(int64(100 + i)); err != nil {
			t.Fatalf("global send %d: %v", i, err)
		}
	}
	if err := send(999); !errors.As(err, &tooMany) {
		t.Fatalf("31st send in a second = %v, want 429", err)
	}
	if s.Rejected() != 2 {
		t.Errorf("Rejected = %d", s.Rejected())
	}
}

func TestGetUpdatesOffsetAndLongPoll(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	s := New(Options{Clock: clk})
	defer s.Close()
	get := func(offset, timeout string) string {
		resp, err := http.Post(s.URL+"/bot"+s.Token+"/getUpdates?offset="+offset+"&timeout="+timeout, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	id := s.Text(User{ID: 5}, "/help")
	if got := get("0", "0"); !bytes.Contains([]byte(got), []byte(`"update_id":1001`)) || id != 1001 {
		t.Fatalf("getUpdates = %s", got)
	}
	if s.Pending() != 1 {
		t.Fatalf("update forgotten before its offset was confirmed")
	}
	done := make(chan string)
	go func() { done <- get("1002", "30") }()
	if err := clk.BlockUntil(context.Background(), 1); err != nil { // the long poll waits on the clock
		t.Fatal(err)
	}
	if s.Pending() != 0 {
		t.Errorf("offset 1002 did not confirm update 1001")
	}
	s.Text(User{ID: 5}, "chào")
	if got := <-done; !bytes.Contains([]byte(got), []byte("chào")) {
		t.Errorf("long poll returned %s", got)
	}
}

package bot

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store/storetest"
)

// TestTokenNeverLogged runs the bot against a Bot API that echoes each
// request's URL, bot token included, in its errors, as a misbehaving proxy
// in front of Telegram may: in getUpdates' description, in a rejected
// send's description, and in a body that is not JSON at all. Neither the
// log nor an error returned to the caller may carry the token.
func TestTokenNeverLogged(t *testing.T) {
	const token = "123456:SECRET-token_value"
	var polls atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		method := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		echo := "upstream " + r.URL.String()
		w.Header().Set("Content-Type", "application/json")
		switch method {
		case "getMe":
			fmt.Fprint(w, `{"ok":true,"result":{"id":123456,"is_bot":true,"first_name":"T","username":"t_bot"}}`)
		case "deleteWebhook":
			fmt.Fprint(w, `{"ok":true,"result":true}`)
		case "getUpdates":
			polls.Add(1)
			w.WriteHeader(http.StatusBadGateway)
			fmt.Fprintf(w, `{"ok":false,"error_code":502,"description":%q}`, "Bad Gateway: "+echo)
		case "sendMessage":
			if r.FormValue("chat_id") == "21" {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprintf(w, "<html><body>proxy refused %s</body></html>", echo)
				return
			}
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"ok":false,"error_code":400,"description":%q}`, "Bad Request: "+echo)
		default:
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, `{"ok":false,"error_code":404,"description":%q}`, "Not Found: "+echo)
		}
	}))
	defer api.Close()

	clk := clock.NewFake(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	logs := &syncBuffer{}
	b, err := New(Config{Token: token, APIURL: api.URL, Org: testOrg(t), SkipCommands: true, SendTimeout: 5 * time.Second},
		Deps{Store: storetest.NewMem(clk), Clock: clk, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	<-b.Ready()
	for polls.Load() < 3 { // each failed poll is logged, then waits on the clock
		if err := clk.BlockUntil(testCtx(t), 1); err != nil {
			t.Fatal(err)
		}
		clk.AdvanceToNext()
	}
	var errs []string
	for _, chat := range []int64{20, 21} {
		_, err := b.Send(ctx, chat, Message{Text: "x"})
		if err == nil {
			t.Fatalf("send to %d succeeded against a refusing server", chat)
		}
		errs = append(errs, err.Error())
	}
	if _, err := (&Request{bot: b}).Download(ctx, "file-id"); err != nil {
		errs = append(errs, err.Error())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	out := logs.String() + strings.Join(errs, "\n")
	for _, want := range []string{"getUpdates: HTTP 502: Bad Gateway: upstream /bot***/getUpdates", "/bot***/sendMessage", "proxy refused"} {
		if !strings.Contains(out, want) {
			t.Errorf("logs and errors lack %q (the echo must arrive, redacted):\n%s", want, out)
		}
	}
	if strings.Contains(out, "SECRET") {
		t.Errorf("the token reached the logs or an error:\n%s", out)
	}
}

type fixedClient struct{ body string }

func (c fixedClient) Do(*http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(c.body))}, nil
}

func TestTokenGuardLeavesFilesAlone(t *testing.T) {
	const token = "1:abc"
	g := tokenGuard{inner: fixedClient{body: "data 1:abc 1%3Aabc"}, token: token}
	for _, tc := range []struct{ url, want string }{
		{"https://api.telegram.org/bot1:abc/getMe", "data *** ***"},
		{"https://proxy.example.vn/tg/file/bot1:abc/documents/file_1.xlsx", "data 1:abc 1%3Aabc"},
	} {
		resp, err := g.Do(httptest.NewRequest(http.MethodGet, tc.url, nil))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		if string(got) != tc.want {
			t.Errorf("%s: body %q, want %q", tc.url, got, tc.want)
		}
	}
}

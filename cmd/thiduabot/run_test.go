package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// lockedBuffer collects output written by the running process.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestRunEndToEnd boots the whole program against the in-repo Bot API
// server, talks to it as an admin, checks /healthz, then stops it as a
// SIGTERM would.
func TestRunEndToEnd(t *testing.T) {
	srv := telegramtest.New(telegramtest.Options{NoLimits: true})
	defer srv.Close()
	vars := map[string]string{
		"TELEGRAM_BOT_TOKEN": srv.Token,
		"TELEGRAM_API_URL":   srv.URL,
		"THIDUA_DATA":        t.TempDir(),
		"LISTEN_ADDR":        "127.0.0.1:0",
		"METRICS_ADDR":       "127.0.0.1:0",
		"ADMIN_IDS":          "1",
		"PUBLIC_URL":         "https://thidua.example.vn/",
	}
	var stdout, stderr lockedBuffer
	e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr,
		getenv: func(k string) string { return vars[k] }, clock: clock.Real{}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- Main(ctx, e, []string{"run"}) }()
	defer func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("run exited %d\n%s", code, stderr.String())
			}
		case <-time.After(20 * time.Second):
			t.Error("run did not stop after cancel")
		}
		if strings.Contains(stderr.String(), srv.Token) {
			t.Error("the bot token appears in the logs")
		}
	}()

	wctx, wcancel := context.WithTimeout(ctx, 20*time.Second)
	defer wcancel()
	addrRE := regexp.MustCompile(`"http listening" addr=(\S+)`)
	metricsRE := regexp.MustCompile(`"metrics listening" addr=(\S+)`)
	var addr, metricsAddr string
	for addr == "" {
		if m := addrRE.FindStringSubmatch(stderr.String()); m != nil {
			addr = m[1]
			metricsAddr = metricsRE.FindStringSubmatch(stderr.String())[1]
			break
		}
		select {
		case code := <-done:
			t.Fatalf("run exited early with %d:\n%s", code, stderr.String())
		case <-wctx.Done():
			t.Fatalf("no http listener:\n%s", stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	for _, probe := range []string{"/healthz", "/readyz"} {
		if code, body := get(t, "http://"+addr+probe); code != 200 || body != "ok\n" {
			t.Errorf("%s: %d %q", probe, code, body)
		}
	}
	// /metrics is on METRICS_ADDR only: LISTEN_ADDR is what a proxy publishes.
	if code, _ := get(t, "http://"+addr+"/metrics"); code != http.StatusNotFound {
		t.Errorf("/metrics on LISTEN_ADDR: %d, want 404", code)
	}
	if !strings.Contains(stderr.String(), "CẢNH BÁO") {
		t.Error("no loud warning about the demo config")
	}

	admin := telegramtest.User{ID: 1, FirstName: "Quản trị"}
	srv.Text(admin, "/help")
	err := srv.Wait(wctx, func(s *telegramtest.Server) bool { return len(s.SentTo(admin.ID)) > 0 })
	if err != nil {
		t.Fatalf("no answer to /help: %v\n%s", err, stderr.String())
	}
	if got := srv.SentTo(admin.ID)[0].Text; !strings.Contains(got, "/moi") || !strings.Contains(got, "/tongquan") {
		t.Errorf("admin help lacks /moi or /tongquan:\n%s", got)
	}
	// The handler's latency is observed once it has returned, just after its reply.
	var metrics string
	pollUntil(t, wctx, func() bool {
		_, metrics = get(t, "http://"+metricsAddr+"/metrics")
		return strings.Contains(metrics, `thiduabot_handler_seconds_count{command="/help"} 1`)
	})
	for _, want := range []string{"go_goroutines ", "process_start_time_seconds ", "thiduabot_telegram_calls_total ",
		`thiduabot_store_operation_seconds_count{op="create"}`, "thiduabot_conversations_open ",
		`thiduabot_handler_seconds_count{command="/help"} 1`, "thiduabot_reminder_ticks_total ",
		"thiduabot_qa_abstentions_total 0"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q:\n%s", want, metrics)
		}
	}
	// The Mini App (mounted once the bot is wired): the page for anyone,
	// the API only with initData.
	if code, body := get(t, "http://"+addr+"/app/"); code != 200 || !strings.Contains(body, "static/app.js") {
		t.Errorf("/app/: %d", code)
	}
	if code, _ := get(t, "http://"+addr+"/app/api/me"); code != http.StatusUnauthorized {
		t.Errorf("/app/api/me without initData: %d, want 401", code)
	}
	srv.Text(admin, "/tongquan")
	err = srv.Wait(wctx, func(s *telegramtest.Server) bool { return len(s.SentTo(admin.ID)) > 1 })
	if err != nil {
		t.Fatalf("no answer to /tongquan: %v\n%s", err, stderr.String())
	}
	if got := srv.SentTo(admin.ID)[1]; !strings.Contains(got.Text, "Tổng quan các cụm thi đua") ||
		len(got.Keyboard) != 1 || got.Keyboard[0][0].WebApp != "https://thidua.example.vn/app/?view=tongquan" {
		t.Errorf("/tongquan = %q %+v", got.Text, got.Keyboard)
	}
}

func TestAppURL(t *testing.T) {
	for _, tc := range []struct {
		public, webhook, want string
		bad                   bool
	}{
		{"", "", "", false},
		{"https://thidua.example.vn", "", "https://thidua.example.vn/app/", false},
		{"https://example.vn/thidua/", "", "https://example.vn/thidua/app/", false},
		{"", "https://bot.example.vn:8443/tg/hook", "https://bot.example.vn:8443/app/", false},
		{"http://127.0.0.1:8080", "", "http://127.0.0.1:8080/app/", false},
		{"http://thidua.example.vn", "", "", true},
		{"thidua.example.vn", "", "", true},
	} {
		r := runSettings{publicURL: tc.public, webhookURL: tc.webhook}
		got, err := r.appURL()
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("appURL(%q, %q) = %q, %v; want %q (error %v)", tc.public, tc.webhook, got, err, tc.want, tc.bad)
		}
	}
}

// get returns the status and body of a GET.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode, string(body)
}

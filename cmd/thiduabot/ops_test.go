package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/internal/redistest"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/telegramtest"
)

func probe(h http.HandlerFunc) (int, string) {
	rec := httptest.NewRecorder()
	h(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	return rec.Code, rec.Body.String()
}

func TestReadyzFollowsTheStoreOnly(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	o := newOps(clk)
	if code, body := probe(o.readyz); code != 200 || body != "ok\n" {
		t.Fatalf("fresh: %d %q", code, body)
	}
	o.store.Observe(errors.New("dial tcp 10.0.0.5:6379: i/o timeout"))
	clk.Advance(3 * time.Second)
	if code, _ := probe(o.readyz); code != 200 {
		t.Fatalf("unreachable for 3s: %d, want 200 (a blip is not unreadiness)", code)
	}
	clk.Advance(time.Second)
	code, body := probe(o.readyz)
	if code != http.StatusServiceUnavailable || body != "store unreachable for 4s: dial tcp 10.0.0.5:6379: i/o timeout\n" {
		t.Fatalf("unreachable for 4s: %d %q", code, body)
	}
	if code, _ := probe(o.healthz); code != 200 {
		t.Fatalf("liveness failed because of the store (%d): a restart cannot fix the store", code)
	}
	o.store.Observe(nil)
	if code, _ := probe(o.readyz); code != 200 {
		t.Fatalf("store back: %d", code)
	}
}

func TestHealthzFailsOnlyForAStuckLoop(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	o := newOps(clk)
	poll := o.heartbeat("telegram-poller", pollerMaxGap)
	tick := o.heartbeat("reminders", reminderMaxGap)
	for range 10 {
		clk.Advance(time.Minute)
		poll()
	}
	if code, body := probe(o.healthz); code != 200 {
		t.Fatalf("reminders silent for 10m of their 15: %d %q", code, body)
	}
	clk.Advance(6 * time.Minute)
	poll()
	if code, body := probe(o.healthz); code != http.StatusServiceUnavailable || body != "stuck: reminders: no progress for 16m0s\n" {
		t.Fatalf("reminders silent for 16m: %d %q", code, body)
	}
	tick()
	if code, body := probe(o.healthz); code != 200 || body != "ok\n" {
		t.Fatalf("every loop beating: %d %q", code, body)
	}
	var nilOps *ops
	nilOps.heartbeat("x", time.Second)() // the chat console has no ops
}

func TestRunRefusesADataFolderOthersCanWrite(t *testing.T) {
	for _, tc := range []struct {
		name string
		mode os.FileMode
		ok   bool
	}{
		{"world-writable", 0o777, false},
		{"group-writable", 0o770, false},
		{"private", 0o700, true},
		{"readable by others", 0o755, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, tc.mode); err != nil {
				t.Fatal(err)
			}
			err := privateDataDir(dir)
			if tc.ok != (err == nil) {
				t.Fatalf("privateDataDir(%o) = %v", tc.mode, err)
			}
			if err != nil && !strings.Contains(err.Error(), "chmod 700 "+dir) {
				t.Errorf("message lacks the fix:\n%v", err)
			}
		})
	}
	t.Run("created with parents", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "a", "b", "data")
		if err := privateDataDir(dir); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{dir, filepath.Dir(dir), filepath.Dir(filepath.Dir(dir))} {
			if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o700 {
				t.Errorf("%s: %v %v, want 0700", p, st.Mode(), err)
			}
		}
	})
	t.Run("run exits 1 before opening the store", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.Chmod(dir, 0o777); err != nil {
			t.Fatal(err)
		}
		var stderr lockedBuffer
		e := &env{stdin: strings.NewReader(""), stdout: &lockedBuffer{}, stderr: &stderr, clock: clock.Real{},
			getenv: vars{"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_API_URL": "http://127.0.0.1:1", "THIDUA_DATA": dir,
				"LISTEN_ADDR": "127.0.0.1:0", "METRICS_ADDR": "127.0.0.1:0"}.get}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second) // a bot that starts runs until then
		defer cancel()
		if code := Main(ctx, e, []string{"run"}); code != 1 {
			t.Fatalf("run exited %d, want 1", code)
		}
		for _, want := range []string{"chmod 700 " + dir, "cho phép người khác ghi", "writable by group or others"} {
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
			}
		}
		if _, err := os.Stat(filepath.Join(dir, controlSocketName)); err == nil {
			t.Error("the control socket was created in a folder others can write")
		}
	})
}

type vars map[string]string

func (v vars) get(k string) string { return v[k] }

// TestRunThroughARedisOutage runs the whole program on a private Redis,
// stops Redis while a person writes, and starts it again: the person is told
// at once that nothing was recorded, /readyz turns 503 (and back), /healthz
// stays 200, and the message is answered once Redis is back.
func TestRunThroughARedisOutage(t *testing.T) {
	rs := redistest.Start(t, "--appendonly", "yes", "--appendfsync", "always")
	srv := telegramtest.New(telegramtest.Options{NoLimits: true})
	defer srv.Close()
	var stderr lockedBuffer
	e := &env{stdin: strings.NewReader(""), stdout: &lockedBuffer{}, stderr: &stderr, clock: clock.Real{},
		getenv: vars{"TELEGRAM_BOT_TOKEN": srv.Token, "TELEGRAM_API_URL": srv.URL, "REDIS_URL": rs.URL,
			"LISTEN_ADDR": "127.0.0.1:0", "METRICS_ADDR": "127.0.0.1:0", "ADMIN_IDS": "1"}.get}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- Main(ctx, e, []string{"run"}) }()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("run exited %d\n%s", code, stderr.String())
		}
	}()
	wctx, wcancel := context.WithTimeout(ctx, 60*time.Second)
	defer wcancel()
	waitFor(t, wctx, done, &stderr, regexp.MustCompile(`"http listening" addr=(\S+)`))
	httpAddr := regexp.MustCompile(`"http listening" addr=(\S+)`).FindStringSubmatch(stderr.String())[1]
	waitFor(t, wctx, done, &stderr, regexp.MustCompile(`"telegram ready"`))
	base := "http://" + httpAddr
	if code, body := get(t, base+"/readyz"); code != 200 {
		t.Fatalf("readyz before the outage: %d %q", code, body)
	}

	rs.Kill()
	admin := telegramtest.User{ID: 1, FirstName: "Quản trị"}
	start := time.Now()
	srv.Text(admin, "/help")
	if err := srv.Wait(wctx, func(s *telegramtest.Server) bool { return len(s.SentTo(admin.ID)) > 0 }); err != nil {
		t.Fatalf("no notice: %v\n%s", err, stderr.String())
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("notice after %v, want within 5s", took)
	}
	if got := srv.SentTo(admin.ID)[0].Text; got != msg.BotStoreOutage {
		t.Fatalf("first answer during the outage = %q, want the notice", got)
	}
	pollUntil(t, wctx, func() bool { code, _ := get(t, base+"/readyz"); return code == http.StatusServiceUnavailable })
	if _, body := get(t, base+"/readyz"); !strings.HasPrefix(body, "store unreachable for ") || strings.Count(body, "\n") != 1 {
		t.Errorf("readyz reason: %q", body)
	}
	if code, body := get(t, base+"/healthz"); code != 200 {
		t.Errorf("healthz during a store outage: %d %q", code, body)
	}

	rs.Restart()
	if err := srv.Wait(wctx, func(s *telegramtest.Server) bool { return len(s.SentTo(admin.ID)) > 1 }); err != nil {
		t.Fatalf("no answer once Redis is back: %v\n%s", err, stderr.String())
	}
	if got := srv.SentTo(admin.ID); len(got) != 2 || !strings.Contains(got[1].Text, "/moi") {
		t.Fatalf("after the outage got %d messages, want the notice then the help", len(got))
	}
	pollUntil(t, wctx, func() bool { code, _ := get(t, base+"/readyz"); return code == 200 })
}

// waitFor waits until the process's log matches re.
func waitFor(t *testing.T, ctx context.Context, done chan int, stderr *lockedBuffer, re *regexp.Regexp) string {
	t.Helper()
	for {
		if m := re.FindString(stderr.String()); m != "" {
			return m
		}
		select {
		case code := <-done:
			done <- code
			t.Fatalf("run exited early with %d:\n%s", code, stderr.String())
		case <-ctx.Done():
			t.Fatalf("log never matched %s:\n%s", re, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// pollUntil checks cond every 50 ms (the process runs on the real clock).
func pollUntil(t *testing.T, ctx context.Context, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatal("condition never met")
		case <-tick.C:
		}
	}
}

package redistest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

// recorder stands in for testing.T to observe Skip and Fatal without
// ending the real test.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()                          {}
func (r *recorder) Skipf(format string, args ...any) { r.skipped = fmt.Sprintf(format, args...) }
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
}

func TestURLWhenUnset(t *testing.T) {
	tests := []struct {
		ci                  string
		wantSkip, wantFatal bool
	}{
		{"", true, false},
		{"false", true, false},
		{"true", false, true},
	}
	for _, tt := range tests {
		t.Run("CI="+tt.ci, func(t *testing.T) {
			t.Setenv(EnvURL, "")
			t.Setenv("REDIS_URL", "redis://127.0.0.1:6379/0") // must be ignored
			t.Setenv("CI", tt.ci)
			r := &recorder{TB: t}
			got := URL(r)
			if got != "" {
				t.Errorf("URL = %q; want none (REDIS_URL must not be used)", got)
			}
			if (r.skipped != "") != tt.wantSkip || (r.failed != "") != tt.wantFatal {
				t.Fatalf("skipped=%q failed=%q; want skip %v, fatal %v", r.skipped, r.failed, tt.wantSkip, tt.wantFatal)
			}
			msg := r.skipped + r.failed
			if !strings.Contains(msg, "THIDUA_TEST_REDIS_URL=redis://127.0.0.1:6379/0") {
				t.Errorf("message %q does not say how to enable the tests", msg)
			}
		})
	}
}

func TestURLWhenSet(t *testing.T) {
	t.Setenv(EnvURL, "redis://example:6379/3")
	if got := URL(t); got != "redis://example:6379/3" {
		t.Errorf("URL = %q", got)
	}
}

func TestPrefixCleansUp(t *testing.T) {
	url := URL(t)
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opt)
	defer c.Close()
	ctx := context.Background()
	var prefix string
	t.Run("user", func(t *testing.T) {
		prefix = Prefix(t, url)
		for i := range 1200 { // more than one SCAN/UNLINK batch
			if err := c.Set(ctx, fmt.Sprintf("%sk%d", prefix, i), "v", 0).Err(); err != nil {
				t.Fatal(err)
			}
		}
	})
	if n := len(c.Keys(ctx, prefix+"*").Val()); n != 0 {
		t.Errorf("%d keys left under %s after the test ended", n, prefix)
	}
	if other := Prefix(t, url); other == prefix {
		t.Errorf("two tests got the same prefix %q", prefix)
	}
}

func TestStartKillRestart(t *testing.T) {
	srv := Start(t, "--appendonly", "yes", "--appendfsync", "always")
	opt, err := redis.ParseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	opt.MaxRetries = -1
	c := redis.NewClient(opt)
	defer c.Close()
	ctx := context.Background()
	if err := c.Set(ctx, "k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	srv.Kill()
	if err := c.Ping(ctx).Err(); err == nil {
		t.Fatal("server still answers after Kill")
	}
	srv.Restart()
	if got, err := c.Get(ctx, "k").Result(); err != nil || got != "v" {
		t.Errorf("after kill -9 and restart: Get = %q, %v; want v (AOF)", got, err)
	}
}

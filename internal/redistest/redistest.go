// Package redistest gives tests a Redis to talk to without ever touching a
// developer's or user's data: the shared test server named by
// THIDUA_TEST_REDIS_URL (never REDIS_URL), with a unique key prefix per test
// that is deleted afterwards, or a private redis-server in a temporary
// folder for tests that kill and restart it.
package redistest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// EnvURL names the variable that points tests at a Redis they may write to.
const EnvURL = "THIDUA_TEST_REDIS_URL"

const howTo = "set " + EnvURL + "=redis://127.0.0.1:6379/0 to run the Redis tests " +
	"(they use their own key prefix and delete their keys; REDIS_URL is never read)"

// unavailable fails the test in CI, where Redis tests must run, and skips
// it elsewhere, so that a plain `go test ./...` works on any laptop.
func unavailable(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s; CI=true requires the Redis tests to run: %s", why, howTo)
		return
	}
	t.Skipf("%s: %s", why, howTo)
}

// URL returns the test Redis URL from THIDUA_TEST_REDIS_URL, skipping the
// test when it is unset (failing it when CI=true).
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvURL)
	if u == "" {
		unavailable(t, EnvURL+" is not set")
	}
	return u
}

// Prefix returns a key prefix unique to this test and deletes every key
// under it on the server at url when the test ends.
func Prefix(t testing.TB, url string) string {
	t.Helper()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	prefix := "thiduatest:" + hex.EncodeToString(b[:]) + ":"
	t.Cleanup(func() {
		if err := DeletePrefix(context.Background(), url, prefix); err != nil {
			t.Errorf("clean up test keys %s*: %v", prefix, err)
		}
	})
	return prefix
}

// DeletePrefix deletes every key that starts with prefix. It uses SCAN, not
// KEYS, so that it does not block a shared server.
func DeletePrefix(ctx context.Context, url, prefix string) error {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return err
	}
	c := redis.NewClient(opt)
	defer c.Close()
	pattern := globEscape(prefix) + "*"
	iter := c.Scan(ctx, 0, pattern, 500).Iterator()
	var batch []string
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := c.Unlink(ctx, batch...).Err()
		batch = batch[:0]
		return err
	}
	for iter.Next(ctx) {
		batch = append(batch, iter.Val())
		if len(batch) == 500 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := iter.Err(); err != nil {
		return err
	}
	return flush()
}

func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Server is a private redis-server owned by one test.
type Server struct {
	URL string // redis://127.0.0.1:PORT/0
	Dir string // its working folder (AOF and RDB files)

	t    testing.TB
	port int
	args []string

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{} // closed when cmd has exited
}

// Start runs a private redis-server on a free loopback port with its data
// in a fresh t.TempDir(); extra args are appended to its command line (for
// example "--appendonly", "yes", "--appendfsync", "always"). The server is
// killed when the test ends. Without a redis-server binary the test is
// skipped, or failed when CI=true.
func Start(t testing.TB, args ...string) *Server {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		unavailable(t, "redis-server is not installed")
	}
	s := &Server{Dir: t.TempDir(), t: t, args: args}
	var err error
	// A port found free can be taken before redis binds it; try a few.
	for range 5 {
		s.port, err = freePort()
		if err != nil {
			t.Fatal(err)
		}
		if err = s.start(); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	s.URL = "redis://127.0.0.1:" + strconv.Itoa(s.port) + "/0"
	t.Cleanup(s.Kill)
	return s
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (s *Server) start() error {
	args := append([]string{
		"--port", strconv.Itoa(s.port),
		"--bind", "127.0.0.1",
		"--dir", s.Dir,
		"--save", "",
		"--daemonize", "no",
		"--logfile", filepath.Join(s.Dir, "redis.log"),
	}, s.args...)
	cmd := exec.Command("redis-server", args...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start redis-server: %w", err)
	}
	done := make(chan struct{})
	go func() {
		cmd.Wait()
		close(done)
	}()
	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:" + strconv.Itoa(s.port), MaxRetries: -1})
	defer c.Close()
	deadline := time.Now().Add(15 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	// Until PING answers, the server is starting or replaying its AOF.
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			break
		}
		select {
		case <-done:
			logTail, _ := os.ReadFile(filepath.Join(s.Dir, "redis.log"))
			return fmt.Errorf("redis-server exited before answering PING:\n%s", logTail)
		case <-tick.C:
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			<-done
			return errors.New("redis-server did not answer PING within 15s")
		}
	}
	s.mu.Lock()
	s.cmd, s.done = cmd, done
	s.mu.Unlock()
	return nil
}

// Kill stops the server with SIGKILL, as a crash or power cut would, and
// waits until it has exited. Killing a stopped server does nothing.
func (s *Server) Kill() {
	s.mu.Lock()
	cmd, done := s.cmd, s.done
	s.cmd, s.done = nil, nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
}

// Restart starts the server again on the same port and folder, so that it
// reloads whatever it had persisted. It kills it first if it still runs.
func (s *Server) Restart() {
	s.t.Helper()
	s.Kill()
	if err := s.start(); err != nil {
		s.t.Fatal(err)
	}
}

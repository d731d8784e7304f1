package redisstore_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/thiduabot/thiduabot/internal/redistest"
	"github.com/thiduabot/thiduabot/redisstore"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

func open(t *testing.T, url string, opts ...redisstore.Option) *redisstore.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db, err := redisstore.Open(ctx, url, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

func TestContract(t *testing.T) {
	url := redistest.URL(t)
	storetest.Run(t, func(t *testing.T) store.KV {
		return open(t, url, redisstore.WithPrefix(redistest.Prefix(t, url)))
	})
}

// TestKeysStayUnderPrefix checks the key layout: everything lives under
// the prefix, in one hash slot, and nothing is left behind by the index
// once values are deleted.
func TestKeysStayUnderPrefix(t *testing.T) {
	url := redistest.URL(t)
	prefix := redistest.Prefix(t, url)
	db := open(t, url, redisstore.WithPrefix(prefix))
	ctx := context.Background()
	if err := db.Put(ctx, "a:b", "c:d", []byte("v")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Append(ctx, "log", []byte("v")); err != nil {
		t.Fatal(err)
	}
	opt, _ := redis.ParseURL(url)
	c := redis.NewClient(opt)
	defer c.Close()
	var got []string
	iter := c.Scan(ctx, 0, prefix+"*", 100).Iterator()
	for iter.Next(ctx) {
		got = append(got, strings.TrimPrefix(iter.Val(), prefix))
	}
	slices.Sort(got)
	want := []string{
		"{kv}:buckets",
		"{kv}:d:a%3Ab:c:d",
		"{kv}:d:log:00000000000000000001",
		"{kv}:i:a%3Ab",
		"{kv}:i:log",
		"{kv}:s:log",
	}
	if !slices.Equal(got, want) {
		t.Errorf("keys under prefix = %q; want %q", got, want)
	}
}

// TestExpiredIndexEntriesArePruned checks that a key that expired on the
// server leaves no trace in the index once List has seen it.
func TestExpiredIndexEntriesArePruned(t *testing.T) {
	url := redistest.URL(t)
	prefix := redistest.Prefix(t, url)
	db := open(t, url, redisstore.WithPrefix(prefix))
	ctx := context.Background()
	if _, err := db.Create(ctx, "seen", "u1", []byte("x"), time.Millisecond); err != nil {
		t.Fatal(err)
	}
	opt, _ := redis.ParseURL(url)
	c := redis.NewClient(opt)
	defer c.Close()
	// Wait (bounded) for the server to expire the value, without sleeping a fixed time.
	deadline := time.Now().Add(10 * time.Second)
	for c.Exists(ctx, prefix+"{kv}:d:seen:u1").Val() == 1 {
		if time.Now().After(deadline) {
			t.Fatal("value did not expire")
		}
		c.Ping(ctx) // one round trip between checks
	}
	if n := c.ZCard(ctx, prefix+"{kv}:i:seen").Val(); n != 1 {
		t.Fatalf("index has %d entries before List; want the stale 1", n)
	}
	items, err := db.List(ctx, "seen", "")
	if err != nil || len(items) != 0 {
		t.Fatalf("List = %v, %v; want nothing", items, err)
	}
	if n := c.ZCard(ctx, prefix+"{kv}:i:seen").Val(); n != 0 {
		t.Errorf("index has %d entries after List; want 0", n)
	}
	if got, _ := db.Buckets(ctx); len(got) != 0 {
		t.Errorf("Buckets = %q; want none", got)
	}
	if c.SIsMember(ctx, prefix+"{kv}:buckets", "seen").Val() {
		t.Error("empty bucket still in the bucket set")
	}
}

func TestOpenErrors(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	tests := []struct {
		name, url, want string
	}{
		{"bad scheme", "http://127.0.0.1:6379/0", "scheme"},
		{"password hidden", "redis://u:s3cret@127.0.0.1:1/0?dial_timeout=100ms", "xxxxx"},
		{"unknown option", "redis://127.0.0.1:6379/0?bogus=1", "bogus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := redisstore.Open(ctx, tt.url)
			if err == nil {
				t.Fatalf("Open(%q) succeeded", tt.url)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open(%q) = %v; want it to mention %q", tt.url, err, tt.want)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error leaks the password: %v", err)
			}
		})
	}
}

func TestNewDoesNotCloseClient(t *testing.T) {
	url := redistest.URL(t)
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opt)
	defer c.Close()
	db := redisstore.New(c, redisstore.WithPrefix(redistest.Prefix(t, url)))
	ctx := context.Background()
	if err := db.Put(ctx, "b", "k", []byte("v")); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Ping(ctx).Err(); err != nil {
		t.Errorf("client unusable after DB.Close: %v", err)
	}
}

// writerEnv tells the helper process where to write.
const (
	envWriterURL    = "REDISSTORE_WRITER_URL"
	envWriterPrefix = "REDISSTORE_WRITER_PREFIX"
)

// startWriter re-runs this test binary as TestHelperWriter and returns the
// process and a channel of the keys it acknowledged.
func startWriter(t *testing.T, url, prefix string) (*exec.Cmd, <-chan string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$")
	cmd.Env = append(os.Environ(), envWriterURL+"="+url, envWriterPrefix+"="+prefix)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	acks := make(chan string)
	go func() {
		defer close(acks)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if k, ok := strings.CutPrefix(sc.Text(), "ACK "); ok {
				acks <- k
			}
		}
	}()
	return cmd, acks
}

func checkAcked(t *testing.T, db *redisstore.DB, acked []string) {
	t.Helper()
	ctx := context.Background()
	for _, k := range acked {
		got, err := db.Get(ctx, "crash", k)
		if err != nil || string(got) != "value of "+k {
			t.Fatalf("acknowledged key %s lost: %q, %v", k, got, err)
		}
	}
	items, err := db.List(ctx, "log", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) < len(acked) {
		t.Errorf("log has %d appended entries; want at least the %d acknowledged", len(items), len(acked))
	}
}

// TestKillDuringWrites kills a writing process, and then the Redis server
// itself, in the middle of a write loop, and checks that every write that
// was acknowledged survives. The server is a private one with AOF fsynced
// on every write, the configuration docker-compose.yml uses.
func TestKillDuringWrites(t *testing.T) {
	srv := redistest.Start(t, "--appendonly", "yes", "--appendfsync", "always")
	const prefix = "crash:"

	t.Run("kill writer", func(t *testing.T) {
		cmd, acks := startWriter(t, srv.URL, prefix)
		var acked []string
		for k := range acks {
			acked = append(acked, k)
			if len(acked) == 300 {
				cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
		// Lines already written before the kill were acknowledged too.
		for k := range acks {
			acked = append(acked, k)
		}
		cmd.Wait()
		if len(acked) < 300 {
			t.Fatalf("writer stopped after %d acknowledged writes", len(acked))
		}
		checkAcked(t, open(t, srv.URL, redisstore.WithPrefix(prefix)), acked)
	})

	t.Run("kill server", func(t *testing.T) {
		cmd, acks := startWriter(t, srv.URL, prefix+"2:")
		var acked []string
		for k := range acks {
			acked = append(acked, k)
			if len(acked) == 300 {
				srv.Kill()
				break
			}
		}
		// Writes acknowledged while the kill was under way count too.
		for k := range acks {
			acked = append(acked, k)
		}
		cmd.Process.Kill()
		cmd.Wait()
		if len(acked) < 300 {
			t.Fatalf("writer stopped after %d acknowledged writes", len(acked))
		}
		srv.Restart()
		checkAcked(t, open(t, srv.URL, redisstore.WithPrefix(prefix+"2:")), acked)
	})
}

func TestCheckDurable(t *testing.T) {
	ctx := context.Background()
	durable := redistest.Start(t, "--appendonly", "yes", "--appendfsync", "always")
	if err := open(t, durable.URL).CheckDurable(ctx); err != nil {
		t.Errorf("CheckDurable on an AOF-always server: %v", err)
	}
	lax := redistest.Start(t, "--appendonly", "yes", "--appendfsync", "everysec")
	if err := open(t, lax.URL).CheckDurable(ctx); !errors.Is(err, redisstore.ErrNotDurable) {
		t.Errorf("CheckDurable on an everysec server = %v; want ErrNotDurable", err)
	}
}

// TestHelperWriter is the child of TestKillDuringWrites: several goroutines
// Put and Append, printing each key only after both returned. It exits
// when the server goes away.
func TestHelperWriter(t *testing.T) {
	url := os.Getenv(envWriterURL)
	if url == "" {
		t.Skip("helper process for TestKillDuringWrites")
	}
	ctx := context.Background()
	db, err := redisstore.Open(ctx, url, redisstore.WithPrefix(os.Getenv(envWriterPrefix)))
	if err != nil {
		t.Fatal(err)
	}
	out := make(chan string)
	failed := make(chan struct{})
	var once sync.Once
	fail := func() { once.Do(func() { close(failed) }) }
	for w := range 8 {
		go func() {
			for i := 0; ; i++ {
				k := fmt.Sprintf("w%d-%06d", w, i)
				if err := db.Put(ctx, "crash", k, []byte("value of "+k)); err != nil {
					fail()
					return
				}
				if _, err := db.Append(ctx, "log", []byte(k)); err != nil {
					fail()
					return
				}
				out <- k
			}
		}()
	}
	for {
		select {
		case k := <-out:
			fmt.Println("ACK " + k)
		case <-failed:
			os.Exit(0)
		}
	}
}

package boltstore_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

func open(t *testing.T, dir string, opts ...boltstore.Option) *boltstore.DB {
	t.Helper()
	db, err := boltstore.Open(dir, opts...)
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
	storetest.Run(t, func(t *testing.T) store.KV {
		return open(t, t.TempDir())
	})
}

func TestOpenCreatesPrivateFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "nested")
	open(t, dir)
	for _, tt := range []struct {
		path string
		want os.FileMode
	}{{dir, 0o700 | os.ModeDir}, {filepath.Join(dir, boltstore.FileName), 0o600}} {
		fi, err := os.Stat(tt.path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode(); got != tt.want {
			t.Errorf("mode of %s = %v; want %v", tt.path, got, tt.want)
		}
	}
}

func TestSecondOpenIsLocked(t *testing.T) {
	dir := t.TempDir()
	db := open(t, dir)
	_, err := boltstore.Open(dir, boltstore.WithLockTimeout(100*time.Millisecond))
	if !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second Open = %v; want ErrLocked", err)
	}
	for _, want := range []string{"tiến trình thiduabot khác", "another thiduabot process", dir} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// Once the holder closes, the folder can be opened again.
	open(t, dir)
}

// TestSecondProcessIsLocked checks the lock across processes, which is the
// case that matters: an admin running a CLI command while the bot runs.
func TestSecondProcessIsLocked(t *testing.T) {
	dir := t.TempDir()
	open(t, dir)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperOpen$")
	cmd.Env = append(os.Environ(), "BOLTSTORE_HELPER_DIR="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "LOCKED") {
		t.Fatalf("second process opened a held store; output:\n%s", out)
	}
}

func TestHelperOpen(t *testing.T) {
	dir := os.Getenv("BOLTSTORE_HELPER_DIR")
	if dir == "" {
		t.Skip("helper process for TestSecondProcessIsLocked")
	}
	db, err := boltstore.Open(dir, boltstore.WithLockTimeout(100*time.Millisecond))
	if errors.Is(err, store.ErrLocked) {
		fmt.Println("LOCKED")
		return
	}
	if err == nil {
		db.Close()
	}
	fmt.Println("OPENED", err)
}

func TestExpiryOnFakeClock(t *testing.T) {
	start := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
	c := clock.NewFake(start)
	dir := t.TempDir()
	db := open(t, dir, boltstore.WithClock(c), boltstore.WithPurgeInterval(0))
	ctx := context.Background()
	if ok, err := db.Create(ctx, "seen", "u1", []byte("x"), time.Minute); err != nil || !ok {
		t.Fatalf("Create = %v, %v", ok, err)
	}
	if err := db.Put(ctx, "seen", "forever", []byte("y")); err != nil {
		t.Fatal(err)
	}
	items, err := db.List(ctx, "seen", "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := items[1].Expires, start.Add(time.Minute); items[1].Key != "u1" || !got.Equal(want) {
		t.Errorf("List item %+v; want u1 expiring at %v", items[1], want)
	}

	c.Advance(time.Minute - time.Nanosecond)
	if _, err := db.Get(ctx, "seen", "u1"); err != nil {
		t.Fatalf("Get 1ns before expiry: %v", err)
	}
	if ok, _ := db.Create(ctx, "seen", "u1", []byte("x"), time.Minute); ok {
		t.Fatal("Create won over a live key")
	}

	c.Advance(time.Nanosecond)
	if _, err := db.Get(ctx, "seen", "u1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get at expiry = %v; want ErrNotFound", err)
	}
	items, _ = db.List(ctx, "seen", "")
	if got := len(items); got != 1 {
		t.Errorf("List at expiry has %d items; want 1", got)
	}
	err = db.Update(ctx, "seen", "u1", func(old []byte, exists bool) ([]byte, error) {
		if exists {
			t.Errorf("Update saw an expired key as present: %q", old)
		}
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}

	if _, err := db.Create(ctx, "seen", "u2", []byte("x"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Create(ctx, "gone", "u3", []byte("x"), time.Second); err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Hour)
	if got, _ := db.Buckets(ctx); !slices.Equal(got, []string{"seen"}) {
		t.Errorf("Buckets = %q; want [seen]", got)
	}
	n, err := db.Purge(ctx)
	if err != nil || n != 2 {
		t.Fatalf("Purge = %d, %v; want 2 expired keys removed", n, err)
	}
	// Purged keys are really gone, not merely hidden: a clock moved back
	// (which only a test can do) would otherwise show them.
	db.Close()
	back := open(t, dir, boltstore.WithClock(clock.NewFake(start)), boltstore.WithPurgeInterval(0))
	items, _ = back.List(ctx, "seen", "")
	if got := len(items); got != 1 {
		t.Errorf("after Purge %d keys remain in seen; want 1", got)
	}
}

func TestBackgroundPurge(t *testing.T) {
	c := clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	dir := t.TempDir()
	db := open(t, dir, boltstore.WithClock(c), boltstore.WithPurgeInterval(time.Hour))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := db.Create(ctx, "seen", "u1", []byte("x"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := c.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Hour)
	// The loop purges, then waits again: its second wait proves the purge ran.
	if err := c.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	n, err := db.Purge(ctx)
	if err != nil || n != 0 {
		t.Errorf("Purge after the background purge = %d, %v; want 0 left", n, err)
	}
}

func TestPersistsAcrossReopen(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := boltstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Put(ctx, "b", "k", []byte("v")); err != nil {
		t.Fatal(err)
	}
	k1, err := db.Append(ctx, "log", []byte("1"))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = open(t, dir)
	if got, err := db.Get(ctx, "b", "k"); err != nil || string(got) != "v" {
		t.Errorf("Get after reopen = %q, %v", got, err)
	}
	k2, err := db.Append(ctx, "log", []byte("2"))
	if err != nil || k2 <= k1 {
		t.Errorf("Append after reopen = %q, %v; want a key after %q", k2, err, k1)
	}
}

// TestKillDuringWrites re-runs this test binary as a writer, kills it with
// SIGKILL in the middle of its write loop, and checks that every write it
// acknowledged (printed after Put returned) is in the store.
func TestKillDuringWrites(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$")
	cmd.Env = append(os.Environ(), "BOLTSTORE_WRITER_DIR="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		if k, ok := strings.CutPrefix(line, "ACK "); ok {
			acked = append(acked, k)
		}
		if len(acked) == 300 {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	cmd.Wait()
	if len(acked) < 300 {
		t.Fatalf("writer stopped after %d acknowledged writes", len(acked))
	}
	db := open(t, dir)
	ctx := context.Background()
	for _, k := range acked {
		if got, err := db.Get(ctx, "crash", k); err != nil || string(got) != "value of "+k {
			t.Fatalf("acknowledged key %s after kill -9: %q, %v", k, got, err)
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

// TestHelperWriter is the child of TestKillDuringWrites: it writes with
// several goroutines (so that writes are group-committed, the risky path)
// and prints each key only after its Put and Append returned.
func TestHelperWriter(t *testing.T) {
	dir := os.Getenv("BOLTSTORE_WRITER_DIR")
	if dir == "" {
		t.Skip("helper process for TestKillDuringWrites")
	}
	db, err := boltstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	out := make(chan string)
	for w := range 8 {
		go func() {
			for i := 0; ; i++ {
				k := fmt.Sprintf("w%d-%06d", w, i)
				if err := db.Put(ctx, "crash", k, []byte("value of "+k)); err != nil {
					t.Error(err)
					return
				}
				if _, err := db.Append(ctx, "log", []byte(k)); err != nil {
					t.Error(err)
					return
				}
				out <- k
			}
		}()
	}
	for k := range out {
		fmt.Println("ACK " + k)
	}
}

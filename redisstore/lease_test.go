package redisstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/internal/redistest"
	"github.com/thiduabot/thiduabot/redisstore"
)

// TestLease: of two clients, one holds a lease at a time; the holder may
// extend it, the other may not release it, and it passes on once released
// or expired.
func TestLease(t *testing.T) {
	ctx := context.Background()
	url := redistest.URL(t)
	prefix := redistest.Prefix(t, url)
	a := open(t, url, redisstore.WithPrefix(prefix))
	b := open(t, url, redisstore.WithPrefix(prefix))
	must := func(ok bool, err error, want bool, what string) {
		t.Helper()
		if err != nil || ok != want {
			t.Fatalf("%s = %v, %v; want %v", what, ok, err, want)
		}
	}
	ok, err := a.Lease(ctx, "chat:1", "A", time.Minute)
	must(ok, err, true, "A takes")
	ok, err = b.Lease(ctx, "chat:1", "B", time.Minute)
	must(ok, err, false, "B takes while A holds")
	ok, err = a.Lease(ctx, "chat:1", "A", time.Minute)
	must(ok, err, true, "A extends")
	if h, err := b.Holder(ctx, "chat:1"); err != nil || h != "A" {
		t.Fatalf("Holder = %q, %v; want A", h, err)
	}
	if err := b.Release(ctx, "chat:1", "B"); err != nil {
		t.Fatal(err)
	}
	ok, err = b.Lease(ctx, "chat:1", "B", time.Minute)
	must(ok, err, false, "B takes after releasing what it does not hold")
	if err := a.Release(ctx, "chat:1", "A"); err != nil {
		t.Fatal(err)
	}
	ok, err = b.Lease(ctx, "chat:1", "B", 50*time.Millisecond)
	must(ok, err, true, "B takes after A released")
	deadline := time.Now().Add(5 * time.Second)
	for {
		// Redis expires the lease on its own (wall) clock.
		ok, err = a.Lease(ctx, "chat:1", "A", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("B's 50 ms lease never expired")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if h, _ := a.Holder(ctx, "none"); h != "" {
		t.Fatalf("Holder of a free lease = %q", h)
	}
}

// TestLeaseKeys: the keys come only with the lease, sorted, limited to the
// prefix and without expired ones.
func TestLeaseKeys(t *testing.T) {
	ctx := context.Background()
	url := redistest.URL(t)
	prefix := redistest.Prefix(t, url)
	a := open(t, url, redisstore.WithPrefix(prefix))
	b := open(t, url, redisstore.WithPrefix(prefix))
	for _, k := range []string{"7/002", "7/001", "8/001", "70/001"} {
		if err := a.Put(ctx, "q", k, []byte("q")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Create(ctx, "q", "7/003", []byte("q"), 20*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	held, keys, err := a.LeaseKeys(ctx, "chat:7", "A", time.Minute, "q", "7/")
	if err != nil || !held || !slices.Equal(keys, []string{"7/001", "7/002"}) {
		t.Fatalf("LeaseKeys = %v, %q, %v; want true, [7/001 7/002]", held, keys, err)
	}
	held, keys, err = b.LeaseKeys(ctx, "chat:7", "B", time.Minute, "q", "7/")
	if err != nil || held || keys != nil {
		t.Fatalf("LeaseKeys of a held lease = %v, %q, %v; want false, none", held, keys, err)
	}
	held, keys, err = a.LeaseKeys(ctx, "chat:7", "A", time.Minute, "q", "9/")
	if err != nil || !held || len(keys) != 0 {
		t.Fatalf("LeaseKeys (extend, empty queue) = %v, %q, %v; want true, none", held, keys, err)
	}
	if h, _ := b.Holder(ctx, "chat:7"); h != "A" {
		t.Fatalf("Holder = %q; want A", h)
	}
}

package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/store"
)

func testCreateAll(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	ok, err := kv.CreateAll(ctx, 0,
		store.Entry{Bucket: "updates", Key: "7", Value: []byte("raw")},
		store.Entry{Bucket: "chatq", Key: "1/7", Value: []byte("q")})
	if err != nil || !ok {
		t.Fatalf("first CreateAll = %v, %v; want true, nil", ok, err)
	}
	wantValue(t, kv, "updates", "7", "raw")
	wantValue(t, kv, "chatq", "1/7", "q")
	// One key taken: nothing is written, not even the free one.
	ok, err = kv.CreateAll(ctx, 0,
		store.Entry{Bucket: "updates", Key: "8", Value: []byte("new")},
		store.Entry{Bucket: "chatq", Key: "1/7", Value: []byte("again")})
	if err != nil || ok {
		t.Fatalf("CreateAll over a taken key = %v, %v; want false, nil", ok, err)
	}
	wantMissing(t, kv, "updates", "8")
	wantValue(t, kv, "chatq", "1/7", "q")
	if got := keys(mustList(t, kv, "updates", "")); !slices.Equal(got, []string{"7"}) {
		t.Errorf("List after a refused CreateAll = %q; want [7]", got)
	}
	if got := mustBuckets(t, kv); !slices.Equal(got, []string{"chatq", "updates"}) {
		t.Errorf("Buckets = %q; want [chatq updates]", got)
	}
	// After a Delete the keys are free again; items show no expiry.
	for _, k := range []string{"7"} {
		if err := kv.Delete(ctx, "updates", k); err != nil {
			t.Fatal(err)
		}
	}
	ok, err = kv.CreateAll(ctx, 0, store.Entry{Bucket: "updates", Key: "7", Value: []byte("again")})
	if err != nil || !ok {
		t.Fatalf("CreateAll after Delete = %v, %v; want true, nil", ok, err)
	}
	for _, it := range mustList(t, kv, "updates", "") {
		if !it.Expires.IsZero() {
			t.Errorf("item %+v created without ttl has an expiry", it)
		}
	}
	// Invalid names are refused before anything is written.
	if _, err := kv.CreateAll(ctx, 0, store.Entry{Bucket: "updates", Key: "9", Value: []byte("v")},
		store.Entry{Bucket: "", Key: "x", Value: []byte("v")}); err == nil {
		t.Error("CreateAll with an empty bucket: no error")
	}
	wantMissing(t, kv, "updates", "9")
}

func testCreateAllConcurrent(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	// Each goroutine claims update 42 with its own second key, and a third
	// key shared with one neighbour: exactly one claim may win, and only
	// its keys are written.
	const n = 40
	var wg sync.WaitGroup
	won := make(chan int, n)
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			ok, err := kv.CreateAll(ctx, time.Hour,
				store.Entry{Bucket: "claims", Key: "update:42", Value: []byte(strconv.Itoa(i))},
				store.Entry{Bucket: "chatq", Key: fmt.Sprintf("own/%02d", i), Value: []byte("q")})
			if err != nil {
				errs <- err
			}
			if ok {
				won <- i
			}
		})
	}
	wg.Wait()
	close(won)
	close(errs)
	for err := range errs {
		t.Errorf("CreateAll: %v", err)
	}
	var winners []int
	for i := range won {
		winners = append(winners, i)
	}
	if len(winners) != 1 {
		t.Fatalf("%d of %d concurrent CreateAlls won (%v); want exactly 1", len(winners), n, winners)
	}
	wantValue(t, kv, "claims", "update:42", strconv.Itoa(winners[0]))
	if got := keys(mustList(t, kv, "chatq", "")); !slices.Equal(got, []string{fmt.Sprintf("own/%02d", winners[0])}) {
		t.Errorf("chatq = %q; want only the winner's key", got)
	}
}

func testCreateAllTTL(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	const ttl = 50 * time.Millisecond
	before := time.Now()
	ok, err := kv.CreateAll(ctx, ttl, store.Entry{Bucket: "seen", Key: "a", Value: []byte("v")},
		store.Entry{Bucket: "seenq", Key: "a", Value: []byte("q")})
	if err != nil || !ok {
		t.Fatalf("CreateAll with ttl = %v, %v; want true, nil", ok, err)
	}
	if _, err := kv.CreateAll(ctx, time.Hour, store.Entry{Bucket: "seen", Key: "long", Value: []byte("v")}); err != nil {
		t.Fatal(err)
	}
	for _, it := range mustList(t, kv, "seen", "long") {
		if it.Expires.Before(before.Add(time.Hour-time.Minute)) || it.Expires.After(time.Now().Add(time.Hour+time.Minute)) {
			t.Errorf("Expires of a 1h key = %v; want about %v", it.Expires, before.Add(time.Hour))
		}
	}
	eventually(t, "both 50ms keys to expire", func() bool {
		_, err1 := kv.Get(ctx, "seen", "a")
		_, err2 := kv.Get(ctx, "seenq", "a")
		return errors.Is(err1, store.ErrNotFound) && errors.Is(err2, store.ErrNotFound)
	})
	ok, err = kv.CreateAll(ctx, 0, store.Entry{Bucket: "seen", Key: "a", Value: []byte("again")},
		store.Entry{Bucket: "seenq", Key: "a", Value: []byte("again")})
	if err != nil || !ok {
		t.Fatalf("CreateAll over expired keys = %v, %v; want true, nil", ok, err)
	}
	wantValue(t, kv, "seenq", "a", "again")
}

func testReplace(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	ok, err := kv.Replace(ctx, "updates", "1", []byte("done"))
	if err != nil || ok {
		t.Fatalf("Replace of an absent key = %v, %v; want false, nil", ok, err)
	}
	wantMissing(t, kv, "updates", "1")
	if got := mustBuckets(t, kv); len(got) != 0 {
		t.Errorf("Buckets after a Replace of an absent key = %q; want none", got)
	}
	if _, err := kv.Create(ctx, "updates", "1", []byte("raw"), time.Hour); err != nil {
		t.Fatal(err)
	}
	items := mustList(t, kv, "updates", "")
	if len(items) != 1 || items[0].Expires.IsZero() {
		t.Fatalf("List = %+v; want one expiring item", items)
	}
	exp := items[0].Expires
	ok, err = kv.Replace(ctx, "updates", "1", []byte("done"))
	if err != nil || !ok {
		t.Fatalf("Replace of a live key = %v, %v; want true, nil", ok, err)
	}
	wantValue(t, kv, "updates", "1", "done")
	items = mustList(t, kv, "updates", "")
	if len(items) != 1 || items[0].Expires.IsZero() || items[0].Expires.Sub(exp).Abs() > time.Minute {
		t.Errorf("List after Replace = %+v; want the expiry %v kept", items, exp)
	}
	// An expired key is absent: Replace does not bring it back.
	if _, err := kv.Create(ctx, "updates", "2", []byte("raw"), 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the 50ms key to expire", func() bool {
		_, err := kv.Get(ctx, "updates", "2")
		return errors.Is(err, store.ErrNotFound)
	})
	ok, err = kv.Replace(ctx, "updates", "2", []byte("done"))
	if err != nil || ok {
		t.Fatalf("Replace of an expired key = %v, %v; want false, nil", ok, err)
	}
	wantMissing(t, kv, "updates", "2")
	// A key without expiry keeps none.
	mustPut(t, kv, "updates", "3", "raw")
	if ok, err := kv.Replace(ctx, "updates", "3", []byte("done")); err != nil || !ok {
		t.Fatalf("Replace = %v, %v; want true, nil", ok, err)
	}
	for _, it := range mustList(t, kv, "updates", "3") {
		if !it.Expires.IsZero() {
			t.Errorf("item %+v gained an expiry", it)
		}
	}
}

// testListLong lists more keys than an adapter reads in one go, with some
// expired ones among them, whole and by a prefix across the boundary.
func testListLong(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	const n = 700
	var want, wantP, short []string
	for i := range n {
		k := fmt.Sprintf("k%04d", i)
		if i%97 == 5 {
			short = append(short, k)
			continue
		}
		want = append(want, k)
		if i >= 200 && i < 300 {
			wantP = append(wantP, k)
		}
	}
	err := kv.Txn(ctx, func(tx store.Tx) error { // one commit, not 700
		for _, k := range want {
			if err := tx.Put("long", k, []byte("v:"+k)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range short {
		if _, err := kv.Create(ctx, "long", k, []byte("gone"), 20*time.Millisecond); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, "the short keys to expire", func() bool {
		_, err := kv.Get(ctx, "long", fmt.Sprintf("k%04d", 5))
		return errors.Is(err, store.ErrNotFound)
	})
	time.Sleep(30 * time.Millisecond)
	items := mustList(t, kv, "long", "")
	if got := keys(items); !slices.Equal(got, want) {
		t.Fatalf("List of %d keys: got %d keys, want %d (first difference near %v)", n, len(got), len(want), firstDiff(got, want))
	}
	for _, it := range items {
		if string(it.Value) != "v:"+it.Key || !it.Expires.IsZero() {
			t.Fatalf("item %+v; want value %q, no expiry", it, "v:"+it.Key)
		}
	}
	if got := keys(mustList(t, kv, "long", "k02")); !slices.Equal(got, wantP) {
		t.Errorf("List(k02) = %d keys; want %d", len(got), len(wantP))
	}
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] + " ≠ " + b[i]
		}
	}
	return "the end"
}

// Package storetest is the one contract test suite every store.KV
// implementation must pass. An adapter's tests call Run with a function that
// opens a fresh, empty store; the suite then checks every method and edge of
// the contract the domain relies on (atomic claims, lossless concurrent
// updates, expiry, ordering), so the embedded store and Redis cannot drift.
package storetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/store"
)

// Run runs the contract suite. open must return a new, empty store for each
// call and arrange its closing with t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) store.KV) {
	tests := []struct {
		name string
		run  func(t *testing.T, kv store.KV)
	}{
		{"GetMissing", testGetMissing},
		{"PutGetOverwrite", testPutGetOverwrite},
		{"EmptyValue", testEmptyValue},
		{"ValuesAreCopies", testValuesAreCopies},
		{"Delete", testDelete},
		{"InvalidNames", testInvalidNames},
		{"CanceledContext", testCanceledContext},
		{"Create", testCreate},
		{"CreateConcurrent", testCreateConcurrent},
		{"CreateTTL", testCreateTTL},
		{"CreateAll", testCreateAll},
		{"CreateAllConcurrent", testCreateAllConcurrent},
		{"CreateAllTTL", testCreateAllTTL},
		{"Replace", testReplace},
		{"Update", testUpdate},
		{"UpdateError", testUpdateError},
		{"UpdateNilDeletes", testUpdateNilDeletes},
		{"UpdateConcurrent", testUpdateConcurrent},
		{"ExpiryKeptByUpdateClearedByPut", testExpiryKeptByUpdate},
		{"List", testList},
		{"ListLong", testListLong},
		{"BucketsAreSeparate", testBucketsAreSeparate},
		{"Append", testAppend},
		{"AppendConcurrent", testAppendConcurrent},
		{"AppendAfterImportedKeys", testAppendAfterImportedKeys},
		{"Buckets", testBuckets},
		{"Unicode", testUnicode},
		{"LargeValue", testLargeValue},
		{"TxnOwnWrites", testTxnOwnWrites},
		{"TxnRollback", testTxnRollback},
		{"TxnCreateTTL", testTxnCreateTTL},
		{"TxnBuckets", testTxnBuckets},
		{"TxnCanceledContext", testTxnCanceledContext},
		{"TxnConflict", testTxnConflict},
		{"TxnNoPhantom", testTxnNoPhantom},
		{"TxnConcurrentIncrements", testTxnConcurrentIncrements},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.run(t, open(t))
		})
	}
}

func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func mustPut(t *testing.T, kv store.KV, bucket, key, value string) {
	t.Helper()
	if err := kv.Put(ctxT(t), bucket, key, []byte(value)); err != nil {
		t.Fatalf("Put(%q, %q): %v", bucket, key, err)
	}
}

func wantValue(t *testing.T, kv store.KV, bucket, key, want string) {
	t.Helper()
	got, err := kv.Get(ctxT(t), bucket, key)
	if err != nil {
		t.Fatalf("Get(%q, %q): %v; want %q", bucket, key, err, want)
	}
	if string(got) != want {
		t.Fatalf("Get(%q, %q) = %q; want %q", bucket, key, got, want)
	}
}

func wantMissing(t *testing.T, kv store.KV, bucket, key string) {
	t.Helper()
	got, err := kv.Get(ctxT(t), bucket, key)
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get(%q, %q) = %q, %v; want ErrNotFound", bucket, key, got, err)
	}
}

func keys(items []store.Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Key
	}
	return out
}

func mustList(t *testing.T, kv store.KV, bucket, prefix string) []store.Item {
	t.Helper()
	items, err := kv.List(ctxT(t), bucket, prefix)
	if err != nil {
		t.Fatalf("List(%q, %q): %v", bucket, prefix, err)
	}
	return items
}

func mustBuckets(t *testing.T, kv store.KV) []string {
	t.Helper()
	got, err := kv.Buckets(ctxT(t))
	if err != nil {
		t.Fatalf("Buckets: %v", err)
	}
	return got
}

// eventually polls cond until it holds or a generous deadline passes. It is
// only for server-side expiry, which no injected clock can drive.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

func testGetMissing(t *testing.T, kv store.KV) {
	wantMissing(t, kv, "b", "absent")
	mustPut(t, kv, "b", "present", "x")
	wantMissing(t, kv, "b", "absent")
	wantMissing(t, kv, "other", "present")
	if got := mustList(t, kv, "nobucket", ""); len(got) != 0 {
		t.Errorf("List of absent bucket = %v; want empty", keys(got))
	}
}

func testPutGetOverwrite(t *testing.T, kv store.KV) {
	mustPut(t, kv, "b", "k", "one")
	wantValue(t, kv, "b", "k", "one")
	mustPut(t, kv, "b", "k", "two")
	wantValue(t, kv, "b", "k", "two")
	if got := keys(mustList(t, kv, "b", "")); !slices.Equal(got, []string{"k"}) {
		t.Errorf("List after overwrite = %q; want [k]", got)
	}
}

func testEmptyValue(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	if err := kv.Put(ctx, "b", "empty", []byte{}); err != nil {
		t.Fatal(err)
	}
	got, err := kv.Get(ctx, "b", "empty")
	if err != nil || len(got) != 0 {
		t.Fatalf("Get(empty) = %q, %v; want empty value, nil", got, err)
	}
	items := mustList(t, kv, "b", "")
	if len(items) != 1 || len(items[0].Value) != 0 {
		t.Fatalf("List = %+v; want one empty item", items)
	}
}

func testValuesAreCopies(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	v := []byte("original")
	if err := kv.Put(ctx, "b", "k", v); err != nil {
		t.Fatal(err)
	}
	copy(v, "MUTATED!")
	got, err := kv.Get(ctx, "b", "k")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "original" {
		t.Fatalf("store kept the caller's slice: Get = %q", got)
	}
	copy(got, "MUTATED!")
	wantValue(t, kv, "b", "k", "original")
}

func testDelete(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	if err := kv.Delete(ctx, "b", "absent"); err != nil {
		t.Fatalf("Delete of absent key in absent bucket: %v", err)
	}
	mustPut(t, kv, "b", "k", "v")
	mustPut(t, kv, "b", "k2", "v2")
	if err := kv.Delete(ctx, "b", "absent"); err != nil {
		t.Fatalf("Delete of absent key: %v", err)
	}
	if err := kv.Delete(ctx, "b", "k"); err != nil {
		t.Fatal(err)
	}
	wantMissing(t, kv, "b", "k")
	wantValue(t, kv, "b", "k2", "v2")
	if got := keys(mustList(t, kv, "b", "")); !slices.Equal(got, []string{"k2"}) {
		t.Errorf("List after Delete = %q; want [k2]", got)
	}
	if err := kv.Delete(ctx, "b", "k"); err != nil {
		t.Fatalf("second Delete: %v", err)
	}
}

func testInvalidNames(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	tests := []struct {
		name        string
		bucket, key string
	}{
		{"empty bucket", "", "k"},
		{"empty key", "b", ""},
		{"NUL in key", "b", "a\x00b"},
		{"NUL in bucket", "a\x00b", "k"},
	}
	for _, tt := range tests {
		if err := kv.Put(ctx, tt.bucket, tt.key, []byte("v")); err == nil {
			t.Errorf("%s: Put(%q, %q) succeeded; want an error", tt.name, tt.bucket, tt.key)
		}
		if _, err := kv.Create(ctx, tt.bucket, tt.key, []byte("v"), 0); err == nil {
			t.Errorf("%s: Create(%q, %q) succeeded; want an error", tt.name, tt.bucket, tt.key)
		}
	}
	if _, err := kv.Append(ctx, "", []byte("v")); err == nil {
		t.Error("Append to empty bucket name succeeded; want an error")
	}
	if got := mustBuckets(t, kv); len(got) != 0 {
		t.Errorf("Buckets after rejected writes = %q; want none", got)
	}
}

func testCanceledContext(t *testing.T, kv store.KV) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := kv.Put(ctx, "b", "k", []byte("v")); !errors.Is(err, context.Canceled) {
		t.Errorf("Put with canceled context = %v; want context.Canceled", err)
	}
	if _, err := kv.Get(ctx, "b", "k"); !errors.Is(err, context.Canceled) {
		t.Errorf("Get with canceled context = %v; want context.Canceled", err)
	}
	wantMissing(t, kv, "b", "k")
}

func testCreate(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	ok, err := kv.Create(ctx, "claims", "k", []byte("first"), 0)
	if err != nil || !ok {
		t.Fatalf("first Create = %v, %v; want true, nil", ok, err)
	}
	ok, err = kv.Create(ctx, "claims", "k", []byte("second"), 0)
	if err != nil || ok {
		t.Fatalf("second Create = %v, %v; want false, nil", ok, err)
	}
	wantValue(t, kv, "claims", "k", "first")
	if err := kv.Delete(ctx, "claims", "k"); err != nil {
		t.Fatal(err)
	}
	ok, err = kv.Create(ctx, "claims", "k", []byte("third"), 0)
	if err != nil || !ok {
		t.Fatalf("Create after Delete = %v, %v; want true, nil", ok, err)
	}
	wantValue(t, kv, "claims", "k", "third")
	items := mustList(t, kv, "claims", "")
	if len(items) != 1 || !items[0].Expires.IsZero() {
		t.Fatalf("List = %+v; want one item without expiry", items)
	}
}

func testCreateConcurrent(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	const n = 50
	var wg sync.WaitGroup
	won := make(chan int, n)
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := kv.Create(ctx, "claims", "update:42", []byte(strconv.Itoa(i)), time.Hour)
			if err != nil {
				errs <- err
			}
			if ok {
				won <- i
			}
		}()
	}
	wg.Wait()
	close(won)
	close(errs)
	for err := range errs {
		t.Errorf("Create: %v", err)
	}
	var winners []int
	for i := range won {
		winners = append(winners, i)
	}
	if len(winners) != 1 {
		t.Fatalf("%d of %d concurrent Creates won (%v); want exactly 1", len(winners), n, winners)
	}
	wantValue(t, kv, "claims", "update:42", strconv.Itoa(winners[0]))
}

func testCreateTTL(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	const ttl = 50 * time.Millisecond
	before := time.Now()
	ok, err := kv.Create(ctx, "seen", "short", []byte("v"), ttl)
	if err != nil || !ok {
		t.Fatalf("Create with ttl = %v, %v; want true, nil", ok, err)
	}
	if _, err := kv.Create(ctx, "seen", "long", []byte("v"), time.Hour); err != nil {
		t.Fatal(err)
	}
	// The long key shows its expiry, about an hour from now.
	for _, it := range mustList(t, kv, "seen", "long") {
		if it.Expires.Before(before.Add(time.Hour-time.Minute)) || it.Expires.After(time.Now().Add(time.Hour+time.Minute)) {
			t.Errorf("Expires of a 1h key = %v; want about %v", it.Expires, before.Add(time.Hour))
		}
	}
	if _, err := kv.Create(ctx, "onlyexpiring", "k", []byte("v"), ttl); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the 50ms key to expire", func() bool {
		_, err := kv.Get(ctx, "seen", "short")
		return errors.Is(err, store.ErrNotFound)
	})
	if got := keys(mustList(t, kv, "seen", "")); !slices.Equal(got, []string{"long"}) {
		t.Errorf("List after expiry = %q; want [long]", got)
	}
	eventually(t, "the bucket holding only an expired key to vanish", func() bool {
		return !slices.Contains(mustBuckets(t, kv), "onlyexpiring")
	})
	ok, err = kv.Create(ctx, "seen", "short", []byte("again"), 0)
	if err != nil || !ok {
		t.Fatalf("Create over an expired key = %v, %v; want true, nil", ok, err)
	}
	wantValue(t, kv, "seen", "short", "again")
	ok, err = kv.Create(ctx, "seen", "long", []byte("again"), 0)
	if err != nil || ok {
		t.Fatalf("Create over a live key with ttl = %v, %v; want false, nil", ok, err)
	}
}

func testUpdate(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	var sawOld []byte
	var sawExists bool
	err := kv.Update(ctx, "b", "k", func(old []byte, exists bool) ([]byte, error) {
		sawOld, sawExists = old, exists
		return []byte("created"), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if sawOld != nil || sawExists {
		t.Errorf("Update of absent key saw %q, %v; want nil, false", sawOld, sawExists)
	}
	wantValue(t, kv, "b", "k", "created")
	err = kv.Update(ctx, "b", "k", func(old []byte, exists bool) ([]byte, error) {
		sawOld, sawExists = bytes.Clone(old), exists
		return append(old, "+more"...), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if string(sawOld) != "created" || !sawExists {
		t.Errorf("Update of present key saw %q, %v; want %q, true", sawOld, sawExists, "created")
	}
	wantValue(t, kv, "b", "k", "created+more")
}

var errRefused = errors.New("refused by fn")

func testUpdateError(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	mustPut(t, kv, "b", "k", "kept")
	refuse := func(old []byte, exists bool) ([]byte, error) { return []byte("written"), errRefused }
	if err := kv.Update(ctx, "b", "k", refuse); !errors.Is(err, errRefused) {
		t.Fatalf("Update = %v; want the fn's error", err)
	}
	wantValue(t, kv, "b", "k", "kept")
	if err := kv.Update(ctx, "b", "absent", refuse); !errors.Is(err, errRefused) {
		t.Fatalf("Update of absent key = %v; want the fn's error", err)
	}
	wantMissing(t, kv, "b", "absent")
}

func testUpdateNilDeletes(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	mustPut(t, kv, "b", "k", "v")
	mustPut(t, kv, "b", "other", "v")
	del := func(old []byte, exists bool) ([]byte, error) { return nil, nil }
	if err := kv.Update(ctx, "b", "k", del); err != nil {
		t.Fatal(err)
	}
	wantMissing(t, kv, "b", "k")
	if got := keys(mustList(t, kv, "b", "")); !slices.Equal(got, []string{"other"}) {
		t.Errorf("List after Update→nil = %q; want [other]", got)
	}
	if err := kv.Update(ctx, "b", "absent", del); err != nil {
		t.Fatalf("Update→nil of absent key: %v", err)
	}
	wantMissing(t, kv, "b", "absent")
}

func testUpdateConcurrent(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	const n = 100
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := kv.Update(ctx, "counters", "c", func(old []byte, exists bool) ([]byte, error) {
				c := 0
				if exists {
					var err error
					if c, err = strconv.Atoi(string(old)); err != nil {
						return nil, err
					}
				}
				return []byte(strconv.Itoa(c + 1)), nil
			})
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("Update: %v", err)
	}
	wantValue(t, kv, "counters", "c", strconv.Itoa(n))
}

func testExpiryKeptByUpdate(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	if _, err := kv.Create(ctx, "b", "k", []byte("v1"), time.Hour); err != nil {
		t.Fatal(err)
	}
	err := kv.Update(ctx, "b", "k", func(old []byte, exists bool) ([]byte, error) { return []byte("v2"), nil })
	if err != nil {
		t.Fatal(err)
	}
	items := mustList(t, kv, "b", "k")
	if len(items) != 1 || string(items[0].Value) != "v2" || items[0].Expires.IsZero() {
		t.Fatalf("after Update: %+v; want v2 still expiring", items)
	}
	mustPut(t, kv, "b", "k", "v3")
	items = mustList(t, kv, "b", "k")
	if len(items) != 1 || string(items[0].Value) != "v3" || !items[0].Expires.IsZero() {
		t.Fatalf("after Put: %+v; want v3 without expiry", items)
	}
}

func testList(t *testing.T, kv store.KV) {
	// Inserted out of order; the contract sorts bytewise.
	all := []string{"b", "abc", "a", "ab", "a:2026:01", "a:2026:02", "ac", "\u1ea1", "Z", "~"}
	for _, k := range all {
		mustPut(t, kv, "list", k, "v:"+k)
	}
	mustPut(t, kv, "list2", "a", "other bucket")
	sorted := slices.Clone(all)
	slices.Sort(sorted)
	tests := []struct {
		prefix string
		want   []string
	}{
		{"", sorted},
		{"a", []string{"a", "a:2026:01", "a:2026:02", "ab", "abc", "ac"}},
		{"a:", []string{"a:2026:01", "a:2026:02"}},
		{"a:2026:02", []string{"a:2026:02"}},
		{"ab", []string{"ab", "abc"}},
		{"abcd", nil},
		{"c", nil},
		{"~", []string{"~"}},
		{"\u1ea1", []string{"\u1ea1"}},
		{"\xe1", []string{"\u1ea1"}}, // a byte prefix of a multi-byte rune
	}
	for _, tt := range tests {
		items := mustList(t, kv, "list", tt.prefix)
		if got := keys(items); !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
			t.Errorf("List(%q) = %q; want %q", tt.prefix, got, tt.want)
		}
		for _, it := range items {
			if string(it.Value) != "v:"+it.Key || !it.Expires.IsZero() {
				t.Errorf("List(%q) item %+v; want value %q, no expiry", tt.prefix, it, "v:"+it.Key)
			}
		}
	}
}

func testBucketsAreSeparate(t *testing.T, kv store.KV) {
	// Names chosen so that a careless "bucket:key" encoding would collide.
	mustPut(t, kv, "a", "b:c", "1")
	mustPut(t, kv, "a:b", "c", "2")
	mustPut(t, kv, "a:b:c", "d", "3")
	wantValue(t, kv, "a", "b:c", "1")
	wantValue(t, kv, "a:b", "c", "2")
	if got := keys(mustList(t, kv, "a", "")); !slices.Equal(got, []string{"b:c"}) {
		t.Errorf("List(a) = %q; want [b:c]", got)
	}
	if got := keys(mustList(t, kv, "a:b", "")); !slices.Equal(got, []string{"c"}) {
		t.Errorf("List(a:b) = %q; want [c]", got)
	}
	if got, want := mustBuckets(t, kv), []string{"a", "a:b", "a:b:c"}; !slices.Equal(got, want) {
		t.Errorf("Buckets = %q; want %q", got, want)
	}
}

func testAppend(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	var got []string
	for i := range 12 {
		k, err := kv.Append(ctx, "audit", []byte(fmt.Sprintf("event %d", i)))
		if err != nil {
			t.Fatal(err)
		}
		if len(k) != 20 {
			t.Errorf("Append key %q has %d characters; want 20 (zero-padded)", k, len(k))
		}
		if len(got) > 0 && k <= got[len(got)-1] {
			t.Errorf("Append key %q does not sort after %q", k, got[len(got)-1])
		}
		got = append(got, k)
		if _, err := kv.Append(ctx, "other", []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	// Deleting the newest entry must not let the sequence reuse its key.
	if err := kv.Delete(ctx, "audit", got[len(got)-1]); err != nil {
		t.Fatal(err)
	}
	k, err := kv.Append(ctx, "audit", []byte("after delete"))
	if err != nil {
		t.Fatal(err)
	}
	if k <= got[len(got)-1] {
		t.Errorf("Append after Delete gave %q; want a key after %q", k, got[len(got)-1])
	}
	items := mustList(t, kv, "audit", "")
	want := append(slices.Clone(got[:len(got)-1]), k)
	if !slices.Equal(keys(items), want) {
		t.Fatalf("List(audit) = %q; want %q", keys(items), want)
	}
	for i, it := range items[:len(items)-1] {
		if string(it.Value) != fmt.Sprintf("event %d", i) {
			t.Errorf("item %d = %q; want %q", i, it.Value, fmt.Sprintf("event %d", i))
		}
	}
	wantValue(t, kv, "audit", k, "after delete")
}

func testAppendConcurrent(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	const n = 40
	var mu sync.Mutex
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k, err := kv.Append(ctx, "log", []byte(strconv.Itoa(i)))
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if seen[k] {
				t.Errorf("Append returned key %q twice", k)
			}
			seen[k] = true
		}()
	}
	wg.Wait()
	if got := len(mustList(t, kv, "log", "")); got != n {
		t.Errorf("List after %d concurrent Appends has %d items", n, got)
	}
}

// testAppendAfterImportedKeys covers a store filled by Import: its log keys
// were written with Put, and Append must not hand out (and overwrite) them.
func testAppendAfterImportedKeys(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	mustPut(t, kv, "audit", "00000000000000000041", "imported 41")
	mustPut(t, kv, "audit", "00000000000000000042", "imported 42")
	mustPut(t, kv, "audit", "notes", "a key that is not a sequence number")
	k, err := kv.Append(ctx, "audit", []byte("new"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "00000000000000000043"; k != want {
		t.Errorf("Append after imported keys = %q; want %q", k, want)
	}
	wantValue(t, kv, "audit", "00000000000000000042", "imported 42")
	k2, err := kv.Append(ctx, "audit", []byte("newer"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "00000000000000000044"; k2 != want {
		t.Errorf("second Append = %q; want %q", k2, want)
	}
}

func testBuckets(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	if got := mustBuckets(t, kv); len(got) != 0 {
		t.Fatalf("Buckets of empty store = %q; want none", got)
	}
	mustPut(t, kv, "members", "1", "x")
	mustPut(t, kv, "audit", "1", "x")
	if _, err := kv.Append(ctx, "revisions", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Create(ctx, "claims", "1", []byte("x"), 0); err != nil {
		t.Fatal(err)
	}
	mustPut(t, kv, "gone", "1", "x")
	if err := kv.Delete(ctx, "gone", "1"); err != nil {
		t.Fatal(err)
	}
	if err := kv.Update(ctx, "never", "1", func([]byte, bool) ([]byte, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	if err := kv.Update(ctx, "refused", "1", func([]byte, bool) ([]byte, error) { return nil, errRefused }); !errors.Is(err, errRefused) {
		t.Fatal(err)
	}
	want := []string{"audit", "claims", "members", "revisions"}
	if got := mustBuckets(t, kv); !slices.Equal(got, want) {
		t.Errorf("Buckets = %q; want %q", got, want)
	}
}

func testUnicode(t *testing.T, kv store.KV) {
	bucket := "đơn vị/Bảo hiểm xã hội"
	ks := []string{"Đắk Lắk", "Đắk Nông", "Khánh Hòa", "Lâm Đồng", "Ninh Thuận", "Bình Thuận", "emoji 📋✅", "tab\tkey", "a b c"}
	for _, k := range ks {
		mustPut(t, kv, bucket, k, "giá trị "+k)
	}
	for _, k := range ks {
		wantValue(t, kv, bucket, k, "giá trị "+k)
	}
	want := slices.Clone(ks)
	slices.Sort(want)
	if got := keys(mustList(t, kv, bucket, "")); !slices.Equal(got, want) {
		t.Errorf("List = %q; want %q", got, want)
	}
	if got := keys(mustList(t, kv, bucket, "Đắk")); !slices.Equal(got, []string{"Đắk Lắk", "Đắk Nông"}) {
		t.Errorf("List(Đắk) = %q", got)
	}
	if got := mustBuckets(t, kv); !slices.Equal(got, []string{bucket}) {
		t.Errorf("Buckets = %q; want [%q]", got, bucket)
	}
}

func testLargeValue(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	big := make([]byte, 1<<20)
	if _, err := rand.Read(big); err != nil {
		t.Fatal(err)
	}
	if err := kv.Put(ctx, "blobs", "big", big); err != nil {
		t.Fatal(err)
	}
	got, err := kv.Get(ctx, "blobs", "big")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, big) {
		t.Fatalf("1 MiB value came back different (%d bytes)", len(got))
	}
	items := mustList(t, kv, "blobs", "")
	if len(items) != 1 || !bytes.Equal(items[0].Value, big) {
		t.Fatalf("List did not return the 1 MiB value intact")
	}
}

package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/store"
)

func mustTxn(t *testing.T, kv store.KV, fn func(tx store.Tx) error) {
	t.Helper()
	if err := kv.Txn(ctxT(t), fn); err != nil {
		t.Fatalf("Txn: %v", err)
	}
}

func testTxnOwnWrites(t *testing.T, kv store.KV) {
	mustPut(t, kv, "b", "gone", "old")
	mustPut(t, kv, "b", "kept", "old")
	mustTxn(t, kv, func(tx store.Tx) error {
		if err := tx.Put("b", "new", []byte("n")); err != nil {
			return err
		}
		if err := tx.Put("b", "kept", []byte("changed")); err != nil {
			return err
		}
		if err := tx.Delete("b", "gone"); err != nil {
			return err
		}
		if v, err := tx.Get("b", "new"); err != nil || string(v) != "n" {
			return fmt.Errorf("Get of own Put = %q, %v", v, err)
		}
		if _, err := tx.Get("b", "gone"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("Get of own Delete = %v; want ErrNotFound", err)
		}
		if ok, err := tx.Create("b", "new", []byte("x"), 0); err != nil || ok {
			return fmt.Errorf("Create over own Put = %v, %v; want false", ok, err)
		}
		if ok, err := tx.Create("b", "gone", []byte("again"), 0); err != nil || !ok {
			return fmt.Errorf("Create over own Delete = %v, %v; want true", ok, err)
		}
		items, err := tx.List("b", "")
		if err != nil {
			return err
		}
		want := []string{"gone:again", "kept:changed", "new:n"}
		var got []string
		for _, it := range items {
			got = append(got, it.Key+":"+string(it.Value))
		}
		if !slices.Equal(got, want) {
			return fmt.Errorf("List inside = %q; want %q", got, want)
		}
		return nil
	})
	wantValue(t, kv, "b", "new", "n")
	wantValue(t, kv, "b", "kept", "changed")
	wantValue(t, kv, "b", "gone", "again")
}

func testTxnRollback(t *testing.T, kv store.KV) {
	mustPut(t, kv, "b", "k", "kept")
	mustPut(t, kv, "b", "d", "kept")
	err := kv.Txn(ctxT(t), func(tx store.Tx) error {
		if err := tx.Put("b", "k", []byte("written")); err != nil {
			return err
		}
		if err := tx.Put("other", "k", []byte("written")); err != nil {
			return err
		}
		if err := tx.Delete("b", "d"); err != nil {
			return err
		}
		return errRefused
	})
	if err != errRefused {
		t.Fatalf("Txn = %v; want fn's error as it is", err)
	}
	wantValue(t, kv, "b", "k", "kept")
	wantValue(t, kv, "b", "d", "kept")
	wantMissing(t, kv, "other", "k")
	if got := mustBuckets(t, kv); !slices.Equal(got, []string{"b"}) {
		t.Errorf("Buckets after a rolled back Txn = %q; want [b]", got)
	}
}

func testTxnCreateTTL(t *testing.T, kv store.KV) {
	before := time.Now()
	mustTxn(t, kv, func(tx store.Tx) error {
		ok, err := tx.Create("seen", "k", []byte("v"), time.Hour)
		if err != nil || !ok {
			return fmt.Errorf("Create = %v, %v; want true", ok, err)
		}
		items, err := tx.List("seen", "")
		if err != nil || len(items) != 1 || items[0].Expires.IsZero() {
			return fmt.Errorf("List inside = %+v, %v; want one expiring item", items, err)
		}
		return nil
	})
	items := mustList(t, kv, "seen", "")
	if len(items) != 1 || items[0].Expires.Before(before.Add(time.Hour-time.Minute)) || items[0].Expires.After(time.Now().Add(time.Hour+time.Minute)) {
		t.Fatalf("after Txn: %+v; want k expiring in about an hour", items)
	}
	ok, err := kv.Create(ctxT(t), "seen", "k", []byte("again"), 0)
	if err != nil || ok {
		t.Fatalf("Create after Txn's Create = %v, %v; want false", ok, err)
	}
	// A Put inside a transaction clears the expiry, as KV.Put does.
	mustTxn(t, kv, func(tx store.Tx) error { return tx.Put("seen", "k", []byte("forever")) })
	if items := mustList(t, kv, "seen", ""); len(items) != 1 || !items[0].Expires.IsZero() {
		t.Fatalf("after Put in Txn: %+v; want no expiry", items)
	}
}

func testTxnBuckets(t *testing.T, kv store.KV) {
	mustPut(t, kv, "a", "1", "x")
	mustPut(t, kv, "b", "1", "x")
	mustTxn(t, kv, func(tx store.Tx) error {
		if err := tx.Delete("b", "1"); err != nil {
			return err
		}
		if err := tx.Put("c", "1", []byte("x")); err != nil {
			return err
		}
		got, err := tx.Buckets()
		if err != nil {
			return err
		}
		if want := []string{"a", "c"}; !slices.Equal(got, want) {
			return fmt.Errorf("Buckets inside = %q; want %q", got, want)
		}
		return nil
	})
	if got, want := mustBuckets(t, kv), []string{"a", "c"}; !slices.Equal(got, want) {
		t.Errorf("Buckets after = %q; want %q", got, want)
	}
}

func testTxnCanceledContext(t *testing.T, kv store.KV) {
	ctx, cancel := contextCanceled()
	defer cancel()
	ran := false
	err := kv.Txn(ctx, func(tx store.Tx) error {
		ran = true
		return tx.Put("b", "k", []byte("v"))
	})
	if err == nil {
		t.Fatal("Txn with a canceled context succeeded")
	}
	if ran {
		t.Error("Txn ran fn with a canceled context")
	}
	wantMissing(t, kv, "b", "k")
}

// testTxnConflict changes, from another goroutine, a key a transaction has
// read, while the transaction runs. Either the store serialises the writer
// after the transaction (the embedded store, whose writer waits for the
// transaction's lock) or it detects the conflict and runs fn again on the
// new value; in both cases the result is one of the two serial orders.
func testTxnConflict(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	mustPut(t, kv, "b", "a", "1")
	var runs atomic.Int32
	writerDone := make(chan error, 1)
	interleaved := false
	mustTxn(t, kv, func(tx store.Tx) error {
		v, err := tx.Get("b", "a")
		if err != nil {
			return err
		}
		if runs.Add(1) == 1 {
			go func() { writerDone <- kv.Put(ctx, "b", "a", []byte("10")) }()
			select {
			case err := <-writerDone:
				if err != nil {
					return err
				}
				interleaved = true
			case <-time.After(300 * time.Millisecond):
				// The writer waits for this transaction (a single-writer store).
			}
		}
		n, err := strconv.Atoi(string(v))
		if err != nil {
			return err
		}
		return tx.Put("b", "sum", []byte(strconv.Itoa(n+1)))
	})
	if !interleaved {
		if err := <-writerDone; err != nil {
			t.Fatal(err)
		}
		wantValue(t, kv, "b", "sum", "2") // the transaction came first
	} else {
		wantValue(t, kv, "b", "sum", "11") // the writer came first: fn ran again
		if runs.Load() < 2 {
			t.Errorf("fn ran %d times; a conflicting write must make it run again", runs.Load())
		}
	}
	wantValue(t, kv, "b", "a", "10")
}

// testTxnNoPhantom is the "one focal point per unit" rule: each of many
// transactions lists a bucket and adds its own key only if the bucket is
// empty. Exactly one may succeed.
func testTxnNoPhantom(t *testing.T, kv store.KV) {
	ctx := ctxT(t)
	const n = 20
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := kv.Txn(ctx, func(tx store.Tx) error {
				items, err := tx.List("focal", "unit-1/")
				if err != nil || len(items) > 0 {
					return err
				}
				return tx.Put("focal", "unit-1/"+strconv.Itoa(i), []byte("x"))
			})
			if err != nil {
				t.Errorf("Txn %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if got := keys(mustList(t, kv, "focal", "")); len(got) != 1 {
		t.Fatalf("after %d concurrent check-then-add transactions: %q; want exactly one key", n, got)
	}
}

func testTxnConcurrentIncrements(t *testing.T, kv store.KV) {
	TxnIncrements(t, []store.KV{kv}, 25, 4)
}

// TxnIncrements runs, on each store of kvs (several clients of one store),
// goroutines goroutines that each run perGoroutine transactions adding one
// to two counters in two buckets, then checks that no increment was lost
// and that the two counters never drifted apart.
func TxnIncrements(t *testing.T, kvs []store.KV, perGoroutine, goroutines int) {
	t.Helper()
	ctx := ctxT(t)
	var wg sync.WaitGroup
	for _, kv := range kvs {
		for range goroutines {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range perGoroutine {
					if err := IncrementTwo(ctx, kv); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	want := strconv.Itoa(len(kvs) * goroutines * perGoroutine)
	wantValue(t, kvs[0], "counters", "c", want)
	wantValue(t, kvs[0], "counters2", "c", want)
}

// IncrementTwo adds one to the counters of TxnIncrements in one
// transaction, failing if it finds them apart.
func IncrementTwo(ctx context.Context, kv store.KV) error {
	return kv.Txn(ctx, func(tx store.Tx) error {
		var c [2]int
		for i, b := range []string{"counters", "counters2"} {
			v, err := tx.Get(b, "c")
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if c[i], err = strconv.Atoi(string(v)); err != nil {
				return err
			}
		}
		if c[0] != c[1] {
			return fmt.Errorf("counters apart inside a transaction: %d and %d", c[0], c[1])
		}
		if err := tx.Put("counters", "c", []byte(strconv.Itoa(c[0]+1))); err != nil {
			return err
		}
		return tx.Put("counters2", "c", []byte(strconv.Itoa(c[1]+1)))
	})
}

func contextCanceled() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx, cancel
}

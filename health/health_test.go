package health

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

func TestLoopsStuckOnlyAfterTheirGap(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	l := NewLoops(clk)
	poller := l.Add("poller", 3*time.Minute)
	ticks := l.Add("reminders", 15*time.Minute)
	clk.Advance(3 * time.Minute)
	if got := l.Stuck(); len(got) != 0 {
		t.Fatalf("at the gap: stuck %q, want none", got)
	}
	clk.Advance(time.Second)
	if got := l.Stuck(); len(got) != 1 || got[0] != "poller: no progress for 3m1s" {
		t.Fatalf("past the gap: stuck %q", got)
	}
	poller.Beat()
	ticks.Beat()
	if got := l.Stuck(); len(got) != 0 {
		t.Fatalf("after a beat: stuck %q, want none", got)
	}
	if l.Add("poller", time.Hour) != poller {
		t.Error("adding a name again must return the same loop")
	}
}

func TestStoreUnreachableSinceFirstFailure(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	s := NewStore(clk)
	if d, _ := s.Unreachable(); d != 0 {
		t.Fatalf("new tracker: unreachable %v", d)
	}
	s.Observe(errors.New("dial tcp: connection\nrefused"))
	clk.Advance(2 * time.Second)
	s.Observe(errors.New("dial tcp: connection refused again"))
	clk.Advance(2 * time.Second)
	d, reason := s.Unreachable()
	if d != 4*time.Second || reason != "dial tcp: connection refused again" {
		t.Fatalf("Unreachable = %v %q, want 4s since the first failure and the last error", d, reason)
	}
	s.Observe(nil)
	if d, _ := s.Unreachable(); d != 0 {
		t.Fatalf("after a success: unreachable %v", d)
	}
}

func TestWatchKVCountsOnlyFailuresToReach(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	mem := storetest.NewMem(clk)
	var fail error
	mem.Fail = func(op, bucket, key string) error { return fail }
	reg := prometheus.NewRegistry()
	st := NewStore(clk)
	kv := WatchKV(mem, st, reg, clk)
	ctx := context.Background()

	if _, err := kv.Get(ctx, "b", "missing"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get missing: %v", err)
	}
	refusal := errors.New("not allowed")
	if err := kv.Update(ctx, "b", "k", func([]byte, bool) ([]byte, error) { return nil, refusal }); !errors.Is(err, refusal) {
		t.Fatalf("Update: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, _ = kv.Get(cctx, "b", "k")
	if n := testutil.CollectAndCount(kv.errs); n != 0 {
		t.Fatalf("errors counted for answers (not found, a refusal, a cancellation): %d series, want 0", n)
	}
	if d, _ := st.Unreachable(); d != 0 {
		t.Fatal("answers marked the store unreachable")
	}

	fail = errors.New("connection refused")
	if err := kv.Put(ctx, "b", "k", []byte("v")); err == nil {
		t.Fatal("Put did not fail")
	}
	if _, err := kv.Create(ctx, "b", "k", []byte("v"), 0); err == nil {
		t.Fatal("Create did not fail")
	}
	clk.Advance(5 * time.Second)
	if d, reason := st.Unreachable(); d != 5*time.Second || reason != "connection refused" {
		t.Fatalf("Unreachable = %v %q", d, reason)
	}
	if got := testutil.ToFloat64(kv.errs.WithLabelValues("put")) + testutil.ToFloat64(kv.errs.WithLabelValues("create")); got != 2 {
		t.Fatalf("errors counted = %v, want 2", got)
	}
	n, err := testutil.GatherAndCount(reg, "thiduabot_store_operation_seconds")
	if err != nil || n != 4 { // get, update, put, create
		t.Fatalf("latency series = %d (%v), want one per operation kind used", n, err)
	}
	fail = nil
	if _, err := kv.List(ctx, "b", ""); err != nil {
		t.Fatal(err)
	}
	if d, _ := st.Unreachable(); d != 0 {
		t.Fatal("a success did not end the outage")
	}
	if err := testutil.GatherAndCompare(reg, strings.NewReader(`
# HELP thiduabot_store_errors_total Store operations that failed because the store could not be reached or failed.
# TYPE thiduabot_store_errors_total counter
thiduabot_store_errors_total{op="create"} 1
thiduabot_store_errors_total{op="put"} 1
`), "thiduabot_store_errors_total"); err != nil {
		t.Error(err)
	}
}

// A transaction's own refusal is an answer; a failed operation inside it,
// even when fn passes the error on, is a failure to reach the store.
func TestWatchKVTxn(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	mem := storetest.NewMem(clk)
	var fail error
	mem.Fail = func(op, bucket, key string) error { return fail }
	st := NewStore(clk)
	kv := WatchKV(mem, st, prometheus.NewRegistry(), clk)
	ctx := context.Background()
	refusal := errors.New("not allowed")
	err := kv.Txn(ctx, func(tx store.Tx) error {
		if _, err := tx.Get("b", "missing"); !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return refusal
	})
	if !errors.Is(err, refusal) {
		t.Fatalf("Txn = %v; want the refusal", err)
	}
	if n := testutil.ToFloat64(kv.errs.WithLabelValues("txn")); n != 0 {
		t.Fatalf("a refusal counted as a store error")
	}
	fail = errors.New("connection refused")
	if err := kv.Txn(ctx, func(tx store.Tx) error { return tx.Put("b", "k", []byte("v")) }); err == nil {
		t.Fatal("Txn did not fail")
	}
	if n := testutil.ToFloat64(kv.errs.WithLabelValues("txn")); n != 1 {
		t.Fatalf("store errors of txn = %v; want 1", n)
	}
	clk.Advance(time.Second)
	if d, reason := st.Unreachable(); d != time.Second || reason != "connection refused" {
		t.Fatalf("Unreachable = %v %q", d, reason)
	}
}

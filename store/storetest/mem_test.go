package storetest_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

func TestMemContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.KV { return storetest.NewMem(nil) })
}

// TestMemExpiresOnItsClock checks that TTLs count on the injected clock, not
// the wall clock, so tests can age claims without sleeping.
func TestMemExpiresOnItsClock(t *testing.T) {
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC))
	m := storetest.NewMem(clk)
	if ok, err := m.Create(ctx, "claims", "k", []byte("v"), time.Hour); !ok || err != nil {
		t.Fatalf("Create = %v, %v; want true, nil", ok, err)
	}
	clk.Advance(time.Hour - time.Nanosecond)
	if _, err := m.Get(ctx, "claims", "k"); err != nil {
		t.Fatalf("Get just before expiry: %v", err)
	}
	clk.Advance(time.Nanosecond)
	if _, err := m.Get(ctx, "claims", "k"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get at expiry = %v; want ErrNotFound", err)
	}
	if got, _ := m.Buckets(ctx); len(got) != 0 {
		t.Errorf("Buckets after expiry = %q; want none", got)
	}
	if ok, err := m.Create(ctx, "claims", "k", []byte("again"), 0); !ok || err != nil {
		t.Errorf("Create after expiry = %v, %v; want true, nil", ok, err)
	}
}

// TestMemFail checks the failure hook: each operation reports its name,
// bucket and key, and a failed operation changes nothing.
func TestMemFail(t *testing.T) {
	ctx := context.Background()
	m := storetest.NewMem(nil)
	if err := m.Put(ctx, "b", "k", []byte("old")); err != nil {
		t.Fatal(err)
	}
	errDisk := errors.New("disk full")
	var calls []string
	m.Fail = func(op, bucket, key string) error {
		calls = append(calls, op+" "+bucket+" "+key)
		return errDisk
	}
	ops := []struct {
		call string
		run  func() error
	}{
		{"get b k", func() error { _, err := m.Get(ctx, "b", "k"); return err }},
		{"put b k", func() error { return m.Put(ctx, "b", "k", []byte("new")) }},
		{"delete b k", func() error { return m.Delete(ctx, "b", "k") }},
		{"create b n", func() error { _, err := m.Create(ctx, "b", "n", []byte("new"), 0); return err }},
		{"update b k", func() error {
			return m.Update(ctx, "b", "k", func([]byte, bool) ([]byte, error) { return []byte("new"), nil })
		}},
		{"list b p", func() error { _, err := m.List(ctx, "b", "p"); return err }},
		{"append b ", func() error { _, err := m.Append(ctx, "b", []byte("new")); return err }},
		{"buckets  ", func() error { _, err := m.Buckets(ctx); return err }},
	}
	var want []string
	for _, op := range ops {
		if err := op.run(); !errors.Is(err, errDisk) {
			t.Errorf("%s: err = %v; want the injected error", op.call, err)
		}
		want = append(want, op.call)
	}
	if !slices.Equal(calls, want) {
		t.Errorf("hook calls = %q; want %q", calls, want)
	}

	m.Fail = nil
	items, err := m.List(ctx, "b", "")
	if err != nil || len(items) != 1 || items[0].Key != "k" || string(items[0].Value) != "old" {
		t.Errorf("after failed writes List = %+v, %v; want only k=old", items, err)
	}
}

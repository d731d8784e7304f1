package bottest

import (
	"context"
	"testing"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/internal/redistest"
	"github.com/thiduabot/thiduabot/redisstore"
	"github.com/thiduabot/thiduabot/store"
)

// Bolt opens a Bolt store in a temporary folder, with clk for its TTLs,
// closed when the test ends.
func Bolt(t testing.TB, clk clock.Clock) store.KV {
	t.Helper()
	kv, err := boltstore.Open(t.TempDir(), boltstore.WithClock(clk))
	if err != nil {
		t.Fatalf("bottest: bolt store: %v", err)
	}
	t.Cleanup(func() { kv.Close() })
	return kv
}

// Redis opens a store on the test Redis (internal/redistest) under a key
// prefix of its own, deleted when the test ends; without a test Redis the
// test is skipped (failed under CI=true).
func Redis(t testing.TB) store.KV {
	t.Helper()
	url := redistest.URL(t)
	kv, err := redisstore.Open(context.Background(), url, redisstore.WithPrefix(redistest.Prefix(t, url)))
	if err != nil {
		t.Fatalf("bottest: redis store: %v", err)
	}
	t.Cleanup(func() { kv.Close() })
	return kv
}

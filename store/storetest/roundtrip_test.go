package storetest_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/internal/redistest"
	"github.com/thiduabot/thiduabot/redisstore"
	"github.com/thiduabot/thiduabot/store"
)

// fill writes a little of everything the bot stores.
func fill(t *testing.T, kv store.KV) {
	t.Helper()
	ctx := context.Background()
	for _, p := range []struct{ bucket, key, value string }{
		{"members", "123456789", `{"unit":"dak-lak","role":"focal","name":"Nguyễn Thị Hoa"}`},
		{"members", "987654321", `{"unit":"khanh-hoa","role":"chair"}`},
		{"invites", "ABCD-1234", `{"unit":"lam-dong","role":"member","expires":"2026-12-01T00:00:00Z"}`},
		{"submissions", "2026-10:dak-lak", "{\n  \"values\": {\"thu\": 1234.5}\n}"},
		{"conversations", "chat:42", "\x00\x01binary state\xff"},
		{"đơn vị", "Đắk Lắk", `"unicode bucket and key"`},
		{"empty", "value", ""},
	} {
		if err := kv.Put(ctx, p.bucket, p.key, []byte(p.value)); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range []string{`{"event":"invite"}`, `{"event":"submit"}`, `{"event":"lock"}`} {
		if _, err := kv.Append(ctx, "audit", []byte(e)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := kv.Create(ctx, "updates", "1001", []byte(`1`), 24*time.Hour); err != nil {
		t.Fatal(err)
	}
}

type item struct {
	key, value string
	expires    time.Time
}

// contents returns every bucket's items. Expiry times are compared to the
// second: Redis reports a remaining TTL that the adapter turns back into a
// time, so they move by a few milliseconds between reads.
func contents(t *testing.T, kv store.KV) map[string][]item {
	t.Helper()
	ctx := context.Background()
	bs, err := kv.Buckets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]item{}
	for _, b := range bs {
		items, err := kv.List(ctx, b, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			out[b] = append(out[b], item{it.Key, string(it.Value), it.Expires})
		}
	}
	return out
}

func sameContents(t *testing.T, got, want map[string][]item) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d buckets; want %d", len(got), len(want))
	}
	for b, wi := range want {
		gi := got[b]
		if len(gi) != len(wi) {
			t.Errorf("bucket %s: %d items; want %d", b, len(gi), len(wi))
			continue
		}
		for i := range wi {
			g, w := gi[i], wi[i]
			d := g.expires.Sub(w.expires)
			if g.key != w.key || g.value != w.value || g.expires.IsZero() != w.expires.IsZero() || d > time.Second || d < -time.Second {
				t.Errorf("bucket %s item %d = %+v; want %+v", b, i, g, w)
			}
		}
	}
}

func roundTrip(t *testing.T, from, to store.KV) {
	ctx := context.Background()
	fill(t, from)
	var first, second bytes.Buffer
	if err := store.Export(ctx, from, &first); err != nil {
		t.Fatal(err)
	}
	n, err := store.Import(ctx, to, bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if n != 11 {
		t.Errorf("imported %d items; want 11", n)
	}
	if err := store.Export(ctx, to, &second); err != nil {
		t.Fatal(err)
	}
	want := contents(t, from)
	sameContents(t, contents(t, to), want)
	// The second export, read into a third store, holds the same data too.
	third := openBolt(t)
	if _, err := store.Import(ctx, third, &second); err != nil {
		t.Fatal(err)
	}
	sameContents(t, contents(t, third), want)
	// And the migrated audit log carries on where it stopped.
	k, err := to.Append(ctx, "audit", []byte(`{"event":"after migration"}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "00000000000000000004"; k != want {
		t.Errorf("Append after migration = %q; want %q", k, want)
	}
}

func openBolt(t *testing.T) store.KV {
	db, err := boltstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func openRedis(t *testing.T) store.KV {
	url := redistest.URL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db, err := redisstore.Open(ctx, url, redisstore.WithPrefix(redistest.Prefix(t, url)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestBackupRoundTrip(t *testing.T) {
	t.Run("bolt to redis", func(t *testing.T) { roundTrip(t, openBolt(t), openRedis(t)) })
	t.Run("redis to bolt", func(t *testing.T) { roundTrip(t, openRedis(t), openBolt(t)) })
	t.Run("bolt to bolt", func(t *testing.T) { roundTrip(t, openBolt(t), openBolt(t)) })
}

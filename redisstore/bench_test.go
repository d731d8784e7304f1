package redisstore_test

import (
	"context"
	"testing"

	"github.com/thiduabot/thiduabot/internal/redistest"
	"github.com/thiduabot/thiduabot/redisstore"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

// THIDUA_TEST_REDIS_URL=redis://127.0.0.1:6379/0 go test -run '^$' -bench . ./redisstore/
func BenchmarkStore(b *testing.B) {
	url := redistest.URL(b)
	storetest.Benchmark(b, func(b *testing.B) store.KV {
		db, err := redisstore.Open(context.Background(), url, redisstore.WithPrefix(redistest.Prefix(b, url)))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		return db
	})
}

// BenchmarkStoreAOFAlways runs on a private server that fsyncs its AOF on
// every write, the durable configuration of docker-compose.yml.
func BenchmarkStoreAOFAlways(b *testing.B) {
	srv := redistest.Start(b, "--appendonly", "yes", "--appendfsync", "always")
	storetest.Benchmark(b, func(b *testing.B) store.KV {
		db, err := redisstore.Open(context.Background(), srv.URL, redisstore.WithPrefix(redistest.Prefix(b, srv.URL)))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		return db
	})
}

package boltstore_test

import (
	"testing"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

// go test -run '^$' -bench . ./boltstore/
func BenchmarkStore(b *testing.B) {
	storetest.Benchmark(b, func(b *testing.B) store.KV {
		db, err := boltstore.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		return db
	})
}

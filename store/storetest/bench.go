package storetest

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/store"
)

// Benchmark measures write throughput and latency of a store, the figures
// behind the target of 200 updates per second with p99 under 50 ms:
//
//	Put, Update          one writer, so ns/op is the latency of a lone write
//	PutParallel          writers on every CPU
//	UpdateWriters200     200 goroutines incrementing 20 counters as fast as
//	                     they can (a saturated store), with p50/p99 latency
//	UpdatePaced200       Updates started at 200 per second, open loop, with
//	                     p50/p99 latency: the target load itself
//
// open must return a new, empty store.
func Benchmark(b *testing.B, open func(b *testing.B) store.KV) {
	value := []byte(`{"unit":"dak-lak","period":"2026-10","values":{"thu":1234.5,"chi":987.25},"by":123456789}`)
	b.Run("Put", func(b *testing.B) {
		kv := open(b)
		ctx := context.Background()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if err := kv.Put(ctx, "bench", strconv.Itoa(i), value); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Update", func(b *testing.B) {
		kv := open(b)
		ctx := context.Background()
		for b.Loop() {
			if err := kv.Update(ctx, "bench", "counter", increment); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("PutParallel", func(b *testing.B) {
		kv := open(b)
		ctx := context.Background()
		var n atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := kv.Put(ctx, "bench", strconv.FormatInt(n.Add(1), 10), value); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("UpdateWriters200", func(b *testing.B) {
		kv := open(b)
		ctx := context.Background()
		const writers = 200
		lat := make([]time.Duration, b.N)
		var next atomic.Int64
		var wg sync.WaitGroup
		b.ResetTimer()
		start := time.Now()
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				key := "counter" + strconv.Itoa(w%20)
				for {
					i := next.Add(1) - 1
					if i >= int64(b.N) {
						return
					}
					t0 := time.Now()
					if err := kv.Update(ctx, "bench", key, increment); err != nil {
						b.Error(err)
						return
					}
					lat[i] = time.Since(t0)
				}
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		b.StopTimer()
		report(b, lat, elapsed)
	})
	b.Run("UpdatePaced200", func(b *testing.B) {
		kv := open(b)
		ctx := context.Background()
		const perSecond = 200
		lat := make([]time.Duration, b.N)
		tick := time.NewTicker(time.Second / perSecond)
		defer tick.Stop()
		var wg sync.WaitGroup
		b.ResetTimer()
		start := time.Now()
		for i := range b.N {
			<-tick.C
			wg.Add(1)
			go func() {
				defer wg.Done()
				t0 := time.Now()
				if err := kv.Update(ctx, "bench", "counter"+strconv.Itoa(i%20), increment); err != nil {
					b.Error(err)
					return
				}
				lat[i] = time.Since(t0)
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		b.StopTimer()
		report(b, lat, elapsed)
	})
}

func increment(old []byte, exists bool) ([]byte, error) {
	n := 0
	if exists {
		var err error
		if n, err = strconv.Atoi(string(old)); err != nil {
			return nil, fmt.Errorf("counter %q: %w", old, err)
		}
	}
	return strconv.AppendInt(nil, int64(n+1), 10), nil
}

func report(b *testing.B, lat []time.Duration, elapsed time.Duration) {
	if len(lat) == 0 {
		return
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	pct := func(p float64) float64 {
		return float64(s[int(p*float64(len(s)-1))]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(s[len(s)-1])/float64(time.Millisecond), "max-ms")
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "ops/s")
}

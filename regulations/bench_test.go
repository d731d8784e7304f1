package regulations

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// benchLibrary builds a library of at least n passages: the built-in
// knowledge base plus synthetic decisions whose clauses are sentences of
// the built-in texts shuffled, parsed through AddFile like real uploads.
func benchLibrary(tb testing.TB, n int) *Library {
	tb.Helper()
	lib, err := Builtin()
	if err != nil {
		tb.Fatal(err)
	}
	var pool []string
	for _, d := range lib.Documents() {
		for _, a := range d.Articles {
			for _, l := range strings.Split(a.Text(), "\n") {
				if len(l) > 20 {
					pool = append(pool, strings.TrimLeft(l, "0123456789. "))
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func() string { return pool[rng.IntN(len(pool))] }
	for i := 1; NewIndex(lib).Len() < n; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "Số: %d/2030/QĐ-BENCH\nQUYẾT ĐỊNH\nVỀ THI ĐUA SỐ %d\n\n", i, i)
		for a := 1; a <= 25; a++ {
			fmt.Fprintf(&b, "Điều %d. %s\n", a, strings.TrimSuffix(strings.SplitN(pick(), ",", 2)[0], "."))
			for c := 1; c <= 3; c++ {
				fmt.Fprintf(&b, "%d. %s %s\n", c, pick(), pick())
			}
		}
		if _, _, err := lib.AddFile(fmt.Sprintf("bench-%d.txt", i), []byte(b.String())); err != nil {
			tb.Fatal(err)
		}
	}
	return lib
}

func benchQuestions(tb testing.TB) []string {
	tb.Helper()
	var qs []string
	// Questions written like real use (long, chatty ones included).
	for _, c := range loadRealEval(tb) {
		qs = append(qs, c.Q)
	}
	return qs
}

// BenchmarkAsk reports the p50 and p99 latency of one question over a
// corpus of 2,000 passages (target: p99 under 5 ms), with the built-in
// knowledge base and every shipped official text indexed.
func BenchmarkAsk(b *testing.B) {
	ix := NewIndex(benchLibrary(b, 2000))
	qs := benchQuestions(b)
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		ix.Ask(qs[i%len(qs)], 3)
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(ix.Len()), "passages")
	// On a loaded machine the wall-clock tail is the scheduler's, not the
	// query's: the p99 over questions of each one's fastest of 5 runs
	// measures the work a question needs.
	var best []time.Duration
	for _, q := range qs {
		m := time.Duration(1 << 62)
		for r := 0; r < 5; r++ {
			start := time.Now()
			ix.Ask(q, 3)
			m = min(m, time.Since(start))
		}
		best = append(best, m)
	}
	slices.Sort(best)
	b.ReportMetric(float64(best[len(best)*99/100].Microseconds()), "p99-min5-µs")
}

// BenchmarkNewIndex measures building the index of 2,000 passages and the
// heap the index keeps.
func BenchmarkNewIndex(b *testing.B) {
	lib := benchLibrary(b, 2000)
	var ms0, ms1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	keep := NewIndex(lib)
	runtime.GC()
	runtime.ReadMemStats(&ms1)
	heap := float64(ms1.HeapAlloc-ms0.HeapAlloc) / (1 << 20)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		NewIndex(lib)
	}
	b.StopTimer()
	// ResetTimer clears reported metrics, so these come after the loop.
	b.ReportMetric(heap, "index-MiB")
	b.ReportMetric(float64(keep.Len()), "passages")
}

// BenchmarkParse measures parsing the largest real text.
func BenchmarkParse(b *testing.B) {
	data := []byte(strings.Repeat(decisionText, 20))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, _, err := Parse("bench.txt", data); err != nil {
			b.Fatal(err)
		}
	}
}

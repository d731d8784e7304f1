package load

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/internal/redistest"
	"github.com/thiduabot/thiduabot/rankhistory"
	"github.com/thiduabot/thiduabot/redisstore"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
	"github.com/thiduabot/thiduabot/submissions"
)

// bigCluster writes a config of one cluster of units units scored on a
// table of 60 criteria (monthly counts, so no targets are needed).
func bigCluster(tb testing.TB, units int) *configdir.Config {
	tb.Helper()
	dir := tb.TempDir()
	var t, o strings.Builder
	t.WriteString("id: big\nname: Bảng 60 tiêu chí\ngroups:\n  - id: A\n    name: Nhóm A\n    criteria:\n")
	for c := range 60 {
		fmt.Fprintf(&t, "      - id: c%02d\n        name: Tiêu chí %d\n        unit: lần\n        input: monthly\n        max: 5\n        rule: {kind: per_count, points: 0.5, cap: 5}\n", c, c+1)
	}
	o.WriteString("clusters:\n  - id: big\n    name: Cụm lớn\n    scoring: big\n    chair: u0000\n    units:\n")
	for u := range units {
		fmt.Fprintf(&o, "      - id: u%04d\n        name: Đơn vị %d\n", u, u+1)
	}
	for name, data := range map[string]string{"scoring/big.yaml": t.String(), "org.yaml": o.String()} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	cfg, err := configdir.Load(dir)
	if err != nil {
		tb.Fatalf("generated config: %v", err)
	}
	return cfg
}

// xephangNow is when the ranking is asked for: December 2026 is being
// reported.
var xephangNow = time.Date(2026, 12, 20, 2, 0, 0, 0, time.UTC)

// window is the benchmark's calendar: a month's deadline is the 5th of
// the next, its lock the 10th.
var window = submissions.CalendarFunc(func(_ string, year int, month time.Month) (time.Time, time.Time) {
	next := time.Date(year, month+1, 1, 0, 0, 0, 0, time.UTC)
	return next.AddDate(0, 0, 4), next.AddDate(0, 0, 9)
})

// confirm confirms unit u's report of month m (value offset by shift) as
// its focal point does.
func confirm(ctx context.Context, rs *submissions.Reports, cs []submissions.Criterion, u int, m time.Month, shift, base int) error {
	c := submissions.Confirmation{Cluster: "big", Unit: fmt.Sprintf("u%04d", u), Period: submissions.Period{Year: 2026, Month: m},
		BaseVersion: base, Values: map[string]submissions.Entry{}, Criteria: cs,
		By: submissions.Actor{UserID: int64(1000 + u), Name: "Đầu mối", Role: submissions.RoleFocal}}
	for i := range 60 {
		c.Values[fmt.Sprintf("c%02d", i)] = submissions.Entry{State: submissions.StateValue, Value: float64((u + i + int(m) + shift) % 7)}
	}
	_, err := rs.Confirm(ctx, c)
	return err
}

// fillYear has each unit's focal point confirm its report of every month of
// 2026 through submissions.Reports.Confirm, as the bot does (one
// transaction each, version token included), in the first days of the
// next month (December: on the 20th), eight units at a time.
func fillYear(b *testing.B, kv store.KV, cfg *configdir.Config, units int) {
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2026, time.February, 1, 0, 0, 0, 0, time.UTC))
	rs := submissions.NewReports(kv, clk, window, time.UTC)
	cs := submissions.CriteriaOf(cfg.Tables["big"])
	for m := time.January; m <= time.December; m++ {
		at := time.Date(2026, m+1, 3, 2, 0, 0, 0, time.UTC)
		if at.After(xephangNow) {
			at = xephangNow
		}
		clk.Set(at)
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for u := w; u < units; u += 8 {
					if err := confirm(ctx, rs, cs, u, m, 0, 0); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
	}
}

// compact runs the ranking figures' background job as a process does
// (submissions.Reports.RunCompaction): its first round, at start.
func compact(b *testing.B, kv store.KV) {
	ctx, cancel := context.WithCancel(context.Background())
	clk := clock.NewFake(xephangNow)
	rs := submissions.NewReports(kv, clk, window, time.UTC)
	done := make(chan error, 1)
	go func() {
		done <- rs.RunCompaction(ctx, []string{"big"}, 30*time.Second, func(cl string, y int, err error) {
			b.Errorf("compact %s %d: %v", cl, y, err)
		})
	}()
	if err := clk.BlockUntil(ctx, 1); err != nil { // the first round is over: it sleeps
		b.Fatal(err)
	}
	cancel()
	if err := <-done; err != nil {
		b.Fatal(err)
	}
}

// BenchmarkXephang ranks December 2026 of one cluster of 1,000 units × 60
// criteria × 12 months as /xephang does (rankhistory.Ranker.Rank: figures
// from the store, the engine, the year's snapshots), in production's
// order: every report confirmed through submissions.Reports, the
// background compaction's first round (compact-ms; record-kb is the
// compact record's size, reports-mb the reports' JSON), then a new process (the store reopened) for
// each cold figure, its first request:
//   - cold-12m: before any monthly close, so all 12 months are scored;
//   - cold: after the monthly close took January–November's final
//     snapshots (a ranker with a calendar, on 20/12); warm is the p50/p99
//     of the next 30 requests of that process;
//   - cold-stale: after one more confirmation, with no compaction since:
//     the record is stale, and overlaid with the report confirmed since;
//     warm-stale is the first request after it of the process that was
//     warm.
func BenchmarkXephang(b *testing.B) {
	const units = 1000
	cfg := bigCluster(b, units)
	now := xephangNow
	for _, st := range []struct {
		name string
		// open returns the filled store, and a function reopening it as a
		// new process would.
		open func(b *testing.B) (store.KV, func() store.KV)
	}{
		{"mem", func(b *testing.B) (store.KV, func() store.KV) {
			kv := storetest.NewMem(nil)
			return kv, func() store.KV { return kv }
		}},
		{"bolt", func(b *testing.B) (store.KV, func() store.KV) {
			dir := b.TempDir()
			kv, err := boltstore.Open(dir)
			if err != nil {
				b.Fatal(err)
			}
			var cur store.KV = kv
			b.Cleanup(func() { cur.Close() })
			return kv, func() store.KV {
				cur.Close()
				kv, err := boltstore.Open(dir)
				if err != nil {
					b.Fatal(err)
				}
				cur = kv
				return kv
			}
		}},
		{"redis", func(b *testing.B) (store.KV, func() store.KV) {
			url := redistest.URL(b)
			prefix := redistest.Prefix(b, url)
			open := func() store.KV {
				kv, err := redisstore.Open(context.Background(), url, redisstore.WithPrefix(prefix))
				if err != nil {
					b.Fatal(err)
				}
				b.Cleanup(func() { kv.Close() })
				return kv
			}
			return open(), open
		}},
	} {
		b.Run(st.name, func(b *testing.B) {
			kv, reopen := st.open(b)
			fillYear(b, kv, cfg, units)
			ctx := context.Background()
			reports, err := kv.List(ctx, submissions.Bucket, "report/big/")
			if err != nil {
				b.Fatal(err)
			}
			size := 0
			for _, it := range reports {
				size += len(it.Value)
			}
			t0 := time.Now()
			compact(b, kv)
			compactTime := time.Since(t0)
			recs, err := kv.List(ctx, submissions.FiguresBucket, "v1/")
			if err != nil || len(recs) != 1 {
				b.Fatalf("compact records: %d, %v; want 1", len(recs), err)
			}
			p := scoring.Period{Year: 2026, Month: time.December}
			// ranker is a process's: the calendar makes a month final once
			// its reports lock (the 10th of the next month).
			ranker := func(kv store.KV) *rankhistory.Ranker {
				return &rankhistory.Ranker{Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets,
					Values: submissions.NewReports(kv, clock.NewFake(now), window, time.UTC), History: rankhistory.NewStore(kv),
					Clock: clock.NewFake(now), Location: time.UTC, Calendar: window}
			}
			rank := func(rk *rankhistory.Ranker) time.Duration {
				t0 := time.Now()
				res, err := rk.Rank(ctx, "big", p)
				if err != nil {
					b.Fatal(err)
				}
				if n := len(res.Result.Units); n != units || len(res.History) != 12 {
					b.Fatalf("ranked %d units and %d months, want %d and 12", n, len(res.History), units)
				}
				return time.Since(t0)
			}
			// coldFirst is a new process's first request.
			coldFirst := func() (store.KV, *rankhistory.Ranker, time.Duration) {
				kv := reopen()
				runtime.GC() // the earlier steps' garbage is not the request's
				rk := ranker(kv)
				return kv, rk, rank(rk)
			}
			b.ResetTimer()
			// Before any monthly close (as with no calendar): all 12
			// months are scored from the figures.
			kv, _, cold12 := coldFirst()
			// The monthly close (Ranker.Run, hourly and at start) has
			// taken January–November's final snapshots.
			b.StopTimer()
			if _, err := ranker(kv).Close(ctx); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			kv, rk, cold := coldFirst()
			var warm []time.Duration
			for range 30 {
				warm = append(warm, rank(rk))
			}
			b.StopTimer()
			// Another replica confirms a correction: the record is stale.
			rs := submissions.NewReports(kv, clock.NewFake(now), window, time.UTC)
			if err := confirm(ctx, rs, submissions.CriteriaOf(cfg.Tables["big"]), 0, time.December, 1, 1); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			warmStale := rank(rk)
			_, _, stale := coldFirst()
			b.StopTimer()
			sort.Slice(warm, func(i, j int) bool { return warm[i] < warm[j] })
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
			b.ReportMetric(ms(cold), "cold-ms")
			b.ReportMetric(ms(warm[len(warm)/2]), "warm-p50-ms")
			b.ReportMetric(ms(warm[len(warm)*99/100]), "warm-p99-ms")
			b.ReportMetric(ms(cold12), "cold-12m-ms")
			b.ReportMetric(ms(stale), "cold-stale-ms")
			b.ReportMetric(ms(warmStale), "warm-stale-ms")
			b.ReportMetric(ms(compactTime), "compact-ms")
			b.ReportMetric(float64(len(recs[0].Value))/1024, "record-kb")
			b.ReportMetric(float64(size)/(1<<20), "reports-mb")
			b.ReportMetric(0, "ns/op")
		})
	}
}

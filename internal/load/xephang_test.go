package load

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
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

// fillYear stores a confirmed report per unit and month of 2026, 60 values each.
func fillYear(b *testing.B, kv store.KV, units int) {
	ctx := context.Background()
	for m := time.January; m <= time.December; m++ {
		err := kv.Txn(ctx, func(tx store.Tx) error {
			for u := range units {
				r := submissions.Report{Cluster: "big", Unit: fmt.Sprintf("u%04d", u), Period: submissions.Period{Year: 2026, Month: m},
					Version: 1, Values: map[string]submissions.Entry{}}
				for c := range 60 {
					r.Values[fmt.Sprintf("c%02d", c)] = submissions.Entry{State: submissions.StateValue, Value: float64((u + c + int(m)) % 7)}
				}
				data, err := json.Marshal(r)
				if err != nil {
					return err
				}
				// The reports' key layout (submissions.reportKey): by cluster and period.
				if err := tx.Put(submissions.Bucket, "report/big/"+r.Period.String()+"/"+r.Unit, data); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkXephang ranks December 2026 of one cluster of 1,000 units × 60
// criteria × 12 months as /xephang does (reports read from the store, the
// engine, the year's snapshots): cold is the first request on a freshly
// opened store (new process), warm the p50/p99 of the next 30.
func BenchmarkXephang(b *testing.B) {
	const units = 1000
	cfg := bigCluster(b, units)
	now := time.Date(2026, 12, 20, 2, 0, 0, 0, time.UTC)
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
			fillYear(b, kv, units)
			kv = reopen()
			ctx := context.Background()
			rk := &rankhistory.Ranker{Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets,
				Values: submissions.NewReports(kv, clock.NewFake(now), nil, time.UTC), History: rankhistory.NewStore(kv),
				Clock: clock.NewFake(now), Location: time.UTC}
			p := scoring.Period{Year: 2026, Month: time.December}
			rank := func() time.Duration {
				t0 := time.Now()
				res, err := rk.Rank(ctx, "big", p)
				if err != nil {
					b.Fatal(err)
				}
				if n := len(res.Result.Units); n != units {
					b.Fatalf("ranked %d units, want %d", n, units)
				}
				return time.Since(t0)
			}
			b.ResetTimer()
			cold := rank()
			var warm []time.Duration
			for range 30 {
				warm = append(warm, rank())
			}
			b.StopTimer()
			sort.Slice(warm, func(i, j int) bool { return warm[i] < warm[j] })
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
			b.ReportMetric(ms(cold), "cold-ms")
			b.ReportMetric(ms(warm[len(warm)/2]), "warm-p50-ms")
			b.ReportMetric(ms(warm[len(warm)*99/100]), "warm-p99-ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}

package rankhistory

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
)

// benchRanker is a cluster of n units, each a copy of a demo unit with its
// figures and targets, on the embedded store.
func benchRanker(b *testing.B, n int) *Ranker {
	b.Helper()
	cfg, err := configdir.Demo()
	if err != nil {
		b.Fatal(err)
	}
	demo := cfg.Org.Clusters[0]
	r, fv, _ := demoRanker(b, time.Date(2026, 12, 20, 9, 0, 0, 0, time.UTC))
	src := fv.vs[2026]
	vs := scoring.Values{}
	cl := org.Cluster{ID: "big", Name: "Cụm lớn", Scoring: demo.Scoring, Chair: "u00000"}
	t := cfg.Tables[demo.Scoring]
	for i := 0; i < n; i++ {
		from := demo.Units[i%len(demo.Units)].ID
		id := fmt.Sprintf("u%05d", i)
		cl.Units = append(cl.Units, org.Unit{ID: id, Name: "Đơn vị " + id})
		for _, c := range t.Criteria() {
			if tg, ok := cfg.Targets.Get(2026, from, c.ID); ok {
				cfg.Targets.Set(2026, id, c.ID, tg)
			}
			for m := time.January; m <= time.December; m++ {
				if v, ok := src.Get(from, c.ID, m); ok {
					vs.Set(id, c.ID, m, v*(1+float64(i%97)/1000))
				}
			}
		}
	}
	cfg.Org.Clusters = append(cfg.Org.Clusters, cl)
	kv, err := boltstore.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { kv.Close() })
	r.Org, r.Tables, r.Targets = cfg.Org, cfg.Tables, cfg.Targets
	r.Values = &fixedValues{vs: map[int]scoring.Values{2026: vs}}
	r.History = NewStore(kv)
	r.Clock = clock.NewFake(time.Date(2026, 12, 20, 9, 0, 0, 0, time.UTC))
	return r
}

// BenchmarkRank ranks December with the year's earlier snapshots already
// stored: one engine run and one snapshot write per call, the steady state
// of /xephang.
func BenchmarkRank(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("units=%d", n), func(b *testing.B) {
			r := benchRanker(b, n)
			ctx := context.Background()
			p := scoring.Period{Year: 2026, Month: time.December}
			if _, err := r.Rank(ctx, "big", p); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := r.Rank(ctx, "big", p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

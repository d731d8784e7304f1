package submissions

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/internal/redistest"
	"github.com/thiduabot/thiduabot/redisstore"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

func BenchmarkParse(b *testing.B) {
	inputs := []struct {
		in string
		c  Criterion
	}{{"1.234.567,89", crThu}, {"2,3 tỷ", crTrieu}, {"95,5 %", crPct}, {"1.234", crNguoi}, {"không", crYesNo}}
	for b.Loop() {
		for _, in := range inputs {
			if _, err := Parse(in.in, in.c); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkConfirm(b *testing.B) {
	ctx := context.Background()
	vals := map[string]Entry{}
	for i := range 60 {
		vals[fmt.Sprintf("c%02d", i)] = val(float64(i) * 1.5)
	}
	f := newFixture(storetest.NewMem(nil), at(2026, 11, 2, 9, 0))
	i := 0
	for b.Loop() {
		unit := fmt.Sprintf("u%06d", i)
		i++
		if _, err := f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: unit, Period: Period{2026, 10}, Values: vals, By: focalA}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValues builds the engine's input for a cluster of 100 units × 60
// criteria × 12 months from the store, as /xephang does on every call.
func BenchmarkValues(b *testing.B) {
	ctx := context.Background()
	table, _, _ := loadDemo(b)
	kv := storetest.NewMem(nil)
	f := newFixture(kv, at(2027, 1, 2, 9, 0))
	vals := map[string]Entry{}
	for i := range 60 {
		vals[fmt.Sprintf("c%02d", i)] = val(float64(i) * 1.5)
	}
	for u := range 100 {
		for m := time.January; m <= time.December; m++ {
			r := Report{Cluster: "cum5", Unit: fmt.Sprintf("u%03d", u), Period: Period{2026, m}, Version: 1, Values: vals}
			if err := putReport(ctx, kv, &r); err != nil {
				b.Fatal(err)
			}
		}
	}
	for b.Loop() {
		vs, err := f.rs.Values(ctx, "cum5", 2026, table)
		if err != nil || len(vs) != 100 {
			b.Fatalf("%d units, %v", len(vs), err)
		}
	}
}

func putReport(ctx context.Context, kv store.KV, r *Report) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return kv.Put(ctx, Bucket, reportKey(r.Cluster, r.Unit, r.Period), b)
}

// BenchmarkValuesYears is BenchmarkValues with five years of history in the
// store (2022–2026), on the in-memory and the embedded store: /xephang asks
// for one year, and should read that year only.
func BenchmarkValuesYears(b *testing.B) {
	ctx := context.Background()
	table, _, _ := loadDemo(b)
	vals := map[string]Entry{}
	for i := range 60 {
		vals[fmt.Sprintf("c%02d", i)] = val(float64(i) * 1.5)
	}
	for _, st := range []struct {
		name string
		open func() store.KV
	}{
		{"mem", func() store.KV { return storetest.NewMem(nil) }},
		{"bolt", func() store.KV { return openBolt(b) }},
		{"redis", func() store.KV { return openRedis(b) }},
	} {
		b.Run(st.name, func(b *testing.B) {
			kv := st.open()
			f := newFixture(kv, at(2027, 1, 2, 9, 0))
			for y := 2022; y <= 2026; y++ {
				err := kv.Txn(ctx, func(tx store.Tx) error {
					for u := range 100 {
						for m := time.January; m <= time.December; m++ {
							r := Report{Cluster: "cum5", Unit: fmt.Sprintf("u%03d", u), Period: Period{y, m}, Version: 1, Values: vals}
							if err := putReportIn(tx, &r); err != nil {
								return err
							}
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for b.Loop() {
				vs, err := f.rs.Values(ctx, "cum5", 2026, table)
				if err != nil || len(vs) != 100 {
					b.Fatalf("%d units, %v", len(vs), err)
				}
			}
		})
	}
}

func putReportIn(tx store.Tx, r *Report) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return tx.Put(Bucket, reportKey(r.Cluster, r.Unit, r.Period), b)
}

func openRedis(b *testing.B) store.KV {
	url := redistest.URL(b)
	kv, err := redisstore.Open(context.Background(), url, redisstore.WithPrefix(redistest.Prefix(b, url)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { kv.Close() })
	return kv
}

func openBolt(b *testing.B) store.KV {
	kv, err := boltstore.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { kv.Close() })
	return kv
}

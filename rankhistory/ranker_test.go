package rankhistory

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/examples"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/scoring/valuesfile"
	"github.com/thiduabot/thiduabot/store/storetest"
)

// fixedValues serves the values of a file, as the reports would.
type fixedValues struct {
	vs    valuesfile.Values
	calls int
}

func (f *fixedValues) Values(_ context.Context, _ string, year int, _ *scoring.Table) (scoring.Values, error) {
	f.calls++
	if v := f.vs[year]; v != nil {
		return v, nil
	}
	return scoring.Values{}, nil
}

// lockOn15th locks month m on the 15th of month m+1.
type lockOn15th struct{}

func (lockOn15th) SubmissionWindow(_ string, y int, m time.Month) (time.Time, time.Time) {
	return time.Date(y, m+1, 10, 0, 0, 0, 0, time.UTC), time.Date(y, m+1, 15, 0, 0, 0, 0, time.UTC)
}

func demoRanker(t testing.TB, now time.Time) (*Ranker, *fixedValues, *clock.Fake) {
	t.Helper()
	cfg, err := configdir.Demo()
	if err != nil {
		t.Fatal(err)
	}
	data, err := fs.ReadFile(examples.Demo(), "values-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	vs, ps := valuesfile.Read(data, valuesfile.OrgLookup(cfg.Org, cfg.Tables))
	if len(ps) > 0 {
		t.Fatalf("sample values: %v", ps)
	}
	kv, err := boltstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { kv.Close() })
	clk := clock.NewFake(now)
	fv := &fixedValues{vs: vs}
	return &Ranker{Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets, Values: fv, History: NewStore(kv),
		Clock: clk, Calendar: lockOn15th{}, Location: time.UTC}, fv, clk
}

func TestRankMatchesScoreAndKeepsHistory(t *testing.T) {
	ctx := context.Background()
	r, fv, _ := demoRanker(t, time.Date(2026, 7, 20, 9, 0, 0, 0, time.UTC))
	p := scoring.Period{Year: 2026, Month: time.June}
	rk, err := r.Rank(ctx, "cum5", p)
	if err != nil {
		t.Fatal(err)
	}
	cl, _ := r.Org.Cluster("cum5")
	want, err := scoring.Score(r.Tables[cl.Scoring], cl.Units, r.Targets, fv.vs[2026], p)
	if err != nil {
		t.Fatal(err)
	}
	for i, u := range want.Units {
		got := rk.Result.Units[i]
		if got.ID != u.ID || got.Total != u.Total || got.Rank != u.Rank {
			t.Errorf("unit %d: got %s %v (rank %d), want %s %v (rank %d)", i, got.ID, got.Total, got.Rank, u.ID, u.Total, u.Rank)
		}
	}
	if got := len(rk.History); got != 6 {
		t.Fatalf("history has %d months, want 6", got)
	}
	mayRes, _ := scoring.Score(r.Tables[cl.Scoring], cl.Units, r.Targets, fv.vs[2026], scoring.Period{Year: 2026, Month: time.May})
	for _, u := range want.Units {
		prev, _ := mayRes.Unit(u.ID)
		if got, want := rk.Movement(u.ID), scoring.Movement(prev.Rank, u.Rank); got != want {
			t.Errorf("movement of %s: got %q, want %q", u.ID, got, want)
		}
		if got := rk.Trajectory(u.ID); got[4] != prev.Rank || got[5] != u.Rank {
			t.Errorf("trajectory of %s: %v", u.ID, got)
		}
	}
	// Answering wrote nothing; the monthly close takes the snapshots.
	if snaps, err := r.History.Year(ctx, "cum5", 2026); err != nil || len(snaps) != 0 {
		t.Fatalf("Rank stored %d snapshots (%v); want none", len(snaps), err)
	}
	if n, err := r.Close(ctx); err != nil || n != 6 {
		t.Fatalf("Close = %d, %v; want 6", n, err)
	}
	snaps, err := r.History.Year(ctx, "cum5", 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(snaps) != 6 {
		t.Fatalf("stored %d snapshots, want 6", len(snaps))
	}
	// On 20/07 every month through June has locked (on the 15th of the
	// next month): all final.
	for _, s := range snaps {
		if !s.Final {
			t.Errorf("snapshot %s is not final on 20/07", s.Period)
		}
	}
}

func TestFinalSnapshotIsKept(t *testing.T) {
	ctx := context.Background()
	r, fv, clk := demoRanker(t, time.Date(2026, 6, 20, 9, 0, 0, 0, time.UTC))
	may := scoring.Period{Year: 2026, Month: time.May}
	if _, err := r.Close(ctx); err != nil {
		t.Fatal(err)
	}
	before, err := r.History.Get(ctx, "cum5", may)
	if err != nil {
		t.Fatal(err)
	}
	if !before.Final {
		t.Fatalf("May's snapshot on 20/06 is not final")
	}
	// A later correction (through an unlock) lifts Ninh Bình far up in May.
	fv.vs[2026].Set("ninh_binh", "cchc", time.May, 1)
	fv.vs[2026].Set("ninh_binh", "thu_bhxh", time.May, 1e6)
	clk.Advance(24 * time.Hour)
	rk, err := r.Rank(ctx, "cum5", may)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Close(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := r.History.Get(ctx, "cum5", may)
	if err != nil {
		t.Fatal(err)
	}
	if !after.ComputedAt.Equal(before.ComputedAt) || after.Rank("ninh_binh") != before.Rank("ninh_binh") {
		t.Errorf("final snapshot was replaced: before %+v, after %+v", before, after)
	}
	if u, _ := rk.Result.Unit("ninh_binh"); u.Rank == before.Rank("ninh_binh") {
		t.Errorf("the recomputed ranking ignores the correction (rank %d)", u.Rank)
	}
	// June (open on 21/06) measures its movement against May as it closed.
	jun := scoring.Period{Year: 2026, Month: time.June}
	rk, err = r.Rank(ctx, "cum5", jun)
	if err != nil {
		t.Fatal(err)
	}
	if !rk.Previous.Final || !rk.Previous.ComputedAt.Equal(before.ComputedAt) || rk.Previous.Rank("ninh_binh") != before.Rank("ninh_binh") {
		t.Errorf("June's previous standing = %+v; want May's final snapshot %+v", rk.Previous, before)
	}
	// An open month follows the data.
	t1 := total(&rk.History[5], "ninh_binh")
	fv.vs[2026].Set("ninh_binh", "thu_bhxh", time.June, 0)
	rk, err = r.Rank(ctx, "cum5", jun)
	if err != nil {
		t.Fatal(err)
	}
	if rk.History[5].Final || total(&rk.History[5], "ninh_binh") == t1 {
		t.Errorf("open month did not follow the data: total %v then %v", t1, total(&rk.History[5], "ninh_binh"))
	}
}

// TestRankNeverWrites answers rankings from a store that refuses every
// write: reading a ranking must not need one.
func TestRankNeverWrites(t *testing.T) {
	ctx := context.Background()
	r, _, clk := demoRanker(t, time.Date(2026, 7, 20, 9, 0, 0, 0, time.UTC))
	kv := storetest.NewMem(clk)
	kv.Fail = func(op, bucket, key string) error {
		switch op {
		case "put", "delete", "create", "update", "append", "commit":
			return fmt.Errorf("%s %s/%s: read-only store", op, bucket, key)
		}
		return nil
	}
	r.History = NewStore(kv)
	for m := time.January; m <= time.July; m++ {
		if _, err := r.Rank(ctx, "cum5", scoring.Period{Year: 2026, Month: m}); err != nil {
			t.Errorf("Rank of %d/2026 on a read-only store: %v", m, err)
		}
	}
}

func TestDefaultPeriod(t *testing.T) {
	tests := []struct {
		name string
		now  time.Time
		want scoring.Period
	}{
		{"latest month with data", time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC), scoring.Period{Year: 2026, Month: time.June}},
		{"data of a later month not yet visible", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), scoring.Period{Year: 2026, Month: time.March}},
		{"no data this year: previous month", time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC), scoring.Period{Year: 2026, Month: time.December}},
		{"no data this year, mid-year", time.Date(2027, 5, 5, 9, 0, 0, 0, time.UTC), scoring.Period{Year: 2027, Month: time.April}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _, _ := demoRanker(t, tt.now)
			got, err := r.DefaultPeriod(context.Background(), "cum5")
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRankErrors(t *testing.T) {
	r, _, _ := demoRanker(t, time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	if _, err := r.Rank(ctx, "cum9", scoring.Period{Year: 2026, Month: 6}); !errors.Is(err, ErrUnknownCluster) {
		t.Errorf("unknown cluster: got %v", err)
	}
	if _, err := r.Rank(ctx, "cum5", scoring.Period{Year: 2026, Month: 13}); !errors.Is(err, scoring.ErrBadPeriod) {
		t.Errorf("bad period: got %v", err)
	}
	for _, p := range []scoring.Period{{Year: 2026, Month: 12}, {Year: 2027, Month: 1}} {
		if _, err := r.Rank(ctx, "cum5", p); !errors.Is(err, ErrFuture) {
			t.Errorf("%v on 27/11/2026: got %v, want ErrFuture", p, err)
		}
	}
	if _, err := r.Rank(ctx, "cum5", scoring.Period{Year: 2026, Month: 11}); err != nil {
		t.Errorf("the current month: %v", err)
	}
}

func total(s *Snapshot, unit string) float64 {
	for _, e := range s.Units {
		if e.Unit == unit {
			return e.Total
		}
	}
	return -1
}

package rankhistory_test

import (
	"context"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/examples"
	"github.com/thiduabot/thiduabot/rankhistory"
	"github.com/thiduabot/thiduabot/rankhistory/reportseed"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/scoring/valuesfile"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
	"github.com/thiduabot/thiduabot/submissions"
)

// versioned serves fixed values under a version the test sets.
type versioned struct {
	vs      scoring.Values
	version string
}

func (v *versioned) Values(ctx context.Context, cluster string, year int, t *scoring.Table) (scoring.Values, error) {
	return v.vs, nil
}

func (v *versioned) VersionedValues(ctx context.Context, cluster string, year int, t *scoring.Table) (scoring.Values, string, error) {
	return v.vs, v.version, nil
}

func demo(t *testing.T) (*configdir.Config, scoring.Values) {
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
	return cfg, vs[2026]
}

// TestRankComputesOncePerVersion: while the version stays, a ranking is
// served from the months computed for it; a new version is computed afresh.
func TestRankComputesOncePerVersion(t *testing.T) {
	ctx := context.Background()
	cfg, vs := demo(t)
	v := &versioned{vs: vs, version: "a"}
	now := time.Date(2026, 7, 20, 9, 0, 0, 0, time.UTC)
	r := &rankhistory.Ranker{Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets, Values: v,
		History: rankhistory.NewStore(storetest.NewMem(nil)), Clock: clock.NewFake(now), Location: time.UTC}
	p := scoring.Period{Year: 2026, Month: time.June}
	first, err := r.Rank(ctx, "cum5", p)
	if err != nil {
		t.Fatal(err)
	}
	v.vs = scoring.Values{} // other figures under the same version: a broken contract, to show the memo
	again, err := r.Rank(ctx, "cum5", p)
	if err != nil {
		t.Fatal(err)
	}
	if again.Result != first.Result || len(again.History) != 6 {
		t.Fatalf("same version computed again (%d months)", len(again.History))
	}
	v.version = "b"
	fresh, err := r.Rank(ctx, "cum5", p)
	if err != nil {
		t.Fatal(err)
	}
	if fresh.Result == first.Result || fresh.HasData {
		t.Fatalf("new version served the old months (has data %v)", fresh.HasData)
	}
}

// TestRankReplicasCoherent: two rankers, each over its own repository of one
// store (two replicas), answer alike after a confirmation through either.
func TestRankReplicasCoherent(t *testing.T) {
	ctx := context.Background()
	cfg, vs := demo(t)
	kv := storetest.NewMem(nil)
	if _, err := reportseed.Seed(ctx, kv, cfg.Org, cfg.Tables, vs, 2026); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 7, 3, 9, 0, 0, 0, time.UTC)
	ranker := func(kv store.KV) *rankhistory.Ranker {
		return &rankhistory.Ranker{Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets,
			Values: submissions.NewReports(kv, clock.NewFake(now), nil, time.UTC), History: rankhistory.NewStore(kv),
			Clock: clock.NewFake(now), Location: time.UTC}
	}
	a, b := ranker(kv), ranker(kv)
	p := scoring.Period{Year: 2026, Month: time.June}
	before, err := a.Rank(ctx, "cum5", p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Rank(ctx, "cum5", p); err != nil {
		t.Fatal(err)
	}
	// The last unit of June's ranking reports a large collection through b's
	// repository (another replica).
	cl, _ := cfg.Org.Cluster("cum5")
	last := before.Result.Units[len(before.Result.Units)-1].ID
	rs := submissions.NewReports(kv, clock.NewFake(now), submissions.CalendarFunc(reportseed.Window), time.UTC)
	cur, err := rs.Get(ctx, "cum5", last, submissions.Period{Year: 2026, Month: time.June})
	if err != nil {
		t.Fatal(err)
	}
	vals := map[string]submissions.Entry{}
	for _, c := range submissions.CriteriaOf(cfg.Tables[cl.Scoring]) {
		if c.Asked() && c.Rule == submissions.RuleRatio {
			vals[c.ID] = submissions.Entry{State: submissions.StateValue, Value: 1e9}
		}
	}
	if len(vals) == 0 {
		t.Fatal("demo table has no ratio criterion to change")
	}
	if _, err := rs.Confirm(ctx, submissions.Confirmation{Cluster: "cum5", Unit: last, Period: cur.Period,
		BaseVersion: cur.Version, Values: vals, By: submissions.Actor{UserID: 1, Role: submissions.RoleChair}}); err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*rankhistory.Ranker{"a": a, "b": b, "new": ranker(kv)} {
		got, err := r.Rank(ctx, "cum5", p)
		if err != nil {
			t.Fatal(err)
		}
		u, _ := got.Result.Unit(last)
		if u.Rank == before.Result.Units[len(before.Result.Units)-1].Rank && u.Total == before.Result.Units[len(before.Result.Units)-1].Total {
			t.Errorf("replica %s still ranks %s as before the confirmation (rank %d, %.2f)", name, last, u.Rank, u.Total)
		}
	}
}

// listCounter counts the lists of reports (the fallback of a cold read).
type listCounter struct {
	store.KV
	mu    sync.Mutex
	lists int
}

func (l *listCounter) List(ctx context.Context, bucket, prefix string) ([]store.Item, error) {
	if bucket == submissions.Bucket && strings.HasPrefix(prefix, "report/") {
		l.mu.Lock()
		l.lists++
		l.mu.Unlock()
	}
	return l.KV.List(ctx, bucket, prefix)
}

// TestRankReplicasCompacted: a confirmation through one replica, then the
// background compaction there; another replica's ranking, warm or a new
// process's first, shows the new figures, and the new process reads them
// from the compact record, not from the reports.
func TestRankReplicasCompacted(t *testing.T) {
	ctx := context.Background()
	cfg, vs := demo(t)
	kv := storetest.NewMem(nil)
	if _, err := reportseed.Seed(ctx, kv, cfg.Org, cfg.Tables, vs, 2026); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 7, 3, 9, 0, 0, 0, time.UTC)
	cal := submissions.CalendarFunc(reportseed.Window)
	ranker := func(kv store.KV) (*rankhistory.Ranker, *submissions.Reports) {
		rs := submissions.NewReports(kv, clock.NewFake(now), cal, time.UTC)
		return &rankhistory.Ranker{Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets, Values: rs,
			History: rankhistory.NewStore(kv), Clock: clock.NewFake(now), Location: time.UTC}, rs
	}
	a, rsA := ranker(kv)
	b, _ := ranker(kv)
	if _, err := rsA.Compact(ctx, "cum5", 2026); err != nil {
		t.Fatal(err)
	}
	p := scoring.Period{Year: 2026, Month: time.June}
	before, err := b.Rank(ctx, "cum5", p)
	if err != nil {
		t.Fatal(err)
	}
	last := before.Result.Units[len(before.Result.Units)-1]
	cur, err := rsA.Get(ctx, "cum5", last.ID, submissions.Period{Year: 2026, Month: time.June})
	if err != nil {
		t.Fatal(err)
	}
	cl, _ := cfg.Org.Cluster("cum5")
	vals := map[string]submissions.Entry{}
	for _, c := range submissions.CriteriaOf(cfg.Tables[cl.Scoring]) {
		if c.Asked() && c.Rule == submissions.RuleRatio {
			vals[c.ID] = submissions.Entry{State: submissions.StateValue, Value: 1e9}
		}
	}
	if _, err := rsA.Confirm(ctx, submissions.Confirmation{Cluster: "cum5", Unit: last.ID, Period: cur.Period,
		BaseVersion: cur.Version, Values: vals, By: submissions.Actor{UserID: 1, Role: submissions.RoleChair}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Rank(ctx, "cum5", p); err != nil { // the confirming replica answers meanwhile
		t.Fatal(err)
	}
	if wrote, err := rsA.Compact(ctx, "cum5", 2026); err != nil || !wrote {
		t.Fatalf("compaction after the confirmation: %v %v", wrote, err)
	}
	lc := &listCounter{KV: kv}
	fresh, _ := ranker(lc)
	for name, r := range map[string]*rankhistory.Ranker{"warm": b, "new process": fresh} {
		got, err := r.Rank(ctx, "cum5", p)
		if err != nil {
			t.Fatal(err)
		}
		if u, _ := got.Result.Unit(last.ID); u.Rank == last.Rank && u.Total == last.Total {
			t.Errorf("%s replica still ranks %s as before the confirmation (rank %d, %.2f)", name, last.ID, u.Rank, u.Total)
		}
	}
	if lc.lists != 0 {
		t.Errorf("the new process listed the reports %d times, want the compact record read", lc.lists)
	}
}

// snapshotLists counts the lists of the snapshot bucket.
type snapshotLists struct {
	store.KV
	mu    sync.Mutex
	lists int
}

func (l *snapshotLists) List(ctx context.Context, bucket, prefix string) ([]store.Item, error) {
	if bucket == rankhistory.Bucket {
		l.mu.Lock()
		l.lists++
		l.mu.Unlock()
	}
	return l.KV.List(ctx, bucket, prefix)
}

// TestRankRemembersFinals: once every earlier month is final, a warm
// ranking reads no snapshot; a month that becomes final later is read.
func TestRankRemembersFinals(t *testing.T) {
	ctx := context.Background()
	cfg, vs := demo(t)
	kv := storetest.NewMem(nil)
	if _, err := reportseed.Seed(ctx, kv, cfg.Org, cfg.Tables, vs, 2026); err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFake(time.Date(2026, 7, 20, 9, 0, 0, 0, time.UTC)) // June locked on 15/07
	sl := &snapshotLists{KV: kv}
	r := &rankhistory.Ranker{Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets,
		Values: submissions.NewReports(sl, clk, nil, time.UTC), History: rankhistory.NewStore(sl), Clock: clk,
		Calendar: submissions.CalendarFunc(reportseed.Window), Location: time.UTC}
	if _, err := r.Close(ctx); err != nil {
		t.Fatal(err)
	}
	rank := func(m time.Month) *rankhistory.Ranking {
		t.Helper()
		rk, err := r.Rank(ctx, "cum5", scoring.Period{Year: 2026, Month: m})
		if err != nil {
			t.Fatal(err)
		}
		return rk
	}
	rank(time.July)
	sl.lists = 0
	rk := rank(time.July)
	if sl.lists != 0 {
		t.Errorf("warm ranking with January–June final listed the snapshots %d times", sl.lists)
	}
	if !rk.History[5].Final {
		t.Fatal("June not final")
	}
	rk.History[0].Units[0].Total = -1 // the caller's own copy
	if again := rank(time.July); again.History[0].Units[0].Total == -1 {
		t.Fatal("a ranking's history shares the remembered snapshots")
	}
	// August: July is not closed yet; once it is, its final snapshot is read.
	clk.Set(time.Date(2026, 8, 16, 9, 0, 0, 0, time.UTC))
	rank(time.August)
	clk.Advance(time.Hour)
	closedAt := clk.Now()
	if _, err := r.Close(ctx); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	if rk := rank(time.August); !rk.History[6].ComputedAt.Equal(closedAt) {
		t.Fatalf("July computed at %v, want the final snapshot taken at %v", rk.History[6].ComputedAt, closedAt)
	}
}

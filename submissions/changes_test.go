package submissions

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/store"
)

// randomReport is one unit-month's report with any kind of answer, or an
// unlock only (version 0), or a chair's manual entry (not confirmed).
func randomReport(rng *rand.Rand, unit string, m time.Month) Report {
	states := []State{StateValue, StateKept, StateSkipped, StateValue}
	vals := []float64{0, 1, 2.5, -3, 1e300, math.Copysign(0, -1), 1 << 53, 0.1, 7}
	r := Report{Cluster: "c", Unit: unit, Period: Period{2026, m}, Version: rng.IntN(3), Values: map[string]Entry{}}
	if rng.IntN(4) != 0 {
		r.FirstConfirmedAt = time.Date(2026, m+1, 1+rng.IntN(9), 9, 0, 0, 0, time.UTC)
		r.Late = rng.IntN(3) == 0
	}
	for c := range rng.IntN(5) {
		r.Values[fmt.Sprintf("k%d", c)] = Entry{State: states[rng.IntN(len(states))], Value: vals[rng.IntN(len(vals))]}
	}
	return r
}

// TestOverlayValues: a record's figures overlaid with the unit-months
// written since (revised, reopened, new, and some unchanged: more is
// harmless) are those built from every report as it is now; the record
// itself is left as it was.
func TestOverlayValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 300 {
		before := randomReports(rng)
		now := map[change]Report{}
		for _, r := range before {
			now[change{r.Period, r.Unit}] = r
		}
		var changed []change
		for u := range 8 {
			for m := time.January; m <= time.December; m++ {
				if rng.IntN(6) != 0 {
					continue
				}
				c := change{Period{2026, m}, fmt.Sprintf("u%d", u)}
				changed = append(changed, c)
				if rng.IntN(5) != 0 { // else named but unchanged, or never stored
					now[c] = randomReport(rng, c.unit, m)
				}
			}
		}
		var after []Report
		for _, r := range now {
			after = append(after, r)
		}
		reports := make([]*Report, len(changed))
		for j, c := range changed {
			if r, ok := now[c]; ok {
				reports[j] = &r
			}
		}
		rec, _, err := decodeRecord(encodeRecord(summarize(before), "tok"))
		if err != nil {
			t.Fatal(err)
		}
		got := rec.overlay(changed, reports)
		if diff := sameSummary(got, summarize(after)); diff != "" {
			t.Fatalf("case %d: overlaid: %s", i, diff)
		}
		for _, cs := range [][]Criterion{nil, lateCriteria} {
			if diff := sameValues(got.values(cs), referenceValues(after, cs)); diff != "" {
				t.Fatalf("case %d (%d criteria): overlaid values: %s", i, len(cs), diff)
			}
		}
		if diff := sameSummary(rec, summarize(before)); diff != "" {
			t.Fatalf("case %d: the record changed: %s", i, diff)
		}
	}
}

// loggingKV records the prefixes listed and may run a hook after a List
// or a Get (to slip a write or a compaction in between two reads).
type loggingKV struct {
	store.KV
	mu        sync.Mutex
	lists     []string
	afterList func(prefix string)
	afterGet  func(key string)
}

func (l *loggingKV) List(ctx context.Context, bucket, prefix string) ([]store.Item, error) {
	items, err := l.KV.List(ctx, bucket, prefix)
	l.mu.Lock()
	l.lists = append(l.lists, prefix)
	hook := l.afterList
	l.mu.Unlock()
	if hook != nil {
		hook(prefix)
	}
	return items, err
}

func (l *loggingKV) Get(ctx context.Context, bucket, key string) ([]byte, error) {
	b, err := l.KV.Get(ctx, bucket, key)
	l.mu.Lock()
	hook := l.afterGet
	l.mu.Unlock()
	if hook != nil {
		hook(key)
	}
	return b, err
}

// listedReports reports whether the reports were listed since the last call.
func (l *loggingKV) listedReports() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	listed := false
	for _, p := range l.lists {
		listed = listed || strings.HasPrefix(p, "report/")
	}
	l.lists = nil
	return listed
}

// checkServed checks that rs serves exactly the figures built from every
// report of cum5's 2026 as they are now (the fallback's, by the oracle).
func checkServed(t *testing.T, rs *Reports, kv store.KV, table *scoring.Table) {
	t.Helper()
	ctx := context.Background()
	e, err := rs.year(ctx, "cum5", 2026)
	if err != nil {
		t.Fatal(err)
	}
	all, err := NewReports(kv, nil, testCalendar, vn).List(ctx, "cum5", 2026)
	if err != nil {
		t.Fatal(err)
	}
	if diff := sameSummary(e.sum, summarize(all)); diff != "" {
		t.Fatalf("figures: %s", diff)
	}
	for _, cs := range [][]Criterion{CriteriaOf(table), lateCriteria} {
		if diff := sameValues(e.sum.values(cs), referenceValues(all, cs)); diff != "" {
			t.Fatalf("values (%d criteria): %s", len(cs), diff)
		}
	}
}

// TestCompactStale: after writes the compact record does not hold, a new
// process's first read, and the next read of a process that read the
// record, serve exactly what reading every report gives, without listing
// the reports: the record and the reports written since. The next
// compaction takes the changes in.
func TestCompactStale(t *testing.T) {
	confirm := func(t *testing.T, f *fixture, table *scoring.Table, c Confirmation) {
		t.Helper()
		c.Cluster = "cum5"
		c.Criteria = CriteriaOf(table)
		if c.By == (Actor{}) {
			c.By = focalA
		}
		if _, err := f.rs.Confirm(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	unlock := func(t *testing.T, f *fixture, unit string, p Period) {
		t.Helper()
		if _, err := f.rs.Unlock(context.Background(), "cum5", unit, p, chair, at(2026, 6, 30, 0, 0)); err != nil {
			t.Fatal(err)
		}
	}
	afterLock := at(2026, 6, 9, 9, 0) // May's lock is 8/6 17:00
	for _, tc := range []struct {
		name  string
		write func(t *testing.T, f *fixture, table *scoring.Table)
	}{
		{"revision", func(t *testing.T, f *fixture, table *scoring.Table) {
			confirm(t, f, table, Confirmation{Unit: "phu_tho", Period: Period{2026, 6}, BaseVersion: 1,
				Values: map[string]Entry{"thu_bhxh": val(77), "gd_dien_tu": val(12.5)}})
		}},
		{"answer skipped on revision", func(t *testing.T, f *fixture, table *scoring.Table) {
			confirm(t, f, table, Confirmation{Unit: "bac_ninh", Period: Period{2026, 5}, BaseVersion: 1,
				Values: map[string]Entry{"thu_bhxh": {State: StateSkipped}}})
		}},
		{"new unit-month", func(t *testing.T, f *fixture, table *scoring.Table) {
			confirm(t, f, table, Confirmation{Unit: "ninh_binh", Period: Period{2026, 5}, Values: map[string]Entry{"thu_bhxh": val(5)}})
		}},
		{"late", func(t *testing.T, f *fixture, table *scoring.Table) {
			f.clk.Set(at(2026, 6, 6, 9, 0))
			confirm(t, f, table, Confirmation{Unit: "ninh_binh", Period: Period{2026, 5}, Values: map[string]Entry{"thu_bhxh": val(5)}})
		}},
		{"unlock after the record", func(t *testing.T, f *fixture, table *scoring.Table) {
			f.clk.Set(afterLock)
			unlock(t, f, "phu_tho", Period{2026, 5})
		}},
		{"unlock, then a confirmation after the lock", func(t *testing.T, f *fixture, table *scoring.Table) {
			f.clk.Set(afterLock)
			unlock(t, f, "phu_tho", Period{2026, 5})
			confirm(t, f, table, Confirmation{Unit: "phu_tho", Period: Period{2026, 5}, BaseVersion: 1, Values: map[string]Entry{"thu_bhxh": val(8)}})
		}},
		{"unlock of a month never confirmed", func(t *testing.T, f *fixture, table *scoring.Table) {
			f.clk.Set(afterLock)
			unlock(t, f, "ninh_binh", Period{2026, 5})
		}},
		{"chair's manual entry", func(t *testing.T, f *fixture, table *scoring.Table) {
			confirm(t, f, table, Confirmation{Unit: "ninh_binh", Period: Period{2026, 6}, By: chair, Manual: true,
				Values: map[string]Entry{"thu_bhxh": val(3)}})
		}},
		{"several", func(t *testing.T, f *fixture, table *scoring.Table) {
			confirm(t, f, table, Confirmation{Unit: "phu_tho", Period: Period{2026, 6}, BaseVersion: 1, Values: map[string]Entry{"thu_bhxh": val(1)}})
			confirm(t, f, table, Confirmation{Unit: "phu_tho", Period: Period{2026, 6}, BaseVersion: 2, Values: map[string]Entry{"thu_bhxh": val(2)}})
			confirm(t, f, table, Confirmation{Unit: "ninh_binh", Period: Period{2026, 1}, By: chair, Values: map[string]Entry{"thu_bhxh": val(4)}})
			f.clk.Set(afterLock)
			unlock(t, f, "bac_ninh", Period{2026, 5})
		}},
		{"more changes than a list chunk", func(t *testing.T, f *fixture, table *scoring.Table) {
			for u := range 260 { // a Redis list reads 256 keys at a time
				confirm(t, f, table, Confirmation{Unit: fmt.Sprintf("x%03d", u), Period: Period{2026, time.Month(1 + u%6)}, By: chair,
					Values: map[string]Entry{"thu_bhxh": val(float64(u))}})
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eachCompactStore(t, func(t *testing.T, kv store.KV) {
				ctx := context.Background()
				f, table := compactFixture(t, kv)
				if wrote, err := f.rs.Compact(ctx, "cum5", 2026); err != nil || !wrote {
					t.Fatalf("compact: %v %v", wrote, err)
				}
				lk := &loggingKV{KV: kv}
				warm := NewReports(lk, f.clk, testCalendar, vn)
				if _, err := warm.Values(ctx, "cum5", 2026, table); err != nil {
					t.Fatal(err)
				}
				tc.write(t, f, table)
				lk.listedReports()
				for name, rs := range map[string]*Reports{"new process": NewReports(lk, f.clk, testCalendar, vn), "warm process": warm} {
					checkServed(t, rs, kv, table)
					if lk.listedReports() {
						t.Errorf("%s: listed the reports, want the record and the changes", name)
					}
				}
				if wrote, err := f.rs.Compact(ctx, "cum5", 2026); err != nil || !wrote {
					t.Fatalf("compact after the writes: %v %v", wrote, err)
				}
				items, err := kv.List(ctx, FiguresBucket, changePrefix("cum5", 2026))
				if err != nil {
					t.Fatal(err)
				}
				ver := mustVersion(t, f.rs)
				if len(items) != 1 || items[0].Key != changePrefix("cum5", 2026)+changeBase || string(items[0].Value) != ver {
					t.Fatalf("changes after compaction: %v, want only base %s", items, ver)
				}
				checkServed(t, NewReports(lk, f.clk, testCalendar, vn), kv, table)
			})
		})
	}
}

// TestCompactStaleRace: a confirmation or a compaction landing while a
// stale read is under way (after its version, after its list of changes)
// never makes it serve figures older than its version: it serves the
// figures of its version or newer ones, from a record, and the next read
// serves the newest.
func TestCompactStaleRace(t *testing.T) {
	for _, tc := range []struct {
		name string
		// after what: "reportver/" (the version), "base" (the read of
		// base), "delta/" (the list of changes) or "record" (the read of the
		// record they are since)
		between string
		confirm bool // another replica confirms,
		compact bool // and (then) compacts
	}{
		{"confirmation between the changes and the record", "delta/", true, false},
		{"compaction between the changes and the record", "delta/", false, true},
		{"confirmation and compaction between the changes and the record", "delta/", true, true},
		{"confirmation and compaction between the version and the changes", "reportver/", true, true},
		{"confirmation and compaction between base and the changes", "base", true, true},
		{"compaction after the record", "record", false, true},
		{"confirmation and compaction after the record", "record", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eachCompactStore(t, func(t *testing.T, kv store.KV) {
				ctx := context.Background()
				f, table := compactFixture(t, kv)
				if _, err := f.rs.Compact(ctx, "cum5", 2026); err != nil {
					t.Fatal(err)
				}
				between := tc.between
				switch between {
				case "record":
					between = recordPrefix("cum5", 2026) + mustVersion(t, f.rs)
				case "base":
					between = changePrefix("cum5", 2026) + changeBase
				}
				if _, err := f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "phu_tho", Period: Period{2026, 6}, BaseVersion: 1,
					Values: map[string]Entry{"thu_bhxh": val(77)}, By: focalA, Criteria: CriteriaOf(table)}); err != nil {
					t.Fatal(err)
				}
				other := NewReports(kv, f.clk, testCalendar, vn) // another replica
				var once sync.Once
				hook := func(key string) {
					if !strings.HasPrefix(key, between) {
						return
					}
					once.Do(func() {
						if tc.confirm {
							if _, err := other.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "bac_ninh", Period: Period{2026, 6}, BaseVersion: 1,
								Values: map[string]Entry{"thu_bhxh": val(555)}, By: focalA, Criteria: CriteriaOf(table)}); err != nil {
								t.Error(err)
							}
						}
						if tc.compact {
							if wrote, err := other.Compact(ctx, "cum5", 2026); err != nil || !wrote {
								t.Errorf("compaction in between: %v %v", wrote, err)
							}
						}
					})
				}
				lk := &loggingKV{KV: kv}
				if tc.between == "delta/" {
					lk.afterList = hook
				} else {
					lk.afterGet = hook
				}
				rs := NewReports(lk, f.clk, testCalendar, vn)
				vs, err := rs.Values(ctx, "cum5", 2026, table)
				if err != nil {
					t.Fatal(err)
				}
				if v, _ := vs.Get("phu_tho", "thu_bhxh", 6); v != 77 {
					t.Errorf("phu_tho June: %v, want 77 (confirmed before the read)", v)
				}
				if v, _ := vs.Get("bac_ninh", "thu_bhxh", 6); v != 1006 && v != 555 {
					t.Errorf("bac_ninh June: %v, want 1006 or (newer) 555", v)
				}
				if lk.listedReports() {
					t.Errorf("listed the reports, want a record")
				}
				lk.mu.Lock()
				lk.afterList, lk.afterGet = nil, nil
				lk.mu.Unlock()
				checkServed(t, rs, kv, table)
				if lk.listedReports() {
					t.Errorf("the next read listed the reports, want a record")
				}
			})
		})
	}
}

// TestCompactStaleMigrated: a migration (as after an import, which may
// bring reports no change names) forgets the changes, so a record is no
// longer overlaid: the reports are read, imported ones included.
func TestCompactStaleMigrated(t *testing.T) {
	for _, tc := range []struct {
		name    string
		migrate func(ctx context.Context, kv store.KV) (int, error)
	}{
		{"MigrateReports", MigrateReports},
		{"ForgetChanges", ForgetChanges},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eachCompactStore(t, func(t *testing.T, kv store.KV) {
				ctx := context.Background()
				f, table := compactFixture(t, kv)
				if _, err := f.rs.Compact(ctx, "cum5", 2026); err != nil {
					t.Fatal(err)
				}
				if _, err := f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "phu_tho", Period: Period{2026, 6}, BaseVersion: 1,
					Values: map[string]Entry{"thu_bhxh": val(77)}, By: focalA, Criteria: CriteriaOf(table)}); err != nil {
					t.Fatal(err)
				}
				// An import writes a report as it was in the backup: no change names it.
				imported := `{"cluster":"cum5","unit":"bac_ninh","period":"2026-06","version":3,"values":{"thu_bhxh":{"state":"value","value":999}},` +
					`"first_confirmed_at":"2026-06-02T09:00:00+07:00","history":[]}`
				if err := kv.Put(ctx, Bucket, reportKey("cum5", "bac_ninh", Period{2026, 6}), []byte(imported)); err != nil {
					t.Fatal(err)
				}
				if _, err := tc.migrate(ctx, kv); err != nil {
					t.Fatal(err)
				}
				if items, err := kv.List(ctx, FiguresBucket, "delta/"); err != nil || len(items) != 0 {
					t.Fatalf("changes after the migration: %v %v, want none", items, err)
				}
				vs, err := NewReports(kv, f.clk, testCalendar, vn).Values(ctx, "cum5", 2026, table)
				if err != nil {
					t.Fatal(err)
				}
				if v, _ := vs.Get("bac_ninh", "thu_bhxh", 6); v != 999 {
					t.Errorf("imported report: %v, want 999", v)
				}
				checkServed(t, NewReports(kv, f.clk, testCalendar, vn), kv, table)
			})
		})
	}
}

// TestCompactStaleUnnamed: a version written by a write that named no
// change (a build before schema 5 still running) is not overlaid: the
// changes are not all there, and the reports are read.
func TestCompactStaleUnnamed(t *testing.T) {
	eachCompactStore(t, func(t *testing.T, kv store.KV) {
		ctx := context.Background()
		f, table := compactFixture(t, kv)
		if _, err := f.rs.Compact(ctx, "cum5", 2026); err != nil {
			t.Fatal(err)
		}
		if _, err := f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "phu_tho", Period: Period{2026, 6}, BaseVersion: 1,
			Values: map[string]Entry{"thu_bhxh": val(77)}, By: focalA, Criteria: CriteriaOf(table)}); err != nil {
			t.Fatal(err)
		}
		err := kv.Txn(ctx, func(tx store.Tx) error {
			r, err := f.rs.getReportTx(tx, "cum5", "bac_ninh", Period{2026, 6})
			if err != nil {
				return err
			}
			r.Values["thu_bhxh"] = val(999)
			r.Version++
			if err := f.rs.reports.In(tx).Put(reportKey("cum5", "bac_ninh", Period{2026, 6}), *r); err != nil {
				return err
			}
			_, err = bumpTx(tx, "cum5", 2026)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		lk := &loggingKV{KV: kv}
		checkServed(t, NewReports(lk, f.clk, testCalendar, vn), kv, table)
		if !lk.listedReports() {
			t.Errorf("overlaid changes that miss a write, want the reports listed")
		}
	})
}

// TestCompactChangesRace: a confirmation landing after the compaction
// listed the changes it would delete, before its transaction (here of a
// unit-month listed), leaves no record and loses no change: the next read
// serves it from the old record and the changes.
func TestCompactChangesRace(t *testing.T) {
	eachCompactStore(t, func(t *testing.T, kv store.KV) {
		ctx := context.Background()
		f, table := compactFixture(t, kv)
		if _, err := f.rs.Compact(ctx, "cum5", 2026); err != nil {
			t.Fatal(err)
		}
		if _, err := f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "phu_tho", Period: Period{2026, 6}, BaseVersion: 1,
			Values: map[string]Entry{"thu_bhxh": val(77)}, By: focalA, Criteria: CriteriaOf(table)}); err != nil {
			t.Fatal(err)
		}
		lk := &loggingKV{KV: kv}
		n := 0
		lk.afterList = func(prefix string) {
			if !strings.HasPrefix(prefix, "delta/") {
				return
			}
			if n++; n == 2 { // the first is the read's, the second the compaction's
				if _, err := f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "phu_tho", Period: Period{2026, 6}, BaseVersion: 2,
					Values: map[string]Entry{"thu_bhxh": val(555)}, By: focalA, Criteria: CriteriaOf(table)}); err != nil {
					t.Error(err)
				}
			}
		}
		if wrote, err := NewReports(lk, f.clk, testCalendar, vn).Compact(ctx, "cum5", 2026); err != nil || wrote {
			t.Fatalf("compact across a confirmation: %v %v, want nothing written", wrote, err)
		}
		if n != 2 {
			t.Fatalf("%d lists of the changes, want 2", n)
		}
		lk.afterList = nil
		lk.listedReports()
		rs := NewReports(lk, f.clk, testCalendar, vn)
		checkServed(t, rs, kv, table)
		if lk.listedReports() {
			t.Errorf("listed the reports, want the record and the changes")
		}
	})
}

// TestCompactUnnamedThenNamed: a write that named no change (a build
// before schema 5 still running) followed by one that did names the token,
// so reads overlay the record without the first until the next compaction
// (the changes cannot tell); that compaction summarizes every report, so
// its record, and the reads overlaid on it after, hold both writes.
func TestCompactUnnamedThenNamed(t *testing.T) {
	eachCompactStore(t, func(t *testing.T, kv store.KV) {
		ctx := context.Background()
		f, table := compactFixture(t, kv)
		if _, err := f.rs.Compact(ctx, "cum5", 2026); err != nil {
			t.Fatal(err)
		}
		err := kv.Txn(ctx, func(tx store.Tx) error { // the older build's write
			r, err := f.rs.getReportTx(tx, "cum5", "bac_ninh", Period{2026, 6})
			if err != nil {
				return err
			}
			r.Values["thu_bhxh"] = val(999)
			r.Version++
			if err := f.rs.reports.In(tx).Put(reportKey("cum5", "bac_ninh", Period{2026, 6}), *r); err != nil {
				return err
			}
			_, err = bumpTx(tx, "cum5", 2026)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "phu_tho", Period: Period{2026, 6}, BaseVersion: 1,
			Values: map[string]Entry{"thu_bhxh": val(77)}, By: focalA, Criteria: CriteriaOf(table)}); err != nil {
			t.Fatal(err)
		}
		// A process that overlaid the stale record compacts: its record
		// must not carry the missed write on.
		if wrote, err := f.rs.Compact(ctx, "cum5", 2026); err != nil || !wrote {
			t.Fatalf("compact: %v %v", wrote, err)
		}
		lk := &loggingKV{KV: kv}
		checkServed(t, NewReports(lk, f.clk, testCalendar, vn), kv, table)
		if lk.listedReports() {
			t.Errorf("listed the reports, want the record")
		}
		if _, err := f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "phu_tho", Period: Period{2026, 5}, BaseVersion: 1,
			Values: map[string]Entry{"thu_bhxh": val(55)}, By: focalA, Criteria: CriteriaOf(table)}); err != nil {
			t.Fatal(err)
		}
		checkServed(t, NewReports(lk, f.clk, testCalendar, vn), kv, table)
		if lk.listedReports() {
			t.Errorf("listed the reports, want the record and the changes")
		}
	})
}

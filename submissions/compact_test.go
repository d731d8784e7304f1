package submissions

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/internal/redistest"
	"github.com/thiduabot/thiduabot/redisstore"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

// referenceValues is values as it was written before summaries: the
// oracle the summary, and its record, must agree with.
func referenceValues(reports []Report, cs []Criterion) scoring.Values {
	vs := scoring.Values{}
	byUnit := map[string][]Report{}
	for _, r := range reports {
		if r.Version == 0 {
			continue
		}
		if r.Confirmed() {
			byUnit[r.Unit] = append(byUnit[r.Unit], r)
		}
		for id, e := range r.Values {
			if e.HasValue() {
				vs.Set(r.Unit, id, r.Period.Month, e.Value)
			}
		}
	}
	for _, c := range cs {
		if c.Source != SourceLateSubmissions {
			continue
		}
		for unit, rs := range byUnit {
			for _, r := range rs {
				v := 0.0
				switch c.Input {
				case Monthly:
					if r.Late {
						v = 1
					}
				default:
					v = float64(LateCount(rs, r.Period))
				}
				vs.Set(unit, c.ID, r.Period.Month, v)
			}
		}
	}
	return vs
}

// sameValues reports how a and b differ ("" when they do not).
func sameValues(a, b scoring.Values) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d units, want %d", len(a), len(b))
	}
	for u, ca := range a {
		cb, ok := b[u]
		if !ok || len(ca) != len(cb) {
			return fmt.Sprintf("unit %s: %d criteria, want %d", u, len(ca), len(cb))
		}
		for c, sa := range ca {
			sb, ok := cb[c]
			if !ok {
				return fmt.Sprintf("unit %s: criterion %s not wanted", u, c)
			}
			for m := time.January; m <= time.December; m++ {
				va, oka := sa.Get(m)
				vb, okb := sb.Get(m)
				if oka != okb || math.Float64bits(va) != math.Float64bits(vb) {
					return fmt.Sprintf("%s %s month %d: %v %v, want %v %v", u, c, m, va, oka, vb, okb)
				}
			}
		}
	}
	return ""
}

func sameSummary(a, b *summary) string {
	if d := sameValues(a.base, b.base); d != "" {
		return d
	}
	if len(a.submitted) != len(b.submitted) {
		return fmt.Sprintf("%d units submitted, want %d", len(a.submitted), len(b.submitted))
	}
	for u, ms := range a.submitted {
		if b.submitted[u] != ms {
			return fmt.Sprintf("unit %s submitted %v, want %v", u, ms, b.submitted[u])
		}
	}
	return ""
}

// randomReports is a year of one cluster's reports with every kind of
// answer, unconfirmed records (an unlock only) and chairs' manual entries.
func randomReports(rng *rand.Rand) []Report {
	states := []State{StateValue, StateKept, StateSkipped, StateValue}
	vals := []float64{0, 1, 2.5, -3, 1e300, math.Copysign(0, -1), 1 << 53, 1<<53 + 2, 0.1, math.Inf(1), 7}
	var out []Report
	for u := range 1 + rng.IntN(6) {
		for m := time.January; m <= time.December; m++ {
			if rng.IntN(3) == 0 {
				continue
			}
			r := Report{Cluster: "c", Unit: fmt.Sprintf("u%d", u), Period: Period{2026, m}, Version: rng.IntN(3), Values: map[string]Entry{}}
			if rng.IntN(4) != 0 {
				r.FirstConfirmedAt = time.Date(2026, m+1, 1+rng.IntN(9), 9, 0, 0, 0, time.UTC)
				r.Late = rng.IntN(3) == 0
			}
			for c := range rng.IntN(5) {
				r.Values[fmt.Sprintf("k%d", c)] = Entry{State: states[rng.IntN(len(states))], Value: vals[rng.IntN(len(vals))]}
			}
			out = append(out, r)
		}
	}
	return out
}

var lateCriteria = []Criterion{
	{ID: "k0"},
	{ID: "late_m", Input: Monthly, Rule: RulePerCount, Source: SourceLateSubmissions},
	{ID: "late_c", Input: Cumulative, Rule: RulePerCount, Source: SourceLateSubmissions},
	{ID: "k1", Input: Monthly, Rule: RulePerCount, Source: SourceLateSubmissions}, // also answered: overwritten
}

// TestSummaryValues: the values built from a summary, and from its compact
// record, are those built from the reports, with and without the bot's
// late counts.
func TestSummaryValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		reports := randomReports(rng)
		s := summarize(reports)
		data := encodeRecord(s, "tok")
		d, tok, err := decodeRecord(data)
		if err != nil || tok != "tok" {
			t.Fatalf("case %d: decode: %v, token %q", i, err, tok)
		}
		if diff := sameSummary(d, s); diff != "" {
			t.Fatalf("case %d: record: %s", i, diff)
		}
		for _, cs := range [][]Criterion{nil, lateCriteria} {
			want := referenceValues(reports, cs)
			if diff := sameValues(s.values(cs), want); diff != "" {
				t.Fatalf("case %d (%d criteria): summary: %s", i, len(cs), diff)
			}
			if diff := sameValues(d.values(cs), want); diff != "" {
				t.Fatalf("case %d (%d criteria): record: %s", i, len(cs), diff)
			}
		}
		if again := s.values(nil); sameValues(again, referenceValues(reports, nil)) != "" {
			t.Fatalf("case %d: the late counts changed the shared values", i)
		}
	}
}

// FuzzFiguresRecord: whatever the decoder accepts encodes back to a record
// that decodes to the same figures, and that encoding is stable; the
// decoder never panics nor allocates beyond what the record could hold.
func FuzzFiguresRecord(f *testing.F) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 4 {
		f.Add(encodeRecord(summarize(randomReports(rng)), "0123456789abcdef01234567"))
	}
	f.Add(encodeRecord(summarize(nil), ""))
	f.Add([]byte(recordMagic + "\x00\x00\x01\x00\x01\x00"))
	f.Add([]byte("TDF1\x01t\x01a\x01\x01u\x00\x00\x01\x00\x01\x04"))
	f.Add([]byte("TDF1\x01t\x01a\x01\x01u\x00\x00\x01\x00\x01\x01\x00\x00\x00\x00\x00\x00\xf8\x7f"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, tok, err := decodeRecord(data)
		if err != nil {
			return
		}
		enc := encodeRecord(s, tok)
		s2, tok2, err := decodeRecord(enc)
		if err != nil || tok2 != tok {
			t.Fatalf("re-encoded record: %v, token %q, want %q", err, tok2, tok)
		}
		if diff := sameSummary(s2, s); diff != "" {
			t.Fatalf("re-encoded record: %s", diff)
		}
		if again := encodeRecord(s2, tok2); !bytes.Equal(again, enc) {
			t.Fatalf("encoding not stable")
		}
	})
}

// TestRecordRejects: a record that is cut short, carries trailing bytes, or
// writes a whole number in the float form is refused.
func TestRecordRejects(t *testing.T) {
	s := summarize([]Report{{Unit: "u", Period: Period{2026, 3}, Version: 1, FirstConfirmedAt: at(2026, 4, 1, 9, 0),
		Values: map[string]Entry{"a": val(2), "b": val(0.5)}}})
	good := encodeRecord(s, "tok")
	for _, ok := range [][]byte{good, []byte("TDF1\x01t\x01\x01a\x01\x01u\x00\x00\x01\x00\x01\x08")} {
		if _, _, err := decodeRecord(ok); err != nil {
			t.Fatalf("%q: %v", ok, err)
		}
	}
	for name, data := range map[string][]byte{
		"short":    good[:len(good)-1],
		"trailing": append(append([]byte{}, good...), 0),
		"magic":    append([]byte("TDF2"), good[4:]...),
		"float 2":  []byte("TDF1\x01t\x01\x01a\x01\x01u\x00\x00\x01\x00\x01\x01\x00\x00\x00\x00\x00\x00\x00\x40"),
		"empty":    nil,
	} {
		if _, _, err := decodeRecord(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// eachCompactStore runs fn on the in-memory store, bbolt and Redis (when
// THIDUA_TEST_REDIS_URL is set): the compaction's transaction is the part
// each adapter does its own way.
func eachCompactStore(t *testing.T, fn func(t *testing.T, kv store.KV)) {
	eachStore(t, fn)
	t.Run("redis", func(t *testing.T) {
		url := redistest.URL(t)
		kv, err := redisstore.Open(context.Background(), url, redisstore.WithPrefix(redistest.Prefix(t, url)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { kv.Close() })
		fn(t, kv)
	})
}

// compactFixture confirms two units' reports of May and June 2026.
func compactFixture(t *testing.T, kv store.KV) (*fixture, *scoring.Table) {
	t.Helper()
	ctx := context.Background()
	table, _, _ := loadDemo(t)
	f := newFixture(kv, at(2026, 6, 2, 9, 0))
	for i, unit := range []string{"phu_tho", "bac_ninh"} {
		for _, m := range []time.Month{5, 6} {
			if _, err := f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: unit, Period: Period{2026, m},
				Values: map[string]Entry{"thu_bhxh": val(float64(1000*i + int(m)))}, By: focalA, Criteria: CriteriaOf(table)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return f, table
}

func figureRecords(t *testing.T, kv store.KV) []string {
	t.Helper()
	items, err := kv.List(context.Background(), FiguresBucket, "v1/")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, it := range items {
		keys = append(keys, it.Key)
	}
	return keys
}

// TestCompactServed: once compacted, a new process's first read takes the
// record (no list of the reports) and gets the same figures; a confirmation
// makes the record stale, and the next read lists the reports again and
// sees it; the next compaction replaces the record.
func TestCompactServed(t *testing.T) {
	eachCompactStore(t, func(t *testing.T, kv store.KV) {
		ctx := context.Background()
		f, table := compactFixture(t, kv)
		want, err := NewReports(kv, f.clk, testCalendar, vn).Values(ctx, "cum5", 2026, table)
		if err != nil {
			t.Fatal(err)
		}
		if wrote, err := f.rs.Compact(ctx, "cum5", 2026); err != nil || !wrote {
			t.Fatalf("compact: %v %v, want a record written", wrote, err)
		}
		if wrote, err := f.rs.Compact(ctx, "cum5", 2026); err != nil || wrote {
			t.Fatalf("compact again: %v %v, want nothing written", wrote, err)
		}
		if wrote, err := f.rs.Compact(ctx, "cum5", 2025); err != nil || wrote {
			t.Fatalf("compact of a year without reports: %v %v, want nothing written", wrote, err)
		}
		ver, _ := f.rs.Version(ctx, "cum5", 2026)
		if keys := figureRecords(t, kv); len(keys) != 1 || keys[0] != "v1/cum5/2026/"+ver {
			t.Fatalf("records %v, want one of version %s", keys, ver)
		}
		ck := &countingKV{KV: kv}
		got, err := NewReports(ck, f.clk, testCalendar, vn).Values(ctx, "cum5", 2026, table)
		if err != nil {
			t.Fatal(err)
		}
		if diff := sameValues(got, want); diff != "" {
			t.Fatalf("from the record: %s", diff)
		}
		if _, lists := ck.reads(); lists != 0 {
			t.Fatalf("a compacted year's first read listed %d times, want none", lists)
		}
		// Stale: another replica's confirmation.
		if _, err := f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "phu_tho", Period: Period{2026, 6}, BaseVersion: 1,
			Values: map[string]Entry{"thu_bhxh": val(77)}, By: focalA, Criteria: CriteriaOf(table)}); err != nil {
			t.Fatal(err)
		}
		for name, rs := range map[string]*Reports{"new process": NewReports(ck, f.clk, testCalendar, vn), "same process": f.rs} {
			vs, err := rs.Values(ctx, "cum5", 2026, table)
			if err != nil {
				t.Fatal(err)
			}
			if v, _ := vs.Get("phu_tho", "thu_bhxh", 6); v != 77 {
				t.Fatalf("%s after a confirmation: %v, want 77 (not the stale record's)", name, v)
			}
		}
		if wrote, err := f.rs.Compact(ctx, "cum5", 2026); err != nil || !wrote {
			t.Fatalf("compact after the confirmation: %v %v", wrote, err)
		}
		ver, _ = f.rs.Version(ctx, "cum5", 2026)
		if keys := figureRecords(t, kv); len(keys) != 1 || keys[0] != "v1/cum5/2026/"+ver {
			t.Fatalf("records %v, want only the one of version %s", keys, ver)
		}
		vs, err := NewReports(kv, f.clk, testCalendar, vn).Values(ctx, "cum5", 2026, table)
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := vs.Get("phu_tho", "thu_bhxh", 6); v != 77 {
			t.Fatalf("from the new record: %v, want 77", v)
		}
	})
}

// TestCompactTokenMismatch: a record under the current version's key that
// names another version inside, or cannot be decoded, is not served: the
// reports are.
func TestCompactTokenMismatch(t *testing.T) {
	ctx := context.Background()
	kv := storetest.NewMem(nil)
	f, table := compactFixture(t, kv)
	ver, _ := f.rs.Version(ctx, "cum5", 2026)
	for name, data := range map[string][]byte{
		"other token": encodeRecord(&summary{base: scoring.Values{}, submitted: map[string]months{}}, "other"),
		"garbage":     []byte("TDF1 not a record"),
	} {
		if err := kv.Put(ctx, FiguresBucket, "v1/cum5/2026/"+ver, data); err != nil {
			t.Fatal(err)
		}
		vs, err := NewReports(kv, f.clk, testCalendar, vn).Values(ctx, "cum5", 2026, table)
		if err != nil {
			t.Fatal(err)
		}
		if v, ok := vs.Get("bac_ninh", "thu_bhxh", 6); !ok || v != 1006 {
			t.Fatalf("%s: %v %v, want the reports' 1006", name, v, ok)
		}
	}
}

// TestCompactRace: a confirmation that lands after the compaction read the
// reports and before it writes leaves no record (it would be named after a
// version whose figures it does not hold); the next round writes one.
func TestCompactRace(t *testing.T) {
	eachCompactStore(t, testCompactRace)
}

func testCompactRace(t *testing.T, kv store.KV) {
	ctx := context.Background()
	f, table := compactFixture(t, kv)
	lk := &listHookKV{KV: kv}
	rs := NewReports(lk, f.clk, testCalendar, vn)
	var once sync.Once
	lk.afterList = func(prefix string) {
		if strings.HasPrefix(prefix, "report/") {
			once.Do(func() {
				if _, err := f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "phu_tho", Period: Period{2026, 6}, BaseVersion: 1,
					Values: map[string]Entry{"thu_bhxh": val(55)}, By: focalA, Criteria: CriteriaOf(table)}); err != nil {
					t.Error(err)
				}
			})
		}
	}
	if wrote, err := rs.Compact(ctx, "cum5", 2026); err != nil || wrote {
		t.Fatalf("compact across a confirmation: %v %v, want nothing written", wrote, err)
	}
	if keys := figureRecords(t, kv); len(keys) != 0 {
		t.Fatalf("records %v, want none", keys)
	}
	if wrote, err := rs.Compact(ctx, "cum5", 2026); err != nil || !wrote {
		t.Fatalf("next compaction: %v %v", wrote, err)
	}
	vs, err := NewReports(kv, f.clk, testCalendar, vn).Values(ctx, "cum5", 2026, table)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := vs.Get("phu_tho", "thu_bhxh", 6); v != 55 {
		t.Fatalf("from the record: %v, want 55", v)
	}
}

type listHookKV struct {
	store.KV
	afterList func(prefix string)
}

func (l *listHookKV) List(ctx context.Context, bucket, prefix string) ([]store.Item, error) {
	items, err := l.KV.List(ctx, bucket, prefix)
	if l.afterList != nil {
		l.afterList(prefix)
	}
	return items, err
}

// TestRunCompaction: the first round compacts at once; a year whose version
// changed since the round before waits for a quiet round.
func TestRunCompaction(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	kv := storetest.NewMem(nil)
	f, table := compactFixture(t, kv)
	done := make(chan error, 1)
	go func() {
		done <- f.rs.RunCompaction(ctx, []string{"cum5", "cum1"}, time.Minute, func(cl string, y int, err error) {
			t.Errorf("compact %s %d: %v", cl, y, err)
		})
	}()
	round := func() {
		t.Helper()
		if err := f.clk.BlockUntil(ctx, 1); err != nil {
			t.Fatal(err)
		}
	}
	want := func(when string) {
		t.Helper()
		ver, _ := f.rs.Version(ctx, "cum5", 2026)
		if keys := figureRecords(t, kv); len(keys) != 1 || keys[0] != "v1/cum5/2026/"+ver {
			t.Fatalf("%s: records %v, want the one of version %s", when, keys, ver)
		}
	}
	round()
	want("at start")
	if _, err := f.rs.Confirm(ctx, Confirmation{Cluster: "cum5", Unit: "phu_tho", Period: Period{2026, 6}, BaseVersion: 1,
		Values: map[string]Entry{"thu_bhxh": val(9)}, By: focalA, Criteria: CriteriaOf(table)}); err != nil {
		t.Fatal(err)
	}
	f.clk.Advance(time.Minute)
	round()
	if keys := figureRecords(t, kv); len(keys) != 1 || strings.HasSuffix(keys[0], mustVersion(t, f.rs)) {
		t.Fatalf("round right after a confirmation: records %v, want the old one kept", keys)
	}
	f.clk.Advance(time.Minute)
	round()
	want("after a quiet round")
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func mustVersion(t *testing.T, rs *Reports) string {
	t.Helper()
	v, err := rs.Version(context.Background(), "cum5", 2026)
	if err != nil || v == "" {
		t.Fatalf("version %q, %v", v, err)
	}
	return v
}

// TestCompactionClaimed: while another replica holds the claim of a
// version, a round neither compacts it nor reads its reports.
func TestCompactionClaimed(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	kv := storetest.NewMem(nil)
	f, _ := compactFixture(t, kv)
	if ok, err := kv.Create(ctx, FiguresBucket, claimKey("cum5", 2026, mustVersion(t, f.rs)), []byte("other"), time.Hour); err != nil || !ok {
		t.Fatal(ok, err)
	}
	ck := &countingKV{KV: kv}
	b := newFixture(ck, at(2026, 6, 2, 9, 0))
	done := make(chan error, 1)
	go func() { done <- b.rs.RunCompaction(ctx, []string{"cum5"}, time.Minute, nil) }()
	if err := b.clk.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, lists := ck.reads(); lists != 0 {
		t.Errorf("the round listed %d times while another replica held the claim", lists)
	}
	if keys := figureRecords(t, kv); len(keys) != 0 {
		t.Errorf("records %v, want none (another replica's to write)", keys)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

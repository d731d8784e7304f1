package submissions

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
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

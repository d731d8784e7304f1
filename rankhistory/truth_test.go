package rankhistory

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/scoring"
)

// lateStart keeps only the sample figures from March on, and none of
// Ninh Bình's: the cluster started reporting in March, and one unit never did.
func lateStart(fv *fixedValues) {
	vs := fv.vs[2026]
	delete(vs, "ninh_binh")
	for _, crits := range vs {
		for _, s := range crits {
			s.Unset(time.January)
			s.Unset(time.February)
		}
	}
}

func TestHistoryTellsTheTruth(t *testing.T) {
	ctx := context.Background()
	r, fv, _ := demoRanker(t, time.Date(2026, 7, 20, 9, 0, 0, 0, time.UTC))
	lateStart(fv)
	rk, err := r.Rank(ctx, "cum5", scoring.Period{Year: 2026, Month: time.April})
	if err != nil {
		t.Fatal(err)
	}
	// January and February had no figures: nobody was ranked first then.
	for unit, want := range map[string][]int{
		"ninh_binh":   {0, 0, 0, 0},
		"bac_ninh":    {0, 0, rk.History[2].Rank("bac_ninh"), rk.Result.Units[indexOf(rk.Result, "bac_ninh")].Rank},
		"thai_nguyen": {0, 0, rk.History[2].Rank("thai_nguyen"), rk.Result.Units[indexOf(rk.Result, "thai_nguyen")].Rank},
	} {
		if got := rk.Trajectory(unit); !reflect.DeepEqual(got, want) || (unit != "ninh_binh" && got[2] == 0) {
			t.Errorf("trajectory of %s = %v; want %v with a rank in March", unit, got, want)
		}
	}
	if !rk.History[0].Empty() || !rk.History[1].Empty() || rk.History[2].Empty() {
		t.Errorf("empty months: %v %v %v; want January and February only", rk.History[0].Empty(), rk.History[1].Empty(), rk.History[2].Empty())
	}
	// A unit that never reported is listed (last, 0 points) but never moves.
	if mv := rk.Movement("ninh_binh"); mv != "" {
		t.Errorf("movement of a unit without figures = %q; want none", mv)
	}
	if mv := rk.Movement("bac_ninh"); mv == "" {
		t.Error("no movement for a unit with figures in March and April")
	}
	// In March the previous month has no figures: nothing to compare with.
	mar, err := r.Rank(ctx, "cum5", scoring.Period{Year: 2026, Month: time.March})
	if err != nil {
		t.Fatal(err)
	}
	if mar.Previous != nil {
		t.Errorf("March compared with %s, a month without figures", mar.Previous.Period)
	}
	for _, u := range mar.Result.Units {
		if mv := mar.Movement(u.ID); mv != "" {
			t.Errorf("March movement of %s = %q; want none", u.ID, mv)
		}
	}
}

func indexOf(res *scoring.Result, unit string) int {
	for i, u := range res.Units {
		if u.ID == unit {
			return i
		}
	}
	return -1
}

// A month computed before its figures arrived follows them until it is
// final: February's standing, first taken when nobody had reported, is
// recomputed once February's figures are confirmed.
func TestEarlierMonthsFollowTheFigures(t *testing.T) {
	ctx := context.Background()
	r, fv, clk := demoRanker(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	full := fv.vs
	fv.vs = map[int]scoring.Values{2026: {}}
	if _, err := r.Rank(ctx, "cum5", scoring.Period{Year: 2026, Month: time.February}); err != nil {
		t.Fatal(err)
	}
	fv.vs = full
	clk.Set(time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)) // February locks on 15/03
	rk, err := r.Rank(ctx, "cum5", scoring.Period{Year: 2026, Month: time.March})
	if err != nil {
		t.Fatal(err)
	}
	if rk.Previous == nil || rk.Previous.Empty() || rk.Previous.Rank("bac_ninh") == 0 {
		t.Fatalf("February's standing did not follow its figures: %+v", rk.Previous)
	}
}

// Snapshots written before the NoData mark (every unit first at 0 points)
// are recognised as months without figures.
func TestLegacyEmptySnapshot(t *testing.T) {
	var s Snapshot
	if err := json.Unmarshal([]byte(`{"cluster":"cum5","period":"2026-01","final":true,"units":[{"unit":"a","rank":1,"total":0,"missing":5},{"unit":"b","rank":1,"total":0,"missing":5}]}`), &s); err != nil {
		t.Fatal(err)
	}
	if !s.Empty() || s.Rank("a") != 0 {
		t.Errorf("legacy all-zero snapshot: Empty %v, rank %d; want empty, unranked", s.Empty(), s.Rank("a"))
	}
	s.Units[1].Rank, s.Units[1].Total = 2, -1
	if s.Empty() || s.Rank("a") != 1 {
		t.Errorf("a real standing read as empty")
	}
}

// A year asked for before it ends stops at the last month with figures and
// says so; a quarter never runs past its own end.
func TestRankNamedStops(t *testing.T) {
	ctx := context.Background()
	r, fv, _ := demoRanker(t, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	latest := LatestMonth(fv.vs[2026], r.Org.Clusters[0].Units, time.December)
	if latest >= time.November || latest < time.March {
		t.Fatalf("sample figures end in month %d; the test wants a gap before November", latest)
	}
	year, err := scoring.ParseNamed("năm 2026", 2026)
	if err != nil {
		t.Fatal(err)
	}
	rk, err := r.RankNamed(ctx, "cum5", year)
	if err != nil {
		t.Fatal(err)
	}
	if rk.Result.Period.Month != latest || !rk.Stopped() || rk.Asked != year {
		t.Errorf("năm 2026 ranked through %v (stopped %v); want month %d, stopped", rk.Result.Period, rk.Stopped(), latest)
	}
	q1, _ := scoring.ParseNamed("quý 1/2026", 2026)
	rk, err = r.RankNamed(ctx, "cum5", q1)
	if err != nil {
		t.Fatal(err)
	}
	if rk.Result.Period != (scoring.Period{Year: 2026, Month: time.March}) || rk.Stopped() {
		t.Errorf("quý 1 ranked through %v (stopped %v); want 3/2026, whole", rk.Result.Period, rk.Stopped())
	}
	// A month is what was asked, figures or not.
	nov, _ := scoring.ParseNamed("tháng 11/2026", 2026)
	if rk, err = r.RankNamed(ctx, "cum5", nov); err != nil || rk.Result.Period.Month != time.November || rk.Stopped() {
		t.Errorf("tháng 11 ranked through %v, %v", rk.Result.Period, err)
	}
}

package scoring

import (
	"fmt"
	"math"
	"math/rand"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/org"
)

// randomTable builds a valid table with n criteria of every kind, in groups
// of up to five, some capped.
func randomTable(r *rand.Rand, n int) *Table {
	t := &Table{ID: "rnd", Name: "Ngẫu nhiên"}
	inputs := []string{InputCumulative, InputMonthly, InputLatest, InputManual}
	for i := 0; i < n; i++ {
		if i%5 == 0 {
			g := Group{ID: fmt.Sprintf("g%d", i/5), Name: "Nhóm"}
			if r.Intn(2) == 0 {
				g.Max = f(float64(5 + r.Intn(40)))
			}
			t.Groups = append(t.Groups, g)
		}
		c := Criterion{ID: fmt.Sprintf("c%d", i), Name: "Tiêu chí", Input: inputs[r.Intn(4)], Max: float64(1 + r.Intn(20))}
		switch i % 7 {
		case 0:
			zero := float64(50 + r.Intn(45))
			c.Rule = Rule{Kind: KindRatio, Zero: f(zero), Full: f(zero + float64(1+r.Intn(20)))}
			if r.Intn(2) == 0 {
				c.Rule.Bonus = &Bonus{Per: float64(1 + r.Intn(5)), Points: 0.1 + r.Float64(), Cap: float64(1 + r.Intn(3))}
			}
		case 1:
			full := r.Float64() * 5
			c.Rule = Rule{Kind: KindLowerBetter, Full: f(full), Zero: f(full + 0.5 + r.Float64()*5)}
		case 2:
			c.Rule = Rule{Kind: KindBands, Bands: []Band{{Min: f(98), Points: c.Max}, {Min: f(95), Points: c.Max / 2}, {Min: f(90), Points: c.Max / 4}}}
		case 3:
			c.Input = InputLatest
			c.Rule = Rule{Kind: KindYesNo}
		case 4:
			c.Input = InputMonthly
			if r.Intn(2) == 0 {
				c.Max = 0
				c.Rule = Rule{Kind: KindPerCount, Points: f(-float64(1 + r.Intn(3))), Cap: f(-float64(5 + r.Intn(10)))}
			} else {
				c.Rule = Rule{Kind: KindPerCount, Points: f(float64(1 + r.Intn(3))), Cap: f(c.Max)}
			}
		case 5:
			c.Rule = Rule{Kind: KindDirect}
		case 6:
			c.Rule = Rule{Kind: KindLeaderRelative}
		}
		g := &t.Groups[len(t.Groups)-1]
		g.Criteria = append(g.Criteria, c)
	}
	return t
}

// randomData gives every unit targets and, for most criteria and months,
// values of plausible size for the rule.
func randomData(r *rand.Rand, t *Table, nUnits int, year int) ([]org.Unit, *Targets, Values) {
	units := make([]org.Unit, nUnits)
	ts := &Targets{}
	vs := Values{}
	for i := range units {
		u := fmt.Sprintf("u%05d", i)
		units[i] = org.Unit{ID: u, Name: "Đơn vị " + u}
		for _, c := range t.Criteria() {
			target := 100 + r.Float64()*10000
			if c.NeedsTarget() {
				ts.Set(year, u, c.ID, Target{Annual: target})
			}
			for m := time.January; m <= time.December; m++ {
				if r.Intn(10) == 0 {
					continue // missing month
				}
				var v float64
				switch c.Rule.Kind {
				case KindRatio, KindLeaderRelative:
					v = target * float64(m) / 12 * (0.5 + r.Float64()*0.7)
				case KindLowerBetter:
					v = r.Float64() * 8
				case KindBands:
					v = 85 + r.Float64()*15
				case KindYesNo:
					v = float64(r.Intn(2))
				case KindPerCount:
					v = float64(r.Intn(3))
				case KindDirect:
					v = r.Float64()*c.Max*1.2 - 1
				}
				vs.Set(u, c.ID, m, v)
			}
		}
	}
	return units, ts, vs
}

func TestPropertyBounds(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	for round := 0; round < 30; round++ {
		tb := randomTable(r, 5+r.Intn(30))
		units, ts, vs := randomData(r, tb, 2+r.Intn(20), 2026)
		res, err := Score(tb, units, ts, vs, Period{2026, time.Month(1 + r.Intn(12))})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range res.Units {
			for _, cr := range u.Criteria {
				c := cr.Criterion
				lo, hi := 0.0, c.MaxPoints()
				if c.Rule.Kind == KindPerCount && *c.Rule.Cap < 0 {
					lo, hi = *c.Rule.Cap, 0
				}
				if cr.Points < lo-1e-9 || cr.Points > hi+1e-9 || math.IsNaN(cr.Points) {
					t.Fatalf("round %d: %s %s (%s) points %v outside [%v, %v]: %s", round, u.ID, c.ID, c.Rule.Kind, cr.Points, lo, hi, cr.Explain())
				}
				if cr.Missing && cr.Points != 0 {
					t.Fatalf("missing %s scored %v", c.ID, cr.Points)
				}
			}
			for gi, g := range u.Groups {
				if m := tb.Groups[gi].Max; m != nil && g.Points > *m {
					t.Fatalf("group %s %v above its cap %v", g.ID, g.Points, *m)
				}
			}
			if u.Total > tb.MaxTotal()+1e-9 {
				t.Fatalf("total %v above the table's max %v", u.Total, tb.MaxTotal())
			}
		}
	}
}

// scoreValues scores one criterion for many units whose only difference
// is the value, and returns the points in value order.
func scoreValues(t *testing.T, c Criterion, values []float64) []float64 {
	t.Helper()
	tb := single(c)
	ts := &Targets{}
	vs := Values{}
	units := make([]org.Unit, len(values))
	for i, v := range values {
		units[i] = org.Unit{ID: fmt.Sprintf("u%04d", i)}
		ts.Set(2026, units[i].ID, c.ID, Target{Annual: 1000})
		vs.Set(units[i].ID, c.ID, time.December, v)
	}
	res, err := Score(tb, units, ts, vs, Period{2026, time.December})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(values))
	for i := range units {
		u, _ := res.Unit(units[i].ID)
		out[i] = u.Criteria[0].Points
	}
	return out
}

func TestPropertyMonotone(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for round := 0; round < 50; round++ {
		values := make([]float64, 200)
		for i := range values {
			values[i] = r.Float64() * 1500
		}
		sort.Float64s(values)
		zero := float64(r.Intn(100))
		ratio := Criterion{ID: "c", Input: InputCumulative, Max: 1 + float64(r.Intn(20)),
			Rule: Rule{Kind: KindRatio, Zero: f(zero), Full: f(zero + 1 + float64(r.Intn(30))), Bonus: &Bonus{Per: 1 + float64(r.Intn(3)), Points: r.Float64() + 0.1, Cap: 1 + float64(r.Intn(4))}}}
		if round%2 == 0 {
			ratio.Rule.Bonus = nil
		}
		pts := scoreValues(t, ratio, values)
		for i := 1; i < len(pts); i++ {
			if pts[i] < pts[i-1] {
				t.Fatalf("ratio fell from %v to %v as the value rose from %v to %v", pts[i-1], pts[i], values[i-1], values[i])
			}
		}
		lower := Criterion{ID: "c", Input: InputLatest, Max: 10, Rule: Rule{Kind: KindLowerBetter, Full: f(100 + r.Float64()*300), Zero: f(500 + r.Float64()*800)}}
		pts = scoreValues(t, lower, values)
		for i := 1; i < len(pts); i++ {
			if pts[i] > pts[i-1] {
				t.Fatalf("lower_better rose from %v to %v as the value rose from %v to %v", pts[i-1], pts[i], values[i-1], values[i])
			}
		}
		leader := Criterion{ID: "c", Input: InputCumulative, Max: 12, Rule: Rule{Kind: KindLeaderRelative}}
		pts = scoreValues(t, leader, values)
		for i := 1; i < len(pts); i++ {
			if pts[i] < pts[i-1] {
				t.Fatalf("leader_relative fell as the value rose")
			}
		}
	}
}

func TestPropertyOrderIndependent(t *testing.T) {
	r := rand.New(rand.NewSource(99))
	type row struct {
		ID     string
		Rank   int
		Total  float64
		Points []float64
	}
	summary := func(res *Result) []row {
		var rows []row
		for _, u := range res.Units {
			x := row{ID: u.ID, Rank: u.Rank, Total: u.Total}
			for _, c := range u.Criteria {
				x.Points = append(x.Points, c.Points)
			}
			rows = append(rows, x)
		}
		return rows
	}
	for round := 0; round < 20; round++ {
		tb := randomTable(r, 14)
		tb.TieBreak = []string{"c0", "c1"}
		units, ts, vs := randomData(r, tb, 30, 2026)
		// Force ties: copy some units' data onto others.
		for i := 0; i+1 < len(units); i += 4 {
			vs[units[i+1].ID] = vs[units[i].ID]
		}
		p := Period{2026, time.Month(1 + r.Intn(12))}
		want, err := Score(tb, units, ts, vs, p)
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 5; k++ {
			shuffled := append([]org.Unit(nil), units...)
			r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			// Rebuild values in another insertion order too.
			vs2 := Values{}
			for _, u := range shuffled {
				vs2[u.ID] = vs[u.ID]
			}
			got, err := Score(tb, shuffled, ts, vs2, p)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(summary(got), summary(want)) {
				t.Fatalf("round %d: ranking depends on input order", round)
			}
		}
	}
}

func benchScore(b *testing.B, nUnits, nCrit int) {
	r := rand.New(rand.NewSource(1))
	tb := randomTable(r, nCrit)
	tb.TieBreak = []string{"c0"}
	units, ts, vs := randomData(r, tb, nUnits, 2026)
	p := Period{2026, time.December}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Score(tb, units, ts, vs, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScore1000x60 is the bar: 1,000 units × 60 criteria × 12
// months well under 50 ms.
func BenchmarkScore1000x60(b *testing.B) { benchScore(b, 1000, 60) }

// BenchmarkScoreUnits shows cost growing linearly with the number of units.
func BenchmarkScoreUnits(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("units=%d", n), func(b *testing.B) { benchScore(b, n, 60) })
	}
}

package reminders

import (
	"fmt"
	"os"
	"testing"

	"github.com/thiduabot/thiduabot/org"
)

// BenchmarkPlanYear plans a whole year for 100 clusters of 10 units each,
// with the demo calendar and one registered person per unit.
func BenchmarkPlanYear(b *testing.B) {
	o := &org.Config{}
	st := &Snapshot{}
	st.init()
	for c := range 100 {
		id := fmt.Sprintf("k%03d", c)
		if c == 0 {
			id = "cum5" // the demo calendar overrides cum5
		}
		cl := org.Cluster{ID: id, Name: "Cụm " + id, Scoring: "t", Chair: id + "_u0"}
		for u := range 10 {
			uid := fmt.Sprintf("%s_u%d", id, u)
			cl.Units = append(cl.Units, org.Unit{ID: uid, Name: "Đơn vị " + uid})
			st.People[uid] = []Recipient{{ChatID: int64(c*100 + u), Name: uid}}
		}
		st.Chairs[id] = []Recipient{{ChatID: int64(1_000_000 + c)}}
		o.Clusters = append(o.Clusters, cl)
	}
	data, err := os.ReadFile("../examples/bhxh-demo/calendar.yaml")
	if err != nil {
		b.Fatal(err)
	}
	cal, err := ParseCalendar("calendar.yaml", data, o)
	if err != nil {
		b.Fatal(err)
	}
	from, to := at(2026, 1, 1, 0, 0), at(2027, 1, 1, 0, 0)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n = len(Plan(cal, st, from, to))
	}
	b.ReportMetric(float64(n), "reminders/op")
}

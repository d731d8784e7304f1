package scoring

import (
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// demoValues reads the committed sample values (comma-separated, "."
// decimals). The score command's own reader is tested in its package; this
// one only needs the happy path.
func demoValues(t testing.TB) Values {
	t.Helper()
	data, err := os.ReadFile("../examples/bhxh-demo/values-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	vs := Values{}
	for _, r := range rows[1:] {
		p, err := ParsePeriodKey(r[2])
		if err != nil {
			t.Fatal(err)
		}
		v, err := strconv.ParseFloat(r[3], 64)
		if err != nil {
			t.Fatal(err)
		}
		vs.Set(r[0], r[1], p.Month, v)
	}
	return vs
}

func TestDemoRanking(t *testing.T) {
	res := demoResult(t)
	if len(res.Units) != 6 {
		t.Fatalf("%d units ranked; want 6", len(res.Units))
	}
	for i, u := range res.Units {
		if i > 0 && u.Total > res.Units[i-1].Total {
			t.Errorf("not in rank order: %s %v after %v", u.ID, u.Total, res.Units[i-1].Total)
		}
		if u.Total < 0 || u.Total > 100 {
			t.Errorf("%s total %v outside 0–100", u.ID, u.Total)
		}
		t.Logf("%d %-12s %6.2f missing=%v", u.Rank, u.ID, u.Total, u.Missing)
	}
	nb, _ := res.Unit("ninh_binh")
	if got := strings.Join(nb.Missing, ","); got != "cchc,danh_gia_cum_truong" {
		t.Errorf("ninh_binh missing = %s; want cchc,danh_gia_cum_truong", got)
	}
	no, _ := nb.Criterion("no_dong")
	if no.CarriedFrom != time.May {
		t.Errorf("ninh_binh no_dong carried from %v; want May", no.CarriedFrom)
	}
}

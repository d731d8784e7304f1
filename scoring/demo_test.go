package scoring

import (
	"encoding/csv"
	"encoding/json"
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

func TestReportJSON(t *testing.T) {
	rep := NewReport("cum5", demoResult(t))
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back["cluster"] != "cum5" || back["period"] != "2026-06" || back["table"] != "bhxh-demo" {
		t.Errorf("header = %v %v %v", back["cluster"], back["period"], back["table"])
	}
	units := back["units"].([]any)
	last := units[len(units)-1].(map[string]any)
	if last["unit"] != "ninh_binh" {
		t.Fatalf("last unit = %v; want ninh_binh", last["unit"])
	}
	wantKeys := []string{"id", "value", "target", "points", "missing", "carried_from", "explain"}
	byID := map[string]map[string]any{}
	for _, c := range last["criteria"].([]any) {
		m := c.(map[string]any)
		if len(m) != len(wantKeys) {
			t.Errorf("criterion keys = %v; want exactly %v", m, wantKeys)
		}
		byID[m["id"].(string)] = m
	}
	if v := byID["cchc"]; v["value"] != nil || v["missing"] != true || v["target"] != nil {
		t.Errorf("missing cchc = %v; want null value and target", v)
	}
	if v := byID["no_dong"]; v["carried_from"] != "2026-05" {
		t.Errorf("no_dong carried_from = %v; want 2026-05", v["carried_from"])
	}
	if v := byID["thu_bhxh"]; v["target"] != 4089.0 {
		t.Errorf("thu_bhxh target = %v; want the explicit June target 4089", v["target"])
	}
	if m := last["missing"].([]any); len(m) != 2 {
		t.Errorf("missing = %v", m)
	}
	first := units[0].(map[string]any)
	if m, ok := first["missing"].([]any); !ok || len(m) != 0 {
		t.Errorf("missing of a complete unit = %#v; want []", first["missing"])
	}
}

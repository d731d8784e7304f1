package valuesfile

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
)

func lookup(t testing.TB, tableYear int) Lookup {
	t.Helper()
	f := func(x float64) *float64 { return &x }
	tb := &scoring.Table{ID: "t", Name: "T", Year: tableYear, Groups: []scoring.Group{{ID: "A", Name: "A", Criteria: []scoring.Criterion{
		{ID: "thu", Name: "Thu", Input: scoring.InputCumulative, Max: 10, Rule: scoring.Rule{Kind: scoring.KindRatio, Full: f(100), Zero: f(90)}},
		{ID: "cchc", Name: "CCHC", Input: scoring.InputLatest, Max: 5, Rule: scoring.Rule{Kind: scoring.KindYesNo}},
	}}}}
	o := &org.Config{Clusters: []org.Cluster{{ID: "c", Name: "C", Scoring: "t", Chair: "a", Units: []org.Unit{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}}}}}
	return OrgLookup(o, map[string]*scoring.Table{"t": tb})
}

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name string
		data string
		want map[string]float64 // "unit/crit/YYYY-MM" → value
	}{
		{"comma", "unit,criterion,month,value\na,thu,2026-06,2480.5\nb,thu,2026-05,+3\n",
			map[string]float64{"a/thu/2026-06": 2480.5, "b/thu/2026-05": 3}},
		{"semicolon vietnamese", "\xef\xbb\xbfunit;criterion;month;value\r\na;thu;2026-06;2.480,5\r\nb;thu;6/2026;1.234.567\r\na;cchc;2026-06;1\r\n",
			map[string]float64{"a/thu/2026-06": 2480.5, "b/thu/2026-06": 1234567, "a/cchc/2026-06": 1}},
		{"no header", "a,thu,2026-01,10\n\n", map[string]float64{"a/thu/2026-01": 10}},
		{"reordered header", "month,value,unit,criterion\n2026-02,7,a,thu\n", map[string]float64{"a/thu/2026-02": 7}},
		{"two years", "a,thu,2025-12,9\na,thu,2026-01,1\n", map[string]float64{"a/thu/2025-12": 9, "a/thu/2026-01": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs, ps := Read([]byte(tt.data), lookup(t, 0))
			if len(ps) > 0 {
				t.Fatalf("problems: %v", ps)
			}
			n := 0
			for y, yv := range vs {
				for u, cs := range yv {
					for c, s := range cs {
						for m := time.January; m <= time.December; m++ {
							if v, ok := s.Get(m); ok {
								n++
								k := fmt.Sprintf("%s/%s/%s", u, c, scoring.Period{Year: y, Month: m}.Key())
								if want, ok := tt.want[k]; !ok || want != v {
									t.Errorf("%s = %v; want %v (present %v)", k, v, want, ok)
								}
							}
						}
					}
				}
			}
			if n != len(tt.want) {
				t.Errorf("%d values; want %d", n, len(tt.want))
			}
		})
	}
}

func TestReadBadRows(t *testing.T) {
	tests := []struct {
		name, data string
		year       int
		line       int
		want       string
	}{
		{"unknown unit", "unit,criterion,month,value\nx,thu,2026-06,1\n", 0, 2, "đơn vị \"x\""},
		{"unknown criterion", "unit,criterion,month,value\na,thuu,2026-06,1\n", 0, 2, "tiêu chí \"thuu\""},
		{"unparsable number", "unit,criterion,month,value\na,thu,2026-06,12a\n", 0, 2, "không phải là số"},
		{"thousands in comma file", "unit,criterion,month,value\na,thu,2026-06,\"1,234.5\"\n", 0, 2, "không rõ"},
		{"ambiguous in semicolon file", "unit;criterion;month;value\na;thu;2026-06;1.5\n", 0, 2, "không rõ"},
		{"month outside table year", "unit,criterion,month,value\na,thu,2026-06,1\na,thu,2025-12,1\n", 2026, 3, "không thuộc năm 2026"},
		{"bad month", "unit,criterion,month,value\na,thu,13-2026,1\n", 0, 2, "tháng \"13-2026\""},
		{"quarter for a month", "unit,criterion,month,value\na,thu,quý 2/2026,1\n", 0, 2, "tháng \"quý 2/2026\""},
		{"yes_no other", "unit,criterion,month,value\na,cchc,2026-06,2\n", 0, 2, "có/không"},
		{"duplicate", "unit,criterion,month,value\na,thu,2026-06,1\nb,thu,2026-06,1\na,thu,2026-06,2\n", 0, 4, "dòng 2"},
		{"empty value", "unit,criterion,month,value\na,thu,2026-06,\n", 0, 2, "thiếu giá trị"},
		{"short row", "unit,criterion,month,value\na,thu,2026-06\n", 0, 2, "3 cột"},
		{"NaN", "unit,criterion,month,value\na,thu,2026-06,NaN\n", 0, 2, "không phải là số"},
		{"header missing column", "unit,criterion,value\na,thu,1\n", 0, 1, "\"month\""},
		{"csv syntax", "unit,criterion,month,value\na,\"thu,2026-06,1\n", 0, 2, "CSV"},
		{"empty", "unit,criterion,month,value\n", 0, 0, "không có dòng"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := Read([]byte(tt.data), lookup(t, tt.year))
			for _, p := range ps {
				if strings.Contains(p.Msg, tt.want) {
					if p.Line != tt.line {
						t.Errorf("problem %q on line %d; want %d", p.Msg, p.Line, tt.line)
					}
					return
				}
			}
			t.Errorf("problems = %v; want one with %q", ps, tt.want)
		})
	}
}

func TestReadXLSX(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{
		{"unit", "criterion", "month", "value"},
		{"a", "thu", "2026-06", 2480.5},
		{"b", "thu", "2026-05", "1.234,5"}, // typed as text the Vietnamese way
		{"a", "cchc", nil, 1},              // month as a date cell below
		{"b", "cchc", "2026-06", 7},        // bad row
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellValue("Sheet1", "C4", time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	vs, ps := Read(buf.Bytes(), lookup(t, 0))
	if len(ps) != 1 || ps[0].Line != 5 {
		t.Fatalf("problems = %v; want one on line 5", ps)
	}
	checks := []struct {
		unit, crit string
		m          time.Month
		want       float64
	}{{"a", "thu", 6, 2480.5}, {"b", "thu", 5, 1234.5}, {"a", "cchc", 4, 1}}
	for _, c := range checks {
		if v, ok := vs[2026].Get(c.unit, c.crit, c.m); !ok || v != c.want {
			t.Errorf("%s/%s/%d = %v, %v; want %v", c.unit, c.crit, c.m, v, ok, c.want)
		}
	}
}

func TestReadSample(t *testing.T) {
	data, err := os.ReadFile("../../examples/bhxh-demo/values-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	all := func(unit, crit string) (*scoring.Criterion, int, string) {
		return &scoring.Criterion{ID: crit}, 0, ""
	}
	vs, ps := Read(data, all)
	if len(ps) > 0 || len(vs[2026]) != 6 {
		t.Errorf("sample: %d units in 2026, problems %v", len(vs[2026]), ps)
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte("unit,criterion,month,value\na,thu,2026-06,2480.5\n"))
	f.Add([]byte("unit;criterion;month;value\na;thu;2026-06;2.480,5\n"))
	f.Add([]byte("a,\"thu\nx\",2026-06,1\n"))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Fuzz(func(t *testing.T, data []byte) {
		vs, ps := Read(data, lookup(t, 0))
		for _, p := range ps {
			if p.Msg == "" {
				t.Fatal("empty problem message")
			}
		}
		for y := range vs {
			if y < 2000 || y > 2100 {
				t.Fatalf("accepted year %d", y)
			}
		}
	})
}

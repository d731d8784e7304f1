package scoring

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/configfile"
	"github.com/thiduabot/thiduabot/org"
)

func demoOrg(t testing.TB) *org.Config {
	t.Helper()
	data, err := os.ReadFile("../examples/bhxh-demo/org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	o, _, err := org.Parse("org.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func demoTable(t testing.TB) *Table {
	t.Helper()
	data, err := os.ReadFile("../examples/bhxh-demo/scoring/bhxh-demo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tb, err := ParseTable("scoring/bhxh-demo.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func demoTargets(t testing.TB) ([]*TargetFile, []*configfile.Doc) {
	t.Helper()
	names, _ := filepath.Glob("../examples/bhxh-demo/targets/*.yaml")
	if len(names) != 3 {
		t.Fatalf("demo targets = %v; want 3 files", names)
	}
	var files []*TargetFile
	var docs []*configfile.Doc
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		tf, doc, err := ParseTargets("targets/"+filepath.Base(n), data)
		if err != nil {
			t.Fatalf("ParseTargets(%s): %v", n, err)
		}
		files, docs = append(files, tf), append(docs, doc)
	}
	return files, docs
}

func TestDemoTargets(t *testing.T) {
	o, tb := demoOrg(t), demoTable(t)
	tables := map[string]*Table{tb.ID: tb}
	files, docs := demoTargets(t)
	for i, f := range files {
		if ps := CheckTargets(f, docs[i], o, tables); len(ps) > 0 {
			t.Errorf("CheckTargets(%s): %v", f.Name, ps)
		}
	}
	if ps := CheckTargetFiles(files, docs, o, tables); len(ps) > 0 {
		t.Errorf("CheckTargetFiles: %v", ps)
	}
	ts := NewTargets(files)
	tests := []struct {
		year   int
		unit   string
		annual float64
	}{
		{2026, "phu_tho", 9200},
		{2027, "phu_tho", 9936},
		{2031, "phu_tho", 9200}, // default file
	}
	for _, tt := range tests {
		got, ok := ts.Get(tt.year, tt.unit, "thu_bhxh")
		if !ok || got.Annual != tt.annual {
			t.Errorf("Get(%d, %s) = %+v, %v; want annual %v", tt.year, tt.unit, got, ok, tt.annual)
		}
	}
	tg, _ := ts.Get(2026, "phu_tho", "thu_bhxh")
	if v, b := tg.For(Period{2026, time.June}, InputCumulative); v != 4324 || b != BasisPeriod {
		t.Errorf("June target = %v (%v); want the explicit 4324", v, b)
	}
	if v, b := tg.For(Period{2026, time.March}, InputCumulative); v != 2300 || b != BasisProrated {
		t.Errorf("March target = %v (%v); want 9200·3/12 = 2300", v, b)
	}
	if v, b := tg.For(Period{2026, time.March}, InputLatest); v != 9200 || b != BasisAnnual {
		t.Errorf("latest target = %v (%v); want 9200 as written", v, b)
	}
}

const targetsBase = `year: 2026
units:
  phu_tho:
    thu_bhxh: 9200
    phat_trien_tn: {annual: 32000, periods: {"2026-06": 15000}}
    bao_phu_bhyt: 3850000
`

func TestTargetProblems(t *testing.T) {
	o, tb := demoOrg(t), demoTable(t)
	tables := map[string]*Table{tb.ID: tb}
	tests := []struct {
		name, old, new string
		line           int
		want           string
	}{
		{"unknown unit", "  phu_tho:", "  ha_noi:", 4, "không có trong org.yaml"},
		{"criterion not in table", "    bao_phu_bhyt: 3850000\n", "    bao_phu_bhyt: 3850000\n    thu_bhyt: 5\n", 7, "không có trong bảng"},
		{"criterion takes no target", "    bao_phu_bhyt: 3850000\n", "    bao_phu_bhyt: 3850000\n    no_dong: 2\n", 7, "không dùng chỉ tiêu"},
		{"missing ratio target", "    thu_bhxh: 9200\n", "", 4, "thiếu chỉ tiêu cho tiêu chí \"thu_bhxh\""},
		{"missing leader target", "    phat_trien_tn: {annual: 32000, periods: {\"2026-06\": 15000}}\n", "", 4, "\"phat_trien_tn\""},
		{"zero target", "thu_bhxh: 9200", "thu_bhxh: 0", 4, "bằng 0"},
		{"period of another year", "\"2026-06\"", "\"2025-06\"", 5, "không thuộc năm 2026"},
		{"bad period key", "\"2026-06\"", "\"06/2026\"", 5, "YYYY-MM"},
		{"negative", "thu_bhxh: 9200", "thu_bhxh: -1", 4, "không được âm"},
		{"annual missing", "{annual: 32000, periods", "{periods", 5, "annual"},
		{"unknown field in target", "{annual: 32000, periods", "{annual: 32000, period", 5, "period"},
		{"text target", "thu_bhxh: 9200", "thu_bhxh: nhiều", 4, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(targetsBase, tt.old) {
				t.Fatalf("stale test: %q", tt.old)
			}
			src := strings.Replace(targetsBase, tt.old, tt.new, 1)
			tf, doc, err := ParseTargets("targets/2026.yaml", []byte(src))
			var ps configfile.Problems
			if err != nil {
				if !errors.As(err, &ps) {
					t.Fatalf("err = %v; want Problems", err)
				}
			} else {
				ps = CheckTargets(tf, doc, o, tables)
			}
			for _, p := range ps {
				if strings.Contains(p.Msg, tt.want) {
					if p.Line != tt.line || p.File != "targets/2026.yaml" {
						t.Errorf("problem %q at %s:%d; want line %d", p.Msg, p.File, p.Line, tt.line)
					}
					return
				}
			}
			t.Errorf("problems = %v; want one containing %q", ps, tt.want)
		})
	}
}

func TestCheckTargetFiles(t *testing.T) {
	o, tb := demoOrg(t), demoTable(t)
	tables := map[string]*Table{tb.ID: tb}
	a, da, err := ParseTargets("targets/a.yaml", []byte(targetsBase))
	if err != nil {
		t.Fatal(err)
	}
	b, db, err := ParseTargets("targets/b.yaml", []byte("year: 2026\nunits:\n  phu_tho:\n    thu_bhxh: 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	ps := CheckTargetFiles([]*TargetFile{a, b}, []*configfile.Doc{da, db}, o, tables)
	text := ps.Error()
	if !strings.Contains(text, "targets/b.yaml:4: chỉ tiêu phu_tho/thu_bhxh đã được khai báo ở targets/a.yaml:4") {
		t.Errorf("problems do not report the duplicate:\n%s", text)
	}
	// The other five units have no 2026 targets and no default.
	if got := strings.Count(text, "chưa có chỉ tiêu năm 2026"); got != 5 {
		t.Errorf("%d units reported without 2026 targets; want 5:\n%s", got, text)
	}
	ts := NewTargets([]*TargetFile{a, b})
	if got, _ := ts.Get(2026, "phu_tho", "thu_bhxh"); got.Annual != 9200 {
		t.Errorf("duplicate resolved to %v; want the first file's 9200", got.Annual)
	}
}

func FuzzParseTargets(f *testing.F) {
	f.Add([]byte(targetsBase))
	f.Add([]byte("units:\n  a: {b: ![1]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tf, _, err := ParseTargets("f.yaml", data)
		if err != nil {
			var ps configfile.Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error %v is not a non-empty configfile.Problems", err)
			}
			return
		}
		for _, crits := range tf.Units {
			for _, tg := range crits {
				if tg.Annual < 0 {
					t.Fatalf("negative target accepted")
				}
			}
		}
	})
}

package scorecli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring/scoringtest"
)

func demo(t *testing.T) (*configdir.Config, []byte) {
	t.Helper()
	dir := scoringtest.DemoDir(t)
	cfg, err := configdir.Load(dir)
	if err != nil {
		t.Fatalf("load demo: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "values-sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg, data
}

func run(cfg *configdir.Config, o Options) (string, string, int) {
	var out, errOut bytes.Buffer
	code := Run(cfg, o, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestText(t *testing.T) {
	cfg, data := demo(t)
	out, errOut, code := run(cfg, Options{ValuesName: "values.csv", Values: data, Period: "2026-06"})
	if code != OK {
		t.Fatalf("code %d, stderr %s", code, errOut)
	}
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[0], "Kết quả chấm điểm tạm tính Cụm thi đua số 5 (ví dụ)") {
		t.Errorf("header = %q", lines[0])
	}
	for _, want := range []string{"   1  BHXH tỉnh Quảng Ninh       95,50", "   6  BHXH tỉnh Ninh Bình        33,02", "thiếu số liệu: cchc, danh_gia_cum_truong", "Cần thêm 7,15 điểm"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestTextUnitWithoutData: a unit without a single row is shown unranked,
// said to have no data, and not told how far it is behind.
func TestTextUnitWithoutData(t *testing.T) {
	cfg, data := demo(t)
	var kept []string
	for _, l := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(l, "ninh_binh,") {
			kept = append(kept, l)
		}
	}
	out, errOut, code := run(cfg, Options{ValuesName: "values.csv", Values: []byte(strings.Join(kept, "\n")), Period: "2026-06"})
	if code != OK {
		t.Fatalf("code %d, stderr %s", code, errOut)
	}
	want := "   –  BHXH tỉnh Ninh Bình         0,00      0,00      0,00\n      chưa có số liệu nào, chưa xếp hạng (tính 0 điểm)\n"
	if !strings.HasSuffix(out, want) {
		t.Errorf("output ends %q; want %q", out[max(0, len(out)-len(want)-40):], want)
	}
}

func TestJSONShape(t *testing.T) {
	cfg, data := demo(t)
	out, errOut, code := run(cfg, Options{ValuesName: "v.csv", Values: data, Period: "2026-06", JSON: true})
	if code != OK {
		t.Fatalf("code %d: %s", code, errOut)
	}
	var got struct {
		Cluster, Period, Table string
		Units                  []struct {
			Unit, Name string
			Rank       int
			Total      float64
			Missing    []string
			Groups     []map[string]any
			Criteria   []map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Cluster != "cum5" || got.Period != "2026-06" || got.Table != "bhxh-demo" || len(got.Units) != 6 {
		t.Fatalf("report = %+v", got)
	}
	for i, u := range got.Units {
		if u.Rank != i+1 || len(u.Criteria) != 12 || len(u.Groups) != 2 {
			t.Errorf("unit %d = %s rank %d, %d criteria, %d groups", i, u.Unit, u.Rank, len(u.Criteria), len(u.Groups))
		}
	}
}

func TestBadRows(t *testing.T) {
	cfg, data := demo(t)
	bad := string(data) + "ha_noi,thu_bhxh,2026-06,1\nphu_tho,thu_bhyt,2026-06,1\nphu_tho,no_dong,2026-07,abc\n"
	out, errOut, code := run(cfg, Options{ValuesName: "v.csv", Values: []byte(bad), Period: "2026-06"})
	if code != Fail || out != "" {
		t.Fatalf("code %d, stdout %q; want 1 and no ranking", code, out)
	}
	n := strings.Count(string(data), "\n")
	for _, want := range []string{
		"v.csv:" + itoa(n+1) + ":1: đơn vị \"ha_noi\"",
		"v.csv:" + itoa(n+2) + ":2: tiêu chí \"thu_bhyt\"",
		"v.csv:" + itoa(n+3) + ":4: giá trị \"abc\"",
		"có 3 lỗi",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestClusterChoice(t *testing.T) {
	cfg, data := demo(t)
	if _, errOut, code := run(cfg, Options{Values: data, Period: "2026-06", Cluster: "cum9"}); code != Usage || !strings.Contains(errOut, "cum5") {
		t.Errorf("unknown cluster: code %d, %s", code, errOut)
	}
	two := *cfg
	o := *cfg.Org
	o.Clusters = append(append([]org.Cluster{}, o.Clusters...), org.Cluster{ID: "cum6", Name: "Cụm 6", Scoring: "bhxh-demo"})
	two.Org = &o
	if _, errOut, code := run(&two, Options{Values: data, Period: "2026-06"}); code != Usage || !strings.Contains(errOut, "--cluster") {
		t.Errorf("two clusters without --cluster: code %d, %s", code, errOut)
	}
	if _, _, code := run(&two, Options{Values: data, Period: "2026-06", Cluster: "cum5"}); code != OK {
		t.Errorf("--cluster cum5: code %d", code)
	}
	if _, _, code := run(cfg, Options{Values: data, Period: "6/2026x"}); code != Usage {
		t.Errorf("bad period: code %d", code)
	}
}

func TestXLSX(t *testing.T) {
	cfg, data := demo(t)
	var book bytes.Buffer
	out, errOut, code := run(cfg, Options{Values: data, Period: "2026-06", XLSX: &book})
	if code != OK || out != "" {
		t.Fatalf("code %d, %q %s", code, out, errOut)
	}
	f, err := excelize.OpenReader(&book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if len(f.GetSheetList()) != 2 {
		t.Errorf("sheets = %v", f.GetSheetList())
	}
}

func TestSemicolonSameTotals(t *testing.T) {
	cfg, data := demo(t)
	// The same file as Vietnamese-locale Excel saves it.
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Split(line, ",")
		f[3] = strings.ReplaceAll(f[3], ".", ",")
		b.WriteString(strings.Join(f, ";") + "\r\n")
	}
	a, _, _ := run(cfg, Options{Values: data, Period: "2026-06", JSON: true})
	c, errOut, code := run(cfg, Options{Values: []byte(b.String()), Period: "2026-06", JSON: true})
	if code != OK || a != c {
		t.Errorf("semicolon file scores differently (code %d): %s", code, errOut)
	}
}

// The demo has no year in its table and a default targets file, so it
// scores any year.
func TestDemoAnyYear(t *testing.T) {
	cfg, data := demo(t)
	shifted := strings.ReplaceAll(string(data), ",2026-", ",2031-")
	out, errOut, code := run(cfg, Options{Values: []byte(shifted), Period: "2031-06", JSON: true})
	if code != OK {
		t.Fatalf("code %d: %s", code, errOut)
	}
	if strings.Contains(out, "Chưa có chỉ tiêu") {
		t.Errorf("2031 lacks targets:\n%s", out)
	}
	if !strings.Contains(out, "kế hoạch 6 tháng") {
		t.Errorf("2031 June target is not prorated from the default file")
	}
}

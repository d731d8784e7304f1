package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestScoreChecksValuesLikeChat: `score --values` refuses impossible
// values with file:line:column (an Excel file also names the cell) and
// ranks with implausible ones, warning with their position.
func TestScoreChecksValuesLikeChat(t *testing.T) {
	demo := filepath.Join(repoRoot(t), "examples", "bhxh-demo")
	sample, err := os.ReadFile(filepath.Join(demo, "values-sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	n := strings.Count(string(sample), "\n") // the added rows start on line n+1
	dir := t.TempDir()
	write := func(name, extra string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, append(append([]byte{}, sample...), extra...), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	bad := write("bad.csv", "bac_ninh,no_dong,2026-07,120\n"+ // range [0, 100]
		"bac_ninh,thu_bhxh,2026-07,-5\n"+ // negative, no range
		"bac_ninh,chi_tra_dung_han,2026-07,2\n"+ // yes/no
		"bac_ninh,phat_trien_tn,2026-07,10.5\n"+ // people
		"bac_ninh,sang_kien,2026-07,abc\n")
	r := runMain(t, nil, "", "score", "--config", demo, "--values", bad, "--period", "2026-07")
	if r.code != 1 || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q; want 1 and no ranking", r.code, r.stdout)
	}
	for i, want := range []string{"ngoài khoảng hợp lý", "số âm", "có", "số nguyên", "không phải là số"} {
		at := bad + ":" + strconv.Itoa(n+1+i) + ":4: "
		if !strings.Contains(r.stderr, at) || !strings.Contains(r.stderr[strings.Index(r.stderr, at):], want) {
			t.Errorf("stderr lacks %q … %q:\n%s", at, want, r.stderr)
		}
	}

	// 57.443 is 10× June's 5.744,3 (a slipped decimal mark), 7,8× July's
	// target; 0,021 is a hundredth of June's 2,1% (a fraction for a percentage).
	warn := write("warn.csv", "bac_ninh,thu_bhxh,2026-07,57443\nbac_ninh,no_dong,2026-07,0.021\n")
	r = runMain(t, nil, "", "score", "--config", demo, "--values", warn, "--period", "2026-07")
	if r.code != 0 || !strings.Contains(r.stdout, "BHXH tỉnh Bắc Ninh") {
		t.Fatalf("exit %d; want a ranking despite warnings:\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		warn + ":" + strconv.Itoa(n+1) + ":4: cảnh báo: Giá trị 57.443 tỷ đồng gấp khoảng 7,8 lần chỉ tiêu của kỳ (7.350 tỷ đồng)",
		warn + ":" + strconv.Itoa(n+2) + ":4: cảnh báo: Giá trị 0,021% chỉ bằng khoảng 1/100 số đã báo cáo tháng 6/2026",
		"vẫn xếp hạng",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}

	// The same bad value in an Excel file: row, column and cell.
	f := excelize.NewFile()
	for i, row := range [][]any{{"unit", "criterion", "month", "value"}, {"bac_ninh", "no_dong", "2026-07", 120}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	book := filepath.Join(dir, "bad.xlsx")
	if err := f.SaveAs(book); err != nil {
		t.Fatal(err)
	}
	r = runMain(t, nil, "", "score", "--config", demo, "--values", book, "--period", "2026-07")
	if want := book + ":2:4 (D2): "; r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d; stderr lacks %q:\n%s", r.code, want, r.stderr)
	}
}

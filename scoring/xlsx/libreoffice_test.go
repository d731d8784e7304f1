package xlsx

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOpensInLibreOffice converts the workbook with LibreOffice: to PDF
// (it must open and render cleanly) and its first sheet to CSV as shown
// (formats applied, no "-0"). It runs when the libreoffice binary exists,
// and must run in CI: with CI=true and no binary it fails (.ci/run installs
// libreoffice-calc-nogui).
func TestOpensInLibreOffice(t *testing.T) {
	bin, err := exec.LookPath("libreoffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("libreoffice not found: CI must install it (apt-get install libreoffice-calc-nogui) to check that the Excel export opens")
		}
		t.Skip("libreoffice not installed; install libreoffice-calc-nogui to run this test")
	}
	_, _, data := demoBook(t, nil)
	dir := t.TempDir()
	in := filepath.Join(dir, "bang-diem.xlsx")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	convert := func(to string) {
		t.Helper()
		start := time.Now()
		cmd := exec.Command(bin, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
			"--convert-to", to, "--outdir", dir, in)
		cmd.Env = append(os.Environ(), "HOME="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("libreoffice --convert-to %s: %v\n%s", to, err, out)
		}
		t.Logf("--convert-to %s: %v", to, time.Since(start).Round(time.Millisecond))
	}
	convert("pdf")
	pdf, err := os.ReadFile(filepath.Join(dir, "bang-diem.pdf"))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) || len(pdf) < 5000 {
		t.Fatalf("LibreOffice made no PDF of the workbook (%d bytes, %v): it could not open it, or Calc is missing (apt-get install libreoffice-calc-nogui)", len(pdf), err)
	}
	convert("csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true")
	csv, err := os.ReadFile(filepath.Join(dir, "bang-diem.csv"))
	if err != nil {
		t.Fatal(err)
	}
	shown := string(csv)
	for _, want := range []string{"BHXH tỉnh Quảng Ninh", "95.50", "Thiếu số liệu"} {
		if !strings.Contains(shown, want) {
			t.Errorf("LibreOffice shows no %q:\n%s", want, shown)
		}
	}
	for _, line := range strings.Split(shown, "\n") {
		for _, field := range strings.Split(line, ",") {
			if strings.Trim(field, `"`) == "-0.00" || strings.Trim(field, `"`) == "-0" {
				t.Errorf("LibreOffice shows %q in %q", field, line)
			}
		}
	}
}

// Package docxtest renders .docx files the way a reader would see them, for
// tests: LibreOffice converts to PDF and poppler's pdftoppm to PNG. The
// tools are optional on a developer's machine (the test is skipped, saying how
// to install them) and required in CI (CI=true), where a missing tool fails.
package docxtest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// Tools is the Debian packages that provide what Render needs.
const Tools = "libreoffice-writer-nogui poppler-utils fonts-dejavu-core"

// Render converts data (a .docx) to PDF and renders its first page as PNG at
// dpi, returning the PDF and PNG bytes and the number of pages.
func Render(t testing.TB, data []byte, dpi int) (pdf, png []byte, pages int) {
	t.Helper()
	soffice := lookup("libreoffice", "soffice")
	pdftoppm := lookup("pdftoppm")
	pdfinfo := lookup("pdfinfo")
	if soffice == "" || pdftoppm == "" || pdfinfo == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("rendering DOCX needs LibreOffice and poppler; install: apt-get install %s", Tools)
		}
		t.Skipf("LibreOffice or poppler not installed; to run this test: apt-get install %s", Tools)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.docx")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	// A private profile: concurrent runs must not share LibreOffice's.
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice --convert-to pdf: %v\n%s", err, out)
	}
	pdfPath := filepath.Join(dir, "doc.pdf")
	pdf, err := os.ReadFile(pdfPath)
	if err != nil {
		t.Fatalf("libreoffice wrote no PDF: %v", err)
	}
	info, err := exec.Command(pdfinfo, pdfPath).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, info)
	}
	for _, line := range bytes.Split(info, []byte("\n")) {
		if f := bytes.Fields(line); len(f) == 2 && string(f[0]) == "Pages:" {
			for _, c := range f[1] {
				pages = pages*10 + int(c-'0')
			}
		}
	}
	out := filepath.Join(dir, "page")
	if b, err := exec.Command(pdftoppm, "-png", "-r", strconv.Itoa(dpi), "-f", "1", "-l", "1", "-singlefile", pdfPath, out).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, b)
	}
	png, err = os.ReadFile(out + ".png")
	if err != nil {
		t.Fatalf("pdftoppm wrote no PNG: %v", err)
	}
	return pdf, png, pages
}

// PDFText extracts the text of a PDF with pdftotext ("" when missing).
func PDFText(t testing.TB, pdf []byte) string {
	t.Helper()
	bin := lookup("pdftotext")
	if bin == "" {
		t.Fatalf("pdftotext missing; apt-get install poppler-utils")
	}
	cmd := exec.Command(bin, "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func lookup(names ...string) string {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(want, []byte(got)) {
		t.Errorf("%s differs (go test -update rewrites it after review)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// /help as each role reads it, with every feature wired as `run` wires them
// (issue 11.6): the golden files show the whole wording for review.
func TestHelpPerRole(t *testing.T) {
	for _, tc := range []struct{ role, as string }{
		{"unregistered", "555"},
		{"member", "member:bac_ninh"},
		{"focal", "focal:bac_ninh"},
		{"deputy", "deputy:cum5"},
		{"chair", "chair:cum5"},
		{"admin", "admin"},
	} {
		t.Run(tc.role, func(t *testing.T) {
			r := runMain(t, map[string]string{"THIDUA_DATA": t.TempDir()}, "/help\n", "chat", "--as", tc.as)
			if r.code != 0 {
				t.Fatalf("exit %d\n%s", r.code, r.stderr)
			}
			_, help, ok := strings.Cut(r.stdout, "> /help\n")
			if !ok {
				t.Fatalf("no /help exchange:\n%s", r.stdout)
			}
			golden(t, filepath.Join("help", tc.role+".txt"), help)
		})
	}
}

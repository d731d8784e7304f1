package regulations

import (
	"os"
	"path/filepath"
	"testing"
)

// corpusDir returns ../shared/corpus next to the repository root. It skips
// the test when the folder is absent, except in CI where it must exist.
func corpusDir(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root := wd
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			t.Fatalf("no go.mod above %s", wd)
		}
		root = parent
	}
	dir := filepath.Join(root, "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("corpus folder %s is required in CI: %v", dir, err)
		}
		t.Skipf("corpus folder %s not found; skipping (it is required when CI=true)", dir)
	}
	return dir
}

// corpusIndex is the built-in knowledge base plus the shared corpus.
func corpusIndex(t testing.TB) *Index {
	t.Helper()
	lib, err := Builtin()
	if err != nil {
		t.Fatalf("Builtin: %v", err)
	}
	if _, err := lib.AddDir(corpusDir(t)); err != nil {
		t.Fatalf("AddDir: %v", err)
	}
	return NewIndex(lib)
}

// builtinIndex indexes the built-in knowledge base only.
func builtinIndex(t testing.TB) *Index {
	t.Helper()
	lib, err := Builtin()
	if err != nil {
		t.Fatalf("Builtin: %v", err)
	}
	return NewIndex(lib)
}

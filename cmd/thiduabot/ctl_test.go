package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
)

// While a running bot holds the embedded store, admin commands reach it over
// the control socket instead of failing on the file lock.
func TestAdminCommandsReachRunningProcess(t *testing.T) {
	dir := t.TempDir()
	kv, err := boltstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer kv.Close()
	ctx := context.Background()
	if err := kv.Put(ctx, "audit", "k1", []byte(`{"a":1}`)); err != nil {
		t.Fatal(err)
	}
	base := &env{getenv: func(string) string { return "" }, clock: clock.NewFake(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))}
	stop, err := serveControl(ctx, filepath.Join(dir, controlSocketName), base, kv, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if st, err := os.Stat(filepath.Join(dir, controlSocketName)); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("socket mode: %v %v", st, err)
	}

	vars := map[string]string{"THIDUA_DATA": dir}
	backup := filepath.Join(t.TempDir(), "backup.json")
	r := runMain(t, vars, "", "export", backup)
	if r.code != 0 {
		t.Fatalf("export through socket: %+v", r)
	}
	data, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Buckets map[string][]json.RawMessage `json:"buckets"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || len(doc.Buckets["audit"]) != 1 {
		t.Fatalf("backup = %s (%v)", data, err)
	}

	// Import through the socket: the running process's store gets the data.
	if err := kv.Delete(ctx, "audit", "k1"); err != nil {
		t.Fatal(err)
	}
	r = runMain(t, vars, "", "import", backup)
	if r.code != 0 || !strings.Contains(r.stdout, "1") {
		t.Fatalf("import through socket: %+v", r)
	}
	if got, err := kv.Get(ctx, "audit", "k1"); err != nil || string(got) != `{"a":1}` {
		t.Errorf("after import: %q, %v", got, err)
	}
	// --replace goes through the socket too: data not in the backup goes,
	// the process's meta stays.
	if err := kv.Put(ctx, "members", "stray", []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if err := kv.Put(ctx, metaBucket, "bot_username", []byte("thidua_bot")); err != nil {
		t.Fatal(err)
	}
	if r = runMain(t, vars, "", "import", "--replace", backup); r.code != 0 {
		t.Fatalf("import --replace through socket: %+v", r)
	}
	if _, err := kv.Get(ctx, "members", "stray"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after import --replace, a record not in the backup: %v", err)
	}
	if got, err := kv.Get(ctx, metaBucket, "bot_username"); err != nil || string(got) != "thidua_bot" {
		t.Errorf("after import --replace, meta = %q, %v", got, err)
	}
	if got, err := kv.Get(ctx, "audit", "k1"); err != nil || string(got) != `{"a":1}` {
		t.Errorf("after import --replace: %q, %v", got, err)
	}
	// The sector overview reads the running process's store (the demo
	// config, no reports: every month due is missing).
	r = runMain(t, vars, "", "sector", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"missing": 60`) {
		t.Errorf("sector through socket: %+v", r)
	}
	// Commands that must not run inside the bot are refused.
	if code, err := forward(ctx, filepath.Join(dir, controlSocketName), []string{"run"}, nil, &strings.Builder{}, &strings.Builder{}); err != nil || code != 2 {
		t.Errorf("forward run: code %d, err %v", code, err)
	}
}

package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/store"
)

// A backup made before schema 2 (version 1, reports under
// report/<cluster>/<unit>/<period>) imports, and its reports are moved to
// the schema-2 keys; opening a store of schema 1 migrates it too.
func TestOldBackupImportsAndMigrates(t *testing.T) {
	const oldBackup = `{"format":"thiduabot-backup","version":1,"exported_at":"2026-06-01T00:00:00Z","buckets":{
"submissions":[{"key":"report/cum5/bac_ninh/2026-05","value":{"cluster":"cum5","unit":"bac_ninh","period":"2026-05","version":1,"values":{},"history":[]}}]}}`
	dir := t.TempDir()
	vars := map[string]string{"THIDUA_DATA": dir}
	if r := runMain(t, vars, oldBackup, "import", "-"); r.code != 0 {
		t.Fatalf("import of a version 1 backup: %+v", r)
	}
	kv, err := boltstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer kv.Close()
	ctx := context.Background()
	if _, err := kv.Get(ctx, "submissions", "report/cum5/2026-05/bac_ninh"); err != nil {
		t.Errorf("report not under its schema-2 key after import: %v", err)
	}
	if _, err := kv.Get(ctx, "submissions", "report/cum5/bac_ninh/2026-05"); err == nil {
		t.Error("the schema-1 key is still there")
	}
	if v, err := store.SchemaVersion(ctx, kv); err != nil || v != 5 {
		t.Errorf("schema version after import = %d, %v; want 5", v, err)
	}
	// A store left at schema 1 (say, by an older build) is migrated on open.
	if err := kv.Delete(ctx, store.SchemaBucket, store.SchemaKey); err != nil {
		t.Fatal(err)
	}
	if err := kv.Put(ctx, "submissions", "report/cum5/ninh_binh/2026-04", []byte(`{"cluster":"cum5","unit":"ninh_binh","period":"2026-04","version":1,"values":{}}`)); err != nil {
		t.Fatal(err)
	}
	kv.Close()
	backup := filepath.Join(t.TempDir(), "b.json")
	r := runMain(t, vars, "", "export", backup)
	if r.code != 0 || !strings.Contains(r.stderr, "migrated") {
		t.Fatalf("export of a schema-1 store: %+v; want it migrated first", r)
	}
	kv2, err := boltstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer kv2.Close()
	if _, err := kv2.Get(ctx, "submissions", "report/cum5/2026-04/ninh_binh"); err != nil {
		t.Errorf("report of a schema-1 store not migrated on open: %v", err)
	}
}

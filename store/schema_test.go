package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	kv := storetest.NewMem(clock.NewFake(t0))
	var ran []string
	step := func(v int, name string) store.Migration {
		return store.Migration{Version: v, Name: name, Run: func(context.Context, store.KV) (int, error) {
			ran = append(ran, name)
			return 1, nil
		}}
	}
	steps := []store.Migration{step(2, "two"), step(3, "three")}
	if v, err := store.SchemaVersion(ctx, kv); err != nil || v != 1 {
		t.Fatalf("version of a store without one = %d, %v; want 1", v, err)
	}
	if _, err := store.Migrate(ctx, kv, false, steps...); err != nil {
		t.Fatal(err)
	}
	if v, _ := store.SchemaVersion(ctx, kv); v != 3 || strings.Join(ran, ",") != "two,three" {
		t.Fatalf("after Migrate: version %d, ran %v; want 3, [two three]", v, ran)
	}
	ran = nil
	if _, err := store.Migrate(ctx, kv, false, steps...); err != nil || len(ran) != 0 {
		t.Fatalf("second Migrate ran %v, %v; want nothing", ran, err)
	}
	if _, err := store.Migrate(ctx, kv, true, steps...); err != nil || len(ran) != 2 {
		t.Fatalf("Migrate with all ran %v, %v; want every step", ran, err)
	}
	ran = nil
	if _, err := store.Migrate(ctx, kv, false, steps[0]); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("Migrate of a store newer than the build = %v; want a refusal", err)
	}
	if len(ran) != 0 {
		t.Errorf("a refused Migrate ran %v", ran)
	}
}

// TestImportOfVersion1BackupMarksSchema1: records of a version-1 backup may
// be in the old layout, so the store is marked schema 1 for Migrate.
func TestImportOfVersion1BackupMarksSchema1(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		version string
		want    int
	}{{"1", 1}, {"2", 2}} {
		kv := storetest.NewMem(clock.NewFake(t0))
		kv.Put(ctx, store.SchemaBucket, store.SchemaKey, []byte("2"))
		doc := `{"format":"thiduabot-backup","version":` + tc.version + `,"exported_at":"2026-11-27T08:00:00Z","buckets":{"b":[{"key":"k","value":1}]}}`
		if _, err := store.Import(ctx, kv, strings.NewReader(doc)); err != nil {
			t.Fatal(err)
		}
		if v, err := store.SchemaVersion(ctx, kv); err != nil || v != tc.want {
			t.Errorf("after importing a version %s backup: schema %d, %v; want %d", tc.version, v, err, tc.want)
		}
	}
}

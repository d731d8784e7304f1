package store_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

// TestVersionsAfterImport: a write gives its name a new version; restoring
// a backup brings back the tokens it carried, and the migration that
// follows every import changes every version all the same, so no process
// keeps records cached under a token that now names other data.
func TestVersionsAfterImport(t *testing.T) {
	ctx := context.Background()
	kv := storetest.NewMem(clock.NewFake(t0))
	read := func() store.Versions {
		t.Helper()
		vs, err := store.ReadVersions(ctx, kv)
		if err != nil {
			t.Fatal(err)
		}
		return vs
	}
	never := read().Of("members")
	if err := store.Bump(ctx, kv, "members"); err != nil {
		t.Fatal(err)
	}
	v1 := read()
	if v1.Of("members") == never || v1.Of("reports") != never {
		t.Fatalf("after a members write: members %q (was %q), reports %q", v1.Of("members"), never, v1.Of("reports"))
	}
	var backup bytes.Buffer
	if err := store.Export(ctx, kv, &backup); err != nil {
		t.Fatal(err)
	}
	if err := store.Bump(ctx, kv, "members"); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Import(ctx, kv, &backup); err != nil {
		t.Fatal(err)
	}
	if got := read().Of("members"); got != v1.Of("members") {
		t.Fatalf("import alone: members %q, want the backup's %q (this test needs it to)", got, v1.Of("members"))
	}
	if _, err := store.Migrate(ctx, kv, true); err != nil {
		t.Fatal(err)
	}
	v2 := read()
	for _, name := range []string{"members", "reports"} {
		if v2.Of(name) == v1.Of(name) || v2.Of(name) == never {
			t.Errorf("after the import's migration, %s is %q: a version seen before", name, v2.Of(name))
		}
	}
}

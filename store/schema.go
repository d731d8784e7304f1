package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// SchemaBucket holds the store's schema version under SchemaKey. It is data
// like any other: exported and imported with the records it describes. A
// store without it is at version 1, the layout before versions were kept.
const (
	SchemaBucket = "schema"
	SchemaKey    = "version"
)

// Migration is one step of the key layout: Run brings a store at the
// version before to Version. It must be idempotent, finding by itself what
// is still in the old layout, because Migrate also runs it on a store that
// has just imported an older backup into newer data.
type Migration struct {
	Version int
	Name    string
	Run     func(ctx context.Context, kv KV) (changed int, err error)
}

// SchemaVersion returns the stored schema version (1 when none is stored).
func SchemaVersion(ctx context.Context, kv KV) (int, error) {
	b, err := kv.Get(ctx, SchemaBucket, SchemaKey)
	if errors.Is(err, ErrNotFound) {
		return 1, nil
	}
	if err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	var v int
	if err := json.Unmarshal(b, &v); err != nil || v < 1 {
		return 0, fmt.Errorf("schema version: %q is not a version", b)
	}
	return v, nil
}

// Migrate runs, in order, the steps above the stored schema version (every
// step when all is true, as after an import, which also gives the
// EpochVersion a fresh token) and then stores the latest version. It refuses a store whose version is newer than the latest step:
// that store was written by a newer build. It returns how many records each
// step changed, by step name.
func Migrate(ctx context.Context, kv KV, all bool, steps ...Migration) (map[string]int, error) {
	cur, err := SchemaVersion(ctx, kv)
	if err != nil {
		return nil, err
	}
	latest := 1
	for _, s := range steps {
		latest = max(latest, s.Version)
	}
	if cur > latest {
		return nil, fmt.Errorf("schema version %d of the store is newer than this build's %d: use a newer build", cur, latest)
	}
	done := map[string]int{}
	for _, s := range steps {
		if s.Version <= cur && !all {
			continue
		}
		n, err := s.Run(ctx, kv)
		if err != nil {
			return done, fmt.Errorf("migrate to schema %d (%s): %w", s.Version, s.Name, err)
		}
		done[s.Name] = n
	}
	if all {
		// An import may have brought records that processes hold in memory
		// under tokens the backup carried: every version changes.
		if err := Bump(ctx, kv, EpochVersion); err != nil {
			return done, fmt.Errorf("refresh version tokens: %w", err)
		}
	}
	if cur != latest {
		b, _ := json.Marshal(latest)
		if err := kv.Put(ctx, SchemaBucket, SchemaKey, b); err != nil {
			return done, fmt.Errorf("store schema version %d: %w", latest, err)
		}
	}
	return done, nil
}

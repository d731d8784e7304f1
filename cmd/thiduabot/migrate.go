package main

import (
	"context"
	"fmt"
	"io"

	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/submissions"
)

// schemaSteps are the key layout migrations of the store, oldest first.
var schemaSteps = []store.Migration{submissions.ReportsByPeriod, org.MembersByUnit, submissions.ReportIndexes, submissions.CompactChanges}

// migrateStore brings kv to the latest key layout: the steps above its
// schema version, or every step (each is idempotent) after an import, whose
// backup may be older than the data it was merged into.
func migrateStore(ctx context.Context, kv store.KV, all bool, w io.Writer) error {
	done, err := store.Migrate(ctx, kv, all, schemaSteps...)
	if err != nil {
		return fmt.Errorf("nâng cấp cấu trúc kho dữ liệu / migrate the store: %w", err)
	}
	for name, n := range done {
		if n > 0 {
			fmt.Fprintf(w, "thiduabot: đã chuyển %d bản ghi sang cấu trúc mới / migrated %d records (%s)\n", n, n, name)
		}
	}
	return nil
}

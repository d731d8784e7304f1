package submissions

import (
	"context"
	"errors"
	"fmt"

	"github.com/thiduabot/thiduabot/store"
)

// ReportsByPeriod is schema step 2: reports move from
// report/<cluster>/<unit>/<YYYY-MM> to report/<cluster>/<YYYY-MM>/<unit>,
// and get their unit index entries. A report's key is rebuilt from the
// report itself, so the step is idempotent.
var ReportsByPeriod = store.Migration{Version: 2, Name: "reports keyed by cluster and period", Run: MigrateReports}

// ReportIndexes is schema step 4: the confirmation-month and open-unlock
// indexes (see confirmedAtKey), which MigrateReports also writes.
var ReportIndexes = store.Migration{Version: 4, Name: "reports indexed by confirmation month and open unlock", Run: MigrateReports}

// CompactChanges is schema step 5: every write of a report names itself
// among its year's changes since the compact record (see FiguresBucket).
// A build before it would write reports without, so the store must not be
// opened by one again; the step itself forgets the changes of any earlier
// record, which readers then no longer overlay.
var CompactChanges = store.Migration{Version: 5, Name: "reports' changes since the compact record", Run: ForgetChanges}

// ForgetChanges deletes every record's changes (see FiguresBucket), in one
// transaction, and returns how many entries it deleted: the records are
// then only served for their own version, until the next compaction.
func ForgetChanges(ctx context.Context, kv store.KV) (int, error) {
	n := 0
	err := kv.Txn(ctx, func(tx store.Tx) error {
		var err error
		n, err = forgetChangesTx(tx)
		return err
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

func forgetChangesTx(tx store.Tx) (int, error) {
	items, err := tx.List(FiguresBucket, "delta/")
	if err != nil {
		return 0, err
	}
	for _, it := range items {
		if err := tx.Delete(FiguresBucket, it.Key); err != nil {
			return 0, err
		}
	}
	return len(items), nil
}

// MigrateReports stores every report under its schema-2 key with its unit,
// confirmation-month and open-unlock index entries, in one transaction, and returns how many records it wrote.
// It also gives every cluster's year that has reports a new version (see
// Reports.Values) and forgets the changes since the compact records,
// uncounted: it runs after every import, whose records a running process
// may have cached under the version the backup carried, and whose reports
// are in no list of changes.
func MigrateReports(ctx context.Context, kv store.KV) (int, error) {
	reports := store.NewJSON[Report](kv, Bucket)
	index := store.NewJSON[struct{}](kv, Bucket)
	n := 0
	err := kv.Txn(ctx, func(tx store.Tx) error {
		n = 0
		recs, err := reports.In(tx).List("report/")
		if err != nil {
			return err
		}
		years := map[yearKey]bool{}
		for _, rec := range recs {
			r := rec.Value
			if r.Cluster == "" || r.Unit == "" || r.Period.Year < 1 || r.Period.Month < 1 || r.Period.Month > 12 {
				return fmt.Errorf("report %s names no cluster, unit or period", rec.Key)
			}
			if k := reportKey(r.Cluster, r.Unit, r.Period); k != rec.Key {
				if err := reports.In(tx).Put(k, r); err != nil {
					return err
				}
				if err := tx.Delete(Bucket, rec.Key); err != nil {
					return err
				}
				n++
			}
			ik := unitIndexKey(r.Cluster, r.Unit, r.Period)
			if _, err := tx.Get(Bucket, ik); errors.Is(err, store.ErrNotFound) {
				if err := index.In(tx).Put(ik, struct{}{}); err != nil {
					return err
				}
				n++
			} else if err != nil {
				return err
			}
			k, err := indexReportTx(tx, &r)
			if err != nil {
				return err
			}
			n += k
			years[yearKey{r.Cluster, r.Period.Year}] = true
		}
		for y := range years {
			if _, err := bumpTx(tx, y.cluster, y.year); err != nil {
				return err
			}
		}
		_, err = forgetChangesTx(tx)
		return err
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

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

// MigrateReports stores every report under its schema-2 key with its unit,
// confirmation-month and open-unlock index entries, in one transaction, and returns how many records it wrote.
// It also gives every cluster's year that has reports a new version (see
// Reports.Values), uncounted: it runs after every import, whose records a
// running process may have cached under the version the backup carried.
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
			if err := bumpTx(tx, y.cluster, y.year); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

package submissions

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
)

// FiguresBucket holds the compact records of the clusters' years: derived
// data, rebuilt from the reports whenever they are missing or stale.
//
//	v1/<cluster>/<YYYY>/<token>   the figures as of version token (record.go)
//	claim/<cluster>/<YYYY>/<token> the process compacting it (expires)
//	delta/<cluster>/<YYYY>/<YYYY-MM>/<unit>  the version token the last
//	    write of that report gave the year (schema 5)
//	delta/<cluster>/<YYYY>/base   the token of the record the entries
//	    above are changes since
//
// A record is written only by Compact, in the background, never by a read
// and never in a confirmation's transaction (a burst of confirmations
// would otherwise all rewrite one shared record). A reader looks up the
// record of the current token first, so it never serves figures older
// than the token says. A confirmation makes the record stale by changing
// the token, and names its report among the changes in the same
// transaction; until the next compaction a reader takes the record named
// by base and re-reads only the reports named (Reports.overlaid).
//
// The changes are exact because the two transactions that touch them
// check or change the token: Compact writes record T, deletes every
// change and writes base T only while the token is still T (so no write
// came after T: none is lost), and every later write of a report names
// itself. Without base, as after a migration or an import (which delete
// the changes and give every year a new token), there is nothing to
// overlay and the reader reads every report, as it does when no record
// exists. Deleting the whole bucket is always safe; deleting changes but
// not base is not.
const FiguresBucket = "submissions_figures"

func changePrefix(cluster string, year int) string {
	return fmt.Sprintf("delta/%s/%04d/", cluster, year)
}

// changeKey names unit's report of p among the changes of its year. The
// name sorts before changeBase: a list of the prefix reads base last.
func changeKey(cluster, unit string, p Period) string {
	return changePrefix(cluster, p.Year) + p.String() + "/" + unit
}

const changeBase = "base"

// maxChanges is how many reports a read re-reads over a record; with more
// it lists the year (a burst that never let the compaction run).
const maxChanges = 2000

func recordPrefix(cluster string, year int) string {
	return fmt.Sprintf("v1/%s/%04d/", cluster, year)
}

// record returns the figures of the compact record of cluster's year as of
// token, nil when there is none (or it cannot be read: the reports can).
// The last one decoded is kept per year: a record's figures never change.
func (rs *Reports) record(ctx context.Context, cluster string, year int, token string) (*summary, error) {
	if token == "" {
		return nil, nil
	}
	k := yearKey{cluster, year}
	rs.cache.mu.Lock()
	kept := rs.cache.records[k]
	rs.cache.mu.Unlock()
	if kept.token == token {
		return kept.sum, nil
	}
	data, err := rs.kv.Get(ctx, FiguresBucket, recordPrefix(cluster, year)+token)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("figures record of %s %d: %w", cluster, year, err)
	}
	s, tok, err := decodeRecord(data)
	if err != nil || tok != token {
		return nil, nil
	}
	rs.cache.mu.Lock()
	if rs.cache.records == nil {
		rs.cache.records = map[yearKey]keptRecord{}
	}
	rs.cache.records[k] = keptRecord{token, s}
	rs.cache.mu.Unlock()
	return s, nil
}

// overlaid returns the figures of cluster's year as of version ver or
// later, from the record the changes are since and the reports they name
// (see FiguresBucket); nil when they cannot be had that way, and then
// moved when that is because the year changed while it was read (its
// record replaced, or ver already overtaken).
//
// The changes are listed before the record is read (base comes last in the
// list; the Get of base before it only spares a list when there is none). A compaction landing after the list wrote a record newer than ver
// and deleted changes that record holds: every unit-month is then served
// from that record or, newer still, its report. Had the record been read
// first, such a compaction would delete changes the older record lacks.
func (rs *Reports) overlaid(ctx context.Context, cluster string, year int, ver string) (sum *summary, moved bool, err error) {
	prefix := changePrefix(cluster, year)
	// Without base, as until the first compaction after a migration,
	// there is nothing to list (the changes may be all the year's reports).
	if _, err := rs.kv.Get(ctx, FiguresBucket, prefix+changeBase); errors.Is(err, store.ErrNotFound) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, fmt.Errorf("changes of %s %d: %w", cluster, year, err)
	}
	items, err := rs.kv.List(ctx, FiguresBucket, prefix)
	if err != nil {
		return nil, false, fmt.Errorf("changes of %s %d: %w", cluster, year, err)
	}
	var base string
	var changed []change
	// ver was written by a report write, which names it, or by the
	// compaction that wrote base: a token from anywhere else (a migration,
	// a build that keeps no changes) means the changes are not all here.
	named := false
	for _, it := range items {
		name := strings.TrimPrefix(it.Key, prefix)
		if name == changeBase {
			base = string(it.Value)
			continue
		}
		p, unit, ok := strings.Cut(name, "/")
		period, err := ParsePeriod(p)
		if !ok || err != nil || period.Year != year || unit == "" {
			return nil, false, nil
		}
		changed = append(changed, change{period, unit})
		named = named || string(it.Value) == ver
	}
	switch {
	case base == "" || len(changed) > maxChanges:
		return nil, false, nil
	case !named && base != ver:
		return nil, true, nil
	}
	rec, err := rs.record(ctx, cluster, year, base)
	if rec == nil || err != nil {
		return nil, rec == nil && err == nil, err // replaced since the list
	}
	reports, err := rs.changedReports(ctx, cluster, changed)
	if err != nil {
		return nil, false, err
	}
	return rec.overlay(changed, reports), false, nil
}

// changedReports reads the reports changed names (nil for one not stored),
// a few at a time.
func (rs *Reports) changedReports(ctx context.Context, cluster string, changed []change) ([]*Report, error) {
	out := make([]*Report, len(changed))
	err := striped(len(changed), 8, func(i int) error {
		key := reportKey(cluster, changed[i].unit, changed[i].period)
		data, err := rs.kv.Get(ctx, Bucket, key)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("report %s: %w", key, err)
		}
		r, err := decodeReportFigures(data)
		if err != nil {
			return fmt.Errorf("decode %s/%s: %w", Bucket, key, err)
		}
		out[i] = &r
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Compact writes the compact record of cluster's year as of its current
// version, unless there is one already or the year has no version, and
// deletes the records of earlier versions; it reports whether it wrote. It
// is meant for background work (RunCompaction): a record is summarized
// from every report of the year, never from an earlier one overlaid.
//
// The record is written only if the version is still the one its figures
// were read under, checked in the transaction that writes it: every write
// of a report changes the version in its own transaction, so a record
// always holds exactly the figures of its version. The same transaction
// deletes the year's changes, which the record holds, and makes it their
// base.
func (rs *Reports) Compact(ctx context.Context, cluster string, year int) (bool, error) {
	e, err := rs.year(ctx, cluster, year)
	if err != nil {
		return false, err
	}
	if e.version == "" || e.compact {
		return false, nil
	}
	sum := e.sum
	if e.overlaid {
		// A record is summarized from every report, never from an earlier
		// record and the changes: a write the changes missed (by a build
		// before schema 5 still running, or imported and not yet migrated)
		// would otherwise be carried from record to record for good. The
		// version checked below makes the list exactly the version's.
		if sum, err = rs.summarizeAll(ctx, cluster, year); err != nil {
			return false, fmt.Errorf("compact figures of %s %d: %w", cluster, year, err)
		}
	}
	data := encodeRecord(sum, e.version)
	prefix := recordPrefix(cluster, year)
	// The changes are listed here rather than in the transaction (where
	// Redis would watch each of them): the version, read before, is checked
	// in the transaction, and while it holds no report is written, so no
	// change is added between this list and the commit.
	changes, err := rs.kv.List(ctx, FiguresBucket, changePrefix(cluster, year))
	if err != nil {
		return false, fmt.Errorf("compact figures of %s %d: %w", cluster, year, err)
	}
	wrote := false
	err = rs.kv.Txn(ctx, func(tx store.Tx) error {
		wrote = false
		cur, err := tx.Get(Bucket, versionKey(cluster, year))
		if errors.Is(err, store.ErrNotFound) || err == nil && string(cur) != e.version {
			return nil // written meanwhile: the next round summarizes the new version
		}
		if err != nil {
			return err
		}
		old, err := tx.List(FiguresBucket, prefix)
		if err != nil {
			return err
		}
		for _, it := range old {
			if strings.TrimPrefix(it.Key, prefix) == e.version {
				return nil // another process wrote it
			}
			if err := tx.Delete(FiguresBucket, it.Key); err != nil {
				return err
			}
		}
		for _, it := range changes {
			if err := tx.Delete(FiguresBucket, it.Key); err != nil {
				return err
			}
		}
		if err := tx.Put(FiguresBucket, changePrefix(cluster, year)+changeBase, []byte(e.version)); err != nil {
			return err
		}
		wrote = true
		return tx.Put(FiguresBucket, prefix+e.version, data)
	})
	if err != nil {
		return false, fmt.Errorf("compact figures of %s %d: %w", cluster, year, err)
	}
	return wrote, nil
}

func claimKey(cluster string, year int, token string) string {
	return fmt.Sprintf("claim/%s/%04d/%s", cluster, year, token)
}

// claimFor is how long a process that claimed a version's compaction has
// before another may do it.
const claimFor = 5 * time.Minute

// RunCompaction keeps the compact records of the clusters' years (this
// year and the last, whose December is confirmed in January) current until
// ctx ends: at once for every year whose record is missing or stale, then
// every interval for each year whose version has not changed since the
// round before, so that a burst of confirmations is summarized once it is
// over rather than after each one. Each round reads one key per cluster and
// year. Of several processes, the one that claims a version compacts it.
// Errors go to report (may be nil) and are retried the next round.
func (rs *Reports) RunCompaction(ctx context.Context, clusters []string, every time.Duration, report func(cluster string, year int, err error)) error {
	type state struct {
		version string
		done    bool // the record of version exists
	}
	seen := map[yearKey]state{}
	for first := true; ; first = false {
		now := rs.clk.Now().In(rs.loc)
		for _, cl := range clusters {
			for _, y := range []int{now.Year() - 1, now.Year()} {
				if ctx.Err() != nil {
					return nil
				}
				k := yearKey{cl, y}
				ver, err := rs.Version(ctx, cl, y)
				if err != nil {
					if report != nil {
						report(cl, y, err)
					}
					continue
				}
				st := seen[k]
				if ver == "" || st.done && st.version == ver {
					continue
				}
				if !first && st.version != ver {
					seen[k] = state{version: ver} // still changing: wait for a quiet round
					continue
				}
				// One replica summarizes a version; the others read its
				// record when they need it, or here once the claim lapses.
				claimed, err := rs.kv.Create(ctx, FiguresBucket, claimKey(cl, y, ver), []byte("1"), claimFor)
				if err != nil {
					if report != nil && ctx.Err() == nil {
						report(cl, y, err)
					}
					continue
				}
				if !claimed {
					seen[k] = state{version: ver}
					continue
				}
				if _, err := rs.Compact(ctx, cl, y); err != nil {
					if report != nil && ctx.Err() == nil {
						report(cl, y, err)
					}
					continue
				}
				seen[k] = state{version: ver, done: true}
			}
		}
		if clock.Sleep(ctx, rs.clk, every) != nil {
			return nil
		}
	}
}

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
//
// A record is written only by Compact, in the background, never by a read
// and never in a confirmation's transaction (a burst of confirmations
// would otherwise all rewrite one shared record). A reader looks up the
// record of the current token only, so it never serves figures older than
// the token says; a confirmation makes the record stale simply by changing
// the token, and until the next compaction readers read the reports.
const FiguresBucket = "submissions_figures"

func recordPrefix(cluster string, year int) string {
	return fmt.Sprintf("v1/%s/%04d/", cluster, year)
}

// record returns the figures of the compact record of cluster's year as of
// token, nil when there is none (or it cannot be read: the reports can).
func (rs *Reports) record(ctx context.Context, cluster string, year int, token string) (*summary, error) {
	if token == "" {
		return nil, nil
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
	return s, nil
}

// Compact writes the compact record of cluster's year as of its current
// version, unless there is one already or the year has no version, and
// deletes the records of earlier versions; it reports whether it wrote. It
// is meant for background work (RunCompaction): summarizing a year that
// has no record reads every report of it.
//
// The record is written only if the version is still the one its figures
// were read under, checked in the transaction that writes it: every write
// of a report changes the version in its own transaction, so a record
// always holds exactly the figures of its version.
func (rs *Reports) Compact(ctx context.Context, cluster string, year int) (bool, error) {
	e, err := rs.year(ctx, cluster, year)
	if err != nil {
		return false, err
	}
	if e.version == "" || e.compact {
		return false, nil
	}
	data := encodeRecord(e.sum, e.version)
	prefix := recordPrefix(cluster, year)
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

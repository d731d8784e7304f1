package submissions

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/store"
)

// Version keys (see Reports.Values): every write of a report writes, in the
// same transaction, a fresh random token under its cluster and year,
//
//	reportver/<cluster>/<YYYY>             a random token
//
// so that a process that cached a year's figures knows, from that one key,
// whether they are still current, however many processes share the store.
// A token, not a counter: a store restored from a backup never shows again
// a token that named other data. Migrations and imports write fresh tokens
// (MigrateReports runs after every import).
func versionKey(cluster string, year int) string {
	return fmt.Sprintf("reportver/%s/%04d", cluster, year)
}

func newVersion() []byte {
	var b [12]byte
	rand.Read(b[:])
	return []byte(hex.EncodeToString(b[:]))
}

// VersionName is the store-wide version (store.VersionBucket) of every
// report: it changes with each write of any report, for the readers that
// keep all clusters in memory (the reminder runner).
const VersionName = "reports"

// bumpTx gives cluster's year, and all reports, a new version inside tx,
// and returns the year's.
func bumpTx(tx store.Tx, cluster string, year int) ([]byte, error) {
	ver := newVersion()
	if err := tx.Put(Bucket, versionKey(cluster, year), ver); err != nil {
		return nil, err
	}
	return ver, store.BumpTx(tx, VersionName)
}

// Version returns the current version token of cluster's year ("" when no
// report of it was written since versions exist): it changes with every
// write of one of its reports.
func (rs *Reports) Version(ctx context.Context, cluster string, year int) (string, error) {
	b, err := rs.kv.Get(ctx, Bucket, versionKey(cluster, year))
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reports version of %s %d: %w", cluster, year, err)
	}
	return string(b), nil
}

// Versions returns the current version token of every cluster's years
// that have one (cluster → year → token), with one List: a process that
// keeps every cluster's reports (the reminder runner) reads them when the
// store-wide version (VersionName) changed, and reloads only the clusters
// and years whose token did.
func (rs *Reports) Versions(ctx context.Context) (map[string]map[int]string, error) {
	const prefix = "reportver/"
	items, err := rs.kv.List(ctx, Bucket, prefix)
	if err != nil {
		return nil, fmt.Errorf("reports versions: %w", err)
	}
	out := map[string]map[int]string{}
	for _, it := range items {
		i := strings.LastIndexByte(it.Key, '/')
		year, err := strconv.Atoi(it.Key[i+1:])
		if i < len(prefix) || err != nil {
			return nil, fmt.Errorf("reports version key %q names no cluster and year", it.Key)
		}
		cluster := it.Key[len(prefix):i]
		if out[cluster] == nil {
			out[cluster] = map[int]string{}
		}
		out[cluster][year] = string(it.Value)
	}
	return out, nil
}

// figures is what the scoring input needs of a report: no history, no
// audit text. Decoding only these fields is most of the cold cost saved.
type figures struct {
	Unit             string                 `json:"unit"`
	Period           Period                 `json:"period"`
	Version          int                    `json:"version"`
	Values           map[string]figureEntry `json:"values"`
	FirstConfirmedAt time.Time              `json:"first_confirmed_at,omitzero"`
	Late             bool                   `json:"late,omitempty"`
}

type figureEntry struct {
	State State   `json:"state"`
	Value float64 `json:"value,omitempty"`
}

// yearFigures is one cached year of one cluster, as of version.
type yearFigures struct {
	version string
	sum     *summary
	// compact is true when the figures came from the compact record of
	// version (see Reports.Compact).
	compact bool
	// overlaid is true when they came from an earlier record and the
	// reports its changes name (see Reports.overlaid).
	overlaid bool
	mu       sync.Mutex
	values   map[*scoring.Table]scoring.Values
}

type yearKey struct {
	cluster string
	year    int
}

// cache holds, per cluster and year, the figures of the last version read,
// and the last compact record decoded. Entries are replaced, never
// changed, so a caller keeps a consistent view.
type cache struct {
	mu      sync.Mutex
	years   map[yearKey]*yearFigures
	records map[yearKey]keptRecord
}

// keptRecord is a decoded compact record: the figures as of token.
type keptRecord struct {
	token string
	sum   *summary
}

// year returns cluster's year's figures as of a version at least as recent
// as the one current when it is called: the version key is read first, and
// the figures after it, so the figures are never older than the version
// they are cached under (they may be newer; the next write bumps it again).
// The figures are those of the compact record of that version when there
// is one (written by Compact, never here), else those of an earlier record
// with the reports changed since (overlaid), else read from every report.
func (rs *Reports) year(ctx context.Context, cluster string, year int) (*yearFigures, error) {
	k := yearKey{cluster, year}
	var e *yearFigures
	for try := 0; ; try++ {
		ver, err := rs.Version(ctx, cluster, year)
		if err != nil {
			return nil, err
		}
		rs.cache.mu.Lock()
		e = rs.cache.years[k]
		rs.cache.mu.Unlock()
		if e != nil && e.version == ver {
			return e, nil
		}
		e = &yearFigures{version: ver, values: map[*scoring.Table]scoring.Values{}}
		if e.sum, err = rs.record(ctx, cluster, year, ver); err != nil {
			return nil, err
		}
		e.compact = e.sum != nil
		if e.sum != nil {
			break
		}
		var moved bool
		if e.sum, moved, err = rs.overlaid(ctx, cluster, year, ver); err != nil {
			return nil, err
		}
		if e.sum != nil || !moved || try > 0 {
			break
		}
		// A compaction (or a write) moved the year on while it was read:
		// its new version most likely has a record, or a base, again.
	}
	e.overlaid = e.sum != nil && !e.compact
	if e.sum == nil {
		var err error
		if e.sum, err = rs.summarizeAll(ctx, cluster, year); err != nil {
			return nil, err
		}
	}
	rs.cache.mu.Lock()
	if rs.cache.years == nil {
		rs.cache.years = map[yearKey]*yearFigures{}
	}
	rs.cache.years[k] = e
	rs.cache.mu.Unlock()
	return e, nil
}

// summarizeAll summarizes every report of cluster's year as stored now.
func (rs *Reports) summarizeAll(ctx context.Context, cluster string, year int) (*summary, error) {
	items, err := rs.kv.List(ctx, Bucket, fmt.Sprintf("report/%s/%04d-", cluster, year))
	if err != nil {
		return nil, fmt.Errorf("reports of %s: %w", cluster, err)
	}
	reports, err := decodeFigures(items)
	if err != nil {
		return nil, err
	}
	return summarize(reports), nil
}

// decodeFigures decodes the reports' figures on every core.
func decodeFigures(items []store.Item) ([]Report, error) {
	out := make([]Report, len(items))
	err := striped(len(items), min(runtime.GOMAXPROCS(0), max(1, len(items)/256)), func(i int) error {
		r, err := decodeReportFigures(items[i].Value)
		if err != nil {
			return fmt.Errorf("decode %s/%s: %w", Bucket, items[i].Key, err)
		}
		out[i] = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// striped calls fn for every i in [0, n) on workers goroutines, worker w
// taking w, w+workers, …; a worker stops at its first error, and the errors
// are joined.
func striped(n, workers int, fn func(i int) error) error {
	workers = min(workers, n)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				if err := fn(i); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Values builds the scoring engine's input for cluster's year from the
// confirmed reports: every answered criterion's value in its month (a value
// kept from an earlier month counts as this month's), skipped ones absent,
// and for each source: late_submissions criterion of table the late months,
// counted by the bot (1 in each month first confirmed after its deadline, 0
// in each month confirmed on time; a cumulative or latest counter gets the
// running count instead).
//
// The figures are cached in the process by cluster, year and version: while
// the version key is unchanged a call reads that one key and nothing else.
// The Values returned are shared: read them, never change them.
func (rs *Reports) Values(ctx context.Context, cluster string, year int, table *scoring.Table) (scoring.Values, error) {
	vs, _, err := rs.VersionedValues(ctx, cluster, year, table)
	return vs, err
}

// VersionedValues is Values with the version the figures are cached under:
// the same version always comes with the same figures.
func (rs *Reports) VersionedValues(ctx context.Context, cluster string, year int, table *scoring.Table) (scoring.Values, string, error) {
	e, err := rs.year(ctx, cluster, year)
	if err != nil {
		return nil, "", err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	vs := e.values[table]
	if vs == nil {
		vs = e.sum.values(CriteriaOf(table))
		e.values[table] = vs
	}
	return vs, e.version, nil
}

// Package boltstore is the embedded store: store.KV over one bbolt file
// (thiduabot.db) in the data folder. It is the default when no Redis is
// configured and serves exactly one process, which the file lock enforces.
//
// Every acknowledged write is fsynced before the method returns; concurrent
// writers are grouped into one transaction (bbolt's Batch) so that a few
// hundred writes per second share a few fsyncs instead of paying one each.
package boltstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/store"
)

// FileName is the name of the database file inside the data folder.
const FileName = "thiduabot.db"

// Layout of the file: a "meta" bucket holding the format version, and a
// "kv" bucket holding one nested bucket per store bucket. Nesting keeps the
// store's bucket names free of any reserved name.
var (
	metaBucket = []byte("meta")
	kvBucket   = []byte("kv")
	formatKey  = []byte("format")
)

const formatVersion = 1

// A stored record is a 1-byte record version, the expiry as big-endian Unix
// nanoseconds (0 = never), then the value. Keeping the expiry next to the
// value lets one read decide whether the key is live.
const (
	recordVersion = 1
	headerLen     = 1 + 8
)

// DB is the embedded store. It implements store.KV.
type DB struct {
	db    *bolt.DB
	clock clock.Clock

	writers atomic.Int64 // writes in progress, to choose between Update and Batch

	stop     chan struct{}
	wg       sync.WaitGroup
	closeMu  sync.Mutex
	closed   bool
	closeErr error
}

var _ store.KV = (*DB)(nil)

type config struct {
	clock         clock.Clock
	lockTimeout   time.Duration
	purgeInterval time.Duration
	maxBatchDelay time.Duration
}

// Option configures Open.
type Option func(*config)

// WithClock sets the clock that decides when keys expire (default: the wall clock).
func WithClock(c clock.Clock) Option { return func(o *config) { o.clock = c } }

// WithLockTimeout sets how long Open waits for the file lock before it
// reports store.ErrLocked (default 500ms).
func WithLockTimeout(d time.Duration) Option { return func(o *config) { o.lockTimeout = d } }

// WithPurgeInterval sets how often a background goroutine removes expired
// keys (default one hour, on the store's clock); 0 disables it. Expired keys
// are invisible either way; purging only reclaims their space.
func WithPurgeInterval(d time.Duration) Option { return func(o *config) { o.purgeInterval = d } }

// WithMaxBatchDelay sets how long a write waits for others to join its
// transaction (default 0.5ms): longer means fewer fsyncs under load but more
// latency for a lone write.
func WithMaxBatchDelay(d time.Duration) Option { return func(o *config) { o.maxBatchDelay = d } }

// Open opens (creating if needed) the store in dir. If another process, or
// another Open in this process, holds it, the error wraps store.ErrLocked.
func Open(dir string, opts ...Option) (*DB, error) {
	cfg := config{
		clock:         clock.Real{},
		lockTimeout:   500 * time.Millisecond,
		purgeInterval: time.Hour,
		maxBatchDelay: 500 * time.Microsecond,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("boltstore: create data folder: %w", err)
	}
	path := filepath.Join(dir, FileName)
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: cfg.lockTimeout})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf(msg.StoreLocked+": %w", dir, store.ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("boltstore: open %s: %w", path, err)
	}
	bdb.MaxBatchDelay = cfg.maxBatchDelay
	err = bdb.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(metaBucket)
		if err != nil {
			return err
		}
		if v := meta.Get(formatKey); v != nil {
			if len(v) != 1 || v[0] != formatVersion {
				return fmt.Errorf("unsupported file format %v (this build reads %d)", v, formatVersion)
			}
		} else if err := meta.Put(formatKey, []byte{formatVersion}); err != nil {
			return err
		}
		_, err = tx.CreateBucketIfNotExists(kvBucket)
		return err
	})
	if err != nil {
		bdb.Close()
		return nil, fmt.Errorf("boltstore: initialise %s: %w", path, err)
	}
	d := &DB{db: bdb, clock: cfg.clock, stop: make(chan struct{})}
	if cfg.purgeInterval > 0 {
		d.wg.Add(1)
		go d.purgeLoop(cfg.purgeInterval)
	}
	return d, nil
}

// Close stops the purge goroutine and closes the file, releasing the lock.
func (d *DB) Close() error {
	d.closeMu.Lock()
	defer d.closeMu.Unlock()
	if d.closed {
		return d.closeErr
	}
	d.closed = true
	close(d.stop)
	d.wg.Wait()
	d.closeErr = d.db.Close()
	return d.closeErr
}

func (d *DB) purgeLoop(every time.Duration) {
	defer d.wg.Done()
	for {
		select {
		case <-d.clock.After(every):
			// A failed purge is retried at the next tick; nothing is lost by waiting.
			_, _ = d.Purge(context.Background())
		case <-d.stop:
			return
		}
	}
}

// write runs fn in a read-write transaction. A lone writer commits at once;
// writers that overlap are grouped by bbolt's Batch into one transaction and
// one fsync. Batch alone would make every lone write wait out the batch delay
// and hop through a timer goroutine, which on a busy machine costs
// milliseconds. fn may run more than once (Batch retries), so it must set
// its results afresh on each run.
func (d *DB) write(fn func(*bolt.Tx) error) error {
	defer d.writers.Add(-1)
	if d.writers.Add(1) == 1 {
		return d.db.Update(fn)
	}
	return d.db.Batch(fn)
}

// Purge deletes every expired key and reports how many it deleted.
func (d *DB) Purge(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	now := d.clock.Now()
	n := 0
	err := d.db.Update(func(tx *bolt.Tx) error {
		n = 0
		kv := tx.Bucket(kvBucket)
		var names [][]byte
		if err := kv.ForEachBucket(func(name []byte) error {
			names = append(names, name)
			return nil
		}); err != nil {
			return err
		}
		for _, name := range names {
			b := kv.Bucket(name)
			var dead [][]byte
			if err := b.ForEach(func(k, v []byte) error {
				if !live(v, now) {
					dead = append(dead, bytes.Clone(k))
				}
				return nil
			}); err != nil {
				return err
			}
			for _, k := range dead {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
			n += len(dead)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("boltstore: purge: %w", err)
	}
	return n, nil
}

// Get implements store.KV.
func (d *DB) Get(ctx context.Context, bucket, key string) ([]byte, error) {
	if err := check(ctx, bucket, key); err != nil {
		return nil, err
	}
	now := d.clock.Now()
	var out []byte
	err := d.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(kvBucket).Bucket([]byte(bucket))
		if b == nil {
			return store.ErrNotFound
		}
		v := b.Get([]byte(key))
		if v == nil || !live(v, now) {
			return store.ErrNotFound
		}
		out = bytes.Clone(v[headerLen:])
		if out == nil {
			out = []byte{}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("boltstore: get %s/%s: %w", bucket, key, err)
	}
	return out, nil
}

// Put implements store.KV. It clears any expiry the key had.
func (d *DB) Put(ctx context.Context, bucket, key string, value []byte) error {
	if err := check(ctx, bucket, key); err != nil {
		return err
	}
	rec := encode(value, time.Time{})
	err := d.write(func(tx *bolt.Tx) error {
		b, err := tx.Bucket(kvBucket).CreateBucketIfNotExists([]byte(bucket))
		if err != nil {
			return err
		}
		return b.Put([]byte(key), rec)
	})
	if err != nil {
		return fmt.Errorf("boltstore: put %s/%s: %w", bucket, key, err)
	}
	return nil
}

// Delete implements store.KV.
func (d *DB) Delete(ctx context.Context, bucket, key string) error {
	if err := check(ctx, bucket, key); err != nil {
		return err
	}
	err := d.write(func(tx *bolt.Tx) error {
		// The bucket stays even when it empties, so that its Append
		// sequence never restarts below keys handed out before.
		b := tx.Bucket(kvBucket).Bucket([]byte(bucket))
		if b == nil {
			return nil
		}
		return b.Delete([]byte(key))
	})
	if err != nil {
		return fmt.Errorf("boltstore: delete %s/%s: %w", bucket, key, err)
	}
	return nil
}

// Create implements store.KV. An expired key counts as absent.
func (d *DB) Create(ctx context.Context, bucket, key string, value []byte, ttl time.Duration) (bool, error) {
	if err := check(ctx, bucket, key); err != nil {
		return false, err
	}
	if ttl < 0 {
		return false, fmt.Errorf("boltstore: create %s/%s: negative ttl %v", bucket, key, ttl)
	}
	var created bool
	err := d.write(func(tx *bolt.Tx) error {
		// Batch may run this function more than once; only the last run counts.
		created = false
		b, err := tx.Bucket(kvBucket).CreateBucketIfNotExists([]byte(bucket))
		if err != nil {
			return err
		}
		// The clock is read inside the transaction so that the liveness
		// check and the new expiry agree with the order of commits.
		now := d.clock.Now()
		if v := b.Get([]byte(key)); v != nil && live(v, now) {
			return nil
		}
		var exp time.Time
		if ttl > 0 {
			exp = now.Add(ttl)
		}
		if err := b.Put([]byte(key), encode(value, exp)); err != nil {
			return err
		}
		created = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("boltstore: create %s/%s: %w", bucket, key, err)
	}
	return created, nil
}

// CreateAll implements store.KV in one write transaction.
func (d *DB) CreateAll(ctx context.Context, ttl time.Duration, entries ...store.Entry) (bool, error) {
	for _, e := range entries {
		if err := check(ctx, e.Bucket, e.Key); err != nil {
			return false, err
		}
	}
	if ttl < 0 {
		return false, fmt.Errorf("boltstore: create all: negative ttl %v", ttl)
	}
	if len(entries) == 0 {
		return true, nil
	}
	var created bool
	err := d.write(func(tx *bolt.Tx) error {
		created = false // Batch may run this more than once
		now := d.clock.Now()
		for _, e := range entries {
			if b := tx.Bucket(kvBucket).Bucket([]byte(e.Bucket)); b != nil {
				if v := b.Get([]byte(e.Key)); v != nil && live(v, now) {
					return nil
				}
			}
		}
		var exp time.Time
		if ttl > 0 {
			exp = now.Add(ttl)
		}
		for _, e := range entries {
			b, err := tx.Bucket(kvBucket).CreateBucketIfNotExists([]byte(e.Bucket))
			if err != nil {
				return err
			}
			if err := b.Put([]byte(e.Key), encode(e.Value, exp)); err != nil {
				return err
			}
		}
		created = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("boltstore: create %s/%s and %d more: %w", entries[0].Bucket, entries[0].Key, len(entries)-1, err)
	}
	return created, nil
}

// Replace implements store.KV. The key keeps the expiry it had.
func (d *DB) Replace(ctx context.Context, bucket, key string, value []byte) (bool, error) {
	if err := check(ctx, bucket, key); err != nil {
		return false, err
	}
	var replaced bool
	err := d.write(func(tx *bolt.Tx) error {
		replaced = false
		b := tx.Bucket(kvBucket).Bucket([]byte(bucket))
		if b == nil {
			return nil
		}
		v := b.Get([]byte(key))
		if v == nil || !live(v, d.clock.Now()) {
			return nil
		}
		if err := b.Put([]byte(key), encode(value, expiry(v))); err != nil {
			return err
		}
		replaced = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("boltstore: replace %s/%s: %w", bucket, key, err)
	}
	return replaced, nil
}

// Update implements store.KV. The key keeps the expiry it had.
func (d *DB) Update(ctx context.Context, bucket, key string, fn func(old []byte, exists bool) ([]byte, error)) error {
	if err := check(ctx, bucket, key); err != nil {
		return err
	}
	err := d.write(func(tx *bolt.Tx) error {
		b, err := tx.Bucket(kvBucket).CreateBucketIfNotExists([]byte(bucket))
		if err != nil {
			return err
		}
		now := d.clock.Now()
		var old []byte
		var exp time.Time
		exists := false
		if v := b.Get([]byte(key)); v != nil && live(v, now) {
			// A copy: fn may keep or return it, and bbolt's memory is
			// only valid inside the transaction.
			old = bytes.Clone(v[headerLen:])
			if old == nil {
				old = []byte{}
			}
			exp = expiry(v)
			exists = true
		}
		nv, err := fn(old, exists)
		if err != nil {
			return &fnError{err}
		}
		if nv == nil {
			return b.Delete([]byte(key))
		}
		return b.Put([]byte(key), encode(nv, exp))
	})
	var fe *fnError
	if errors.As(err, &fe) {
		return fe.err
	}
	if err != nil {
		return fmt.Errorf("boltstore: update %s/%s: %w", bucket, key, err)
	}
	return nil
}

// fnError marks an error returned by an Update callback, which Update
// returns as it is rather than wrapped as a storage failure.
type fnError struct{ err error }

func (e *fnError) Error() string { return e.err.Error() }
func (e *fnError) Unwrap() error { return e.err }

// List implements store.KV.
func (d *DB) List(ctx context.Context, bucket, prefix string) ([]store.Item, error) {
	if err := check(ctx, bucket, "-"); err != nil {
		return nil, err
	}
	now := d.clock.Now()
	var items []store.Item
	err := d.db.View(func(tx *bolt.Tx) error {
		items = listBucket(tx.Bucket(kvBucket).Bucket([]byte(bucket)), prefix, now)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("boltstore: list %s/%s: %w", bucket, prefix, err)
	}
	return items, nil
}

// Append implements store.KV with the bucket's bbolt sequence, which only
// grows and survives restarts.
func (d *DB) Append(ctx context.Context, bucket string, value []byte) (string, error) {
	if err := check(ctx, bucket, "-"); err != nil {
		return "", err
	}
	rec := encode(value, time.Time{})
	var key string
	err := d.write(func(tx *bolt.Tx) error {
		b, err := tx.Bucket(kvBucket).CreateBucketIfNotExists([]byte(bucket))
		if err != nil {
			return err
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		// Keys imported from a backup were not handed out by this bucket's
		// sequence; jump past the largest of them rather than overwrite it.
		if last, ok := lastSeqKey(b); ok && last >= seq {
			seq = last + 1
			if err := b.SetSequence(seq); err != nil {
				return err
			}
		}
		key = fmt.Sprintf("%020d", seq)
		return b.Put([]byte(key), rec)
	})
	if err != nil {
		return "", fmt.Errorf("boltstore: append %s: %w", bucket, err)
	}
	return key, nil
}

// Buckets implements store.KV.
func (d *DB) Buckets(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	now := d.clock.Now()
	var names []string
	err := d.db.View(func(tx *bolt.Tx) error {
		var err error
		names, err = liveBuckets(tx.Bucket(kvBucket), now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("boltstore: list buckets: %w", err)
	}
	return names, nil // bbolt iterates in byte order, which is the order KV promises
}

// listBucket returns the live items of b (which may be nil) under prefix.
func listBucket(b *bolt.Bucket, prefix string, now time.Time) []store.Item {
	if b == nil {
		return nil
	}
	var items []store.Item
	c := b.Cursor()
	p := []byte(prefix)
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		if !live(v, now) {
			continue
		}
		val := bytes.Clone(v[headerLen:])
		if val == nil {
			val = []byte{}
		}
		items = append(items, store.Item{Key: string(k), Value: val, Expires: expiry(v)})
	}
	return items
}

// liveBuckets returns the names of the buckets of kv that hold a live key.
func liveBuckets(kv *bolt.Bucket, now time.Time) ([]string, error) {
	var names []string
	err := kv.ForEachBucket(func(name []byte) error {
		c := kv.Bucket(name).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if live(v, now) {
				names = append(names, string(name))
				return nil
			}
		}
		return nil
	})
	return names, err
}

// lastSeqKey returns the largest key of b that looks like an Append key
// (20 decimal digits), if the largest key in the digit range is one.
func lastSeqKey(b *bolt.Bucket) (uint64, bool) {
	c := b.Cursor()
	// ':' sorts right after '9', so the key before it is the largest one
	// that starts with up to twenty nines.
	k, _ := c.Seek([]byte("99999999999999999999:"))
	if k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	if len(k) != 20 {
		return 0, false
	}
	n, err := strconv.ParseUint(string(k), 10, 64)
	return n, err == nil
}

func check(ctx context.Context, bucket, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if bucket == "" || key == "" {
		return fmt.Errorf("boltstore: empty bucket or key (%q, %q)", bucket, key)
	}
	if strings.IndexByte(bucket, 0) >= 0 || strings.IndexByte(key, 0) >= 0 {
		return fmt.Errorf("boltstore: NUL in bucket or key (%q, %q)", bucket, key)
	}
	return nil
}

func encode(value []byte, exp time.Time) []byte {
	rec := make([]byte, headerLen+len(value))
	rec[0] = recordVersion
	if !exp.IsZero() {
		binary.BigEndian.PutUint64(rec[1:headerLen], uint64(exp.UnixNano()))
	}
	copy(rec[headerLen:], value)
	return rec
}

func expiry(rec []byte) time.Time {
	n := int64(binary.BigEndian.Uint64(rec[1:headerLen]))
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// live reports whether a stored record has not expired at now. A key
// expires at the instant its expiry is reached.
func live(rec []byte, now time.Time) bool {
	if len(rec) < headerLen {
		return false
	}
	exp := expiry(rec)
	return exp.IsZero() || now.Before(exp)
}

// Txn implements store.KV with one bbolt write transaction: fn runs while
// this process holds the file's only writer, so it never conflicts, and the
// commit is one fsync. Like every write, it may join a batch, and then run
// again if another function of the batch fails.
func (d *DB) Txn(ctx context.Context, fn func(tx store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := d.write(func(btx *bolt.Tx) error {
		t := &txn{ctx: ctx, tx: btx, kv: btx.Bucket(kvBucket), now: d.clock.Now()}
		err := fn(t)
		t.done = true
		if err != nil {
			return &fnError{err}
		}
		return nil
	})
	var fe *fnError
	if errors.As(err, &fe) {
		return fe.err
	}
	if err != nil {
		return fmt.Errorf("boltstore: transaction: %w", err)
	}
	return nil
}

// txn is store.Tx over a bbolt write transaction, which sees its own writes.
type txn struct {
	ctx  context.Context
	tx   *bolt.Tx
	kv   *bolt.Bucket
	now  time.Time
	done bool
}

func (t *txn) check(bucket, key string) error {
	if t.done {
		return errors.New("boltstore: use of a finished transaction")
	}
	return check(t.ctx, bucket, key)
}

func (t *txn) Get(bucket, key string) ([]byte, error) {
	if err := t.check(bucket, key); err != nil {
		return nil, err
	}
	b := t.kv.Bucket([]byte(bucket))
	if b == nil {
		return nil, fmt.Errorf("boltstore: get %s/%s: %w", bucket, key, store.ErrNotFound)
	}
	v := b.Get([]byte(key))
	if v == nil || !live(v, t.now) {
		return nil, fmt.Errorf("boltstore: get %s/%s: %w", bucket, key, store.ErrNotFound)
	}
	out := bytes.Clone(v[headerLen:])
	if out == nil {
		out = []byte{}
	}
	return out, nil
}

func (t *txn) Put(bucket, key string, value []byte) error {
	if err := t.check(bucket, key); err != nil {
		return err
	}
	b, err := t.kv.CreateBucketIfNotExists([]byte(bucket))
	if err != nil {
		return fmt.Errorf("boltstore: put %s/%s: %w", bucket, key, err)
	}
	if err := b.Put([]byte(key), encode(value, time.Time{})); err != nil {
		return fmt.Errorf("boltstore: put %s/%s: %w", bucket, key, err)
	}
	return nil
}

func (t *txn) Delete(bucket, key string) error {
	if err := t.check(bucket, key); err != nil {
		return err
	}
	b := t.kv.Bucket([]byte(bucket))
	if b == nil {
		return nil
	}
	if err := b.Delete([]byte(key)); err != nil {
		return fmt.Errorf("boltstore: delete %s/%s: %w", bucket, key, err)
	}
	return nil
}

func (t *txn) Create(bucket, key string, value []byte, ttl time.Duration) (bool, error) {
	if err := t.check(bucket, key); err != nil {
		return false, err
	}
	if ttl < 0 {
		return false, fmt.Errorf("boltstore: create %s/%s: negative ttl %v", bucket, key, ttl)
	}
	b, err := t.kv.CreateBucketIfNotExists([]byte(bucket))
	if err != nil {
		return false, fmt.Errorf("boltstore: create %s/%s: %w", bucket, key, err)
	}
	if v := b.Get([]byte(key)); v != nil && live(v, t.now) {
		return false, nil
	}
	var exp time.Time
	if ttl > 0 {
		exp = t.now.Add(ttl)
	}
	if err := b.Put([]byte(key), encode(value, exp)); err != nil {
		return false, fmt.Errorf("boltstore: create %s/%s: %w", bucket, key, err)
	}
	return true, nil
}

func (t *txn) List(bucket, prefix string) ([]store.Item, error) {
	if err := t.check(bucket, "-"); err != nil {
		return nil, err
	}
	return listBucket(t.kv.Bucket([]byte(bucket)), prefix, t.now), nil
}

func (t *txn) Buckets() ([]string, error) {
	if err := t.check("-", "-"); err != nil {
		return nil, err
	}
	return liveBuckets(t.kv, t.now)
}

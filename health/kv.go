package health

import (
	"context"
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
)

// KV is a store.KV that times every operation and tells a Store tracker
// whether the store answered.
type KV struct {
	store.KV
	st      *Store
	clock   clock.Clock
	latency *prometheus.HistogramVec
	errs    *prometheus.CounterVec
}

// WatchKV wraps kv: each operation's latency goes to
// thiduabot_store_operation_seconds{op}, each failure to reach the store to
// thiduabot_store_errors_total{op} and to st. "Not found", a caller's
// cancellation and an Update function's own error are answers, not failures.
// reg may be nil (no metrics); st may be nil.
func WatchKV(kv store.KV, st *Store, reg prometheus.Registerer, clk clock.Clock) *KV {
	if clk == nil {
		clk = clock.Real{}
	}
	w := &KV{KV: kv, st: st, clock: clk,
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "thiduabot_store_operation_seconds",
			Help:    "Latency of store operations, failures included.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"op"}),
		errs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "thiduabot_store_errors_total",
			Help: "Store operations that failed because the store could not be reached or failed.",
		}, []string{"op"}),
	}
	if reg != nil {
		reg.MustRegister(w.latency, w.errs)
	}
	return w
}

func (w *KV) observe(op string, start time.Time, ctx context.Context, err error) {
	w.latency.WithLabelValues(op).Observe(w.clock.Now().Sub(start).Seconds())
	if err != nil && (errors.Is(err, store.ErrNotFound) || (errors.Is(err, context.Canceled) && ctx.Err() != nil)) {
		err = nil
	}
	if err != nil {
		w.errs.WithLabelValues(op).Inc()
	}
	if w.st != nil && (err != nil || ctx.Err() == nil) {
		w.st.Observe(err)
	}
}

// Get implements store.KV.
func (w *KV) Get(ctx context.Context, bucket, key string) ([]byte, error) {
	start := w.clock.Now()
	v, err := w.KV.Get(ctx, bucket, key)
	w.observe("get", start, ctx, err)
	return v, err
}

// CreateAll implements store.KV.
func (w *KV) CreateAll(ctx context.Context, ttl time.Duration, entries ...store.Entry) (bool, error) {
	start := w.clock.Now()
	ok, err := w.KV.CreateAll(ctx, ttl, entries...)
	w.observe("create_all", start, ctx, err)
	return ok, err
}

// Replace implements store.KV.
func (w *KV) Replace(ctx context.Context, bucket, key string, value []byte) (bool, error) {
	start := w.clock.Now()
	ok, err := w.KV.Replace(ctx, bucket, key, value)
	w.observe("replace", start, ctx, err)
	return ok, err
}

// Put implements store.KV.
func (w *KV) Put(ctx context.Context, bucket, key string, value []byte) error {
	start := w.clock.Now()
	err := w.KV.Put(ctx, bucket, key, value)
	w.observe("put", start, ctx, err)
	return err
}

// Delete implements store.KV.
func (w *KV) Delete(ctx context.Context, bucket, key string) error {
	start := w.clock.Now()
	err := w.KV.Delete(ctx, bucket, key)
	w.observe("delete", start, ctx, err)
	return err
}

// Create implements store.KV.
func (w *KV) Create(ctx context.Context, bucket, key string, value []byte, ttl time.Duration) (bool, error) {
	start := w.clock.Now()
	ok, err := w.KV.Create(ctx, bucket, key, value, ttl)
	w.observe("create", start, ctx, err)
	return ok, err
}

// Update implements store.KV.
func (w *KV) Update(ctx context.Context, bucket, key string, fn func(old []byte, exists bool) ([]byte, error)) error {
	start := w.clock.Now()
	var fnErr error
	err := w.KV.Update(ctx, bucket, key, func(old []byte, exists bool) ([]byte, error) {
		v, err := fn(old, exists)
		fnErr = err
		return v, err
	})
	if err != nil && fnErr != nil && errors.Is(err, fnErr) {
		// The caller's own refusal: the store answered.
		w.observe("update", start, ctx, nil)
		return err
	}
	w.observe("update", start, ctx, err)
	return err
}

// List implements store.KV.
func (w *KV) List(ctx context.Context, bucket, prefix string) ([]store.Item, error) {
	start := w.clock.Now()
	items, err := w.KV.List(ctx, bucket, prefix)
	w.observe("list", start, ctx, err)
	return items, err
}

// Append implements store.KV.
func (w *KV) Append(ctx context.Context, bucket string, value []byte) (string, error) {
	start := w.clock.Now()
	key, err := w.KV.Append(ctx, bucket, value)
	w.observe("append", start, ctx, err)
	return key, err
}

// Buckets implements store.KV.
func (w *KV) Buckets(ctx context.Context) ([]string, error) {
	start := w.clock.Now()
	bs, err := w.KV.Buckets(ctx)
	w.observe("buckets", start, ctx, err)
	return bs, err
}

// Unwrap returns the store w instruments (see store.LeaserOf).
func (w *KV) Unwrap() store.KV { return w.KV }

// Txn implements store.KV. An error fn returns of its own (not one a
// transaction operation gave it) is the caller's refusal, an answer as with
// Update; a failed operation or commit is a failure of the store.
func (w *KV) Txn(ctx context.Context, fn func(tx store.Tx) error) error {
	start := w.clock.Now()
	var fnErr, opErr error
	err := w.KV.Txn(ctx, func(tx store.Tx) error {
		opErr = nil
		fnErr = fn(&watchedTx{Tx: tx, err: &opErr})
		return fnErr
	})
	switch {
	case err == nil:
		w.observe("txn", start, ctx, nil)
	case fnErr != nil && errors.Is(err, fnErr) && opErr == nil:
		w.observe("txn", start, ctx, nil)
	case opErr != nil:
		w.observe("txn", start, ctx, opErr)
	default:
		w.observe("txn", start, ctx, err)
	}
	return err
}

// watchedTx notes the last failure of an operation inside a transaction.
type watchedTx struct {
	store.Tx
	err *error
}

func (t *watchedTx) note(err error) error {
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		*t.err = err
	}
	return err
}

func (t *watchedTx) Get(bucket, key string) ([]byte, error) {
	v, err := t.Tx.Get(bucket, key)
	return v, t.note(err)
}

func (t *watchedTx) Put(bucket, key string, value []byte) error {
	return t.note(t.Tx.Put(bucket, key, value))
}

func (t *watchedTx) Delete(bucket, key string) error { return t.note(t.Tx.Delete(bucket, key)) }

func (t *watchedTx) Create(bucket, key string, value []byte, ttl time.Duration) (bool, error) {
	ok, err := t.Tx.Create(bucket, key, value, ttl)
	return ok, t.note(err)
}

func (t *watchedTx) List(bucket, prefix string) ([]store.Item, error) {
	items, err := t.Tx.List(bucket, prefix)
	return items, t.note(err)
}

func (t *watchedTx) Buckets() ([]string, error) {
	names, err := t.Tx.Buckets()
	return names, t.note(err)
}

//go:build faultswitch

// The fault harness (internal/faulttest) builds thiduabot with -tags
// faultswitch to reach into the process from outside: a shifted clock, a
// crash right after a chosen write, and switches that break one invariant on
// purpose so that a test can prove the harness catches it. None of this is
// compiled into a normal build.

package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
)

// processClock honours THIDUA_FAULT_NOW (RFC 3339): the process starts at
// that time and its clock runs at wall speed from there, so that a restart
// can land on a reminder's exact minute or jump days ahead.
func processClock(getenv func(string) string) clock.Clock {
	s := getenv("THIDUA_FAULT_NOW")
	if s == "" {
		return clock.Real{}
	}
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		fmt.Fprintf(os.Stderr, "thiduabot: THIDUA_FAULT_NOW %q: %v\n", s, err)
		os.Exit(2)
	}
	return shiftedClock{offset: time.Until(at)}
}

type shiftedClock struct{ offset time.Duration }

func (c shiftedClock) Now() time.Time                         { return time.Now().Add(c.offset) }
func (c shiftedClock) After(d time.Duration) <-chan time.Time { return afterShifted(c.offset, d) }

func afterShifted(offset, d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	go func() { ch <- (<-time.After(d)).Add(offset) }()
	return ch
}

// faultStore wraps kv as the environment asks:
//
//	THIDUA_FAULT_CRASH=op:bucket/keyprefix,...  kill -9 this process right after
//	                    such a write succeeds (op: put, update, delete, create)
//	THIDUA_FAULT_CRASH_P=0.2   the chance of crashing at each such write (default 1)
//	THIDUA_FAULT_SEED=N        seeds that chance
//	THIDUA_FAULT_SWITCH=name   breaks one invariant on purpose (see switches)
//	THIDUA_FAULT_TRACE=1       logs "fault: update … handled twice" when an
//	                           update is marked handled that already was
func faultStore(kv store.KV, getenv func(string) string) store.KV {
	f := &faultKV{KV: kv, volatile: map[string][]byte{}, trace: getenv("THIDUA_FAULT_TRACE") == "1"}
	for _, spec := range strings.Split(getenv("THIDUA_FAULT_CRASH"), ",") {
		if op, where, ok := strings.Cut(strings.TrimSpace(spec), ":"); ok {
			f.crash = append(f.crash, point{op, where})
		}
	}
	f.p = 1
	if s := getenv("THIDUA_FAULT_CRASH_P"); s != "" {
		f.p, _ = strconv.ParseFloat(s, 64)
	}
	seed, _ := strconv.ParseUint(getenv("THIDUA_FAULT_SEED"), 10, 64)
	f.rng = rand.New(rand.NewPCG(seed, seed^0x5eed))
	if name := getenv("THIDUA_FAULT_SWITCH"); name != "" {
		sw, ok := switches[name]
		if !ok {
			fmt.Fprintf(os.Stderr, "thiduabot: THIDUA_FAULT_SWITCH %q unknown\n", name)
			os.Exit(2)
		}
		f.sw = sw
	}
	if len(f.crash) == 0 && f.sw == (faultSwitch{}) && !f.trace {
		return kv
	}
	if l, ok := store.LeaserOf(kv); ok && f.sw.noChatLease {
		return noChatLease{faultKV: f, l: l}
	}
	return f
}

// faultSwitch breaks one invariant of the harness on purpose.
type faultSwitch struct {
	volatile point  // writes under it live in this process's memory only
	drop     point  // writes under it are silently not made
	noDedupe string // Create in this bucket always claims
	// noChatLease grants every chat lease at once (shared store only).
	noChatLease bool
}

var switches = map[string]faultSwitch{
	// The receipt is sent while the report lives only in memory: an
	// acknowledged submission is lost at the next crash.
	"ack-before-write": {volatile: point{"*", "submissions/report/"}},
	// The receipt record is never kept: a confirmation replayed after a
	// crash between the store write and the reply finds nothing to repeat.
	"drop-receipt": {drop: point{"put", "submissions/receipt/"}},
	// Reminder claims always succeed: a restart in a reminder's minute
	// sends it again.
	"reminder-nodedupe": {noDedupe: "reminder_claims"},
	// Drafts live in memory only: a conversation interrupted by a crash
	// cannot be continued with /baocao.
	"volatile-drafts": {volatile: point{"*", "submissions/draft/"}},
	// Replicas do not wait for one another on a chat: two of them may
	// handle one chat's updates at once, out of order, or one update twice.
	"replica-nolease": {noChatLease: true},
}

// noChatLease is the store of the replica-nolease switch: every chat lease
// is granted at once; the other leases are the store's.
type noChatLease struct {
	*faultKV
	l store.Leaser
}

func (n noChatLease) Lease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	if strings.HasPrefix(name, "chat:") {
		return true, nil
	}
	return n.l.Lease(ctx, name, owner, ttl)
}

// LeaseKeys grants a chat lease at once and lists the keys as the store's
// would.
func (n noChatLease) LeaseKeys(ctx context.Context, name, owner string, ttl time.Duration, bucket, prefix string) (bool, []string, error) {
	if !strings.HasPrefix(name, "chat:") {
		return n.l.LeaseKeys(ctx, name, owner, ttl, bucket, prefix)
	}
	items, err := n.List(ctx, bucket, prefix)
	if err != nil {
		return false, nil, err
	}
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = it.Key
	}
	return true, keys, nil
}

var _ store.Leaser = noChatLease{}

func (n noChatLease) Release(ctx context.Context, name, owner string) error {
	if strings.HasPrefix(name, "chat:") {
		return nil
	}
	return n.l.Release(ctx, name, owner)
}

func (n noChatLease) Holder(ctx context.Context, name string) (string, error) {
	return n.l.Holder(ctx, name)
}

type point struct{ op, where string }

func (p point) matches(op, bucket, key string) bool {
	return p.where != "" && (p.op == "*" || p.op == op) && strings.HasPrefix(bucket+"/"+key, p.where)
}

type faultKV struct {
	store.KV
	crash []point
	p     float64
	sw    faultSwitch
	trace bool

	mu       sync.Mutex
	rng      *rand.Rand
	volatile map[string][]byte
}

// wrote crashes the process after a successful write at a crash point.
func (f *faultKV) wrote(op, bucket, key string, err error) error {
	if err != nil {
		return err
	}
	for _, c := range f.crash {
		if !c.matches(op, bucket, key) {
			continue
		}
		f.mu.Lock()
		hit := f.rng.Float64() < f.p
		f.mu.Unlock()
		if hit {
			fmt.Fprintf(os.Stderr, "thiduabot: fault: crash after %s %s/%s\n", op, bucket, key)
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // the signal arrives
		}
	}
	return nil
}

func (f *faultKV) Get(ctx context.Context, bucket, key string) ([]byte, error) {
	if f.sw.volatile.matches("get", bucket, key) || f.sw.volatile.matches("*", bucket, key) {
		f.mu.Lock()
		v, ok := f.volatile[bucket+"/"+key]
		f.mu.Unlock()
		if !ok {
			return nil, store.ErrNotFound
		}
		return append([]byte(nil), v...), nil
	}
	return f.KV.Get(ctx, bucket, key)
}

func (f *faultKV) Put(ctx context.Context, bucket, key string, value []byte) error {
	switch {
	case f.sw.drop.matches("put", bucket, key):
		return nil
	case f.sw.volatile.matches("put", bucket, key):
		f.mu.Lock()
		f.volatile[bucket+"/"+key] = append([]byte(nil), value...)
		f.mu.Unlock()
		return f.wrote("put", bucket, key, nil)
	}
	return f.wrote("put", bucket, key, f.KV.Put(ctx, bucket, key, value))
}

func (f *faultKV) Delete(ctx context.Context, bucket, key string) error {
	if f.sw.volatile.matches("delete", bucket, key) {
		f.mu.Lock()
		delete(f.volatile, bucket+"/"+key)
		f.mu.Unlock()
		return f.wrote("delete", bucket, key, nil)
	}
	return f.wrote("delete", bucket, key, f.KV.Delete(ctx, bucket, key))
}

func (f *faultKV) Create(ctx context.Context, bucket, key string, value []byte, ttl time.Duration) (bool, error) {
	if f.sw.noDedupe == bucket {
		return true, f.wrote("create", bucket, key, f.KV.Put(ctx, bucket, key, value))
	}
	ok, err := f.KV.Create(ctx, bucket, key, value, ttl)
	if !ok {
		return ok, err // nothing was written
	}
	return ok, f.wrote("create", bucket, key, err)
}

func (f *faultKV) Update(ctx context.Context, bucket, key string, fn func(old []byte, exists bool) ([]byte, error)) error {
	if f.sw.volatile.matches("update", bucket, key) {
		f.mu.Lock()
		defer f.mu.Unlock()
		old, ok := f.volatile[bucket+"/"+key]
		v, err := fn(old, ok)
		if err != nil {
			return err
		}
		if v == nil {
			delete(f.volatile, bucket+"/"+key)
		} else {
			f.volatile[bucket+"/"+key] = v
		}
		return nil
	}
	return f.wrote("update", bucket, key, f.KV.Update(ctx, bucket, key, fn))
}

// Replace traces the done marks of updates: with THIDUA_FAULT_TRACE=1 the
// mark is made through Update, which sees the old value, and an update
// marked handled that already was is logged.
func (f *faultKV) Replace(ctx context.Context, bucket, key string, value []byte) (bool, error) {
	if !f.trace || bucket != "tg_updates" || string(value) != "done" {
		return f.KV.Replace(ctx, bucket, key, value)
	}
	var replaced, again bool
	err := f.KV.Update(ctx, bucket, key, func(old []byte, exists bool) ([]byte, error) {
		replaced, again = exists, exists && string(old) == "done"
		if !exists {
			return nil, nil // expired: Replace writes nothing
		}
		return value, nil
	})
	if err == nil && again {
		fmt.Fprintf(os.Stderr, "thiduabot: fault: update %s handled twice (it was already marked handled)\n", key)
	}
	return replaced && err == nil, err
}

// Txn applies the crash points and switches to a transaction's writes: a
// crash comes after the commit, volatile writes reach memory only once it
// has committed, dropped writes are never made.
func (f *faultKV) Txn(ctx context.Context, fn func(tx store.Tx) error) error {
	var t *faultTx
	err := f.KV.Txn(ctx, func(tx store.Tx) error {
		t = &faultTx{Tx: tx, f: f, pending: map[string][]byte{}}
		return fn(t)
	})
	if err != nil || t == nil {
		return err
	}
	f.mu.Lock()
	for k, v := range t.pending {
		if v == nil {
			delete(f.volatile, k)
		} else {
			f.volatile[k] = v
		}
	}
	f.mu.Unlock()
	for _, w := range t.writes {
		if err := f.wrote(w.op, w.bucket, w.key, nil); err != nil {
			return err
		}
	}
	return nil
}

type write struct{ op, bucket, key string }

type faultTx struct {
	store.Tx
	f       *faultKV
	pending map[string][]byte // volatile writes of this run (nil: deleted)
	writes  []write
}

func (t *faultTx) Get(bucket, key string) ([]byte, error) {
	if t.f.sw.volatile.matches("get", bucket, key) {
		if v, ok := t.pending[bucket+"/"+key]; ok {
			if v == nil {
				return nil, store.ErrNotFound
			}
			return append([]byte(nil), v...), nil
		}
		t.f.mu.Lock()
		v, ok := t.f.volatile[bucket+"/"+key]
		t.f.mu.Unlock()
		if !ok {
			return nil, store.ErrNotFound
		}
		return append([]byte(nil), v...), nil
	}
	return t.Tx.Get(bucket, key)
}

func (t *faultTx) Put(bucket, key string, value []byte) error {
	t.writes = append(t.writes, write{"put", bucket, key})
	switch {
	case t.f.sw.drop.matches("put", bucket, key):
		return nil
	case t.f.sw.volatile.matches("put", bucket, key):
		t.pending[bucket+"/"+key] = append([]byte(nil), value...)
		return nil
	}
	return t.Tx.Put(bucket, key, value)
}

func (t *faultTx) Delete(bucket, key string) error {
	t.writes = append(t.writes, write{"delete", bucket, key})
	if t.f.sw.volatile.matches("delete", bucket, key) {
		t.pending[bucket+"/"+key] = nil
		return nil
	}
	return t.Tx.Delete(bucket, key)
}

func (t *faultTx) Create(bucket, key string, value []byte, ttl time.Duration) (bool, error) {
	if t.f.sw.noDedupe == bucket {
		t.writes = append(t.writes, write{"create", bucket, key})
		return true, t.Tx.Put(bucket, key, value)
	}
	ok, err := t.Tx.Create(bucket, key, value, ttl)
	if ok {
		t.writes = append(t.writes, write{"create", bucket, key})
	}
	return ok, err
}

// Unwrap lets store.LeaserOf and store.LimiterOf find the Redis store's
// leases and rate windows under the wrapper, as in a normal build.
func (f *faultKV) Unwrap() store.KV { return f.KV }

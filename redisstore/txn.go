package redisstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/thiduabot/thiduabot/store"
)

// Txn implements store.KV with optimistic locking across processes: every
// key fn reads is WATCHed before it is read (a List watches the bucket's
// index and each listed value, Buckets the bucket set), fn's writes are kept
// in the transaction, and they are applied in one MULTI/EXEC that Redis
// refuses if any watched key changed meanwhile; then fn runs again, after a
// short random pause once conflicts repeat. A transaction whose fn fails is
// checked the same way (an empty MULTI/EXEC), so an error decided on a view
// that changed is retried rather than returned. Every key is in the one
// hash slot, so this works on a Redis Cluster too.
func (d *DB) Txn(ctx context.Context, fn func(tx store.Tx) error) error {
	tries := min(d.maxTries, txMaxTries)
	for attempt := range tries {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("redisstore: transaction: %w", err)
		}
		if attempt >= 3 {
			pause := time.Duration(rand.Int64N(int64(min(attempt, 20)) * int64(time.Millisecond)))
			select {
			case <-time.After(pause):
			case <-ctx.Done():
				return fmt.Errorf("redisstore: transaction: %w", ctx.Err())
			}
		}
		var fnErr error
		err := d.watch(ctx, func(rtx *redis.Tx) error {
			t := &txn{d: d, ctx: ctx, rtx: rtx, writes: map[string]*write{}}
			fnErr = fn(t)
			t.done = true
			if fnErr != nil {
				if err := t.exec(true); errors.Is(err, redis.TxFailedErr) {
					return err
				}
				return nil // fn's own error stands
			}
			return t.exec(false)
		}, d.bucketsKey()+":txn") // a Cluster needs a key to WATCH; this one is never written
		switch {
		case errors.Is(err, redis.TxFailedErr):
			continue
		case err != nil:
			return fmt.Errorf("redisstore: transaction: %w", err)
		case fnErr != nil:
			return fnErr
		}
		return nil
	}
	return fmt.Errorf("redisstore: transaction: %w after %d attempts", store.ErrConflict, tries)
}

// txMaxTries bounds the attempts of one transaction. Each conflict means
// another writer committed, so contention among n writers costs a writer at
// most about n attempts; the bound turns a livelock bug into an error.
const txMaxTries = 1000

// write is one change a transaction will make: del, or set value with a ttl (0: none).
type write struct {
	bucket, key string
	del         bool
	value       []byte
	ttl         time.Duration
	at          time.Time // when the ttl started
}

type txn struct {
	d      *DB
	ctx    context.Context
	rtx    *redis.Tx
	writes map[string]*write // by bucket + NUL + key
	order  []string
	done   bool
}

func wkey(bucket, key string) string { return bucket + "\x00" + key }

func (t *txn) check(bucket, key string) error {
	if t.done {
		return errors.New("redisstore: use of a finished transaction")
	}
	return check(t.ctx, bucket, key)
}

// exec applies the writes (none when onlyCheck) in MULTI/EXEC, which fails
// with redis.TxFailedErr if a watched key changed.
func (t *txn) exec(onlyCheck bool) error {
	_, err := t.rtx.TxPipelined(t.ctx, func(p redis.Pipeliner) error {
		p.Echo(t.ctx, "txn") // an empty MULTI/EXEC would not be sent
		if onlyCheck {
			return nil
		}
		for _, wk := range t.order {
			w := t.writes[wk]
			dk, ik := t.d.dataKey(w.bucket, w.key), t.d.indexKey(w.bucket)
			if w.del {
				p.Del(t.ctx, dk)
				p.ZRem(t.ctx, ik, w.key)
				continue
			}
			ttl := w.ttl
			if ttl > 0 {
				// The TTL counts from the Create inside fn; never turn it into "forever".
				ttl = max(time.Millisecond, w.at.Add(w.ttl).Sub(t.d.clock.Now()))
			}
			p.Set(t.ctx, dk, w.value, ttl)
			p.ZAdd(t.ctx, ik, redis.Z{Member: w.key})
			p.SAdd(t.ctx, t.d.bucketsKey(), w.bucket)
		}
		return nil
	})
	return err
}

func (t *txn) put(w *write) {
	k := wkey(w.bucket, w.key)
	if _, ok := t.writes[k]; !ok {
		t.order = append(t.order, k)
	}
	t.writes[k] = w
}

// own returns the transaction's own write of key, if any.
func (t *txn) own(bucket, key string) (*write, bool) {
	w, ok := t.writes[wkey(bucket, key)]
	return w, ok
}

// read watches and reads the value of key as the store has it.
func (t *txn) read(bucket, key string) ([]byte, bool, error) {
	dk := t.d.dataKey(bucket, key)
	var get *redis.StringCmd
	_, err := t.rtx.Pipelined(t.ctx, func(p redis.Pipeliner) error {
		p.Do(t.ctx, "WATCH", dk)
		get = p.Get(t.ctx, dk)
		return nil
	})
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	v, err := get.Bytes()
	if err != nil {
		return nil, false, err
	}
	return v, true, nil
}

func (t *txn) Get(bucket, key string) ([]byte, error) {
	if err := t.check(bucket, key); err != nil {
		return nil, err
	}
	if w, ok := t.own(bucket, key); ok {
		if w.del {
			return nil, fmt.Errorf("redisstore: get %s/%s: %w", bucket, key, store.ErrNotFound)
		}
		return slices.Clone(w.value), nil
	}
	v, ok, err := t.read(bucket, key)
	if err != nil {
		return nil, fmt.Errorf("redisstore: get %s/%s: %w", bucket, key, err)
	}
	if !ok {
		return nil, fmt.Errorf("redisstore: get %s/%s: %w", bucket, key, store.ErrNotFound)
	}
	return v, nil
}

func (t *txn) Put(bucket, key string, value []byte) error {
	if err := t.check(bucket, key); err != nil {
		return err
	}
	t.put(&write{bucket: bucket, key: key, value: slices.Clone(value)})
	return nil
}

func (t *txn) Delete(bucket, key string) error {
	if err := t.check(bucket, key); err != nil {
		return err
	}
	t.put(&write{bucket: bucket, key: key, del: true})
	return nil
}

func (t *txn) Create(bucket, key string, value []byte, ttl time.Duration) (bool, error) {
	if err := t.check(bucket, key); err != nil {
		return false, err
	}
	if ttl < 0 {
		return false, fmt.Errorf("redisstore: create %s/%s: negative ttl %v", bucket, key, ttl)
	}
	if w, ok := t.own(bucket, key); ok {
		if !w.del {
			return false, nil
		}
	} else {
		_, exists, err := t.read(bucket, key)
		if err != nil {
			return false, fmt.Errorf("redisstore: create %s/%s: %w", bucket, key, err)
		}
		if exists {
			return false, nil
		}
	}
	t.put(&write{bucket: bucket, key: key, value: slices.Clone(value), ttl: ttl, at: t.d.clock.Now()})
	return true, nil
}

func (t *txn) List(bucket, prefix string) ([]store.Item, error) {
	if err := t.check(bucket, "-"); err != nil {
		return nil, err
	}
	items, err := t.list(bucket, prefix)
	if err != nil {
		return nil, fmt.Errorf("redisstore: list %s/%s: %w", bucket, prefix, err)
	}
	return items, nil
}

func (t *txn) list(bucket, prefix string) ([]store.Item, error) {
	ik := t.d.indexKey(bucket)
	lo, hi := prefixRange(prefix)
	var rng *redis.StringSliceCmd
	if _, err := t.rtx.Pipelined(t.ctx, func(p redis.Pipeliner) error {
		p.Do(t.ctx, "WATCH", ik)
		rng = p.ZRangeByLex(t.ctx, ik, &redis.ZRangeBy{Min: lo, Max: hi})
		return nil
	}); err != nil {
		return nil, err
	}
	members := rng.Val()
	seen := make(map[string]store.Item, len(members))
	for start := 0; start < len(members); start += listChunk {
		chunk := members[start:min(start+listChunk, len(members))]
		gets := make([]*redis.StringCmd, len(chunk))
		ttls := make([]*redis.DurationCmd, len(chunk))
		_, err := t.rtx.Pipelined(t.ctx, func(p redis.Pipeliner) error {
			args := []any{"WATCH"}
			for _, m := range chunk {
				args = append(args, t.d.dataKey(bucket, m))
			}
			p.Do(t.ctx, args...)
			for i, m := range chunk {
				gets[i] = p.Get(t.ctx, t.d.dataKey(bucket, m))
				ttls[i] = p.PTTL(t.ctx, t.d.dataKey(bucket, m))
			}
			return nil
		})
		if err != nil && !errors.Is(err, redis.Nil) {
			return nil, err
		}
		now := t.d.clock.Now()
		for i, m := range chunk {
			v, err := gets[i].Bytes()
			if errors.Is(err, redis.Nil) {
				continue // expired; a plain List prunes the index
			}
			if err != nil {
				return nil, err
			}
			it := store.Item{Key: m, Value: v}
			switch ttl := ttls[i].Val(); {
			case ttl == -2:
				continue
			case ttl > 0:
				it.Expires = now.Add(ttl)
			}
			seen[m] = it
		}
	}
	for _, wk := range t.order {
		w := t.writes[wk]
		if w.bucket != bucket || !strings.HasPrefix(w.key, prefix) {
			continue
		}
		if w.del {
			delete(seen, w.key)
			continue
		}
		it := store.Item{Key: w.key, Value: slices.Clone(w.value)}
		if w.ttl > 0 {
			it.Expires = w.at.Add(w.ttl)
		}
		seen[w.key] = it
	}
	out := make([]store.Item, 0, len(seen))
	for _, it := range seen {
		out = append(out, it)
	}
	slices.SortFunc(out, func(a, b store.Item) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

func (t *txn) Buckets() ([]string, error) {
	if err := t.check("-", "-"); err != nil {
		return nil, err
	}
	var names *redis.StringSliceCmd
	if _, err := t.rtx.Pipelined(t.ctx, func(p redis.Pipeliner) error {
		p.Do(t.ctx, "WATCH", t.d.bucketsKey())
		names = p.SMembers(t.ctx, t.d.bucketsKey())
		return nil
	}); err != nil {
		return nil, fmt.Errorf("redisstore: list buckets: %w", err)
	}
	all := names.Val()
	for _, wk := range t.order {
		all = append(all, t.writes[wk].bucket)
	}
	slices.Sort(all)
	all = slices.Compact(all)
	var out []string
	for _, b := range all {
		items, err := t.list(b, "")
		if err != nil {
			return nil, fmt.Errorf("redisstore: list buckets: %s: %w", b, err)
		}
		if len(items) > 0 {
			out = append(out, b)
		}
	}
	return out, nil
}

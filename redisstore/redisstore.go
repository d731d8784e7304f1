// Package redisstore is the Redis adapter: store.KV over go-redis v9's
// UniversalClient, so that a single server, Sentinel or Cluster works, and
// several bot processes can share one store safely.
//
// Layout under the key prefix P (default "thidua:"), all in one hash slot
// (the "{kv}" tag) so that transactions and scripts touching a value, its
// bucket index and the bucket set also work on Redis Cluster:
//
//	P{kv}:d:<bucket>:<key>  the value (with a PX expiry when it has a TTL)
//	P{kv}:i:<bucket>        sorted set of the bucket's keys, all with score 0,
//	                        so ZRANGEBYLEX lists a prefix in byte order
//	P{kv}:s:<bucket>        the bucket's Append sequence
//	P{kv}:buckets           set of bucket names
//	P{kv}:l:<name>          a lease (store.Leaser): its owner, with a PX expiry
//	P{kv}:r:<key>           a sliding rate window (store.Limiter): event times
//
// <bucket> escapes '%' and ':' so that bucket "a" key "b:c" and bucket
// "a:b" key "c" stay apart. Every write changes a value and its index in one
// MULTI/EXEC or Lua script (Replace only changes a value that exists, so
// its index entry exists already). Keys that expire leave a stale index
// entry, which readers skip and remove.
//
// Round trips: Get, Replace, Put, Delete, Create, CreateAll and Append are
// one each; List is one up to 256 keys (a script), then one more per 256;
// Update is two (WATCH with GET, then MULTI/EXEC); a Txn is one per read
// plus its MULTI/EXEC. On a Cluster, Update and Txn take one more: the
// client needs a key to WATCH before fn runs, to pick the node.
//
// Durability is the server's: only with "appendonly yes" and "appendfsync
// always" is every acknowledged write on disk before the reply, even across
// a power cut (CheckDurable reports otherwise). Redis 6.0 or later is needed
// (SET … KEEPTTL).
package redisstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
)

// DefaultPrefix is the key prefix used unless WithPrefix says otherwise.
const DefaultPrefix = "thidua:"

// DB is the Redis store. It implements store.KV.
type DB struct {
	c         redis.UniversalClient
	ownClient bool
	base      string // prefix + "{kv}:"
	clock     clock.Clock
	maxTries  int
	events    atomic.Int64 // Admit's event ids, with nonce
	nonce     string
}

var _ store.KV = (*DB)(nil)

// Option configures Open and New.
type Option func(*DB)

// WithPrefix sets the prefix of every key the store uses (default "thidua:").
func WithPrefix(p string) Option { return func(d *DB) { d.base = p + "{kv}:" } }

// WithClock sets the clock used to turn a key's remaining TTL into the
// Expires time that List reports. Expiry itself is decided by the server.
func WithClock(c clock.Clock) Option { return func(d *DB) { d.clock = c } }

// Open connects to the Redis named by rawURL and checks it answers.
//
//	redis://[user:pass@]host:port/db       a single server (rediss:// for TLS)
//	redis://host:port/db?addr=host2:port   a Cluster (two or more addr, or cluster=true)
//	redis://host:port/db?master_name=NAME  a Sentinel-managed master; host:port is a sentinel
//
// The query may carry go-redis options (dial_timeout, pool_size, …).
//
// Unless the URL sets max_retries, go-redis's automatic retries are off: it
// retries a command whose reply was lost, and a script that had run would
// then run twice (a doubled Append) or report its own claim as someone
// else's (a Create returning false). The caller sees the error instead.
func Open(ctx context.Context, rawURL string, opts ...Option) (*DB, error) {
	c, err := newClient(rawURL)
	if err != nil {
		return nil, fmt.Errorf("redisstore: %w", err)
	}
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		return nil, fmt.Errorf("redisstore: connect to %s: %w", redactURL(rawURL), err)
	}
	d := New(c, opts...)
	d.ownClient = true
	return d, nil
}

func newClient(rawURL string) (redis.UniversalClient, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("parse Redis URL: %w", errors.Unwrap(err))
	}
	q := u.Query()
	noRetries := !q.Has("max_retries")
	switch {
	case q.Has("master_name"):
		o, err := redis.ParseFailoverURL(rawURL)
		if err != nil {
			return nil, fmt.Errorf("parse Sentinel URL %s: %w", redactURL(rawURL), err)
		}
		if noRetries {
			o.MaxRetries = -1
		}
		return redis.NewFailoverClient(o), nil
	case q.Has("addr") || q.Get("cluster") == "true":
		q.Del("cluster")
		u.RawQuery = q.Encode()
		o, err := redis.ParseClusterURL(u.String())
		if err != nil {
			return nil, fmt.Errorf("parse Cluster URL %s: %w", redactURL(rawURL), err)
		}
		if noRetries {
			o.MaxRetries = -1
		}
		return redis.NewClusterClient(o), nil
	default:
		o, err := redis.ParseURL(rawURL)
		if err != nil {
			return nil, fmt.Errorf("parse Redis URL %s: %w", redactURL(rawURL), err)
		}
		if noRetries {
			o.MaxRetries = -1
		}
		return redis.NewClient(o), nil
	}
}

// redactURL hides the password so that the URL can go into logs and errors.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(invalid URL)"
	}
	return u.Redacted()
}

// New wraps an existing client. Close does not close a client given to New.
func New(c redis.UniversalClient, opts ...Option) *DB {
	d := &DB{c: c, base: DefaultPrefix + "{kv}:", clock: clock.Real{}, maxTries: 10000, nonce: ":" + strconv.FormatInt(rand.Int64(), 36)}
	for _, o := range opts {
		o(d)
	}
	return d
}

// watch runs fn on a connection of its own for a WATCH/MULTI/EXEC
// transaction, in which fn WATCHes what it reads (pipelined with the read,
// so that each read is one round trip). A Cluster client must be told a key
// to pick the node: slotKey, WATCHed at once (one more round trip); any key
// does, since every key of the store is in one hash slot.
func (d *DB) watch(ctx context.Context, fn func(*redis.Tx) error, slotKey string) error {
	if _, ok := d.c.(*redis.Client); ok {
		return d.c.Watch(ctx, fn)
	}
	return d.c.Watch(ctx, fn, slotKey)
}

// ErrNotDurable is returned by CheckDurable when the server may lose
// acknowledged writes in a crash.
var ErrNotDurable = errors.New("redisstore: server may lose acknowledged writes")

// CheckDurable asks the server (CONFIG GET, which managed services may
// refuse) whether it fsyncs its append-only file on every write, so that
// the caller can warn at startup.
func (d *DB) CheckDurable(ctx context.Context) error {
	cfg, err := d.c.ConfigGet(ctx, "append*").Result()
	if err != nil {
		return fmt.Errorf("redisstore: read server persistence settings: %w", err)
	}
	if cfg["appendonly"] != "yes" || cfg["appendfsync"] != "always" {
		return fmt.Errorf("%w: appendonly=%q appendfsync=%q (want yes, always)", ErrNotDurable, cfg["appendonly"], cfg["appendfsync"])
	}
	return nil
}

// Close closes the client if Open created it.
func (d *DB) Close() error {
	if d.ownClient {
		return d.c.Close()
	}
	return nil
}

func escBucket(b string) string {
	return strings.NewReplacer("%", "%25", ":", "%3A").Replace(b)
}

func (d *DB) dataPrefix(bucket string) string   { return d.base + "d:" + escBucket(bucket) + ":" }
func (d *DB) dataKey(bucket, key string) string { return d.dataPrefix(bucket) + key }
func (d *DB) indexKey(bucket string) string     { return d.base + "i:" + escBucket(bucket) }
func (d *DB) seqKey(bucket string) string       { return d.base + "s:" + escBucket(bucket) }
func (d *DB) bucketsKey() string                { return d.base + "buckets" }

func check(ctx context.Context, bucket, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if bucket == "" || key == "" {
		return fmt.Errorf("redisstore: empty bucket or key (%q, %q)", bucket, key)
	}
	if strings.IndexByte(bucket, 0) >= 0 || strings.IndexByte(key, 0) >= 0 {
		return fmt.Errorf("redisstore: NUL in bucket or key (%q, %q)", bucket, key)
	}
	return nil
}

// Get implements store.KV.
func (d *DB) Get(ctx context.Context, bucket, key string) ([]byte, error) {
	if err := check(ctx, bucket, key); err != nil {
		return nil, err
	}
	v, err := d.c.Get(ctx, d.dataKey(bucket, key)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("redisstore: get %s/%s: %w", bucket, key, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("redisstore: get %s/%s: %w", bucket, key, err)
	}
	return v, nil
}

// Put implements store.KV. It clears any expiry the key had.
func (d *DB) Put(ctx context.Context, bucket, key string, value []byte) error {
	if err := check(ctx, bucket, key); err != nil {
		return err
	}
	_, err := d.c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, d.dataKey(bucket, key), value, 0)
		p.ZAdd(ctx, d.indexKey(bucket), redis.Z{Member: key})
		p.SAdd(ctx, d.bucketsKey(), bucket)
		return nil
	})
	if err != nil {
		return fmt.Errorf("redisstore: put %s/%s: %w", bucket, key, err)
	}
	return nil
}

// Delete implements store.KV.
func (d *DB) Delete(ctx context.Context, bucket, key string) error {
	if err := check(ctx, bucket, key); err != nil {
		return err
	}
	// The bucket name and its sequence stay, so that Append never hands out
	// a key below one it gave before; Buckets skips empty buckets.
	_, err := d.c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, d.dataKey(bucket, key))
		p.ZRem(ctx, d.indexKey(bucket), key)
		return nil
	})
	if err != nil {
		return fmt.Errorf("redisstore: delete %s/%s: %w", bucket, key, err)
	}
	return nil
}

// createScript sets the value only if absent (SET NX, with PX when a TTL
// is given) and indexes it in the same atomic step.
// KEYS: data, index, buckets. ARGV: value, ttl ms (0 = none), key, bucket.
var createScript = redis.NewScript(`
local ok
if tonumber(ARGV[2]) > 0 then
  ok = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
else
  ok = redis.call('SET', KEYS[1], ARGV[1], 'NX')
end
if not ok then return 0 end
redis.call('ZADD', KEYS[2], 0, ARGV[3])
redis.call('SADD', KEYS[3], ARGV[4])
return 1
`)

// Create implements store.KV with SET NX, so that of several processes
// claiming one key exactly one wins.
func (d *DB) Create(ctx context.Context, bucket, key string, value []byte, ttl time.Duration) (bool, error) {
	if err := check(ctx, bucket, key); err != nil {
		return false, err
	}
	if ttl < 0 {
		return false, fmt.Errorf("redisstore: create %s/%s: negative ttl %v", bucket, key, ttl)
	}
	ms := ttl.Milliseconds()
	if ttl > 0 && ms == 0 {
		ms = 1 // PX has millisecond resolution; never turn a TTL into "forever"
	}
	n, err := createScript.Run(ctx, d.c,
		[]string{d.dataKey(bucket, key), d.indexKey(bucket), d.bucketsKey()},
		value, ms, key, bucket).Int()
	if err != nil {
		return false, fmt.Errorf("redisstore: create %s/%s: %w", bucket, key, err)
	}
	return n == 1, nil
}

// createAllScript sets every value, indexed, only if none exists, in one
// atomic step. KEYS: buckets, then data and index per entry. ARGV: ttl ms
// (0 = none), then value, key and bucket per entry.
var createAllScript = redis.NewScript(`
local n = (#KEYS - 1) / 2
for i = 1, n do
  if redis.call('EXISTS', KEYS[2*i]) == 1 then return 0 end
end
local ttl = tonumber(ARGV[1])
for i = 1, n do
  if ttl > 0 then
    redis.call('SET', KEYS[2*i], ARGV[3*i-1], 'PX', ttl)
  else
    redis.call('SET', KEYS[2*i], ARGV[3*i-1])
  end
  redis.call('ZADD', KEYS[2*i+1], 0, ARGV[3*i])
  redis.call('SADD', KEYS[1], ARGV[3*i+1])
end
return 1
`)

// CreateAll implements store.KV in one script call (one round trip).
func (d *DB) CreateAll(ctx context.Context, ttl time.Duration, entries ...store.Entry) (bool, error) {
	for _, e := range entries {
		if err := check(ctx, e.Bucket, e.Key); err != nil {
			return false, err
		}
	}
	if ttl < 0 {
		return false, fmt.Errorf("redisstore: create all: negative ttl %v", ttl)
	}
	if len(entries) == 0 {
		return true, nil
	}
	ms := ttl.Milliseconds()
	if ttl > 0 && ms == 0 {
		ms = 1
	}
	keys := []string{d.bucketsKey()}
	args := []any{ms}
	for _, e := range entries {
		keys = append(keys, d.dataKey(e.Bucket, e.Key), d.indexKey(e.Bucket))
		args = append(args, e.Value, e.Key, e.Bucket)
	}
	n, err := createAllScript.Run(ctx, d.c, keys, args...).Int()
	if err != nil {
		return false, fmt.Errorf("redisstore: create %s/%s and %d more: %w", entries[0].Bucket, entries[0].Key, len(entries)-1, err)
	}
	return n == 1, nil
}

// Replace implements store.KV with SET XX KEEPTTL (one round trip): a key
// that exists is already in its bucket's index.
func (d *DB) Replace(ctx context.Context, bucket, key string, value []byte) (bool, error) {
	if err := check(ctx, bucket, key); err != nil {
		return false, err
	}
	err := d.c.SetArgs(ctx, d.dataKey(bucket, key), value, redis.SetArgs{Mode: "XX", KeepTTL: true}).Err()
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("redisstore: replace %s/%s: %w", bucket, key, err)
	}
	return true, nil
}

// Update implements store.KV with optimistic locking: WATCH the value, read
// it, and write in MULTI/EXEC, retrying when another writer got in between.
// The key keeps the expiry it had.
func (d *DB) Update(ctx context.Context, bucket, key string, fn func(old []byte, exists bool) ([]byte, error)) error {
	if err := check(ctx, bucket, key); err != nil {
		return err
	}
	dk, ik := d.dataKey(bucket, key), d.indexKey(bucket)
	var fnErr error
	txf := func(tx *redis.Tx) error {
		var get *redis.StringCmd
		_, err := tx.Pipelined(ctx, func(p redis.Pipeliner) error {
			p.Do(ctx, "WATCH", dk)
			get = p.Get(ctx, dk)
			return nil
		})
		old, exists := get.Val(), true
		if errors.Is(err, redis.Nil) {
			exists, err = false, nil
		}
		if err != nil {
			return err
		}
		var ov []byte
		if exists {
			ov = []byte(old)
		}
		nv, err := fn(ov, exists)
		if err != nil {
			fnErr = err
			_ = tx.Unwatch(ctx).Err() // the connection goes back to the pool
			return err
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			if nv == nil {
				p.Del(ctx, dk)
				p.ZRem(ctx, ik, key)
				return nil
			}
			p.SetArgs(ctx, dk, nv, redis.SetArgs{KeepTTL: true})
			p.ZAdd(ctx, ik, redis.Z{Member: key})
			p.SAdd(ctx, d.bucketsKey(), bucket)
			return nil
		})
		return err
	}
	// Each failed round means another writer committed, so the loop always
	// makes progress overall; the bound only guards against a livelock bug.
	for range d.maxTries {
		fnErr = nil
		err := d.watch(ctx, txf, dk)
		if fnErr != nil {
			return fnErr
		}
		if errors.Is(err, redis.TxFailedErr) {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("redisstore: update %s/%s: %w", bucket, key, err)
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("redisstore: update %s/%s: %w", bucket, key, err)
		}
		return nil
	}
	return fmt.Errorf("redisstore: update %s/%s: gave up after %d conflicting attempts", bucket, key, d.maxTries)
}

// appendScript takes the next number of the bucket's sequence and stores
// the value under it in one atomic step, so a crash cannot leave a value
// outside the index. Keys imported from a backup were not handed out by the
// sequence, so it first jumps past the largest 20-digit key in the index. The data key is built in the script from its prefix;
// it shares the hash slot of the declared keys.
// KEYS: sequence, index, buckets. ARGV: value, data key prefix, bucket.
var appendScript = redis.NewScript(`
local seq = redis.call('INCR', KEYS[1])
local last = redis.call('ZREVRANGEBYLEX', KEYS[2], '[99999999999999999999', '-', 'LIMIT', 0, 1)[1]
if last and #last == 20 and string.match(last, '^%d+$') and tonumber(last) >= seq then
  seq = tonumber(last) + 1
  redis.call('SET', KEYS[1], seq)
end
local member = string.format('%020d', seq)
redis.call('SET', ARGV[2] .. member, ARGV[1])
redis.call('ZADD', KEYS[2], 0, member)
redis.call('SADD', KEYS[3], ARGV[3])
return member
`)

// Append implements store.KV.
func (d *DB) Append(ctx context.Context, bucket string, value []byte) (string, error) {
	if err := check(ctx, bucket, "-"); err != nil {
		return "", err
	}
	key, err := appendScript.Run(ctx, d.c,
		[]string{d.seqKey(bucket), d.indexKey(bucket), d.bucketsKey()},
		value, d.dataPrefix(bucket), bucket).Text()
	if err != nil {
		return "", fmt.Errorf("redisstore: append %s: %w", bucket, err)
	}
	return key, nil
}

// pruneScript removes index entries whose value has gone (expired), and the
// bucket from the bucket set once its index is empty. It re-checks inside
// the script, so an entry a concurrent writer has just re-created stays.
// KEYS: index, buckets, data keys…  ARGV: bucket, members… (same order as data keys)
var pruneScript = redis.NewScript(`
for i = 3, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    redis.call('ZREM', KEYS[1], ARGV[i - 1])
  end
end
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('SREM', KEYS[2], ARGV[1])
end
return 0
`)

func (d *DB) prune(ctx context.Context, bucket string, members []string) error {
	keys := []string{d.indexKey(bucket), d.bucketsKey()}
	args := []any{bucket}
	for _, m := range members {
		keys = append(keys, d.dataKey(bucket, m))
		args = append(args, m)
	}
	return pruneScript.Run(ctx, d.c, keys, args...).Err()
}

// prefixRange returns the ZRANGEBYLEX bounds of every member that starts with prefix.
func prefixRange(prefix string) (min, max string) {
	if prefix == "" {
		return "-", "+"
	}
	// The smallest string greater than every string with this prefix:
	// drop trailing 0xff bytes, then increment the last byte.
	b := []byte(prefix)
	for len(b) > 0 && b[len(b)-1] == 0xff {
		b = b[:len(b)-1]
	}
	if len(b) == 0 {
		return "[" + prefix, "+"
	}
	b[len(b)-1]++
	return "[" + prefix, "(" + string(b)
}

const listChunk = 256

// listScript reads the first listChunk keys of a prefix with their values
// and remaining TTLs in one round trip: each key, then its value (nil when
// gone) and its PTTL. The data keys are built from their prefix; they share
// the hash slot of the index.
// KEYS: index. ARGV: min, max, data key prefix, count.
var listScript = redis.NewScript(`
local members = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], ARGV[2], 'LIMIT', 0, tonumber(ARGV[4]))
local out = {}
for _, m in ipairs(members) do
  local k = ARGV[3] .. m
  out[#out + 1] = m
  out[#out + 1] = redis.call('GET', k) or false
  out[#out + 1] = redis.call('PTTL', k)
end
return out`)

// List implements store.KV. The first listChunk keys come in one script
// call with their values and TTLs; a longer listing then reads the rest of
// the index, and the values and their TTLs in pipelined chunks. Entries
// whose value has expired are skipped and pruned from the index.
func (d *DB) List(ctx context.Context, bucket, prefix string) ([]store.Item, error) {
	if err := check(ctx, bucket, "-"); err != nil {
		return nil, err
	}
	fail := func(err error) ([]store.Item, error) {
		return nil, fmt.Errorf("redisstore: list %s/%s: %w", bucket, prefix, err)
	}
	lo, hi := prefixRange(prefix)
	first, err := listScript.Run(ctx, d.c, []string{d.indexKey(bucket)}, lo, hi, d.dataPrefix(bucket), listChunk).Slice()
	if err != nil {
		return fail(err)
	}
	var items []store.Item
	var dead []string
	now := d.clock.Now()
	keep := func(m string, v []byte, ttl time.Duration) {
		it := store.Item{Key: m, Value: v}
		switch {
		case v == nil: // gone, or expired between GET and PTTL
			dead = append(dead, m)
			return
		case ttl > 0:
			it.Expires = now.Add(ttl)
		}
		items = append(items, it)
	}
	for i := 0; i+2 < len(first); i += 3 {
		m, _ := first[i].(string)
		var v []byte
		if s, ok := first[i+1].(string); ok {
			v = []byte(s)
		}
		ttl, _ := first[i+2].(int64)
		if ttl == -2 {
			v = nil
		}
		keep(m, v, time.Duration(ttl)*time.Millisecond)
	}
	var members []string
	if n := len(first) / 3; n == listChunk {
		last, _ := first[len(first)-3].(string)
		members, err = d.c.ZRangeByLex(ctx, d.indexKey(bucket), &redis.ZRangeBy{Min: "(" + last, Max: hi}).Result()
		if err != nil {
			return fail(err)
		}
	}
	for start := 0; start < len(members); start += listChunk {
		chunk := members[start:min(start+listChunk, len(members))]
		p := d.c.Pipeline()
		gets := make([]*redis.StringCmd, len(chunk))
		ttls := make([]*redis.DurationCmd, len(chunk))
		for i, m := range chunk {
			gets[i] = p.Get(ctx, d.dataKey(bucket, m))
			ttls[i] = p.PTTL(ctx, d.dataKey(bucket, m))
		}
		_, err := p.Exec(ctx)
		if err != nil && !errors.Is(err, redis.Nil) {
			return fail(err)
		}
		now = d.clock.Now()
		for i, m := range chunk {
			v, err := gets[i].Bytes()
			if errors.Is(err, redis.Nil) {
				dead = append(dead, m)
				continue
			}
			if err != nil {
				return fail(err)
			}
			ttl := ttls[i].Val()
			if ttl == -2 {
				v = nil
			}
			keep(m, v, ttl)
		}
	}
	if len(dead) > 0 {
		if err := d.prune(ctx, bucket, dead); err != nil {
			return fail(fmt.Errorf("prune expired: %w", err))
		}
	}
	return items, nil
}

// Buckets implements store.KV. A bucket counts when its index still has a
// live value; buckets found empty are pruned.
func (d *DB) Buckets(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	names, err := d.c.SMembers(ctx, d.bucketsKey()).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: list buckets: %w", err)
	}
	sort.Strings(names)
	var out []string
	for _, b := range names {
		ok, err := d.hasLive(ctx, b)
		if err != nil {
			return nil, fmt.Errorf("redisstore: list buckets: %s: %w", b, err)
		}
		if ok {
			out = append(out, b)
		}
	}
	return out, nil
}

func (d *DB) hasLive(ctx context.Context, bucket string) (bool, error) {
	ik := d.indexKey(bucket)
	for {
		members, err := d.c.ZRange(ctx, ik, 0, listChunk-1).Result()
		if err != nil {
			return false, err
		}
		if len(members) > 0 {
			p := d.c.Pipeline()
			exists := make([]*redis.IntCmd, len(members))
			for i, m := range members {
				exists[i] = p.Exists(ctx, d.dataKey(bucket, m))
			}
			if _, err := p.Exec(ctx); err != nil {
				return false, err
			}
			for _, e := range exists {
				if e.Val() == 1 {
					return true, nil
				}
			}
		}
		// All of these are gone: drop them (and the bucket name once its
		// index is empty), then look at the next ones.
		if err := d.prune(ctx, bucket, members); err != nil {
			return false, err
		}
		if len(members) < listChunk {
			return false, nil
		}
	}
}

package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// JSON is a bucket of records of one type T, each stored as its JSON
// encoding: the one place where domain records are encoded and decoded over
// KV, so that a repository keeps its record type but not the plumbing.
// Errors name the bucket and key; a missing key's error wraps ErrNotFound.
type JSON[T any] struct {
	kv     KV
	bucket string
}

// Record is one stored record with its key.
type Record[T any] struct {
	Key     string
	Value   T
	Expires time.Time // zero when the record never expires
}

// NewJSON returns the records of type T in bucket of kv.
func NewJSON[T any](kv KV, bucket string) JSON[T] { return JSON[T]{kv: kv, bucket: bucket} }

// Bucket is the name of the records' bucket.
func (j JSON[T]) Bucket() string { return j.bucket }

// Get returns the record under key.
func (j JSON[T]) Get(ctx context.Context, key string) (T, error) {
	b, err := j.kv.Get(ctx, j.bucket, key)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("get %s/%s: %w", j.bucket, key, err)
	}
	return decode[T](j.bucket, key, b)
}

// Put stores v under key (clearing any expiry, as KV.Put).
func (j JSON[T]) Put(ctx context.Context, key string, v T) error {
	b, err := encode(j.bucket, key, v)
	if err != nil {
		return err
	}
	if err := j.kv.Put(ctx, j.bucket, key, b); err != nil {
		return fmt.Errorf("save %s/%s: %w", j.bucket, key, err)
	}
	return nil
}

// Create stores v under key only if the key is absent, as KV.Create.
func (j JSON[T]) Create(ctx context.Context, key string, v T, ttl time.Duration) (bool, error) {
	b, err := encode(j.bucket, key, v)
	if err != nil {
		return false, err
	}
	ok, err := j.kv.Create(ctx, j.bucket, key, b, ttl)
	if err != nil {
		return false, fmt.Errorf("create %s/%s: %w", j.bucket, key, err)
	}
	return ok, nil
}

// Delete removes the record under key, if any.
func (j JSON[T]) Delete(ctx context.Context, key string) error {
	if err := j.kv.Delete(ctx, j.bucket, key); err != nil {
		return fmt.Errorf("delete %s/%s: %w", j.bucket, key, err)
	}
	return nil
}

// Append adds v under a new key after all others, as KV.Append.
func (j JSON[T]) Append(ctx context.Context, v T) (string, error) {
	b, err := encode(j.bucket, "(new)", v)
	if err != nil {
		return "", err
	}
	k, err := j.kv.Append(ctx, j.bucket, b)
	if err != nil {
		return "", fmt.Errorf("append to %s: %w", j.bucket, err)
	}
	return k, nil
}

// List returns the records whose key starts with prefix, sorted by key.
func (j JSON[T]) List(ctx context.Context, prefix string) ([]Record[T], error) {
	items, err := j.kv.List(ctx, j.bucket, prefix)
	if err != nil {
		return nil, fmt.Errorf("list %s/%s: %w", j.bucket, prefix, err)
	}
	return decodeAll[T](j.bucket, items)
}

// Update atomically reads the record under key into v (the zero T and
// exists=false when absent), lets fn change it and stores it, keeping any
// expiry; it returns the record stored. As with KV.Update, fn may run more
// than once and must not have side effects; if it returns an error, nothing
// is written and Update returns that error as it is.
func (j JSON[T]) Update(ctx context.Context, key string, fn func(v *T, exists bool) error) (T, error) {
	var out T
	var fnErr error
	err := j.kv.Update(ctx, j.bucket, key, func(old []byte, exists bool) ([]byte, error) {
		fnErr = nil
		var v T
		if exists {
			var err error
			if v, err = decode[T](j.bucket, key, old); err != nil {
				return nil, err
			}
		}
		if fnErr = fn(&v, exists); fnErr != nil {
			return nil, fnErr
		}
		out = v
		return encode(j.bucket, key, v)
	})
	if fnErr != nil && err == fnErr {
		var zero T
		return zero, fnErr
	}
	if err != nil {
		var zero T
		return zero, fmt.Errorf("update %s/%s: %w", j.bucket, key, err)
	}
	return out, nil
}

// In returns the same records inside the transaction tx.
func (j JSON[T]) In(tx Tx) JSONTx[T] { return JSONTx[T]{tx: tx, bucket: j.bucket} }

// JSONTx is JSON inside a transaction (JSON.In).
type JSONTx[T any] struct {
	tx     Tx
	bucket string
}

// Get returns the record under key.
func (j JSONTx[T]) Get(key string) (T, error) {
	b, err := j.tx.Get(j.bucket, key)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("get %s/%s: %w", j.bucket, key, err)
	}
	return decode[T](j.bucket, key, b)
}

// Put stores v under key.
func (j JSONTx[T]) Put(key string, v T) error {
	b, err := encode(j.bucket, key, v)
	if err != nil {
		return err
	}
	if err := j.tx.Put(j.bucket, key, b); err != nil {
		return fmt.Errorf("save %s/%s: %w", j.bucket, key, err)
	}
	return nil
}

// Create stores v under key only if the key is absent.
func (j JSONTx[T]) Create(key string, v T, ttl time.Duration) (bool, error) {
	b, err := encode(j.bucket, key, v)
	if err != nil {
		return false, err
	}
	ok, err := j.tx.Create(j.bucket, key, b, ttl)
	if err != nil {
		return false, fmt.Errorf("create %s/%s: %w", j.bucket, key, err)
	}
	return ok, nil
}

// Update reads the record under key into v (the zero T and exists=false
// when absent), lets fn change it and stores it; it returns the record
// stored. If fn returns an error, nothing is written and Update returns it
// as it is. Unlike JSON.Update, the record loses any expiry (Tx.Put).
func (j JSONTx[T]) Update(key string, fn func(v *T, exists bool) error) (T, error) {
	var zero T
	v, err := j.Get(key)
	exists := err == nil
	if err != nil && !errors.Is(err, ErrNotFound) {
		return zero, err
	}
	if err := fn(&v, exists); err != nil {
		return zero, err
	}
	if err := j.Put(key, v); err != nil {
		return zero, err
	}
	return v, nil
}

// Delete removes the record under key, if any.
func (j JSONTx[T]) Delete(key string) error {
	if err := j.tx.Delete(j.bucket, key); err != nil {
		return fmt.Errorf("delete %s/%s: %w", j.bucket, key, err)
	}
	return nil
}

// List returns the records whose key starts with prefix, sorted by key.
func (j JSONTx[T]) List(prefix string) ([]Record[T], error) {
	items, err := j.tx.List(j.bucket, prefix)
	if err != nil {
		return nil, fmt.Errorf("list %s/%s: %w", j.bucket, prefix, err)
	}
	return decodeAll[T](j.bucket, items)
}

func encode[T any](bucket, key string, v T) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %s/%s: %w", bucket, key, err)
	}
	return b, nil
}

func decode[T any](bucket, key string, b []byte) (T, error) {
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		var zero T
		return zero, fmt.Errorf("decode %s/%s: %w", bucket, key, err)
	}
	return v, nil
}

func decodeAll[T any](bucket string, items []Item) ([]Record[T], error) {
	out := make([]Record[T], len(items))
	for i, it := range items {
		v, err := decode[T](bucket, it.Key, it.Value)
		if err != nil {
			return nil, err
		}
		out[i] = Record[T]{Key: it.Key, Value: v, Expires: it.Expires}
	}
	return out, nil
}

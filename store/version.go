package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// VersionBucket holds version tokens: under a name ("members", "reports",
// …) a random token that every write of the records it names replaces, in
// the same transaction (BumpTx). A process that keeps those records in
// memory reads the tokens (Versions, one List of this small bucket) and
// reloads only what changed, however many processes share the store.
//
// Tokens, not counters: a store restored from a backup never shows again a
// token that named other data. Migrate with all (after every import) also
// gives EpochVersion a new token, and a reader's token of a name includes
// it (Versions), so every cache reloads after an import whatever the
// backup carried.
const VersionBucket = "versions"

// EpochVersion is the name whose token changes after every import.
const EpochVersion = "epoch"

// NewToken returns a fresh random version token.
func NewToken() []byte {
	var b [12]byte
	rand.Read(b[:])
	return []byte(hex.EncodeToString(b[:]))
}

// BumpTx gives name a fresh version token inside tx.
func BumpTx(tx Tx, name string) error {
	return tx.Put(VersionBucket, name, NewToken())
}

// Bump gives name a fresh version token in a transaction of its own, for
// a writer whose records are written by one single-key operation.
func Bump(ctx context.Context, kv KV, name string) error {
	return kv.Txn(ctx, func(tx Tx) error { return BumpTx(tx, name) })
}

// Versions returns the current token of every name, each joined to the
// epoch's ("" parts for names never written): a name's value changes when
// its records are written, and every value changes after an import.
type Versions map[string]string

// ReadVersions reads every version token with one List.
func ReadVersions(ctx context.Context, kv KV) (Versions, error) {
	items, err := kv.List(ctx, VersionBucket, "")
	if err != nil {
		return nil, fmt.Errorf("read versions: %w", err)
	}
	raw := make(map[string]string, len(items))
	for _, it := range items {
		raw[it.Key] = string(it.Value)
	}
	out := make(Versions, len(raw))
	for k, v := range raw {
		out[k] = raw[EpochVersion] + "." + v
	}
	out[EpochVersion] = raw[EpochVersion] + "."
	return out, nil
}

// Of returns name's version: the epoch's token alone when name was never written.
func (v Versions) Of(name string) string {
	if s, ok := v[name]; ok {
		return s
	}
	return v[EpochVersion]
}

package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

// TestExportIsOneSnapshot moves a record from bucket "a" to bucket "z" in
// one transaction while Export is between the two buckets: the backup must
// hold the record exactly once (before or after the move), never twice or
// not at all.
func TestExportIsOneSnapshot(t *testing.T) {
	kv := storetest.NewMem(clock.NewFake(t0))
	ctx := context.Background()
	kv.Put(ctx, "a", "k", []byte(`"record"`))
	kv.Put(ctx, "z", "other", []byte(`"x"`))
	var once sync.Once
	kv.Fail = func(op, bucket, key string) error {
		if op == "list" && bucket == "z" {
			once.Do(func() {
				err := kv.Txn(ctx, func(tx store.Tx) error {
					if err := tx.Delete("a", "k"); err != nil {
						return err
					}
					return tx.Put("z", "k", []byte(`"record"`))
				})
				if err != nil {
					t.Error(err)
				}
			})
		}
		return nil
	}
	var buf bytes.Buffer
	if err := store.Export(ctx, kv, &buf); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Buckets map[string][]struct{ Key string } `json:"buckets"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	copies := 0
	for _, b := range []string{"a", "z"} {
		for _, it := range doc.Buckets[b] {
			if it.Key == "k" {
				copies++
			}
		}
	}
	if copies != 1 {
		t.Fatalf("the moved record is %d times in the backup; want once:\n%s", copies, buf.String())
	}
}

const replaceDoc = `{"format":"thiduabot-backup","version":1,"exported_at":"2026-11-27T08:00:00Z","buckets":{
	"members":[{"key":"new","value":{"n":1}}],
	"reports":[{"key":"r1","value":{"v":1}},{"key":"r2","value":{"v":2}}]}}`

// TestImportReplace: with Replace the store ends up with the backup and its
// kept buckets only; without it, the backup is merged.
func TestImportReplace(t *testing.T) {
	ctx := context.Background()
	fill := func() *storetest.Mem {
		kv := storetest.NewMem(clock.NewFake(t0))
		kv.Put(ctx, "meta", "bot_username", []byte("thidua_bot"))
		kv.Put(ctx, "members", "old", []byte(`{"n":0}`))
		kv.Put(ctx, "stale", "x", []byte(`1`))
		return kv
	}
	kv := fill()
	if _, err := store.Import(ctx, kv, strings.NewReader(replaceDoc), store.WithNow(func() time.Time { return t0 }), store.Replace("meta")); err != nil {
		t.Fatal(err)
	}
	want := map[string][]store.Item{
		"meta":    {{Key: "bot_username", Value: []byte("thidua_bot")}},
		"members": {{Key: "new", Value: []byte(`{"n":1}`)}},
		"reports": {{Key: "r1", Value: []byte(`{"v":1}`)}, {Key: "r2", Value: []byte(`{"v":2}`)}},
	}
	sameItems(t, dump(t, kv), want)

	kv = fill()
	if _, err := store.Import(ctx, kv, strings.NewReader(replaceDoc), store.WithNow(func() time.Time { return t0 })); err != nil {
		t.Fatal(err)
	}
	want["members"] = []store.Item{{Key: "new", Value: []byte(`{"n":1}`)}, {Key: "old", Value: []byte(`{"n":0}`)}}
	want["stale"] = []store.Item{{Key: "x", Value: []byte(`1`)}}
	sameItems(t, dump(t, kv), want)
}

// TestImportFailureChangesNothing fails the store in the middle of an
// import: the store is left as it was, not half imported.
func TestImportFailureChangesNothing(t *testing.T) {
	ctx := context.Background()
	for _, replace := range []bool{false, true} {
		kv := storetest.NewMem(clock.NewFake(t0))
		kv.Put(ctx, "members", "old", []byte(`{"n":0}`))
		before := dump(t, kv)
		kv.Fail = func(op, bucket, key string) error {
			if op == "put" && bucket == "reports" && key == "r2" {
				return errors.New("disk full")
			}
			return nil
		}
		var opts []store.BackupOption
		if replace {
			opts = append(opts, store.Replace())
		}
		if _, err := store.Import(ctx, kv, strings.NewReader(replaceDoc), opts...); err == nil {
			t.Fatalf("replace=%v: Import succeeded with a failing store", replace)
		}
		kv.Fail = nil
		sameItems(t, dump(t, kv), before)
	}
}

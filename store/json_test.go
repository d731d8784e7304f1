package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

type rec struct {
	Name  string `json:"name"`
	Count int    `json:"count,omitempty"`
}

func TestJSON(t *testing.T) {
	ctx := context.Background()
	kv := storetest.NewMem(clock.NewFake(t0))
	recs := store.NewJSON[rec](kv, "recs")
	if _, err := recs.Get(ctx, "a"); !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "recs/a") {
		t.Fatalf("Get of a missing record = %v; want ErrNotFound naming recs/a", err)
	}
	if err := recs.Put(ctx, "a", rec{Name: "Hà Nội"}); err != nil {
		t.Fatal(err)
	}
	if raw, _ := kv.Get(ctx, "recs", "a"); string(raw) != `{"name":"Hà Nội"}` {
		t.Errorf("stored %s; want the record's JSON", raw)
	}
	if ok, err := recs.Create(ctx, "a", rec{Name: "other"}, 0); err != nil || ok {
		t.Fatalf("Create over a = %v, %v; want false", ok, err)
	}
	if ok, err := recs.Create(ctx, "b", rec{Name: "Nam Định"}, time.Hour); err != nil || !ok {
		t.Fatalf("Create b = %v, %v; want true", ok, err)
	}
	got, err := recs.Update(ctx, "a", func(r *rec, exists bool) error {
		if !exists || r.Name != "Hà Nội" {
			return errors.New("Update did not see the stored record")
		}
		r.Count++
		return nil
	})
	if err != nil || got.Count != 1 {
		t.Fatalf("Update = %+v, %v", got, err)
	}
	refused := errors.New("refused")
	if _, err := recs.Update(ctx, "a", func(r *rec, _ bool) error { r.Count = 99; return refused }); err != refused {
		t.Fatalf("Update with fn error = %v; want it as is", err)
	}
	if _, err := recs.Update(ctx, "new", func(r *rec, exists bool) error {
		if exists {
			return errors.New("absent key seen as existing")
		}
		r.Name = "mới"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	all, err := recs.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[0].Key != "a" || all[0].Value.Count != 1 || all[1].Key != "b" || all[1].Expires.IsZero() || all[2].Value.Name != "mới" {
		t.Fatalf("List = %+v", all)
	}
	err = kv.Txn(ctx, func(tx store.Tx) error {
		in := recs.In(tx)
		r, err := in.Get("a")
		if err != nil {
			return err
		}
		r.Count = 10
		if err := in.Put("a", r); err != nil {
			return err
		}
		if err := in.Delete("b"); err != nil {
			return err
		}
		l, err := in.List("")
		if err != nil || len(l) != 2 || l[0].Value.Count != 10 {
			return errors.New("List inside the transaction misses its own writes")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := recs.Get(ctx, "a"); r.Count != 10 {
		t.Errorf("after the transaction a = %+v", r)
	}
	if err := kv.Put(ctx, "recs", "bad", []byte("not json")); err != nil {
		t.Fatal(err)
	}
	if _, err := recs.Get(ctx, "bad"); err == nil || !strings.Contains(err.Error(), "decode recs/bad") {
		t.Errorf("Get of a broken record = %v; want a decode error naming it", err)
	}
	if _, err := recs.List(ctx, ""); err == nil {
		t.Error("List with a broken record succeeded")
	}
}

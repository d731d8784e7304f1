package exemplars

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
)

func TestLifecycle(t *testing.T) {
	kv, err := boltstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer kv.Close()
	ctx := context.Background()
	s := NewStore(kv)
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	a, err := s.Submit(ctx, Story{Cluster: "c", Unit: "u1", Text: "a"}, []byte("img-a"), now)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Submit(ctx, Story{Cluster: "c", Unit: "u2", Text: "b"}, []byte("img-b"), now) // same instant: another id
	if err != nil || a.ID == b.ID || a.Status != Pending {
		t.Fatalf("ids %q %q, status %s, %v", a.ID, b.ID, a.Status, err)
	}
	if _, err := s.Submit(ctx, Story{Cluster: "c", Unit: "u3", Text: "c"}, make([]byte, MaxPhoto+1), now); !errors.Is(err, ErrPhotoTooLarge) {
		t.Errorf("a photo above MaxPhoto: %v", err)
	}
	if p, err := s.Photo(ctx, b.ID); err != nil || string(p) != "img-b" {
		t.Errorf("photo = %q, %v", p, err)
	}
	if _, _, err := s.Promote(ctx, a.ID, now); !errors.Is(err, ErrNotApproved) {
		t.Errorf("promote pending: %v; want ErrNotApproved", err)
	}
	if _, err := s.Review(ctx, a.ID, true, "", 7, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Review(ctx, a.ID, false, "late", 8, now.Add(2*time.Hour)); !errors.Is(err, ErrDecided) {
		t.Errorf("second review: %v; want ErrDecided", err)
	}
	if st, err := s.Review(ctx, b.ID, false, "thêm số liệu", 7, now.Add(time.Hour)); err != nil || st.Status != Returned || st.Comment != "thêm số liệu" {
		t.Errorf("return: %+v, %v", st, err)
	}
	if _, fresh, err := s.Promote(ctx, a.ID, now); err != nil || !fresh {
		t.Errorf("promote: fresh %v, %v", fresh, err)
	}
	if _, fresh, _ := s.Promote(ctx, a.ID, now); fresh {
		t.Error("promoted twice")
	}
	all, err := s.List(ctx, "c")
	if err != nil || len(all) != 2 {
		t.Fatal(all, err)
	}
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	if got := ApprovedIn(all, nov, nov.AddDate(0, 1, 0)); len(got) != 1 || got[0].ID != a.ID {
		t.Errorf("approved in November = %+v", got)
	}
	if got := ApprovedIn(all, nov.AddDate(0, 1, 0), nov.AddDate(0, 2, 0)); len(got) != 0 {
		t.Errorf("approved in December = %+v", got)
	}
	if _, err := s.Get(ctx, "nosuch"); !errors.Is(err, ErrNotFound) {
		t.Errorf("get unknown: %v", err)
	}
	for i, want := range []bool{true, false} {
		if ok, err := s.ClaimDigest(ctx, "c", "2026-11", now); err != nil || ok != want {
			t.Errorf("claim %d: %v, %v; want %v", i, ok, err, want)
		}
	}
}

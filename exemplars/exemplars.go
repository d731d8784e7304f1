// Package exemplars keeps the model examples (điển hình tiên tiến) units
// send: a short story with a photo, which the cluster's chair approves or
// returns with a comment; approved stories go to the cluster in a monthly
// digest, and the standing council may spread one to every cluster.
package exemplars

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/thiduabot/thiduabot/store"
)

// Bucket holds stories, their photos and the digests' claims.
const Bucket = "exemplars"

// MaxText bounds a story: a short account, not a report.
const MaxText = 1000

// MaxPhoto bounds a story's photo, stored with it: 1 MB, enough for the
// 1280-pixel size Telegram makes of a photo and small enough that a
// cluster's year of stories stays a small part of the store.
const MaxPhoto = 1 << 20

// Status is where a story stands.
type Status string

// Statuses.
const (
	Pending  Status = "pending"  // waiting for the chair
	Approved Status = "approved" // goes out in the cluster's digest
	Returned Status = "returned" // sent back with the chair's comment
)

// Errors.
var (
	ErrNotFound = errors.New("exemplars: no such story")
	// ErrPhotoTooLarge is a photo above MaxPhoto.
	ErrPhotoTooLarge = errors.New("exemplars: photo too large")
	// ErrDecided means the story was already approved or returned.
	ErrDecided = errors.New("exemplars: story already reviewed")
	// ErrNotApproved means only an approved story can be spread.
	ErrNotApproved = errors.New("exemplars: story not approved")
)

// Story is one model example.
type Story struct {
	ID      string    `json:"id"`
	Cluster string    `json:"cluster"`
	Unit    string    `json:"unit"`
	Text    string    `json:"text"`
	By      int64     `json:"by"`
	ByName  string    `json:"by_name"`
	At      time.Time `json:"at"`
	Status  Status    `json:"status"`
	// Comment is the chair's reason for returning it.
	Comment    string    `json:"comment,omitempty"`
	ReviewedBy int64     `json:"reviewed_by,omitempty"`
	ReviewedAt time.Time `json:"reviewed_at,omitzero"`
	// PromotedAt is when the council spread it to every cluster.
	PromotedAt time.Time `json:"promoted_at,omitzero"`
}

// Store keeps stories in a store.KV.
type Store struct {
	kv      store.KV
	stories store.JSON[Story] // "story/<id>"; photos and digest marks are raw
}

// NewStore returns the stories kept in kv.
func NewStore(kv store.KV) *Store { return &Store{kv: kv, stories: store.NewJSON[Story](kv, Bucket)} }

func storyKey(id string) string { return "story/" + id }
func photoKey(id string) string { return "photo/" + id }

// Submit records a new pending story and its photo; it sets ID, At and
// Status. The ID is short (it travels in button data) and unique: it is
// created, never overwritten.
func (s *Store) Submit(ctx context.Context, st Story, photo []byte, now time.Time) (Story, error) {
	if len(photo) > MaxPhoto {
		return Story{}, ErrPhotoTooLarge
	}
	st.At, st.Status = now, Pending
	for n := int64(0); ; n++ {
		st.ID = strconv.FormatInt(now.UnixMilli()+n, 36)
		ok, err := s.stories.Create(ctx, storyKey(st.ID), st, 0)
		if err != nil {
			return Story{}, fmt.Errorf("submit story: %w", err)
		}
		if ok {
			break
		}
	}
	if err := s.kv.Put(ctx, Bucket, photoKey(st.ID), photo); err != nil {
		return Story{}, fmt.Errorf("store photo of %s: %w", st.ID, err)
	}
	return st, nil
}

// Get returns the story with id.
func (s *Store) Get(ctx context.Context, id string) (Story, error) {
	st, err := s.stories.Get(ctx, storyKey(id))
	if errors.Is(err, store.ErrNotFound) {
		return Story{}, ErrNotFound
	}
	return st, err
}

// Photo returns a story's photo.
func (s *Store) Photo(ctx context.Context, id string) ([]byte, error) {
	return s.kv.Get(ctx, Bucket, photoKey(id))
}

func (s *Store) update(ctx context.Context, id string, fn func(st *Story) error) (Story, error) {
	return s.stories.Update(ctx, storyKey(id), func(st *Story, exists bool) error {
		if !exists {
			return ErrNotFound
		}
		return fn(st)
	})
}

// Review approves a pending story or returns it with comment. A second
// decision (two chairs pressing at once) gets ErrDecided.
func (s *Store) Review(ctx context.Context, id string, approve bool, comment string, by int64, now time.Time) (Story, error) {
	return s.update(ctx, id, func(st *Story) error {
		if st.Status != Pending {
			return ErrDecided
		}
		st.Status, st.Comment, st.ReviewedBy, st.ReviewedAt = Returned, comment, by, now
		if approve {
			st.Status, st.Comment = Approved, ""
		}
		return nil
	})
}

// Promote marks an approved story as spread to every cluster; it reports
// false when it already was.
func (s *Store) Promote(ctx context.Context, id string, now time.Time) (Story, bool, error) {
	fresh := false
	st, err := s.update(ctx, id, func(st *Story) error {
		if st.Status != Approved {
			return ErrNotApproved
		}
		if st.PromotedAt.IsZero() {
			st.PromotedAt, fresh = now, true
		}
		return nil
	})
	return st, fresh, err
}

// List returns every story, newest first; cluster "" means every cluster.
func (s *Store) List(ctx context.Context, cluster string) ([]Story, error) {
	items, err := s.stories.List(ctx, "story/")
	if err != nil {
		return nil, fmt.Errorf("list stories: %w", err)
	}
	var out []Story
	for _, it := range items {
		if st := it.Value; cluster == "" || st.Cluster == cluster {
			out = append(out, st)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out, nil
}

// ApprovedIn returns the stories approved in [from, to), oldest first:
// what a digest covers.
func ApprovedIn(stories []Story, from, to time.Time) []Story {
	var out []Story
	for _, st := range stories {
		if st.Status == Approved && !st.ReviewedAt.Before(from) && st.ReviewedAt.Before(to) {
			out = append(out, st)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ReviewedAt.Before(out[j].ReviewedAt) })
	return out
}

// ClaimDigest claims the digest of cluster for month (YYYY-MM); of several
// processes exactly one gets true.
func (s *Store) ClaimDigest(ctx context.Context, cluster, month string, now time.Time) (bool, error) {
	return s.kv.Create(ctx, Bucket, "digest/"+cluster+"/"+month, []byte(now.UTC().Format(time.RFC3339)), 0)
}

package reminders

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/store"
)

// KVStore keeps everything of this package in a store.KV: delivery claims,
// the runner's cursor, snoozes, "Đã xong" marks, meetings and dossier
// checklist progress. It is the Store the Runner uses.
type KVStore struct {
	kv       store.KV
	claims   store.JSON[Claim]
	meta     store.JSON[cursor]
	snoozes  store.JSON[[]time.Time]
	done     store.JSON[DoneMark]
	progress store.JSON[map[string]ItemProgress]
	meetings store.JSON[Meeting]
}

// NewKVStore returns the reminders' records over kv.
func NewKVStore(kv store.KV) *KVStore {
	return &KVStore{kv: kv,
		claims:   store.NewJSON[Claim](kv, bucketClaims),
		meta:     store.NewJSON[cursor](kv, bucketMeta),
		snoozes:  store.NewJSON[[]time.Time](kv, bucketSnoozes),
		done:     store.NewJSON[DoneMark](kv, bucketDone),
		progress: store.NewJSON[map[string]ItemProgress](kv, bucketProgress),
		meetings: store.NewJSON[Meeting](kv, bucketMeetings),
	}
}

// Buckets.
const (
	bucketClaims   = "reminder_claims"
	bucketMeta     = "reminder_meta"
	bucketSnoozes  = "reminder_snoozes"
	bucketDone     = "reminder_done"
	bucketRefs     = "reminder_refs"
	bucketProgress = "dossier_progress"
)

// --- claims (Store) ---

// Retention of delivery claims and button references. A claim only needs to
// outlive the grace window of its send time; buttons older than RefTTL
// answer that the reminder is no longer valid.
const (
	ClaimTTL = 60 * 24 * time.Hour
	RefTTL   = 90 * 24 * time.Hour
)

// Claim implements Store with store.KV's Create: of several processes
// claiming one key, exactly one succeeds.
func (s *KVStore) Claim(ctx context.Context, key string, c Claim) (bool, error) {
	return s.claims.Create(ctx, key, c, ClaimTTL)
}

// UpdateClaim implements Store with store.KV's atomic Update.
func (s *KVStore) UpdateClaim(ctx context.Context, key string, fn func(c *Claim) bool) (Claim, bool, error) {
	var unchanged Claim
	out, err := s.claims.Update(ctx, key, func(c *Claim, exists bool) error {
		if !exists {
			return errNoClaim
		}
		if !fn(c) {
			unchanged = *c
			return errUnchanged
		}
		return nil
	})
	switch {
	case errors.Is(err, errUnchanged):
		return unchanged, false, nil
	case errors.Is(err, errNoClaim):
		return Claim{}, false, nil
	case err != nil:
		return Claim{}, false, fmt.Errorf("update claim: %w", err)
	}
	return out, true, nil
}

var (
	errUnchanged = errors.New("unchanged")
	errNoClaim   = errors.New("no claim")
)

// Claims returns every claim whose key starts with prefix (for tests and
// the admin's view of what was sent).
func (s *KVStore) Claims(ctx context.Context, prefix string) (map[string]Claim, error) {
	recs, err := s.claims.List(ctx, prefix)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Claim, len(recs))
	for _, r := range recs {
		out[r.Key] = r.Value
	}
	return out, nil
}

type cursor struct {
	Origin time.Time `json:"origin"` // the first tick ever: nothing before it is sent
	Done   time.Time `json:"done"`   // every reminder before it has been handled
}

// Cursor implements Store: it returns the shared planning cursor, creating
// it at now on the very first tick of any process.
func (s *KVStore) Cursor(ctx context.Context, now time.Time) (origin, done time.Time, err error) {
	for range 3 {
		c, err := s.meta.Get(ctx, "cursor")
		if errors.Is(err, store.ErrNotFound) {
			c := cursor{Origin: now, Done: now}
			ok, err := s.meta.Create(ctx, "cursor", c, 0)
			if err != nil {
				return time.Time{}, time.Time{}, err
			}
			if ok {
				return c.Origin, c.Done, nil
			}
			continue // another process created it first
		}
		if err != nil {
			return time.Time{}, time.Time{}, err
		}
		return c.Origin, c.Done, nil
	}
	return time.Time{}, time.Time{}, errors.New("load cursor: it keeps disappearing")
}

// Advance implements Store: it moves the cursor forward to t, never back.
func (s *KVStore) Advance(ctx context.Context, t time.Time) error {
	_, err := s.meta.Update(ctx, "cursor", func(c *cursor, exists bool) error {
		if !exists {
			c.Origin = t
		}
		if !t.After(c.Done) {
			return errUnchanged
		}
		c.Done = t
		return nil
	})
	if err != nil && !errors.Is(err, errUnchanged) {
		return fmt.Errorf("advance cursor: %w", err)
	}
	return nil
}

// --- refs: short ids for buttons ---

// Ref is the short id of a target carried in button callback data (Telegram
// allows 64 bytes), 16 base32 characters of its SHA-256.
func Ref(target string) string {
	h := sha256.Sum256([]byte(target))
	return strings.ToLower(base32.StdEncoding.EncodeToString(h[:10]))
}

// Remember implements Store: it records which target a Ref stands for,
// before a reminder carrying it is sent.
func (s *KVStore) Remember(ctx context.Context, target string) error {
	// The ref is derived from the target, so an existing key already holds it.
	if _, err := s.kv.Create(ctx, bucketRefs, Ref(target), []byte(target), RefTTL); err != nil {
		return fmt.Errorf("remember ref of %s: %w", target, err)
	}
	return nil
}

// TargetUnit returns the unit whose reminders a target stands for (its last
// part, "submission/2026-10/ninh_binh" is Ninh Bình's); ok is false for the
// targets of a cluster's chairs ("…/chairs:cum5") or group ("…/group:cum5").
// Only the people of that unit, and for a dossier the chairs who are sent it,
// may snooze it or mark it done.
func TargetUnit(target string) (unit string, ok bool) {
	i := strings.LastIndexByte(target, '/')
	if i < 0 {
		return "", false
	}
	unit = target[i+1:]
	if unit == "" || strings.ContainsRune(unit, ':') {
		return "", false
	}
	return unit, true
}

// ErrUnknownRef is returned for a button whose reminder is not known (any more).
var ErrUnknownRef = errors.New("reminders: unknown reminder reference")

// Target returns the target a Ref stands for.
func (s *KVStore) Target(ctx context.Context, ref string) (string, error) {
	data, err := s.kv.Get(ctx, bucketRefs, ref)
	if errors.Is(err, store.ErrNotFound) {
		return "", ErrUnknownRef
	}
	if err != nil {
		return "", fmt.Errorf("resolve ref %s: %w", ref, err)
	}
	return string(data), nil
}

// VersionName is the version (store.VersionBucket) of the records Load
// reads: every write of a snooze, a done mark, a dossier's progress or a
// meeting gives it a new token in the same transaction, so that a runner
// keeping them in memory sees a change made through any process.
const VersionName = "reminders"

// write runs fn in one transaction that also gives the records Load reads
// a new version.
func (s *KVStore) write(ctx context.Context, fn func(tx store.Tx) error) error {
	return s.kv.Txn(ctx, func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return store.BumpTx(tx, VersionName)
	})
}

// --- snooze and done ---

// ErrSnoozeLimit is returned when a target was already snoozed MaxSnoozes times.
var ErrSnoozeLimit = errors.New("reminders: snoozed too often")

// Snooze puts the reminders of the target behind ref off by SnoozeFor from
// now ("Nhắc lại sau 2 giờ"), at most MaxSnoozes times. It returns when the
// reminder comes back (before it is moved into working hours).
func (s *KVStore) Snooze(ctx context.Context, ref string, now time.Time) (time.Time, error) {
	target, err := s.Target(ctx, ref)
	if err != nil {
		return time.Time{}, err
	}
	until := now.Add(SnoozeFor)
	err = s.write(ctx, func(tx store.Tx) error {
		_, err := s.snoozes.In(tx).Update(target, func(list *[]time.Time, _ bool) error {
			if len(*list) >= MaxSnoozes {
				return ErrSnoozeLimit
			}
			*list = append(*list, until)
			return nil
		})
		return err
	})
	if err != nil {
		if errors.Is(err, ErrSnoozeLimit) {
			return time.Time{}, err
		}
		return time.Time{}, fmt.Errorf("snooze %s: %w", target, err)
	}
	return until, nil
}

// DoneMark says who pressed "Đã xong" and when.
type DoneMark struct {
	By int64     `json:"by"`
	At time.Time `json:"at"`
}

// MarkDone stops the reminders of the target behind ref ("Đã xong").
func (s *KVStore) MarkDone(ctx context.Context, ref string, by int64, now time.Time) error {
	target, err := s.Target(ctx, ref)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx store.Tx) error {
		_, err := s.done.In(tx).Create(target, DoneMark{By: by, At: now}, 0)
		return err
	})
}

// --- dossier checklist progress ---

// ItemProgress is what a unit did about one document of a dossier.
type ItemProgress struct {
	Done   bool      `json:"done"`
	FileID string    `json:"file_id,omitempty"` // Telegram file id of the document sent
	By     int64     `json:"by"`
	At     time.Time `json:"at"`
}

func progressKey(dossier, occurrence, unit string) string {
	return dossier + "/" + occurrence + "/" + unit
}

// MarkItem records that unit has done one document of a dossier occurrence;
// fileID is the Telegram file id when the document itself was sent, "" when
// it was only marked done.
func (s *KVStore) MarkItem(ctx context.Context, d *Dossier, occurrence, unit, item, fileID string, by int64, now time.Time) error {
	known := false
	for _, it := range d.Checklist {
		known = known || it.ID == item
	}
	if !known {
		return fmt.Errorf("mark dossier item: %q is not in the checklist of %s", item, d.ID)
	}
	key := progressKey(d.ID, occurrence, unit)
	err := s.write(ctx, func(tx store.Tx) error {
		_, err := s.progress.In(tx).Update(key, func(m *map[string]ItemProgress, _ bool) error {
			if *m == nil {
				*m = map[string]ItemProgress{}
			}
			p := ItemProgress{Done: true, FileID: fileID, By: by, At: now}
			if fileID == "" && (*m)[item].FileID != "" {
				p.FileID = (*m)[item].FileID // marking done keeps an earlier document
			}
			(*m)[item] = p
			return nil
		})
		return err
	})
	if err != nil {
		return fmt.Errorf("mark %s of %s: %w", item, key, err)
	}
	return nil
}

// UnmarkItem undoes MarkItem (a document marked done by mistake).
func (s *KVStore) UnmarkItem(ctx context.Context, dossier, occurrence, unit, item string) error {
	key := progressKey(dossier, occurrence, unit)
	err := s.write(ctx, func(tx store.Tx) error {
		m, err := s.progress.In(tx).Get(key)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		delete(m, item)
		if len(m) == 0 {
			return tx.Delete(bucketProgress, key)
		}
		return s.progress.In(tx).Put(key, m)
	})
	if err != nil {
		return fmt.Errorf("unmark %s of %s: %w", item, key, err)
	}
	return nil
}

// Progress returns a unit's progress on one dossier occurrence, by item id.
func (s *KVStore) Progress(ctx context.Context, dossier, occurrence, unit string) (map[string]ItemProgress, error) {
	m, err := s.progress.Get(ctx, progressKey(dossier, occurrence, unit))
	if errors.Is(err, store.ErrNotFound) || (err == nil && m == nil) {
		return map[string]ItemProgress{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load progress: %w", err)
	}
	return m, nil
}

// Load fills the parts of snap this package keeps (snoozes, done marks,
// meetings, dossier progress); confirmed reports and recipients come from
// the packages that own them.
func (s *KVStore) Load(ctx context.Context, snap *Snapshot) error {
	snap.init()
	snoozes, err := s.snoozes.List(ctx, "")
	if err != nil {
		return fmt.Errorf("load snoozes: %w", err)
	}
	for _, r := range snoozes {
		snap.Snoozed[r.Key] = r.Value
	}
	items, err := s.kv.List(ctx, bucketDone, "")
	if err != nil {
		return fmt.Errorf("load done marks: %w", err)
	}
	for _, it := range items {
		snap.DoneTargets[it.Key] = true
	}
	progress, err := s.progress.List(ctx, "")
	if err != nil {
		return fmt.Errorf("load dossier progress: %w", err)
	}
	for _, r := range progress {
		done := make(map[string]bool, len(r.Value))
		for id, p := range r.Value {
			done[id] = p.Done
		}
		snap.Checklists[r.Key] = done
	}
	ms, err := s.Meetings(ctx, "")
	if err != nil {
		return err
	}
	snap.MeetingList = ms
	return nil
}

// --- retention ---

// RecordRetention is how long after it was made a snooze or a "Đã xong"
// mark can still change what is planned: a button is pressed on a reminder
// of its target, and no target's reminders run longer than its longest
// before-offset plus its overdue steps, lock or escalation and the snooze
// horizon (with a month's margin for holiday shifts, as planning has).
func (c *Calendar) RecordRetention() time.Duration {
	const day = 24 * time.Hour
	var before time.Duration
	after := SnoozeHorizon
	offsets := func(o Offsets, tail time.Duration) {
		for _, off := range o.Before {
			before = max(before, off.before())
		}
		after = max(after, tail+SnoozeHorizon)
	}
	offsets(c.Defaults, 0)
	for _, r := range append([]SubmissionRule{c.SubmissionRule("")}, values(c.Submission.Overrides)...) {
		offsets(r.Offsets, time.Duration(max(r.GraceDays, (r.Offsets.OverdueDays+1)*2+30)+31)*day)
	}
	for _, ev := range c.Events {
		offsets(ev.Offsets, 0)
	}
	for _, d := range c.Dossiers {
		offsets(d.Offsets, time.Duration(d.Offsets.OverdueDays+2)*7*day)
	}
	return before + after + 31*day
}

func values(m map[string]SubmissionRule) []SubmissionRule {
	out := make([]SubmissionRule, 0, len(m))
	for _, r := range m {
		out = append(out, r)
	}
	return out
}

// Prune deletes the snoozes whose last snooze ended, and the "Đã xong"
// marks made, longer than keep before now (Calendar.RecordRetention): they
// can no longer change a plan. It returns how many records it deleted.
func (s *KVStore) Prune(ctx context.Context, now time.Time, keep time.Duration) (int, error) {
	cut := now.Add(-keep)
	var old []store.Item // bucket in Value
	snoozes, err := s.snoozes.List(ctx, "")
	if err != nil {
		return 0, fmt.Errorf("prune snoozes: %w", err)
	}
	for _, r := range snoozes {
		if len(r.Value) == 0 || r.Value[len(r.Value)-1].Before(cut) {
			old = append(old, store.Item{Key: r.Key, Value: []byte(bucketSnoozes)})
		}
	}
	done, err := s.done.List(ctx, "")
	if err != nil {
		return 0, fmt.Errorf("prune done marks: %w", err)
	}
	for _, r := range done {
		if r.Value.At.Before(cut) {
			old = append(old, store.Item{Key: r.Key, Value: []byte(bucketDone)})
		}
	}
	// In batches, each with a new version: a runner reloads once per batch.
	n := len(old)
	for len(old) > 0 {
		batch := old[:min(len(old), 500)]
		old = old[len(batch):]
		if err := s.write(ctx, func(tx store.Tx) error {
			for _, it := range batch {
				if err := tx.Delete(string(it.Value), it.Key); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return 0, fmt.Errorf("prune reminder records: %w", err)
		}
	}
	return n, nil
}

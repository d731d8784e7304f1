package org

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
)

// Buckets used by this package.
const (
	BucketMembers = "members"
	// BucketMembersByUnit indexes members by unit: "<unit>/<user id>" → {},
	// written in the transaction that binds or revokes the member.
	BucketMembersByUnit = "members_by_unit"
	BucketInvites       = "invites"
	BucketAttempts      = "invite_attempts"
	BucketAudit         = "audit"
)

// ErrNoMember is returned when a Telegram user is not bound to the organisation.
var ErrNoMember = errors.New("org: not a member")

// Member is a person bound to the organisation with one role. UserID is the
// Telegram user id. Cluster is set for every role but admin; Unit for focal
// points and members, and for chairs and deputies (their cluster's chair or
// deputy unit).
type Member struct {
	UserID      int64     `json:"user_id"`
	Name        string    `json:"name"`
	Username    string    `json:"username,omitempty"`
	Role        Role      `json:"role"`
	Cluster     string    `json:"cluster,omitempty"`
	Unit        string    `json:"unit,omitempty"`
	Joined      time.Time `json:"joined"`
	InvitedBy   int64     `json:"invited_by,omitempty"`
	Unreachable bool      `json:"unreachable,omitempty"` // the bot was blocked (403)
}

// AuditEntry is one line of the audit log: who changed what, when.
type AuditEntry struct {
	Time   time.Time `json:"time"`
	Actor  int64     `json:"actor"` // Telegram user id; 0 for the CLI or the system
	Action string    `json:"action"`
	Target string    `json:"target,omitempty"`
	Detail string    `json:"detail,omitempty"`
}

// Members is the repository of members over store.KV.
type Members struct {
	kv     store.KV
	recs   store.JSON[Member]
	byUnit store.JSON[struct{}]
	audits store.JSON[AuditEntry]
	clock  clock.Clock
	log    *slog.Logger

	auditFailures atomic.Int64
}

// NewMembers returns the member repository; log receives the audit entries
// that could not be written (slog.Default when nil).
func NewMembers(kv store.KV, c clock.Clock, log ...*slog.Logger) *Members {
	ms := &Members{kv: kv, recs: store.NewJSON[Member](kv, BucketMembers), byUnit: store.NewJSON[struct{}](kv, BucketMembersByUnit),
		audits: store.NewJSON[AuditEntry](kv, BucketAudit), clock: c, log: slog.Default()}
	if len(log) > 0 && log[0] != nil {
		ms.log = log[0]
	}
	return ms
}

// AuditFailures counts the audit entries this repository could not write
// (the change they describe was made; see audit).
func (ms *Members) AuditFailures() int64 { return ms.auditFailures.Load() }

func memberKey(id int64) string { return strconv.FormatInt(id, 10) }

func unitKey(unit string, id int64) string { return unit + "/" + memberKey(id) }

// Get returns the member bound to the Telegram user, or ErrNoMember.
func (ms *Members) Get(ctx context.Context, userID int64) (Member, error) {
	m, err := ms.recs.Get(ctx, memberKey(userID))
	if errors.Is(err, store.ErrNotFound) {
		return Member{}, ErrNoMember
	}
	return m, err
}

// List returns every member, ordered by cluster, unit, role and user id;
// with a non-empty cluster, only that cluster's.
func (ms *Members) List(ctx context.Context, cluster string) ([]Member, error) {
	recs, err := ms.recs.List(ctx, "")
	if err != nil {
		return nil, err
	}
	var out []Member
	for _, r := range recs {
		if cluster == "" || r.Value.Cluster == cluster {
			out = append(out, r.Value)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Cluster != b.Cluster {
			return a.Cluster < b.Cluster
		}
		if a.Unit != b.Unit {
			return a.Unit < b.Unit
		}
		if a.Role != b.Role {
			return a.Role < b.Role
		}
		return a.UserID < b.UserID
	})
	return out, nil
}

// Focal returns the focal point of a unit, if any. It reads the unit's
// members only.
func (ms *Members) Focal(ctx context.Context, unit string) (Member, bool, error) {
	entries, err := ms.byUnit.List(ctx, unit+"/")
	if err != nil {
		return Member{}, false, err
	}
	var out Member
	found := false
	for _, e := range entries {
		m, err := ms.recs.Get(ctx, e.Key[len(unit)+1:])
		if errors.Is(err, store.ErrNotFound) {
			continue // revoked meanwhile
		}
		if err != nil {
			return Member{}, false, err
		}
		if m.Unit == unit && m.Role == RoleFocal && (!found || m.UserID < out.UserID) {
			out, found = m, true
		}
	}
	return out, found, nil
}

// memberTx is the members and their unit index inside a transaction.
type memberTx struct {
	tx     store.Tx
	recs   store.JSONTx[Member]
	byUnit store.JSONTx[struct{}]
}

func (ms *Members) in(tx store.Tx) memberTx {
	return memberTx{tx: tx, recs: ms.recs.In(tx), byUnit: ms.byUnit.In(tx)}
}

// VersionName is the version (store.VersionBucket) of the members: every
// write of a member gives it a new token in the same transaction, so that
// a process keeping the members in memory (the reminder runner) sees a
// change made through any process.
const VersionName = "members"

// changed gives the members a new version inside the transaction.
func (tx memberTx) changed() error { return store.BumpTx(tx.tx, VersionName) }

// focalsIn returns the focal points of unit, lowest user id first.
func focalsIn(tx memberTx, unit string) ([]Member, error) {
	entries, err := tx.byUnit.List(unit + "/")
	if err != nil {
		return nil, err
	}
	var out []Member
	for _, e := range entries {
		m, err := tx.recs.Get(e.Key[len(unit)+1:])
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if m.Unit == unit && m.Role == RoleFocal {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UserID < out[j].UserID })
	return out, nil
}

// Chairs returns the chair and deputy of a cluster (chair first).
func (ms *Members) Chairs(ctx context.Context, cluster string) ([]Member, error) {
	all, err := ms.List(ctx, cluster)
	if err != nil {
		return nil, err
	}
	var out []Member
	for _, m := range all {
		if m.Role == RoleChair {
			out = append([]Member{m}, out...)
		} else if m.Role == RoleDeputy {
			out = append(out, m)
		}
	}
	return out, nil
}

// Bind makes m a member (replacing any previous binding of the same user).
// If m becomes the focal point of a unit that already has another one, the
// previous focal point becomes a plain member of the unit and is returned,
// so that the caller can tell them. The handover and the new binding are
// one transaction, so two concurrent binds never leave two focal points.
func (ms *Members) Bind(ctx context.Context, m Member, actor int64) (previous *Member, err error) {
	if m.Joined.IsZero() {
		m.Joined = ms.clock.Now()
	}
	err = ms.kv.Txn(ctx, func(tx store.Tx) error {
		var err error
		previous, err = bindIn(ms.in(tx), m)
		return err
	})
	if err != nil {
		return nil, err
	}
	ms.auditBind(ctx, m, previous, actor)
	return previous, nil
}

// bindIn does the writes of Bind inside tx: it demotes every other focal
// point of m's unit (returning the first) and stores m with its unit index
// entry (moving it when m changes unit). m.Joined is set.
func bindIn(tx memberTx, m Member) (previous *Member, err error) {
	old, err := tx.recs.Get(memberKey(m.UserID))
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return nil, err
	case old.Unit != "" && old.Unit != m.Unit:
		if err := tx.byUnit.Delete(unitKey(old.Unit, m.UserID)); err != nil {
			return nil, err
		}
	}
	if m.Role == RoleFocal && m.Unit != "" {
		fs, err := focalsIn(tx, m.Unit)
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			if f.UserID == m.UserID {
				continue
			}
			f.Role = RoleMember
			if err := tx.recs.Put(memberKey(f.UserID), f); err != nil {
				return nil, err
			}
			if previous == nil {
				previous = &f
			}
		}
	}
	if err := tx.recs.Put(memberKey(m.UserID), m); err != nil {
		return nil, err
	}
	if err := tx.changed(); err != nil {
		return nil, err
	}
	if m.Unit != "" {
		if err := tx.byUnit.Put(unitKey(m.Unit, m.UserID), struct{}{}); err != nil {
			return nil, err
		}
	}
	return previous, nil
}

// auditBind logs a binding made, and the handover it caused.
func (ms *Members) auditBind(ctx context.Context, m Member, previous *Member, actor int64) {
	if previous != nil {
		ms.audit(ctx, AuditEntry{Actor: actor, Action: "focal.handover", Target: memberKey(previous.UserID),
			Detail: fmt.Sprintf("unit %s: focal %d → %d", m.Unit, previous.UserID, m.UserID)})
	}
	ms.audit(ctx, AuditEntry{Actor: actor, Action: "member.bind", Target: memberKey(m.UserID),
		Detail: fmt.Sprintf("role %s cluster %s unit %s", m.Role, m.Cluster, m.Unit)})
}

// Revoke removes a member; it returns ErrNoMember if there was none.
func (ms *Members) Revoke(ctx context.Context, userID, actor int64) (Member, error) {
	var m Member
	err := ms.kv.Txn(ctx, func(tx store.Tx) error {
		in := ms.in(tx)
		var err error
		if m, err = in.recs.Get(memberKey(userID)); err != nil {
			return err
		}
		if err := in.recs.Delete(memberKey(userID)); err != nil {
			return err
		}
		if err := in.changed(); err != nil {
			return err
		}
		if m.Unit != "" {
			return in.byUnit.Delete(unitKey(m.Unit, userID))
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return Member{}, ErrNoMember
	}
	if err != nil {
		return Member{}, fmt.Errorf("revoke member %d: %w", userID, err)
	}
	ms.audit(ctx, AuditEntry{Actor: actor, Action: "member.revoke", Target: memberKey(userID),
		Detail: fmt.Sprintf("role %s cluster %s unit %s", m.Role, m.Cluster, m.Unit)})
	return m, nil
}

// SetReachable records whether the bot can write to the member and reports
// whether that changed (so that a block is reported to the chair only once).
func (ms *Members) SetReachable(ctx context.Context, userID int64, reachable bool) (changed bool, err error) {
	err = ms.kv.Txn(ctx, func(tx store.Tx) error {
		in := ms.in(tx)
		m, err := in.recs.Get(memberKey(userID))
		if errors.Is(err, store.ErrNotFound) {
			return ErrNoMember
		}
		if err != nil {
			return err
		}
		if m.Unreachable == !reachable {
			return errUnchanged
		}
		m.Unreachable = !reachable
		if err := in.recs.Put(memberKey(userID), m); err != nil {
			return err
		}
		return in.changed()
	})
	if errors.Is(err, errUnchanged) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("set member %d reachable=%v: %w", userID, reachable, err)
	}
	return true, nil
}

// errUnchanged tells an Update that there is nothing to write.
var errUnchanged = errors.New("org: unchanged")

// audit appends an entry for a change already made: the change stands if
// the entry cannot be written, so the failure is logged, with the entry,
// and counted (AuditFailures, exported as a metric) rather than returned.
func (ms *Members) audit(ctx context.Context, e AuditEntry) {
	if err := ms.Audit(ctx, e); err != nil {
		ms.auditFailures.Add(1)
		ms.log.Error("org: audit entry not written", "action", e.Action, "target", e.Target,
			"actor", e.Actor, "detail", e.Detail, "err", err)
	}
}

// Audit appends an entry to the audit log.
func (ms *Members) Audit(ctx context.Context, e AuditEntry) error {
	if e.Time.IsZero() {
		e.Time = ms.clock.Now()
	}
	_, err := ms.audits.Append(ctx, e)
	return err
}

// AuditLog returns the whole audit log, oldest first.
func (ms *Members) AuditLog(ctx context.Context) ([]AuditEntry, error) {
	recs, err := ms.audits.List(ctx, "")
	if err != nil {
		return nil, err
	}
	out := make([]AuditEntry, len(recs))
	for i, r := range recs {
		out[i] = r.Value
	}
	return out, nil
}

// MembersByUnit is schema step 3: the unit index of members
// (BucketMembersByUnit), rebuilt from the members themselves, so that the
// step is idempotent and also repairs an index imported from elsewhere.
var MembersByUnit = store.Migration{Version: 3, Name: "members indexed by unit", Run: IndexMembersByUnit}

// IndexMembersByUnit makes the unit index hold exactly one entry per member
// with a unit, in one transaction, and returns how many entries it changed.
func IndexMembersByUnit(ctx context.Context, kv store.KV) (int, error) {
	ms := NewMembers(kv, nil)
	n := 0
	err := kv.Txn(ctx, func(tx store.Tx) error {
		n = 0
		in := ms.in(tx)
		members, err := in.recs.List("")
		if err != nil {
			return err
		}
		want := map[string]bool{}
		for _, r := range members {
			if r.Value.Unit != "" {
				want[unitKey(r.Value.Unit, r.Value.UserID)] = true
			}
		}
		have, err := in.byUnit.List("")
		if err != nil {
			return err
		}
		for _, e := range have {
			if want[e.Key] {
				delete(want, e.Key)
				continue
			}
			if err := in.byUnit.Delete(e.Key); err != nil {
				return err
			}
			n++
		}
		for k := range want {
			if err := in.byUnit.Put(k, struct{}{}); err != nil {
				return err
			}
			n++
		}
		if n > 0 {
			return in.changed()
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

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
	BucketMembers  = "members"
	BucketInvites  = "invites"
	BucketAttempts = "invite_attempts"
	BucketAudit    = "audit"
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
	audits store.JSON[AuditEntry]
	clock  clock.Clock
	log    *slog.Logger

	auditFailures atomic.Int64
}

// NewMembers returns the member repository; log receives the audit entries
// that could not be written (slog.Default when nil).
func NewMembers(kv store.KV, c clock.Clock, log ...*slog.Logger) *Members {
	ms := &Members{kv: kv, recs: store.NewJSON[Member](kv, BucketMembers),
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

// Focal returns the focal point of a unit, if any.
func (ms *Members) Focal(ctx context.Context, unit string) (Member, bool, error) {
	all, err := ms.List(ctx, "")
	if err != nil {
		return Member{}, false, err
	}
	for _, m := range all {
		if m.Unit == unit && m.Role == RoleFocal {
			return m, true, nil
		}
	}
	return Member{}, false, nil
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
		previous, err = bindIn(ms.recs.In(tx), m)
		return err
	})
	if err != nil {
		return nil, err
	}
	ms.auditBind(ctx, m, previous, actor)
	return previous, nil
}

// bindIn does the writes of Bind inside tx: it demotes every other focal
// point of m's unit (returning the first) and stores m. m.Joined is set.
func bindIn(tx store.JSONTx[Member], m Member) (previous *Member, err error) {
	if m.Role == RoleFocal {
		recs, err := tx.List("")
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			old := r.Value
			if old.Unit != m.Unit || old.Role != RoleFocal || old.UserID == m.UserID {
				continue
			}
			old.Role = RoleMember
			if err := tx.Put(memberKey(old.UserID), old); err != nil {
				return nil, err
			}
			if previous == nil {
				previous = &old
			}
		}
	}
	if err := tx.Put(memberKey(m.UserID), m); err != nil {
		return nil, err
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
	m, err := ms.Get(ctx, userID)
	if err != nil {
		return Member{}, err
	}
	if err := ms.kv.Delete(ctx, BucketMembers, memberKey(userID)); err != nil {
		return Member{}, fmt.Errorf("revoke member %d: %w", userID, err)
	}
	ms.audit(ctx, AuditEntry{Actor: actor, Action: "member.revoke", Target: memberKey(userID),
		Detail: fmt.Sprintf("role %s cluster %s unit %s", m.Role, m.Cluster, m.Unit)})
	return m, nil
}

// SetReachable records whether the bot can write to the member and reports
// whether that changed (so that a block is reported to the chair only once).
func (ms *Members) SetReachable(ctx context.Context, userID int64, reachable bool) (changed bool, err error) {
	_, err = ms.recs.Update(ctx, memberKey(userID), func(m *Member, exists bool) error {
		if !exists {
			return ErrNoMember
		}
		if m.Unreachable == !reachable {
			return errUnchanged
		}
		m.Unreachable = !reachable
		return nil
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

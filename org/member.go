package org

import (
	"context"
	"encoding/json"
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
	kv    store.KV
	clock clock.Clock
	log   *slog.Logger

	auditFailures atomic.Int64
}

// NewMembers returns the member repository; log receives the audit entries
// that could not be written (slog.Default when nil).
func NewMembers(kv store.KV, c clock.Clock, log ...*slog.Logger) *Members {
	ms := &Members{kv: kv, clock: c, log: slog.Default()}
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
	b, err := ms.kv.Get(ctx, BucketMembers, memberKey(userID))
	if errors.Is(err, store.ErrNotFound) {
		return Member{}, ErrNoMember
	}
	if err != nil {
		return Member{}, fmt.Errorf("get member %d: %w", userID, err)
	}
	var m Member
	if err := json.Unmarshal(b, &m); err != nil {
		return Member{}, fmt.Errorf("decode member %d: %w", userID, err)
	}
	return m, nil
}

// List returns every member, ordered by cluster, unit, role and user id;
// with a non-empty cluster, only that cluster's.
func (ms *Members) List(ctx context.Context, cluster string) ([]Member, error) {
	items, err := ms.kv.List(ctx, BucketMembers, "")
	if err != nil {
		return nil, fmt.Errorf("list members: %w", err)
	}
	var out []Member
	for _, it := range items {
		var m Member
		if err := json.Unmarshal(it.Value, &m); err != nil {
			return nil, fmt.Errorf("decode member %s: %w", it.Key, err)
		}
		if cluster == "" || m.Cluster == cluster {
			out = append(out, m)
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
		previous, err = bindIn(tx, m)
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
func bindIn(tx store.Tx, m Member) (previous *Member, err error) {
	if m.Role == RoleFocal {
		items, err := tx.List(BucketMembers, "")
		if err != nil {
			return nil, fmt.Errorf("list members: %w", err)
		}
		for _, it := range items {
			var old Member
			if err := json.Unmarshal(it.Value, &old); err != nil {
				return nil, fmt.Errorf("decode member %s: %w", it.Key, err)
			}
			if old.Unit != m.Unit || old.Role != RoleFocal || old.UserID == m.UserID {
				continue
			}
			old.Role = RoleMember
			if err := putMember(tx, old); err != nil {
				return nil, err
			}
			if previous == nil {
				previous = &old
			}
		}
	}
	if err := putMember(tx, m); err != nil {
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

func putMember(tx store.Tx, m Member) error {
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode member %d: %w", m.UserID, err)
	}
	if err := tx.Put(BucketMembers, memberKey(m.UserID), b); err != nil {
		return fmt.Errorf("save member %d: %w", m.UserID, err)
	}
	return nil
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
	err = ms.kv.Update(ctx, BucketMembers, memberKey(userID), func(old []byte, exists bool) ([]byte, error) {
		changed = false
		if !exists {
			return nil, ErrNoMember
		}
		var m Member
		if err := json.Unmarshal(old, &m); err != nil {
			return nil, err
		}
		if m.Unreachable == !reachable {
			return old, nil
		}
		m.Unreachable = !reachable
		changed = true
		return json.Marshal(m)
	})
	if err != nil {
		return false, fmt.Errorf("set member %d reachable=%v: %w", userID, reachable, err)
	}
	return changed, nil
}

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
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode audit entry: %w", err)
	}
	if _, err := ms.kv.Append(ctx, BucketAudit, b); err != nil {
		return fmt.Errorf("append audit entry: %w", err)
	}
	return nil
}

// AuditLog returns the whole audit log, oldest first.
func (ms *Members) AuditLog(ctx context.Context) ([]AuditEntry, error) {
	items, err := ms.kv.List(ctx, BucketAudit, "")
	if err != nil {
		return nil, fmt.Errorf("list audit log: %w", err)
	}
	out := make([]AuditEntry, 0, len(items))
	for _, it := range items {
		var e AuditEntry
		if err := json.Unmarshal(it.Value, &e); err != nil {
			return nil, fmt.Errorf("decode audit entry %s: %w", it.Key, err)
		}
		out = append(out, e)
	}
	return out, nil
}

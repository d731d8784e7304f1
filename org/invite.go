package org

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
)

// DefaultInviteTTL is how long an invite code stays valid unless asked otherwise.
const DefaultInviteTTL = 7 * 24 * time.Hour

// Throttling of wrong codes: after MaxInviteFailures wrong codes within
// InviteFailureWindow a user must wait until the window has passed.
const (
	MaxInviteFailures   = 5
	InviteFailureWindow = time.Hour
)

// Errors of invite redemption; each has its own answer to the user.
var (
	ErrInviteUnknown   = errors.New("org: unknown invite code")
	ErrInviteUsed      = errors.New("org: invite code already used")
	ErrInviteExpired   = errors.New("org: invite code expired")
	ErrInviteThrottled = errors.New("org: too many wrong invite codes")
)

// InviteRequest asks for a new invite code.
type InviteRequest struct {
	Role Role
	// Unit is required for focal, member, chair and deputy (a chair or
	// deputy invite normally names the cluster's chair or deputy unit); it
	// is ignored for admin.
	Unit      string
	CreatedBy int64         // Telegram user id of the inviter; 0 for the CLI
	TTL       time.Duration // 0 means DefaultInviteTTL
}

// Invite is a single-use code that binds whoever redeems it to a role.
type Invite struct {
	Code      string    `json:"code"`
	Role      Role      `json:"role"`
	Cluster   string    `json:"cluster,omitempty"`
	Unit      string    `json:"unit,omitempty"`
	CreatedBy int64     `json:"created_by,omitempty"`
	Created   time.Time `json:"created"`
	Expires   time.Time `json:"expires"`
	UsedBy    int64     `json:"used_by,omitempty"`
	Used      time.Time `json:"used,omitzero"`
}

// Link is the deep link that opens the bot with the code, or "" when the
// bot's username is unknown.
func (inv Invite) Link(botUsername string) string { return InviteLink(botUsername, inv.Code) }

// InviteLink builds https://t.me/<bot>?start=<code>.
func InviteLink(botUsername, code string) string {
	botUsername = strings.TrimPrefix(botUsername, "@")
	if botUsername == "" {
		return ""
	}
	return "https://t.me/" + botUsername + "?start=" + code
}

// Invites is the invite repository over store.KV, used by the bot's /moi and
// the CLI's invite.
type Invites struct {
	kv      store.KV
	recs    store.JSON[Invite]
	tries   store.JSON[attempts]
	cfg     *Config
	clock   clock.Clock
	members *Members
}

// NewInvites returns the invite repository; cfg validates units and roles.
// Redeemed invites bind through members (a new repository over kv when nil).
func NewInvites(kv store.KV, cfg *Config, c clock.Clock, members ...*Members) *Invites {
	is := &Invites{kv: kv, recs: store.NewJSON[Invite](kv, BucketInvites),
		tries: store.NewJSON[attempts](kv, BucketAttempts), cfg: cfg, clock: c}
	if len(members) > 0 && members[0] != nil {
		is.members = members[0]
	} else {
		is.members = NewMembers(kv, c)
	}
	return is
}

// codeAlphabet avoids letters that are easily confused when read aloud or
// typed from paper (0/o, 1/l/i).
const codeAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

func newCode() (string, error) {
	var raw [12]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", fmt.Errorf("random invite code: %w", err)
	}
	b := make([]byte, len(raw))
	for i, x := range raw {
		b[i] = codeAlphabet[int(x)%len(codeAlphabet)]
	}
	return string(b), nil
}

// Create makes a new single-use invite code.
func (is *Invites) Create(ctx context.Context, req InviteRequest) (Invite, error) {
	inv := Invite{Role: req.Role, CreatedBy: req.CreatedBy, Created: is.clock.Now()}
	if _, err := ParseRole(string(req.Role)); err != nil {
		return Invite{}, err
	}
	if req.Role != RoleAdmin {
		if req.Unit == "" {
			return Invite{}, fmt.Errorf("invite for role %s needs a unit", req.Role)
		}
		_, cl, ok := is.cfg.Unit(req.Unit)
		if !ok {
			return Invite{}, fmt.Errorf("unknown unit %q", req.Unit)
		}
		inv.Cluster, inv.Unit = cl.ID, req.Unit
	}
	ttl := req.TTL
	if ttl <= 0 {
		ttl = DefaultInviteTTL
	}
	inv.Expires = inv.Created.Add(ttl)
	for range 5 {
		code, err := newCode()
		if err != nil {
			return Invite{}, err
		}
		inv.Code = code
		ok, err := is.recs.Create(ctx, code, inv, 0)
		if err != nil {
			return Invite{}, err
		}
		if ok {
			is.members.audit(ctx, AuditEntry{Actor: req.CreatedBy, Action: "invite.create", Target: code,
				Detail: fmt.Sprintf("role %s cluster %s unit %s expires %s", inv.Role, inv.Cluster, inv.Unit, inv.Expires.Format(time.RFC3339))})
			return inv, nil
		}
	}
	return Invite{}, errors.New("could not find a free invite code")
}

// NormalizeCode trims and lower-cases what a user typed.
func NormalizeCode(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Redeem marks the code used by userID and returns the invite. Wrong codes
// count against the user: after MaxInviteFailures within the window every
// attempt answers ErrInviteThrottled, even with a right code.
func (is *Invites) Redeem(ctx context.Context, code string, userID int64) (Invite, error) {
	return is.redeem(ctx, code, userID, nil)
}

// RedeemAndBind redeems the code as Redeem does and binds the user as the
// member it makes (Invite.MemberFor with name and username), in one
// transaction: the code is used only if the binding is stored, so a failure
// between the two cannot burn it. It returns the invite, the member and,
// as Members.Bind, a focal point the new one replaced.
func (is *Invites) RedeemAndBind(ctx context.Context, code string, userID int64, name, username string) (Invite, Member, *Member, error) {
	var m Member
	var previous *Member
	inv, err := is.redeem(ctx, code, userID, func(tx store.Tx, inv Invite, now time.Time) error {
		m = inv.MemberFor(userID, name, username)
		m.Joined = now
		var err error
		previous, err = bindIn(is.members.in(tx), m)
		return err
	})
	if err != nil {
		return inv, Member{}, nil, err
	}
	is.members.auditBind(ctx, m, previous, inv.CreatedBy)
	return inv, m, previous, nil
}

// redeem marks the code used and, in the same transaction, runs also (when
// not nil) with the invite.
func (is *Invites) redeem(ctx context.Context, code string, userID int64, also func(tx store.Tx, inv Invite, now time.Time) error) (Invite, error) {
	now := is.clock.Now()
	if is.throttled(ctx, userID, now) {
		return Invite{}, ErrInviteThrottled
	}
	code = NormalizeCode(code)
	var inv Invite
	err := is.kv.Txn(ctx, func(tx store.Tx) error {
		invs := is.recs.In(tx)
		var err error
		inv, err = invs.Get(code)
		if errors.Is(err, store.ErrNotFound) {
			return ErrInviteUnknown
		}
		if err != nil {
			return err
		}
		switch {
		case inv.UsedBy != 0:
			return ErrInviteUsed
		case !now.Before(inv.Expires):
			return ErrInviteExpired
		}
		inv.UsedBy, inv.Used = userID, now
		if err := invs.Put(code, inv); err != nil {
			return err
		}
		if also != nil {
			return also(tx, inv, now)
		}
		return nil
	})
	switch {
	case errors.Is(err, ErrInviteUnknown):
		is.fail(ctx, userID, now)
		return Invite{}, ErrInviteUnknown
	case errors.Is(err, ErrInviteUsed):
		return inv, ErrInviteUsed
	case errors.Is(err, ErrInviteExpired):
		return inv, ErrInviteExpired
	case err != nil:
		return Invite{}, fmt.Errorf("redeem invite: %w", err)
	}
	is.members.audit(ctx, AuditEntry{Actor: userID, Action: "invite.redeem", Target: code,
		Detail: fmt.Sprintf("role %s cluster %s unit %s", inv.Role, inv.Cluster, inv.Unit)})
	return inv, nil
}

type attempts struct {
	Since time.Time `json:"since"`
	Count int       `json:"count"`
}

func (is *Invites) throttled(ctx context.Context, userID int64, now time.Time) bool {
	a, err := is.tries.Get(ctx, strconv.FormatInt(userID, 10))
	if err != nil {
		return false // none, or unreadable: not throttled
	}
	return a.Count >= MaxInviteFailures && now.Before(a.Since.Add(InviteFailureWindow))
}

func (is *Invites) fail(ctx context.Context, userID int64, now time.Time) {
	// Best effort: a failure to count a wrong code only weakens throttling.
	_ = is.kv.Update(ctx, BucketAttempts, strconv.FormatInt(userID, 10), func(old []byte, exists bool) ([]byte, error) {
		var a attempts
		if exists {
			_ = json.Unmarshal(old, &a)
		}
		if a.Since.IsZero() || !now.Before(a.Since.Add(InviteFailureWindow)) {
			a = attempts{Since: now}
		}
		a.Count++
		return json.Marshal(a)
	})
}

// Get returns an invite by code.
func (is *Invites) Get(ctx context.Context, code string) (Invite, error) {
	inv, err := is.recs.Get(ctx, NormalizeCode(code))
	if errors.Is(err, store.ErrNotFound) {
		return Invite{}, ErrInviteUnknown
	}
	return inv, err
}

// MemberFor is the member an invite makes of a Telegram user.
func (inv Invite) MemberFor(userID int64, name, username string) Member {
	return Member{UserID: userID, Name: name, Username: username, Role: inv.Role, Cluster: inv.Cluster,
		Unit: inv.Unit, InvitedBy: inv.CreatedBy}
}

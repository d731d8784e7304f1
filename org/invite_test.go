package org

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store/storetest"
)

const inviteOrg = `clusters:
  - id: cum5
    name: Cụm 5
    scoring: t
    chair: hanoi
    units:
      - {id: hanoi, name: BHXH Hà Nội}
      - {id: namdinh, name: BHXH Nam Định}
`

func newInvites(t *testing.T) (*Invites, *Members, *clock.Fake) {
	t.Helper()
	cfg, _, err := Parse("org.yaml", []byte(inviteOrg))
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFake(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	kv := storetest.NewMem(clk)
	return NewInvites(kv, cfg, clk), NewMembers(kv, clk), clk
}

func TestInviteLifecycle(t *testing.T) {
	is, ms, clk := newInvites(t)
	ctx := context.Background()
	inv, err := is.Create(ctx, InviteRequest{Role: RoleFocal, Unit: "namdinh", CreatedBy: 7})
	if err != nil {
		t.Fatal(err)
	}
	if inv.Cluster != "cum5" || len(inv.Code) != 12 || !inv.Expires.Equal(clk.Now().Add(7*24*time.Hour)) {
		t.Errorf("invite = %+v", inv)
	}
	if got, want := inv.Link("@thidua_bot"), "https://t.me/thidua_bot?start="+inv.Code; got != want {
		t.Errorf("link = %q, want %q", got, want)
	}
	if inv.Link("") != "" {
		t.Errorf("link without bot name should be empty")
	}
	got, err := is.Redeem(ctx, "  "+strings.ToUpper(inv.Code)+" ", 100)
	if err != nil || got.UsedBy != 100 {
		t.Fatalf("Redeem = %+v, %v", got, err)
	}
	if _, err := is.Redeem(ctx, inv.Code, 101); !errors.Is(err, ErrInviteUsed) {
		t.Errorf("second Redeem err = %v, want ErrInviteUsed", err)
	}
	short, _ := is.Create(ctx, InviteRequest{Role: RoleMember, Unit: "hanoi", TTL: time.Hour})
	clk.Advance(time.Hour)
	if _, err := is.Redeem(ctx, short.Code, 102); !errors.Is(err, ErrInviteExpired) {
		t.Errorf("expired Redeem err = %v, want ErrInviteExpired", err)
	}
	log, err := ms.AuditLog(ctx)
	if err != nil || len(log) != 3 || log[0].Action != "invite.create" || log[1].Action != "invite.redeem" {
		t.Errorf("audit log = %+v, %v", log, err)
	}
}

func TestInviteValidation(t *testing.T) {
	is, _, _ := newInvites(t)
	ctx := context.Background()
	for _, req := range []InviteRequest{{Role: "boss", Unit: "hanoi"}, {Role: RoleFocal}, {Role: RoleFocal, Unit: "nowhere"}} {
		if _, err := is.Create(ctx, req); err == nil {
			t.Errorf("Create(%+v) accepted", req)
		}
	}
	if inv, err := is.Create(ctx, InviteRequest{Role: RoleAdmin}); err != nil || inv.Unit != "" {
		t.Errorf("admin invite = %+v, %v", inv, err)
	}
}

func TestWrongCodesThrottled(t *testing.T) {
	is, _, clk := newInvites(t)
	ctx := context.Background()
	inv, _ := is.Create(ctx, InviteRequest{Role: RoleFocal, Unit: "hanoi"})
	for i := range MaxInviteFailures {
		if _, err := is.Redeem(ctx, "sai-ma", 55); !errors.Is(err, ErrInviteUnknown) {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	if _, err := is.Redeem(ctx, inv.Code, 55); !errors.Is(err, ErrInviteThrottled) {
		t.Fatalf("right code while throttled: %v, want ErrInviteThrottled", err)
	}
	if _, err := is.Redeem(ctx, inv.Code, 56); err != nil {
		t.Fatalf("another user is not throttled: %v", err)
	}
	inv2, _ := is.Create(ctx, InviteRequest{Role: RoleFocal, Unit: "namdinh"})
	clk.Advance(InviteFailureWindow)
	if _, err := is.Redeem(ctx, inv2.Code, 55); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

func TestBindHandsOverFocal(t *testing.T) {
	_, ms, _ := newInvites(t)
	ctx := context.Background()
	old := Member{UserID: 1, Name: "Cũ", Role: RoleFocal, Cluster: "cum5", Unit: "hanoi"}
	if prev, err := ms.Bind(ctx, old, 0); err != nil || prev != nil {
		t.Fatalf("Bind old = %v, %v", prev, err)
	}
	prev, err := ms.Bind(ctx, Member{UserID: 2, Name: "Mới", Role: RoleFocal, Cluster: "cum5", Unit: "hanoi"}, 9)
	if err != nil || prev == nil || prev.UserID != 1 {
		t.Fatalf("Bind new = %+v, %v; want the old focal back", prev, err)
	}
	got, _ := ms.Get(ctx, 1)
	if got.Role != RoleMember {
		t.Errorf("old focal is now %s, want member", got.Role)
	}
	f, ok, _ := ms.Focal(ctx, "hanoi")
	if !ok || f.UserID != 2 {
		t.Errorf("focal of hanoi = %+v", f)
	}
	changed, err := ms.SetReachable(ctx, 2, false)
	if err != nil || !changed {
		t.Errorf("SetReachable = %v, %v", changed, err)
	}
	if changed, _ := ms.SetReachable(ctx, 2, false); changed {
		t.Errorf("second SetReachable(false) reported a change")
	}
	if _, err := ms.Revoke(ctx, 2, 9); err != nil {
		t.Fatal(err)
	}
	if _, err := ms.Get(ctx, 2); !errors.Is(err, ErrNoMember) {
		t.Errorf("after Revoke: %v", err)
	}
	log, _ := ms.AuditLog(ctx)
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action)
	}
	if got, want := strings.Join(actions, " "), "member.bind focal.handover member.bind member.revoke"; got != want {
		t.Errorf("audit = %q, want %q", got, want)
	}
}

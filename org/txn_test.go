package org

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store/storetest"
)

// TestConcurrentFocalBinds interleaves two binds of different focal points
// of one unit at their worst point: the first has looked for the unit's
// focal point (none) and is about to store itself when the second runs to
// the end. The unit must still end with exactly one focal point.
func TestConcurrentFocalBinds(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	kv := storetest.NewMem(clk)
	ms := NewMembers(kv, clk)
	ctx := context.Background()
	firstWaiting, secondDone := make(chan struct{}), make(chan struct{})
	var once sync.Once
	kv.Fail = func(op, bucket, key string) error {
		if op == "put" && bucket == BucketMembers && key == "1" {
			once.Do(func() {
				close(firstWaiting)
				<-secondDone
			})
		}
		return nil
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if _, err := ms.Bind(ctx, Member{UserID: 1, Name: "A", Role: RoleFocal, Cluster: "cum5", Unit: "hanoi"}, 0); err != nil {
			t.Error(err)
		}
	}()
	<-firstWaiting
	_, err := ms.Bind(ctx, Member{UserID: 2, Name: "B", Role: RoleFocal, Cluster: "cum5", Unit: "hanoi"}, 0)
	close(secondDone)
	if err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	all, err := ms.List(ctx, "cum5")
	if err != nil {
		t.Fatal(err)
	}
	var focal []int64
	for _, m := range all {
		if m.Unit == "hanoi" && m.Role == RoleFocal {
			focal = append(focal, m.UserID)
		}
	}
	if len(focal) != 1 {
		t.Fatalf("focal points of hanoi after two concurrent binds: %v; want exactly one", focal)
	}
}

// TestRedeemAndBindFailureKeepsCode fails the binding after the code was
// checked: the code must stay usable, and work on the next try.
func TestRedeemAndBindFailureKeepsCode(t *testing.T) {
	is, ms, _ := newInvites(t)
	kv := is.kv.(*storetest.Mem)
	ctx := context.Background()
	inv, err := is.Create(ctx, InviteRequest{Role: RoleFocal, Unit: "namdinh", CreatedBy: 9})
	if err != nil {
		t.Fatal(err)
	}
	failing := true
	kv.Fail = func(op, bucket, key string) error {
		if failing && op == "put" && bucket == BucketMembers {
			return errors.New("disk full")
		}
		return nil
	}
	if _, _, _, err := is.RedeemAndBind(ctx, inv.Code, 500, "Ngọc", ""); err == nil {
		t.Fatal("RedeemAndBind succeeded although the binding could not be stored")
	}
	if got, _ := is.Get(ctx, inv.Code); got.UsedBy != 0 {
		t.Fatalf("the code was burnt by a failed binding: used by %d", got.UsedBy)
	}
	failing = false
	_, m, _, err := is.RedeemAndBind(ctx, inv.Code, 500, "Ngọc", "")
	if err != nil || m.Role != RoleFocal || m.Unit != "namdinh" {
		t.Fatalf("retry = %+v, %v", m, err)
	}
	if got, err := ms.Get(ctx, 500); err != nil || got.Name != "Ngọc" || got.Joined.IsZero() {
		t.Fatalf("member after retry = %+v, %v", got, err)
	}
	if _, _, _, err := is.RedeemAndBind(ctx, inv.Code, 501, "Khác", ""); !errors.Is(err, ErrInviteUsed) {
		t.Fatalf("second redeem = %v; want ErrInviteUsed", err)
	}
	if _, err := ms.Get(ctx, 501); !errors.Is(err, ErrNoMember) {
		t.Fatalf("a used code bound someone: %v", err)
	}
}

// TestAuditFailuresLoggedAndCounted: a change whose audit entry cannot be
// written is made, and the failure is logged and counted.
func TestAuditFailuresLoggedAndCounted(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	kv := storetest.NewMem(clk)
	var logs bytes.Buffer
	ms := NewMembers(kv, clk, slog.New(slog.NewTextHandler(&logs, nil)))
	cfg, _, err := Parse("org.yaml", []byte(inviteOrg))
	if err != nil {
		t.Fatal(err)
	}
	is := NewInvites(kv, cfg, clk, ms)
	kv.Fail = func(op, bucket, key string) error {
		if op == "append" && bucket == BucketAudit {
			return errors.New("disk full")
		}
		return nil
	}
	ctx := context.Background()
	inv, err := is.Create(ctx, InviteRequest{Role: RoleFocal, Unit: "namdinh", CreatedBy: 9}) // invite.create
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := is.RedeemAndBind(ctx, inv.Code, 500, "Ngọc", ""); err != nil { // invite.redeem, member.bind
		t.Fatal(err)
	}
	if _, err := ms.Bind(ctx, Member{UserID: 501, Role: RoleFocal, Cluster: "cum5", Unit: "namdinh"}, 9); err != nil { // focal.handover, member.bind
		t.Fatal(err)
	}
	if _, err := ms.Revoke(ctx, 501, 9); err != nil { // member.revoke
		t.Fatal(err)
	}
	if got := ms.AuditFailures(); got != 6 {
		t.Errorf("AuditFailures = %d; want 6", got)
	}
	for _, action := range []string{"invite.create", "invite.redeem", "member.bind", "focal.handover", "member.revoke"} {
		if !strings.Contains(logs.String(), "action="+action) {
			t.Errorf("no log line for the lost %s entry:\n%s", action, logs.String())
		}
	}
}

// TestMembersByUnit: the unit index follows binds, moves and revokes, and
// the schema step rebuilds it for members stored without it.
func TestMembersByUnit(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	kv := storetest.NewMem(clk)
	ms := NewMembers(kv, clk)
	ctx := context.Background()
	focal := func(unit string) int64 {
		t.Helper()
		m, ok, err := ms.Focal(ctx, unit)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return 0
		}
		return m.UserID
	}
	if _, err := ms.Bind(ctx, Member{UserID: 10, Role: RoleFocal, Cluster: "cum5", Unit: "hanoi"}, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := ms.Bind(ctx, Member{UserID: 9, Role: RoleMember, Cluster: "cum5", Unit: "hanoi"}, 0); err != nil {
		t.Fatal(err)
	}
	if got := focal("hanoi"); got != 10 {
		t.Fatalf("focal of hanoi = %d; want 10", got)
	}
	// 10 moves to Nam Định as its focal point: Hà Nội has none left.
	if _, err := ms.Bind(ctx, Member{UserID: 10, Role: RoleFocal, Cluster: "cum5", Unit: "namdinh"}, 0); err != nil {
		t.Fatal(err)
	}
	if a, b := focal("hanoi"), focal("namdinh"); a != 0 || b != 10 {
		t.Fatalf("after the move: focal of hanoi %d, of namdinh %d; want 0, 10", a, b)
	}
	if _, err := ms.Revoke(ctx, 10, 0); err != nil {
		t.Fatal(err)
	}
	if got := focal("namdinh"); got != 0 {
		t.Fatalf("focal of namdinh after the revoke = %d", got)
	}
	if items, _ := kv.List(ctx, BucketMembersByUnit, ""); len(items) != 1 || items[0].Key != "hanoi/9" {
		t.Fatalf("unit index = %v; want only hanoi/9", items)
	}
	// Members stored before the index existed, and a stale entry.
	kv.Put(ctx, BucketMembers, "20", []byte(`{"user_id":20,"role":"focal","cluster":"cum5","unit":"namdinh"}`))
	kv.Put(ctx, BucketMembersByUnit, "hanoi/77", []byte(`{}`))
	if got := focal("namdinh"); got != 0 {
		t.Fatalf("a member without an index entry was found (%d): the test does not exercise the step", got)
	}
	n, err := IndexMembersByUnit(ctx, kv)
	if err != nil || n != 2 {
		t.Fatalf("IndexMembersByUnit = %d, %v; want 2 changes", n, err)
	}
	if got := focal("namdinh"); got != 20 {
		t.Fatalf("focal of namdinh after the step = %d; want 20", got)
	}
	if n, err := IndexMembersByUnit(ctx, kv); err != nil || n != 0 {
		t.Fatalf("second run = %d, %v; want no change", n, err)
	}
}

package org

import "testing"

// TestRoleMatrix spells out, for every action and role, whether the action is
// allowed on: the member's own unit, another unit of the own cluster, the own
// cluster as a whole, a unit of another cluster, another cluster as a whole.
func TestRoleMatrix(t *testing.T) {
	people := map[Role]Member{
		RoleAdmin:  {UserID: 1, Role: RoleAdmin},
		RoleChair:  {UserID: 2, Role: RoleChair, Cluster: "cum5", Unit: "hanoi"},
		RoleDeputy: {UserID: 3, Role: RoleDeputy, Cluster: "cum5", Unit: "haiphong"},
		RoleFocal:  {UserID: 4, Role: RoleFocal, Cluster: "cum5", Unit: "hanoi"},
		RoleMember: {UserID: 5, Role: RoleMember, Cluster: "cum5", Unit: "hanoi"},
	}
	targets := func(m Member) []Target {
		own := m.Unit
		if own == "" {
			own = "hanoi"
		}
		sibling := "namdinh"
		if own == "namdinh" {
			sibling = "hanoi"
		}
		return []Target{{"cum5", own}, {"cum5", sibling}, {"cum5", ""}, {"cum6", "danang"}, {"cum6", ""}}
	}
	//                 admin    chair    deputy   focal    member
	want := map[Action][5]string{
		ActSubmit:      {"11111", "11100", "11100", "10000", "00000"},
		ActProgress:    {"11111", "11100", "11100", "00000", "00000"},
		ActRanking:     {"11111", "11100", "11100", "11100", "00000"},
		ActScore:       {"11111", "11100", "11100", "10000", "00000"},
		ActExport:      {"11111", "11100", "11100", "00000", "00000"},
		ActAsk:         {"11111", "11100", "11100", "11100", "11100"},
		ActCalendar:    {"11111", "11100", "11100", "11100", "11100"},
		ActMeeting:     {"11111", "11100", "11100", "00000", "00000"},
		ActDossier:     {"11111", "11100", "11100", "10000", "00000"},
		ActAwards:      {"11111", "11100", "11100", "00000", "00000"},
		ActAwardReport: {"11111", "11100", "11100", "10000", "00000"},
		ActInvite:      {"11111", "11100", "00000", "00000", "00000"},
		ActMembers:     {"11111", "11100", "00000", "00000", "00000"},
	}
	if len(want) != len(Actions()) {
		t.Fatalf("matrix covers %d actions, Actions() has %d", len(want), len(Actions()))
	}
	for _, a := range Actions() {
		for i, r := range AllRoles() {
			m := people[r]
			got := ""
			for _, tg := range targets(m) {
				got += map[bool]string{true: "1", false: "0"}[m.May(a, tg)]
			}
			if got != want[a][i] {
				t.Errorf("%s × %s: got %s, want %s (own unit, sibling unit, own cluster, foreign unit, foreign cluster)", a, r, got, want[a][i])
			}
			if gotSet := ActionRoles(a).Has(r); gotSet != (want[a][i] != "00000") {
				t.Errorf("ActionRoles(%s).Has(%s) = %v", a, r, gotSet)
			}
		}
	}
}

func TestMemberWithoutClusterMayNothingScoped(t *testing.T) {
	m := Member{Role: RoleChair} // a broken record must not read everything
	for _, a := range Actions() {
		if m.May(a, Target{}) || m.May(a, Target{Cluster: "cum5"}) {
			t.Errorf("%s allowed for a chair without cluster", a)
		}
	}
}

func TestRoleSet(t *testing.T) {
	s := Roles(RoleChair, RoleDeputy)
	for _, r := range AllRoles() {
		if got, want := s.Has(r), r == RoleChair || r == RoleDeputy; got != want {
			t.Errorf("Has(%s) = %v", r, got)
		}
		if !Registered.Has(r) {
			t.Errorf("Registered lacks %s", r)
		}
	}
	if s.Has("") || Registered.Has("ghost") {
		t.Errorf("unknown roles reported present")
	}
	if _, err := ParseRole("focal"); err != nil {
		t.Error(err)
	}
	if _, err := ParseRole("boss"); err == nil {
		t.Error("ParseRole(boss) accepted")
	}
}

package org

import "fmt"

// Role is what a person is in the organisation. A person has exactly one.
type Role string

// Roles, from the widest to the narrowest.
const (
	RoleAdmin  Role = "admin"  // standing council staff: every cluster
	RoleChair  Role = "chair"  // cluster chair (cụm trưởng): own cluster
	RoleDeputy Role = "deputy" // cluster deputy (cụm phó): own cluster, reading and chasing
	RoleFocal  Role = "focal"  // focal point of a unit (đầu mối): own unit
	RoleMember Role = "member" // any member of a unit: questions, notices
)

// AllRoles lists every role in a stable order.
func AllRoles() []Role { return []Role{RoleAdmin, RoleChair, RoleDeputy, RoleFocal, RoleMember} }

// ParseRole accepts the role names used by the CLI and invites.
func ParseRole(s string) (Role, error) {
	for _, r := range AllRoles() {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q (want admin, chair, deputy, focal or member)", s)
}

// RoleSet is a set of roles, for declaring who may use a command.
type RoleSet uint8

// Registered is every role: anyone bound to the organisation.
const Registered RoleSet = 1<<5 - 1

func (r Role) bit() RoleSet {
	for i, x := range AllRoles() {
		if x == r {
			return 1 << i
		}
	}
	return 0
}

// Roles builds a set.
func Roles(rs ...Role) RoleSet {
	var s RoleSet
	for _, r := range rs {
		s |= r.bit()
	}
	return s
}

// Has reports whether r is in the set.
func (s RoleSet) Has(r Role) bool { return r != "" && s&r.bit() != 0 }

// Action is something a person may ask the bot to do; each command maps to one.
type Action string

// Actions, named after their commands.
const (
	ActSubmit   Action = "baocao"    // submit or edit a unit's monthly report
	ActProgress Action = "tiendo"    // see who has submitted in a cluster
	ActRanking  Action = "xephang"   // see a cluster's ranking
	ActScore    Action = "diem"      // see a unit's score breakdown
	ActExport   Action = "xuat"      // export a cluster to Excel
	ActAsk      Action = "hoi"       // ask a regulation question
	ActCalendar Action = "lich"      // see upcoming deadlines and meetings
	ActMeeting  Action = "hop"       // schedule a cluster meeting
	ActDossier  Action = "hoso"      // award dossier checklist of a unit
	ActInvite   Action = "moi"       // create invite codes
	ActMembers  Action = "thanhvien" // list, revoke, hand over roles
	ActAwards   Action = "binhxet"   // award season: eligibility, nominees, warnings
	// ActAwardReport drafts a unit's achievement report for an award.
	ActAwardReport Action = "baocaothanhtich"
)

// Actions lists every action, in the order /help shows them.
func Actions() []Action {
	return []Action{ActSubmit, ActProgress, ActRanking, ActScore, ActDossier, ActCalendar, ActMeeting, ActAwards, ActAwardReport, ActExport, ActAsk, ActInvite, ActMembers}
}

// scope says how far an allowed role reaches.
type scope int

const (
	scopeNone    scope = iota
	scopeUnit          // own unit only
	scopeCluster       // any unit of own cluster
	scopeAll           // everything
)

// rule is the single table of who may do what; bot commands and the role
// matrix test read it, so the two cannot drift apart.
func rule(a Action, r Role) scope {
	if r == RoleAdmin {
		return scopeAll
	}
	switch a {
	case ActSubmit, ActScore, ActDossier, ActAwardReport:
		switch r {
		case RoleChair, RoleDeputy:
			return scopeCluster
		case RoleFocal:
			return scopeUnit
		}
	case ActProgress, ActExport, ActMeeting, ActAwards:
		if r == RoleChair || r == RoleDeputy {
			return scopeCluster
		}
	case ActRanking:
		if r == RoleChair || r == RoleDeputy || r == RoleFocal {
			return scopeCluster
		}
	case ActAsk, ActCalendar:
		return scopeCluster
	case ActInvite, ActMembers:
		if r == RoleChair {
			return scopeCluster
		}
	}
	return scopeNone
}

// ActionRoles is the set of roles that may use the action at all (for some target).
func ActionRoles(a Action) RoleSet {
	var s RoleSet
	for _, r := range AllRoles() {
		if rule(a, r) != scopeNone {
			s |= r.bit()
		}
	}
	return s
}

// Target is what an action is about: a cluster, and for unit-level data a
// unit of that cluster. An empty Unit means the cluster as a whole.
type Target struct {
	Cluster string
	Unit    string
}

// May reports whether m may perform a on t: the role allows the action and
// the target lies within the member's reach (own unit, own cluster, or all).
func (m Member) May(a Action, t Target) bool {
	switch rule(a, m.Role) {
	case scopeAll:
		return true
	case scopeCluster:
		return m.Cluster != "" && t.Cluster == m.Cluster
	case scopeUnit:
		return m.Unit != "" && t.Unit == m.Unit && t.Cluster == m.Cluster
	}
	return false
}

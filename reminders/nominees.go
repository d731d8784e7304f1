package reminders

import (
	"github.com/thiduabot/thiduabot/org"
)

// Nominated is implemented by a State that knows which units a dossier
// occurrence is owed by in a cluster because the dossier belongs to an award
// (award season): the units the chair proposed, and nobody before that.
// Nominees reports false for a dossier that is not an award's: its owers are
// then given by its audience (Owers).
type Nominated interface {
	Nominees(dossier, occurrence, cluster string) ([]string, bool)
}

// OwersIn returns the units of cl that owe the occurrence of d: the
// nominees when st knows them, else d.Owers(cl).
func (d *Dossier) OwersIn(st State, occurrence string, cl *org.Cluster) []org.Unit {
	n, ok := st.(Nominated)
	if !ok {
		return d.Owers(cl)
	}
	ids, ok := n.Nominees(d.ID, occurrence, cl.ID)
	if !ok {
		return d.Owers(cl)
	}
	var out []org.Unit
	for _, u := range cl.Units {
		for _, id := range ids {
			if u.ID == id {
				out = append(out, u)
			}
		}
	}
	return out
}

// nominated reports whether the occurrence's owers are nominees.
func nominated(st State, d *Dossier, occurrence, cluster string) bool {
	if n, ok := st.(Nominated); ok {
		_, ok := n.Nominees(d.ID, occurrence, cluster)
		return ok
	}
	return false
}

// MissingOf returns the names of the required documents of d owned by owner
// (OwnerNominee or OwnerChair) that are not in done.
func (d *Dossier) MissingOf(done map[string]bool, owner string) []string {
	var out []string
	for _, it := range d.Checklist {
		if it.Owner == owner && !it.Optional && !done[it.ID] {
			out = append(out, it.Name)
		}
	}
	return out
}

// Owned returns d with only the documents owner prepares, and the index in
// d.Checklist of each.
func (d *Dossier) Owned(owner string) (*Dossier, []int) {
	cp := *d
	cp.Checklist = nil
	var idx []int
	for i, it := range d.Checklist {
		if it.Owner == owner {
			cp.Checklist = append(cp.Checklist, it)
			idx = append(idx, i)
		}
	}
	return &cp, idx
}

func nomineesKey(dossier, occurrence, cluster string) string {
	return dossier + "/" + occurrence + "/" + cluster
}

// SetNominees records that the occurrence of dossier is owed in cluster by
// units (possibly none: the vote has not named anyone yet).
func (s *Snapshot) SetNominees(dossier, occurrence, cluster string, units []string) {
	if s.NomineeLists == nil {
		s.NomineeLists = map[string][]string{}
	}
	s.NomineeLists[nomineesKey(dossier, occurrence, cluster)] = append([]string{}, units...)
}

// Nominees implements Nominated.
func (s *Snapshot) Nominees(dossier, occurrence, cluster string) ([]string, bool) {
	ids, ok := s.NomineeLists[nomineesKey(dossier, occurrence, cluster)]
	return ids, ok
}

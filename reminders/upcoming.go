package reminders

import (
	"sort"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/vi"
)

// Viewer is the person asking /lich or /hoso, as the bot's role check
// resolved them.
type Viewer struct {
	Cluster string // their cluster; ignored for admins
	Unit    string // their unit, "" when they have none
	Chair   bool   // chair or deputy of Cluster
	Admin   bool   // sees every cluster
}

// EntryKind says what an Upcoming entry is.
type EntryKind string

// Entry kinds.
const (
	EntryData    EntryKind = "data"
	EntryEvent   EntryKind = "event"
	EntryDossier EntryKind = "dossier"
	EntryMeeting EntryKind = "meeting"
)

// Entry is one coming deadline or meeting that concerns a viewer.
type Entry struct {
	Kind       EntryKind
	At         time.Time // the (moved) deadline or the start
	Title      string
	Place      string
	Cluster    string
	Item       string
	Occurrence string
	Year       int // data: the period
	Month      time.Month
	Done       bool     // data: the viewer's unit confirmed; dossier: its checklist is complete
	Missing    []string // dossier: documents the viewer's unit still owes
	// Owed: the viewer's unit owes the dossier (Missing is its part). A
	// chair or admin whose unit does not owe it sees Units, how many units
	// owe it (none before an award's vote names any), and UnitsDone, how
	// many of them have every document.
	Owed             bool
	Units, UnitsDone int
	MeetingID        string
}

// Upcoming lists the deadlines and meetings in [from, to) that concern v,
// in time order: the monthly data deadline of their cluster, the events
// whose audience includes them, the dossiers their unit owes (all of the
// cluster's for a chair) and the meetings of their cluster.
func Upcoming(cal *Calendar, st State, v Viewer, from, to time.Time) []Entry {
	var out []Entry
	if cal == nil || cal.Org == nil {
		return nil
	}
	clusters := make([]*org.Cluster, 0, 1)
	for i := range cal.Org.Clusters {
		if v.Admin || cal.Org.Clusters[i].ID == v.Cluster {
			clusters = append(clusters, &cal.Org.Clusters[i])
		}
	}
	for _, cl := range clusters {
		for _, per := range cal.periodsFor(from, to) {
			deadline, _ := cal.SubmissionWindow(cl.ID, per.Year(), per.Month())
			if deadline.Before(from) || !deadline.Before(to) {
				continue
			}
			out = append(out, Entry{Kind: EntryData, At: deadline, Cluster: cl.ID, Item: "submission",
				Occurrence: per.Format("2006-01"), Year: per.Year(), Month: per.Month(),
				Title: "Số liệu " + vi.Month(per.Year(), per.Month()),
				Done:  v.Unit != "" && st.Confirmed(v.Unit, per.Year(), per.Month())})
		}
		for _, ev := range cal.Events {
			if ev.Audience != AudienceAll && len(ev.Clusters) > 0 && !contains(ev.Clusters, cl.ID) {
				continue
			}
			if ev.Audience == AudienceChairs && !v.Chair && !v.Admin {
				continue
			}
			for _, t := range ev.When.Occurrences(from.AddDate(0, 0, -31), to, cal.Location) {
				due := cal.NextWorkingDay(t)
				if due.Before(from) || !due.Before(to) {
					continue
				}
				out = append(out, Entry{Kind: EntryEvent, At: due, Title: ev.Title, Place: ev.Place, Cluster: cl.ID,
					Item: "event/" + ev.ID, Occurrence: t.Format("2006-01-02")})
			}
		}
		for _, do := range cal.DossierOccurrences(from, to) {
			d := do.Dossier
			if len(d.Clusters) > 0 && !contains(d.Clusters, cl.ID) {
				continue
			}
			// An award's dossier is owed by its nominees (as /hoso and the
			// reminders see it), otherwise by its audience.
			owes := false
			for _, u := range d.OwersIn(st, do.Occurrence, cl) {
				owes = owes || u.ID == v.Unit
			}
			if !owes && !v.Chair && !v.Admin {
				continue
			}
			e := Entry{Kind: EntryDossier, At: do.Due, Title: d.Title, Cluster: cl.ID, Item: "dossier/" + d.ID, Occurrence: do.Occurrence, Owed: owes}
			if owes {
				done := st.ChecklistDone(d.ID, do.Occurrence, v.Unit)
				e.Missing = d.Missing(done)
				if nominated(st, d, do.Occurrence, cl.ID) {
					e.Missing = d.MissingOf(done, OwnerNominee) // the chair's part is the chair's
				}
				e.Done = len(e.Missing) == 0
			} else {
				for _, s := range DossierStatus(cal, st, d, do.Occurrence, cl) {
					e.Units++
					if s.Complete {
						e.UnitsDone++
					}
				}
				e.Done = e.Units > 0 && e.UnitsDone == e.Units
			}
			out = append(out, e)
		}
		for _, m := range st.Meetings() {
			if m.Cluster != cl.ID || m.Cancelled || m.Start.Before(from) || !m.Start.Before(to) {
				continue
			}
			place := m.Place
			if place == "" {
				place = m.Link
			}
			out = append(out, Entry{Kind: EntryMeeting, At: m.Start.In(cal.Location), Title: m.Title, Place: place,
				Cluster: cl.ID, Item: "meeting/" + m.ID, MeetingID: m.ID})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.Before(out[j].At)
		}
		return out[i].Item+out[i].Cluster < out[j].Item+out[j].Cluster
	})
	return out
}

// FormatUpcoming renders entries as the /lich message.
func FormatUpcoming(entries []Entry) string {
	if len(entries) == 0 {
		return msg.LichEmpty
	}
	lines := []string{msg.LichHeader}
	for _, e := range entries {
		when := vi.DateTime(e.At)
		switch e.Kind {
		case EntryData:
			lines = append(lines, msg.LichData(when, vi.Month(e.Year, e.Month), e.Done))
		case EntryDossier:
			if !e.Owed {
				lines = append(lines, msg.LichDossierUnits(when, e.Title, e.UnitsDone, e.Units))
				continue
			}
			lines = append(lines, msg.LichDossier(when, e.Title, len(e.Missing)))
		default:
			lines = append(lines, msg.LichEvent(when, e.Title, e.Place))
		}
	}
	return strings.Join(lines, "\n")
}

// DossierOccurrence is one coming deadline of a dossier.
type DossierOccurrence struct {
	Dossier    *Dossier
	Occurrence string    // the scheduled date, the id used by MarkItem and Progress
	Due        time.Time // moved to the next working day
}

// DossierOccurrences returns the dossier deadlines due in [from, to), in
// time order: what /hoso offers.
func (c *Calendar) DossierOccurrences(from, to time.Time) []DossierOccurrence {
	var out []DossierOccurrence
	for i := range c.Dossiers {
		d := &c.Dossiers[i]
		for _, t := range d.When.Occurrences(from.AddDate(0, 0, -31), to, c.Location) {
			due := c.NextWorkingDay(t)
			if due.Before(from) || !due.Before(to) {
				continue
			}
			out = append(out, DossierOccurrence{Dossier: d, Occurrence: t.Format("2006-01-02"), Due: due})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Due.Before(out[j].Due) })
	return out
}

// Dossier returns the dossier with id.
func (c *Calendar) Dossier(id string) (*Dossier, bool) {
	for i := range c.Dossiers {
		if c.Dossiers[i].ID == id {
			return &c.Dossiers[i], true
		}
	}
	return nil, false
}

// UnitStatus is one unit's progress on a dossier, for the chair's /hoso view.
type UnitStatus struct {
	Unit     string
	Name     string
	Done     []string // names of the documents done
	Missing  []string // names of the required documents still owed
	Complete bool
}

// DossierStatus returns every owing unit's progress on one occurrence of d.
func DossierStatus(cal *Calendar, st State, d *Dossier, occurrence string, cl *org.Cluster) []UnitStatus {
	var out []UnitStatus
	for _, u := range d.OwersIn(st, occurrence, cl) {
		done := st.ChecklistDone(d.ID, occurrence, u.ID)
		s := UnitStatus{Unit: u.ID, Name: u.Name, Missing: d.Missing(done)}
		for _, it := range d.Checklist {
			if done[it.ID] {
				s.Done = append(s.Done, it.Name)
			}
		}
		s.Complete = len(s.Missing) == 0
		out = append(out, s)
	}
	return out
}

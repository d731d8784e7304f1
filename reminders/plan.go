package reminders

import (
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/thiduabot/thiduabot/org"
)

// Kind says what a reminder is about; the text and buttons depend on it.
type Kind string

// Reminder kinds.
const (
	KindData              Kind = "data"               // before the monthly data deadline
	KindDataOverdue       Kind = "data_overdue"       // after it, to units still without a confirmed report
	KindDataEscalation    Kind = "data_escalation"    // to the chair: who is late and who their focal points are
	KindDataUnlocked      Kind = "data_unlocked"      // once before a reopened period locks again, to a unit that still owes it
	KindEvent             Kind = "event"              // before a calendar event
	KindDossier           Kind = "dossier"            // before a dossier deadline, to units with an incomplete checklist
	KindDossierOverdue    Kind = "dossier_overdue"    // after it
	KindDossierEscalation Kind = "dossier_escalation" // to the chair
	KindMeeting           Kind = "meeting"            // before a meeting a chair scheduled
	KindMeetingNotice     Kind = "meeting_notice"     // a meeting was scheduled or moved
	KindMeetingCancel     Kind = "meeting_cancel"     // a meeting was cancelled
)

// Audiences of a single reminder (Reminder.Audience).
const (
	ToUnit   = "unit"   // the registered people of Reminder.Unit
	ToChairs = "chairs" // the chair and deputy people of Reminder.Cluster
	ToGroup  = "group"  // the cluster's group chat
)

// Recipient is one chat a reminder goes to: a person's private chat (their
// Telegram user id) or a group chat.
type Recipient struct {
	ChatID int64  `json:"chat_id"`
	Name   string `json:"name,omitempty"`
	// Joined is when the person joined their unit (zero when unknown):
	// whoever joins after a meeting's notice went out is sent it then.
	Joined time.Time `json:"-"`
}

// LateUnit is a unit named in an escalation, with the people to call.
type LateUnit struct {
	Unit    string      `json:"unit"`
	Name    string      `json:"name"`
	Focal   []Recipient `json:"focal"`
	Missing []string    `json:"missing,omitempty"` // dossier documents still owed
}

// Params are what the text of a reminder needs besides its kind and times.
type Params struct {
	Title       string     `json:"title,omitempty"`
	Place       string     `json:"place,omitempty"`
	Link        string     `json:"link,omitempty"`
	Agenda      string     `json:"agenda,omitempty"`
	ClusterName string     `json:"cluster_name,omitempty"`
	UnitName    string     `json:"unit_name,omitempty"`
	Year        int        `json:"year,omitempty"` // the data period
	Month       time.Month `json:"month,omitempty"`
	Lock        time.Time  `json:"lock,omitzero"`
	Missing     []string   `json:"missing,omitempty"` // dossier documents still owed
	LateUnits   []LateUnit `json:"late_units,omitempty"`
	PrevStart   time.Time  `json:"prev_start,omitzero"` // a moved meeting's old start
	MeetingID   string     `json:"meeting_id,omitempty"`
}

// Reminder is one planned message to one unit (or the chairs, or a group
// chat) about one occurrence of one item.
//
// Key is stable across runs and processes: item/occurrence/addressee/step,
// for example "submission/2026-05/phu_tho/t-7d". Target is the key without
// its step: snoozes and "Đã xong" apply to a target.
type Reminder struct {
	Key        string      `json:"key"`
	Target     string      `json:"target"`
	SendAt     time.Time   `json:"send_at"`
	Item       string      `json:"item"`
	Occurrence string      `json:"occurrence"`
	Step       string      `json:"step"`
	Kind       Kind        `json:"kind"`
	Cluster    string      `json:"cluster"`
	Unit       string      `json:"unit"`
	Audience   string      `json:"audience"`
	Due        time.Time   `json:"due"`
	Recipients []Recipient `json:"recipients"`
	Snoozes    int         `json:"snoozes,omitempty"` // times the target was already snoozed
	// DaysOverdue counts working days after the deadline (overdue steps and
	// escalations).
	DaysOverdue int `json:"days_overdue,omitempty"`
	// Params are shared by the steps of one target: read, never modify.
	Params *Params `json:"params"`
}

// State is what planning needs to know beyond the calendar. Plan only reads
// it; the runner loads a fresh one every tick.
type State interface {
	// Confirmed reports whether unit has a confirmed report for the month.
	Confirmed(unit string, year int, month time.Month) bool
	// ChecklistDone returns the ids of the dossier documents unit has done
	// for one occurrence of a dossier deadline.
	ChecklistDone(dossier, occurrence, unit string) map[string]bool
	// Done reports whether someone pressed "Đã xong" for a target.
	Done(target string) bool
	// Snoozes returns the times until which a target was snoozed, in order.
	Snoozes(target string) []time.Time
	// Recipients returns the registered people (focal points) of a unit.
	Recipients(unit string) []Recipient
	// ChairRecipients returns the chair and deputy people of a cluster.
	ChairRecipients(cluster string) []Recipient
	// Meetings returns the meetings chairs scheduled, cancelled ones included.
	Meetings() []Meeting
}

// MaxSnoozes is how often one target may be put off by "Nhắc lại sau 2 giờ".
const MaxSnoozes = 2

// SnoozeFor is how long "Nhắc lại sau 2 giờ" puts a reminder off.
const SnoozeFor = 2 * time.Hour

// Plan returns every reminder whose send time is in [from, to), ordered by
// send time then key. It is a pure function of its arguments.
func Plan(cal *Calendar, st State, from, to time.Time) []Reminder {
	if cal == nil || cal.Org == nil || !from.Before(to) {
		return nil
	}
	p := &planner{cal: cal, st: st, from: from.In(cal.Location), to: to.In(cal.Location),
		people: map[string][]Recipient{}, chairs: map[string][]Recipient{}}
	p.submissions()
	p.reopened()
	p.events()
	p.dossiers()
	p.meetings()
	// Sort indexes, not the (large) reminders themselves.
	idx := make([]int, len(p.out))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(i, j int) bool {
		a, b := &p.out[idx[i]], &p.out[idx[j]]
		if !a.SendAt.Equal(b.SendAt) {
			return a.SendAt.Before(b.SendAt)
		}
		return a.Key < b.Key
	})
	out := make([]Reminder, len(idx))
	for i, k := range idx {
		out[i] = p.out[k]
	}
	return out
}

type planner struct {
	cal      *Calendar
	st       State
	from, to time.Time
	out      []Reminder
	people   map[string][]Recipient // unit → recipients, cached for this plan
	chairs   map[string][]Recipient
}

func (p *planner) in(t time.Time) bool { return !t.Before(p.from) && t.Before(p.to) }

func (p *planner) unitPeople(unit string) []Recipient {
	r, ok := p.people[unit]
	if !ok {
		r = nonNil(p.st.Recipients(unit))
		p.people[unit] = r
	}
	return r
}

func (p *planner) chairPeople(cluster string) []Recipient {
	r, ok := p.chairs[cluster]
	if !ok {
		r = nonNil(p.st.ChairRecipients(cluster))
		p.chairs[cluster] = r
	}
	return r
}

// unlockState is a State that knows the periods chairs reopened
// (Snapshot is one); without it nobody is reminded of a reopened period.
type unlockState interface {
	Unlocked() []Unlock
}

// reopened reminds a unit once, in working hours on the last working day
// of the window, of a period a chair reopened for it (/baocao mo) that it
// has still not confirmed: the ordinary data reminders stopped at the lock.
// A new window (another /baocao mo) is reminded of again.
func (p *planner) reopened() {
	us, ok := p.st.(unlockState)
	if !ok {
		return
	}
	for _, ul := range us.Unlocked() {
		u, cl, known := p.cal.Org.Unit(ul.Unit)
		if !known || p.st.Confirmed(ul.Unit, ul.Year, ul.Month) {
			continue
		}
		// A window that ends before the period's own lock changes nothing:
		// the ordinary reminders run to the lock.
		if _, lock := p.cal.SubmissionWindow(cl.ID, ul.Year, ul.Month); !ul.Until.After(lock) {
			continue
		}
		at, ok := p.cal.lastSlotBefore(ul.Until)
		if !ok {
			continue
		}
		occ := time.Date(ul.Year, ul.Month, 1, 0, 0, 0, 0, p.cal.Location).Format("2006-01")
		until := ul.Until.In(p.cal.Location)
		p.emit(Reminder{Target: "submission/" + occ + "/" + u.ID, Step: "unlocked-" + until.Format("20060102"),
			SendAt: at, Item: "submission", Occurrence: occ, Kind: KindDataUnlocked, Cluster: cl.ID, Unit: u.ID,
			Audience: ToUnit, Due: until, Recipients: p.unitPeople(u.ID),
			Params: &Params{UnitName: u.Name, ClusterName: cl.Name, Year: ul.Year, Month: ul.Month, Lock: until}})
	}
}

// lastSlotBefore is the start of working hours on the last working day
// before end (within a week); ok is false when there is none.
func (c *Calendar) lastSlotBefore(end time.Time) (time.Time, bool) {
	end = end.In(c.Location)
	for d := 1; d <= 7; d++ {
		day := c.addDays(end, -d)
		if !c.IsWorkingDay(day) {
			continue
		}
		if at := c.at(day, c.WorkStart); at.Before(end) {
			return at, true
		}
	}
	return time.Time{}, false
}

// attendeeState is a State that knows who is invited to chairs' meetings
// (Snapshot is one); other States invite the focal points.
type attendeeState interface {
	Attendees(unit string) []Recipient
}

func (p *planner) attendees(unit string) []Recipient {
	if a, ok := p.st.(attendeeState); ok {
		return nonNil(a.Attendees(unit))
	}
	return p.unitPeople(unit)
}

func nonNil(r []Recipient) []Recipient {
	if r == nil {
		return []Recipient{}
	}
	return r
}

// emit adds r when its time is in the window.
func (p *planner) emit(r Reminder) {
	if !p.in(r.SendAt) {
		return
	}
	r.Key = r.Target + "/" + r.Step
	p.out = append(p.out, r)
}

// step is one planned send time of an occurrence.
type step struct {
	name string
	at   time.Time
	kind Kind
	days int // overdue working days
}

// beforeSteps computes the before-deadline reminders of a due time. A day
// offset goes out at the item's "at" time, moved to the previous working day
// when it falls on a day off; an hour offset goes out at due−offset when
// that is in working hours, at the start of that working day when it is
// earlier that morning, otherwise at "at" on the previous working day.
// Steps after the due time are dropped.
func (c *Calendar) beforeSteps(due time.Time, o Offsets, kind Kind) []step {
	steps := make([]step, 0, len(o.Before))
	for _, off := range o.Before {
		var t time.Time
		if off.Days >= 0 {
			t = c.PrevWorkingDay(c.at(c.addDays(due, -off.Days), o.At))
		} else {
			t = due.Add(-off.Dur).In(c.Location)
			if !c.InWorkingHours(t) {
				m := t.Hour()*60 + t.Minute()
				if s := c.at(t, c.WorkStart); c.IsWorkingDay(t) && m < c.WorkStart && s.Before(due) {
					t = s
				} else {
					t = c.PrevWorkingDay(c.at(c.addDays(t, -1), o.At))
				}
			}
		}
		if t.After(due) {
			continue
		}
		steps = append(steps, step{name: "t-" + off.Name(), at: t, kind: kind})
	}
	return steps
}

// overdueSteps are one reminder per working day after the deadline at "at",
// for OverdueDays days, none at or after stop (the lock) when stop is set.
func (c *Calendar) overdueSteps(due time.Time, o Offsets, kind Kind, stop time.Time) []step {
	var steps []step
	for k := 1; k <= o.OverdueDays; k++ {
		t := c.workingDayAfter(due, k, o.At)
		if !stop.IsZero() && !t.Before(stop) {
			break
		}
		steps = append(steps, step{name: "overdue-" + strconv.Itoa(k), at: t, kind: kind, days: k})
	}
	return steps
}

// escalationAt is the working day after the last overdue reminder, at "at".
func (c *Calendar) escalationAt(due time.Time, o Offsets) time.Time {
	return c.workingDayAfter(due, o.OverdueDays+1, o.At)
}

// SnoozeHorizon bounds how long after its due time a target can still be
// snoozed: older snoozes are ignored, which keeps planning a window cheap.
const SnoozeHorizon = 31 * 24 * time.Hour

// snoozeSteps turns the snoozes of a target into reminders at the next
// working slot after each snooze ends.
func (p *planner) snoozeSteps(target string, due time.Time) ([]step, int) {
	ss := p.st.Snoozes(target)
	steps := make([]step, 0, len(ss))
	for i, until := range ss {
		if i >= MaxSnoozes || until.After(due.Add(SnoozeHorizon)) {
			break
		}
		steps = append(steps, step{name: "snooze-" + strconv.Itoa(i+1), at: p.cal.NextSlot(until)})
	}
	return steps, len(ss)
}

// emitSteps emits r at each step and at each snooze of its target, unless
// the target is done. A snooze keeps the kind of the reminder, turned into
// its overdue kind once the due time has passed.
func (p *planner) emitSteps(r Reminder, steps []step) {
	if p.st.Done(r.Target) {
		return
	}
	snz, n := p.snoozeSteps(r.Target, r.Due)
	all := concat(steps, snz)
	for i, s := range all {
		if collapsed(all[:i], s.at) {
			continue // two steps moved onto one slot (a long Tết break): send once
		}
		x := r
		x.Step, x.SendAt, x.Snoozes, x.DaysOverdue = s.name, s.at, n, s.days
		switch {
		case s.kind != "":
			x.Kind = s.kind
		case s.at.After(r.Due) && r.Kind == KindData:
			x.Kind = KindDataOverdue
		case s.at.After(r.Due) && r.Kind == KindDossier:
			x.Kind = KindDossierOverdue
		}
		p.emit(x)
	}
}

// --- monthly data ---

func (p *planner) submissions() {
	cal := p.cal
	// A period's reminders run from about a week before its deadline (day
	// 1–28 of the next month) to some working days after; periods from three
	// months before the window to one after cover any holiday shift.
	periods := cal.periodsFor(p.from, p.to)
	for i := range cal.Org.Clusters {
		cl := &cal.Org.Clusters[i]
		rule := cal.SubmissionRule(cl.ID)
		for _, per := range periods {
			py, pm := per.Year(), per.Month()
			deadline, lock := cal.SubmissionWindow(cl.ID, py, pm)
			before := cal.beforeSteps(deadline, rule.Offsets, KindData)
			overdue := cal.overdueSteps(deadline, rule.Offsets, KindDataOverdue, lock)
			esc := time.Time{}
			if rule.Offsets.Escalate {
				esc = cal.escalationAt(deadline, rule.Offsets)
			}
			// Quick reject: nothing of this period can be in the window.
			if lo, hi := periodSpan(deadline, lock, esc, before); !hi.After(p.from) || !lo.Before(p.to) {
				continue
			}
			occ := per.Format("2006-01")
			steps := concat(before, overdue)
			var late []LateUnit
			for _, u := range cl.Units {
				if p.st.Confirmed(u.ID, py, pm) {
					continue
				}
				target := "submission/" + occ + "/" + u.ID
				if p.st.Done(target) {
					continue
				}
				late = append(late, LateUnit{Unit: u.ID, Name: u.Name, Focal: p.unitPeople(u.ID)})
				p.emitSteps(Reminder{Target: target, Item: "submission", Occurrence: occ, Kind: KindData,
					Cluster: cl.ID, Unit: u.ID, Audience: ToUnit, Due: deadline, Recipients: p.unitPeople(u.ID),
					Params: &Params{UnitName: u.Name, ClusterName: cl.Name, Year: py, Month: pm, Lock: lock}}, steps)
			}
			if !esc.IsZero() && len(late) > 0 {
				p.emit(Reminder{Target: "submission/" + occ + "/chairs:" + cl.ID, Step: "escalate", SendAt: esc,
					Item: "submission", Occurrence: occ, Kind: KindDataEscalation, Cluster: cl.ID,
					Audience: ToChairs, Due: deadline, Recipients: p.chairPeople(cl.ID),
					DaysOverdue: rule.Offsets.OverdueDays + 1,
					Params:      &Params{ClusterName: cl.Name, Year: py, Month: pm, Lock: lock, LateUnits: late}})
			}
		}
	}
}

// periodSpan bounds the send times of a data period's reminders: from its
// earliest before-step to the snooze horizon after its lock or escalation.
func periodSpan(deadline, lock, esc time.Time, before []step) (lo, hi time.Time) {
	lo, hi = deadline, maxTime(esc, lock).Add(SnoozeHorizon)
	if len(before) > 0 {
		lo = before[0].at
	}
	return lo, hi
}

// periodMatters reports whether any reminder of cluster's data period per
// can fall in [from, to): LoadState asks for reports of those periods only.
func (c *Calendar) periodMatters(cluster string, per, from, to time.Time) bool {
	rule := c.SubmissionRule(cluster)
	deadline, lock := c.SubmissionWindow(cluster, per.Year(), per.Month())
	var esc time.Time
	if rule.Offsets.Escalate {
		esc = c.escalationAt(deadline, rule.Offsets)
	}
	lo, hi := periodSpan(deadline, lock, esc, c.beforeSteps(deadline, rule.Offsets, KindData))
	return hi.After(from) && lo.Before(to)
}

func collapsed(earlier []step, at time.Time) bool {
	for _, e := range earlier {
		if e.at.Equal(at) {
			return true
		}
	}
	return false
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func concat(lists ...[]step) []step {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	out := make([]step, 0, n)
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// --- calendar events and dossiers ---

// occurrence is one dated instance of a recurring item.
type occurrence struct {
	id  string    // the scheduled date, stable even if holidays change
	due time.Time // moved to the next working day
}

// occurrences of w whose reminders may fall in the window: the longest
// before-offset and a month of holiday shifts on either side.
func (p *planner) occurrences(w When, o Offsets, after time.Duration) []occurrence {
	var longest time.Duration
	for _, off := range o.Before {
		if d := off.before(); d > longest {
			longest = d
		}
	}
	from := p.from.Add(-after - 31*24*time.Hour)
	to := p.to.Add(longest + 31*24*time.Hour)
	ts := w.Occurrences(from, to, p.cal.Location)
	out := make([]occurrence, len(ts))
	for i, t := range ts {
		out[i] = occurrence{id: t.Format("2006-01-02"), due: p.cal.NextWorkingDay(t)}
	}
	return out
}

func (p *planner) clustersOf(ids []string, all bool) []*org.Cluster {
	var out []*org.Cluster
	for i := range p.cal.Org.Clusters {
		cl := &p.cal.Org.Clusters[i]
		if all || len(ids) == 0 || contains(ids, cl.ID) {
			out = append(out, cl)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (p *planner) events() {
	for _, ev := range p.cal.Events {
		item := "event/" + ev.ID
		for _, oc := range p.occurrences(ev.When, ev.Offsets, SnoozeHorizon) {
			steps := p.cal.beforeSteps(oc.due, ev.Offsets, KindEvent)
			for _, cl := range p.clustersOf(ev.Clusters, ev.Audience == AudienceAll) {
				base := Reminder{Item: item, Occurrence: oc.id, Kind: KindEvent, Cluster: cl.ID, Due: oc.due,
					Params: &Params{Title: ev.Title, Place: ev.Place, ClusterName: cl.Name}}
				if ev.Audience == AudienceChairs {
					r := base
					r.Target, r.Audience, r.Recipients = item+"/"+oc.id+"/chairs:"+cl.ID, ToChairs, p.chairPeople(cl.ID)
					p.emitSteps(r, steps)
					continue
				}
				for _, u := range cl.Units {
					r := base
					r.Target, r.Unit, r.Audience, r.Recipients = item+"/"+oc.id+"/"+u.ID, u.ID, ToUnit, p.unitPeople(u.ID)
					r.Params = withUnit(r.Params, u.Name)
					p.emitSteps(r, steps)
				}
			}
		}
	}
}

// Missing returns the names of the required documents of d not in done.
func (d *Dossier) Missing(done map[string]bool) []string {
	var out []string
	for _, it := range d.Checklist {
		if !it.Optional && !done[it.ID] {
			out = append(out, it.Name)
		}
	}
	return out
}

// Owers returns the units of cl that owe dossier d: every unit, or only the
// chair unit when the dossier is the chair's to prepare.
func (d *Dossier) Owers(cl *org.Cluster) []org.Unit {
	if d.Audience != AudienceChairs {
		return cl.Units
	}
	for _, u := range cl.Units {
		if u.ID == cl.Chair {
			return []org.Unit{u}
		}
	}
	return nil
}

func (p *planner) dossiers() {
	for i := range p.cal.Dossiers {
		d := &p.cal.Dossiers[i]
		item := "dossier/" + d.ID
		after := time.Duration(d.Offsets.OverdueDays+2)*7*24*time.Hour + SnoozeHorizon
		for _, oc := range p.occurrences(d.When, d.Offsets, after) {
			steps := concat(p.cal.beforeSteps(oc.due, d.Offsets, KindDossier),
				p.cal.overdueSteps(oc.due, d.Offsets, KindDossierOverdue, time.Time{}))
			for _, cl := range p.clustersOf(d.Clusters, false) {
				// An award's dossier is owed by its nominees: each owner is
				// chased for its own documents only, the nominee's late ones
				// escalate to the chair. Otherwise the audience owes it all.
				byOwner := nominated(p.st, d, oc.id, cl.ID)
				var late []LateUnit
				for _, u := range d.OwersIn(p.st, oc.id, cl) {
					target := item + "/" + oc.id + "/" + u.ID
					done := p.st.ChecklistDone(d.ID, oc.id, u.ID)
					missing := d.Missing(done)
					if byOwner {
						missing = d.MissingOf(done, OwnerNominee)
						if chair := d.MissingOf(done, OwnerChair); len(chair) > 0 && !p.st.Done(target+"/chair") {
							p.emitSteps(Reminder{Target: target + "/chair", Item: item, Occurrence: oc.id, Kind: KindDossier,
								Cluster: cl.ID, Unit: u.ID, Audience: ToChairs, Due: oc.due, Recipients: p.chairPeople(cl.ID),
								Params: &Params{Title: d.Title, UnitName: u.Name, ClusterName: cl.Name, Missing: chair}}, steps)
						}
					}
					if len(missing) == 0 || p.st.Done(target) {
						continue
					}
					people := p.unitPeople(u.ID)
					if d.Audience == AudienceChairs && !byOwner {
						people = p.chairPeople(cl.ID)
					}
					late = append(late, LateUnit{Unit: u.ID, Name: u.Name, Focal: people, Missing: missing})
					p.emitSteps(Reminder{Target: target, Item: item, Occurrence: oc.id, Kind: KindDossier,
						Cluster: cl.ID, Unit: u.ID, Audience: ToUnit, Due: oc.due, Recipients: people,
						Params: &Params{Title: d.Title, UnitName: u.Name, ClusterName: cl.Name, Missing: missing}}, steps)
				}
				// The chair is told about the units; when the chair itself
				// owes the dossier there is nobody above it in the cluster.
				if d.Offsets.Escalate && (d.Audience != AudienceChairs || byOwner) && len(late) > 0 {
					p.emit(Reminder{Target: item + "/" + oc.id + "/chairs:" + cl.ID, Step: "escalate",
						SendAt: p.cal.escalationAt(oc.due, d.Offsets), Item: item, Occurrence: oc.id,
						Kind: KindDossierEscalation, Cluster: cl.ID, Audience: ToChairs, Due: oc.due,
						Recipients:  p.chairPeople(cl.ID),
						DaysOverdue: d.Offsets.OverdueDays + 1,
						Params:      &Params{Title: d.Title, ClusterName: cl.Name, LateUnits: late}})
				}
			}
		}
	}
}

// --- meetings scheduled by chairs ---

func (p *planner) meetings() {
	for _, m := range p.st.Meetings() {
		cl, ok := p.cal.Org.Cluster(m.Cluster)
		if !ok {
			continue
		}
		item := "meeting/" + m.ID
		start := m.Start.In(p.cal.Location)
		params := &Params{Title: m.Title, Place: m.Place, Link: m.Link, Agenda: m.Agenda,
			ClusterName: cl.Name, MeetingID: m.ID, PrevStart: m.PrevStart}

		// One notice per version (scheduled, moved) or on cancellation. It
		// goes out when the chair acts, not in the next working slot: it
		// answers the chair's own action.
		notice := Reminder{Item: item, Occurrence: "v" + strconv.Itoa(m.Version), Step: "notice",
			Kind: KindMeetingNotice, Cluster: cl.ID, Due: start, SendAt: m.ChangedAt.In(p.cal.Location), Params: params}
		if m.Cancelled {
			notice.Occurrence, notice.Kind, notice.SendAt = "cancel", KindMeetingCancel, m.CancelledAt.In(p.cal.Location)
		}
		// Whoever joins a unit after the notice of the current version went
		// out, and before the meeting starts, is sent that notice when they
		// join: the same reminder, so the same delivery key, and a person
		// who already has it is not sent it again.
		late := !m.Cancelled && notice.SendAt.Before(p.to) && p.from.Before(start)
		if p.in(notice.SendAt) || late {
			for _, u := range cl.Units {
				r := notice
				r.Target, r.Unit, r.Audience = item+"/"+r.Occurrence+"/"+u.ID, u.ID, ToUnit
				r.Params = withUnit(params, u.Name)
				r.Recipients = without(p.attendees(u.ID), m.CreatedBy) // the chair acted; they have the tally
				if m.Cancelled {
					// Not to those who joined after it: they never had its notice.
					r.Recipients, _ = joinedBefore(r.Recipients, notice.SendAt)
					p.emit(r)
					continue
				}
				var joiners []Recipient
				r.Recipients, joiners = joinedBefore(attending(m, r.Recipients), notice.SendAt)
				p.emit(r)
				for _, rs := range byJoined(joiners) {
					if rs[0].Joined.Before(start) {
						j := r
						j.SendAt, j.Recipients = rs[0].Joined.In(p.cal.Location), rs
						p.emit(j)
					}
				}
			}
		}
		if cl.GroupChatID != 0 {
			r := notice
			r.Target, r.Audience = item+"/"+r.Occurrence+"/group:"+cl.ID, ToGroup
			r.Recipients = []Recipient{{ChatID: cl.GroupChatID, Name: cl.Name}}
			p.emit(r)
		}
		if m.Cancelled {
			continue
		}
		// Reminders before the meeting follow the calendar's default
		// offsets; the occurrence is the start time, so a move plans afresh.
		occ := start.Format("2006-01-02T1504")
		steps := p.cal.beforeSteps(start, p.cal.Defaults, KindMeeting)
		for _, u := range cl.Units {
			r := Reminder{Target: item + "/" + occ + "/" + u.ID, Item: item, Occurrence: occ, Kind: KindMeeting,
				Cluster: cl.ID, Unit: u.ID, Audience: ToUnit, Due: start,
				Recipients: attending(m, p.attendees(u.ID)), Params: withUnit(params, u.Name)}
			p.emitSteps(r, steps)
		}
	}
}

// withUnit returns a copy of p naming the unit.
func withUnit(p *Params, name string) *Params {
	c := *p
	c.UnitName = name
	return &c
}

// without returns rs less the person with chat id.
func without(rs []Recipient, chat int64) []Recipient {
	out := make([]Recipient, 0, len(rs))
	for _, r := range rs {
		if r.ChatID != chat {
			out = append(out, r)
		}
	}
	return out
}

// joinedBefore splits rs into those who joined before t (or at an unknown
// time) and those who joined later.
func joinedBefore(rs []Recipient, t time.Time) (before, after []Recipient) {
	before = make([]Recipient, 0, len(rs))
	for _, r := range rs {
		if r.Joined.After(t) {
			after = append(after, r)
		} else {
			before = append(before, r)
		}
	}
	return before, after
}

// byJoined groups rs by the time they joined, earliest first, so that each
// group is one reminder sent when they joined.
func byJoined(rs []Recipient) [][]Recipient {
	rs = slices.Clone(rs)
	slices.SortStableFunc(rs, func(a, b Recipient) int { return a.Joined.Compare(b.Joined) })
	var out [][]Recipient
	for i, r := range rs {
		if i > 0 && r.Joined.Equal(rs[i-1].Joined) {
			out[len(out)-1] = append(out[len(out)-1], r)
			continue
		}
		out = append(out, []Recipient{r})
	}
	return out
}

// attending drops the people who answered that they will be absent.
func attending(m Meeting, rs []Recipient) []Recipient {
	if len(m.RSVP) == 0 {
		return rs
	}
	out := make([]Recipient, 0, len(rs))
	for _, r := range rs {
		if a, ok := m.RSVP[strconv.FormatInt(r.ChatID, 10)]; ok && a.Answer == RSVPAbsent {
			continue
		}
		out = append(out, r)
	}
	return out
}

// PlanCache plans from a state kept in memory: given the same *Snapshot
// again (a state cache returns the one it holds while nothing changed), it
// plans the snapshot's whole window once and answers every window inside
// it by picking from that plan, which costs next to nothing when nothing
// is due. Other states are planned afresh. It is not safe for concurrent
// use.
type PlanCache struct {
	st       *Snapshot
	from, to time.Time
	out      []Reminder // Plan(cal, st, from, to)
}

// Plan returns Plan(cal, st, from, to).
func (c *PlanCache) Plan(cal *Calendar, st State, from, to time.Time) []Reminder {
	snap, ok := st.(*Snapshot)
	if !ok || snap.To.IsZero() || from.Before(snap.From) || to.After(snap.To) || !from.Before(to) {
		return Plan(cal, st, from, to)
	}
	if c.st != snap || from.Before(c.from) || to.After(c.to) {
		c.st, c.from, c.to = snap, from, snap.To
		c.out = Plan(cal, snap, from, snap.To)
	}
	// The plan is ordered by send time: the window is one run of it.
	lo := sort.Search(len(c.out), func(i int) bool { return !c.out[i].SendAt.Before(from) })
	hi := sort.Search(len(c.out), func(i int) bool { return !c.out[i].SendAt.Before(to) })
	if lo == hi {
		return nil
	}
	return c.out[lo:hi:hi]
}

package reminders

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/vi"
)

// Button actions under a reminder. The Telegram adapter puts the action and
// the delivery's Ref into the callback data and calls KVStore.Snooze,
// KVStore.MarkDone or KVStore.Respond; ActionSubmit starts /baocao.
const (
	ActionSubmit    = "submit"
	ActionSnooze    = "snooze"
	ActionDone      = "done"
	ActionChecklist = "checklist" // opens /hoso
	ActionAttend    = RSVPAttend
	ActionDelegate  = RSVPDelegate
	ActionAbsent    = RSVPAbsent
)

// Button is one button under a reminder.
type Button struct {
	Text   string
	Action string
}

// Buttons returns the buttons that apply to r: "Nộp ngay" for data
// reminders, "Nhắc lại sau 2 giờ" while it may still be snoozed, "Đã xong"
// for dossiers, RSVP answers for meeting notices.
func (r Reminder) Buttons() []Button {
	var bs []Button
	snooze := r.Snoozes < MaxSnoozes && r.Audience == ToUnit
	switch r.Kind {
	case KindData, KindDataOverdue:
		bs = append(bs, Button{msg.BtnSubmitNow, ActionSubmit})
	case KindDataUnlocked:
		// Sent once, on the window's last day: there is no later to put it off to.
		return []Button{{msg.BtnSubmitNow, ActionSubmit}}
	case KindDossier, KindDossierOverdue:
		bs = append(bs, Button{msg.BtnChecklist, ActionChecklist}, Button{msg.BtnDone, ActionDone})
	case KindMeetingNotice:
		if r.Audience == ToGroup {
			return nil
		}
		return []Button{{msg.BtnRSVPAttend, ActionAttend}, {msg.BtnRSVPDelgate, ActionDelegate}, {msg.BtnRSVPAbsent, ActionAbsent}}
	case KindMeetingCancel, KindDataEscalation, KindDossierEscalation:
		return nil
	}
	if snooze {
		bs = append(bs, Button{msg.BtnSnooze, ActionSnooze})
	}
	return bs
}

// Text is the Vietnamese message of a delivery, "(nhắc muộn)" included
// when it is late.
func (d Delivery) Text() string {
	s := d.Reminder.Text()
	if d.Late {
		s = msg.ReminderLate + " " + s
	}
	return s
}

// Text is the Vietnamese message of r as planned.
func (r Reminder) Text() string {
	p := r.Params
	if p == nil {
		p = &Params{}
	}
	due := vi.DateTime(r.Due)
	period := vi.Month(p.Year, p.Month)
	days := calendarDays(r.SendAt, r.Due)
	switch r.Kind {
	case KindData:
		return msg.DataDue(p.UnitName, period, due, days)
	case KindDataOverdue:
		n := r.DaysOverdue
		if n == 0 {
			n = 1
		}
		return msg.DataOverdue(p.UnitName, period, due, vi.DateTime(p.Lock), n)
	case KindDataUnlocked:
		// Lock is the end of the window, the midnight after its last day.
		last := p.Lock.Add(-time.Nanosecond)
		return msg.DataUnlocked(p.UnitName, period, vi.Date(last), fmt.Sprintf("/baocao %d/%d", p.Month, p.Year))
	case KindDataEscalation:
		return msg.DataEscalation(p.ClusterName, period, due, lateLines(p.LateUnits))
	case KindEvent:
		return msg.EventDue(p.Title, p.ClusterName, due, p.Place, days)
	case KindDossier:
		return msg.DossierDue(p.Title, p.UnitName, due, days, p.Missing)
	case KindDossierOverdue:
		n := r.DaysOverdue
		if n == 0 {
			n = 1
		}
		return msg.DossierOverdue(p.Title, p.UnitName, due, n, p.Missing)
	case KindDossierEscalation:
		return msg.DossierEscalation(p.ClusterName, p.Title, due, lateLines(p.LateUnits))
	case KindMeetingNotice:
		details := msg.MeetingDetails(due, p.Place, p.Link, p.Agenda)
		if !p.PrevStart.IsZero() {
			return msg.MeetingMoved(p.ClusterName, p.Title, vi.DateTime(p.PrevStart.In(r.Due.Location())), details)
		}
		return msg.MeetingNotice(p.ClusterName, p.Title, details)
	case KindMeetingCancel:
		return msg.MeetingCancelled(p.ClusterName, p.Title, due)
	case KindMeeting:
		return msg.MeetingDue(p.ClusterName, p.Title, msg.MeetingDetails(due, p.Place, p.Link, p.Agenda), days)
	}
	return p.Title
}

func lateLines(us []LateUnit) []string {
	lines := make([]string, len(us))
	for i, u := range us {
		names := make([]string, 0, len(u.Focal))
		for _, f := range u.Focal {
			if f.Name != "" {
				names = append(names, f.Name)
			} else {
				names = append(names, "người dùng Telegram "+strconv.FormatInt(f.ChatID, 10))
			}
		}
		lines[i] = msg.LateLine(u.Name, names, u.Missing)
	}
	return lines
}

// calendarDays counts the days from a's date to b's date in b's zone.
func calendarDays(a, b time.Time) int {
	a = a.In(b.Location())
	return dayNum(b) - dayNum(a)
}

// FormatChecklist renders a unit's /hoso checklist for one dossier
// occurrence; names maps Telegram user ids to display names for "who sent it".
func FormatChecklist(d *Dossier, due time.Time, unitName string, progress map[string]ItemProgress, names map[int64]string) string {
	lines := []string{msg.ChecklistHeader(d.Title, unitName, vi.DateTime(due))}
	done := map[string]bool{}
	for _, it := range d.Checklist {
		p := progress[it.ID]
		done[it.ID] = p.Done
		sent := ""
		if p.FileID != "" {
			who := names[p.By]
			if who == "" {
				who = "người dùng " + strconv.FormatInt(p.By, 10)
			}
			sent = who + ", " + vi.DateTime(p.At.In(due.Location()))
		}
		lines = append(lines, msg.ChecklistItem(it.Name, p.Done, it.Optional, sent))
	}
	lines = append(lines, msg.ChecklistFooter(len(d.Missing(done))))
	return strings.Join(lines, "\n")
}

// FormatDossierStatus renders the chair's view of every unit's progress.
func FormatDossierStatus(d *Dossier, due time.Time, clusterName string, status []UnitStatus) string {
	complete := 0
	lines := make([]string, 0, len(status)+1)
	for _, s := range status {
		if s.Complete {
			complete++
		}
		lines = append(lines, msg.DossierStatusLine(s.Name, s.Missing))
	}
	return msg.DossierStatusHeader(d.Title, clusterName, vi.DateTime(due), complete, len(status)) + "\n" + strings.Join(lines, "\n")
}

// FormatTally renders the RSVP tally of a meeting for the chair; units are
// the cluster's units, to name those that have not answered.
func FormatTally(m Meeting, units []org.Unit) string {
	t := m.Tally()
	ids := make([]string, len(units))
	name := map[string]string{}
	for i, u := range units {
		ids[i], name[u.ID] = u.ID, u.Name
	}
	missing := t.NoAnswer(ids)
	for i, id := range missing {
		missing[i] = name[id]
	}
	return msg.MeetingTally(m.Title, t.Attend, t.Delegate, t.Absent, missing)
}

// FormatMeeting is the notice of m as members will receive it, for the
// chair to check before confirming /hop.
func FormatMeeting(m Meeting, clusterName string, loc *time.Location) string {
	return msg.MeetingNotice(clusterName, m.Title, msg.MeetingDetails(vi.DateTime(m.Start.In(loc)), m.Place, m.Link, m.Agenda))
}

package calendar

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/vi"
)

// hopState is the /hop conversation, stored between messages so that it
// survives a restart. Date is "2006-01-02", Time "15:04".
type hopState struct {
	Cluster string `json:"cluster"`
	Title   string `json:"title,omitempty"`
	Date    string `json:"date,omitempty"`
	Time    string `json:"time,omitempty"`
	Place   string `json:"place,omitempty"`
	Link    string `json:"link,omitempty"`
	Agenda  string `json:"agenda,omitempty"`
	Move    string `json:"move,omitempty"` // the meeting being moved
}

// Steps of the /hop flow.
const (
	stepTitle   = "title"
	stepDate    = "date"
	stepTime    = "time"
	stepPlace   = "place"
	stepAgenda  = "agenda"
	stepConfirm = "confirm"
	stepMvDate  = "move_date"
	stepMvTime  = "move_time"
)

// hopCluster is the cluster /hop acts on: the chair's own, or the one an
// admin names.
func (f *Feature) hopCluster(r *bot.Request) (*org.Cluster, error) {
	id := r.Member.Cluster
	if r.Member.Role == org.RoleAdmin && len(r.Command.Argv) > 0 {
		id = r.Command.Argv[0]
	}
	if id == "" {
		return nil, bot.Userf(msg.CalNeedCluster)
	}
	cl, ok := f.d.Org.Cluster(id)
	if !ok {
		return nil, bot.Userf(msg.CalUnknownClust, id)
	}
	if !r.May(org.ActMeeting, org.Target{Cluster: cl.ID}) {
		return nil, bot.Userf(msg.HopNotYours)
	}
	return cl, nil
}

// cmdHop lists the cluster's coming meetings with their tally, move and
// cancel buttons, or starts scheduling one when there is none.
func (f *Feature) cmdHop(ctx context.Context, r *bot.Request) error {
	cl, err := f.hopCluster(r)
	if err != nil {
		return err
	}
	ms, err := f.rs.Meetings(ctx, cl.ID)
	if err != nil {
		return err
	}
	now := f.d.Clock.Now()
	var coming []reminders.Meeting
	for _, m := range ms {
		if !m.Cancelled && m.Start.After(now) {
			coming = append(coming, m)
		}
	}
	if len(coming) == 0 {
		return f.startHop(ctx, r, cl.ID)
	}
	lines := []string{msg.HopListHead}
	var rows [][]bot.Button
	for _, m := range coming {
		lines = append(lines, bot.HTML(msg.HopItem, f.when(m.Start), m.Title, len(m.RSVP)))
		rows = append(rows, []bot.Button{
			{Label: msg.HopTally + ": " + shorten(m.Title, 24), Data: bot.Data(cbHop, "tl", m.ID)},
			{Label: msg.HopMove, Data: bot.Data(cbHop, "mv", m.ID)},
			{Label: msg.HopCancel, Data: bot.Data(cbHop, "cx", m.ID)},
		})
	}
	rows = append(rows, []bot.Button{{Label: msg.HopNew, Data: bot.Data(cbHop, "new", cl.ID)}})
	return r.Reply(ctx, bot.Message{Text: strings.Join(lines, "\n"), Buttons: rows})
}

func (f *Feature) when(t time.Time) string { return vi.DateTime(t.In(f.d.Calendar.Location)) }

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func (f *Feature) startHop(ctx context.Context, r *bot.Request, cluster string) error {
	if err := f.setHop(ctx, r, stepTitle, hopState{Cluster: cluster}); err != nil {
		return err
	}
	return r.Reply(ctx, bot.Message{Text: msg.HopAskTitle})
}

func (f *Feature) setHop(ctx context.Context, r *bot.Request, step string, s hopState) error {
	c := bot.Conversation{Flow: flowHop, Step: step}
	if err := c.Encode(s); err != nil {
		return err
	}
	return r.SetConversation(ctx, c)
}

// onHopText takes the answer to the current question, one at a time.
func (f *Feature) onHopText(ctx context.Context, r *bot.Request) error {
	c, err := r.Conversation(ctx)
	if err != nil {
		return err
	}
	var s hopState
	if err := c.Decode(&s); err != nil {
		return err
	}
	text := vi.NFC(strings.TrimSpace(r.Text))
	ask := func(step, question string, args ...any) error {
		if err := f.setHop(ctx, r, step, s); err != nil {
			return err
		}
		return r.ReplyHTML(ctx, question, args...)
	}
	loc := f.d.Calendar.Location
	switch c.Step {
	case stepTitle:
		if n := utf8.RuneCountInString(text); n < 3 || n > 200 {
			return r.Reply(ctx, bot.Message{Text: msg.HopBadTitle})
		}
		s.Title = text
		return ask(stepDate, msg.HopAskDate)
	case stepDate, stepMvDate:
		d, ok := ParseMeetingDate(text, f.d.Clock.Now(), loc)
		if !ok {
			return r.ReplyHTML(ctx, msg.HopBadDate, text)
		}
		if !d.AddDate(0, 0, 1).After(f.d.Clock.Now()) { // the day is over
			return r.Reply(ctx, bot.Message{Text: msg.HopPast})
		}
		s.Date = d.Format("2006-01-02")
		if c.Step == stepMvDate {
			return ask(stepMvTime, msg.HopAskTime)
		}
		return ask(stepTime, msg.HopAskTime)
	case stepTime, stepMvTime:
		h, m, ok := ParseClock(text)
		if !ok {
			return r.ReplyHTML(ctx, msg.HopBadTime, text)
		}
		s.Time = fmt.Sprintf("%02d:%02d", h, m)
		if !f.start(s).After(f.d.Clock.Now()) {
			return ask(map[string]string{stepTime: stepDate, stepMvTime: stepMvDate}[c.Step], msg.HopPast)
		}
		if c.Step == stepMvTime {
			return f.move(ctx, r, s)
		}
		return ask(stepPlace, msg.HopAskPlace)
	case stepPlace:
		if n := utf8.RuneCountInString(text); n < 2 || n > 300 {
			return r.Reply(ctx, bot.Message{Text: msg.HopBadPlace})
		}
		s.Place, s.Link = "", ""
		if low := strings.ToLower(text); strings.HasPrefix(low, "https://") || strings.HasPrefix(low, "http://") {
			s.Link = text
		} else {
			s.Place = text
		}
		return ask(stepAgenda, msg.HopAskAgenda)
	case stepAgenda:
		if utf8.RuneCountInString(text) > 1000 {
			return r.Reply(ctx, bot.Message{Text: msg.HopBadAgenda})
		}
		s.Agenda = text
		if text == "-" {
			s.Agenda = ""
		}
		if err := f.setHop(ctx, r, stepConfirm, s); err != nil {
			return err
		}
		return f.showDraft(ctx, r, s)
	case stepConfirm:
		return f.showDraft(ctx, r, s)
	}
	return r.EndConversation(ctx)
}

// start is the meeting's start in the calendar's zone.
func (f *Feature) start(s hopState) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s.Date+" "+s.Time, f.d.Calendar.Location)
	if err != nil {
		return time.Time{}
	}
	return t
}

// showDraft shows the notice as members will get it, with the confirm and
// abort buttons.
func (f *Feature) showDraft(ctx context.Context, r *bot.Request, s hopState) error {
	cl, _ := f.d.Org.Cluster(s.Cluster)
	name := s.Cluster
	if cl != nil {
		name = cl.Name
	}
	start := f.start(s)
	m := reminders.Meeting{Title: s.Title, Start: start, Place: s.Place, Link: s.Link, Agenda: s.Agenda}
	text := msg.HopConfirmHead + "\n\n" + bot.Escape(reminders.FormatMeeting(m, name, f.d.Calendar.Location))
	if !f.d.Calendar.IsWorkingDay(start) {
		text += "\n\n" + msg.HopNotWorkingDay
	}
	return r.Reply(ctx, bot.Message{Text: text, Buttons: [][]bot.Button{{
		{Label: msg.HopConfirm, Data: bot.Data(cbHop, "ok")},
		{Label: msg.HopAbort, Data: bot.Data(cbHop, "no")},
	}}})
}

// onHopButton handles the buttons of /hop: confirm or abort a new meeting,
// see a meeting's tally, move or cancel it.
func (f *Feature) onHopButton(ctx context.Context, r *bot.Request) error {
	act, id := r.Data.Arg(0), r.Data.Arg(1)
	switch act {
	case "ok", "no":
		c, err := r.Conversation(ctx)
		if err != nil {
			return err
		}
		if c.Flow != flowHop || c.Step != stepConfirm {
			return bot.ErrExpired
		}
		var s hopState
		if err := c.Decode(&s); err != nil {
			return err
		}
		if act == "no" {
			if err := r.EndConversation(ctx); err != nil {
				return err
			}
			return r.Edit(ctx, bot.Message{Text: msg.HopAborted})
		}
		return f.create(ctx, r, s)
	case "new":
		cl, ok := f.d.Org.Cluster(id)
		if !ok || !r.May(org.ActMeeting, org.Target{Cluster: cl.ID}) {
			return bot.ErrExpired
		}
		return f.startHop(ctx, r, cl.ID)
	}
	m, err := f.meetingFor(ctx, r, id)
	if err != nil {
		return err
	}
	switch act {
	case "tl":
		cl, _ := f.d.Org.Cluster(m.Cluster)
		var units []org.Unit
		if cl != nil {
			units = cl.Units
		}
		return r.Reply(ctx, bot.Message{Text: bot.Escape(reminders.FormatTally(m, units)) + substitutes(m)})
	case "mv":
		if err := f.setHop(ctx, r, stepMvDate, hopState{Cluster: m.Cluster, Move: m.ID, Title: m.Title}); err != nil {
			return err
		}
		return r.ReplyHTML(ctx, msg.HopMoveAskDate, m.Title)
	case "cx":
		return r.Reply(ctx, bot.Message{Text: bot.HTML(msg.HopCancelAsk, m.Title), Buttons: [][]bot.Button{{
			{Label: msg.HopCancelYes, Data: bot.Data(cbHop, "cy", m.ID)},
			{Label: msg.HopCancelNo, Data: bot.Data(cbHop, "cn", m.ID)},
		}}})
	case "cy":
		if _, err := f.rs.CancelMeeting(ctx, m.ID, f.d.Clock.Now()); err != nil {
			return err
		}
		return r.Edit(ctx, bot.Message{Text: msg.HopCancelled})
	case "cn":
		return r.Edit(ctx, bot.Message{Text: msg.HopAborted})
	}
	return bot.ErrExpired
}

// substitutes lists who goes instead, for the chair's tally.
func substitutes(m reminders.Meeting) string {
	var out []string
	t := m.Tally()
	for _, rs := range t.Units {
		for _, x := range rs {
			if x.Answer == reminders.RSVPDelegate && x.Substitute != "" {
				out = append(out, bot.HTML("• %s: %s", x.Name, x.Substitute))
			}
		}
	}
	if len(out) == 0 {
		return ""
	}
	sort.Strings(out)
	return "\n" + msg.BtnRSVPDelgate + ":\n" + strings.Join(out, "\n")
}

// meetingFor loads a meeting the sender may manage; a cancelled one is gone.
func (f *Feature) meetingFor(ctx context.Context, r *bot.Request, id string) (reminders.Meeting, error) {
	m, err := f.rs.Meeting(ctx, id)
	if errors.Is(err, reminders.ErrMeetingNotFound) {
		return m, bot.Userf(msg.HopGone)
	}
	if err != nil {
		return m, err
	}
	if !r.May(org.ActMeeting, org.Target{Cluster: m.Cluster}) {
		return m, bot.Userf(msg.HopNotYours)
	}
	if m.Cancelled {
		return m, bot.Userf(msg.HopGone)
	}
	return m, nil
}

// create stores the meeting; the runner sends its notice to every member
// (and the group chat) once.
func (f *Feature) create(ctx context.Context, r *bot.Request, s hopState) error {
	m := reminders.Meeting{Cluster: s.Cluster, Title: s.Title, Start: f.start(s), Place: s.Place, Link: s.Link,
		Agenda: s.Agenda, CreatedBy: r.User.ID}
	// The meeting, the end of the conversation and the record of the
	// chair's message that will show the tally are one transaction.
	m, err := f.rs.CreateMeeting(ctx, m, f.d.Clock.Now(), func(tx store.Tx, m reminders.Meeting) error {
		if err := r.EndConversationIn(tx); err != nil {
			return err
		}
		if r.MessageID == 0 {
			return nil // the choice was typed: there is no message to keep up to date
		}
		data, err := json.Marshal(tallyMessage{Chat: r.Chat, Message: r.MessageID})
		if err != nil {
			return err
		}
		return tx.Put(bucketTally, m.ID, data)
	})
	if errors.Is(err, reminders.ErrMeetingPast) {
		if err := f.setHop(ctx, r, stepDate, s); err != nil {
			return err
		}
		return r.Reply(ctx, bot.Message{Text: msg.HopPast})
	}
	if err != nil {
		return err
	}
	return r.Edit(ctx, bot.Message{Text: msg.HopCreated})
}

// bucketTally keeps, per meeting, the chair's message that shows the live
// tally.
const bucketTally = "calendar_tally"

type tallyMessage struct {
	Chat    int64 `json:"chat"`
	Message int   `json:"message"`
}

// showTally updates the chair's "meeting created" message with the tally
// after an answer; a failure only costs the chair a fresh look with /hop.
func (f *Feature) showTally(ctx context.Context, m reminders.Meeting) {
	data, err := f.d.Store.Get(ctx, bucketTally, m.ID)
	if err != nil {
		return // not kept (typed confirmation) or unreadable
	}
	var tm tallyMessage
	if err := json.Unmarshal(data, &tm); err != nil || tm.Message == 0 {
		return
	}
	cl, _ := f.d.Org.Cluster(m.Cluster)
	var units []org.Unit
	if cl != nil {
		units = cl.Units
	}
	text := msg.HopCreated + "\n\n" + bot.Escape(reminders.FormatTally(m, units)) + substitutes(m)
	if err := f.b.Edit(ctx, tm.Chat, tm.Message, bot.Message{Text: text}); err != nil {
		f.d.Log.Warn("meeting tally not updated", "meeting", m.ID, "err", err)
	}
}

// move gives a meeting its new start; the runner tells everyone once.
func (f *Feature) move(ctx context.Context, r *bot.Request, s hopState) error {
	m, err := f.meetingFor(ctx, r, s.Move)
	if err != nil {
		_ = r.EndConversation(ctx)
		return err
	}
	m, err = f.rs.MoveMeeting(ctx, m.ID, f.start(s), "", f.d.Clock.Now())
	switch {
	case errors.Is(err, reminders.ErrMeetingPast):
		if err := f.setHop(ctx, r, stepMvDate, s); err != nil {
			return err
		}
		return r.Reply(ctx, bot.Message{Text: msg.HopPast})
	case errors.Is(err, reminders.ErrMeetingCancelled), errors.Is(err, reminders.ErrMeetingNotFound):
		_ = r.EndConversation(ctx)
		return bot.Userf(msg.HopGone)
	case err != nil:
		return err
	}
	if err := r.EndConversation(ctx); err != nil {
		return err
	}
	return r.ReplyHTML(ctx, msg.HopMoved, f.when(m.Start))
}

// ParseDate reads a typed day, dd/mm/yyyy (also d/m/yyyy, with '-' or '.'),
// at midnight in loc.
func ParseDate(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(parts) != 3 || len(parts[2]) != 4 || len(parts[0]) > 2 || len(parts[1]) > 2 {
		return time.Time{}, false
	}
	var n [3]int
	for i, p := range parts {
		v, ok := digits(p)
		if !ok {
			return time.Time{}, false
		}
		n[i] = v
	}
	d, m, y := n[0], n[1], n[2]
	if y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
	if t.Day() != d { // 31/04 and the like
		return time.Time{}, false
	}
	return t, true
}

// ParseMeetingDate reads a meeting's day as ParseDate does, and also
// without the year as people type it ("15/12", "ngày 15/12"): the next such
// day from today (this year's when it is not over, else next year's).
func ParseMeetingDate(s string, now time.Time, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if f := strings.Fields(s); len(f) == 2 && vi.Fold(f[0]) == "ngay" {
		s = f[1]
	}
	if d, ok := ParseDate(s, loc); ok {
		return d, true
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(parts) != 2 || len(parts[0]) > 2 || len(parts[1]) > 2 {
		return time.Time{}, false
	}
	today := now.In(loc)
	y := today.Year()
	d, ok := ParseDate(parts[0]+"/"+parts[1]+"/"+strconv.Itoa(y), loc)
	if ok && d.AddDate(0, 0, 1).After(today) {
		return d, true
	}
	return ParseDate(parts[0]+"/"+parts[1]+"/"+strconv.Itoa(y+1), loc)
}

// ParseClock reads a typed time of day: "08:30", "8:30", "8h30", "8h",
// "08.30".
func ParseClock(s string) (hour, minute int, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimSuffix(s, "'")
	var hs, ms string
	if i := strings.IndexAny(s, ":h."); i >= 0 {
		hs, ms = s[:i], s[i+1:]
		if ms == "" && s[i] == 'h' {
			ms = "0"
		}
	} else {
		return 0, 0, false
	}
	if len(hs) == 0 || len(hs) > 2 || len(ms) == 0 || len(ms) > 2 {
		return 0, 0, false
	}
	h, ok1 := digits(hs)
	m, ok2 := digits(ms)
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return 0, 0, false
	}
	return h, m, true
}

// digits reads a short run of ASCII digits; signs and other scripts' digits
// are not a date people type.
func digits(s string) (int, bool) {
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

package calendar

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/vi"
)

// Notify implements reminders.Notifier over the bot's one outbound path,
// and says honestly what became of the send: the runner resends only what
// surely never left.
func (f *Feature) Notify(ctx context.Context, d reminders.Delivery) (reminders.Outcome, error) {
	m := bot.Message{Text: bot.Escape(d.Text()), Buttons: buttons(d)}
	_, err := f.b.Send(ctx, d.To.ChatID, m)
	return outcome(err), err
}

// outcome classifies an error of bot.Send for the runner.
func outcome(err error) reminders.Outcome {
	switch {
	case err == nil:
		return reminders.Sent
	case errors.Is(err, bot.ErrBlocked), errors.Is(err, bot.ErrRejected):
		return reminders.Refused
	case errors.Is(err, bot.ErrUnknownOutcome):
		return reminders.Unknown
	}
	// Everything else bot.Send returns happened before the request left
	// or after retries it judged safe (pacing cut short by shutdown,
	// connection refused, 5xx): the message is not there, so try again.
	return reminders.NotSent
}

// buttons puts the reminder's buttons in one row: the action carries the
// target's short Ref, meeting answers the meeting id.
func buttons(d reminders.Delivery) [][]bot.Button {
	var row []bot.Button
	for _, b := range d.Buttons() {
		switch b.Action {
		case reminders.ActionAttend, reminders.ActionDelegate, reminders.ActionAbsent:
			if d.Params == nil || d.Params.MeetingID == "" {
				continue
			}
			row = append(row, bot.Button{Label: b.Text, Data: bot.Data(cbRSVP, d.Params.MeetingID, b.Action)})
		default:
			row = append(row, bot.Button{Label: b.Text, Data: bot.Data(cbReminder, b.Action, d.Ref)})
		}
	}
	if len(row) == 0 {
		return nil
	}
	return [][]bot.Button{row}
}

// onReminderButton handles "Nộp ngay", "Nhắc lại sau 2 giờ", "Đã xong" and
// "Xem hồ sơ" under a reminder.
func (f *Feature) onReminderButton(ctx context.Context, r *bot.Request) error {
	action, ref := r.Data.Arg(0), r.Data.Arg(1)
	switch action {
	case reminders.ActionSubmit:
		if f.d.Submit != nil {
			// The report of the reminder's own period: a reopened month is
			// not the one /baocao opens by default.
			if per := f.submissionPeriod(ctx, ref); per != "" {
				r.Command = bot.Command{Name: "baocao", Args: per, Argv: []string{per}}
			}
			return f.d.Submit(ctx, r)
		}
		return r.Reply(ctx, bot.Message{Text: msg.CalSubmitPointer})
	case reminders.ActionChecklist:
		return f.cmdHoso(ctx, r)
	case reminders.ActionSnooze, reminders.ActionDone:
		// A button names its reminder by ref only: whose it is is checked
		// before anything is written, so that nobody silences another
		// unit's reminders with a forged button.
		if err := f.mayAnswer(ctx, r, ref); err != nil {
			return err
		}
	}
	switch action {
	case reminders.ActionSnooze:
		at, err := f.rs.Snooze(ctx, ref, f.d.Clock.Now())
		switch {
		case errors.Is(err, reminders.ErrSnoozeLimit):
			return bot.Userf(msg.ReminderSnoozeLimit)
		case errors.Is(err, reminders.ErrUnknownRef):
			return bot.Userf(msg.ReminderUnknown)
		case err != nil:
			return err
		}
		// The snoozed reminder comes back at the next working slot.
		at = f.d.Calendar.NextSlot(at)
		return r.Reply(ctx, bot.Message{Text: bot.Escape(msg.ReminderSnoozed(vi.DateTime(at.In(f.d.Calendar.Location))))})
	case reminders.ActionDone:
		err := f.rs.MarkDone(ctx, ref, r.User.ID, f.d.Clock.Now())
		if errors.Is(err, reminders.ErrUnknownRef) {
			return bot.Userf(msg.ReminderUnknown)
		}
		if err != nil {
			return err
		}
		return r.Reply(ctx, bot.Message{Text: bot.Escape(msg.ReminderDoneOK)})
	}
	return bot.ErrExpired
}

// submissionPeriod is the period ("10/2026") of the data reminder behind
// ref, "" when ref is not one (or no longer known).
func (f *Feature) submissionPeriod(ctx context.Context, ref string) string {
	target, err := f.rs.Target(ctx, ref)
	if err != nil {
		return ""
	}
	parts := strings.Split(target, "/")
	if len(parts) != 3 || parts[0] != "submission" {
		return ""
	}
	per, err := time.Parse("2006-01", parts[1])
	if err != nil {
		return ""
	}
	return per.Format("1/2006")
}

// mayAnswer refuses a snooze or "Đã xong" on a reminder that is not the
// sender's: one of another unit, of the chairs or of a group. Chairs and
// deputies answer the reminders of their cluster chair's own dossiers,
// which are sent to them.
func (f *Feature) mayAnswer(ctx context.Context, r *bot.Request, ref string) error {
	target, err := f.rs.Target(ctx, ref)
	if errors.Is(err, reminders.ErrUnknownRef) {
		return bot.Userf(msg.ReminderUnknown)
	}
	if err != nil {
		return err
	}
	unit, ok := reminders.TargetUnit(target)
	if !ok {
		return bot.Userf(msg.ReminderNotYours)
	}
	if unit == r.Member.Unit {
		return nil
	}
	_, cl, known := f.d.Org.Unit(unit)
	chairs := r.Member.Role == org.RoleChair || r.Member.Role == org.RoleDeputy
	if known && chairs && cl.ID == r.Member.Cluster && cl.Chair == unit {
		return nil
	}
	return bot.Userf(msg.ReminderNotYours)
}

// onRSVP records an answer to a meeting notice; "Cử người thay" then asks
// who goes instead.
func (f *Feature) onRSVP(ctx context.Context, r *bot.Request) error {
	return f.rsvp(ctx, r, r.Data.Arg(0), r.Data.Arg(1), false)
}

// rsvp records answer to meeting id; typed (the answer came in words, not
// from the notice's button) names the meeting in the confirmation.
func (f *Feature) rsvp(ctx context.Context, r *bot.Request, id, answer string, typed bool) error {
	label := rsvpLabel(answer)
	if label == "" {
		return bot.ErrExpired
	}
	m, err := f.rs.Meeting(ctx, id)
	if errors.Is(err, reminders.ErrMeetingNotFound) {
		return bot.Userf(msg.HopGone)
	}
	if err != nil {
		return err
	}
	if m.Cluster != r.Member.Cluster && r.Member.Role != org.RoleAdmin {
		return bot.Userf(msg.HopNotYours)
	}
	if m.Cancelled {
		return bot.Userf(msg.HopGone)
	}
	if !f.d.Clock.Now().Before(m.Start) {
		// The notice's buttons outlive the meeting; the tally is closed.
		return bot.Userf(msg.RSVPMeetingOver)
	}
	m, err = f.rs.Respond(ctx, id, r.User.ID, reminders.Response{Unit: r.Member.Unit, Name: r.Member.Name,
		Answer: answer, At: f.d.Clock.Now()})
	if errors.Is(err, reminders.ErrMeetingCancelled) || errors.Is(err, reminders.ErrMeetingNotFound) {
		return bot.Userf(msg.HopGone)
	}
	if err != nil {
		return err
	}
	text := msg.RSVPRecorded(label)
	if typed {
		text = msg.RSVPTypedRecorded(label, m.Title, f.when(m.Start))
	}
	if err := r.Reply(ctx, bot.Message{Text: bot.Escape(text)}); err != nil {
		return err
	}
	f.showTally(ctx, m)
	if answer != reminders.RSVPDelegate || !r.Private {
		return nil
	}
	c := bot.Conversation{Flow: flowRSVP, Step: "substitute"}
	if err := c.Encode(id); err != nil {
		return err
	}
	if err := r.SetConversation(ctx, c); err != nil {
		return err
	}
	return r.Reply(ctx, bot.Message{Text: msg.HopAskSubstitute})
}

// onRSVPText records who goes instead of the person who answered
// "Cử người thay".
func (f *Feature) onRSVPText(ctx context.Context, r *bot.Request) error {
	c, err := r.Conversation(ctx)
	if err != nil {
		return err
	}
	var id string
	if err := c.Decode(&id); err != nil {
		return err
	}
	name := strings.TrimSpace(r.Text)
	if err := r.EndConversation(ctx); err != nil {
		return err
	}
	if name == "" || name == "-" {
		return nil
	}
	name = truncate(vi.NFC(name), 200)
	m, err := f.rs.Respond(ctx, id, r.User.ID, reminders.Response{Unit: r.Member.Unit, Name: r.Member.Name,
		Answer: reminders.RSVPDelegate, Substitute: name, At: f.d.Clock.Now()})
	if errors.Is(err, reminders.ErrMeetingCancelled) || errors.Is(err, reminders.ErrMeetingNotFound) {
		return bot.Userf(msg.HopGone)
	}
	if err != nil {
		return err
	}
	if err := r.ReplyHTML(ctx, msg.HopSubstituteOK, name); err != nil {
		return err
	}
	f.showTally(ctx, m)
	return nil
}

func truncate(s string, n int) string {
	rs := []rune(s)
	if len(rs) > n {
		return string(rs[:n])
	}
	return s
}

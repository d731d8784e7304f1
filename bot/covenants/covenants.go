// Package covenants supports the year's emulation covenant on Telegram:
// the chair's /giaouoc sends each unit's focal point its plan targets from
// config; the focal point acknowledges them («Xác nhận chỉ tiêu») or
// reports a discrepancy to the chairs («Báo sai lệch»); /giaouoc then
// shows the chair who acknowledged what and when, and any target changed
// since, with the covenant for signing as a DOCX draft; units that have not
// acknowledged are reminded weekly.
package covenants

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/covenants"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/vi"
)

const (
	cbPrefix = "gu"
	flowGap  = "giaouoc_sl"
	// RemindEvery is how often a unit that has not acknowledged is reminded.
	RemindEvery = 7 * 24 * time.Hour
	// RemindHour is the local hour reminders go out from.
	RemindHour = 9
)

// Deps are what the feature needs.
type Deps struct {
	Org      *org.Config
	Tables   map[string]*scoring.Table // by table id
	Targets  *scoring.Targets
	Store    store.KV
	Clock    clock.Clock
	Location *time.Location
	Log      *slog.Logger
}

// Feature answers /giaouoc and its buttons and sends the reminders.
type Feature struct {
	d   Deps
	b   *bot.Bot
	rec *covenants.Store
}

// Register adds /giaouoc to b.
func Register(b *bot.Bot, d Deps) *Feature {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Clock == nil {
		d.Clock = clock.Real{}
	}
	if d.Location == nil {
		d.Location = time.UTC
	}
	f := &Feature{d: d, b: b, rec: covenants.NewStore(d.Store)}
	users := org.Roles(org.RoleChair, org.RoleDeputy, org.RoleFocal)
	b.Command("giaouoc", users, f.cmdCovenant)
	b.Callback(cbPrefix, users, f.callback)
	b.Flow(flowGap, org.Roles(org.RoleFocal), f.flowGap)
	return f
}

// Records is the feature's repository (tests read it).
func (f *Feature) Records() *covenants.Store { return f.rec }

func (f *Feature) year() int { return f.d.Clock.Now().In(f.d.Location).Year() }

func (f *Feature) targets(cl *org.Cluster, unit string, year int) []covenants.Target {
	return covenants.UnitTargets(f.d.Tables[cl.Scoring], f.d.Targets, year, unit)
}

func (f *Feature) cmdCovenant(ctx context.Context, r *bot.Request) error {
	cl, ok := f.d.Org.Cluster(r.Member.Cluster)
	if !ok {
		return bot.Userf(msg.BotNotAllowed)
	}
	year := f.year()
	_, sent, err := f.rec.Sent(ctx, cl.ID, year)
	if err != nil {
		return err
	}
	if r.Member.Role == org.RoleFocal {
		if !sent {
			return r.ReplyHTML(ctx, msg.CovenantNotSent, year)
		}
		return r.Reply(ctx, f.unitMessage(cl, r.Member.Unit, year))
	}
	return f.status(ctx, r, cl, year, sent)
}

func (f *Feature) status(ctx context.Context, r *bot.Request, cl *org.Cluster, year int, sent bool) error {
	acks, err := f.rec.Acks(ctx, cl.ID, year)
	if err != nil {
		return err
	}
	lines := []string{bot.HTML(msg.CovenantStatusHeader, year, cl.Name, len(acks), len(cl.Units))}
	if !sent {
		lines = append(lines, msg.CovenantStatusNotSent)
		return r.Reply(ctx, bot.Message{Text: strings.Join(lines, "\n"),
			Buttons: [][]bot.Button{{{Label: msg.CovenantSend, Data: bot.Data(cbPrefix, "send", strconv.Itoa(year))}}}})
	}
	for _, u := range cl.Units {
		a, ok := acks[u.ID]
		if !ok {
			lines = append(lines, bot.HTML(msg.CovenantLineWaiting, u.Name))
			continue
		}
		lines = append(lines, bot.HTML(msg.CovenantLineAcked, u.Name, a.ByName, vi.DateTime(a.At.In(f.d.Location))))
		if changed := covenants.Diff(a.Targets, f.targets(cl, u.ID, year)); len(changed) > 0 {
			lines = append(lines, bot.HTML(msg.CovenantLineChanged, strings.Join(changed, ", ")))
		}
	}
	gaps, err := f.rec.Discrepancies(ctx, cl.ID, year)
	if err != nil {
		return err
	}
	for _, g := range gaps {
		lines = append(lines, bot.HTML(msg.CovenantLineGap, f.unitName(g.Unit), g.Text))
	}
	return r.Reply(ctx, bot.Message{Text: strings.Join(lines, "\n"),
		Buttons: [][]bot.Button{{{Label: msg.CovenantDocButton, Data: bot.Data(cbPrefix, "doc", strconv.Itoa(year))}}}})
}

// document sends the covenant for signing as DOCX.
func (f *Feature) document(ctx context.Context, r *bot.Request, cl *org.Cluster, year int) error {
	acks, err := f.rec.Acks(ctx, cl.ID, year)
	if err != nil {
		return err
	}
	gaps, err := f.rec.Discrepancies(ctx, cl.ID, year)
	if err != nil {
		return err
	}
	in := covenants.DocumentInput{Year: year, ClusterName: cl.Name, Table: f.d.Tables[cl.Scoring],
		Format: func(a covenants.Ack) string { return vi.DateTime(a.At.In(f.d.Location)) }}
	for _, u := range cl.Units {
		rec := covenants.UnitRecord{ID: u.ID, Name: u.Name, Targets: f.targets(cl, u.ID, year)}
		if a, ok := acks[u.ID]; ok {
			rec.Ack = &a
		}
		for _, g := range gaps {
			if g.Unit == u.ID {
				rec.Discrepancies = append(rec.Discrepancies, g)
			}
		}
		in.Units = append(in.Units, rec)
	}
	data, err := covenants.Document(in)
	if err != nil {
		return fmt.Errorf("covenant document %s %d: %w", cl.ID, year, err)
	}
	return r.Reply(ctx, bot.Message{Text: bot.HTML(msg.CovenantDocCaption, year),
		Document: &bot.Upload{Name: "giao-uoc-" + cl.ID + "-" + strconv.Itoa(year) + ".docx", Data: data}})
}

// unitMessage is a unit's targets with the acknowledgement buttons.
func (f *Feature) unitMessage(cl *org.Cluster, unit string, year int) bot.Message {
	var lines []string
	for _, t := range f.targets(cl, unit, year) {
		v := vi.Number(t.Annual, 2)
		if t.Measure != "" {
			v += " " + t.Measure
		}
		lines = append(lines, bot.HTML(msg.CovenantTarget, t.Name, v))
	}
	if len(lines) == 0 {
		lines = append(lines, msg.CovenantNoTargets)
	}
	y := strconv.Itoa(year)
	return bot.Message{
		// lines are already escaped, one by one.
		Text: fmt.Sprintf(msg.CovenantForUnit, year, bot.Escape(f.unitName(unit)), strings.Join(lines, "\n")),
		Buttons: [][]bot.Button{{
			{Label: msg.CovenantAck, Data: bot.Data(cbPrefix, "ok", y)},
			{Label: msg.CovenantReport, Data: bot.Data(cbPrefix, "sl", y)},
		}},
	}
}

func (f *Feature) callback(ctx context.Context, r *bot.Request) error {
	action := r.Data.Arg(0)
	year, err := strconv.Atoi(r.Data.Arg(1))
	if err != nil {
		return bot.ErrExpired
	}
	cl, ok := f.d.Org.Cluster(r.Member.Cluster)
	if !ok {
		return bot.Userf(msg.BotNotAllowed)
	}
	switch action {
	case "send", "doc":
		if r.Member.Role != org.RoleChair && r.Member.Role != org.RoleDeputy {
			return bot.Userf(msg.BotNotAllowed)
		}
		if action == "doc" {
			return f.document(ctx, r, cl, year)
		}
		return f.send(ctx, r, cl, year)
	case "ok", "sl":
		if r.Member.Role != org.RoleFocal {
			return bot.Userf(msg.BotNotAllowed)
		}
		if action == "sl" {
			c := bot.Conversation{Flow: flowGap}
			if err := c.Encode(year); err != nil {
				return err
			}
			if err := r.SetConversation(ctx, c); err != nil {
				return err
			}
			return r.ReplyHTML(ctx, msg.CovenantAskGap)
		}
		now := f.d.Clock.Now()
		a := covenants.Ack{Cluster: cl.ID, Unit: r.Member.Unit, Year: year, By: r.User.ID, ByName: r.Member.Name, At: now,
			Targets: f.targets(cl, r.Member.Unit, year)}
		if err := f.rec.Acknowledge(ctx, a); err != nil {
			return err
		}
		return r.Edit(ctx, bot.Message{Text: bot.HTML(msg.CovenantAcked, year, vi.DateTime(now.In(f.d.Location)))})
	}
	return bot.ErrExpired
}

func (f *Feature) send(ctx context.Context, r *bot.Request, cl *org.Cluster, year int) error {
	fresh, err := f.rec.Send(ctx, cl.ID, year, r.User.ID, f.d.Clock.Now())
	if err != nil {
		return err
	}
	if !fresh {
		snd, _, err := f.rec.Sent(ctx, cl.ID, year)
		if err != nil {
			return err
		}
		return r.Edit(ctx, bot.Message{Text: bot.HTML(msg.CovenantAlreadySent, vi.Date(snd.At.In(f.d.Location)))})
	}
	reached := 0
	var missing []string
	for _, u := range cl.Units {
		if f.toFocal(ctx, cl, u.ID, year, "") {
			reached++
		} else {
			missing = append(missing, u.Name)
		}
	}
	extra := ""
	if len(missing) > 0 {
		extra = bot.HTML(msg.CovenantNoFocal, strings.Join(missing, ", "))
	}
	return r.Edit(ctx, bot.Message{Text: fmt.Sprintf(msg.CovenantSentChair, reached, len(cl.Units), extra)}) // extra is escaped
}

// toFocal sends unit's targets to its focal point, after intro when not
// empty; it reports whether they were delivered.
func (f *Feature) toFocal(ctx context.Context, cl *org.Cluster, unit string, year int, intro string) bool {
	m, ok, err := f.b.Members().Focal(ctx, unit)
	if err != nil {
		f.d.Log.Warn("covenant: focal point lookup", "unit", unit, "err", err)
		return false
	}
	if !ok {
		return false
	}
	if intro != "" {
		if _, err := f.b.Send(ctx, m.UserID, bot.Message{Text: intro}); err != nil {
			f.d.Log.Warn("covenant reminder not delivered", "unit", unit, "err", err)
			return false
		}
	}
	if _, err := f.b.Send(ctx, m.UserID, f.unitMessage(cl, unit, year)); err != nil {
		if !errors.Is(err, bot.ErrBlocked) {
			f.d.Log.Warn("covenant not delivered", "unit", unit, "err", err)
		}
		return false
	}
	return true
}

func (f *Feature) flowGap(ctx context.Context, r *bot.Request) error {
	c, err := r.Conversation(ctx)
	if err != nil {
		return err
	}
	var year int
	if err := c.Decode(&year); err != nil {
		return err
	}
	text := strings.TrimSpace(r.Text)
	if text == "" {
		return r.ReplyHTML(ctx, msg.CovenantAskGap)
	}
	d := covenants.Discrepancy{Cluster: r.Member.Cluster, Unit: r.Member.Unit, Year: year, By: r.User.ID,
		ByName: r.Member.Name, At: f.d.Clock.Now(), Text: text}
	if err := f.rec.Report(ctx, d); err != nil {
		return err
	}
	if err := r.EndConversation(ctx); err != nil {
		return err
	}
	chairs, err := f.b.Members().Chairs(ctx, d.Cluster)
	if err != nil {
		f.d.Log.Warn("covenant: chairs lookup", "cluster", d.Cluster, "err", err)
	}
	for _, ch := range chairs {
		if _, err := f.b.Send(ctx, ch.UserID, bot.Message{Text: bot.HTML(msg.CovenantGapForChair, f.unitName(d.Unit), d.ByName, text)}); err != nil {
			f.d.Log.Warn("covenant discrepancy not delivered", "chair", ch.UserID, "err", err)
		}
	}
	return r.ReplyHTML(ctx, msg.CovenantGapSent)
}

// Remind sends the covenant again, with a reminder, to the focal point of
// every unit that has not acknowledged it, once per RemindEvery after the
// sending, from RemindHour; each round is claimed in the store. It returns
// how many units it reminded.
func (f *Feature) Remind(ctx context.Context) (int, error) {
	now := f.d.Clock.Now()
	if now.In(f.d.Location).Hour() < RemindHour {
		return 0, nil
	}
	year := f.year()
	n := 0
	for i := range f.d.Org.Clusters {
		cl := &f.d.Org.Clusters[i]
		snd, sent, err := f.rec.Sent(ctx, cl.ID, year)
		if err != nil {
			return n, err
		}
		round := int(now.Sub(snd.At) / RemindEvery)
		if !sent || round < 1 {
			continue
		}
		acks, err := f.rec.Acks(ctx, cl.ID, year)
		if err != nil {
			return n, err
		}
		for _, u := range cl.Units {
			if _, ok := acks[u.ID]; ok {
				continue
			}
			claimed, err := f.rec.ClaimReminder(ctx, cl.ID, u.ID, year, round, now)
			if err != nil {
				return n, err
			}
			if claimed && f.toFocal(ctx, cl, u.ID, year, bot.HTML(msg.CovenantReminder, year)) {
				n++
			}
		}
	}
	return n, nil
}

func (f *Feature) unitName(id string) string {
	if u, _, ok := f.d.Org.Unit(id); ok {
		return u.Name
	}
	return id
}

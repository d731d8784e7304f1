package calendar

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/reminders"
)

// hosoRef names one document of one dossier occurrence in callback data
// and in the upload conversation; indexes keep the data within 64 bytes.
type hosoRef struct {
	Dossier    int    `json:"d"`
	Occurrence string `json:"o"`
	Item       int    `json:"i"`
	Unit       string `json:"u"`
}

// cmdHoso shows a focal point their unit's checklist for every coming
// dossier deadline it owes, and a chair (or admin) every unit's status.
func (f *Feature) cmdHoso(ctx context.Context, r *bot.Request) error {
	if f.d.Calendar == nil {
		return bot.Userf(msg.CalNoCalendar)
	}
	now := f.d.Clock.Now()
	occs := f.d.Calendar.DossierOccurrences(now, now.Add(hosoAhead))
	sent := 0
	if u := r.Member.Unit; u != "" {
		for _, o := range occs {
			if !f.owes(o.Dossier, u) || !r.May(org.ActDossier, f.target(u)) {
				continue
			}
			m, err := f.checklist(ctx, o, u)
			if err != nil {
				return err
			}
			if err := r.Reply(ctx, m); err != nil {
				return err
			}
			sent++
		}
	}
	if chair := r.Member.Role == org.RoleChair || r.Member.Role == org.RoleDeputy || r.Member.Role == org.RoleAdmin; chair && len(occs) > 0 {
		st, err := f.state(ctx, now, now.Add(hosoAhead))
		if err != nil {
			return err
		}
		parts := []string{msg.HosoChairHeader}
		for _, o := range occs {
			for i := range f.d.Org.Clusters {
				cl := &f.d.Org.Clusters[i]
				if !r.May(org.ActDossier, org.Target{Cluster: cl.ID}) || !applies(o.Dossier, cl.ID) {
					continue
				}
				status := reminders.DossierStatus(f.d.Calendar, st, o.Dossier, o.Occurrence, cl)
				parts = append(parts, bot.Escape(reminders.FormatDossierStatus(o.Dossier, o.Due, cl.Name, status)))
			}
		}
		if len(parts) > 1 {
			if err := r.Reply(ctx, bot.Message{Text: strings.Join(parts, "\n\n")}); err != nil {
				return err
			}
			sent++
		}
	}
	if sent == 0 {
		if r.Member.Unit == "" && r.Member.Role != org.RoleAdmin {
			return bot.Userf(msg.HosoNoUnit)
		}
		return bot.Userf(msg.HosoNone)
	}
	return nil
}

func applies(d *reminders.Dossier, cluster string) bool {
	return len(d.Clusters) == 0 || slices.Contains(d.Clusters, cluster)
}

func (f *Feature) target(unit string) org.Target {
	_, cl, ok := f.d.Org.Unit(unit)
	if !ok {
		return org.Target{}
	}
	return org.Target{Cluster: cl.ID, Unit: unit}
}

// owes reports whether unit owes dossier d.
func (f *Feature) owes(d *reminders.Dossier, unit string) bool {
	_, cl, ok := f.d.Org.Unit(unit)
	if !ok || !applies(d, cl.ID) {
		return false
	}
	for _, u := range d.Owers(cl) {
		if u.ID == unit {
			return true
		}
	}
	return false
}

// checklist renders a unit's checklist for one occurrence with a row of
// buttons per document: mark done and send the file, or undo.
func (f *Feature) checklist(ctx context.Context, o reminders.DossierOccurrence, unit string) (bot.Message, error) {
	prog, err := f.rs.Progress(ctx, o.Dossier.ID, o.Occurrence, unit)
	if err != nil {
		return bot.Message{}, err
	}
	names := map[int64]string{}
	for _, p := range prog {
		if p.By != 0 && names[p.By] == "" {
			if m, err := f.b.Members().Get(ctx, p.By); err == nil {
				names[p.By] = m.Name
			}
		}
	}
	u, _, _ := f.d.Org.Unit(unit)
	text := reminders.FormatChecklist(o.Dossier, o.Due, u.Name, prog, names)
	di := slices.IndexFunc(f.d.Calendar.Dossiers, func(d reminders.Dossier) bool { return d.ID == o.Dossier.ID })
	var rows [][]bot.Button
	for i, it := range o.Dossier.Checklist {
		ref := []string{strconv.Itoa(di), o.Occurrence, strconv.Itoa(i), unit}
		if prog[it.ID].Done {
			rows = append(rows, []bot.Button{{Label: msg.HosoUndoPrefix + shorten(it.Name, 40), Data: bot.Data(cbHoso, append([]string{"u"}, ref...)...)}})
			continue
		}
		rows = append(rows, []bot.Button{
			{Label: msg.HosoMarkPrefix + shorten(it.Name, 40), Data: bot.Data(cbHoso, append([]string{"m"}, ref...)...)},
			{Label: msg.HosoSend, Data: bot.Data(cbHoso, append([]string{"f"}, ref...)...)},
		})
	}
	return bot.Message{Text: bot.Escape(text), Buttons: rows}, nil
}

// resolve turns button arguments into the occurrence and document they
// name, if the deadline is still coming and the sender may act for the unit.
func (f *Feature) resolve(r *bot.Request, ref hosoRef) (reminders.DossierOccurrence, reminders.ChecklistItem, error) {
	var none reminders.DossierOccurrence
	if ref.Dossier < 0 || ref.Dossier >= len(f.d.Calendar.Dossiers) {
		return none, reminders.ChecklistItem{}, bot.ErrExpired
	}
	d := &f.d.Calendar.Dossiers[ref.Dossier]
	if ref.Item < 0 || ref.Item >= len(d.Checklist) {
		return none, reminders.ChecklistItem{}, bot.ErrExpired
	}
	if !f.owes(d, ref.Unit) || !r.May(org.ActDossier, f.target(ref.Unit)) {
		return none, reminders.ChecklistItem{}, bot.Userf(msg.BotOtherCluster)
	}
	now := f.d.Clock.Now()
	for _, o := range f.d.Calendar.DossierOccurrences(now.AddDate(0, 0, -31), now.Add(hosoAhead)) {
		if o.Dossier.ID == d.ID && o.Occurrence == ref.Occurrence {
			return o, d.Checklist[ref.Item], nil
		}
	}
	return none, reminders.ChecklistItem{}, bot.Userf(msg.HosoGone)
}

// onHosoButton marks a document done, undoes it, or waits for its file.
func (f *Feature) onHosoButton(ctx context.Context, r *bot.Request) error {
	di, err1 := strconv.Atoi(r.Data.Arg(1))
	ii, err2 := strconv.Atoi(r.Data.Arg(3))
	if err1 != nil || err2 != nil {
		return bot.ErrExpired
	}
	ref := hosoRef{Dossier: di, Occurrence: r.Data.Arg(2), Item: ii, Unit: r.Data.Arg(4)}
	o, it, err := f.resolve(r, ref)
	if err != nil {
		return err
	}
	switch r.Data.Arg(0) {
	case "m":
		if err := f.rs.MarkItem(ctx, o.Dossier, o.Occurrence, ref.Unit, it.ID, "", r.User.ID, f.d.Clock.Now()); err != nil {
			return err
		}
	case "u":
		if err := f.rs.UnmarkItem(ctx, o.Dossier.ID, o.Occurrence, ref.Unit, it.ID); err != nil {
			return err
		}
	case "f":
		c := bot.Conversation{Flow: flowHoso, Step: "file"}
		if err := c.Encode(ref); err != nil {
			return err
		}
		if err := r.SetConversation(ctx, c); err != nil {
			return err
		}
		return r.ReplyHTML(ctx, msg.HosoAskFile, it.Name)
	default:
		return bot.ErrExpired
	}
	m, err := f.checklist(ctx, o, ref.Unit)
	if err != nil {
		return err
	}
	return r.Edit(ctx, m)
}

// onHosoText takes the file of the document the user chose; it is kept by
// its Telegram file id, with who sent it and when.
func (f *Feature) onHosoText(ctx context.Context, r *bot.Request) error {
	c, err := r.Conversation(ctx)
	if err != nil {
		return err
	}
	var ref hosoRef
	if err := c.Decode(&ref); err != nil {
		return err
	}
	o, it, err := f.resolve(r, ref)
	if err != nil {
		_ = r.EndConversation(ctx)
		return err
	}
	if r.Document == nil {
		return r.ReplyHTML(ctx, msg.HosoNeedFile, it.Name)
	}
	if err := f.rs.MarkItem(ctx, o.Dossier, o.Occurrence, ref.Unit, it.ID, r.Document.FileID, r.User.ID, f.d.Clock.Now()); err != nil {
		return err
	}
	if err := r.EndConversation(ctx); err != nil {
		return err
	}
	if err := r.ReplyHTML(ctx, msg.HosoFileKept, it.Name); err != nil {
		return err
	}
	m, err := f.checklist(ctx, o, ref.Unit)
	if err != nil {
		return err
	}
	return r.Reply(ctx, m)
}

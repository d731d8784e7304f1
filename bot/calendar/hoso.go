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
	chair := r.Member.Role == org.RoleChair || r.Member.Role == org.RoleDeputy || r.Member.Role == org.RoleAdmin
	if u := r.Member.Unit; u != "" {
		for _, o := range occs {
			owes, byOwner, err := f.owesOcc(ctx, o, u)
			if err != nil {
				return err
			}
			if !owes || !r.May(org.ActDossier, f.target(u)) {
				continue
			}
			owner := ""
			if byOwner {
				owner = reminders.OwnerNominee // the unit's own part; the chair's follows
			}
			m, err := f.checklist(ctx, o, u, owner)
			if err != nil {
				return err
			}
			if err := r.Reply(ctx, m); err != nil {
				return err
			}
			sent++
		}
	}
	// The chair's own documents of each nominee's dossier.
	if chair {
		n, err := f.chairItems(ctx, r, occs)
		if err != nil {
			return err
		}
		sent += n
	}
	if chair && len(occs) > 0 {
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
				if len(status) == 0 {
					continue // an award's dossier before anyone is nominated
				}
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

// nominees returns the units that owe an award dossier's occurrence in
// cluster, and false for a dossier no award names (or without awards).
func (f *Feature) nominees(ctx context.Context, o reminders.DossierOccurrence, cluster string) ([]string, bool, error) {
	if f.d.Nominees == nil {
		return nil, false, nil
	}
	return f.d.Nominees(ctx, o.Dossier.ID, cluster, o.Due)
}

// owesOcc reports whether unit owes the occurrence o, and whether its items
// are split between owners (an award's dossier, owed by its nominees).
func (f *Feature) owesOcc(ctx context.Context, o reminders.DossierOccurrence, unit string) (owes, byOwner bool, err error) {
	_, cl, ok := f.d.Org.Unit(unit)
	if !ok || !applies(o.Dossier, cl.ID) {
		return false, false, nil
	}
	ns, ok, err := f.nominees(ctx, o, cl.ID)
	if err != nil || !ok {
		return f.owes(o.Dossier, unit), false, err
	}
	return slices.Contains(ns, unit), true, nil
}

// chairItems sends the chair the documents it owes for each nominee of each
// award dossier of its clusters, and returns how many messages it sent.
func (f *Feature) chairItems(ctx context.Context, r *bot.Request, occs []reminders.DossierOccurrence) (int, error) {
	sent := 0
	for _, o := range occs {
		if _, idx := o.Dossier.Owned(reminders.OwnerChair); len(idx) == 0 {
			continue
		}
		for i := range f.d.Org.Clusters {
			cl := &f.d.Org.Clusters[i]
			if !r.May(org.ActDossier, org.Target{Cluster: cl.ID}) || !applies(o.Dossier, cl.ID) {
				continue
			}
			ns, ok, err := f.nominees(ctx, o, cl.ID)
			if err != nil {
				return sent, err
			}
			if !ok {
				continue
			}
			for _, u := range ns {
				m, err := f.checklist(ctx, o, u, reminders.OwnerChair)
				if err != nil {
					return sent, err
				}
				if err := r.Reply(ctx, m); err != nil {
					return sent, err
				}
				sent++
			}
		}
	}
	return sent, nil
}

// owes reports whether unit owes dossier d by its audience.
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
// buttons per document: mark done and send the file, or undo. A non-empty
// owner shows only the documents that owner prepares.
func (f *Feature) checklist(ctx context.Context, o reminders.DossierOccurrence, unit, owner string) (bot.Message, error) {
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
	d := o.Dossier
	idx := make([]int, len(d.Checklist))
	for i := range idx {
		idx[i] = i
	}
	if owner != "" {
		d, idx = o.Dossier.Owned(owner)
	}
	text := reminders.FormatChecklist(d, o.Due, u.Name, prog, names)
	if owner != "" {
		text += "\n" + msg.HosoOwnerNote(owner == reminders.OwnerChair)
	}
	di := slices.IndexFunc(f.d.Calendar.Dossiers, func(d reminders.Dossier) bool { return d.ID == o.Dossier.ID })
	var rows [][]bot.Button
	for j, it := range d.Checklist {
		ref := []string{strconv.Itoa(di), o.Occurrence, strconv.Itoa(idx[j]), unit}
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
func (f *Feature) resolve(ctx context.Context, r *bot.Request, ref hosoRef) (reminders.DossierOccurrence, reminders.ChecklistItem, error) {
	var none reminders.DossierOccurrence
	if ref.Dossier < 0 || ref.Dossier >= len(f.d.Calendar.Dossiers) {
		return none, reminders.ChecklistItem{}, bot.ErrExpired
	}
	d := &f.d.Calendar.Dossiers[ref.Dossier]
	if ref.Item < 0 || ref.Item >= len(d.Checklist) {
		return none, reminders.ChecklistItem{}, bot.ErrExpired
	}
	if !r.May(org.ActDossier, f.target(ref.Unit)) {
		return none, reminders.ChecklistItem{}, bot.Userf(msg.BotOtherCluster)
	}
	now := f.d.Clock.Now()
	for _, o := range f.d.Calendar.DossierOccurrences(now.AddDate(0, 0, -31), now.Add(hosoAhead)) {
		if o.Dossier.ID != d.ID || o.Occurrence != ref.Occurrence {
			continue
		}
		owes, byOwner, err := f.owesOcc(ctx, o, ref.Unit)
		if err != nil {
			return none, reminders.ChecklistItem{}, err
		}
		it := d.Checklist[ref.Item]
		isChair := r.Member.Role == org.RoleChair || r.Member.Role == org.RoleDeputy || r.Member.Role == org.RoleAdmin
		if !owes || (byOwner && it.Owner == reminders.OwnerChair && !isChair) {
			return none, reminders.ChecklistItem{}, bot.Userf(msg.BotOtherCluster)
		}
		return o, it, nil
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
	o, it, err := f.resolve(ctx, r, ref)
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
	m, err := f.checklist(ctx, o, ref.Unit, f.viewOwner(ctx, o, ref.Unit, it))
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
	o, it, err := f.resolve(ctx, r, ref)
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
	m, err := f.checklist(ctx, o, ref.Unit, f.viewOwner(ctx, o, ref.Unit, it))
	if err != nil {
		return err
	}
	return r.Reply(ctx, m)
}

// viewOwner is the owner whose documents the checklist of it shows: it's
// owner in an award's dossier, else everyone's ("").
func (f *Feature) viewOwner(ctx context.Context, o reminders.DossierOccurrence, unit string, it reminders.ChecklistItem) string {
	if _, byOwner, err := f.owesOcc(ctx, o, unit); err == nil && byOwner {
		return it.Owner
	}
	return ""
}

package reports

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/submissions"
	"github.com/thiduabot/thiduabot/vi"
)

// Button actions (the first argument of the callback data).
const (
	actSkip       = "skip"
	actBack       = "back"
	actKeepLast   = "keep"
	actCancel     = "cancel"
	actConfirm    = "ok"
	actEdit       = "edit" // + criterion id
	actChoose     = "ch"   // + index of the reading
	actYesNo      = "yn"   // + "1" or "0"
	actKeepValue  = "kv"
	actFix        = "fix"
	actEditReport = "er"  // start editing a confirmed report: + unit, period
	actPickUnit   = "pu"  // a chair picks a unit: + unit, period
	actTemplate   = "tpl" // the Excel template of the draft
	actCancelNow  = "cx"  // Hủy hẳn, after Hủy asked
	actContinue   = "go"  // Tiếp tục nhập, after Hủy asked
	actRestore    = "rs"  // restore the cancelled draft: + unit, period
	actFresh      = "nw"  // start afresh instead: + unit, period
)

// cmdReport is /baocao [mau | mo <đơn vị> [kỳ] | <đơn vị>] [kỳ].
func (f *Feature) cmdReport(ctx context.Context, r *bot.Request) error {
	argv := r.Command.Argv
	if len(argv) > 0 {
		switch vi.Fold(argv[0]) {
		case "mau", "template", "excel":
			return f.cmdTemplate(ctx, r, argv[1:])
		case "mo", "mokhoa", "unlock":
			return f.cmdUnlock(ctx, r, argv[1:])
		}
	}
	unit, p, err := f.parseTarget(argv)
	if err != nil {
		return err
	}
	if r.Member.Role == org.RoleFocal {
		if unit != "" && unit != r.Member.Unit {
			return userText(msg.ReportsOtherUnit)
		}
		if r.Member.Unit == "" {
			return userText(msg.ReportsNoUnit)
		}
		return f.start(ctx, r, r.Member.Unit, p, submissions.ForFocal)
	}
	if unit == "" {
		return f.pickUnit(ctx, r, p)
	}
	return f.start(ctx, r, unit, p, submissions.ForChair)
}

// parseTarget reads the optional unit id and period of a command.
func (f *Feature) parseTarget(argv []string) (unit string, p submissions.Period, err error) {
	if p, argv, err = f.periodArgs(argv); err != nil {
		return "", p, err
	}
	var words []string
	for _, a := range argv {
		if _, _, ok := f.d.Org.Unit(strings.ToLower(a)); ok {
			unit = strings.ToLower(a)
			continue
		}
		if strings.ContainsAny(a, "/-") || strings.IndexFunc(a, func(c rune) bool { return c >= '0' && c <= '9' }) >= 0 {
			return "", p, userText(msg.ReportsBadPeriod(a))
		}
		words = append(words, a)
	}
	if len(words) == 0 {
		return unit, p, nil
	}
	if unit != "" {
		return "", p, userText(msg.ReportsUnknownUnit)
	}
	unit, err = f.unitNamed(strings.Join(words, " "))
	return unit, p, err
}

// unitNamed finds the unit a name typed in a command means ("phú thọ",
// "bac ninh"): its full name or whole words of it, with or without
// diacritics, as /diem reads it.
func (f *Feature) unitNamed(name string) (string, error) {
	q := strings.Join(strings.Fields(vi.Fold(name)), " ")
	var found []org.Unit
	for _, cl := range f.d.Org.Clusters {
		for _, u := range cl.Units {
			n := strings.Join(strings.Fields(vi.Fold(u.Name)), " ")
			if n == q {
				return u.ID, nil
			}
			if strings.Contains(" "+n+" ", " "+q+" ") {
				found = append(found, u)
			}
		}
	}
	switch len(found) {
	case 0:
		return "", userText(msg.ReportsUnknownUnit)
	case 1:
		return found[0].ID, nil
	}
	names := make([]string, len(found))
	for i, u := range found {
		names[i] = u.Name
	}
	return "", userText(msg.ReportsAmbiguousUnit(name, strings.Join(names, ", ")))
}

// pickUnit offers a chair the units of the cluster (an admin: of every cluster).
func (f *Feature) pickUnit(ctx context.Context, r *bot.Request, p submissions.Period) error {
	var rows [][]bot.Button
	var row []bot.Button
	for _, cl := range f.d.Org.Clusters {
		if r.Member.Role != org.RoleAdmin && cl.ID != r.Member.Cluster {
			continue
		}
		for _, u := range cl.Units {
			row = append(row, bot.Button{Label: u.Name, Data: bot.Data(cbPrefix, actPickUnit, u.ID, periodArg(p))})
			if len(row) == 2 {
				rows, row = append(rows, row), nil
			}
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return r.Reply(ctx, bot.Message{Text: bot.Escape(msg.ReportsPickUnit), Buttons: rows})
}

func periodArg(p submissions.Period) string {
	if p.IsZero() {
		return ""
	}
	return p.String()
}

// start opens /baocao for unit: resumes the user's draft of it, shows the
// history of a confirmed report, or begins a new draft.
func (f *Feature) start(ctx context.Context, r *bot.Request, unitID string, p submissions.Period, asker submissions.Asker) error {
	u, cl, ok := f.d.Org.Unit(unitID)
	if !ok {
		return userText(msg.ReportsUnknownUnit)
	}
	if (asker == submissions.ForChair) == (r.Member.Role == org.RoleFocal) {
		return bot.ErrExpired // a button meant for another role
	}
	if !r.May(org.ActSubmit, org.Target{Cluster: cl.ID, Unit: u.ID}) {
		if r.Member.Role == org.RoleFocal {
			return userText(msg.ReportsOtherUnit)
		}
		return userText(msg.ReportsOtherCluster)
	}
	if _, ok := f.d.Tables[cl.Scoring]; !ok {
		return userText(msg.ReportsNoTable)
	}
	d, err := f.drafts.Get(ctx, r.User.ID)
	switch {
	case err == nil && d.Cluster == cl.ID && d.Unit == u.ID && d.Asker == asker && (p.IsZero() || p == d.Period):
		return f.resume(ctx, r, d, "")
	case err != nil && !isNotFound(err):
		return err
	case isNotFound(err):
		if ok, err := f.offerRestore(ctx, r, cl.ID, u.ID, p, asker); ok || err != nil {
			return err
		}
	}
	if p.IsZero() {
		p = f.reports.OpenPeriod(cl.ID)
	}
	now := f.d.Clock.Now().In(f.d.Location)
	if submissions.PeriodOf(now).Before(p) {
		return userText(msg.SubmitFuturePeriod)
	}
	rep, err := f.reports.Get(ctx, cl.ID, u.ID, p)
	if err != nil && !isNotFound(err) {
		return err
	}
	deadline, lock := f.reports.Window(cl.ID, p)
	if asker == submissions.ForFocal && rep.Confirmed() {
		return f.showConfirmed(ctx, r, rep)
	}
	until, open := f.reports.OpenUntil(cl.ID, p, rep)
	if asker == submissions.ForFocal && !open {
		return userText(msg.ReportsPeriodLocked(p.Label(), vi.DateTime(until)))
	}
	var from *submissions.Report
	if rep != nil && rep.Version > 0 {
		from = rep
	}
	d = submissions.NewDraft(actor(r), cl.ID, u.ID, p, asker, from)
	s, err := f.questions(ctx, d)
	if err != nil {
		return err
	}
	if len(s.qs) == 0 {
		if asker == submissions.ForChair {
			return userText(msg.ReportsNoManual)
		}
		return userText(msg.ReportsNoQuestions)
	}
	if err := f.begin(ctx, r, d); err != nil {
		return err
	}
	intro := msg.SubmitIntro(p.Label(), u.Name, len(s.qs))
	switch {
	case asker == submissions.ForChair:
		intro = msg.ReportsManualIntro(p.Label(), u.Name, len(s.qs))
	case !now.Before(lock):
		intro += "\n" + msg.ReportsIntroUnlocked(endText(until))
	case now.After(deadline):
		intro += "\n" + msg.SubmitIntroLate(vi.DateTime(deadline), endText(until))
	}
	return f.show(ctx, r.Chat, d, s, intro)
}

// endText renders when a period closes: "hết ngày 12/11/2026" for a window
// that ends at the midnight after that day, "17:00 08/11/2026" otherwise.
func endText(end time.Time) string {
	if end.Hour() == 0 && end.Minute() == 0 && end.Second() == 0 && end.Nanosecond() == 0 {
		return msg.ReportsEndOfDay(vi.Date(end.Add(-time.Nanosecond)))
	}
	return vi.DateTime(end)
}

// offerRestore offers, on /baocao, the draft of the same report the user
// cancelled within the last 24 hours, when it held values and can still be
// confirmed; it reports whether it did.
func (f *Feature) offerRestore(ctx context.Context, r *bot.Request, cluster, unit string, p submissions.Period, asker submissions.Asker) (bool, error) {
	c, err := f.drafts.Cancelled(ctx, r.User.ID)
	if isNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	d := &c.Draft
	if d.Cluster != cluster || d.Unit != unit || d.Asker != asker || (!p.IsZero() && p != d.Period) {
		return false, nil
	}
	if asker == submissions.ForFocal {
		rep, err := f.reports.Get(ctx, cluster, unit, d.Period)
		if err != nil && !isNotFound(err) {
			return false, err
		}
		if _, open := f.reports.OpenUntil(cluster, d.Period, rep); !open {
			return false, nil
		}
	}
	s, err := f.questions(ctx, d)
	if err != nil {
		return false, err
	}
	n, err := f.entered(ctx, d, s)
	if err != nil || n == 0 {
		return false, err
	}
	per := d.Period.String()
	text := msg.ReportsRestoreOffer(d.Period.Label(), vi.DateTime(c.CancelledAt.In(f.d.Location)), n)
	return true, r.Reply(ctx, bot.Message{Text: bot.Escape(text), Buttons: [][]bot.Button{{
		{Label: msg.ReportsButtonRestore, Data: bot.Data(cbPrefix, actRestore, unit, per)},
		{Label: msg.ReportsButtonFresh, Data: bot.Data(cbPrefix, actFresh, unit, per)},
	}}})
}

// restore answers the restore offer: the cancelled draft comes back, once;
// fresh drops it and starts the report anew.
func (f *Feature) restore(ctx context.Context, r *bot.Request, fresh bool) error {
	unit, per := r.Data.Arg(1), r.Data.Arg(2)
	p, err := submissions.ParsePeriod(per)
	if err != nil {
		return bot.ErrExpired
	}
	u, cl, ok := f.d.Org.Unit(unit)
	if !ok || !r.May(org.ActSubmit, org.Target{Cluster: cl.ID, Unit: u.ID}) {
		return bot.ErrExpired
	}
	asker := submissions.ForChair
	if r.Member.Role == org.RoleFocal {
		asker = submissions.ForFocal
	}
	c, err := f.drafts.Cancelled(ctx, r.User.ID)
	if isNotFound(err) {
		return bot.ErrExpired
	}
	if err != nil {
		return err
	}
	if c.Draft.Cluster != cl.ID || c.Draft.Unit != u.ID || c.Draft.Period != p || c.Draft.Asker != asker {
		return bot.ErrExpired
	}
	f.clearButtons(ctx, r)
	if fresh {
		if err := f.drafts.DropCancelled(ctx, r.User.ID); err != nil {
			return err
		}
		return f.start(ctx, r, u.ID, p, asker)
	}
	if cur, err := f.drafts.Get(ctx, r.User.ID); err == nil {
		// Another report was begun meanwhile: it is not thrown away unasked.
		return f.resume(ctx, r, cur, "")
	} else if !isNotFound(err) {
		return err
	}
	d, err := f.drafts.Restore(ctx, r.User.ID)
	if isNotFound(err) {
		return bot.ErrExpired
	}
	if err != nil {
		return err
	}
	return f.resume(ctx, r, d, msg.ReportsRestored)
}

// begin stores a new draft and points the chat's text at the flow.
func (f *Feature) begin(ctx context.Context, r *bot.Request, d *submissions.Draft) error {
	if err := f.drafts.Save(ctx, d); err != nil {
		return err
	}
	return r.SetConversation(ctx, bot.Conversation{Flow: flowName})
}

// resume continues a stored draft where it stopped; head, when set, goes first.
func (f *Feature) resume(ctx context.Context, r *bot.Request, d *submissions.Draft, head string) error {
	s, err := f.questions(ctx, d)
	if err != nil {
		return err
	}
	last := d.LastActivity.In(f.d.Location)
	if err := f.begin(ctx, r, d); err != nil {
		return err
	}
	text := msg.SubmitResume(d.Period.Label(), d.Answered(s.qs), len(s.qs), vi.DateTime(last))
	if head != "" {
		text = head + " " + text
	}
	return f.show(ctx, r.Chat, d, s, text)
}

// showConfirmed answers /baocao on a confirmed period: its revision
// history, and the edit button while the period is open.
func (f *Feature) showConfirmed(ctx context.Context, r *bot.Request, rep *submissions.Report) error {
	_, lock := f.reports.Window(rep.Cluster, rep.Period)
	until, open := f.reports.OpenUntil(rep.Cluster, rep.Period, rep)
	text := submissions.HistoryText(rep)
	m := bot.Message{}
	switch {
	case open && until.After(lock):
		text += "\n\n" + msg.ReportsConfirmedHintUnlocked(endText(until))
	case open:
		text += "\n\n" + msg.ReportsConfirmedHint(vi.DateTime(lock))
	default:
		text += "\n\n" + msg.ReportsConfirmedLocked(vi.DateTime(until))
	}
	if open {
		m.Buttons = [][]bot.Button{{{Label: msg.ReportsButtonEditReport, Data: bot.Data(cbPrefix, actEditReport, rep.Unit, rep.Period.String())}}}
	}
	m.Text = bot.Escape(text)
	return r.Reply(ctx, m)
}

// editReport starts a draft from the confirmed report, at its summary.
func (f *Feature) editReport(ctx context.Context, r *bot.Request, unitID string, p submissions.Period) error {
	u, cl, ok := f.d.Org.Unit(unitID)
	if !ok || r.Member.Role != org.RoleFocal || !r.May(org.ActSubmit, org.Target{Cluster: cl.ID, Unit: u.ID}) {
		return bot.ErrExpired
	}
	rep, err := f.reports.Get(ctx, cl.ID, u.ID, p)
	if err != nil {
		return domainError(err)
	}
	if until, open := f.reports.OpenUntil(cl.ID, p, rep); !open {
		return userText(msg.SubmitLocked(p.Label(), vi.DateTime(until)))
	}
	d := submissions.NewDraft(actor(r), cl.ID, u.ID, p, submissions.ForFocal, rep)
	s, err := f.questions(ctx, d)
	if err != nil {
		return err
	}
	d.Apply(s.qs, &submissions.Upload{Answers: map[string]submissions.Entry{}})
	if err := f.begin(ctx, r, d); err != nil {
		return err
	}
	return f.show(ctx, r.Chat, d, s, "")
}

// show sends the draft's current step: a pending choice or warning, the
// question, or the summary with the interim score; head goes first.
func (f *Feature) show(ctx context.Context, chat int64, d *submissions.Draft, s *setup, head string) error {
	var parts []string
	if head != "" {
		parts = append(parts, head)
	}
	tok := d.Token(s.qs)
	per := d.Period.String()
	data := func(act string, args ...string) string {
		return bot.Data(cbPrefix, append([]string{act, per, tok}, args...)...)
	}
	var rows [][]bot.Button
	q, asking := d.Question(s.qs)
	switch {
	case asking && d.Pending != nil && len(d.Pending.Candidates) > 0:
		parts = append(parts, msg.SubmitAmbiguous(d.Pending.Raw))
		for i, c := range d.Pending.Choices {
			rows = append(rows, []bot.Button{{Label: c, Data: data(actChoose, strconv.Itoa(i))}})
		}
		rows = append(rows, []bot.Button{{Label: msg.SubmitButtonFix, Data: data(actFix)}})
	case asking && d.Pending != nil && len(d.Pending.Warnings) > 0:
		parts = append(parts, msg.ReportsEchoWarn(submissions.FormatValue(q.Criterion, d.Pending.Value)))
		for _, w := range d.Pending.Warnings {
			parts = append(parts, "⚠️ "+w.Message)
		}
		parts = append(parts, msg.SubmitWarnAsk)
		rows = [][]bot.Button{{{Label: msg.SubmitButtonFix, Data: data(actFix)}, {Label: msg.SubmitButtonKeepVal, Data: data(actKeepValue)}}}
	case asking:
		parts = append(parts, q.Text())
		if cur := d.Current(s.qs); cur != "" {
			parts = append(parts, msg.ReportsCurrent(cur, d.Editing))
		}
		if q.Criterion.Rule == submissions.RuleYesNo {
			rows = append(rows, []bot.Button{{Label: msg.SubmitYes, Data: data(actYesNo, "1")}, {Label: msg.SubmitNo, Data: data(actYesNo, "0")}})
		}
		row := []bot.Button{{Label: msg.SubmitButtonSkip, Data: data(actSkip)}}
		if q.Number > 1 {
			row = append(row, bot.Button{Label: msg.SubmitButtonBack, Data: data(actBack)})
		}
		rows = append(rows, row)
		if q.CanKeep {
			rows = append(rows, []bot.Button{{Label: msg.SubmitButtonKeep, Data: data(actKeepLast)}})
		}
		rows = append(rows, []bot.Button{{Label: msg.SubmitButtonCancel, Data: data(actCancel)}})
	default:
		parts = append(parts, d.Summary(s.qs))
		if c := carried(d, s.qs); c != "" {
			parts = append(parts, c)
		}
		if res, err := f.reports.Preview(ctx, d, s.table, s.cluster.Units, f.d.Targets); err != nil {
			f.d.Log.Warn("reports: preview failed", "user", d.User.UserID, "err", err)
		} else if line := submissions.PreviewText(res, d.Unit); line != "" {
			parts = append(parts, line)
		}
		var row []bot.Button
		for _, q := range s.qs {
			row = append(row, bot.Button{Label: msg.ReportsEditButton(q.Number), Data: data(actEdit, strconv.Itoa(q.Number))})
			if len(row) == 4 {
				rows, row = append(rows, row), nil
			}
		}
		if len(row) > 0 {
			rows = append(rows, row)
		}
		rows = append(rows, []bot.Button{{Label: msg.SubmitButtonConfirm, Data: data(actConfirm)}},
			[]bot.Button{{Label: msg.SubmitButtonBack, Data: data(actBack)}, {Label: msg.SubmitButtonCancel, Data: data(actCancel)}})
	}
	id, err := f.b.Send(ctx, chat, bot.Message{Text: bot.Escape(strings.Join(parts, "\n\n")), Buttons: rows})
	if err != nil {
		return err
	}
	// A summary or a prompt (a choice of readings, a plausibility warning)
	// is remembered, and the next message takes its buttons off (best
	// effort: a press there is answered as stale anyway), so that an older
	// one, say from before a restart, offers nothing that no longer applies.
	// Plain questions are not remembered: their buttons stay valid.
	prev := d.Shown
	if prev != 0 && prev != id {
		f.clearMessage(ctx, chat, prev)
	}
	d.Shown = 0
	if !asking || d.Pending != nil {
		d.Shown = id
	}
	if d.Shown == prev {
		return nil
	}
	if err := f.drafts.Save(ctx, d); err != nil {
		f.d.Log.Warn("reports: shown message not recorded", "user", d.User.UserID, "err", err)
	}
	return nil
}

// onText handles what the user types (or uploads) during the conversation.
func (f *Feature) onText(ctx context.Context, r *bot.Request) error {
	d, err := f.drafts.Get(ctx, r.User.ID)
	if isNotFound(err) {
		_ = r.EndConversation(ctx)
		if r.Document == nil && submissions.ParseAction(r.Text) == submissions.ActConfirm {
			// "Xác nhận" typed again after the report was recorded: say so again.
			if ok, err := f.repeatReceipt(ctx, r, ""); ok || err != nil {
				return err
			}
		}
		return userText(msg.ReportsNoDraft)
	}
	if err != nil {
		return err
	}
	if r.Document != nil {
		return f.upload(ctx, r, d)
	}
	s, err := f.questions(ctx, d)
	if err != nil {
		return err
	}
	act := submissions.ParseAction(r.Text)
	q, asking := d.Question(s.qs)
	if asking && d.Pending != nil && len(d.Pending.Candidates) > 0 {
		// "7,7", "thập phân", "so nguyen": a reading chosen in words.
		if i, ok := d.Pending.Pick(r.Text); ok {
			return f.step(ctx, r, d, s, actChoose, strconv.Itoa(i))
		}
	}
	switch {
	case act == submissions.ActCancel:
		return f.step(ctx, r, d, s, actCancel, "")
	case act == submissions.ActCancelNow:
		return f.step(ctx, r, d, s, actCancelNow, "")
	case act == submissions.ActContinue:
		return f.show(ctx, r.Chat, d, s, "")
	case act == submissions.ActBack:
		return f.step(ctx, r, d, s, actBack, "")
	case asking && d.Pending != nil && len(d.Pending.Warnings) > 0 && act == submissions.ActKeep:
		return f.step(ctx, r, d, s, actKeepValue, "")
	case asking && d.Pending != nil && act == submissions.ActFix:
		return f.step(ctx, r, d, s, actFix, "")
	case asking && act == submissions.ActSkip:
		return f.step(ctx, r, d, s, actSkip, "")
	case asking && act == submissions.ActKeep && q.CanKeep:
		// Without an earlier value "giữ" is read as an answer below and
		// gets the question's own hint, not "button expired".
		return f.step(ctx, r, d, s, actKeepLast, "")
	case !asking && act == submissions.ActConfirm:
		return f.step(ctx, r, d, s, actConfirm, "")
	case !asking:
		// Text at the summary: "sửa 3" edits criterion 3; anything else shows the summary again.
		if n, ok := editNumber(r.Text); ok {
			if n >= 1 && n <= len(s.qs) {
				return f.step(ctx, r, d, s, actEdit, s.qs[n-1].Criterion.ID)
			}
			return r.Reply(ctx, bot.Message{Text: bot.Escape(msg.SubmitEditRange(len(s.qs)))})
		}
		return f.show(ctx, r.Chat, d, s, "")
	}
	// A new answer replaces a pending one.
	warned := asking && d.Pending != nil && len(d.Pending.Warnings) > 0
	d.Pending = nil
	out, err := d.Type(s.qs, r.Text)
	if err != nil {
		if warned && !strings.ContainsAny(r.Text, "0123456789") {
			// Neither a choice nor a figure at the warning ("xác nhận"):
			// the choice is asked again, the warned value still waits.
			return r.Reply(ctx, bot.Message{Text: bot.Escape(msg.SubmitWarnChoose)})
		}
		if text, ok := submissions.Message(err); ok {
			return r.Reply(ctx, bot.Message{Text: bot.Escape(text)})
		}
		return err
	}
	return f.after(ctx, r, d, s, out)
}

// editNumber reads "sửa 3", "sua muc 3" or "3".
func editNumber(text string) (int, bool) {
	f := strings.Fields(vi.Fold(text))
	if len(f) > 0 && (f[0] == "sua" || f[0] == "edit") {
		f = f[1:]
	}
	if len(f) > 0 && f[0] == "muc" {
		f = f[1:]
	}
	if len(f) != 1 {
		return 0, false
	}
	n, err := strconv.Atoi(f[0])
	return n, err == nil
}

// after stores the draft after an answer and shows what comes next.
func (f *Feature) after(ctx context.Context, r *bot.Request, d *submissions.Draft, s *setup, out submissions.Outcome) error {
	if err := f.drafts.Save(ctx, d); err != nil {
		return err
	}
	head := ""
	if out.Accepted {
		head = msg.ReportsEcho(out.Echo)
	}
	return f.show(ctx, r.Chat, d, s, head)
}

// onButton handles a pressed (or typed) button of the conversation. Every
// check comes before anything changes, the pressed message included: a
// forged or foreign button is refused with nothing done.
func (f *Feature) onButton(ctx context.Context, r *bot.Request) error {
	act := r.Data.Arg(0)
	switch act {
	case actPickUnit:
		p, ok := optPeriod(r.Data.Arg(2))
		u, cl, known := f.d.Org.Unit(r.Data.Arg(1))
		if !ok || !known || r.Member.Role == org.RoleFocal || !r.May(org.ActSubmit, org.Target{Cluster: cl.ID, Unit: u.ID}) {
			return bot.ErrExpired
		}
		f.clearButtons(ctx, r)
		return f.start(ctx, r, u.ID, p, submissions.ForChair)
	case actEditReport:
		p, err := submissions.ParsePeriod(r.Data.Arg(2))
		u, cl, known := f.d.Org.Unit(r.Data.Arg(1))
		if err != nil || !known || r.Member.Role != org.RoleFocal || !r.May(org.ActSubmit, org.Target{Cluster: cl.ID, Unit: u.ID}) {
			return bot.ErrExpired
		}
		f.clearButtons(ctx, r)
		return f.editReport(ctx, r, u.ID, p)
	case actRestore, actFresh:
		return f.restore(ctx, r, act == actFresh)
	}
	tok := r.Data.Arg(2)
	d, err := f.drafts.Get(ctx, r.User.ID)
	if isNotFound(err) {
		if act == actConfirm {
			// The same confirmation again (an update replayed after a crash
			// between the store write and the reply, or a second press).
			if ok, err := f.repeatReceipt(ctx, r, tok); ok || err != nil {
				return err
			}
		}
		return bot.ErrExpired
	}
	if err != nil {
		return err
	}
	s, err := f.questions(ctx, d)
	if err != nil {
		return err
	}
	if r.Data.Arg(1) != d.Period.String() || tok != d.Token(s.qs) {
		if strings.HasPrefix(tok, submissions.SummaryToken) && act != actCancelNow && act != actContinue {
			// A summary that no longer shows the draft: nothing it offers
			// applies; the newest step goes below.
			_ = r.Answer(ctx, msg.ReportsStaleSummary)
			return f.show(ctx, r.Chat, d, s, msg.ReportsStaleSummary)
		}
		return bot.ErrExpired
	}
	arg := r.Data.Arg(3)
	if act == actEdit {
		// The summary's edit buttons carry the question's number (the token
		// fixed the questions), so that long criterion ids fit in 64 bytes.
		n, err := strconv.Atoi(arg)
		if err != nil || n < 1 || n > len(s.qs) {
			return bot.ErrExpired
		}
		arg = s.qs[n-1].Criterion.ID
	}
	f.clearButtons(ctx, r)
	if r.MessageID != 0 && r.MessageID == d.Shown {
		d.Shown = 0 // its buttons are gone already
	}
	return f.step(ctx, r, d, s, act, arg)
}

// optPeriod reads an optional period argument ("" for none).
func optPeriod(s string) (submissions.Period, bool) {
	if s == "" {
		return submissions.Period{}, true
	}
	p, err := submissions.ParsePeriod(s)
	return p, err == nil
}

// clearButtons takes the buttons off a pressed message, so that it cannot
// be pressed twice.
func (f *Feature) clearButtons(ctx context.Context, r *bot.Request) {
	if r.MessageID != 0 {
		f.clearMessage(ctx, r.Chat, r.MessageID)
	}
}

// clearMessage takes the buttons off a message the bot sent.
func (f *Feature) clearMessage(ctx context.Context, chat int64, msgID int) {
	if err := f.b.Edit(ctx, chat, msgID, bot.Message{}); err != nil {
		f.d.Log.Warn("reports: could not remove buttons", "chat", chat, "err", err)
	}
}

// receiptRecent is how long after a confirmation "Xác nhận" typed outside
// the conversation is answered with its receipt.
const receiptRecent = 24 * time.Hour

// onButtonWord answers a button word typed outside any conversation:
// "Xác nhận" shortly after a confirmation (the update replayed after a
// crash, or typed twice) repeats its receipt; anything else says that no
// report is open.
func (f *Feature) onButtonWord(ctx context.Context, r *bot.Request) error {
	if r.Registered && org.ActionRoles(org.ActSubmit).Has(r.Member.Role) && submissions.ParseAction(r.Text) == submissions.ActConfirm {
		rc, err := f.drafts.Receipt(ctx, r.User.ID)
		switch {
		case err == nil && f.d.Clock.Now().Sub(rc.At) < receiptRecent:
			if ok, err := f.repeatReceipt(ctx, r, ""); ok || err != nil {
				return err
			}
		case err != nil && !isNotFound(err):
			return err
		}
	}
	return r.Reply(ctx, bot.Message{Text: msg.BotNoSession})
}

// repeatReceipt answers a confirmation of a report already recorded with
// the receipt it got the first time: when tok is given it must be the token
// of the summary that was confirmed. It reports false when there is no such
// receipt.
func (f *Feature) repeatReceipt(ctx context.Context, r *bot.Request, tok string) (bool, error) {
	rc, err := f.drafts.Receipt(ctx, r.User.ID)
	if isNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if tok != "" && (rc.Token != tok || r.Data.Arg(1) != rc.Period.String()) {
		return false, nil
	}
	rep, err := f.reports.Get(ctx, rc.Cluster, rc.Unit, rc.Period)
	if isNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	f.clearButtons(ctx, r)
	return true, f.tellReceipt(ctx, r, rep, rc.Version, rc.Asker)
}

// tellReceipt says what confirmation version of rep recorded, with the
// unit's interim score as the stored reports now give it.
func (f *Feature) tellReceipt(ctx context.Context, r *bot.Request, rep *submissions.Report, version int, asker submissions.Asker) error {
	name := rep.Unit
	u, cl, ok := f.d.Org.Unit(rep.Unit)
	if ok {
		name = u.Name
	}
	text := submissions.Recorded(rep, version, name)
	if t, found := f.d.Tables[cl.Scoring]; ok && found {
		stored := &submissions.Draft{Cluster: rep.Cluster, Unit: rep.Unit, Period: rep.Period, Asker: asker, Answers: map[string]submissions.Entry{}}
		if res, err := f.reports.Preview(ctx, stored, t, cl.Units, f.d.Targets); err != nil {
			f.d.Log.Warn("reports: score of a receipt failed", "unit", rep.Unit, "err", err)
		} else if line := submissions.ScoreText(res, rep.Unit); line != "" {
			text += "\n" + line
		}
	}
	return r.Reply(ctx, bot.Message{Text: bot.Escape(text)})
}

// step applies one action to the draft.
func (f *Feature) step(ctx context.Context, r *bot.Request, d *submissions.Draft, s *setup, act, arg string) error {
	expired := func(err error) error {
		if err != nil {
			return bot.ErrExpired
		}
		return nil
	}
	head := ""
	switch act {
	case actCancel:
		if ok, err := f.askCancel(ctx, r, d, s); ok || err != nil {
			return err
		}
		return f.cancel(ctx, r, d, s)
	case actCancelNow:
		return f.cancel(ctx, r, d, s)
	case actContinue:
		return f.show(ctx, r.Chat, d, s, "")
	case actBack:
		d.Back(s.qs)
	case actSkip:
		d.Pending = nil
		if err := expired(d.Skip(s.qs)); err != nil {
			return err
		}
		head = msg.ReportsSkipped
	case actKeepLast:
		d.Pending = nil
		q, _ := d.Question(s.qs)
		if err := expired(d.KeepLast(s.qs)); err != nil {
			return err
		}
		e := d.Answers[q.Criterion.ID]
		head = msg.ReportsEcho(submissions.FormatEntry(q.Criterion, &e))
	case actKeepValue:
		q, _ := d.Question(s.qs)
		if err := expired(d.Keep(s.qs)); err != nil {
			return err
		}
		e := d.Answers[q.Criterion.ID]
		head = msg.ReportsEcho(submissions.FormatEntry(q.Criterion, &e))
	case actFix:
		d.Fix()
	case actEdit:
		if err := expired(d.Edit(s.qs, arg)); err != nil {
			return err
		}
	case actChoose:
		i, err := strconv.Atoi(arg)
		if err != nil {
			return bot.ErrExpired
		}
		out, err := d.Choose(s.qs, i)
		if err != nil {
			return bot.ErrExpired
		}
		return f.after(ctx, r, d, s, out)
	case actYesNo:
		text := msg.SubmitNo
		if arg == "1" {
			text = msg.SubmitYes
		}
		d.Pending = nil
		out, err := d.Type(s.qs, text)
		if err != nil {
			return domainError(err)
		}
		return f.after(ctx, r, d, s, out)
	case actConfirm:
		return f.confirm(ctx, r, d, s)
	default:
		return bot.ErrExpired
	}
	if err := f.drafts.Save(ctx, d); err != nil {
		return err
	}
	return f.show(ctx, r.Chat, d, s, head)
}

// confirm records the draft; only once Confirm returned is the user told
// it is recorded.
func (f *Feature) confirm(ctx context.Context, r *bot.Request, d *submissions.Draft, s *setup) error {
	if _, asking := d.Question(s.qs); asking {
		return bot.ErrExpired
	}
	tok := d.Token(s.qs)
	rep, err := f.reports.Confirm(ctx, d.Confirmation(s.qs))
	var cf *submissions.ConflictError
	switch {
	case errors.As(err, &cf):
		// Someone else confirmed meanwhile: show what they changed and ask
		// for a review against the report as it now stands.
		text, _ := submissions.Message(err)
		d.BaseVersion = cf.Current.Version
		if err := f.drafts.Save(ctx, d); err != nil {
			return err
		}
		return f.show(ctx, r.Chat, d, s, text+"\n\n"+msg.ReportsReviewAgain)
	case err != nil:
		if text, ok := submissions.Message(err); ok {
			// Locked or not yet open: the draft stays for after an unlock.
			return r.Reply(ctx, bot.Message{Text: bot.Escape(text)})
		}
		return err
	}
	// From here on the report is stored: whatever fails, the receipt is
	// said, and said again if this update is replayed (repeatReceipt).
	rc := submissions.Receipt{Cluster: d.Cluster, Unit: d.Unit, Period: d.Period, Asker: d.Asker,
		Version: rep.Version, Token: tok, At: f.d.Clock.Now()}
	if err := f.drafts.Finish(ctx, d, rc); err != nil {
		f.d.Log.Warn("reports: draft not finished after confirmation", "user", d.User.UserID, "err", err)
	}
	if err := r.EndConversation(ctx); err != nil {
		f.d.Log.Warn("reports: conversation not ended after confirmation", "user", d.User.UserID, "err", err)
	}
	if d.Shown != 0 && d.Shown != r.MessageID {
		f.clearMessage(ctx, r.Chat, d.Shown) // confirmed by typing: the summary's buttons go
	}
	return f.tellReceipt(ctx, r, rep, rep.Version, d.Asker)
}

// askCancel asks before Hủy throws away entered values ("Hủy sẽ bỏ 3 số
// liệu đã nhập"); it reports false when there is nothing to lose.
func (f *Feature) askCancel(ctx context.Context, r *bot.Request, d *submissions.Draft, s *setup) (bool, error) {
	n, err := f.entered(ctx, d, s)
	if err != nil || n == 0 {
		return false, err
	}
	tok, per := d.Token(s.qs), d.Period.String()
	return true, r.Reply(ctx, bot.Message{Text: bot.Escape(msg.SubmitCancelAsk(n)), Buttons: [][]bot.Button{{
		{Label: msg.SubmitButtonCancelNow, Data: bot.Data(cbPrefix, actCancelNow, per, tok)},
		{Label: msg.SubmitButtonContinue, Data: bot.Data(cbPrefix, actContinue, per, tok)},
	}}})
}

// entered counts the values of d that a cancellation would throw away.
func (f *Feature) entered(ctx context.Context, d *submissions.Draft, s *setup) (int, error) {
	var from *submissions.Report
	if d.BaseVersion > 0 {
		rep, err := f.reports.Get(ctx, d.Cluster, d.Unit, d.Period)
		if err != nil && !isNotFound(err) {
			return 0, err
		}
		from = rep
	}
	return d.Entered(s.qs, from), nil
}

// cancel ends the conversation; a draft with values is kept for a restore
// within submissions.RestoreWithin.
func (f *Feature) cancel(ctx context.Context, r *bot.Request, d *submissions.Draft, s *setup) error {
	n, err := f.entered(ctx, d, s)
	if err != nil {
		return err
	}
	text := msg.SubmitCancelled
	if n > 0 {
		if err := f.drafts.Cancel(ctx, d); err != nil {
			return err
		}
		text += " " + msg.SubmitCancelledRestorable
	} else if err := f.drafts.Delete(ctx, d.User.UserID); err != nil {
		return err
	}
	if d.Shown != 0 && d.Shown != r.MessageID {
		f.clearMessage(ctx, r.Chat, d.Shown)
	}
	if err := r.EndConversation(ctx); err != nil {
		return err
	}
	return r.Reply(ctx, bot.Message{Text: bot.Escape(text)})
}

// onCancel is /huy during the conversation: it asks first, as Hủy does,
// when values would be lost.
func (f *Feature) onCancel(ctx context.Context, r *bot.Request) error {
	d, err := f.drafts.Get(ctx, r.User.ID)
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	s, err := f.questions(ctx, d)
	if err != nil {
		// A draft whose questions cannot be built any more (its unit left
		// the organisation) has nothing to ask about.
		f.d.Log.Warn("reports: /huy on a draft without questions", "user", d.User.UserID, "err", err)
		return f.drafts.Delete(ctx, d.User.UserID)
	}
	if ok, err := f.askCancel(ctx, r, d, s); ok || err != nil {
		if err != nil {
			return err
		}
		return bot.ErrCancelAsked
	}
	return f.drafts.Delete(ctx, d.User.UserID)
}

// carried says, for the summary, which empty criteria the scoring will fill
// with an earlier month's value (cumulative and snapshot inputs), so that
// leaving one empty is never a silent zero nor a silent carry.
func carried(d *submissions.Draft, qs []submissions.Question) string {
	var lines []string
	for _, q := range qs {
		if e, ok := d.Answers[q.Criterion.ID]; ok && e.HasValue() {
			continue
		}
		in := q.Criterion.Input
		if q.Known.Last == nil || (in != submissions.Cumulative && in != submissions.Latest) {
			continue
		}
		lines = append(lines, msg.ReportsCarriedLine(q.Number, q.Criterion.Name,
			submissions.FormatValue(q.Criterion, q.Known.Last.Value), q.Known.Last.Period.Label()))
	}
	if len(lines) == 0 {
		return ""
	}
	return msg.ReportsCarried + "\n" + strings.Join(lines, "\n")
}

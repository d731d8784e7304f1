package reports

import (
	"context"
	"errors"
	"strconv"
	"strings"

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
	for _, a := range argv {
		if _, _, ok := f.d.Org.Unit(strings.ToLower(a)); ok {
			unit = strings.ToLower(a)
			continue
		}
		if strings.ContainsAny(a, "/-") || strings.IndexFunc(a, func(c rune) bool { return c >= '0' && c <= '9' }) >= 0 {
			return "", p, userText(msg.ReportsBadPeriod(a))
		}
		return "", p, userText(msg.ReportsUnknownUnit)
	}
	return unit, p, nil
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
		return f.resume(ctx, r, d)
	case err != nil && !isNotFound(err):
		return err
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
	if asker == submissions.ForFocal && !f.reports.Editable(cl.ID, p) && (rep == nil || rep.Unlocked == nil) {
		return userText(msg.ReportsPeriodLocked(p.Label(), vi.DateTime(lock)))
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
	if asker == submissions.ForChair {
		intro = msg.ReportsManualIntro(p.Label(), u.Name, len(s.qs))
	} else if now.After(deadline) {
		intro += "\n" + msg.SubmitIntroLate(vi.DateTime(deadline), vi.DateTime(lock))
	}
	return f.show(ctx, r.Chat, d, s, intro)
}

// begin stores a new draft and points the chat's text at the flow.
func (f *Feature) begin(ctx context.Context, r *bot.Request, d *submissions.Draft) error {
	if err := f.drafts.Save(ctx, d); err != nil {
		return err
	}
	return r.SetConversation(ctx, bot.Conversation{Flow: flowName})
}

// resume continues a stored draft where it stopped.
func (f *Feature) resume(ctx context.Context, r *bot.Request, d *submissions.Draft) error {
	s, err := f.questions(ctx, d)
	if err != nil {
		return err
	}
	last := d.LastActivity.In(f.d.Location)
	if err := f.begin(ctx, r, d); err != nil {
		return err
	}
	return f.show(ctx, r.Chat, d, s, msg.SubmitResume(d.Period.Label(), d.Answered(s.qs), len(s.qs), vi.DateTime(last)))
}

// showConfirmed answers /baocao on a confirmed period: its revision
// history, and the edit button while the period is open.
func (f *Feature) showConfirmed(ctx context.Context, r *bot.Request, rep *submissions.Report) error {
	_, lock := f.reports.Window(rep.Cluster, rep.Period)
	text := submissions.HistoryText(rep)
	m := bot.Message{}
	if f.reports.Editable(rep.Cluster, rep.Period) || rep.Unlocked != nil {
		text += "\n\n" + msg.ReportsConfirmedHint(vi.DateTime(lock))
		m.Buttons = [][]bot.Button{{{Label: msg.ReportsButtonEditReport, Data: bot.Data(cbPrefix, actEditReport, rep.Unit, rep.Period.String())}}}
	} else {
		text += "\n\n" + msg.ReportsConfirmedLocked(vi.DateTime(lock))
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
	if !f.reports.Editable(cl.ID, p) && rep.Unlocked == nil {
		_, lock := f.reports.Window(cl.ID, p)
		return userText(msg.SubmitLocked(p.Label(), vi.DateTime(lock)))
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
	tok := token(d, s.qs)
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
			row = append(row, bot.Button{Label: msg.ReportsEditButton(q.Number), Data: data(actEdit, q.Criterion.ID)})
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
	_, err := f.b.Send(ctx, chat, bot.Message{Text: bot.Escape(strings.Join(parts, "\n\n")), Buttons: rows})
	return err
}

// onText handles what the user types (or uploads) during the conversation.
func (f *Feature) onText(ctx context.Context, r *bot.Request) error {
	d, err := f.drafts.Get(ctx, r.User.ID)
	if isNotFound(err) {
		_ = r.EndConversation(ctx)
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
	_, asking := d.Question(s.qs)
	switch {
	case act == submissions.ActCancel:
		return f.step(ctx, r, d, s, actCancel, "")
	case act == submissions.ActBack:
		return f.step(ctx, r, d, s, actBack, "")
	case asking && d.Pending != nil && len(d.Pending.Warnings) > 0 && act == submissions.ActKeep:
		return f.step(ctx, r, d, s, actKeepValue, "")
	case asking && d.Pending != nil && act == submissions.ActFix:
		return f.step(ctx, r, d, s, actFix, "")
	case asking && act == submissions.ActSkip:
		return f.step(ctx, r, d, s, actSkip, "")
	case asking && act == submissions.ActKeep:
		return f.step(ctx, r, d, s, actKeepLast, "")
	case !asking && act == submissions.ActConfirm:
		return f.step(ctx, r, d, s, actConfirm, "")
	case !asking:
		// Text at the summary: "sửa 3" edits criterion 3; anything else shows the summary again.
		if n, ok := editNumber(r.Text); ok && n >= 1 && n <= len(s.qs) {
			return f.step(ctx, r, d, s, actEdit, s.qs[n-1].Criterion.ID)
		}
		return f.show(ctx, r.Chat, d, s, "")
	}
	// A new answer replaces a pending one.
	d.Pending = nil
	out, err := d.Type(s.qs, r.Text)
	if err != nil {
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

// onButton handles a pressed (or typed) button of the conversation.
func (f *Feature) onButton(ctx context.Context, r *bot.Request) error {
	act := r.Data.Arg(0)
	switch act {
	case actPickUnit:
		p, _ := submissions.ParsePeriod(r.Data.Arg(2))
		f.clearButtons(ctx, r)
		return f.start(ctx, r, r.Data.Arg(1), p, submissions.ForChair)
	case actEditReport:
		p, err := submissions.ParsePeriod(r.Data.Arg(2))
		if err != nil {
			return bot.ErrExpired
		}
		f.clearButtons(ctx, r)
		return f.editReport(ctx, r, r.Data.Arg(1), p)
	}
	d, err := f.drafts.Get(ctx, r.User.ID)
	if isNotFound(err) {
		return bot.ErrExpired
	}
	if err != nil {
		return err
	}
	s, err := f.questions(ctx, d)
	if err != nil {
		return err
	}
	if r.Data.Arg(1) != d.Period.String() || r.Data.Arg(2) != token(d, s.qs) {
		return bot.ErrExpired
	}
	f.clearButtons(ctx, r)
	return f.step(ctx, r, d, s, act, r.Data.Arg(3))
}

// clearButtons takes the buttons off a pressed message, so that it cannot
// be pressed twice.
func (f *Feature) clearButtons(ctx context.Context, r *bot.Request) {
	if r.MessageID == 0 {
		return
	}
	if err := f.b.Edit(ctx, r.Chat, r.MessageID, bot.Message{}); err != nil {
		f.d.Log.Warn("reports: could not remove buttons", "chat", r.Chat, "err", err)
	}
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
		if err := f.drafts.Delete(ctx, d.User.UserID); err != nil {
			return err
		}
		if err := r.EndConversation(ctx); err != nil {
			return err
		}
		return r.Reply(ctx, bot.Message{Text: bot.Escape(msg.SubmitCancelled)})
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
	if err := f.drafts.Delete(ctx, d.User.UserID); err != nil {
		f.d.Log.Warn("reports: draft not deleted after confirmation", "user", d.User.UserID, "err", err)
	}
	if err := r.EndConversation(ctx); err != nil {
		f.d.Log.Warn("reports: conversation not ended after confirmation", "user", d.User.UserID, "err", err)
	}
	return r.Reply(ctx, bot.Message{Text: bot.Escape(submissions.Recorded(rep))})
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

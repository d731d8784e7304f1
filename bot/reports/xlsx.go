package reports

import (
	"bytes"
	"context"
	"path"
	"strings"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/submissions"
	"github.com/thiduabot/thiduabot/vi"
)

// maxUpload is the largest file read; a filled template is a few kilobytes.
const maxUpload = 2 << 20

// cmdTemplate is /baocao mau [đơn vị] [kỳ]: the Excel template of the report
// being entered (prefilled with the answers so far), and the conversation
// then waits for the filled file.
func (f *Feature) cmdTemplate(ctx context.Context, r *bot.Request, argv []string) error {
	unit, p, err := f.parseTarget(argv)
	if err != nil {
		return err
	}
	asker := submissions.ForChair
	if r.Member.Role == org.RoleFocal {
		if unit != "" && unit != r.Member.Unit {
			return userText(msg.ReportsOtherUnit)
		}
		unit, asker = r.Member.Unit, submissions.ForFocal
	}
	if unit == "" {
		d, err := f.drafts.Get(ctx, r.User.ID)
		if err != nil {
			return userText(msg.ReportsTemplateNeedUnit)
		}
		unit = d.Unit
	}
	d, s, err := f.draftFor(ctx, r, unit, p, asker)
	if err != nil {
		return err
	}
	deadline, _ := f.reports.Window(d.Cluster, d.Period)
	var buf bytes.Buffer
	info := submissions.TemplateInfo{Cluster: d.Cluster, Unit: d.Unit, UnitName: s.unit.Name, Period: d.Period, Deadline: deadline}
	if err := submissions.WriteTemplate(&buf, info, s.qs, d.Answers); err != nil {
		return err
	}
	if err := f.begin(ctx, r, d); err != nil {
		return err
	}
	name := "baocao-" + d.Unit + "-" + d.Period.String() + ".xlsx"
	return r.Reply(ctx, bot.Message{Text: bot.Escape(msg.ReportsTemplateCaption(d.Period.Label(), s.unit.Name)),
		Document: &bot.Upload{Name: name, Data: buf.Bytes()}})
}

// draftFor returns the user's draft for unit (and p when given), or a new one
// started from the confirmed report, with the same checks as /baocao.
func (f *Feature) draftFor(ctx context.Context, r *bot.Request, unitID string, p submissions.Period, asker submissions.Asker) (*submissions.Draft, *setup, error) {
	u, cl, ok := f.d.Org.Unit(unitID)
	if !ok {
		return nil, nil, userText(msg.ReportsUnknownUnit)
	}
	if !r.May(org.ActSubmit, org.Target{Cluster: cl.ID, Unit: u.ID}) {
		return nil, nil, userText(msg.ReportsOtherUnit)
	}
	if (asker == submissions.ForChair) == (r.Member.Role == org.RoleFocal) {
		return nil, nil, userText(msg.ReportsOtherUnit)
	}
	d, err := f.drafts.Get(ctx, r.User.ID)
	if err == nil && d.Cluster == cl.ID && d.Unit == u.ID && d.Asker == asker && (p.IsZero() || p == d.Period) {
		s, err := f.questions(ctx, d)
		return d, s, err
	}
	if err != nil && !isNotFound(err) {
		return nil, nil, err
	}
	if p.IsZero() {
		p = f.reports.OpenPeriod(cl.ID)
	}
	if submissions.PeriodOf(f.d.Clock.Now().In(f.d.Location)).Before(p) {
		return nil, nil, userText(msg.SubmitFuturePeriod)
	}
	rep, err := f.reports.Get(ctx, cl.ID, u.ID, p)
	if err != nil && !isNotFound(err) {
		return nil, nil, err
	}
	if until, open := f.reports.OpenUntil(cl.ID, p, rep); asker == submissions.ForFocal && !open {
		return nil, nil, userText(msg.ReportsPeriodLocked(p.Label(), vi.DateTime(until)))
	}
	var from *submissions.Report
	if rep != nil && rep.Version > 0 {
		from = rep
	}
	d = submissions.NewDraft(actor(r), cl.ID, u.ID, p, asker, from)
	s, err := f.questions(ctx, d)
	if err != nil {
		return nil, nil, err
	}
	if len(s.qs) == 0 {
		return nil, nil, userText(msg.ReportsNoQuestions)
	}
	return d, s, nil
}

// upload reads a filled template sent during the conversation: errors come
// back by row and column and nothing is taken; a clean file fills the draft
// and leads to the same summary and confirmation as the questions.
func (f *Feature) upload(ctx context.Context, r *bot.Request, d *submissions.Draft) error {
	doc := r.Document
	if !strings.EqualFold(path.Ext(doc.FileName), ".xlsx") {
		return userText(msg.ReportsNotXLSX)
	}
	if doc.FileSize > maxUpload {
		return userText(msg.ReportsTooBig)
	}
	data, err := r.Download(ctx, doc.FileID)
	if err != nil {
		return err
	}
	s, err := f.questions(ctx, d)
	if err != nil {
		return err
	}
	deadline, _ := f.reports.Window(d.Cluster, d.Period)
	info := submissions.TemplateInfo{Cluster: d.Cluster, Unit: d.Unit, UnitName: s.unit.Name, Period: d.Period, Deadline: deadline}
	up, err := submissions.ParseXLSX(bytes.NewReader(data), info, s.qs)
	if err != nil {
		if text, ok := submissions.Message(err); ok {
			return r.Reply(ctx, bot.Message{Text: bot.Escape(text)})
		}
		return err
	}
	d.Apply(s.qs, up)
	if err := f.drafts.Save(ctx, d); err != nil {
		return err
	}
	var head []string
	for _, q := range s.qs {
		for _, w := range up.Warnings[q.Criterion.ID] {
			head = append(head, "⚠️ "+q.Criterion.Name+": "+w.Message)
		}
	}
	text := ""
	if len(head) > 0 {
		text = msg.ReportsUploadWarnings + "\n" + strings.Join(head, "\n")
	}
	return f.show(ctx, r.Chat, d, s, text)
}

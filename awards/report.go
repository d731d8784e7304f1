package awards

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/docx"
	"github.com/thiduabot/thiduabot/exemplars"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/submissions"
	"github.com/thiduabot/thiduabot/vi"
)

// ReportData is what an achievement report draft says, every figure taken
// from the unit's confirmed reports and the scoring engine.
type ReportData struct {
	Award   *Award
	Cluster *org.Cluster
	Unit    org.Unit
	Year    int
	Through time.Month
	Table   *scoring.Table
	// Monthly holds the cluster's ranking through each month of the period.
	Monthly []*scoring.Result
	// Reports are the unit's reports of the year by month (nil: none).
	Reports map[time.Month]*submissions.Report
	Targets *scoring.Targets
	Past    []Past
	// Examples are the unit's model examples approved in the year (/dienhinh).
	Examples []exemplars.Story
	Awards   *Config
	// Location is where confirmation times are shown.
	Location *time.Location
}

// LoadReport gathers the data of unit's achievement report for award.
func (c *Config) LoadReport(ctx context.Context, src Source, unit string, year int, award string) (*ReportData, error) {
	u, cl, ok := src.Org.Unit(unit)
	if !ok {
		return nil, fmt.Errorf("report %s: %w", unit, ErrUnknownUnit)
	}
	a, ok := c.Award(award)
	if !ok {
		return nil, fmt.Errorf("report %s: award %q: %w", unit, award, ErrUnknownAward)
	}
	t := src.Tables[cl.Scoring]
	if t == nil || !t.AppliesTo(year) {
		return nil, fmt.Errorf("report %s %d: %w", cl.ID, year, ErrNoTable)
	}
	c, err := c.WithHistory(ctx, src.KV, cl.ID)
	if err != nil {
		return nil, err
	}
	rs := submissions.NewReports(src.KV, src.Clock, nil, src.Location)
	all, err := rs.List(ctx, cl.ID, year)
	if err != nil {
		return nil, fmt.Errorf("report %s %d: %w", unit, year, err)
	}
	vs, err := rs.Values(ctx, cl.ID, year, t)
	if err != nil {
		return nil, fmt.Errorf("report %s %d: %w", unit, year, err)
	}
	d := &ReportData{Award: a, Cluster: cl, Unit: *u, Year: year, Through: c.Through, Table: t,
		Reports: map[time.Month]*submissions.Report{}, Targets: src.Targets, Past: c.UnitPast(unit), Awards: c, Location: src.Location}
	if d.Location == nil {
		d.Location = time.UTC
	}
	for i := range all {
		if all[i].Unit == unit && all[i].Period.Month <= c.Through {
			d.Reports[all[i].Period.Month] = &all[i]
		}
	}
	stories, err := exemplars.NewStore(src.KV).List(ctx, cl.ID)
	if err != nil {
		return nil, fmt.Errorf("report %s %d: %w", unit, year, err)
	}
	for _, st := range exemplars.ApprovedIn(stories, time.Date(year, time.January, 1, 0, 0, 0, 0, d.Location), time.Date(year+1, time.January, 1, 0, 0, 0, 0, d.Location)) {
		if st.Unit == unit {
			d.Examples = append(d.Examples, st)
		}
	}
	for m := time.January; m <= c.Through; m++ {
		res, err := scoring.Score(t, cl.Units, src.Targets, vs, scoring.Period{Year: year, Month: m})
		if err != nil {
			return nil, fmt.Errorf("report %s %d-%02d: %w", unit, year, m, err)
		}
		d.Monthly = append(d.Monthly, res)
	}
	return d, nil
}

// Errors of LoadReport.
var (
	ErrUnknownUnit  = fmt.Errorf("awards: unknown unit")
	ErrUnknownAward = fmt.Errorf("awards: unknown award")
)

// final is the ranking over the whole period.
func (d *ReportData) final() *scoring.Result { return d.Monthly[len(d.Monthly)-1] }

// Document writes the draft: the collective achievement report's three
// parts (đặc điểm tình hình; thành tích đạt được; các hình thức khen thưởng
// đã được ghi nhận), with the award in the title, the figures from the
// stored reports, where they come from, and highlighted places to write.
func (d *ReportData) Document() *docx.Document {
	doc := docx.New(fmt.Sprintf(msg.ReportDocTitle, d.Unit.Name, d.Award.Name, d.Year))
	doc.Created = time.Date(d.Year, d.Through, 1, 0, 0, 0, 0, time.UTC)
	d.heading(doc)
	d.partI(doc)
	d.partII(doc)
	d.partIII(doc)
	d.sources(doc)
	d.signatures(doc)
	return doc
}

func (d *ReportData) heading(doc *docx.Document) {
	doc.Table(docx.Table{Borderless: true, Widths: []int{2, 3}, Rows: [][]docx.Cell{{
		{Runs: []docx.Run{docx.Blank(msg.ReportBlankParent), docx.B("\n" + strings.ToUpper(d.Unit.Name))}, Align: docx.Center},
		{Runs: []docx.Run{docx.B(msg.ReportNation + "\n" + msg.ReportMotto)}, Align: docx.Center},
	}}})
	doc.Add(docx.Paragraph{Align: docx.Right, Runs: []docx.Run{docx.Blank(msg.ReportBlankPlace), docx.I(msg.ReportDateWord), docx.Blank(msg.ReportBlankDate)}})
	if d.Award.Template == TemplateGovernmentFlag {
		doc.Heading(1, docx.T(msg.ReportTitleGov))
		doc.Centered(docx.B(fmt.Sprintf(msg.ReportSubtitleGov, d.Year)))
	} else {
		doc.Heading(1, docx.T(msg.ReportTitle))
		doc.Centered(docx.B(fmt.Sprintf(msg.ReportSubtitle, d.Award.Name, d.Year)))
	}
	doc.Centered(docx.T(fmt.Sprintf(msg.ReportUnitLine, d.Unit.Name)))
}

func (d *ReportData) partI(doc *docx.Document) {
	doc.Heading(2, docx.T(msg.ReportPartI))
	others := make([]string, 0, len(d.Cluster.Units))
	for _, u := range d.Cluster.Units {
		if u.ID != d.Unit.ID {
			others = append(others, u.Name)
		}
	}
	doc.P(docx.B(msg.ReportI1), docx.T(fmt.Sprintf(msg.ReportI1Text, d.Unit.Name, d.Cluster.Name, len(d.Cluster.Units), strings.Join(others, ", "))),
		docx.Blank(msg.ReportBlankFeatures))
	doc.P(docx.B(msg.ReportI2), docx.Blank(msg.ReportBlankDuties))
	doc.P(docx.B(msg.ReportI3), docx.Blank(msg.ReportBlankConditions))
}

func (d *ReportData) partII(doc *docx.Document) {
	doc.Heading(2, docx.T(msg.ReportPartII))
	final := d.final()
	ur, _ := final.Unit(d.Unit.ID)
	doc.P(docx.B(fmt.Sprintf(msg.ReportII1, d.Year)), docx.T(fmt.Sprintf(msg.ReportII1Text, int(d.Through), d.Year)))
	doc.Table(d.indicatorTable())
	doc.P(docx.B(msg.ReportII2), docx.T(fmt.Sprintf(msg.ReportII2Text, int(d.Through), d.Year,
		vi.Fixed(ur.Total, 2), vi.Number(d.Table.MaxTotal(), 2), rankText(ur.Rank), len(final.Units))))
	doc.Table(d.trajectoryTable())
	doc.P(docx.B(msg.ReportII3), docx.Blank(msg.ReportBlankMeasures))
	if len(d.Examples) > 0 {
		doc.P(docx.T(msg.ExemplarReportHeading))
		for _, st := range d.Examples {
			doc.P(docx.T(fmt.Sprintf(msg.ExemplarReportItem, st.Text, vi.Date(st.ReviewedAt.In(d.Location)))))
		}
	}
	doc.P(docx.B(msg.ReportII4), docx.Blank(msg.ReportBlankPolicy))
	if d.Award.Template == TemplateGovernmentFlag {
		doc.P(docx.B(msg.ReportII5Gov), docx.T(fmt.Sprintf(msg.ReportII5GovText, d.Cluster.Name, int(d.Through), d.Year)))
		rows := [][]docx.Cell{{docx.C(msg.ReportColRank), docx.C(msg.ReportColUnit), docx.C(msg.ReportColTotal)}}
		for _, u := range final.Units {
			name := []docx.Run{docx.T(u.Name)}
			if u.ID == d.Unit.ID {
				name = []docx.Run{docx.B(u.Name)}
			}
			rows = append(rows, []docx.Cell{{Runs: []docx.Run{docx.T(rankText(u.Rank))}, Align: docx.Center}, {Runs: name}, docx.CR(vi.Fixed(u.Total, 2))})
		}
		doc.Table(docx.Table{Header: 1, Widths: []int{1, 5, 2}, Rows: rows})
		doc.P(docx.Blank(msg.ReportBlankLead))
	}
}

// quarterMonths are the months the indicator table shows: each quarter's
// end within the period, and the period's last month.
func (d *ReportData) quarterMonths() []time.Month {
	var ms []time.Month
	for _, m := range []time.Month{time.March, time.June, time.September, time.December} {
		if m <= d.Through {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 || ms[len(ms)-1] != d.Through {
		ms = append(ms, d.Through)
	}
	return ms
}

func (d *ReportData) indicatorTable() docx.Table {
	ms := d.quarterMonths()
	head := []docx.Cell{docx.C(msg.ReportColNo), docx.C(msg.ReportColIndicator), docx.C(msg.ReportColMeasure), docx.C(msg.ReportColPlan)}
	for _, m := range ms {
		head = append(head, docx.C(quarterLabel(m, d.Through)))
	}
	head = append(head, docx.C(fmt.Sprintf(msg.ReportColRatio, int(d.Through))))
	rows := [][]docx.Cell{head}
	n := 0
	for _, c := range d.Table.Criteria() {
		if c.Source != "" || c.Input == scoring.InputManual {
			continue // counted by the bot, or the chair's assessment: not the unit's figures
		}
		n++
		plan := "–"
		if tg, ok := d.Targets.Get(d.Year, d.Unit.ID, c.ID); ok && tg.Annual != 0 {
			plan = vi.Number(tg.Annual, 2)
		}
		row := []docx.Cell{docx.CR(strconv.Itoa(n)), docx.C(c.Name), docx.C(c.Unit), docx.CR(plan)}
		for _, m := range ms {
			row = append(row, docx.CR(d.value(c, m)))
		}
		ratio := "–"
		if cr := d.criterion(c.ID, d.Through); cr != nil && cr.HasTarget && !cr.Missing && !cr.NoTarget {
			ratio = vi.Number(cr.Ratio, 1)
		}
		rows = append(rows, append(row, docx.CR(ratio)))
	}
	widths := []int{3, 10, 4, 6}
	for range ms {
		widths = append(widths, 6)
	}
	return docx.Table{Header: 1, Widths: append(widths, 5), Rows: rows, FontSize: 9}
}

func quarterLabel(m, through time.Month) string {
	if m == through && m%3 != 0 {
		return fmt.Sprintf(msg.ReportColThrough, int(m))
	}
	return fmt.Sprintf(msg.ReportColQuarter, []string{"", "I", "II", "III", "IV"}[m/3])
}

func (d *ReportData) criterion(id string, m time.Month) *scoring.CriterionResult {
	res := d.Monthly[m-1]
	ur, ok := res.Unit(d.Unit.ID)
	if !ok {
		return nil
	}
	cr, ok := ur.Criterion(id)
	if !ok {
		return nil
	}
	return cr
}

// value is the criterion's period value through month m as the engine
// computes it from the reports (year to date, latest, or the sum of months).
func (d *ReportData) value(c *scoring.Criterion, m time.Month) string {
	cr := d.criterion(c.ID, m)
	if cr == nil || cr.Missing {
		return msg.ReportNoFigure
	}
	if c.Rule.Kind == scoring.KindYesNo {
		if cr.Value == 1 {
			return msg.ReportYes
		}
		return msg.ReportNo
	}
	return vi.Number(cr.Value, 2)
}

func (d *ReportData) trajectoryTable() docx.Table {
	rows := [][]docx.Cell{{docx.C(msg.ReportColMonth), docx.C(msg.ReportColTotalYTD), docx.C(msg.ReportColRankOf)}}
	seen := false
	for i, res := range d.Monthly {
		ur, _ := res.Unit(d.Unit.ID)
		if r := d.Reports[time.Month(i+1)]; r != nil && r.Confirmed() {
			seen = true
		}
		total, rank := msg.ReportNoFigure, msg.ReportNoFigure
		if seen { // no figure before the unit's first report
			total, rank = vi.Fixed(ur.Total, 2), fmt.Sprintf("%s/%d", rankText(ur.Rank), len(res.Units))
		}
		rows = append(rows, []docx.Cell{docx.C(vi.Month(d.Year, time.Month(i+1))), docx.CR(total), {Runs: []docx.Run{docx.T(rank)}, Align: docx.Center}})
	}
	return docx.Table{Header: 1, Widths: []int{3, 3, 3}, Rows: rows}
}

func (d *ReportData) partIII(doc *docx.Document) {
	doc.Heading(2, docx.T(msg.ReportPartIII))
	rows := [][]docx.Cell{{docx.C(msg.ReportColYear), docx.C(msg.ReportColAward), docx.C(msg.ReportColDecision)}}
	for _, p := range d.Past {
		name := p.Award
		if a, ok := d.Awards.Award(p.Award); ok {
			name = a.Name
		}
		rows = append(rows, []docx.Cell{{Runs: []docx.Run{docx.T(strconv.Itoa(p.Year))}, Align: docx.Center}, docx.C(name), {Runs: []docx.Run{docx.Blank(msg.ReportBlankDecision)}}})
	}
	rows = append(rows, []docx.Cell{{Runs: []docx.Run{docx.Blank(msg.ReportBlankYear)}}, {Runs: []docx.Run{docx.Blank(msg.ReportBlankOther)}}, {Runs: []docx.Run{docx.Blank(msg.ReportBlankDecision)}}})
	doc.P(docx.T(msg.ReportIIIText))
	doc.Table(docx.Table{Header: 1, Widths: []int{2, 6, 6}, Rows: rows})
}

// sources lists, month by month, the report each figure comes from.
func (d *ReportData) sources(doc *docx.Document) {
	doc.Heading(2, docx.T(msg.ReportSources))
	doc.P(docx.I(msg.ReportSourcesText))
	rows := [][]docx.Cell{{docx.C(msg.ReportColMonth), docx.C(msg.ReportColConfirmed), docx.C(msg.ReportColBy), docx.C(msg.ReportColVersion), docx.C(msg.ReportColOnTime)}}
	for m := time.January; m <= d.Through; m++ {
		r := d.Reports[m]
		if r == nil || !r.Confirmed() {
			rows = append(rows, []docx.Cell{docx.C(vi.Month(d.Year, m)), {Runs: []docx.Run{docx.B(msg.ReportNoReport)}}, docx.C(""), docx.C(""), docx.C("")})
			continue
		}
		onTime := msg.ReportOnTime
		if r.Late {
			onTime = msg.ReportLate
		}
		rows = append(rows, []docx.Cell{docx.C(vi.Month(d.Year, m)), docx.C(vi.DateTime(r.FirstConfirmedAt.In(d.Location))), docx.C(r.ConfirmedBy.Name),
			{Runs: []docx.Run{docx.T(strconv.Itoa(r.Version))}, Align: docx.Center}, docx.C(onTime)})
	}
	doc.Table(docx.Table{Header: 1, Widths: []int{3, 4, 4, 2, 3}, Rows: rows})
}

func (d *ReportData) signatures(doc *docx.Document) {
	doc.Table(docx.Table{Borderless: true, Widths: []int{1, 1}, Rows: [][]docx.Cell{{
		{Runs: []docx.Run{docx.B(msg.ReportSignSuperior), docx.I("\n" + msg.ReportSignStamp + "\n\n\n")}, Align: docx.Center},
		{Runs: []docx.Run{docx.B(msg.ReportSignHead), docx.I("\n" + msg.ReportSignStamp + "\n\n\n"), docx.Blank(msg.ReportBlankName)}, Align: docx.Center},
	}}})
}

func rankText(r int) string {
	if r == 0 {
		return msg.ReportNoFigure
	}
	return strconv.Itoa(r)
}

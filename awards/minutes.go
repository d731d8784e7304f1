package awards

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/docx"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/vi"
)

// Minutes is the draft biên bản of a closed vote: who voted, the tally of
// each candidate, the rule applied and the result, with highlighted places
// for what only the meeting knows.
func (c *Config) Minutes(cl *org.Cluster, a *Award, v *Poll, loc *time.Location) *docx.Document {
	if loc == nil {
		loc = time.UTC
	}
	name := map[string]string{}
	for _, u := range cl.Units {
		name[u.ID] = u.Name
	}
	res := v.Result(a)
	doc := docx.New(fmt.Sprintf(msg.MinutesDocTitle, a.Name, v.Year))
	doc.Created = v.Closed
	doc.Table(docx.Table{Borderless: true, Widths: []int{2, 3}, Rows: [][]docx.Cell{{
		{Runs: []docx.Run{docx.B(strings.ToUpper(cl.Name))}, Align: docx.Center},
		{Runs: []docx.Run{docx.B(msg.ReportNation + "\n" + msg.ReportMotto)}, Align: docx.Center},
	}}})
	doc.Heading(1, docx.T(msg.MinutesTitle))
	doc.Centered(docx.B(fmt.Sprintf(msg.MinutesSubtitle, a.Name, v.Year)))
	doc.P(docx.T(fmt.Sprintf(msg.MinutesTime, vi.DateTime(v.Opened.In(loc)), vi.DateTime(v.Closed.In(loc)))))
	doc.P(docx.T(msg.MinutesPlace), docx.Blank(msg.MinutesBlankPlace))
	doc.P(docx.T(msg.MinutesChair), docx.Blank(msg.MinutesBlankChair))
	doc.P(docx.T(msg.MinutesSecretary), docx.Blank(msg.MinutesBlankSec))
	voted := make([]string, len(v.Voted))
	for i, u := range v.Voted {
		voted[i] = name[u]
	}
	doc.P(docx.T(fmt.Sprintf(msg.MinutesAttend, len(v.Voted), len(v.Members), cl.Name, strings.Join(voted, ", "))))
	doc.P(docx.T(fmt.Sprintf(msg.MinutesContent, int(c.Through), v.Year, v.Slots, fmt.Sprintf(msg.VoteRule, a.VoteRule()))))
	doc.P(docx.T(msg.MinutesOpinions), docx.Blank(msg.MinutesBlankOpin))
	doc.P(docx.B(msg.MinutesTable))
	rows := [][]docx.Cell{{docx.C(msg.MinutesColNo), docx.C(msg.MinutesColUnit), docx.C(msg.MinutesColVotes), docx.C(msg.MinutesColPercent), docx.C(msg.MinutesColResult)}}
	for i, l := range res.Lines {
		verdict := msg.MinutesFailed
		switch {
		case l.Elected:
			verdict = msg.MinutesPassed
		case l.Tied:
			verdict = msg.MinutesTied
		}
		rows = append(rows, []docx.Cell{docx.CR(strconv.Itoa(i + 1)), docx.C(name[l.Unit]), docx.CR(strconv.Itoa(l.Votes)), docx.CR(vi.Number(l.Percent, 1)), docx.C(verdict)})
	}
	doc.Table(docx.Table{Header: 1, Widths: []int{1, 6, 2, 2, 3}, Rows: rows})
	doc.P(docx.I(msg.MinutesBlankBal))
	if !res.Quorum {
		doc.P(docx.B(strings.TrimPrefix(fmt.Sprintf(msg.VoteNoQuorum, vi.Number(a.Vote.Quorum, 2)), "; ")))
	}
	if len(res.Tied) > 0 {
		tied := make([]string, len(res.Tied))
		for i, u := range res.Tied {
			tied[i] = name[u]
		}
		doc.P(docx.B(fmt.Sprintf(msg.MinutesTie, strings.Join(tied, ", "), res.TieVotes, res.TieSlots)), docx.Blank(msg.MinutesBlankTie))
	}
	if len(res.Elected) == 0 && len(res.Tied) == 0 {
		doc.P(docx.B(msg.VoteNoneElected))
	} else if len(res.Elected) > 0 {
		el := make([]string, len(res.Elected))
		for i, u := range res.Elected {
			el[i] = name[u]
		}
		doc.P(docx.B(strings.NewReplacer("<b>", "", "</b>", "").Replace(fmt.Sprintf(msg.VoteElected, strings.Join(el, ", ")))))
	}
	doc.P(docx.T(msg.MinutesEnd), docx.Blank(msg.MinutesBlankEnd))
	doc.Table(docx.Table{Borderless: true, Widths: []int{1, 1}, Rows: [][]docx.Cell{{
		{Runs: []docx.Run{docx.B(msg.MinutesSignSec), docx.I("\n" + msg.ReportSignStamp + "\n\n\n")}, Align: docx.Center},
		{Runs: []docx.Run{docx.B(msg.MinutesSignChair), docx.I("\n" + msg.ReportSignStamp + "\n\n\n")}, Align: docx.Center},
	}}})
	return doc
}

package covenants

import (
	"fmt"
	"strings"

	"github.com/thiduabot/thiduabot/docx"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/vi"
)

// UnitRecord is one unit's line of the covenant document.
type UnitRecord struct {
	ID, Name string
	// Targets are the targets in config now.
	Targets []Target
	// Ack is the unit's acknowledgement, nil when none.
	Ack *Ack
	// Discrepancies are the unit's reports for the year.
	Discrepancies []Discrepancy
}

// DocumentInput is what the covenant document shows.
type DocumentInput struct {
	Year        int
	ClusterName string
	Table       *scoring.Table
	Units       []UnitRecord
	// Format renders an acknowledgement's time (dd/mm/yyyy hh:mm, local).
	Format func(a Ack) string
}

// Document is the covenant for signing as a DOCX draft: the criteria and
// their points, each unit's targets, the record of acknowledgements (with
// changes since and discrepancies), and a signature block per unit.
func Document(in DocumentInput) ([]byte, error) {
	d := docx.New(fmt.Sprintf(msg.CovenantDocTitle, in.Year))
	d.Heading(1, docx.B(fmt.Sprintf(msg.CovenantDocTitle, in.Year)))
	d.Centered(docx.B(fmt.Sprintf(msg.CovenantDocCluster, in.ClusterName)))
	d.Centered(docx.I(""), docx.Blank(msg.CovenantDocPlaceDate))
	d.P(docx.T(fmt.Sprintf(msg.CovenantDocIntro, in.Year)))

	if in.Table != nil {
		d.Heading(2, docx.B(msg.CovenantDocCriteria))
		rows := [][]docx.Cell{{docx.C(msg.CovenantDocColGroup), docx.C(msg.CovenantDocColCrit), docx.C(msg.CovenantDocColMax)}}
		for _, g := range in.Table.Groups {
			for i, c := range g.Criteria {
				group := "" // the group's name once, on its first criterion
				if i == 0 {
					group = g.ID + ". " + g.Name
				}
				rows = append(rows, []docx.Cell{docx.C(group), docx.C(c.Name), docx.CR(vi.Number(c.Max, 2))})
			}
		}
		d.Table(docx.Table{Rows: rows, Header: 1, Widths: []int{3, 5, 2}, FontSize: 11})
	}

	d.Heading(2, docx.B(msg.CovenantDocTargets))
	rows := [][]docx.Cell{{docx.C(msg.CovenantDocColUnit), docx.C(msg.CovenantDocColCrit), docx.C(msg.CovenantDocColTarget)}}
	for _, u := range in.Units {
		for _, t := range u.Targets {
			v := vi.Number(t.Annual, 2)
			if t.Measure != "" {
				v += " " + t.Measure
			}
			rows = append(rows, []docx.Cell{docx.C(u.Name), docx.C(t.Name), docx.CR(v)})
		}
	}
	d.Table(docx.Table{Rows: rows, Header: 1, Widths: []int{3, 5, 2}, FontSize: 11})

	d.Heading(2, docx.B(msg.CovenantDocRecord))
	rows = [][]docx.Cell{{docx.C(msg.CovenantDocColUnit), docx.C(msg.CovenantDocColWho), docx.C(msg.CovenantDocColWhen), docx.C(msg.CovenantDocColNote)}}
	for _, u := range in.Units {
		who, when := msg.CovenantDocNotAcked, ""
		var notes []string
		if u.Ack != nil {
			who = u.Ack.ByName
			if in.Format != nil {
				when = in.Format(*u.Ack)
			}
			if changed := Diff(u.Ack.Targets, u.Targets); len(changed) > 0 {
				notes = append(notes, fmt.Sprintf(msg.CovenantDocChanged, strings.Join(changed, ", ")))
			}
		}
		for _, g := range u.Discrepancies {
			notes = append(notes, fmt.Sprintf(msg.CovenantDocGap, g.Text))
		}
		rows = append(rows, []docx.Cell{docx.C(u.Name), docx.C(who), docx.C(when), docx.C(strings.Join(notes, "; "))})
	}
	d.Table(docx.Table{Rows: rows, Header: 1, Widths: []int{3, 3, 2, 4}, FontSize: 11})

	d.Heading(2, docx.B(msg.CovenantDocSign))
	var sign [][]docx.Cell
	for i := 0; i < len(in.Units); i += 2 {
		var name, blank []docx.Cell
		for j := i; j < i+2; j++ {
			if j < len(in.Units) {
				name = append(name, docx.Cell{Runs: []docx.Run{docx.B(fmt.Sprintf(msg.CovenantDocSignFor, in.Units[j].Name))}, Align: docx.Center})
				blank = append(blank, docx.Cell{Runs: []docx.Run{docx.Blank(msg.CovenantDocSignBlank)}, Align: docx.Center})
			} else {
				name, blank = append(name, docx.C("")), append(blank, docx.C(""))
			}
		}
		sign = append(sign, name, blank, []docx.Cell{docx.C(""), docx.C("")})
	}
	d.Table(docx.Table{Rows: sign, Borderless: true})
	return d.Bytes()
}

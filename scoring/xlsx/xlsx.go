// Package xlsx writes a scoring result as an Excel workbook: a unit ×
// criterion matrix of points on the first sheet and, on the second, every
// criterion's value, target, points and the explanation of how they came
// about, so that a chair can check the ranking by hand.
package xlsx

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/vi"
)

// Write writes r (the result of the cluster named clusterName) to w.
func Write(w io.Writer, clusterName string, r *scoring.Result) error {
	f := excelize.NewFile()
	defer f.Close()
	scores, explain := msg.XLSXSheetScores, msg.XLSXSheetExplain
	if err := f.SetSheetName("Sheet1", scores); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if _, err := f.NewSheet(explain); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	t := r.Table
	crits := t.Criteria()

	// Sheet 1: the matrix. Row 1 title, row 2 header, then one row per unit.
	title := fmt.Sprintf(msg.XLSXTitle, clusterName, r.Period.Label(), t.Name)
	header := []any{msg.XLSXColRank, msg.XLSXColUnitID, msg.XLSXColUnit, msg.XLSXColTotal}
	for _, g := range t.Groups {
		header = append(header, fmt.Sprintf(msg.XLSXGroup, g.ID, g.Name))
	}
	for _, c := range crits {
		header = append(header, fmt.Sprintf(msg.XLSXCriterion, c.Name, vi.Number(c.MaxPoints(), 2)))
	}
	header = append(header, msg.XLSXColMissing)
	rows := [][]any{{title}, header}
	for _, u := range r.Units {
		row := []any{u.Rank, u.ID, u.Name, u.Total}
		for _, g := range u.Groups {
			row = append(row, g.Points)
		}
		for _, c := range u.Criteria {
			row = append(row, c.Points)
		}
		row = append(row, strings.Join(u.Missing, ", "))
		rows = append(rows, row)
	}
	if err := setRows(f, scores, rows); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(header), 2)
	if err := f.SetCellStyle(scores, "A2", last, bold); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := f.SetColWidth(scores, "C", "C", 28); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	endCol, _ := excelize.ColumnNumberToName(len(header))
	if err := f.SetColWidth(scores, "E", endCol, 14); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := f.SetPanes(scores, &excelize.Panes{Freeze: true, XSplit: 3, YSplit: 2, TopLeftCell: "D3", ActivePane: "bottomRight"}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}

	// Sheet 2: one row per unit and criterion.
	rows = [][]any{{msg.XLSXColUnitID, msg.XLSXColUnit, msg.XLSXColCritID, msg.XLSXColCriterion,
		msg.XLSXColValue, msg.XLSXColTarget, msg.XLSXColPoints, msg.XLSXColMax, msg.XLSXColCarried, msg.XLSXColExplain}}
	for _, u := range r.Units {
		for i := range u.Criteria {
			cr := &u.Criteria[i]
			var value, target, carried any
			if !cr.Missing {
				value = cr.Value
			}
			if cr.HasTarget {
				target = cr.Target
			}
			if cr.CarriedFrom != 0 {
				carried = scoring.Period{Year: r.Period.Year, Month: cr.CarriedFrom}.Label()
			}
			rows = append(rows, []any{u.ID, u.Name, cr.Criterion.ID, cr.Criterion.Name,
				value, target, cr.Points, cr.Criterion.MaxPoints(), carried, cr.Explain()})
		}
	}
	if err := setRows(f, explain, rows); err != nil {
		return err
	}
	if err := f.SetCellStyle(explain, "A1", "J1", bold); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	last, _ = excelize.CoordinatesToCellName(10, len(rows))
	if err := f.SetCellStyle(explain, "J2", last, wrap); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	for col, width := range map[string]float64{"B": 24, "D": 36, "J": 90} {
		if err := f.SetColWidth(explain, col, col, width); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

func setRows(f *excelize.File, sheet string, rows [][]any) error {
	for i := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &rows[i]); err != nil {
			return fmt.Errorf("xlsx: row %d: %w", i+1, err)
		}
	}
	return nil
}

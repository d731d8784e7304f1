// Package xlsx writes a scoring result as an Excel workbook that reads like
// a report: on the first sheet a unit × criterion matrix of points, on the
// second every criterion's value, target, achievement, points and the
// explanation of how they came about, so that a chair can check the ranking
// by hand. Criteria and units appear by name (their codes only in the last
// columns of the second sheet, for machines); points have two decimals,
// values thousands separators and their unit ("%" values a percent sign,
// yes/no criteria Có/Không); no cell shows "-0"; headers are frozen and
// columns sized to their content. The workbook opens cleanly in Excel and
// LibreOffice (a gated test converts it with LibreOffice).
package xlsx

import (
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/vi"
)

// Number formats (Excel codes; the reader's locale picks the separators,
// so a Vietnamese Excel shows 1.234,50).
const (
	fmtPoints  = "#,##0.00;-#,##0.00;0.00"
	fmtWhole   = "#,##0"
	fmtDecimal = "#,##0.00"
	fmtPercent = `#,##0.00"%"`
	fmtRatio   = "0.00%"
	fmtYesNo   = `"` + msg.XLSXYes + `";"` + msg.XLSXYes + `";"` + msg.XLSXNo + `"`
)

// Write writes r (the result of the cluster named clusterName) to w.
func Write(w io.Writer, clusterName string, r *scoring.Result) error {
	f := excelize.NewFile()
	defer f.Close()
	b := &book{f: f, styles: map[string]int{}}
	if err := b.scores(clusterName, r); err != nil {
		return err
	}
	if err := b.explain(r); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

type book struct {
	f      *excelize.File
	styles map[string]int // by number format and role
	err    error
}

// style returns the style of a cell role ("head", "title", "text", "wrap")
// or of a number format.
func (b *book) style(key string) int {
	if id, ok := b.styles[key]; ok {
		return id
	}
	border := []excelize.Border{{Type: "bottom", Color: "D9D9D9", Style: 1}}
	st := &excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top"}}
	switch key {
	case "title":
		st = &excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}}
	case "head":
		st = &excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"},
			Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
		}
	case "text":
	case "wrap":
		st.Alignment.WrapText = true
	default:
		f := key
		st.CustomNumFmt = &f
		st.Alignment.Horizontal = "right"
	}
	id, err := b.f.NewStyle(st)
	if err != nil && b.err == nil {
		b.err = fmt.Errorf("xlsx: style %q: %w", key, err)
	}
	b.styles[key] = id
	return id
}

// cell is a value with the style it is shown in.
type cell struct {
	v     any
	style string
}

func text(s string) cell { return cell{s, "text"} }

// num is x in format, with a negative zero (or a value that would show as
// one) written as 0.
func num(x float64, format string) cell {
	decimals := 2
	if format == fmtWhole {
		decimals = 0
	}
	if x < 0 && math.Round(x*math.Pow10(decimals)) == 0 {
		x = 0
	}
	if x == 0 {
		x = 0 // drops the sign of -0
	}
	return cell{x, format}
}

// sheet writes rows from row 1, the header at row head (1-based), freezes
// everything above and left of (freezeCols+1, head+1), and sizes columns.
func (b *book) sheet(name string, rows [][]cell, head, freezeCols int, maxWidth map[int]float64) {
	if b.err != nil {
		return
	}
	widths := map[int]float64{}
	for i, row := range rows {
		vals := make([]any, len(row))
		for j, c := range row {
			vals[j] = c.v
		}
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := b.f.SetSheetRow(name, ref, &vals); err != nil {
			b.err = fmt.Errorf("xlsx: %s row %d: %w", name, i+1, err)
			return
		}
		for j, c := range row {
			if c.v == nil && c.style == "" {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			_ = b.f.SetCellStyle(name, ref, ref, b.style(c.style))
			if i+1 < head {
				continue // the title spans the sheet
			}
			w := shownWidth(c)
			if i+1 == head {
				w = min(w, 18) // headers wrap
			}
			widths[j] = max(widths[j], w)
		}
	}
	for j, w := range widths {
		limit := 60.0
		if m, ok := maxWidth[j]; ok {
			limit = m
		}
		widths[j] = math.Min(math.Max(w+2, 8), limit)
		col, _ := excelize.ColumnNumberToName(j + 1)
		_ = b.f.SetColWidth(name, col, col, widths[j])
	}
	// Readers do not all size rows to wrapped text on opening (LibreOffice
	// keeps the default height and overlaps the lines), so rows get the
	// height of their longest wrapped cell.
	for i := head; i < len(rows); i++ {
		lines := 1
		for j, c := range rows[i] {
			if s, ok := c.v.(string); ok && c.style == "wrap" && widths[j] > 2 {
				lines = max(lines, int(math.Ceil(float64(utf8.RuneCountInString(s))/(widths[j]-2))))
			}
		}
		if lines > 1 {
			_ = b.f.SetRowHeight(name, i+1, float64(15*lines))
		}
	}
	_ = b.f.SetRowHeight(name, head, 48)
	// Printed (or converted to PDF) as a report: landscape, one page wide.
	landscape, one, any := "landscape", 1, 0
	fit := true
	_ = b.f.SetPageLayout(name, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &any})
	_ = b.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit})
	tl, _ := excelize.CoordinatesToCellName(freezeCols+1, head+1)
	if err := b.f.SetPanes(name, &excelize.Panes{Freeze: true, XSplit: freezeCols, YSplit: head, TopLeftCell: tl, ActivePane: "bottomRight"}); err != nil {
		b.err = fmt.Errorf("xlsx: %s panes: %w", name, err)
	}
}

// shownWidth estimates the characters a cell shows.
func shownWidth(c cell) float64 {
	switch v := c.v.(type) {
	case string:
		longest := 0
		for _, line := range strings.Split(v, "\n") {
			longest = max(longest, utf8.RuneCountInString(line))
		}
		return float64(longest)
	case float64:
		n := len(vi.Fixed(math.Abs(v), 2)) + 1
		return float64(n + n/4)
	case int:
		return float64(len(fmt.Sprint(v)))
	}
	return 0
}

func (b *book) scores(clusterName string, r *scoring.Result) error {
	name := msg.XLSXSheetScores
	if err := b.f.SetSheetName("Sheet1", name); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	t := r.Table
	crits := t.Criteria()
	title := fmt.Sprintf(msg.XLSXTitle, clusterName, r.Period.Label(), t.Name)
	header := []cell{{msg.XLSXColRank, "head"}, {msg.XLSXColUnit, "head"}, {msg.XLSXColTotal, "head"}}
	for _, g := range t.Groups {
		header = append(header, cell{fmt.Sprintf(msg.XLSXGroup, g.ID, g.Name), "head"})
	}
	for _, c := range crits {
		header = append(header, cell{fmt.Sprintf(msg.XLSXCriterion, c.Name, vi.Number(c.MaxPoints(), 2)), "head"})
	}
	header = append(header, cell{msg.XLSXColMissing, "head"})
	rows := [][]cell{{{title, "title"}}, {{fmt.Sprintf(msg.XLSXScope, r.Period.Label()), "text"}}, header}
	for _, u := range r.Units {
		row := []cell{{u.Rank, fmtWhole}, text(u.Name), num(u.Total, fmtPoints)}
		for _, g := range u.Groups {
			row = append(row, num(g.Points, fmtPoints))
		}
		for _, c := range u.Criteria {
			row = append(row, num(c.Points, fmtPoints))
		}
		row = append(row, cell{criterionNames(t, u.Missing), "wrap"})
		rows = append(rows, row)
	}
	b.sheet(name, rows, 3, 2, map[int]float64{len(header) - 1: 50})
	return b.err
}

func (b *book) explain(r *scoring.Result) error {
	name := msg.XLSXSheetExplain
	if _, err := b.f.NewSheet(name); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	head := []string{msg.XLSXColUnit, msg.XLSXColCriterion, msg.XLSXColValue, msg.XLSXColMeasure, msg.XLSXColTarget,
		msg.XLSXColRatio, msg.XLSXColPoints, msg.XLSXColMax, msg.XLSXColCarried, msg.XLSXColExplain, msg.XLSXColUnitID, msg.XLSXColCritID}
	header := make([]cell, len(head))
	for i, h := range head {
		header[i] = cell{h, "head"}
	}
	formats := valueFormats(r)
	rows := [][]cell{header}
	for _, u := range r.Units {
		for i := range u.Criteria {
			cr := &u.Criteria[i]
			c := cr.Criterion
			vf := formats[c.ID]
			value, target, ratio, carried := cell{}, cell{}, cell{}, cell{}
			if !cr.Missing {
				value = num(cr.Value, vf)
			} else {
				value = text(msg.XLSXMissing)
			}
			if cr.HasTarget {
				target = num(cr.Target, vf)
				if !cr.Missing && (c.Rule.Kind == scoring.KindRatio || c.Rule.Kind == scoring.KindLeaderRelative) {
					ratio = num(cr.Ratio/100, fmtRatio)
				}
			}
			if cr.CarriedFrom != 0 {
				carried = text(vi.Month(r.Period.Year, cr.CarriedFrom))
			}
			rows = append(rows, []cell{text(u.Name), cell{c.Name, "wrap"}, value, text(c.Unit), target, ratio,
				num(cr.Points, fmtPoints), num(c.MaxPoints(), fmtPoints), carried, cell{cr.Explain(), "wrap"}, text(u.ID), text(c.ID)})
		}
	}
	b.sheet(name, rows, 1, 2, map[int]float64{1: 40, 9: 80})
	return b.err
}

// valueFormats picks each criterion's value format: Có/Không for yes/no, a
// percent sign for "%", whole numbers when every value and target is one.
func valueFormats(r *scoring.Result) map[string]string {
	out := map[string]string{}
	whole := map[string]bool{}
	for _, c := range r.Table.Criteria() {
		whole[c.ID] = true
	}
	for _, u := range r.Units {
		for _, cr := range u.Criteria {
			for _, x := range []float64{cr.Value, cr.Target} {
				if x != math.Trunc(x) {
					whole[cr.Criterion.ID] = false
				}
			}
		}
	}
	for _, c := range r.Table.Criteria() {
		switch {
		case c.Rule.Kind == scoring.KindYesNo:
			out[c.ID] = fmtYesNo
		case strings.TrimSpace(c.Unit) == "%":
			out[c.ID] = fmtPercent
		case whole[c.ID]:
			out[c.ID] = fmtWhole
		default:
			out[c.ID] = fmtDecimal
		}
	}
	return out
}

// criterionNames lists criteria by name.
func criterionNames(t *scoring.Table, ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = id
		if c, ok := t.Criterion(id); ok {
			names[i] = c.Name
		}
	}
	return strings.Join(names, "; ")
}

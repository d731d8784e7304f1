package submissions

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/vi"
)

// The Excel path (/baocao mau): the bot sends a template for a unit and
// period, the focal point fills the Giá trị column and sends it back, and
// ParseXLSX turns it into the same answers the conversation would give,
// checked by the same parser and the same warnings, to be reviewed and
// confirmed the same way.

// TemplateInfo identifies the report a template is for.
type TemplateInfo struct {
	Cluster  string
	Unit     string
	UnitName string
	Period   Period
	Deadline time.Time // shown in the header; zero to leave out
}

// templateMark identifies our templates; bump the version when the layout changes.
const templateMark = "thiduabot-baocao-v1"

// metaSheet is the hidden sheet holding what the template is for.
const metaSheet = "thiduabot"

// Template columns, in order.
var templateCols = []string{
	msg.SubmitXLSXColNo, msg.SubmitXLSXColID, msg.SubmitXLSXColName, msg.SubmitXLSXColUnit,
	msg.SubmitXLSXColForm, msg.SubmitXLSXColTarget, msg.SubmitXLSXColLast, msg.SubmitXLSXColValue, msg.SubmitXLSXColNote,
}

const headerRow = 6

// maxUpload bounds what ParseXLSX unpacks: a filled template is a few
// kilobytes, and a zip bomb must not exhaust memory.
const maxUpload = 8 << 20

// WriteTemplate writes the XLSX template of the questions qs to w. answers,
// when not nil, prefill the Giá trị column (editing a confirmed report).
func WriteTemplate(w io.Writer, info TemplateInfo, qs []Question, answers map[string]Entry) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := msg.SubmitXLSXSheet
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	set := func(cell string, v any) {
		_ = f.SetCellValue(sheet, cell, v) // cells are valid references built here
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("template style: %w", err)
	}
	head, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
		Border:    borders(),
	})
	if err != nil {
		return fmt.Errorf("template style: %w", err)
	}
	body, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Border: borders()})
	if err != nil {
		return fmt.Errorf("template style: %w", err)
	}
	input, err := f.NewStyle(&excelize.Style{
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}},
		Border: borders(),
	})
	if err != nil {
		return fmt.Errorf("template style: %w", err)
	}
	set("A1", msg.SubmitXLSXTitle(info.Period.Label(), info.UnitName))
	_ = f.SetCellStyle(sheet, "A1", "A1", bold)
	set("A2", "Đơn vị: "+info.UnitName)
	period := "Kỳ báo cáo: " + info.Period.Label()
	if !info.Deadline.IsZero() {
		period += " (hạn gửi: " + vi.DateTime(info.Deadline) + ")"
	}
	set("A3", period)
	set("A4", msg.SubmitXLSXHelp)
	for i, name := range templateCols {
		set(cell(i+1, headerRow), name)
	}
	_ = f.SetCellStyle(sheet, cell(1, headerRow), cell(len(templateCols), headerRow), head)
	for i, q := range qs {
		row := headerRow + 1 + i
		c := q.Criterion
		set(cell(1, row), q.Number)
		set(cell(2, row), c.ID)
		set(cell(3, row), c.Name)
		set(cell(4, row), c.Unit)
		set(cell(5, row), q.Form())
		if q.Known.Target != nil {
			set(cell(6, row), *q.Known.Target)
		}
		if l := q.Known.Last; l != nil {
			set(cell(7, row), FormatValue(c, l.Value)+" ("+l.Period.Label()+")")
		}
		if e, ok := answers[c.ID]; ok && e.HasValue() {
			if c.Rule == RuleYesNo {
				set(cell(8, row), FormatValue(c, e.Value))
			} else {
				set(cell(8, row), e.Value)
			}
		}
		_ = f.SetCellStyle(sheet, cell(1, row), cell(len(templateCols), row), body)
		_ = f.SetCellStyle(sheet, cell(8, row), cell(8, row), input)
		if c.Rule == RuleYesNo {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = cell(8, row)
			if err := dv.SetDropList([]string{msg.SubmitYes, msg.SubmitNo}); err == nil {
				_ = f.AddDataValidation(sheet, dv)
			}
		}
	}
	for col, width := range map[string]float64{"A": 5, "B": 18, "C": 48, "D": 12, "E": 26, "F": 14, "G": 22, "H": 16, "I": 24} {
		_ = f.SetColWidth(sheet, col, col, width)
	}
	if _, err := f.NewSheet(metaSheet); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	for i, kv := range [][2]string{{"template", templateMark}, {"cluster", info.Cluster}, {"unit", info.Unit},
		{"unit_name", info.UnitName}, {"period", info.Period.String()}} {
		_ = f.SetCellValue(metaSheet, cell(1, i+1), kv[0])
		_ = f.SetCellValue(metaSheet, cell(2, i+1), kv[1])
	}
	if err := f.SetSheetVisible(metaSheet, false, true); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	return nil
}

func borders() []excelize.Border {
	var bs []excelize.Border
	for _, side := range []string{"left", "right", "top", "bottom"} {
		bs = append(bs, excelize.Border{Type: side, Color: "A6A6A6", Style: 1})
	}
	return bs
}

func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

// Upload is a parsed, valid template: the same answers the conversation
// would have collected, and the warnings it would have raised (to be shown
// with the summary; the user confirms or sends a corrected file).
type Upload struct {
	Answers  map[string]Entry
	Warnings map[string][]Warning
}

// Problem is one error in an uploaded file, located at a row and column
// when it concerns a cell (Row 0 for the whole file).
type Problem struct {
	Row     int
	Col     string
	Message string
}

// XLSXError lists every problem of an uploaded file; nothing of the file is
// used. Message gives the Vietnamese text.
type XLSXError struct {
	Problems []Problem
}

func (e *XLSXError) Error() string {
	return fmt.Sprintf("submissions: uploaded file has %d problems, first: %s", len(e.Problems), e.Problems[0].Message)
}

func (e *XLSXError) text() string {
	lines := make([]string, 0, len(e.Problems))
	for _, p := range e.Problems {
		if p.Row == 0 {
			lines = append(lines, p.Message)
			continue
		}
		lines = append(lines, msg.SubmitXLSXCell(p.Row, p.Col, msg.SubmitXLSXColValue, p.Message))
	}
	if len(e.Problems) == 1 && e.Problems[0].Row == 0 {
		return lines[0]
	}
	return msg.SubmitXLSXProblems(lines)
}

// ParseXLSX reads a filled template for the report info describes, against
// the questions qs of the conversation. Every cell is read as the chat reads
// a message: a number cell as its number, a text cell through Parse (an
// ambiguous text is an error here, since there is no one to ask), an empty
// cell or "bỏ qua" as skipped, "giữ" as keep-last where the question offers
// it. Rows of criteria that are not asked, duplicates and a file for another
// unit or period are errors; every error comes back at once in an *XLSXError.
func ParseXLSX(r io.Reader, info TemplateInfo, qs []Question) (up *Upload, err error) {
	// A crafted file must not take the bot down with a panic in the
	// spreadsheet library: it is just unreadable.
	defer func() {
		if p := recover(); p != nil {
			up, err = nil, &XLSXError{[]Problem{{Message: msg.SubmitXLSXUnreadable}}}
		}
	}()
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: maxUpload, UnzipXMLSizeLimit: maxUpload})
	if err != nil {
		return nil, &XLSXError{[]Problem{{Message: msg.SubmitXLSXUnreadable}}}
	}
	defer f.Close()
	meta := map[string]string{}
	for i := 1; i <= 5; i++ {
		k, _ := f.GetCellValue(metaSheet, cell(1, i))
		v, _ := f.GetCellValue(metaSheet, cell(2, i))
		meta[k] = v
	}
	if meta["template"] != templateMark {
		return nil, &XLSXError{[]Problem{{Message: msg.SubmitXLSXNotTemplate}}}
	}
	if meta["cluster"] != info.Cluster || meta["unit"] != info.Unit || meta["period"] != info.Period.String() {
		label := meta["period"]
		if p, err := ParsePeriod(label); err == nil {
			label = p.Label()
		}
		return nil, &XLSXError{[]Problem{{Message: msg.SubmitXLSXWrongReport(meta["unit_name"], label, info.UnitName, info.Period.Label())}}}
	}
	sheet := msg.SubmitXLSXSheet
	rows, err := readRows(f, sheet)
	if err != nil {
		return nil, &XLSXError{[]Problem{{Message: msg.SubmitXLSXNotTemplate}}}
	}
	idCol, valCol, head := -1, -1, -1
	for i, row := range rows {
		for j, v := range row {
			switch strings.TrimSpace(v) {
			case msg.SubmitXLSXColID:
				idCol = j
			case msg.SubmitXLSXColValue:
				valCol = j
			}
		}
		if idCol >= 0 && valCol >= 0 {
			head = i
			break
		}
		idCol, valCol = -1, -1
	}
	if head < 0 {
		return nil, &XLSXError{[]Problem{{Message: msg.SubmitXLSXNotTemplate}}}
	}
	byID := map[string]Question{}
	for _, q := range qs {
		byID[q.Criterion.ID] = q
	}
	up = &Upload{Answers: map[string]Entry{}, Warnings: map[string][]Warning{}}
	var problems []Problem
	seen := map[string]int{}
	for i := head + 1; i < len(rows); i++ {
		row, rowNo := rows[i], i+1
		id := ""
		if idCol < len(row) {
			id = strings.TrimSpace(row[idCol])
		}
		if id == "" {
			continue
		}
		at := func(m string) Problem { return Problem{Row: rowNo, Col: colName(valCol + 1), Message: m} }
		q, ok := byID[id]
		if !ok {
			p := at(msg.SubmitXLSXUnknownCriterion(id))
			p.Col = colName(idCol + 1)
			problems = append(problems, p)
			continue
		}
		if first, dup := seen[id]; dup {
			problems = append(problems, at(msg.SubmitXLSXDuplicate(id, first)))
			continue
		}
		seen[id] = rowNo
		e, ws, problem := readCell(f, sheet, cell(valCol+1, rowNo), q)
		if problem != "" {
			problems = append(problems, at(problem))
			continue
		}
		up.Answers[id] = e
		if len(ws) > 0 {
			up.Warnings[id] = ws
		}
	}
	if len(problems) > 0 {
		return nil, &XLSXError{problems}
	}
	return up, nil
}

// Bounds of what is read of the sheet: a template has a few dozen rows and
// nine columns, and a damaged or hostile file may claim a million of each.
const (
	maxRows = 1000
	maxCols = 30
)

// readRows streams the sheet's first maxRows rows, each cut to maxCols cells.
func readRows(f *excelize.File, sheet string) ([][]string, error) {
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out [][]string
	for len(out) < maxRows && it.Next() {
		row, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		if len(row) > maxCols {
			row = row[:maxCols]
		}
		out = append(out, row)
	}
	return out, it.Error()
}

// readCell reads one Giá trị cell as an answer to q.
func readCell(f *excelize.File, sheet, ref string, q Question) (Entry, []Warning, string) {
	c := q.Criterion
	raw, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		return Entry{}, nil, msg.SubmitBadNumber(expectedForm(c))
	}
	raw = strings.TrimSpace(raw)
	typ, _ := f.GetCellType(sheet, ref)
	switch folded := vi.Fold(clean(raw)); {
	case raw == "" || folded == "bo qua":
		return Entry{State: StateSkipped}, nil, ""
	case folded == "giu" || folded == "giu nhu thang truoc" || folded == "nhu thang truoc" || folded == "giu nhu ky truoc":
		if !q.CanKeep {
			return Entry{}, nil, msg.SubmitXLSXNoKeep
		}
		return Entry{State: StateKept, Value: q.Known.Last.Value, From: q.Known.Last.Period, Raw: raw}, nil, ""
	}
	var v float64
	switch typ {
	case excelize.CellTypeUnset, excelize.CellTypeNumber, excelize.CellTypeFormula, excelize.CellTypeBool:
		// A number typed in Excel is unambiguous whatever its display.
		n, err := strconv.ParseFloat(raw, 64)
		if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
			return textCell(raw, q)
		}
		if c.Unit == "%" && percentStyled(f, sheet, ref) {
			n = scaled(n, 100) // "95,5%" typed in Excel is stored as 0.955
		}
		if problem := Impossible(c, n); problem != "" {
			return Entry{}, nil, problem
		}
		v = n
	default:
		return textCell(raw, q)
	}
	if err := c.refuse(raw, v); err != nil {
		m, _ := Message(err)
		return Entry{}, nil, m
	}
	return Entry{State: StateValue, Value: v, Raw: raw}, Check(c, q.Period, v, q.Known), ""
}

// textCell reads a text cell exactly as a chat message.
func textCell(raw string, q Question) (Entry, []Warning, string) {
	p, err := Parse(raw, q.Criterion)
	if err != nil {
		m, _ := Message(err)
		return Entry{}, nil, m
	}
	if p.Ambiguous {
		return Entry{}, nil, msg.SubmitXLSXAmbiguous(raw, p.Choices[0], p.Choices[1])
	}
	if err := q.Criterion.refuse(raw, p.Value); err != nil {
		m, _ := Message(err)
		return Entry{}, nil, m
	}
	return Entry{State: StateValue, Value: p.Value, Raw: raw}, Check(q.Criterion, q.Period, p.Value, q.Known), ""
}

func percentStyled(f *excelize.File, sheet, ref string) bool {
	idx, err := f.GetCellStyle(sheet, ref)
	if err != nil || idx == 0 {
		return false
	}
	st, err := f.GetStyle(idx)
	if err != nil || st == nil {
		return false
	}
	return st.NumFmt == 9 || st.NumFmt == 10 || st.CustomNumFmt != nil && strings.Contains(*st.CustomNumFmt, "%")
}

// Apply puts the answers of an upload into the draft and moves it to the
// summary, where the user reviews and confirms as after the conversation.
// Criteria absent from the file keep the draft's answers.
func (d *Draft) Apply(qs []Question, up *Upload) {
	for id, e := range up.Answers {
		d.Answers[id] = e
	}
	d.moveTo(qs, len(qs))
	d.Pending, d.Editing = nil, false
}

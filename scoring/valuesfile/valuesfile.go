// Package valuesfile reads monthly values for scoring from a file: CSV with
// columns unit,criterion,month,value (comma-separated with "." decimals, or
// semicolon-separated with "," decimals as Vietnamese-locale Excel writes
// it) or an XLSX workbook with the same columns. Every bad row is reported
// with its line and column so the whole file can be fixed in one pass.
//
// Values are checked by the same rules as in the chat (package
// submissions): what the chat refuses outright (not a number, a yes/no
// other than 1 or 0, a fraction of a count) and what it would warn about as
// impossible for the criterion (outside its range, negative with no range
// allowing it) are errors, since nobody is there to answer "keep it"; what
// is only implausible (far above the target, far from the previous month,
// a running total going down) is a warning with its position.
package valuesfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/submissions"
)

// Problem is a bad row or value: Line counts from 1 (0 for the whole file),
// Col is the 1-based column of the cell at fault (0 for the whole row).
type Problem struct {
	Line int
	Col  int
	Msg  string
}

// Pos is "line:col" (or "line"), for "file:line:col: message"; in an Excel
// file the cell's name follows ("5:4 (D5)").
func (p Problem) Pos(xlsx bool) string {
	switch {
	case p.Col == 0:
		return strconv.Itoa(p.Line)
	case xlsx:
		ref, _ := excelize.CoordinatesToCellName(p.Col, p.Line)
		return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col) + " (" + ref + ")"
	}
	return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
}

// IsXLSX reports whether data is an Excel workbook rather than CSV.
func IsXLSX(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }

// Lookup resolves a row's unit and criterion. It returns the criterion, the
// year of the unit's scoring table (0: any year), or a Vietnamese problem.
type Lookup func(unit, criterion string) (c *scoring.Criterion, tableYear int, problem string)

// OrgLookup resolves units through the org config and criteria through
// the unit's cluster table.
func OrgLookup(o *org.Config, tables map[string]*scoring.Table) Lookup {
	return func(unit, criterion string) (*scoring.Criterion, int, string) {
		_, cl, ok := o.Unit(unit)
		if !ok {
			return nil, 0, fmt.Sprintf(msg.ValuesUnknownUnit, unit)
		}
		t := tables[cl.Scoring]
		if t == nil {
			return nil, 0, fmt.Sprintf(msg.ValuesUnknownCriterion, criterion, cl.Scoring, cl.ID)
		}
		c, ok := t.Criterion(criterion)
		if !ok {
			return nil, 0, fmt.Sprintf(msg.ValuesUnknownCriterion, criterion, t.ID, cl.ID)
		}
		return c, t.Year, ""
	}
}

// Values are the accepted rows by year.
type Values map[int]scoring.Values

// Read parses data, CSV or XLSX (recognised by its zip signature). When
// problems is non-empty the values must not be used for a ranking.
func Read(data []byte, lookup Lookup) (Values, []Problem) {
	r := Check(data, lookup, nil)
	return r.Values, r.Problems
}

// Checked is a values file as read and checked.
type Checked struct {
	Values   Values
	Problems []Problem // errors: the values must not be used
	Warnings []Problem // implausible values, to be shown with their position
}

// value is an accepted cell, kept for the checks against its neighbours.
type value struct {
	unit string
	c    *scoring.Criterion
	p    scoring.Period
	v    float64
	line int
	col  int
}

// Check reads data as Read does and checks every value as the chat checks
// a typed answer, against the targets (may be nil) and the same unit's and
// criterion's previous month in the file.
func Check(data []byte, lookup Lookup, targets *scoring.Targets) Checked {
	out, ps, accepted := read(data, lookup)
	ws := check(accepted, targets, &ps)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
	if len(ps) > 0 {
		return Checked{Values: out, Problems: ps, Warnings: ws}
	}
	return Checked{Values: out, Warnings: ws}
}

// check applies the chat's checks to the accepted values; severe ones
// become problems (and leave out), the rest warnings.
func check(vs []value, targets *scoring.Targets, ps *[]Problem) []Problem {
	type series struct{ unit, crit string }
	by := map[series][]value{}
	var order []series
	for _, v := range vs {
		k := series{v.unit, v.c.ID}
		if _, ok := by[k]; !ok {
			order = append(order, k)
		}
		by[k] = append(by[k], v)
	}
	var ws []Problem
	for _, k := range order {
		s := by[k]
		sort.Slice(s, func(i, j int) bool {
			return s[i].p.Year < s[j].p.Year || s[i].p.Year == s[j].p.Year && s[i].p.Month < s[j].p.Month
		})
		c := submissions.CriterionOf(s[0].c)
		for i, v := range s {
			p := submissions.Period{Year: v.p.Year, Month: v.p.Month}
			known := submissions.TargetKnown(targets, v.unit, c.ID, p)
			if i > 0 {
				prev := s[i-1]
				if c.Input == submissions.Latest || c.Input == submissions.Manual || prev.p.Year == v.p.Year {
					known.Last = &submissions.Last{Period: submissions.Period{Year: prev.p.Year, Month: prev.p.Month}, Value: prev.v}
				}
			}
			for _, w := range submissions.Check(c, p, v.v, known) {
				pr := Problem{Line: v.line, Col: v.col, Msg: w.Message}
				if w.Severe() {
					*ps = append(*ps, pr)
				} else {
					ws = append(ws, pr)
				}
			}
		}
	}
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].Line < ws[j].Line })
	return ws
}

// read parses the rows; the values it accepts are also listed for check.
func read(data []byte, lookup Lookup) (Values, []Problem, []value) {
	var (
		rows  [][]string
		lines []int
		num   func(string) (float64, string)
		ps    []Problem
	)
	if IsXLSX(data) {
		var p *Problem
		rows, lines, p = readXLSX(data)
		if p != nil {
			return nil, []Problem{*p}, nil
		}
		num = xlsxNumber
	} else {
		var p *Problem
		var semicolon bool
		rows, lines, semicolon, p = readCSV(data)
		if p != nil {
			return nil, []Problem{*p}, nil
		}
		num = commaNumber
		if semicolon {
			num = semicolonNumber
		}
	}
	col := map[string]int{"unit": 0, "criterion": 1, "month": 2, "value": 3}
	if len(rows) > 0 && isHeader(rows[0]) {
		for k := range col {
			col[k] = -1
		}
		for i, h := range rows[0] {
			if _, ok := col[strings.ToLower(strings.TrimSpace(h))]; ok {
				col[strings.ToLower(strings.TrimSpace(h))] = i
			}
		}
		for _, k := range []string{"unit", "criterion", "month", "value"} {
			if col[k] < 0 {
				return nil, []Problem{{Line: lines[0], Msg: fmt.Sprintf(msg.ValuesHeader, k)}}, nil
			}
		}
		rows, lines = rows[1:], lines[1:]
	}
	width := 0
	for _, i := range col {
		width = max(width, i+1)
	}
	type key struct {
		unit, crit string
		p          scoring.Period
	}
	seen := map[key]int{}
	out := Values{}
	var accepted []value
	n := 0
	for i, row := range rows {
		line := lines[i]
		if blank(row) {
			continue
		}
		n++
		if len(row) < width {
			ps = append(ps, Problem{Line: line, Msg: fmt.Sprintf(msg.ValuesColumns, len(row))})
			continue
		}
		unit, crit := strings.TrimSpace(row[col["unit"]]), strings.TrimSpace(row[col["criterion"]])
		at := func(column string, m string) Problem { return Problem{Line: line, Col: col[column] + 1, Msg: m} }
		c, year, problem := lookup(unit, crit)
		if problem != "" {
			column := "criterion"
			if problem == fmt.Sprintf(msg.ValuesUnknownUnit, unit) {
				column = "unit"
			}
			ps = append(ps, at(column, problem))
			continue
		}
		p, ok := month(strings.TrimSpace(row[col["month"]]))
		if !ok {
			ps = append(ps, at("month", fmt.Sprintf(msg.ValuesMonth, row[col["month"]])))
			continue
		}
		if year != 0 && p.Year != year {
			ps = append(ps, at("month", fmt.Sprintf(msg.ValuesYear, p.Key(), year)))
			continue
		}
		cell := strings.TrimSpace(row[col["value"]])
		if cell == "" {
			ps = append(ps, at("value", msg.ValuesEmpty))
			continue
		}
		v, problem := num(cell)
		if problem != "" {
			ps = append(ps, at("value", problem))
			continue
		}
		if problem := submissions.Impossible(submissions.CriterionOf(c), v); problem != "" {
			ps = append(ps, at("value", fmt.Sprintf(msg.ValuesBadValue, problem)))
			continue
		}
		k := key{unit, crit, p}
		if first, dup := seen[k]; dup {
			ps = append(ps, Problem{Line: line, Msg: fmt.Sprintf(msg.ValuesDuplicate, first)})
			continue
		}
		seen[k] = line
		if out[p.Year] == nil {
			out[p.Year] = scoring.Values{}
		}
		out[p.Year].Set(unit, crit, p.Month, v)
		accepted = append(accepted, value{unit: unit, c: c, p: p, v: v, line: line, col: col["value"] + 1})
	}
	if n == 0 && len(ps) == 0 {
		ps = append(ps, Problem{Msg: msg.ValuesNoRows})
	}
	return out, ps, accepted
}

// isHeader reports whether row names the columns (any cell "unit").
func isHeader(row []string) bool {
	for _, c := range row {
		if strings.EqualFold(strings.TrimSpace(c), "unit") {
			return true
		}
	}
	return false
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// readCSV picks the separator from the first line: semicolons mean the
// Vietnamese locale (decimal comma).
func readCSV(data []byte) (rows [][]string, lines []int, semicolon bool, p *Problem) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // Excel's UTF-8 BOM
	first, _, _ := bytes.Cut(data, []byte("\n"))
	semicolon = bytes.Count(first, []byte(";")) > 0 && bytes.Count(first, []byte(";")) >= bytes.Count(first, []byte(","))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	if semicolon {
		r.Comma = ';'
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
				err = pe.Err
			}
			return nil, nil, false, &Problem{Line: line, Msg: fmt.Sprintf(msg.ValuesCSV, err)}
		}
		line, _ := r.FieldPos(0)
		rows, lines = append(rows, rec), append(lines, line)
	}
	return rows, lines, semicolon, nil
}

func readXLSX(data []byte) (rows [][]string, lines []int, p *Problem) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, nil, &Problem{Msg: fmt.Sprintf(msg.ValuesXLSX, err)}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, nil, &Problem{Msg: msg.ValuesNoSheet}
	}
	all, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, nil, &Problem{Msg: fmt.Sprintf(msg.ValuesXLSX, err)}
	}
	for i, r := range all {
		rows, lines = append(rows, r), append(lines, i+1)
	}
	return rows, lines, nil
}

// month reads "2026-06", "6/2026", "tháng 6/2026", or an Excel date serial (a month typed
// into a date-formatted cell).
func month(s string) (scoring.Period, bool) {
	if p, err := scoring.ParsePeriodKey(s); err == nil {
		return p, true
	}
	// Any month in the chat's grammar ("6/2026", "tháng 6/2026", "T6/2026"),
	// with its year: a quarter or a year is not a month of data.
	if n, err := scoring.ParseNamed(s, 0); err == nil && n.Span == scoring.SpanMonth {
		return n.Period, true
	}
	if serial, err := strconv.ParseFloat(s, 64); err == nil && serial > 36526 && serial < 73051 { // 2000–2100
		t, err := excelize.ExcelDateToTime(serial, false)
		if err == nil {
			p := scoring.Period{Year: t.Year(), Month: t.Month()}
			return p, p.Valid()
		}
	}
	return scoring.Period{}, false
}

// commaNumber reads "1234.5" (comma-separated files).
func commaNumber(s string) (float64, string) {
	if strings.Contains(s, ",") {
		return 0, fmt.Sprintf(msg.ValuesNumberComma, s)
	}
	return plain(s)
}

// semicolonNumber reads "1.234,5" (semicolon-separated files): "." only
// between groups of three digits, "," before the decimals.
func semicolonNumber(s string) (float64, string) {
	intPart, frac, hasFrac := strings.Cut(s, ",")
	if hasFrac && strings.Contains(frac, ".") {
		return 0, fmt.Sprintf(msg.ValuesNumberSemicolon, s)
	}
	if strings.Contains(intPart, ".") {
		groups := strings.Split(strings.TrimLeft(intPart, "+-"), ".")
		for i, g := range groups {
			if (i == 0 && (len(g) == 0 || len(g) > 3)) || (i > 0 && len(g) != 3) {
				return 0, fmt.Sprintf(msg.ValuesNumberSemicolon, s)
			}
		}
		intPart = strings.ReplaceAll(intPart, ".", "")
	}
	if hasFrac {
		intPart += "." + frac
	}
	v, problem := plain(intPart)
	if problem != "" {
		return 0, fmt.Sprintf(msg.ValuesNumber, s)
	}
	return v, ""
}

// xlsxNumber reads a raw numeric cell, or text typed either way.
func xlsxNumber(s string) (float64, string) {
	if v, p := plain(s); p == "" {
		return v, ""
	}
	if strings.Contains(s, ",") {
		return semicolonNumber(s)
	}
	return 0, fmt.Sprintf(msg.ValuesNumber, s)
}

// plain accepts only an optional sign, digits, one "." and an exponent as
// Excel writes raw values (1.5E-3); no hex, underscores, NaN or Inf.
func plain(s string) (float64, string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E' {
			return 0, fmt.Sprintf(msg.ValuesNumber, s)
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Sprintf(msg.ValuesNumber, s)
	}
	return v, ""
}

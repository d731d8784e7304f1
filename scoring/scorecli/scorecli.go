// Package scorecli is the core of `thiduabot score`: it scores one cluster
// for one period from a values file and prints the ranking as a text table
// or as the JSON report, or writes the Excel workbook. It parses no flags
// and opens no files, so that it can be tested in-process.
package scorecli

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/scoring/valuesfile"
	"github.com/thiduabot/thiduabot/scoring/xlsx"
	"github.com/thiduabot/thiduabot/vi"
)

// Options are what the user asked for.
type Options struct {
	ValuesName string // the values file's name, shown with bad rows
	Values     []byte // its content (CSV or XLSX)
	Period     string // any form of scoring.ParseNamedAt: "2026-06", "quý 2/2026", "tháng trước"…
	// Now is the current month: it completes a period typed without a year
	// ("quý 2") and anchors relative ones ("tháng này", "năm nay").
	Now     scoring.Period
	Cluster string // may be empty when the config has one cluster
	JSON    bool
	// XLSX, when set, receives the workbook instead of a printed ranking.
	XLSX io.Writer
}

// Exit codes.
const (
	OK    = 0
	Fail  = 1 // bad values or data: reported, nothing ranked
	Usage = 2 // the request itself is wrong
)

// Run scores and prints. Problems go to stderr; the exit code says how it went.
func Run(cfg *configdir.Config, o Options, stdout, stderr io.Writer) int {
	cl, code := pickCluster(cfg.Org, o.Cluster, stderr)
	if cl == nil {
		return code
	}
	n, err := scoring.ParseNamedAt(o.Period, o.Now)
	if err != nil {
		fmt.Fprintln(stderr, fmt.Sprintf(msg.ScoreBadPeriod, o.Period))
		return Usage
	}
	p := n.Period
	t := cfg.Tables[cl.Scoring]
	if t == nil {
		fmt.Fprintln(stderr, fmt.Sprintf(msg.ScoreNoTable, cl.ID, cl.Scoring))
		return Fail
	}
	if !t.AppliesTo(p.Year) {
		fmt.Fprintln(stderr, fmt.Sprintf(msg.ScoreTableYear, t.ID, t.Year, p.Year))
		return Fail
	}
	// The file is checked as the chat checks a typed answer: impossible
	// values stop the ranking, implausible ones are shown and kept.
	checked := valuesfile.Check(o.Values, valuesfile.OrgLookup(cfg.Org, cfg.Tables), cfg.Targets)
	xl := valuesfile.IsXLSX(o.Values)
	for _, w := range checked.Warnings {
		fmt.Fprintln(stderr, fmt.Sprintf(msg.ScoreWarnRow, o.ValuesName, w.Pos(xl), w.Msg))
	}
	if ps := checked.Problems; len(ps) > 0 {
		for _, pr := range ps {
			fmt.Fprintln(stderr, fmt.Sprintf(msg.ScoreBadRow, o.ValuesName, pr.Pos(xl), pr.Msg))
		}
		fmt.Fprintln(stderr, fmt.Sprintf(msg.ScoreBadRows, len(ps)))
		return Fail
	}
	if n := len(checked.Warnings); n > 0 {
		fmt.Fprintln(stderr, fmt.Sprintf(msg.ScoreWarnRows, n))
	}
	vs := checked.Values
	// A quarter, a half-year or a year stops at the file's last month with
	// figures, as `rank` does at the store's; the output says which months.
	p = n.Stop(latestMonth(vs[p.Year], cl.Units, p.Month), scoring.Period{})
	if n.Span != scoring.SpanMonth {
		note := stdout
		if o.JSON || o.XLSX != nil {
			note = stderr
		}
		fmt.Fprintln(note, Capitalise(scoring.Scope(n, p)))
	}
	res, err := scoring.Score(t, cl.Units, cfg.Targets, vs[p.Year], p)
	if err != nil {
		fmt.Fprintln(stderr, "thiduabot score:", err)
		return Fail
	}
	switch {
	case o.XLSX != nil:
		if err := xlsx.Write(o.XLSX, cl.Name, res); err != nil {
			fmt.Fprintln(stderr, "thiduabot score:", err)
			return Fail
		}
	case o.JSON:
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(scoring.NewReport(cl.ID, res)); err != nil {
			fmt.Fprintln(stderr, "thiduabot score:", err)
			return Fail
		}
	default:
		WriteText(stdout, cl, res)
	}
	return OK
}

// latestMonth is the latest month ≤ upTo in which any of units has a
// figure, 0 when none has.
func latestMonth(vs scoring.Values, units []org.Unit, upTo time.Month) time.Month {
	for m := upTo; m >= time.January; m-- {
		for _, u := range units {
			for _, s := range vs[u.ID] {
				if _, ok := s.Get(m); ok {
					return m
				}
			}
		}
	}
	return 0
}

// Capitalise upper-cases the first letter of s ("kỳ quý 2…" → "Kỳ quý 2…").
func Capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func pickCluster(o *org.Config, id string, stderr io.Writer) (*org.Cluster, int) {
	ids := make([]string, len(o.Clusters))
	for i, c := range o.Clusters {
		ids[i] = c.ID
	}
	sort.Strings(ids)
	if id == "" {
		if len(o.Clusters) == 1 {
			return &o.Clusters[0], OK
		}
		fmt.Fprintln(stderr, fmt.Sprintf(msg.ScoreNeedCluster, strings.Join(ids, ", ")))
		return nil, Usage
	}
	cl, ok := o.Cluster(id)
	if !ok {
		fmt.Fprintln(stderr, fmt.Sprintf(msg.ScoreUnknownCluster, id, strings.Join(ids, ", ")))
		return nil, Usage
	}
	return cl, OK
}

// WriteText prints the ranking as an aligned table: rank, unit, total and
// the groups' points, each unit followed by what it lacks and its gap to
// the unit above.
func WriteText(w io.Writer, cl *org.Cluster, res *scoring.Result) {
	fmt.Fprintln(w, fmt.Sprintf(msg.ScoreHeader, cl.Name, fmt.Sprintf(msg.ScorePeriodLabel, res.Period.Label()), res.Table.Name))
	fmt.Fprintln(w)
	nameWidth := utf8.RuneCountInString(msg.ScoreColUnit)
	for _, u := range res.Units {
		nameWidth = max(nameWidth, utf8.RuneCountInString(u.Name))
	}
	cols := []string{pad(msg.ScoreColRank, 4, true), pad(msg.ScoreColUnit, nameWidth, false), pad(msg.ScoreColTotal, 9, true)}
	for _, g := range res.Table.Groups {
		cols = append(cols, pad(fmt.Sprintf(msg.ScoreGroupCol, g.ID), 8, true))
	}
	fmt.Fprintln(w, strings.TrimRight(strings.Join(cols, "  "), " "))
	for _, u := range res.Units {
		rank := fmt.Sprint(u.Rank)
		if u.NoData {
			rank = msg.ScoreNoRank
		}
		cols = []string{pad(rank, 4, true), pad(u.Name, nameWidth, false), pad(vi.Fixed(u.Total, 2), 9, true)}
		for _, g := range u.Groups {
			cols = append(cols, pad(vi.Fixed(g.Points, 2), 8, true))
		}
		fmt.Fprintln(w, strings.TrimRight(strings.Join(cols, "  "), " "))
		switch {
		case u.NoData:
			fmt.Fprintln(w, "      "+msg.ScoreNoDataLine)
		case len(u.Missing) > 0:
			fmt.Fprintln(w, "      "+fmt.Sprintf(msg.ScoreMissingLine, strings.Join(u.Missing, ", ")))
		}
		if g, ok := res.Gap(u.ID); ok && !u.NoData {
			fmt.Fprintln(w, "      "+g.Text())
		}
	}
}

// pad pads s with spaces to width runes (Vietnamese text is NFC, one rune
// per character cell).
func pad(s string, width int, right bool) string {
	n := width - utf8.RuneCountInString(s)
	if n <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", n) + s
	}
	return s + strings.Repeat(" ", n)
}

package rankings

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/rankhistory"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/scoring/chart"
	"github.com/thiduabot/thiduabot/vi"
)

// TableText is the /xephang answer (HTML): every unit with its rank, total
// and movement, then who still lacks figures.
func TableText(rk *rankhistory.Ranking) string {
	res := rk.Result
	var b strings.Builder
	b.WriteString(bot.HTML(msg.RankHeader, rk.Cluster.Name, capitalise(scope(rk))))
	if rk.Previous != nil && hasMovement(rk) {
		b.WriteString(bot.HTML(msg.RankCompared, previousLabel(rk)))
	}
	b.WriteString("\n\n")
	// A unit without a single figure scores 0 and would share the last
	// rank; it is listed apart, unranked, as /binhxet and the monthly
	// trajectory treat it.
	var ranked []*scoring.UnitResult
	var unranked []string
	for i := range res.Units {
		u := &res.Units[i]
		if u.NoData {
			unranked = append(unranked, u.Name)
			continue
		}
		ranked = append(ranked, u)
		mv := rk.Movement(u.ID)
		if mv != "" {
			mv = " (" + mv + ")"
		}
		b.WriteString(bot.HTML(msg.RankLine, u.Rank, u.Name, vi.Fixed(u.Total, 2), mv))
		b.WriteByte('\n')
	}
	if len(unranked) > 0 {
		b.WriteString("\n" + bot.HTML(msg.RankUnranked, strings.Join(unranked, ", ")) + "\n")
	}
	b.WriteByte('\n')
	// Units lacking the same criteria share a line, so that the early
	// months, when everyone lacks the same figures, stay short.
	var keys []string
	units := map[string][]string{}
	for _, u := range ranked {
		if len(u.Missing) == 0 {
			continue
		}
		k := strings.Join(u.Missing, ",")
		if _, ok := units[k]; !ok {
			keys = append(keys, k)
		}
		units[k] = append(units[k], u.Name)
	}
	missing := len(keys) > 0
	if missing {
		b.WriteString(msg.RankMissingHead + "\n")
	}
	for _, k := range keys {
		who := strings.Join(units[k], ", ")
		if len(units[k]) == len(res.Units) && len(res.Units) > 1 {
			who = msg.RankMissingAll
		}
		b.WriteString(bot.HTML(msg.RankMissingLine, who, criterionNames(res.Table, strings.Split(k, ","))))
		b.WriteByte('\n')
	}
	if !missing && len(unranked) == 0 {
		b.WriteString(msg.RankComplete + "\n")
	}
	b.WriteString("\n" + msg.RankFooter)
	return b.String()
}

// ownText is what a focal point sees when the cluster keeps rankings to
// each unit's own line.
func ownText(rk *rankhistory.Ranking, unit string) string {
	u, ok := rk.Result.Unit(unit)
	if !ok {
		return bot.HTML(msg.DiemUsage)
	}
	if u.NoData {
		return bot.HTML(msg.RankOwnNoData, u.Name, scope(rk)) + "\n" + msg.RankOwnFooter
	}
	s := bot.HTML(msg.RankOwn, u.Name, scope(rk), u.Rank, len(rk.Result.Units), vi.Fixed(u.Total, 2), moved(rk, unit))
	if len(u.Missing) > 0 {
		s += "\n" + bot.HTML(msg.RankOwnMissing, criterionNames(rk.Result.Table, u.Missing))
	}
	return s + "\n" + msg.RankOwnFooter
}

// ScoreText is the /diem answer (HTML): the unit's groups and criteria with
// their explanations, its gap to the unit above and its rank by month.
func ScoreText(rk *rankhistory.Ranking, unit string) string {
	res := rk.Result
	u, ok := res.Unit(unit)
	if !ok {
		return bot.HTML(msg.DiemUsage)
	}
	var b strings.Builder
	if u.NoData {
		b.WriteString(bot.HTML(msg.DiemHeaderNoData, u.Name, scope(rk), vi.Fixed(u.Total, 2)))
	} else {
		b.WriteString(bot.HTML(msg.DiemHeader, u.Name, scope(rk), u.Rank, len(res.Units), vi.Fixed(u.Total, 2), moved(rk, unit)))
	}
	j := 0
	for gi, g := range res.Table.Groups {
		gr := u.Groups[gi]
		b.WriteString("\n\n" + bot.HTML(msg.DiemGroup, g.ID, g.Name, vi.Fixed(gr.Points, 2)))
		if gr.Capped {
			b.WriteString(bot.HTML(msg.DiemGroupCapped, vi.Fixed(gr.Sum, 2)))
		}
		for range g.Criteria {
			cr := &u.Criteria[j]
			j++
			b.WriteString("\n" + bot.HTML(msg.DiemCriterion, cr.Criterion.Name, cr.Explain()))
		}
	}
	b.WriteString("\n\n")
	if g, ok := res.Gap(unit); ok {
		b.WriteString(bot.Escape(g.Text()))
	} else {
		b.WriteString(msg.DiemLeader)
	}
	if len(rk.History) > 1 {
		ranks := rk.Trajectory(unit)
		parts := make([]string, len(ranks))
		for i, r := range ranks {
			if r == 0 {
				parts[i] = fmt.Sprintf(msg.DiemMonthUnranked, i+1)
			} else {
				parts[i] = fmt.Sprintf(msg.DiemMonthRank, i+1, r)
			}
		}
		b.WriteString("\n" + bot.HTML(msg.DiemTrajectory, strings.Join(parts, " · ")))
	}
	return b.String()
}

// scope names the period of rk as the user asked for it and the months
// used: "kỳ lũy kế đến tháng 6/2026", "kỳ quý 2/2026 (lũy kế tháng
// 1–6/2026)", "kỳ năm 2026, số liệu mới có đến tháng 10/2026 (lũy kế
// tháng 1–10/2026)".
func scope(rk *rankhistory.Ranking) string { return scoring.Scope(rk.Asked, rk.Result.Period) }

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// hasMovement reports whether any unit of rk has a movement to show.
func hasMovement(rk *rankhistory.Ranking) bool {
	for _, u := range rk.Result.Units {
		if rk.Movement(u.ID) != "" {
			return true
		}
	}
	return false
}

// Marks are the chart's movements and period of rk.
func Marks(rk *rankhistory.Ranking) chart.Marks {
	m := chart.Marks{Movement: map[string]string{}, Scope: scope(rk)}
	for _, u := range rk.Result.Units {
		if mv := rk.Movement(u.ID); mv != "" {
			m.Movement[u.ID] = mv
		}
	}
	if rk.Previous != nil {
		m.Since = previousLabel(rk)
	}
	return m
}

// moved is " (↑2 so với tháng 5/2026)", or "" without a previous month.
func moved(rk *rankhistory.Ranking, unit string) string {
	mv := rk.Movement(unit)
	if mv == "" {
		return ""
	}
	return fmt.Sprintf(msg.RankMovedSince, mv, previousLabel(rk))
}

func previousLabel(rk *rankhistory.Ranking) string {
	if p, err := scoring.ParsePeriodKey(rk.Previous.Period); err == nil {
		return p.Label()
	}
	return rk.Previous.Period
}

// criterionNames lists the named criteria of t by name, in the given order.
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

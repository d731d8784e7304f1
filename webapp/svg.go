package webapp

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/sector"
	"github.com/thiduabot/thiduabot/vi"
)

// The charts are small SVG documents sized by viewBox, so that they scale
// to the phone's width; every text in them is escaped.

const (
	chartWidth = 360
	barHeight  = 26
	labelWidth = 150
)

func esc(s string) string { return html.EscapeString(s) }

// shorten keeps a label readable on a phone: "BHXH tỉnh Quảng Ninh" →
// "Quảng Ninh" (the prefix every unit shares says nothing).
func shorten(name string) string {
	for _, p := range []string{"BHXH tỉnh ", "BHXH thành phố ", "Bảo hiểm xã hội tỉnh ", "BHXH "} {
		if s, ok := strings.CutPrefix(name, p); ok {
			return s
		}
	}
	return name
}

// rankingChart is a horizontal bar per unit, longest for the best total;
// the viewer's own unit is highlighted.
func rankingChart(units []unitLine, own string) string {
	if len(units) == 0 {
		return ""
	}
	top := 0.0
	for _, u := range units {
		top = math.Max(top, u.Total)
	}
	if top <= 0 {
		top = 1
	}
	h := len(units)*barHeight + 8
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s">`, chartWidth, h, esc(label("rankingChart")))
	span := float64(chartWidth - labelWidth - 50)
	for i, u := range units {
		y := 4 + i*barHeight
		w := span * math.Max(u.Total, 0) / top
		fill := "#3b82f6"
		if u.ID == own {
			fill = "#f59e0b"
		}
		rank := fmt.Sprintf("%d.", u.Rank)
		if u.NoData {
			rank = label("noRank")
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end" fill="currentColor">%s %s</text>`,
			labelWidth-6, y+17, rank, esc(shorten(u.Name)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" rx="3" fill="%s"/>`, labelWidth, y+4, w, barHeight-8, fill)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="12" fill="currentColor">%s</text>`, float64(labelWidth)+w+4, y+17, esc(u.TotalVI))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// trendChart draws a unit's total month by month (line) with its rank
// written at each point.
func trendChart(points []trendPoint, count int) string {
	if len(points) == 0 {
		return ""
	}
	const h, padL, padR, padT, padB = 180, 36, 14, 22, 26
	top := 0.0
	for _, p := range points {
		top = math.Max(top, p.Total)
	}
	top = math.Ceil(top/10) * 10
	if top <= 0 {
		top = 10
	}
	x := func(i int) float64 {
		if len(points) == 1 {
			return padL + float64(chartWidth-padL-padR)/2
		}
		return padL + float64(i)*float64(chartWidth-padL-padR)/float64(len(points)-1)
	}
	y := func(v float64) float64 { return padT + (1-v/top)*float64(h-padT-padB) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s">`, chartWidth, h, esc(label("trendChart")))
	for _, v := range []float64{0, top / 2, top} {
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#cbd5e1" stroke-width="1"/>`, padL, chartWidth-padR, y(v), y(v))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" font-size="10" text-anchor="end" fill="currentColor">%s</text>`, padL-4, y(v)+3, esc(vi.Number(v, 0)))
	}
	var path []string
	for i, p := range points {
		if p.Rank == 0 {
			continue
		}
		path = append(path, fmt.Sprintf("%.1f,%.1f", x(i), y(p.Total)))
	}
	if len(path) > 1 {
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="#3b82f6" stroke-width="2"/>`, strings.Join(path, " "))
	}
	for i, p := range points {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="10" text-anchor="middle" fill="currentColor">T%d</text>`, x(i), h-8, p.Month)
		if p.Rank == 0 {
			continue
		}
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="#3b82f6"/>`, x(i), y(p.Total))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="10" text-anchor="middle" fill="currentColor">#%d</text>`, x(i), y(p.Total)-7, p.Rank)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// sectorChart is each cluster's on-time rate as a bar against the 80%
// line; flagged clusters in red.
func sectorChart(o sector.Overview) string {
	if len(o.Clusters) == 0 {
		return ""
	}
	h := len(o.Clusters)*barHeight + 24
	span := float64(chartWidth - labelWidth - 50)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s">`, chartWidth, h, esc(label("sectorChart")))
	for i, c := range o.Clusters {
		y := 4 + i*barHeight
		rate, text := 0.0, label("notDue")
		if c.OnTimeRate != nil {
			rate, text = *c.OnTimeRate, sector.Percent(*c.OnTimeRate)+"%"
		}
		fill := "#22c55e"
		if len(c.Flags) > 0 {
			fill = "#ef4444"
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end" fill="currentColor">%s</text>`, labelWidth-6, y+17, esc(c.Name))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" rx="3" fill="%s"/>`, labelWidth, y+4, span*rate, barHeight-8, fill)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="12" fill="currentColor">%s</text>`, float64(labelWidth)+span*rate+4, y+17, esc(text))
	}
	lx := float64(labelWidth) + span*sector.OnTimeThreshold
	fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="0" y2="%d" stroke="#64748b" stroke-dasharray="4 3"/>`, lx, lx, h-16)
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="10" text-anchor="middle" fill="currentColor">80%%</text>`, lx, h-4)
	b.WriteString(`</svg>`)
	return b.String()
}

// label is a text of the page's catalogue.
func label(key string) string { return msg.AppTexts()[key] }

// Package chart draws a ranking as a PNG bar chart with Vietnamese labels,
// for the /xephang answer in Telegram. It embeds DejaVu Sans (see
// font/LICENSE) because the Go fonts have no Vietnamese letters.
package chart

import (
	_ "embed"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/vi"
)

//go:embed font/DejaVuSans.ttf
var dejaVuSans []byte

// Renderer draws charts; it holds the parsed font and is safe for
// concurrent use once made.
type Renderer struct {
	font *opentype.Font
}

// New parses the embedded font.
func New() (*Renderer, error) {
	f, err := opentype.Parse(dejaVuSans)
	if err != nil {
		return nil, fmt.Errorf("chart: parse font: %w", err)
	}
	return &Renderer{font: f}, nil
}

// Missing reports the runes of s that the font has no glyph for (they
// would be drawn as empty boxes).
func (r *Renderer) Missing(s string) []rune {
	var buf sfnt.Buffer
	var out []rune
	for _, c := range s {
		if c == ' ' || c == '\n' {
			continue
		}
		if i, err := r.font.GlyphIndex(&buf, c); err != nil || i == 0 {
			out = append(out, c)
		}
	}
	return out
}

// Marks are what the chart shows beside the totals: each unit's movement
// since the previous month and how the period was asked for. The zero
// Marks draw no movement and name the period by its month.
type Marks struct {
	// Movement maps a unit id to "↑2", "↓1" or "="; a unit without an entry
	// (no figures then or now) gets no arrow.
	Movement map[string]string
	// Since is the previous month's label ("5/2026"); the legend explains the
	// arrows against it.
	Since string
	// Scope is the line under the title naming the period and the months
	// added up (scoring.Scope); empty: "kỳ lũy kế đến tháng 6/2026".
	Scope string
}

// Labels are every text Render draws for res, in drawing order: the title,
// the period, the scale, each unit's name and total (with its movement),
// then the legend's lines.
func Labels(clusterName string, res *scoring.Result, m Marks) []string {
	scope := m.Scope
	if scope == "" {
		scope = scoring.Scope(scoring.Named{Period: res.Period}, res.Period)
	}
	r, n := utf8.DecodeRuneInString(scope)
	scope = string(unicode.ToUpper(r)) + scope[n:]
	labels := []string{fmt.Sprintf(msg.ChartTitle, clusterName), scope, scale(res)}
	missing := false
	for _, u := range res.Units {
		name := fmt.Sprintf(msg.ChartBar, u.Rank, u.Name)
		if u.NoData {
			name = fmt.Sprintf(msg.ChartBarNoData, u.Name)
		} else if len(u.Missing) > 0 {
			name += msg.ChartMissingMark
			missing = true
		}
		value := vi.Fixed(u.Total, 2)
		if mv := m.Movement[u.ID]; mv != "" {
			value += "  " + mv
		}
		labels = append(labels, name, value)
	}
	labels = append(labels, msg.ChartLegendTop, msg.ChartLegendRest)
	if len(m.Movement) > 0 && m.Since != "" {
		labels = append(labels, fmt.Sprintf(msg.ChartLegendMoves, m.Since))
	}
	if missing {
		labels = append(labels, msg.ChartMissingNote)
	}
	return labels
}

func scale(res *scoring.Result) string {
	return fmt.Sprintf(msg.ChartScale, vi.Number(res.Table.MaxTotal(), 2))
}

// Layout, in pixels.
const (
	width    = 1000
	margin   = 24
	rowH     = 44
	barH     = 28
	titleH   = 88
	textSize = 17
	lineH    = 26 // a line of the legend
	swatch   = 14 // a colour square of the legend
)

var (
	background = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink        = color.RGBA{0x22, 0x22, 0x22, 0xff}
	grey       = color.RGBA{0x77, 0x77, 0x77, 0xff}
	track      = color.RGBA{0xee, 0xee, 0xee, 0xff}
	barColour  = color.RGBA{0x1f, 0x6f, 0xb5, 0xff} // ranks 4 and below
	topColour  = color.RGBA{0xc0, 0x39, 0x2b, 0xff} // ranks 1–3
	upColour   = color.RGBA{0x1e, 0x84, 0x49, 0xff}
	downColour = color.RGBA{0xb0, 0x3a, 0x2e, 0xff}
)

// BarColour and TopColour let tests find the bars.
func BarColour(rank int) color.RGBA {
	if rank <= 3 {
		return topColour
	}
	return barColour
}

// MoveColour is the colour of a movement: green up, red down, grey level.
func MoveColour(mv string) color.RGBA {
	switch {
	case strings.HasPrefix(mv, "↑"):
		return upColour
	case strings.HasPrefix(mv, "↓"):
		return downColour
	}
	return grey
}

// Height is the height of the chart of res with m.
func Height(clusterName string, res *scoring.Result, m Marks) int {
	legend := len(Labels(clusterName, res, m)) - 3 - 2*len(res.Units) // the two colours share a line
	return titleH + rowH*len(res.Units) + 30 + lineH*(legend-1) + 16
}

// Render draws the totals of res as horizontal bars, rank order, scaled to
// the table's maximum, each with its movement, then a legend of the
// colours, the arrows and the missing mark, and writes a PNG to w.
func (r *Renderer) Render(w io.Writer, clusterName string, res *scoring.Result, m Marks) error {
	face, err := opentype.NewFace(r.font, &opentype.FaceOptions{Size: textSize, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	defer face.Close()
	titleFace, err := opentype.NewFace(r.font, &opentype.FaceOptions{Size: textSize + 3, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	defer titleFace.Close()

	labels := Labels(clusterName, res, m)
	names := labels[3 : 3+2*len(res.Units)]
	legend := labels[3+2*len(res.Units):]
	labelW := 0
	for i := 0; i < len(names); i += 2 {
		labelW = max(labelW, font.MeasureString(face, names[i]).Ceil())
	}
	labelW = min(labelW, width/2)
	valueW := font.MeasureString(face, "100,00").Ceil() + 8
	moveW := font.MeasureString(face, "  ↓10").Ceil() + 4
	barX := margin + labelW + 12
	barMax := width - margin - valueW - moveW - barX

	height := Height(clusterName, res, m)
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	draw.Draw(img, img.Bounds(), image.NewUniform(background), image.Point{}, draw.Src)
	text := func(f font.Face, c color.Color, x, y int, s string) int {
		d := &font.Drawer{Dst: img, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, y)}
		d.DrawString(s)
		return d.Dot.X.Ceil()
	}
	box := func(x, y, w, h int, c color.Color) {
		draw.Draw(img, image.Rect(x, y, x+w, y+h), image.NewUniform(c), image.Point{}, draw.Src)
	}
	text(titleFace, ink, margin, 34, labels[0])
	text(face, grey, margin, 62, labels[1])

	top := res.Table.MaxTotal()
	for _, u := range res.Units {
		top = math.Max(top, u.Total)
	}
	for i, u := range res.Units {
		y := titleH + i*rowH
		text(face, ink, margin, y+barH/2+6, names[2*i])
		box(barX, y, barMax, barH, track)
		n := 0
		if top > 0 && u.Total > 0 {
			n = int(math.Round(float64(barMax) * u.Total / top))
		}
		box(barX, y, n, barH, BarColour(u.Rank))
		x := text(face, ink, barX+barMax+8, y+barH/2+6, vi.Fixed(u.Total, 2))
		if mv := m.Movement[u.ID]; mv != "" {
			text(face, MoveColour(mv), x+font.MeasureString(face, "  ").Ceil(), y+barH/2+6, mv)
		}
	}
	y := titleH + rowH*len(res.Units) + 12 + 18
	text(face, grey, margin, y, labels[2])
	// Legend: the two colours on one line, then the arrows and the mark.
	y += lineH
	box(margin, y-swatch+1, swatch, swatch, topColour)
	x := text(face, grey, margin+swatch+6, y, legend[0])
	box(x+24, y-swatch+1, swatch, swatch, barColour)
	text(face, grey, x+24+swatch+6, y, legend[1])
	for _, l := range legend[2:] {
		y += lineH
		text(face, grey, margin, y, l)
	}
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("chart: encode: %w", err)
	}
	return nil
}

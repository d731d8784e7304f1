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

// Labels are every text Render draws for res, in drawing order.
func Labels(clusterName string, res *scoring.Result) []string {
	labels := []string{fmt.Sprintf(msg.ChartTitle, clusterName, res.Period.Label()), scale(res)}
	missing := false
	for _, u := range res.Units {
		name := fmt.Sprintf(msg.ChartBar, u.Rank, u.Name)
		if len(u.Missing) > 0 {
			name += msg.ChartMissingMark
			missing = true
		}
		labels = append(labels, name, vi.Fixed(u.Total, 2))
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
	titleH   = 64
	footH    = 56
	textSize = 17
)

var (
	background = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink        = color.RGBA{0x22, 0x22, 0x22, 0xff}
	grey       = color.RGBA{0x77, 0x77, 0x77, 0xff}
	track      = color.RGBA{0xee, 0xee, 0xee, 0xff}
	barColour  = color.RGBA{0x1f, 0x6f, 0xb5, 0xff} // ranks 4 and below
	topColour  = color.RGBA{0xc0, 0x39, 0x2b, 0xff} // ranks 1–3
)

// BarColour and TopColour let tests find the bars.
func BarColour(rank int) color.RGBA {
	if rank <= 3 {
		return topColour
	}
	return barColour
}

// Render draws the totals of res as horizontal bars, rank order, scaled to
// the table's maximum, and writes a PNG to w.
func (r *Renderer) Render(w io.Writer, clusterName string, res *scoring.Result) error {
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

	labels := Labels(clusterName, res)
	names := labels[2:]
	labelW := 0
	for i := 0; i < 2*len(res.Units); i += 2 {
		labelW = max(labelW, font.MeasureString(face, names[i]).Ceil())
	}
	labelW = min(labelW, width/2)
	valueW := font.MeasureString(face, "100,00").Ceil() + 8
	barX := margin + labelW + 12
	barMax := width - margin - valueW - barX

	height := titleH + rowH*len(res.Units) + footH
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	draw.Draw(img, img.Bounds(), image.NewUniform(background), image.Point{}, draw.Src)
	text := func(f font.Face, c color.Color, x, y int, s string) {
		d := &font.Drawer{Dst: img, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, y)}
		d.DrawString(s)
	}
	text(titleFace, ink, margin, 36, labels[0])

	top := res.Table.MaxTotal()
	for _, u := range res.Units {
		top = math.Max(top, u.Total)
	}
	for i, u := range res.Units {
		y := titleH + i*rowH
		name, value := names[2*i], names[2*i+1]
		text(face, ink, margin, y+barH/2+6, name)
		draw.Draw(img, image.Rect(barX, y, barX+barMax, y+barH), image.NewUniform(track), image.Point{}, draw.Src)
		n := 0
		if top > 0 && u.Total > 0 {
			n = int(math.Round(float64(barMax) * u.Total / top))
		}
		draw.Draw(img, image.Rect(barX, y, barX+n, y+barH), image.NewUniform(BarColour(u.Rank)), image.Point{}, draw.Src)
		text(face, ink, barX+barMax+8, y+barH/2+6, value)
	}
	foot := titleH + rowH*len(res.Units) + 22
	text(face, grey, margin, foot, labels[1])
	if len(names) > 2*len(res.Units) {
		text(face, grey, margin, foot+24, names[len(names)-1])
	}
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("chart: encode: %w", err)
	}
	return nil
}

package chart

import (
	"bytes"
	"flag"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/scoring/scoringtest"
)

var update = flag.Bool("update", false, "rewrite testdata/demo.png")

// vietnamese is every Vietnamese letter, in both cases, with every tone.
const vietnamese = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ" +
	"AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬBCDĐEÈÉẺẼẸÊỀẾỂỄỆGHIÌÍỈĨỊKLMNOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢPQRSTUÙÚỦŨỤƯỪỨỬỮỰVXYỲÝỶỸỴ" +
	"0123456789 .,;:()*%/–—-→"

func TestGlyphCoverage(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if m := r.Missing(vietnamese); len(m) > 0 {
		t.Errorf("font lacks %q", string(m))
	}
	res, cl := scoringtest.Demo(t, scoring.Period{Year: 2026, Month: time.June})
	for _, l := range Labels(cl.Name, res, Marks{Movement: map[string]string{"a": "↑2", "b": "↓1", "c": "="}, Since: "5/2026"}) {
		if m := r.Missing(l); len(m) > 0 {
			t.Errorf("label %q: font lacks %q", l, string(m))
		}
	}
	for _, s := range []string{msg.ChartTitle, msg.ChartMissingNote, msg.ChartScale, msg.ChartLegendMoves, msg.ChartLegendTop, msg.ChartLegendRest, "↑↓="} {
		if m := r.Missing(s); len(m) > 0 {
			t.Errorf("text %q: font lacks %q", s, string(m))
		}
	}
	// The check itself can fail: a CJK character is not in DejaVu Sans.
	if m := r.Missing("điểm 点"); !reflect.DeepEqual(m, []rune{'点'}) {
		t.Errorf("Missing(điểm 点) = %q; want 点", string(m))
	}
}

// demoMarks is the demo's June with one movement of each kind, and a last
// unit without any (as one without figures).
func demoMarks(t *testing.T) (*scoring.Result, string, Marks) {
	t.Helper()
	res, cl := scoringtest.Demo(t, scoring.Period{Year: 2026, Month: time.June})
	mv := map[string]string{res.Units[0].ID: "=", res.Units[1].ID: "↑2", res.Units[2].ID: "↓1", res.Units[3].ID: "↓1", res.Units[4].ID: "↑10"}
	return res, cl.Name, Marks{Movement: mv, Since: "5/2026"}
}

func TestRender(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	res, name, marks := demoMarks(t)
	var buf bytes.Buffer
	if err := r.Render(&buf, name, res, marks); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "demo.png")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	img, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() != width || b.Dy() != Height(name, res, marks) {
		t.Errorf("size = %v", b)
	}
	count := func(y0, y1 int, c color.RGBA) int {
		n := 0
		for y := y0; y < y1; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if r, g, bl, _ := img.At(x, y).RGBA(); uint8(r>>8) == c.R && uint8(g>>8) == c.G && uint8(bl>>8) == c.B {
					n++
				}
			}
		}
		return n
	}
	// Bar lengths follow the totals: count bar pixels along each row's middle.
	var lengths []int
	for i, u := range res.Units {
		y := titleH + i*rowH + barH/2
		lengths = append(lengths, count(y, y+1, BarColour(u.Rank)))
	}
	for i := 1; i < len(lengths); i++ {
		if lengths[i] > lengths[i-1] || lengths[i] == 0 {
			t.Errorf("bar lengths %v do not fall with rank", lengths)
			break
		}
	}
	// Each row's arrow is drawn in its colour; a row without one has none.
	arrows := 0
	for i, u := range res.Units {
		y := titleH + i*rowH
		up, down := count(y, y+rowH, MoveColour("↑")), count(y, y+rowH, MoveColour("↓"))
		mv := marks.Movement[u.ID]
		switch {
		case strings.HasPrefix(mv, "↑") && up < 10, strings.HasPrefix(mv, "↓") && down < 10:
			t.Errorf("row %d (%s): arrow %q not drawn (%d green, %d red pixels)", i, u.ID, mv, up, down)
		case !strings.HasPrefix(mv, "↑") && up > 0, !strings.HasPrefix(mv, "↓") && down > 0:
			t.Errorf("row %d (%s): movement %q, but %d green and %d red pixels", i, u.ID, mv, up, down)
		}
		if mv != "" && mv != "=" {
			arrows++
		}
	}
	if arrows == 0 {
		t.Fatal("the demo has no movement between May and June; the test needs one")
	}
	// The legend shows both bar colours below the bars.
	below := titleH + rowH*len(res.Units)
	if count(below, b.Max.Y, topColour) < swatch*swatch || count(below, b.Max.Y, barColour) < swatch*swatch {
		t.Error("legend lacks the colour swatches")
	}
	// Text was drawn in the label column (not just background).
	ink := 0
	for x := margin; x < margin+200; x++ {
		for y := titleH; y < titleH+rowH; y++ {
			if rr, _, _, _ := img.At(x, y).RGBA(); rr < 0x8000 {
				ink++
			}
		}
	}
	if ink < 50 {
		t.Errorf("only %d dark pixels where the first unit's name should be", ink)
	}
	if want, err := os.ReadFile(golden); err == nil && !bytes.Equal(want, buf.Bytes()) {
		t.Errorf("render differs from %s (run with -update after checking the new image)", golden)
	}
}

func TestLabelsLegend(t *testing.T) {
	res, name, marks := demoMarks(t)
	got := strings.Join(Labels(name, res, marks), "\n")
	for _, want := range []string{"Kỳ lũy kế đến tháng 6/2026", msg.ChartLegendTop, msg.ChartLegendRest, "so với tháng 5/2026"} {
		if !strings.Contains(got, want) {
			t.Errorf("labels lack %q:\n%s", want, got)
		}
	}
	got = strings.Join(Labels(name, res, Marks{Scope: "kỳ quý 2/2026 (lũy kế tháng 1–6/2026)"}), "\n")
	if !strings.Contains(got, "Kỳ quý 2/2026 (lũy kế tháng 1–6/2026)") || strings.Contains(got, "so với tháng") {
		t.Errorf("labels without movement:\n%s", got)
	}
}

// TestLongScopeFits: the longest period line (a year stopped early) stays
// inside the image instead of running off its right edge.
func TestLongScopeFits(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	res, name, m := demoMarks(t)
	m.Scope = "kỳ năm 2026, số liệu mới có đến tháng 10/2026 (lũy kế tháng 1–10/2026)"
	var buf bytes.Buffer
	if err := r.Render(&buf, name, res, m); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for y := 0; y < titleH; y++ {
		for x := width - margin; x < width; x++ {
			if rr, g, b, _ := img.At(x, y).RGBA(); rr != 0xffff || g != 0xffff || b != 0xffff {
				t.Fatalf("the title area is drawn at the right edge (%d, %d)", x, y)
			}
		}
	}
}

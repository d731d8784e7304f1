package chart

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
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
	for _, l := range Labels(cl.Name, res) {
		if m := r.Missing(l); len(m) > 0 {
			t.Errorf("label %q: font lacks %q", l, string(m))
		}
	}
	for _, s := range []string{msg.ChartTitle, msg.ChartMissingNote, msg.ChartScale} {
		if m := r.Missing(s); len(m) > 0 {
			t.Errorf("text %q: font lacks %q", s, string(m))
		}
	}
	// The check itself can fail: a CJK character is not in DejaVu Sans.
	if m := r.Missing("điểm 点"); !reflect.DeepEqual(m, []rune{'点'}) {
		t.Errorf("Missing(điểm 点) = %q; want 点", string(m))
	}
}

func TestRender(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	res, cl := scoringtest.Demo(t, scoring.Period{Year: 2026, Month: time.June})
	var buf bytes.Buffer
	if err := r.Render(&buf, cl.Name, res); err != nil {
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
	if b.Dx() != width || b.Dy() != titleH+rowH*6+footH {
		t.Errorf("size = %v", b)
	}
	// Bar lengths follow the totals: count bar pixels along each row's middle.
	var lengths []int
	for i, u := range res.Units {
		y := titleH + i*rowH + barH/2
		n := 0
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); uint8(r>>8) == BarColour(u.Rank).R && uint8(g>>8) == BarColour(u.Rank).G && uint8(bl>>8) == BarColour(u.Rank).B {
				n++
			}
		}
		lengths = append(lengths, n)
	}
	for i := 1; i < len(lengths); i++ {
		if lengths[i] > lengths[i-1] || lengths[i] == 0 {
			t.Errorf("bar lengths %v do not fall with rank", lengths)
			break
		}
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

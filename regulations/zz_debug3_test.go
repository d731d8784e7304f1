package regulations

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
)

var _ = math.Exp

func TestDebugDist(t *testing.T) {
	ix := builtinIndex(t)
	dev, _ := split(loadEvalFile(t, "testdata/eval_real.yaml"))
	type pt struct{ p, y float64 }
	var ps []pt
	ix.Threshold = 0
	for _, c := range dev {
		h := ix.candidates(ix.Analyze(c.Q))
		if len(h) == 0 {
			continue
		}
		y := 2.0
		if !c.None {
			y = 0
			for _, p := range ix.Ask(c.Q, 3).Passages {
				if c.accepts(p) {
					y = 1
				}
			}
		}
		ps = append(ps, pt{fittedModel.prob(h[0].f), y})
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].p > ps[j].p })
	var b strings.Builder
	for _, p := range ps {
		switch p.y {
		case 1:
			b.WriteString("+")
		case 0:
			b.WriteString("w")
		default:
			b.WriteString("N")
		}
	}
	fmt.Println(b.String())
}

package regulations

import (
	"fmt"
	"testing"
)

func TestDebugPlace(t *testing.T) {
	ix := builtinIndex(t)
	ix.Threshold = 0
	dev, _ := split(loadEvalFile(t, "testdata/eval_real.yaml"))
	for _, c := range dev {
		q := ix.Analyze(c.Q)
		if q.Place == "" {
			continue
		}
		h := ix.candidates(q)
		p := 0.0
		if len(h) > 0 {
			p = fittedModel.prob(h[0].f)
		}
		fmt.Printf("%.2f none=%v nodoc=%v place=%s %q\n", p, c.None, !ix.places[q.Place], q.Place, c.Q)
	}
}

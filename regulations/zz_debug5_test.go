package regulations

import (
	"fmt"
	"sort"
	"testing"
)

func TestDebugOOF(t *testing.T) {
	ix := builtinIndex(t)
	ix.Threshold = 0
	dev, _ := split(loadEvalFile(t, "testdata/eval_real.yaml"))
	ss := answerSamples(ix, dev)
	probs := outOfFold(ss, 0.001)
	// map back to questions
	var qs []evalCase
	for _, c := range dev {
		if len(ix.candidates(ix.Analyze(c.Q))) > 0 {
			qs = append(qs, c)
		}
	}
	idx := make([]int, len(ss))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return probs[idx[a]] > probs[idx[b]] })
	for _, i := range idx {
		s := ss[i]
		tag := "+"
		if s.none {
			tag = "N"
		} else if s.y == 0 {
			tag = "w"
		}
		a := ix.Ask(qs[i].Q, 1)
		got := ""
		if len(a.Passages) > 0 {
			got = a.Passages[0].Citation
		}
		fmt.Printf("%.2f %s %q → %.60s\n", probs[i], tag, qs[i].Q, got)
	}
}

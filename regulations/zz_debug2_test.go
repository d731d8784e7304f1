package regulations

import (
	"fmt"
	"sort"
	"testing"
)

func TestDebugRecall(t *testing.T) {
	ix := builtinIndex(t)
	ix.Threshold = 0
	dev, _ := split(loadEvalFile(t, "testdata/eval_real.yaml"))
	type nn struct {
		p      float64
		q, got string
		none   bool
		f      features
	}
	var ns []nn
	for _, c := range dev {
		h := ix.candidates(ix.Analyze(c.Q))
		if len(h) == 0 {
			continue
		}
		a := ix.Ask(c.Q, 3)
		ok := false
		for _, p := range a.Passages {
			ok = ok || c.accepts(p)
		}
		if !c.None && !ok {
			continue
		}
		ns = append(ns, nn{fittedModel.prob(h[0].f), c.Q, a.Passages[0].Citation, c.None, h[0].f})
	}
	sort.Slice(ns, func(i, j int) bool { return ns[i].p > ns[j].p })
	for _, n := range ns {
		fmt.Printf("%.2f none=%v %q → %s\n     cov=%.2f bi=%.2f ev=%.2f tc=%.2f m=%.2f tm=%.0f pn=%.0f nd=%.0f tnt=%.0f ql=%.2f ns=%.2f ph=%.2f\n", n.p, n.none, n.q, n.got, n.f.Coverage, n.f.BigramCov, n.f.Evidence, n.f.TitleCov, n.f.Margin, n.f.TitleMatch, n.f.PlaceNoDoc, n.f.NamedDoc, n.f.TitleNoText, n.f.QuestionLen, n.f.NormScore, n.f.Phrases)
	}
}

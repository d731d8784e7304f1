package regulations

import (
	"fmt"
	"os"
	"testing"
)

func TestDebugDev(t *testing.T) {
	ix := builtinIndex(t)
	ix.Threshold = 0
	file := os.Getenv("EVALFILE")
	if file == "" {
		file = "testdata/eval_real.yaml"
	}
	cases := loadEvalFile(t, file)
	if file != "testdata/eval.yaml" {
		cases, _ = split(cases)
	}
	for _, c := range cases {
		q := ix.Analyze(c.Q)
		hits := ix.candidates(q)
		a := ix.Ask(c.Q, 3)
		rank := 0
		for i, p := range a.Passages {
			if c.accepts(p) {
				rank = i + 1
				break
			}
		}
		if rank == 1 && os.Getenv("ALL") == "" {
			continue
		}
		if c.None && os.Getenv("NONE") == "" {
			continue
		}
		fmt.Printf("\n%q none=%v want %s %s rank=%d clean=%q titles=%v place=%q docs=%v past=%v\n", c.Q, c.None, c.Doc, c.Article, rank, q.Clean, q.Titles, q.Place, q.Docs, q.Past)
		for i, p := range a.Passages {
			f := hits[0].f
			if i == 0 {
				fmt.Printf("   p=%.2f f=%+v\n", fittedModel.prob(f), f)
			}
			fmt.Printf("   %d %s score=%.2f\n", i+1, p.Citation, p.Score)
		}
	}
}

package regulations

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"
)

var fitFlag = flag.Bool("fit", false, "refit the answerability model on the dev split and rewrite answerability_model.go")

// sample is one dev question as the model sees it: the best candidate's
// features, and whether answering would be right (an answerable question
// whose accepted article is among the passages shown).
type sample struct {
	x    []float64
	y    float64
	none bool // an unanswerable question
}

func answerSamples(ix *Index, cases []evalCase) []sample {
	th := ix.Threshold
	ix.Threshold = 0 // rank everything; the model decides
	defer func() { ix.Threshold = th }()
	var out []sample
	for _, c := range cases {
		hits := ix.candidates(ix.Analyze(c.Q))
		if len(hits) == 0 || hits[0].f.unanswerable() {
			continue // abstains whatever the model says
		}
		y := 0.0
		if !c.None {
			for _, p := range ix.Ask(c.Q, 3).Passages {
				if c.accepts(p) {
					y = 1
				}
			}
		}
		out = append(out, sample{x: hits[0].f.vector(), y: y, none: c.None})
	}
	return out
}

// fitLogistic fits weights by Newton's method on the mean log-loss with
// a small L2 penalty (not on the bias): the problem is convex and small, so
// a few exact steps reach the optimum that gradient descent approaches.
func fitLogistic(ss []sample, lambda float64) (bias float64, w []float64) {
	d := len(ss[0].x) + 1 // the bias is coefficient 0
	c := make([]float64, d)
	row := make([]float64, d)
	n := float64(len(ss))
	for it := 0; it < 50; it++ {
		// The system [H | g] of the Newton step.
		a := make([][]float64, d)
		for i := range a {
			a[i] = make([]float64, d+1)
		}
		for _, s := range ss {
			row[0] = 1
			copy(row[1:], s.x)
			z := 0.0
			for j, x := range row {
				z += c[j] * x
			}
			p := 1 / (1 + math.Exp(-z))
			for j, xj := range row {
				a[j][d] += (p - s.y) * xj / n
				for k, xk := range row {
					a[j][k] += p * (1 - p) * xj * xk / n
				}
			}
		}
		for j := 1; j < d; j++ {
			a[j][d] += lambda * c[j]
			a[j][j] += lambda
		}
		a[0][0] += 1e-9
		step := solve(a)
		largest := 0.0
		for j := range c {
			c[j] -= step[j]
			largest = math.Max(largest, math.Abs(step[j]))
		}
		if largest < 1e-10 {
			break
		}
	}
	return c[0], c[1:]
}

// solve returns x with A·x = b for the augmented matrix [A | b] (Gauss–Jordan
// with partial pivoting; A is positive definite here).
func solve(a [][]float64) []float64 {
	d := len(a)
	for col := 0; col < d; col++ {
		piv := col
		for r := col + 1; r < d; r++ {
			if math.Abs(a[r][col]) > math.Abs(a[piv][col]) {
				piv = r
			}
		}
		a[col], a[piv] = a[piv], a[col]
		for r := 0; r < d; r++ {
			if r == col || a[col][col] == 0 {
				continue
			}
			f := a[r][col] / a[col][col]
			for k := col; k <= d; k++ {
				a[r][k] -= f * a[col][k]
			}
		}
	}
	x := make([]float64, d)
	for j := range x {
		if a[j][j] != 0 {
			x[j] = a[j][d] / a[j][j]
		}
	}
	return x
}

// pickLambda chooses the L2 penalty with the least held-out log-loss in
// 5-fold cross-validation over the dev samples, repeated over the fold
// assignments of thresholdRounds.
func pickLambda(ss []sample) float64 {
	best, bestLoss := 0.0, math.Inf(1)
	for _, lambda := range []float64{0.0003, 0.001, 0.003, 0.01, 0.03, 0.1} {
		var loss float64
		for r := 0; r < thresholdRounds; r++ {
			for i, p := range outOfFold(ss, lambda, foldsOf(len(ss), r)) {
				p = math.Min(math.Max(p, 1e-6), 1-1e-6)
				loss -= ss[i].y*math.Log(p) + (1-ss[i].y)*math.Log(1-p)
			}
		}
		if loss < bestLoss {
			best, bestLoss = lambda, loss
		}
	}
	return best
}

// thresholdRounds is how many fold assignments of the dev samples the
// penalty and the threshold are averaged over: one assignment's threshold
// depends on which few unanswerable questions land in which fold.
const thresholdRounds = 25

// foldsOf assigns n samples to 5 folds: round 0 by position, the others by
// a fixed pseudo-random permutation (seeded by the round, so the fit is
// reproducible).
func foldsOf(n, round int) []int {
	out := make([]int, n)
	if round == 0 {
		for i := range out {
			out[i] = i % 5
		}
		return out
	}
	for i, j := range rand.New(rand.NewPCG(uint64(round), 12)).Perm(n) {
		out[i] = j % 5
	}
	return out
}

// outOfFold returns each sample's probability from a model fitted on the
// other four folds: an honest estimate of how the model scores questions
// it was not fitted on.
func outOfFold(ss []sample, lambda float64, fold []int) []float64 {
	out := make([]float64, len(ss))
	for k := 0; k < 5; k++ {
		var train []sample
		for i, s := range ss {
			if fold[i] != k {
				train = append(train, s)
			}
		}
		b, w := fitLogistic(train, lambda)
		m := answerModel{Bias: b, Weights: w}
		for i, s := range ss {
			if fold[i] == k {
				out[i] = m.probVector(s.x)
			}
		}
	}
	return out
}

// maxDevFalse is the share of unanswerable dev questions the threshold may
// answer, under the 5% bar of the test split.
const maxDevFalse = 0.04

// pickThreshold returns the probability threshold that answers the most
// dev questions rightly while answering at most maxDevFalse of the
// unanswerable ones, judged on out-of-fold probabilities (in-sample ones
// flatter the model); the middle of the best interval. nNone counts every
// unanswerable dev question, also those with no candidate at all (which
// are not among the samples and never answered).
func pickThreshold(ss []sample, probs []float64, nNone int) float64 {
	type point struct {
		p           float64
		right, none bool
	}
	pts := make([]point, len(ss))
	for i, s := range ss {
		pts[i] = point{p: probs[i], right: s.y == 1, none: s.none}
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].p < pts[j].p })
	bestRight, bestLo, bestHi := -1, 0.0, 1.0
	for i := 0; i <= len(pts); i++ {
		// threshold just above pts[i-1].p: answer pts[i:]
		right, falseAns := 0, 0
		for _, q := range pts[i:] {
			if q.right {
				right++
			}
			if q.none {
				falseAns++
			}
		}
		if float64(falseAns) > maxDevFalse*float64(nNone) {
			continue
		}
		lo := 0.0
		if i > 0 {
			lo = pts[i-1].p
		}
		hi := 1.0
		if i < len(pts) {
			hi = pts[i].p
		}
		if right > bestRight {
			bestRight, bestLo, bestHi = right, lo, hi
		}
	}
	return (bestLo + bestHi) / 2
}

// TestFitAnswerability refits the model on the dev split when run with
// -fit, and otherwise checks that the committed coefficients are what the
// fit gives (so that nobody edits them by hand).
func TestFitAnswerability(t *testing.T) {
	ix := builtinIndex(t)
	dev, _ := split(loadRealEval(t))
	ss := answerSamples(ix, dev)
	lambda := pickLambda(ss)
	bias, w := fitLogistic(ss, lambda)
	m := answerModel{Bias: round4(bias), Weights: make([]float64, len(w))}
	for i := range w {
		m.Weights[i] = round4(w[i])
	}
	nNone := 0
	for _, c := range dev {
		if c.None {
			nNone++
		}
	}
	// The threshold of each fold assignment, and their median.
	var ths []float64
	for r := 0; r < thresholdRounds; r++ {
		ths = append(ths, pickThreshold(ss, outOfFold(ss, lambda, foldsOf(len(ss), r)), nNone))
	}
	sort.Float64s(ths)
	m.Threshold = round4(ths[len(ths)/2])
	var b bytes.Buffer
	b.WriteString("// Code generated by go test -run TestFitAnswerability ./regulations/ -fit; DO NOT EDIT.\n\npackage regulations\n\n")
	fmt.Fprintf(&b, "// fittedModel was fitted on the dev split of testdata/eval_real*.yaml (%d questions);\n// L2 penalty %v chosen by 5-fold cross-validation on dev, threshold the median over %d fold assignments.\n", len(ss), lambda, thresholdRounds)
	b.WriteString("var fittedModel = answerModel{\n")
	fmt.Fprintf(&b, "\tBias: %v,\n\tWeights: []float64{\n", m.Bias)
	for i, v := range m.Weights {
		fmt.Fprintf(&b, "\t\t%v, // %s\n", v, featureNames[i])
	}
	fmt.Fprintf(&b, "\t},\n\tThreshold: %v,\n}\n", m.Threshold)
	src, err := format.Source(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fitted on %d dev samples:\n%s", len(ss), src)
	if *fitFlag {
		if err := os.WriteFile("answerability_model.go", src, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	cur, err := os.ReadFile("answerability_model.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bytes.TrimSpace(cur), bytes.TrimSpace(src)) {
		t.Errorf("answerability_model.go is not what the fit gives; run: go test -run TestFitAnswerability ./regulations/ -fit")
	}
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

var _ = strings.TrimSpace

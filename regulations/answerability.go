package regulations

import "math"

// Answerability is decided apart from ranking: a logistic regression over
// the best candidate's features (rank.go) gives the probability that it
// answers the question, and Index.Threshold is the least probability that
// is shown. The coefficients are fitted on the dev half of
// testdata/eval_real*.yaml only and written to answerability_model.go by
//
//	go test -run TestFitAnswerability ./regulations/ -fit
//
// which also picks the threshold on dev (from out-of-fold probabilities, so
// that it holds for unseen questions); TestEvaluation reports the test half.
type answerModel struct {
	Bias    float64
	Weights []float64 // in the order of featureNames
	// Missing weighs a question word (folded syllable) that the passage
	// lacks, or, written "+word", one that it holds: learnt from which
	// words went with answers that were wrong or right.
	Missing   map[string]float64
	Threshold float64
}

func (m answerModel) prob(f features) float64 {
	z := 0.0
	for _, t := range f.missing {
		z += m.Missing[t]
	}
	return m.probVector(f.vector(), z)
}

// probVector is the probability for dense features v plus z, the sum of
// the missing words' weights.
func (m answerModel) probVector(v []float64, z float64) float64 {
	z += m.Bias
	for i, x := range v {
		if i < len(m.Weights) {
			z += m.Weights[i] * x
		}
	}
	return 1 / (1 + math.Exp(-z))
}

// DefaultThreshold is the probability threshold picked on the dev split.
var DefaultThreshold = fittedModel.Threshold

// candidates returns the ranked hits for a question, clause or whole
// article per article as Ask shows them.
func (ix *Index) candidates(q Query) []hit {
	return preferArticles(ix.passages, ix.search(q), namedArticles(q.Text))
}

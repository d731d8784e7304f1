package regulations

import (
	"os"
	"strings"
	"testing"

	"github.com/thiduabot/thiduabot/configfile"
)

type evalRef struct {
	Doc     string `yaml:"doc"`
	Part    string `yaml:"part"`
	Article string `yaml:"article"`
}

type evalCase struct {
	Q       string    `yaml:"q"`
	Doc     string    `yaml:"doc"`
	Part    string    `yaml:"part"`
	Article string    `yaml:"article"`
	Also    []evalRef `yaml:"also"`
	None    bool      `yaml:"none"`
}

func (c evalCase) accepts(p Passage) bool {
	refs := append([]evalRef{{c.Doc, c.Part, c.Article}}, c.Also...)
	for _, r := range refs {
		if DocKey(r.Doc) != "" && DocKey(r.Doc) != DocKey(p.Doc) || DocKey(r.Doc) == "" && r.Doc != p.Doc {
			continue
		}
		if (r.Part == "") != (p.Part == "") || !strings.HasPrefix(Fold(p.Part), Fold(r.Part)) {
			continue
		}
		if r.Article == p.ArticleNo {
			return true
		}
	}
	return false
}

func loadEval(t *testing.T) []evalCase { return loadEvalTB(t) }

func loadEvalTB(t testing.TB) []evalCase {
	t.Helper()
	data, err := os.ReadFile("testdata/eval.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cases []evalCase
	if _, err := configfile.Decode("testdata/eval.yaml", data, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestEvaluation measures retrieval on testdata/eval.yaml over the built-in
// knowledge base and the shared corpus, and holds the quality bar: recall@3
// at least 0.9 and at most 10% answers to questions the corpus cannot answer.
func TestEvaluation(t *testing.T) {
	ix := corpusIndex(t)
	cases := loadEval(t)
	var answerable, unanswerable, at1, at3, falseAns int
	var mrr float64
	unaccented := 0
	for _, c := range cases {
		if Fold(c.Q) == strings.ToLower(c.Q) {
			unaccented++
		}
		a := ix.Ask(c.Q, 3)
		if c.None {
			unanswerable++
			if len(a.Passages) > 0 {
				falseAns++
				t.Logf("false answer: %q → %s (confidence %.2f)", c.Q, a.Passages[0].Citation, a.Passages[0].Confidence)
			}
			continue
		}
		answerable++
		rank := 0
		for i, p := range a.Passages {
			if c.accepts(p) {
				rank = i + 1
				break
			}
		}
		switch {
		case rank == 1:
			at1++
			at3++
			mrr += 1
		case rank > 1:
			at3++
			mrr += 1 / float64(rank)
		}
		if rank != 1 {
			got := "nothing"
			if len(a.Passages) > 0 {
				got = a.Passages[0].Citation
			}
			t.Logf("miss (rank %d): %q want %s %s Điều %s, got %s", rank, c.Q, c.Doc, c.Part, c.Article, got)
		}
	}
	if len(cases) < 80 || unaccented*3 < len(cases) || unanswerable == 0 {
		t.Fatalf("evaluation set too small: %d questions, %d unaccented, %d unanswerable", len(cases), unaccented, unanswerable)
	}
	r1 := float64(at1) / float64(answerable)
	r3 := float64(at3) / float64(answerable)
	mrr /= float64(answerable)
	far := float64(falseAns) / float64(unanswerable)
	t.Logf("questions=%d answerable=%d unanswerable=%d unaccented=%d", len(cases), answerable, unanswerable, unaccented)
	t.Logf("recall@1=%.3f recall@3=%.3f MRR=%.3f false-answer rate=%.3f", r1, r3, mrr, far)
	if r3 < 0.9 {
		t.Errorf("recall@3 = %.3f, want ≥ 0.9", r3)
	}
	if far > 0.1 {
		t.Errorf("false-answer rate = %.3f, want ≤ 0.1", far)
	}
}

package regulations

import (
	"fmt"
	"hash/fnv"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

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
	Place   string    `yaml:"place"`
	Tags    []string  `yaml:"tags"`
	// writer is the index of the question's file in realEvalFiles: each
	// file has its own writer, whose habits a model may learn.
	writer int
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

// dev reports whether a question belongs to the dev split: FNV-1a 32-bit
// of its text, even → dev, odd → test.
func (c evalCase) dev() bool {
	h := fnv.New32a()
	h.Write([]byte(c.Q))
	return h.Sum32()%2 == 0
}

func (c evalCase) unaccented() bool { return Fold(c.Q) == strings.ToLower(c.Q) }

func (c evalCase) long() bool { return len(strings.Fields(c.Q)) >= 20 }

func loadEval(t *testing.T) []evalCase { return loadEvalFile(t, "testdata/eval.yaml") }

// realEvalFiles are the real-use sets: eval_real.yaml, written first, and
// eval_real2_*.yaml and eval_real3_*.yaml, written later by more writers who
// never saw the engine either (national texts; places and unanswerable
// questions; chairs and focal points), and eval_real4_*.yaml to
// eval_real7_*.yaml, seven more writers each (communes and citizens, BHXH
// focal points, sharp near-topic questions, Hà Nội, enterprises, schools and
// hospitals, veterans' families; provincial home-affairs officers,
// ministries, the armed forces, newcomers, Bắc Ninh, BHXH staff through the
// year, teencode; the south, formal letters, state corporations, lawyers and
// journalists, mass organisations, relayed questions, one-word and rambling
// messages; provincial legal offices, voice typing, hypotheticals, mountain
// provinces, greetings, year-end cluster meetings, misremembered names),
// each round run untouched against the engine before it joined the set.
var realEvalFiles = []string{
	"testdata/eval_real.yaml", "testdata/eval_real2_a.yaml", "testdata/eval_real2_b.yaml", "testdata/eval_real3_c.yaml", "testdata/eval_real3_d.yaml",
	"testdata/eval_real4_e.yaml", "testdata/eval_real4_f.yaml", "testdata/eval_real4_g.yaml", "testdata/eval_real4_h.yaml",
	"testdata/eval_real4_i.yaml", "testdata/eval_real4_j.yaml", "testdata/eval_real4_k.yaml",
	"testdata/eval_real5_l.yaml", "testdata/eval_real5_m.yaml", "testdata/eval_real5_n.yaml", "testdata/eval_real5_o.yaml",
	"testdata/eval_real5_p.yaml", "testdata/eval_real5_q.yaml", "testdata/eval_real5_r.yaml",
	"testdata/eval_real6_s.yaml", "testdata/eval_real6_t.yaml", "testdata/eval_real6_u.yaml", "testdata/eval_real6_v.yaml",
	"testdata/eval_real6_w.yaml", "testdata/eval_real6_x.yaml", "testdata/eval_real6_y.yaml",
	"testdata/eval_real7_a.yaml", "testdata/eval_real7_b.yaml", "testdata/eval_real7_c.yaml", "testdata/eval_real7_d.yaml",
	"testdata/eval_real7_e.yaml", "testdata/eval_real7_f.yaml", "testdata/eval_real7_g.yaml",
}

// loadRealEval returns every real-use question, each file's in order.
func loadRealEval(t testing.TB) []evalCase {
	var out []evalCase
	for i, f := range realEvalFiles {
		for _, c := range loadEvalFile(t, f) {
			c.writer = i
			out = append(out, c)
		}
	}
	return out
}

func loadEvalFile(t testing.TB, name string) []evalCase {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var cases []evalCase
	if name == "testdata/eval.yaml" {
		if _, err := configfile.Decode(name, data, &cases); err != nil {
			t.Fatal(err)
		}
		return cases
	}
	// The real-use set is written by others; fields this test does not
	// read must not break it.
	if err := yaml.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// evalResult is how the index did on one question.
type evalResult struct {
	c        evalCase
	rank     int // of the first accepted passage among those shown, 0 when none
	answered bool
	got      string
}

func runEval(ix *Index, cases []evalCase) []evalResult {
	out := make([]evalResult, len(cases))
	for i, c := range cases {
		a := ix.Ask(c.Q, 3)
		r := evalResult{c: c, answered: len(a.Passages) > 0, got: "nothing"}
		if r.answered {
			r.got = fmt.Sprintf("%s (%.2f)", a.Passages[0].Citation, a.Passages[0].Confidence)
		}
		for j, p := range a.Passages {
			if c.accepts(p) {
				r.rank = j + 1
				break
			}
		}
		out[i] = r
	}
	return out
}

// evalRow is one line of the printed table.
type evalRow struct {
	name                    string
	n, answerable, none     int
	at1, at3, falseAnswered int
	mrr                     float64
}

func (r evalRow) r1() float64  { return ratio(r.at1, r.answerable) }
func (r evalRow) r3() float64  { return ratio(r.at3, r.answerable) }
func (r evalRow) far() float64 { return ratio(r.falseAnswered, r.none) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func tally(name string, rs []evalResult, keep func(evalCase) bool) evalRow {
	row := evalRow{name: name}
	for _, r := range rs {
		if !keep(r.c) {
			continue
		}
		row.n++
		if r.c.None {
			row.none++
			if r.answered {
				row.falseAnswered++
			}
			continue
		}
		row.answerable++
		if r.rank == 1 {
			row.at1++
		}
		if r.rank >= 1 && r.rank <= 3 {
			row.at3++
			row.mrr += 1 / float64(r.rank)
		}
	}
	if row.answerable > 0 {
		row.mrr /= float64(row.answerable)
	}
	return row
}

func table(split string, rs []evalResult) ([]evalRow, string) {
	subsets := []struct {
		name string
		keep func(evalCase) bool
	}{
		{"all", func(evalCase) bool { return true }},
		{"accented", func(c evalCase) bool { return !c.unaccented() }},
		{"unaccented", evalCase.unaccented},
		{"long (20+ words)", evalCase.long},
		{"place-specific", func(c evalCase) bool { return c.Place != "" }},
		{"unanswerable", func(c evalCase) bool { return c.None }},
	}
	var rows []evalRow
	var b strings.Builder
	fmt.Fprintf(&b, "| %s split | questions | answerable | recall@1 | recall@3 | MRR | unanswerable | false answers |\n", split)
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, s := range subsets {
		row := tally(s.name, rs, s.keep)
		rows = append(rows, row)
		if row.answerable == 0 {
			fmt.Fprintf(&b, "| %s | %d | 0 | – | – | – | %d | %.3f |\n", row.name, row.n, row.none, row.far())
			continue
		}
		far := "–"
		if row.none > 0 {
			far = fmt.Sprintf("%.3f", row.far())
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %.3f | %.3f | %.3f | %d | %s |\n", row.name, row.n, row.answerable, row.r1(), row.r3(), row.mrr, row.none, far)
	}
	return rows, b.String()
}

func split(cases []evalCase) (dev, test []evalCase) {
	for _, c := range cases {
		if c.dev() {
			dev = append(dev, c)
		} else {
			test = append(test, c)
		}
	}
	return dev, test
}

// TestEvaluation measures the built-in knowledge base (summaries and the
// official texts it ships) on testdata/eval_real.yaml, questions written the
// way officials type them, split into dev (tuning) and test halves. It
// prints the per-subset table recorded in README and holds a bar on the
// test split (see below).
func TestEvaluation(t *testing.T) {
	ix := builtinIndex(t)
	cases := loadRealEval(t)
	dev, test := split(cases)
	none, unaccented := 0, 0
	for _, c := range cases {
		if c.None {
			none++
		}
		if c.unaccented() {
			unaccented++
		}
	}
	t.Logf("questions=%d (dev %d, test %d), unanswerable %d, unaccented %d", len(cases), len(dev), len(test), none, unaccented)
	devRes, testRes := runEval(ix, dev), runEval(ix, test)
	_, devTable := table("dev", devRes)
	rows, testTable := table("test", testRes)
	t.Logf("\n%s\n%s", devTable, testTable)
	if testing.Verbose() {
		// Only dev misses are printed: the test half is for reporting.
		misses := slicesMisses(devRes, "dev")
		sort.Strings(misses)
		for _, m := range misses {
			t.Log(m)
		}
	}
	all := rows[0]
	// The bar issue 12 sets is not met yet (README says by how much). The
	// suite fails on any regression below what has landed, and
	// THIDUA_EVAL_STRICT=1 holds the issue's bar itself. The floors are
	// reset when a round of writers joins the set (the test half changes);
	// the threshold holds false answers one standard error under 5% across
	// the dev writers.
	bar := evalBar{r3: 0.85, r1: 0.80, far: 0.05}
	issueBar := evalBar{r3: 0.92, r1: 0.80, far: 0.05}
	if os.Getenv("THIDUA_EVAL_STRICT") == "1" {
		bar = issueBar
	}
	if all.r3() < issueBar.r3 || all.r1() < issueBar.r1 || all.far() > issueBar.far {
		t.Logf("BELOW THE ISSUE 12 BAR on test: recall@3 %.3f (≥ %.2f), recall@1 %.3f (≥ %.2f), false answers %.3f (≤ %.2f)",
			all.r3(), issueBar.r3, all.r1(), issueBar.r1, all.far(), issueBar.far)
	}
	if all.r3() < bar.r3 {
		t.Errorf("test recall@3 = %.3f, want ≥ %.3f", all.r3(), bar.r3)
	}
	if all.r1() < bar.r1 {
		t.Errorf("test recall@1 = %.3f, want ≥ %.3f", all.r1(), bar.r1)
	}
	if all.far() > bar.far {
		t.Errorf("test false-answer rate = %.3f, want ≤ %.3f", all.far(), bar.far)
	}
}

// evalBar is a floor for recall and a ceiling for false answers.
type evalBar struct{ r3, r1, far float64 }

func slicesMisses(rs []evalResult, split string) []string {
	var out []string
	for _, r := range rs {
		switch {
		case r.c.None && r.answered:
			out = append(out, fmt.Sprintf("%s false answer: %q → %s", split, r.c.Q, r.got))
		case !r.c.None && r.rank != 1:
			out = append(out, fmt.Sprintf("%s miss (rank %d): %q want %s %s Điều %s, got %s", split, r.rank, r.c.Q, r.c.Doc, r.c.Part, r.c.Article, r.got))
		}
	}
	return out
}

// TestEvaluationShortQuestions keeps the earlier keyword-style set
// (testdata/eval.yaml) as a regression check. Its floor fell from 0.9 to
// 0.8 when the threshold began to be chosen for writers the model has not
// seen (README), and rose to 0.85 when the model learnt from nineteen and more
// writers.
func TestEvaluationShortQuestions(t *testing.T) {
	ix := builtinIndex(t)
	rs := runEval(ix, loadEval(t))
	rows, tab := table("eval.yaml", rs)
	t.Logf("\n%s", tab)
	if rows[0].r3() < 0.85 {
		t.Errorf("recall@3 = %.3f, want ≥ 0.85", rows[0].r3())
	}
	if rows[0].far() > 0.1 {
		t.Errorf("false-answer rate = %.3f, want ≤ 0.1", rows[0].far())
	}
}

package regulations

import (
	"hash/fnv"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Index is a BM25 index over articles and their clauses (see the package
// comment for why it is our own). It is read-only after NewIndex, so Ask
// may be called concurrently; adding documents means building a new one.
type Index struct {
	lib      *Library
	an       *analyzer
	passages []passage
	postings map[string][]posting
	avgLen   float64
	faq      []faqEntry
	// placeOf is the province of each local document; national ones are absent.
	placeOf map[*Document]string
	// places are the provinces some document belongs to.
	places map[string]bool
	// titles are the award titles each article heading is about.
	titles map[*Article]map[string]string
	// defined are the award titles some article heading or document title
	// defines, with the provinces of the defining texts ("" for national).
	defined map[string]map[string]bool
	// headingWords are the two-syllable words of the headings of documents
	// added to the built-in knowledge base (config folder, uploads): they
	// extend what the bot covers beyond kb/lexicon.yaml's topics.
	headingWords map[string]bool
	// headings are the content syllables of each article heading.
	headings map[*Article][]string
	// docTitles are the award titles each document's own title is about.
	docTitles map[*Document]map[string]string
	// Threshold is the minimum probability, from the answerability model
	// (answerability.go), that the best passage answers the question.
	Threshold float64
}

type passage struct {
	doc    *Document
	art    *Article
	clause string // clause number, "" for the whole article
	text   string
	length float64
	norm   float64 // BM25 length normalisation k1·(1−b+b·len/avgLen)
	key    string  // DocKey of the passage's own document
	kinds  uint64  // the answer kinds its text states (bit i: lexicon answer i)
	terms  map[string]float64
}

type posting struct {
	p  int32
	tf float32
	// docOnly: the term is in the document's name, not in the passage; it
	// helps ranking ("luật thi đua …") but is weak evidence of an answer.
	docOnly bool
}

type faqEntry struct {
	faq   FAQ
	terms map[string]bool
	key   string // DocKey of faq.Doc
	mass  float64
}

// Field weights: a word in an article title says more about the article
// than one in its body; curated FAQ questions say what people ask for.
const (
	wTitle       = 3.0
	wBody        = 1.0
	wFAQ         = 1.5
	wDoc         = 0.6 // document name: helps "luật thi đua" but must not swamp the article
	bm25K1       = 1.2
	bm25B        = 0.5
	minRelScore  = 0.5
	wDocOnlyConf = 0.5
)

// NewIndex builds the index of every document in lib.
func NewIndex(lib *Library) *Index {
	ix := &Index{lib: lib, an: newAnalyzer(), postings: map[string][]posting{}, Threshold: DefaultThreshold,
		placeOf: map[*Document]string{}, places: map[string]bool{}, titles: map[*Article]map[string]string{}, docTitles: map[*Document]map[string]string{}, defined: map[string]map[string]bool{}, headingWords: map[string]bool{}, headings: map[*Article][]string{}}
	faqByArticle := map[*Article][]string{}
	for _, f := range lib.faq {
		if a, ok := lib.Find(f.Doc, f.Part, f.Article); ok {
			faqByArticle[a] = append(faqByArticle[a], f.Question)
		}
		ts := map[string]bool{}
		for _, t := range ix.an.terms(f.Question) {
			ts[t] = true
		}
		ix.faq = append(ix.faq, faqEntry{faq: f, terms: ts, key: DocKey(f.Doc)})
	}
	for _, d := range lib.docs {
		if pl := ix.an.placeOf(d); pl != "" {
			ix.placeOf[d] = pl
			ix.places[pl] = true
		}
		if ts, _ := ix.an.titleKeys(d.Title); len(ts) > 0 {
			ix.docTitles[d] = ts
			for k := range ts {
				ix.define(k, ix.placeOf[d])
			}
		}
		builtin := strings.HasPrefix(d.File, "kb/")
		for i := range d.Articles {
			ix.headings[&d.Articles[i]] = ix.an.contentSyllables(d.Articles[i].Title)
			if !builtin {
				for _, t := range ix.an.terms(d.Articles[i].Title) {
					if strings.HasPrefix(t, "_") {
						ix.headingWords[t] = true
					}
				}
			}
			if ts, defines := ix.an.titleKeys(d.Articles[i].Title); defines {
				ix.titles[&d.Articles[i]] = ts
				for k := range ts {
					ix.define(k, ix.placeOf[d])
				}
			}
		}
		docTerms := ix.an.terms(d.Name() + " " + d.Title + " " + d.Number)
		for i := range d.Articles {
			a := &d.Articles[i]
			// The label lets "Điều 27 luật thi đua" find the article by number.
			title := a.Label() + " " + a.Title + " " + a.Section
			ix.add(d, a, "", a.Text(), docTerms, title, faqByArticle[a])
			if len(a.Clauses) < 2 {
				continue
			}
			for _, c := range a.Clauses {
				if c.Number == "" {
					continue
				}
				ix.add(d, a, c.Number, c.String(), docTerms, "khoản "+c.Number+" "+title, nil)
			}
		}
	}
	var total float64
	for _, p := range ix.passages {
		total += p.length
	}
	if len(ix.passages) > 0 {
		ix.avgLen = total / float64(len(ix.passages))
	}
	for i := range ix.faq {
		for t := range ix.faq[i].terms {
			ix.faq[i].mass += ix.idf(t)
		}
	}
	for i := range ix.passages {
		p := &ix.passages[i]
		p.norm = bm25K1 * (1 - bm25B + bm25B*p.length/ix.avgLen)
		p.terms = nil // only the postings are needed from here on
	}
	return ix
}

func (ix *Index) define(title, place string) {
	if ix.defined[title] == nil {
		ix.defined[title] = map[string]bool{}
	}
	ix.defined[title][place] = true
}

func (ix *Index) add(d *Document, a *Article, clause, body string, docTerms []string, title string, faqs []string) {
	p := passage{doc: d, art: a, clause: clause, text: body, terms: map[string]float64{}, key: DocKey(d.Number)}
	folded := Fold(a.Title + "\n" + body)
	for i, ak := range ix.an.lex.answers {
		if ak.pattern.MatchString(folded) {
			p.kinds |= 1 << i
		}
	}
	bodyTerms, bodyAcc := ix.an.analyze(body)
	titleTerms, titleAcc := ix.an.analyze(title)
	for _, t := range bodyTerms {
		p.terms[t] += wBody
		p.length++
	}
	for _, t := range titleTerms {
		p.terms[t] += wTitle
		p.length++
	}
	for _, t := range append(bodyAcc, titleAcc...) {
		p.terms[t] = 1
	}
	for _, q := range faqs {
		for _, t := range ix.an.terms(q) {
			p.terms[t] += wFAQ
		}
	}
	content := make(map[string]bool, len(p.terms))
	for t := range p.terms {
		content[t] = true
	}
	for _, t := range docTerms {
		if strings.HasPrefix(t, "#") {
			p.terms[t] += wTitle
			continue
		}
		p.terms[t] += wDoc
	}
	id := int32(len(ix.passages))
	for t, tf := range p.terms {
		ix.postings[t] = append(ix.postings[t], posting{p: id, tf: float32(tf), docOnly: !content[t] && !strings.HasPrefix(t, "#")})
	}
	ix.passages = append(ix.passages, p)
}

// Len is the number of passages (articles and clauses) indexed.
func (ix *Index) Len() int { return len(ix.passages) }

func (ix *Index) idf(t string) float64 {
	n := float64(len(ix.passages))
	df := float64(len(ix.postings[t]))
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// Answer is the result of a question: the confident passages best first
// (none when nothing is confident), related articles and, when nothing
// was found, suggested rephrasings.
type Answer struct {
	Question    string    `json:"question"`
	Passages    []Passage `json:"answers"`
	Related     []Ref     `json:"-"`
	Suggestions []string  `json:"-"`
	// Short is the curated FAQ answer when the question is close to an FAQ
	// question that points to the best passage's article.
	Short string `json:"-"`
	// ShortFor is the curated question Short answers, shown with it.
	ShortFor string `json:"-"`
	// Covered names the texts the bot answers from, set when nothing was
	// found so that the abstention can say what the bot does cover.
	Covered []string `json:"-"`
	// PlaceNoText is the province or city the question names when none of
	// its own texts is loaded, set when nothing was found.
	PlaceNoText string `json:"-"`
	// MissingArticle names the article the question asks for by number
	// ("Điều 4 Luật Thi đua, khen thưởng 06/2022/QH15") when the named
	// document is loaded without it, and MissingSource is where the
	// document's official text is; set when nothing was found.
	MissingArticle, MissingSource string `json:"-"`
	// UnloadedDoc is the number of a document the question names that the
	// bot does not have ("12/2019"), set when nothing was found.
	UnloadedDoc string `json:"-"`
	// Generated is a short composed answer grounded in Passages, set only
	// by Ground when a language model is configured and its reply cites
	// what was retrieved.
	Generated string `json:"-"`
}

// Passage is one cited answer.
type Passage struct {
	Doc        string  `json:"doc"`     // document number ("06/2022/QH15")
	Title      string  `json:"title"`   // document title
	Article    string  `json:"article"` // "Điều 27"
	Clause     string  `json:"clause"`  // "2"; "" for a whole article
	Part       string  `json:"part"`    // attached regulation's name; "" otherwise
	Score      float64 `json:"score"`   // comparable only within one answer
	Status     Status  `json:"status"`
	Text       string  `json:"text"`
	Citation   string  `json:"-"` // "Khoản 2 Điều 27 Luật Thi đua, khen thưởng 06/2022/QH15"
	ArticleNo  string  `json:"-"` // "27", for Index.Article
	Heading    string  `json:"-"` // the article's title
	ReplacedBy string  `json:"-"` // name of the replacing document
	Summary    bool    `json:"-"` // our summary, not the official wording
	Partial    bool    `json:"-"` // the source text is incomplete
	Uncertain  string  `json:"-"`
	Note       string  `json:"-"` // document-level caveat
	Source     string  `json:"-"`
	InForce    string  `json:"-"` // date the document took effect, as written
	Confidence float64 `json:"-"`
	// Ref is a short stable key of the article (at most 12 bytes) for a
	// "Xem toàn văn Điều" button's callback data; see ArticleByRef.
	Ref string `json:"-"`
}

// Ref names a related article.
type Ref struct {
	Doc, Part, Article string
	Citation           string
}

// Ask answers a question with up to k passages from distinct articles.
func (ix *Index) Ask(question string, k int) Answer {
	if k <= 0 {
		k = 3
	}
	q := ix.Analyze(question)
	ans := Answer{Question: q.Text, Passages: []Passage{}}
	hits := ix.candidates(q)
	if len(hits) > 0 {
		hits[0].conf = fittedModel.prob(hits[0].f)
		if f := hits[0].f; f.NamedDoc == 1 && f.QuestionLen == 0 {
			hits[0].conf = 1 // "98/2023" alone asks for that document
		}
		if hits[0].conf < ix.Threshold || hits[0].f.unanswerable() {
			hits = nil
		}
	}
	seen := map[*Article]bool{}
	var extra []hit
	for _, h := range hits {
		p := &ix.passages[h.p]
		if seen[p.art] {
			continue
		}
		seen[p.art] = true
		// A weak passage that happens to share a few rare words must not
		// answer when the best-matching ones do not: only passages close
		// to the best score are considered at all.
		if h.score < minRelScore*hits[0].score {
			break
		}
		if len(ans.Passages) >= k {
			extra = append(extra, h)
			continue
		}
		ans.Passages = append(ans.Passages, ix.passageOf(p, h))
	}
	if len(ans.Passages) == 0 {
		ans.Suggestions = ix.suggest(ans.Question)
		ans.Covered = ix.covered()
		if q.Place != "" && !ix.places[q.Place] {
			ans.PlaceNoText = q.Place
		}
		ans.MissingArticle, ans.MissingSource = ix.missingArticle(q)
		for _, k := range q.Docs {
			if ix.lib == nil {
				break
			}
			if _, ok := ix.lib.Document(k); !ok {
				ans.UnloadedDoc = strings.TrimPrefix(k, "#")
				break
			}
		}
		return ans
	}
	ans.Related = ix.related(ans.Passages, extra)
	ans.ShortFor, ans.Short = ix.shortAnswer(ans.Question, ans.Passages[0])
	return ans
}

// missingArticle names the first article q asks for by number that the
// document it names is loaded without, and where that document's official
// text is: the answer then points to the original rather than guessing.
func (ix *Index) missingArticle(q Query) (string, string) {
	arts := namedArticles(q.Text)
	if len(arts) == 0 || ix.lib == nil {
		return "", ""
	}
	nums := make([]string, 0, len(arts))
	for n := range arts {
		nums = append(nums, n)
	}
	sort.Slice(nums, func(i, j int) bool {
		return len(nums[i]) < len(nums[j]) || len(nums[i]) == len(nums[j]) && nums[i] < nums[j]
	})
	for _, k := range q.Docs {
		d, ok := ix.lib.Document(k)
		if !ok {
			continue
		}
		for _, n := range nums {
			found := false
			for i := range d.Articles {
				found = found || d.Articles[i].Part == "" && articleIn(d.Articles[i].Number, map[string]bool{n: true})
			}
			if !found {
				return "Điều " + n + " " + d.Name(), d.Source
			}
		}
		return "", ""
	}
	return "", ""
}

// shortAnswer returns the curated FAQ question and answer closest to q
// when it rests on the same article as top and the two questions ask the
// same thing: each holds most of the other's weight, so that "thời hạn nộp
// hồ sơ" does not get the answer to "thời hạn thẩm định hồ sơ".
func (ix *Index) shortAnswer(q string, top Passage) (string, string) {
	qt := ix.an.terms(q)
	qs := map[string]bool{}
	var mass float64
	for _, t := range qt {
		qs[t] = true
		mass += ix.idf(t)
	}
	bestQ, best, bestScore := "", "", 0.0
	topKey := DocKey(top.Doc)
	for _, f := range ix.faq {
		if f.faq.Part != top.Part || f.faq.Article != top.ArticleNo || (f.key != topKey || f.key == "" && f.faq.Doc != top.Doc) {
			continue
		}
		var s, fs float64
		fmass := f.mass
		for _, t := range qt {
			if f.terms[t] {
				s += ix.idf(t)
			}
		}
		for t := range f.terms {
			if qs[t] {
				fs += ix.idf(t)
			}
		}
		if mass > 0 && fmass > 0 && s/mass >= 0.6 && fs/fmass >= 0.75 && s > bestScore {
			bestQ, best, bestScore = f.faq.Question, f.faq.Answer, s
		}
	}
	return bestQ, best
}

// covered names the documents answers come from, in force first.
func (ix *Index) covered() []string {
	var in, other []string
	for _, d := range ix.lib.docs {
		if d.Number == "" || d.Status == Replaced {
			continue
		}
		if d.Status == InForce {
			in = append(in, d.Name())
		} else {
			other = append(other, d.Name())
		}
	}
	return append(in, other...)
}

// articleRef is the button key of an article: a hash of its document,
// part and number, stable across rebuilds of the index.
func articleRef(d *Document, a *Article) string {
	h := fnv.New64a()
	h.Write([]byte(d.ID() + "\x00" + a.Part + "\x00" + a.Number + "\x00" + a.Title))
	return strconv.FormatUint(h.Sum64()&(1<<60-1), 36)
}

// ArticleByRef returns the whole article a Passage.Ref names, or false when
// the library no longer holds it.
func (ix *Index) ArticleByRef(ref string) (Passage, bool) {
	for i := range ix.passages {
		p := &ix.passages[i]
		if p.clause == "" && articleRef(p.doc, p.art) == ref {
			out := ix.passageOf(p, hit{p: i, conf: 1})
			out.Score = 0
			return out, true
		}
	}
	return Passage{}, false
}

// preferArticles keeps, for each article, either its best clause or the
// whole article: the clause only when it scores clearly higher, because a
// short clause wins on length alone when the question matches the
// article's title (as "Điều 27 Luật thi đua" does) and then hides the rest.
func preferArticles(ps []passage, hits []hit, named map[string]bool) []hit {
	whole := map[*Article]float64{}
	for _, h := range hits {
		if p := &ps[h.p]; p.clause == "" {
			whole[p.art] = h.score
		}
	}
	out := hits[:0:0]
	for _, h := range hits {
		p := &ps[h.p]
		if w, ok := whole[p.art]; ok && p.clause != "" && (h.score < 1.15*w || named[p.art.Number]) {
			continue
		}
		out = append(out, h)
	}
	return out
}

func isNumber(t string) bool {
	for _, r := range t {
		if r < '0' || r > '9' {
			return false
		}
	}
	return t != ""
}

func (ix *Index) passageOf(p *passage, h hit) Passage {
	d, a := p.doc, p.art
	out := Passage{
		Doc: d.ID(), Title: d.Title, Article: a.Label(), Clause: p.clause, Part: a.Part,
		Score: math.Round(h.score*1000) / 1000, Status: d.Status, Text: p.text,
		Citation: Citation(d, a, p.clause), ArticleNo: a.Number, Heading: a.Title,
		Summary: a.Summary, Partial: a.Partial, Uncertain: a.Uncertain, Note: d.Note, Source: d.Source, InForce: d.InForce,
		Confidence: math.Round(h.conf*100) / 100, Ref: articleRef(d, a),
	}
	if out.Status == "" {
		out.Status = Unknown
	}
	if a.Number == "" {
		out.ArticleNo = a.Title
	}
	if d.Status == Replaced {
		out.ReplacedBy = d.ReplacedBy
		if r, ok := ix.lib.Document(d.ReplacedBy); ok {
			out.ReplacedBy = r.Name()
		}
	}
	return out
}

var (
	reCrossRef = regexp.MustCompile(`Điều\s+(\d+)(\s+(?:của\s+)?(?:Luật|Nghị định|Thông tư|Quyết định|Nghị quyết|Quy định|Quy chế)(\s+này)?)?`)
	reNamedArt = regexp.MustCompile(`\bdieu\s+(\d+)\b`)
)

// namedArticles returns the article numbers a question names ("điều 27"),
// whose whole text the asker wants rather than one clause.
func namedArticles(q string) map[string]bool {
	f := Fold(q)
	if strings.Contains(f, "khoan") {
		return nil
	}
	out := map[string]bool{}
	for _, m := range reNamedArt.FindAllStringSubmatch(f, -1) {
		out[m[1]] = true
	}
	return out
}

// related lists articles the answers cite ("quy định tại Điều 69") and the
// next best confident articles, at most three, none already shown.
func (ix *Index) related(ps []Passage, extra []hit) []Ref {
	shown := map[string]bool{}
	for _, p := range ps {
		shown[p.Doc+"\x00"+p.Part+"\x00"+p.ArticleNo] = true
	}
	var out []Ref
	addRef := func(d *Document, a *Article) {
		key := d.ID() + "\x00" + a.Part + "\x00" + a.Number
		if a.Number == "" {
			key = d.ID() + "\x00" + a.Part + "\x00" + a.Title
		}
		if shown[key] || len(out) >= 3 {
			return
		}
		shown[key] = true
		out = append(out, Ref{Doc: d.ID(), Part: a.Part, Article: a.Label(), Citation: Citation(d, a, "")})
	}
	for _, p := range ps {
		d, ok := ix.lib.Document(p.Doc)
		if !ok {
			continue
		}
		for _, m := range reCrossRef.FindAllStringSubmatch(p.Text, -1) {
			if m[2] != "" && m[3] == "" {
				continue // "Điều 75 Luật số 06/2022/QH15" cites another document
			}
			if a, ok := ix.lib.Find(p.Doc, p.Part, m[1]); ok {
				addRef(d, a)
			}
		}
	}
	for _, h := range extra {
		p := &ix.passages[h.p]
		addRef(p.doc, p.art)
	}
	return out
}

// suggest offers curated questions that share words with an unanswered
// one, best overlap first.
func (ix *Index) suggest(q string) []string {
	qt := ix.an.terms(q)
	type cand struct {
		q     string
		score float64
	}
	var cs []cand
	for _, f := range ix.faq {
		var s float64
		bigrams, unigrams := 0, 0
		for _, t := range qt {
			if !f.terms[t] {
				continue
			}
			s += ix.idf(t)
			if strings.HasPrefix(t, "_") {
				bigrams++
			} else {
				unigrams++
			}
		}
		// One shared syllable ("gia" of "giá vàng" and "tham gia") is
		// not a suggestion; a shared word (bigram) or two syllables are.
		if bigrams > 0 || unigrams > 1 {
			cs = append(cs, cand{f.faq.Question, s})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].score > cs[j].score })
	var out []string
	for i := 0; i < len(cs) && i < 3; i++ {
		out = append(out, cs[i].q)
	}
	return out
}

// Article returns a whole article for the "Xem toàn văn Điều" button. doc
// is the document number, part the attached regulation's name ("" for the
// document itself), article its number (or an unnumbered section's title).
func (ix *Index) Article(doc, part, article string) (Passage, bool) {
	a, ok := ix.lib.Find(doc, part, article)
	if !ok {
		return Passage{}, false
	}
	d, _ := ix.lib.Document(doc)
	for i := range ix.passages {
		p := &ix.passages[i]
		if p.art == a && p.clause == "" {
			out := ix.passageOf(p, hit{p: i, conf: 1})
			out.Score = 0
			return out, true
		}
	}
	p := passage{doc: d, art: a, text: a.Text()}
	return ix.passageOf(&p, hit{conf: 1}), true
}

package regulations

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Ranking multipliers of the structure-aware ranking (see search).
const (
	// otherLevel: the heading defines another level of the title asked
	// about ("CSTĐ cấp bộ" for a "CSTĐ cơ sở" question).
	otherLevel = 0.55
	// sameTitle: the heading defines exactly the title asked about.
	sameTitle = 1.6
	// docTitle: the document as a whole is about the title asked
	// ("Quy chế xét tặng danh hiệu Công dân Thủ đô ưu tú").
	docTitle = 1.3
	// localAsked: the province's own text when the question names it.
	localAsked = 1.4
	// headingHint: the heading says what the question asks for.
	headingBoost = 1.25
	// secondTitle: a title named after the first one in the question.
	secondTitle = 1.2
	// namedArticle: "Điều 3" in the question.
	namedArticle = 2.5
	// facetMissing: the passage holds no word of something the question
	// asks for (a deadline, money…): it does not state it.
	facetMissing = 0.7
	// localUnasked: a provincial text when the question names no place.
	localUnasked = 0.7
	// replacedUnasked: a replaced text when the question neither names it
	// nor asks about the past.
	replacedUnasked = 0.6
)

// features describe how well the best passage fits the question; the
// answerability model (answerability.go) turns them into a probability.
// Every feature is a share or a ratio, so that it keeps its meaning when
// documents are added.
type features struct {
	Coverage       float64 // share of the question's known terms (idf-weighted) the passage holds
	Evidence       float64 // matched weight in units of the largest idf, /4 capped at 1
	Margin         float64 // 1 − score of the next article / score of this one
	PlaceNoDoc     float64 // 1: the question names a province no loaded text belongs to
	NamedDoc       float64 // 1: the question names this passage's document
	TitleNoText    float64 // 1: the question names a title no loaded heading defines
	NormScore      float64 // BM25 score / its upper bound for the question's known terms
	OffTopic       float64 // 1: the question names nothing the bot covers (no topic word, title or document)
	CriteriaNoText float64 // 1: asks the criteria of a title no loaded heading defines
	LocalNoDoc     float64 // 1: asks a province's own rules, and none of its texts is loaded
	StatusAsk      float64 // 1: asks whether a loaded document it names still applies
	QuestionLen    float64 // content syllables / 20, capped at 1
	Spread         float64 // distinct documents among the five best passages, /5
	RestCoverage   float64 // Coverage of what the question asks besides the titles and place it names
	// FacetMiss: share of the things asked for (money, deadline, dossier,
	// who decides, votes) of which the passage holds no word.
	FacetMiss float64
	// LocalNational: the question asks for the own rules of a province
	// whose texts are loaded, and the passage is not from them.
	LocalNational float64
	// Outside: the question names a subject next to emulation that the
	// texts do not govern (a pay rise, tax, a pension; kb/lexicon.yaml
	// outside) and the passage does not mention it.
	Outside float64
	// AnswerMiss: the question asks for a kind of answer (a number of
	// days, a share, an amount, a form, a document number, a date;
	// kb/lexicon.yaml answers) that the passage states none of.
	AnswerMiss float64

	// missing are the question's words (folded syllables, numbers and
	// named documents aside) that the passage lacks, and with a "+" before
	// them those it holds; the model weighs the ones it has learnt matter
	// (answerModel.Missing): a held "lương" is weak evidence, a missing
	// "sáng" in "sáng kiến" strong. Only the first few hits carry them.
	missing []string

	// IdentMiss: the question names a numbered thing other than an
	// article ("cụm thi đua số 3", "mẫu số 05") that the passage does not
	// hold: a note on cụm số 5 does not answer about cụm số 3. Set on the
	// first missingHits hits only.
	IdentMiss float64

	// UnloadedMiss: the question names a document by number that is not
	// loaded ("Thông tư 12/2019/TT-BNV", "Luật 06/2026/QH16") and the
	// passage does not mention it either: another text cannot say what
	// that one provides.
	UnloadedMiss float64

	// OtherTitleDoc: the passage's document is about one award title
	// (its own title names it: "Quy chế xét tặng danh hiệu Công dân Thủ đô
	// ưu tú") and the question names none of its titles.
	OtherTitleDoc float64

	// ArticleMiss: the question names article numbers ("Điều 45") and no
	// passage found is one of them (the asked article is not loaded).
	ArticleMiss float64
}

func (f features) vector() []float64 {
	return []float64{f.Coverage, f.Evidence, f.Margin, f.PlaceNoDoc, f.NamedDoc, f.TitleNoText, f.NormScore, f.OffTopic, f.StatusAsk, f.QuestionLen, f.Spread, f.RestCoverage, f.FacetMiss, f.LocalNational, f.Outside, f.AnswerMiss, f.OtherTitleDoc}
}

// unanswerable reports a question the loaded texts cannot answer whatever
// the passage: it asks the criteria of a title no loaded heading defines,
// the own rules of a province none of whose texts is loaded, or an article
// by number that no loaded passage is ("Điều 45" of the partial law). Ask then
// abstains without consulting the model, which is not fitted on them.
func (f features) unanswerable() bool {
	return f.CriteriaNoText == 1 || f.LocalNoDoc == 1 || f.ArticleMiss == 1 || f.IdentMiss == 1 || f.UnloadedMiss == 1
}

// featureNames name vector()'s entries, for the fitted coefficients file.
var featureNames = []string{"coverage", "evidence", "margin", "place_no_doc", "named_doc", "title_no_text", "norm_score", "off_topic", "status_ask", "question_len", "spread", "rest_coverage", "facet_miss", "local_national", "outside", "answer_miss", "other_title_doc"}

// missingHits is how many of the best hits carry their missing words.
const missingHits = 5

type hit struct {
	p     int
	score float64
	conf  float64
	f     features
}

// search ranks passages for an analysed question. Terms the texts never
// use are absence of evidence: they neither score nor count against a
// passage. The question's place, named documents, titles and time adjust
// the ranking as the package comment describes.
func (ix *Index) search(q Query) []hit {
	if len(ix.passages) == 0 {
		return nil
	}
	terms, _ := ix.an.analyze(q.Clean)
	for _, d := range q.Docs {
		terms = append(terms, d)
	}
	uniq := make(map[string]bool, len(terms))
	qt := terms[:0:0]
	for _, t := range terms {
		if !uniq[t] {
			uniq[t] = true
			qt = append(qt, t)
		}
	}
	if len(qt) == 0 {
		return nil
	}
	n := len(ix.passages)
	buf := ix.scratch(n)
	defer scratchPool.Put(buf)
	scores, matched := buf.scores, buf.matched
	var mass, upper, restMass float64
	restMatched := make([]float64, n)
	maxIDF := math.Log(1 + (float64(n)+0.5)/0.5)
	accOf := map[string]string{}
	for _, sy := range ix.an.syllablePairs(q.Clean) {
		if sy.acc != "" {
			accOf[sy.fold] = "~" + sy.acc
		}
	}
	named := map[string]bool{}
	var unloaded []string
	for _, t := range qt {
		if strings.HasPrefix(t, "#") {
			named[t] = true
			if ix.lib != nil {
				if _, ok := ix.lib.Document(t); !ok {
					unloaded = append(unloaded, t)
				}
			}
		}
	}
	contentSyl := 0
	for _, t := range qt {
		posts := ix.postings[t]
		bigram := strings.HasPrefix(t, "_")
		if !bigram && !strings.HasPrefix(t, "#") && !isNumber(t) {
			contentSyl++
		}
		if len(posts) == 0 {
			continue // a word the texts never use says nothing either way
		}
		idf := ix.idf(t)
		w := idf
		if strings.HasPrefix(t, "#") || q.placeWords[t] {
			w = 0 // the number or place narrows the search but is not the topic
		}
		if isNumber(t) {
			w *= 0.3 // a year or a count is rarely what the question is about
		}
		confTerm := t
		if acc, ok := accOf[t]; ok {
			confTerm = acc
		}
		mass += w
		rest := !q.titleWords[t]
		if rest {
			restMass += w
		}
		upper += idf * (bm25K1 + 1)
		for _, po := range posts {
			tf := float64(po.tf)
			scores[po.p] += idf * tf * (bm25K1 + 1) / (tf + ix.passages[po.p].norm)
			if confTerm != t {
				if po.docOnly {
					matched[po.p] += wDocOnlyConf * w
				}
				continue
			}
			if po.docOnly {
				matched[po.p] += wDocOnlyConf * w
				continue
			}
			matched[po.p] += w
			if rest {
				restMatched[po.p] += w
			}
		}
		if confTerm != t {
			// A syllable typed with diacritics is judged by its accented form.
			for _, po := range ix.postings[confTerm] {
				matched[po.p] += w
				if rest {
					restMatched[po.p] += w
				}
			}
			if bigram {
				continue
			}
		}
	}
	for _, t := range ix.an.expansions(q.Clean) {
		if uniq[t] {
			continue
		}
		uniq[t] = true
		idf := ix.idf(t)
		for _, po := range ix.postings[t] {
			tf := float64(po.tf)
			scores[po.p] += 0.5 * idf * tf * (bm25K1 + 1) / (tf + ix.passages[po.p].norm)
		}
	}
	families := map[string]bool{}
	for _, k := range q.Titles {
		families[ix.an.lex.family[k]] = true
	}
	placeNoDoc := q.Place != "" && !ix.places[q.Place]
	arts := namedArticles(q.Text)
	idents := namedIdents(q.Text)
	f := Fold(q.Text)
	annexAsked := strings.Contains(f, "kem theo") || strings.Contains(f, "quy che") || strings.Contains(f, "quy dinh kem")
	titleNoText := false
	for _, k := range q.Titles {
		// Defined by a national text, or by one of the province asked
		// about (another province's rules never answer).
		d := ix.defined[k]
		titleNoText = titleNoText || len(d) == 0 || q.Place != "" && !d[""] && !d[q.Place]
	}
	best := 0.0
	for i, sc := range scores {
		if sc <= 0 {
			continue
		}
		p := &ix.passages[i]
		if pl, local := ix.placeOf[p.doc]; local {
			switch {
			case q.Place != "" && pl != q.Place:
				scores[i] = 0 // another province's rules never answer
				continue
			case q.Place == "":
				sc *= localUnasked
			default:
				sc *= localAsked
			}
		}
		if p.doc.Status == Replaced && !q.Past && !named[p.key] {
			sc *= replacedUnasked
		}
		if named[p.key] {
			// "98/2023" asks about that document, not about the ones
			// that mention it.
			sc *= 2
		}
		if fac := ix.titleFactor(p.art, q.Titles, families); fac < 1 || !q.Aspect {
			sc *= fac // the defining article is preferred unless another aspect is asked
		}
		if len(q.headings) > 0 && ix.headingHas(p.art, q.headings) {
			sc *= headingBoost
		}
		if arts[p.art.Number] && (!annexAsked || p.art.Part != "") && (len(named) == 0 || named[p.key]) {
			sc *= namedArticle
		}
		if ix.docAbout(p.doc, q.Titles) {
			sc *= docTitle
		}
		if len(q.facets) > 0 && ix.facetMiss(q, i) > 0 {
			sc *= facetMissing
		}
		scores[i] = sc
		best = max(best, sc)
	}
	var hits []hit
	articleFound := false
	for i, sc := range scores {
		if sc <= 0 || sc < minRelScore*best {
			continue
		}
		articleFound = articleFound || len(arts) > 0 && articleIn(ix.passages[i].art.Number, arts) && (len(named) == 0 || named[ix.passages[i].key])
		conf := 0.0
		if mass > 0 {
			conf = matched[i] / mass
		}
		hits = append(hits, hit{p: i, score: sc, conf: conf})
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].p < hits[j].p
	})
	for k := range hits {
		h := &hits[k]
		p := &ix.passages[h.p]
		f := features{Coverage: h.conf, Evidence: math.Min(matched[h.p]/maxIDF/4, 1)}
		f.Margin = 1
		for _, o := range hits {
			if ix.passages[o.p].art != p.art {
				f.Margin = 1 - o.score/h.score
				break
			}
		}
		f.Margin = math.Max(f.Margin, 0)
		if placeNoDoc {
			f.PlaceNoDoc = 1
			if q.Local {
				f.LocalNoDoc = 1
			}
		}
		if named[p.key] {
			f.NamedDoc = 1
		}
		if titleNoText {
			f.TitleNoText = 1
			if q.Criteria {
				f.CriteriaNoText = 1
			}
		}
		f.QuestionLen = math.Min(float64(contentSyl)/20, 1)
		if upper > 0 {
			f.NormScore = math.Min(h.score/upper, 1)
		}
		docs := map[*Document]bool{}
		for _, o := range hits[:min(5, len(hits))] {
			docs[ix.passages[o.p].doc] = true
		}
		f.Spread = float64(len(docs)) / 5
		f.RestCoverage = 1
		if restMass > 0 {
			f.RestCoverage = restMatched[h.p] / restMass
		}
		if q.Validity && named[p.key] {
			f.StatusAsk = 1
		}
		if !q.Topic && len(named) == 0 {
			f.OffTopic = 1
		}
		f.FacetMiss = ix.facetMiss(q, h.p)
		if len(arts) > 0 && !articleFound {
			f.ArticleMiss = 1
		}
		if len(unloaded) > 0 {
			f.UnloadedMiss = 1
			for _, t := range unloaded {
				if ix.holds(h.p, t) {
					f.UnloadedMiss = 0
				}
			}
		}
		if len(ix.docTitles[p.doc]) > 0 && !ix.docAbout(p.doc, q.Titles) {
			f.OtherTitleDoc = 1
		}
		// Only the best hits: folding whole passages for every hit would put
		// work on the hot path that the gate (on the best) never reads.
		if len(idents) > 0 && k < missingHits && !ix.holdsIdents(h.p, idents) {
			f.IdentMiss = 1
		}
		if _, local := ix.placeOf[p.doc]; q.Local && q.Place != "" && !placeNoDoc && !local {
			f.LocalNational = 1
		}
		if k < missingHits {
			for _, t := range qt {
				if strings.HasPrefix(t, "#") || isNumber(t) || len(ix.postings[t]) == 0 {
					continue
				}
				if strings.HasPrefix(t, "_") {
					if q.placeWords[t] {
						continue
					}
					// A word pair ("_sang kien") weighs as a word does.
					if ix.holds(h.p, t) {
						f.missing = append(f.missing, "+"+t)
					} else {
						f.missing = append(f.missing, t)
					}
					continue
				}
				if acc, ok := accOf[t]; ix.holds(h.p, t) && (!ok || ix.holds(h.p, acc)) {
					f.missing = append(f.missing, "+"+t)
					continue
				}
				f.missing = append(f.missing, t)
			}
		}
		if q.answers&^ix.passages[h.p].kinds != 0 {
			f.AnswerMiss = 1
		}
		for _, o := range q.outside {
			held := true
			for _, t := range o {
				held = held && ix.holds(h.p, t)
			}
			if !held {
				f.Outside = 1
			}
		}

		h.f = f
	}
	return hits
}

// headingHas reports an article heading holding one of the phrases.
func (ix *Index) headingHas(a *Article, phrases [][]string) bool {
	h := ix.headings[a]
	for _, p := range phrases {
		if containsSeq(h, p) {
			return true
		}
	}
	return false
}

// docAbout reports a document whose own title names one of the titles asked.
func (ix *Index) docAbout(d *Document, asked []string) bool {
	for _, k := range asked {
		if _, ok := ix.docTitles[d][k]; ok {
			return true
		}
	}
	return false
}

// scratchBuf holds the dense per-passage accumulators of one search; they
// are pooled so that a question does not allocate (and later collect) two
// arrays the size of the corpus.
type scratchBuf struct{ scores, matched []float64 }

var scratchPool sync.Pool

func (ix *Index) scratch(n int) *scratchBuf {
	b, _ := scratchPool.Get().(*scratchBuf)
	if b == nil || cap(b.scores) < n {
		b = &scratchBuf{scores: make([]float64, n), matched: make([]float64, n)}
	}
	b.scores, b.matched = b.scores[:n], b.matched[:n]
	clear(b.scores)
	clear(b.matched)
	return b
}

// titleFactor boosts an article whose heading defines exactly the title
// the question names and lowers one whose heading defines another level
// of the same title.
func (ix *Index) titleFactor(a *Article, asked []string, families map[string]bool) float64 {
	if len(asked) == 0 {
		return 1
	}
	ts := ix.titles[a]
	if len(ts) == 0 {
		return 1
	}
	for i, k := range asked {
		if _, ok := ts[k]; ok {
			if i > 0 {
				return secondTitle // the first title named is what is asked about
			}
			return sameTitle
		}
	}
	for k, fam := range ts {
		if !families[fam] {
			continue
		}
		related := false
		for _, a := range asked {
			// "huân chương" and "huân chương lao động": one is the kind
			// of the other, not another level.
			related = related || strings.HasPrefix(a, k+"-") || strings.HasPrefix(k, a+"-")
		}
		if !related {
			return otherLevel
		}
	}
	return 1
}

// facetMiss returns the share of the facets asked for of which the passage
// (text and heading) holds none of the words.
func (ix *Index) facetMiss(q Query, p int) float64 {
	if len(q.facets) == 0 {
		return 0
	}
	miss := 0
	for _, fc := range q.facets {
		held := false
		for _, h := range fc.holds {
			all := true
			for _, t := range h {
				if !ix.holds(p, t) {
					all = false
					break
				}
			}
			if all {
				held = true
				break
			}
		}
		if !held {
			miss++
		}
	}
	return float64(miss) / float64(len(q.facets))
}

// holds reports whether passage p (its text or heading) has term t; the
// postings are in passage order.
func (ix *Index) holds(p int, t string) bool {
	posts := ix.postings[t]
	i := sort.Search(len(posts), func(i int) bool { return int(posts[i].p) >= p })
	return i < len(posts) && int(posts[i].p) == p && !posts[i].docOnly
}

// reIdent finds numbered things a question may name besides articles: a
// cluster or block ("cụm thi đua số 3", "khối 2") and a form ("mẫu số 05"),
// in folded text.
var reIdent = regexp.MustCompile(`\b(cum|khoi|mau)(?: thi dua)?(?: so)? 0*(\d+)\b`)

// namedIdents returns the numbered things q names, as "cum 3", "mau 5".
func namedIdents(q string) []string {
	var out []string
	for _, m := range reIdent.FindAllStringSubmatch(Fold(q), -1) {
		out = append(out, m[1]+" "+m[2])
	}
	return out
}

// holdsIdents reports whether passage p (its text or its article's title)
// names every one of idents.
func (ix *Index) holdsIdents(p int, idents []string) bool {
	ps := &ix.passages[p]
	has := map[string]bool{}
	for _, m := range reIdent.FindAllStringSubmatch(Fold(ps.art.Title+" "+ps.text), -1) {
		has[m[1]+" "+m[2]] = true
	}
	for _, id := range idents {
		if !has[id] {
			return false
		}
	}
	return true
}

// articleIn reports whether an article number ("27", or a summary's range
// "50–54") is or covers one of the numbers named.
func articleIn(number string, named map[string]bool) bool {
	if named[number] {
		return true
	}
	lo, hi, ok := strings.Cut(number, "–")
	if !ok {
		return false
	}
	a, err1 := strconv.Atoi(lo)
	b, err2 := strconv.Atoi(hi)
	if err1 != nil || err2 != nil {
		return false
	}
	for n := range named {
		if v, err := strconv.Atoi(n); err == nil && v >= a && v <= b {
			return true
		}
	}
	return false
}

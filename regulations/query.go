package regulations

import (
	"strconv"
	"strings"
)

// Query is what the analyser understood of a question: its words without
// chit-chat, the award titles it names (with their level), the province it
// is about, the documents it names and whether it asks about the past.
type Query struct {
	Text   string   // the question as asked (NFC)
	Clean  string   // without greetings and politeness, negations kept
	Titles []string // title keys ("cstd-cs"), see kb/lexicon.yaml
	Place  string   // province named ("Bắc Ninh"), "" when none
	Docs   []string // DocKeys of documents named by number or kind+number
	Past   bool     // asks about an earlier rule or a replacement
	Year   int      // a year the question names, 0 when none
	Topic  bool     // names something the bot covers (kb/lexicon.yaml topics, a title)
	// Criteria: asks what a title requires (tiêu chuẩn, điều kiện, cần gì).
	Criteria bool
	// Local: asks for a province's own rules or procedure.
	Local bool
	// headings are the heading words of the articles that answer what is
	// asked (kb/lexicon.yaml headings).
	headings [][]string
	// Aspect: asks about something of a title other than its criteria
	// (its money, deadline, dossier, votes, who awards it).
	Aspect bool
	// Validity: asks whether a document still applies.
	Validity bool
	// facets are what the question asks for (kb/lexicon.yaml facets).
	facets []*facet
	// outside are the phrases of subjects next to emulation the question
	// names ("nâng lương", "thuế"), as index terms (kb/lexicon.yaml outside).
	outside [][]string
	// answers is the set of answer kinds asked for (bit i: lexicon answer i).
	answers uint64

	// Unloaded: the question names a document (by number, or by kind and
	// serial) that no loaded text is.
	Unloaded bool
	// placeWords are the folded syllables naming the place: they scope
	// the search and are not evidence that a passage answers.
	placeWords map[string]bool
	// titleWords are the terms of the title phrases the question names.
	titleWords map[string]bool
}

// Analyze returns what q asks about. ix resolves documents named by kind
// and serial ("nghị định 152") to their numbers; it may be nil.
func (ix *Index) Analyze(q string) Query {
	an := ix.an
	out := Query{Text: NFC(strings.TrimSpace(q))}
	raw := an.rawSyllables(out.Text)
	raw = an.stripChitchat(raw)
	words := make([]string, len(raw))
	for i, s := range raw {
		words[i] = s.acc
		if words[i] == "" {
			words[i] = s.fold
		}
	}
	out.Clean = strings.Join(words, " ")

	exp := an.expand(raw)
	// Titles: longest phrase first over the content syllables.
	var content []string
	for _, p := range exp {
		if !an.isStop(p) {
			content = append(content, p.fold)
		}
	}
	seen := map[string]bool{}
	for i := 0; i < len(content); {
		n := 0
		for _, t := range an.lex.titles {
			if hasPrefix(content[i:], t.phrase) {
				if !seen[t.key] {
					seen[t.key] = true
					out.Titles = append(out.Titles, t.key)
				}
				n = len(t.phrase)
				if out.titleWords == nil {
					out.titleWords = map[string]bool{}
				}
				for j, w := range t.phrase {
					out.titleWords[w] = true
					if j > 0 {
						out.titleWords["_"+t.phrase[j-1]+" "+w] = true
					}
				}
				break
			}
		}
		if n == 0 {
			n = 1
		}
		i += n
	}
	for _, h := range an.lex.headings {
		for _, a := range h.ask {
			if containsSeq(content, a) {
				out.headings = append(out.headings, h.heading)
				break
			}
		}
	}
	for _, as := range an.lex.aspects {
		out.Aspect = out.Aspect || containsSeq(content, as)
	}
	for _, l := range an.lex.local {
		out.Local = out.Local || containsSeq(content, l)
	}
	out.Topic = len(out.Titles) > 0
	for _, t := range an.lex.topics {
		out.Topic = out.Topic || containsSeq(content, t)
	}
	for i := 0; i+1 < len(content) && !out.Topic; i++ {
		out.Topic = ix.headingWords["_"+content[i]+" "+content[i+1]]
	}
	// "Huân chương Sao vàng … huân chương gì": the specific title is
	// what is asked; the generic one only repeats its kind.
	specific := out.Titles[:0:0]
	for _, k := range out.Titles {
		generic := false
		for _, o := range out.Titles {
			generic = generic || strings.HasPrefix(o, k+"-")
		}
		if !generic {
			specific = append(specific, k)
		}
	}
	out.Titles = specific
	out.Place, out.placeWords = an.findPlaceWords(exp)
	folded := make([]string, len(exp))
	for i, p := range exp {
		folded[i] = p.fold
	}
	for _, c := range an.lex.criteria {
		out.Criteria = out.Criteria || containsSeq(folded, c)
	}
	for i := range an.lex.facets {
		fc := &an.lex.facets[i]
		for _, a := range fc.ask {
			if containsSeq(folded, a) {
				out.facets = append(out.facets, fc)
				break
			}
		}
	}
	for i, ak := range an.lex.answers {
		for _, a := range ak.ask {
			if containsSeq(folded, a) {
				out.answers |= 1 << i
			}
		}
	}
	for _, o := range an.lex.outside {
		for i, a := range o.ask {
			if containsSeq(folded, a) {
				out.outside = append(out.outside, o.holds[i])
			}
		}
	}
	for _, v := range an.lex.validity {
		out.Validity = out.Validity || containsSeq(folded, v)
	}
	for _, p := range an.lex.past {
		if containsSeq(folded, p) {
			out.Past = true
		}
	}
	for i, w := range folded {
		if len(w) == 4 && isNumber(w) {
			if y, _ := strconv.Atoi(w); y >= 1990 && y <= 2100 {
				if out.Year == 0 {
					out.Year = y
				}
				if i > 0 && folded[i-1] == "truoc" || i > 1 && folded[i-2] == "truoc" && folded[i-1] == "nam" {
					out.Past = true
				}
			}
		}
	}
	out.Docs = an.docKeys(out.Text)
	if ix.lib != nil {
		for _, k := range out.Docs {
			if _, ok := ix.lib.Document(k); !ok {
				out.Unloaded = true
			}
		}
		byKind, unknown := ix.namedByKind(folded)
		out.Docs = append(out.Docs, byKind...)
		out.Unloaded = out.Unloaded || unknown
	}
	return out
}

// kinds are the folded document kinds a question may name before a serial.
var kinds = [][]string{
	{"nghi", "dinh"}, {"thong", "tu"}, {"quyet", "dinh"}, {"nghi", "quyet"}, {"chi", "thi"}, {"ke", "hoach"}, {"luat"},
}

// namedByKind finds documents named as "nghị định 152", "NĐ 98",
// "thông tư 15 năm 2025" or "luật 2022": the kind, then the serial or the
// year of a document of that kind in the library.
func (ix *Index) namedByKind(w []string) (out []string, unknown bool) {
	for i := range w {
		for _, k := range kinds {
			if !hasPrefix(w[i:], k) {
				continue
			}
			j := i + len(k)
			if j < len(w) && w[j] == "so" {
				j++
			}
			// "luật thi đua khen thưởng 2022": the year may follow the title.
			limit := j + 1
			if len(k) == 1 {
				limit = j + 5
			}
			for ; j < len(w) && j < limit; j++ {
				if !isNumber(w[j]) {
					continue
				}
				year := ""
				if j+1 < len(w) && len(w[j+1]) == 4 && isNumber(w[j+1]) {
					year = w[j+1]
				}
				found := false
				for _, d := range ix.lib.docs {
					if !hasPrefix(strings.Fields(Fold(d.Kind)), k) || d.Number == "" {
						continue
					}
					key := DocKey(d.Number)
					serial, dyear, _ := strings.Cut(strings.TrimPrefix(key, "#"), "/")
					switch {
					case serial == w[j] && (year == "" || strings.HasPrefix(dyear, year)),
						len(k) == 1 && len(w[j]) == 4 && strings.HasPrefix(dyear, w[j]):
						out = append(out, key)
						found = true
					}
				}
				// "luật … 2025" or "nghị định 178" that no loaded text is
				// (a year alone after a decree's kind is a date, not a name).
				if !found && (len(k) == 1 || len(w[j]) < 4) {
					unknown = true
				}
				break
			}
			if len(k) == 1 && (j >= limit || j >= len(w)) {
				// "luật thi đua khen thưởng" without a year: the law in
				// force of that title.
				out = append(out, ix.lawTitled(w[i+1:])...)
			}
		}
	}
	return out, unknown
}

// lawTitled returns the law in force whose title ("Luật Thi đua, khen
// thưởng") the words w start with, after its kind.
func (ix *Index) lawTitled(w []string) []string {
	for _, d := range ix.lib.docs {
		var title []string
		for _, sy := range ix.an.rawSyllables(d.Title) {
			title = append(title, sy.fold)
		}
		if len(title) < 2 || title[0] != "luat" || d.Number == "" || d.Status == Replaced {
			continue
		}
		if hasPrefix(w, title[1:]) {
			return []string{DocKey(d.Number)}
		}
	}
	return nil
}

// stripChitchat drops greetings and politeness: phrases of several
// syllables anywhere, single particles ("ạ", "nhé", "với") only at either
// end, so that "nhà nước" keeps its "nhà".
func (a *analyzer) stripChitchat(raw []syllable) []syllable {
	out := raw[:0:0]
	for i := 0; i < len(raw); {
		n := 0
		for _, c := range a.lex.chitchat {
			if sylPrefix(raw[i:], c) {
				n = len(c)
				break
			}
		}
		if n == 0 {
			out = append(out, raw[i])
			n = 1
		}
		i += n
	}
	// Openers and closing particles, repeatedly: "dạ chị ơi … ạ chị".
	strip := func(ps [][]syllable, atEnd bool) bool {
		for _, p := range ps {
			if len(p) > len(out) {
				continue
			}
			if atEnd && sylPrefix(out[len(out)-len(p):], p) {
				out = out[:len(out)-len(p)]
				return true
			}
			if !atEnd && sylPrefix(out, p) {
				out = out[len(p):]
				return true
			}
		}
		return false
	}
	for strip(a.lex.particle, true) {
	}
	for strip(a.lex.openers, false) {
	}
	return out
}

// sylPrefix reports whether words start with phrase: folded forms equal,
// and accented forms equal where both were typed with diacritics (so "với"
// is not "voi", but "voi" typed without marks may be "với").
func sylPrefix(words, phrase []syllable) bool {
	if len(phrase) > len(words) {
		return false
	}
	for i, p := range phrase {
		w := words[i]
		if w.fold != p.fold {
			return false
		}
		if w.acc != "" && p.acc != "" && w.acc != p.acc {
			return false
		}
		if w.acc != "" && p.acc == "" && hasVowelMark(w.acc) {
			return false
		}
	}
	return true
}

// findPlace returns the province the words name, "" when none.
func (a *analyzer) findPlace(words []syllable) string {
	p, _ := a.findPlaceWords(words)
	return p
}

// findPlaceWords returns the province the words name and the folded
// syllables that name it.
func (a *analyzer) findPlaceWords(words []syllable) (string, map[string]bool) {
	for i := range words {
		for _, p := range a.lex.places {
			if sylPrefix(words[i:], p.phrase) {
				ws := map[string]bool{}
				for j, sy := range p.phrase {
					ws[sy.fold] = true
					if j > 0 {
						ws["_"+p.phrase[j-1].fold+" "+sy.fold] = true
					}
				}
				return p.name, ws
			}
		}
	}
	return "", nil
}

// placeOf is the province a document belongs to: one named in its issuer
// ("UBND tỉnh Bắc Ninh"), or in its title when the issuer is a local body.
// National and sector documents have none.
func (a *analyzer) placeOf(d *Document) string {
	if p := a.findPlace(a.syllablePairs(d.Issuer)); p != "" {
		return p
	}
	iss := Fold(d.Issuer)
	if iss == "" || strings.Contains(iss, "nhan dan") || strings.Contains(iss, "ubnd") || strings.Contains(iss, "hdnd") {
		return a.findPlace(a.syllablePairs(d.Title))
	}
	return ""
}

// titleKeys are the award titles a heading names, and whether it defines
// them (nothing but the titles and defining words, see kb/lexicon.yaml).
func (a *analyzer) titleKeys(heading string) (map[string]string, bool) {
	content := a.contentSyllables(heading)
	out := map[string]string{}
	defines := true
	for i := 0; i < len(content); {
		n := 0
		for _, t := range a.lex.titles {
			if hasPrefix(content[i:], t.phrase) {
				out[t.key] = t.family
				n = len(t.phrase)
				break
			}
		}
		if n == 0 {
			n = 1
			defines = defines && (a.lex.defining[content[i]] || isNumber(content[i]))
		}
		i += n
	}
	return out, defines && len(out) > 0
}

func hasPrefix(words, phrase []string) bool {
	if len(phrase) == 0 || len(phrase) > len(words) {
		return false
	}
	for i, p := range phrase {
		if words[i] != p {
			return false
		}
	}
	return true
}

func containsSeq(words, phrase []string) bool {
	for i := range words {
		if hasPrefix(words[i:], phrase) {
			return true
		}
	}
	return false
}

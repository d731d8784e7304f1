package regulations

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/thiduabot/thiduabot/configfile"
)

// The lexicon is data, not code: kb/abbreviations.yaml and kb/lexicon.yaml
// (embedded) hold the sector's abbreviations, the chit-chat a question is
// stripped of, the award titles and their levels, the provinces and the
// words that ask about the past. Adding a line there needs no code change.

type abbrFile []struct {
	Abbr   []string `yaml:"abbr"`
	Means  string   `yaml:"means"`
	Senses []struct {
		Means   string   `yaml:"means"`
		Next    []string `yaml:"next"`
		Prev    []string `yaml:"prev"`
		Default bool     `yaml:"default"`
	} `yaml:"senses"`
}

type lexiconFile struct {
	Chitchat  []string `yaml:"chitchat"`
	Openers   []string `yaml:"openers"`
	Particles []string `yaml:"particles"`
	Aspects   []string `yaml:"aspects"`
	Facets    []struct {
		Name  string   `yaml:"name"`
		Ask   []string `yaml:"ask"`
		Holds []string `yaml:"holds"`
	} `yaml:"facets"`
	Answers []struct {
		Name    string   `yaml:"name"`
		Ask     []string `yaml:"ask"`
		Pattern string   `yaml:"pattern"`
	} `yaml:"answers"`
	Outside []struct {
		Name    string   `yaml:"name"`
		Phrases []string `yaml:"phrases"`
	} `yaml:"outside"`
	Defining []string `yaml:"defining"`
	Headings []struct {
		Ask     []string `yaml:"ask"`
		Heading string   `yaml:"heading"`
	} `yaml:"headings"`
	Past     []string `yaml:"past"`
	Topics   []string `yaml:"topics"`
	Criteria []string `yaml:"criteria"`
	Local    []string `yaml:"local"`
	Validity []string `yaml:"validity"`
	Titles   []struct {
		Key     string   `yaml:"key"`
		Family  string   `yaml:"family"`
		Phrases []string `yaml:"phrases"`
	} `yaml:"titles"`
	Places []struct {
		Name string   `yaml:"name"`
		Also []string `yaml:"also"`
		Into string   `yaml:"into"`
	} `yaml:"places"`
}

// abbr is one abbreviation: a single expansion, or senses chosen by the
// words around it.
type abbr struct {
	means  []string
	senses []sense
}

type sense struct {
	means      []string
	next, prev [][]string // folded phrases; "#" is any number
	def        bool
}

// headingHint: a question holding one of ask prefers articles whose
// heading holds heading (folded, abbreviations expanded, no stopwords).
type headingHint struct {
	ask     [][]string
	heading []string
}

type titleDef struct {
	key, family string
	phrase      []string // folded, abbreviations expanded, stopwords dropped
}

// facet is one thing a question may ask for (money, a deadline, a dossier,
// who decides, a vote ratio): ask are folded phrases of the question (stopwords
// kept), holds the index terms of which a passage stating it has all of one.
type facet struct {
	name  string
	ask   [][]string
	holds [][]string
}

// answerKind is a kind of answer a question asks for (a number of days, a
// share, an amount, a form, a document number, a date): ask are folded
// phrases of the question, pattern matches the folded text of a passage
// that states such an answer.
type answerKind struct {
	name    string
	ask     [][]string
	pattern *regexp.Regexp
}

type placeDef struct {
	name   string     // the province whose documents apply
	phrase []syllable // how the question may write it
}

type lexicon struct {
	abbr     map[string]abbr
	chitchat [][]syllable // phrases stripped anywhere
	openers  [][]syllable // stripped at the start only
	particle [][]syllable // stripped at the end only
	aspects  [][]string   // folded, abbreviations expanded, stopwords dropped
	facets   []facet
	outside  []facet // subjects next to emulation that the texts do not govern
	answers  []answerKind
	defining map[string]bool
	headings []headingHint
	past     [][]string
	validity [][]string
	topics   [][]string // folded, abbreviations expanded, stopwords dropped
	criteria [][]string // folded, as written (stopwords kept)
	local    [][]string // folded, abbreviations expanded, stopwords dropped
	titles   []titleDef // longest phrase first
	family   map[string]string
	places   []placeDef // longest phrase first
}

var (
	lexOnce sync.Once
	lexVal  *lexicon
	lexErr  error
)

// loadLexicon parses the embedded lexicon once; the files are part of the
// binary, so an error is a build defect that Builtin reports.
func loadLexicon() (*lexicon, error) {
	lexOnce.Do(func() { lexVal, lexErr = parseLexicon() })
	return lexVal, lexErr
}

func mustLexicon() *lexicon {
	l, err := loadLexicon()
	if err != nil {
		panic(err)
	}
	return l
}

func parseLexicon() (*lexicon, error) {
	data, err := builtinFS.ReadFile("kb/abbreviations.yaml")
	if err != nil {
		return nil, fmt.Errorf("read abbreviations: %w", err)
	}
	var af abbrFile
	if _, err := configfile.Decode("kb/abbreviations.yaml", data, &af); err != nil {
		return nil, fmt.Errorf("abbreviations: %w", err)
	}
	lx := &lexicon{abbr: map[string]abbr{}, family: map[string]string{}, defining: map[string]bool{}}
	raw := &analyzer{fold: foldTable()} // no abbreviations: phrases as written
	// words folds a phrase the way questions are folded ("kỳ" → "ki").
	words := func(s string) []string {
		if strings.TrimSpace(s) == "#" {
			return []string{"#"} // any number
		}
		var out []string
		for _, sy := range raw.rawSyllables(s) {
			out = append(out, sy.fold)
		}
		return out
	}
	for i, e := range af {
		var a abbr
		switch {
		case e.Means != "" && len(e.Senses) == 0:
			a.means = words(e.Means)
		case e.Means == "" && len(e.Senses) > 1:
			defaults := 0
			for _, s := range e.Senses {
				sn := sense{means: words(s.Means), def: s.Default}
				for _, n := range s.Next {
					sn.next = append(sn.next, words(n))
				}
				for _, p := range s.Prev {
					sn.prev = append(sn.prev, words(p))
				}
				if s.Default {
					defaults++
				}
				a.senses = append(a.senses, sn)
			}
			if defaults != 1 {
				return nil, fmt.Errorf("abbreviations entry %d (%v): an ambiguous abbreviation needs exactly one default sense", i+1, e.Abbr)
			}
		default:
			return nil, fmt.Errorf("abbreviations entry %d (%v): give either means or at least two senses", i+1, e.Abbr)
		}
		for _, k := range e.Abbr {
			k = strings.Join(words(k), "")
			if _, dup := lx.abbr[k]; dup {
				return nil, fmt.Errorf("abbreviation %q is listed twice", k)
			}
			lx.abbr[k] = a
		}
	}
	data, err = builtinFS.ReadFile("kb/lexicon.yaml")
	if err != nil {
		return nil, fmt.Errorf("read lexicon: %w", err)
	}
	var lf lexiconFile
	if _, err := configfile.Decode("kb/lexicon.yaml", data, &lf); err != nil {
		return nil, fmt.Errorf("lexicon: %w", err)
	}
	for _, c := range lf.Chitchat {
		lx.chitchat = append(lx.chitchat, raw.rawSyllables(c))
	}
	for _, c := range lf.Openers {
		lx.openers = append(lx.openers, raw.rawSyllables(c))
	}
	for _, c := range lf.Particles {
		lx.particle = append(lx.particle, raw.rawSyllables(c))
	}
	for _, ps := range [][][]syllable{lx.chitchat, lx.openers, lx.particle} {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i]) > len(ps[j]) })
	}
	for _, v := range lf.Validity {
		lx.validity = append(lx.validity, words(v))
	}
	for _, p := range lf.Past {
		lx.past = append(lx.past, words(p))
	}
	lexVal = lx // titles are analysed with the abbreviations just read
	an := newAnalyzerWith(lx)
	for _, c := range lf.Criteria {
		lx.criteria = append(lx.criteria, words(c))
	}
	for _, h := range lf.Headings {
		hh := headingHint{heading: an.contentSyllables(h.Heading)}
		for _, a := range h.Ask {
			hh.ask = append(hh.ask, an.contentSyllables(a))
		}
		lx.headings = append(lx.headings, hh)
	}
	for _, d := range lf.Defining {
		for _, w := range an.contentSyllables(d) {
			lx.defining[w] = true
		}
	}
	for _, f := range lf.Facets {
		fc := facet{name: f.Name}
		for _, a := range f.Ask {
			fc.ask = append(fc.ask, words(a))
		}
		for _, h := range f.Holds {
			ts := an.terms(h)
			var bigrams []string
			for _, t := range ts {
				if strings.HasPrefix(t, "_") {
					bigrams = append(bigrams, t)
				}
			}
			if len(bigrams) > 0 {
				ts = bigrams
			}
			fc.holds = append(fc.holds, ts)
		}
		if len(fc.ask) == 0 || len(fc.holds) == 0 {
			return nil, fmt.Errorf("lexicon facet %q: give the words that ask for it and the words a passage stating it holds", f.Name)
		}
		lx.facets = append(lx.facets, fc)
	}
	for _, a := range lf.Answers {
		re, err := regexp.Compile(a.Pattern)
		if err != nil || len(a.Ask) == 0 {
			return nil, fmt.Errorf("lexicon answer %q: give the words that ask for it and a valid pattern (%v)", a.Name, err)
		}
		ak := answerKind{name: a.Name, pattern: re}
		for _, w := range a.Ask {
			ak.ask = append(ak.ask, words(w))
		}
		lx.answers = append(lx.answers, ak)
	}
	if len(lx.answers) > 64 {
		return nil, fmt.Errorf("lexicon: at most 64 answer kinds")
	}
	for _, o := range lf.Outside {
		fc := facet{name: o.Name}
		for _, ph := range o.Phrases {
			fc.ask = append(fc.ask, words(ph))
			fc.holds = append(fc.holds, an.terms(ph))
		}
		if len(fc.ask) == 0 {
			return nil, fmt.Errorf("lexicon outside %q: give its phrases", o.Name)
		}
		lx.outside = append(lx.outside, fc)
	}
	for _, a := range lf.Aspects {
		lx.aspects = append(lx.aspects, an.contentSyllables(a))
	}
	for _, l := range lf.Local {
		lx.local = append(lx.local, an.contentSyllables(l))
	}
	for _, t := range lf.Topics {
		lx.topics = append(lx.topics, an.contentSyllables(t))
	}
	for _, t := range lf.Titles {
		lx.family[t.Key] = t.Family
		for _, p := range t.Phrases {
			lx.titles = append(lx.titles, titleDef{key: t.Key, family: t.Family, phrase: an.contentSyllables(p)})
		}
	}
	sort.SliceStable(lx.titles, func(i, j int) bool { return len(lx.titles[i].phrase) > len(lx.titles[j].phrase) })
	for _, p := range lf.Places {
		name := p.Name
		if p.Into != "" {
			name = p.Into
		}
		for _, w := range append([]string{p.Name}, p.Also...) {
			lx.places = append(lx.places, placeDef{name: name, phrase: an.syllablePairs(w)})
		}
	}
	sort.SliceStable(lx.places, func(i, j int) bool { return len(lx.places[i].phrase) > len(lx.places[j].phrase) })
	return lx, nil
}

package regulations

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normal form C with invalid UTF-8 replaced, the
// form every stored text and every answer uses.
func NFC(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return norm.NFC.String(s)
}

// Fold lower-cases s and strips Vietnamese diacritics (đ becomes d), so that
// "Cờ thi đua", "co thi dua" and "CỜ THI ĐUA" compare equal. Characters that
// are neither letters nor digits are kept as they are; the tokenizer drops
// them later.
func Fold(s string) string {
	s = NFC(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			b.WriteByte('d')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	// NFD of some characters yields a base letter whose lower case differs;
	// a final NFC keeps the output stable under a second Fold.
	return norm.NFC.String(b.String())
}

// synonyms maps a folded question phrase to phrases official texts use for
// the same idea ("hạn nộp" is written "thời gian nộp", "trước ngày").
// They add evidence to a passage but do not count towards confidence.
func synonyms() map[string][]string {
	return map[string][]string{
		"han":        {"thoi han", "thoi gian", "truoc ngay"},
		"tieu chuan": {"dieu kien"},
		"dieu kien":  {"tieu chuan"},
		"giay to":    {"ho so"},
		"tien":       {"tien thuong", "luong co so"},
		"quyen loi":  {"duoc huong", "quyen"},
		"ai":         {"tang cho", "doi tuong"},
		"phieu":      {"ty le", "dong y"},
		"luan phien": {"thanh tich", "tieu chuan"},
		"kinh phi":   {"quy"},
	}
}

// stopwords are folded function words of questions ("là gì", "như thế nào")
// that carry no topic; they are dropped from unigrams so that they neither
// match passages nor count towards the confidence of an answer.
func stopwords() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`la gi nao nhieu khong duoc cua cho va thi nhung cac ai sao nhu ve theo trong khi phai
		mot nay do ra vao voi tu den tai hay hoac can muon minh toi em oi a u nhe vay day kia ma thuoc
		lam sao nhieu it bi se da con neu roi luc gom may hien nay`) {
		m[w] = true
	}
	return m
}

var docNumberRE = regexp.MustCompile(`\b(\d{1,5})/(\d{4})(?:/([a-z0-9]+(?:-[a-z0-9]+)*))?|\b(\d{1,5})/([a-z]+-[a-z]+)\b|\b(\d{1,4})-ct/tw\b`)

// DocKey returns the matching key of a document number: leading zeros of the
// serial dropped and the year kept, so "06/2022/QH15", "6/2022" and
// "06/2022/qh15" share one key. Numbers without a year ("234/QĐ-BHXH") keep
// their folded suffix. It returns "" when s holds no document number.
func DocKey(s string) string {
	keys := docKeys(Fold(s))
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

func docKeys(folded string) []string {
	var out []string
	for _, ix := range docNumberRE.FindAllStringSubmatchIndex(folded, -1) {
		// "01/07/2025" is a date, not document 7/2025.
		if ix[0] > 0 && folded[ix[0]-1] == '/' {
			continue
		}
		m := make([]string, len(ix)/2)
		for i := range m {
			if ix[2*i] >= 0 {
				m[i] = folded[ix[2*i]:ix[2*i+1]]
			}
		}
		switch {
		case m[1] != "":
			out = append(out, "#"+strings.TrimLeft(m[1], "0")+"/"+m[2])
		case m[4] != "":
			out = append(out, "#"+strings.TrimLeft(m[4], "0")+"/"+m[5])
		case m[6] != "":
			out = append(out, "#"+strings.TrimLeft(m[6], "0")+"-ct/tw")
		}
	}
	return out
}

// docKeys finds document numbers in s; only text with a digit and a slash
// can hold one, which spares folding most passages twice.
func (a *analyzer) docKeys(s string) []string {
	if !strings.Contains(s, "/") || !strings.ContainsAny(s, "0123456789") {
		return nil
	}
	return docKeys(a.foldWord(strings.ToLower(NFC(s))))
}

// analyzer turns text into index terms. It is a value, not a global, so
// that its tables are built once per index.
type analyzer struct {
	lex  *lexicon
	abbr map[string]abbr
	stop map[string]bool
	syn  map[string][]string
	// fold maps the Latin letters Vietnamese uses to their folded form;
	// built once so that indexing does not normalise every syllable.
	// It is read-only after newAnalyzer, so queries may run concurrently.
	fold map[rune]rune
}

func newAnalyzer() *analyzer { return newAnalyzerWith(mustLexicon()) }

func newAnalyzerWith(lx *lexicon) *analyzer {
	return &analyzer{lex: lx, abbr: lx.abbr, stop: stopwords(), syn: synonyms(), fold: foldTable()}
}

// foldTable maps the Latin letters Vietnamese uses to their folded form.
func foldTable() map[rune]rune {
	t := map[rune]rune{}
	for _, rg := range [][2]rune{{0xC0, 0x24F}, {0x1E00, 0x1EFF}} {
		for r := rg[0]; r <= rg[1]; r++ {
			f := []rune(Fold(string(r)))
			if len(f) == 1 {
				t[r] = f[0]
			}
		}
	}
	return t
}

// foldWord is Fold for a lower-case NFC word, through the table.
func (a *analyzer) foldWord(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		switch f, ok := a.fold[r]; {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case ok:
			b.WriteRune(f)
		case unicode.Is(unicode.Mn, r):
		default:
			return Fold(w)
		}
	}
	return b.String()
}

// expansions returns the terms of the synonyms of the phrases in q.
func (a *analyzer) expansions(q string) []string {
	syl := a.syllables(q)
	var out []string
	for i := range syl {
		for _, n := range []int{1, 2} {
			if i+n > len(syl) {
				continue
			}
			for _, s := range a.syn[strings.Join(syl[i:i+n], " ")] {
				out = append(out, a.terms(s)...)
			}
		}
	}
	return out
}

// syllable is one syllable in folded form and, when it was written with
// diacritics, in its accented lower-case form.
type syllable struct {
	fold, acc string
}

// syllables folds s, expands abbreviations and returns the syllables in order.
func (a *analyzer) syllables(s string) []string {
	ps := a.syllablePairs(s)
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.fold
	}
	return out
}

func (a *analyzer) syllablePairs(s string) []syllable {
	return a.expand(a.rawSyllables(s))
}

// rawSyllables splits s into syllables, folded and (when typed with
// diacritics) accented, without expanding anything.
func (a *analyzer) rawSyllables(s string) []syllable {
	low := strings.ToLower(NFC(s))
	var out []syllable
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := low[start:end]
		start = -1
		f := a.foldWord(w)
		if f == "" {
			return // a lone combining mark
		}
		acc := ""
		if f != w {
			acc = w
		}
		f, acc = spellI(f, acc)
		out = append(out, syllable{fold: f, acc: acc})
	}
	for i, r := range low {
		if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') || r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(low))
	return out
}

// spellI writes the final "y" of a consonant+y syllable as "i": "sỹ" and
// "sĩ", "kỹ" and "kĩ", "lý" and "lí" are one spelling in two conventions.
func spellI(f, acc string) (string, string) {
	if len(f) != 2 || f[1] != 'y' || !strings.ContainsRune("bdhklmnstv", rune(f[0])) {
		return f, acc
	}
	f = f[:1] + "i"
	if acc != "" {
		acc = strings.NewReplacer("ý", "í", "ỳ", "ì", "ỷ", "ỉ", "ỹ", "ĩ", "ỵ", "ị").Replace(acc)
		if acc == f {
			acc = ""
		}
	}
	return f, acc
}

// numberWords are the numerals written out, with their accented form:
// "hai năm" and "02 năm" are one term.
var numberWords = map[string][2]string{
	"mot": {"1", "một"}, "hai": {"2", "hai"}, "ba": {"3", "ba"}, "bon": {"4", "bốn"}, "tu": {"4", "tư"},
	"nam": {"5", "năm"}, "sau": {"6", "sáu"}, "bay": {"7", "bảy"}, "tam": {"8", "tám"}, "chin": {"9", "chín"}, "muoi": {"10", "mười"},
}

// countUnits are the words after which a numeral is a count.
var countUnits = map[string]bool{"nam": true, "lan": true, "thang": true, "ngay": true, "tuan": true, "nguoi": true, "ca": true, "tap": true}

// ordinals are class numbers: "hạng 3", "hạng III" and "hạng ba" are one.
var ordinals = map[string]string{"1": "nhat", "i": "nhat", "2": "nhi", "ii": "nhi", "3": "ba", "iii": "ba"}

// expand replaces abbreviations by what they stand for (choosing the sense
// of an ambiguous one from its neighbours), writes counts as digits without
// leading zeros and class numbers as words.
func (a *analyzer) expand(raw []syllable) []syllable {
	out := make([]syllable, 0, len(raw))
	for i, sy := range raw {
		f := sy.fold
		if isNumber(f) && len(f) > 1 {
			f = strings.TrimLeft(f, "0")
			if f == "" {
				f = "0"
			}
			out = append(out, syllable{fold: f})
			continue
		}
		if i > 0 && (raw[i-1].fold == "hang" || raw[i-1].fold == "loai") {
			if o, ok := ordinals[f]; ok {
				out = append(out, syllable{fold: o})
				continue
			}
		}
		if nw, ok := numberWords[f]; ok && i+1 < len(raw) && countUnits[raw[i+1].fold] && (sy.acc == "" || sy.acc == nw[1]) && !(f == "nam" && raw[i+1].fold != "nam") {
			out = append(out, syllable{fold: nw[0]})
			continue
		}
		if ab, ok := a.abbr[f]; ok && (sy.acc == "" || strings.ContainsRune(sy.acc, 'đ') || len(f) <= 6 && !hasVowelMark(sy.acc)) {
			for _, e := range a.sense(ab, raw, i) {
				out = append(out, syllable{fold: e})
			}
			continue
		}
		out = append(out, sy)
	}
	return out
}

// hasVowelMark reports a syllable written with a tone or vowel mark (not
// just đ): "có" is a word, "CĐ" may be an abbreviation.
func hasVowelMark(w string) bool {
	for _, r := range w {
		if r >= utf8.RuneSelf && r != 'đ' {
			return true
		}
	}
	return false
}

// sense returns the expansion of the abbreviation at raw[i].
func (a *analyzer) sense(ab abbr, raw []syllable, i int) []string {
	if len(ab.senses) == 0 {
		return ab.means
	}
	matches := func(phrase []string, words []syllable) bool {
		if len(phrase) == 0 || len(phrase) > len(words) {
			return false
		}
		for j, w := range phrase {
			if w == "#" {
				if !isNumber(words[j].fold) {
					return false
				}
				continue
			}
			if words[j].fold != w {
				return false
			}
		}
		return true
	}
	for _, s := range ab.senses {
		for _, n := range s.next {
			if matches(n, raw[i+1:]) {
				return s.means
			}
		}
		for _, p := range s.prev {
			if len(p) <= i && matches(p, raw[i-len(p):i]) {
				return s.means
			}
		}
	}
	for _, s := range ab.senses {
		if s.def {
			return s.means
		}
	}
	return ab.senses[0].means
}

// contentSyllables is the folded, expanded syllables of s without stopwords.
func (a *analyzer) contentSyllables(s string) []string {
	var out []string
	for _, p := range a.syllablePairs(s) {
		if !a.isStop(p) {
			out = append(out, p.fold)
		}
	}
	return out
}

// terms returns the index terms of s: document-number keys, unigrams that are
// not stopwords, and bigrams of adjacent syllables (prefixed with "_" so
// they cannot collide with a unigram). Vietnamese words are mostly two
// syllables, so bigrams approximate word matching without a dictionary.
func (a *analyzer) terms(s string) []string {
	t, _ := a.analyze(s)
	return t
}

// analyze returns the terms of s and its accented unigrams in one pass.
func (a *analyzer) analyze(s string) (terms, accents []string) {
	var syl []string
	for _, p := range a.syllablePairs(s) {
		if a.isStop(p) {
			continue
		}
		syl = append(syl, p.fold)
		if p.acc != "" {
			accents = append(accents, "~"+p.acc)
		}
	}
	out := a.docKeys(s)
	out = append(out, syl...)
	// Bigrams skip stopwords so that "Cờ thi đua của Chính phủ" and "cờ thi
	// đua chính phủ" share "thi dua"+"dua chinh"+"chinh phu".
	for i := 0; i+1 < len(syl); i++ {
		out = append(out, "_"+syl[i]+" "+syl[i+1])
	}
	return out, accents
}

// isStop reports a function word. Some are only function words when typed
// with their diacritics ("thế" in "thế nào", not "thể" in "tập thể").
func (a *analyzer) isStop(p syllable) bool {
	if a.stop[p.fold] {
		return true
	}
	switch p.acc {
	case "thế", "đâu", "gì", "nào", "sao", "bao":
		return true
	}
	return false
}

// NormalizeQuery returns the folded, abbreviation-expanded form of a
// question as the index sees it, for logs and for suggestions.
func NormalizeQuery(q string) string {
	return strings.Join(newAnalyzer().syllables(q), " ")
}

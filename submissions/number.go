package submissions

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/vi"
)

// Parsed is a typed answer as understood for one criterion.
//
// When Ambiguous is set the caller must ask the user (msg.SubmitAmbiguous)
// to pick one of Candidates, showing Choices as the buttons, and must not
// store Value.
// Otherwise Echo is what to show back before saving: the value in Vietnamese
// format with the criterion's unit, plus the conversion when a scale word was
// converted ("2.300 triệu đồng (quy đổi từ 2,3 tỷ)").
type Parsed struct {
	Value      float64
	Ambiguous  bool
	Candidates []float64 // the readings, whole-number reading first
	Choices    []string  // one button text per candidate, saying which reading it is
	Echoes     []string  // the Echo of each candidate, once chosen
	Echo       string
	// Resolved is set when two readings existed and the criterion's range
	// (or its whole-number unit) left exactly one plausible; the Echo, in
	// Vietnamese format, shows which reading was taken.
	Resolved bool
}

// maxInput bounds what Parse reads; no real figure, even with the
// criterion's name typed before it, is longer.
const maxInput = 128

// Parse reads what a focal point typed for criterion c.
//
// Numbers are accepted the Vietnamese way (1.234,5 and 1 234,5), the English
// way (1234.5, 1,234.5), with a sign, with "%" and with a unit word. A form
// with a single "." or "," followed by exactly three digits (1.234, 1,234) has
// two readings; it is resolved by c.Range and by whole-number units (people,
// dossiers, per_count) only when exactly one reading is plausible, otherwise
// the result is Ambiguous.
//
// Unit words: the criterion's own unit (or its first word, "tỷ" for "tỷ
// đồng") is just the unit. A different scale word is converted exactly and the
// Echo says so: "2,3 tỷ" for a criterion in "triệu đồng" is 2.300 (triệu),
// "1,5 nghìn" for one in "người" is 1.500. Scale words never apply to "%", and
// any other word is an error, so a value in the wrong unit is never taken.
// Vietnamese shorthand "1tr2" (1,2 triệu) and "2ty3" (2,3 tỷ) is read too.
//
// For yes_no criteria it accepts có/không in all usual spellings (co, c, x,
// yes, 1 / khong, ko, k, no, 0, chưa…) and returns 1 or 0.
func Parse(input string, c Criterion) (Parsed, error) {
	s := clean(input)
	if s == "" {
		return Parsed{}, &InputError{input, msg.SubmitEmpty(expectedForm(c))}
	}
	if utf8.RuneCountInString(s) > maxInput {
		return Parsed{}, &InputError{input, msg.SubmitTooLong(expectedForm(c))}
	}
	if c.Rule == RuleYesNo {
		v, ok := yesNo(vi.Fold(s))
		if !ok {
			return Parsed{}, &InputError{input, msg.SubmitBadYesNo}
		}
		return Parsed{Value: v, Echo: FormatValue(c, v)}, nil
	}
	f := trimTailWords(vi.Fold(s)) // "95,5% ạ", "21.000 người nhé"
	f = trimLeadWords(f, c.Name)
	if w, rest, _ := strings.Cut(f, " "); rest != "" && slices.Contains(approxWords, strings.TrimRight(w, wordPunct)) {
		return Parsed{}, &InputError{input, msg.SubmitApproximate(expectedForm(c))}
	}
	num, scaleWord, rest, err := splitNumber(f)
	if err != nil {
		return Parsed{}, &InputError{input, msg.SubmitBadNumber(expectedForm(c))}
	}
	readings, zeroFrac, ok := numberReadings(num.run)
	if !ok {
		return Parsed{}, &InputError{input, msg.SubmitBadNumber(expectedForm(c))}
	}
	if len(readings) == 2 && zeroFrac && c.integer() {
		// "15.000 người": nobody writes decimals of a whole count, so the
		// decimal reading (15) is not a plausible intent.
		readings = readings[:1]
	}
	if num.shorthand != "" {
		// "1tr2": the digits after the scale word are decimals of the scale.
		v, err := strconv.ParseFloat(num.run+"."+num.shorthand, 64)
		if err != nil {
			return Parsed{}, &InputError{input, msg.SubmitBadNumber(expectedForm(c))}
		}
		readings = []float64{v}
	}
	if !unitText(rest) {
		return Parsed{}, &InputError{input, msg.SubmitBadNumber(expectedForm(c))}
	}
	factor, convert, uerr := unitFactor(c, scaleWord, rest)
	if uerr != "" {
		return Parsed{}, &InputError{input, uerr}
	}
	var note func(v float64) string
	if convert {
		note = func(v float64) string { return numberText(scaled(v, 1/factor)) + " " + scaleWordText(scaleWord) }
	}
	for i := range readings {
		if math.Abs(readings[i]*factor) >= 1e15 {
			return Parsed{}, &InputError{input, msg.SubmitBadNumber(expectedForm(c))} // beyond any real figure
		}
		if num.negative {
			readings[i] = -readings[i]
		}
		readings[i] = scaled(readings[i], factor)
		if readings[i] == 0 {
			readings[i] = 0 // no "-0"
		}
	}
	return choose(c, readings, note, input)
}

// leadWords, folded, are what people type before a figure without
// changing it: "đạt 96 phần trăm", "dạ, đạt được 1.234 tỷ", "tổng cộng là 2
// lần", "thu dc 11.234,5 ty", "tháng này em báo cáo là 95%". Words that make
// it approximate are approxWords: refused with a reason, as a report holds
// exact figures.
var leadWords = []string{"da", "dat", "duoc", "dc", "tong", "cong", "so", "la", "vang", "em"}

// leadPhrases, folded, are two-word leadWords, taken only together: "quá"
// alone ("quá 95%") would make the figure approximate.
var leadPhrases = []string{"ket qua", "bao cao", "so lieu", "gia tri", "thuc hien", "thang nay", "ky nay"}

// approxWords, folded, make a figure approximate: "khoảng 100", "hơn 95%".
var approxWords = []string{"khoang", "uoc", "gan", "hon", "tren", "duoi", "tam", "xap", "chung"}

// tailWords, folded, are polite particles after a figure: "95,5% ạ",
// "21.000 người nhé".
var tailWords = []string{"a", "ah", "nhe", "nha", "nhen"}

// wordPunct is what may follow a word before the figure: "Thu BHXH: 1.234".
const wordPunct = ",:;"

// trimTailWords drops tailWords (and a comma before them) from the end of a
// folded input.
func trimTailWords(f string) string {
	for {
		i := strings.LastIndexByte(f, ' ')
		if i < 0 || !slices.Contains(tailWords, f[i+1:]) {
			return f
		}
		f = strings.TrimRight(f[:i], " ,")
	}
}

// trimLeadWords drops, from the start of a folded input, leadWords and the
// words of the criterion's own name ("thu dc 11.234,5 ty" for "Thu BHXH",
// "số người tham gia là 21000" for "Phát triển người tham gia"), each
// possibly followed by wordPunct.
//
// A number in the name is never read as the figure: a token with a digit,
// like an approxWord, is dropped only where it continues the name as
// written ("quý 3" of "Tỷ lệ thu quý 3", "nợ trên 3 tháng"), and then is no
// figure at all; elsewhere it stops the trimming, so "3" alone is the figure
// 3 and "trên 95%" is refused as approximate. The rest keeps its own words:
// "2 lần" is a count whatever the name says.
func trimLeadWords(f, name string) string {
	names := nameWords(name)
	var prev []int // where in the name the last dropped word was
	for f != "" {
		tok, rest, _ := strings.Cut(f, " ")
		w := strings.TrimRight(tok, wordPunct)
		var at, next []int
		glued := false // "quý 3%" for "… quý 3": the name's number glued to more
		for i, n := range names {
			cont := slices.Contains(prev, i-1)
			if n == w {
				at = append(at, i)
				if cont {
					next = append(next, i)
				}
			} else if cont && allDigits(n) && strings.HasPrefix(w, n) && !allDigits(w[len(n):len(n)+1]) {
				glued = true
			}
		}
		switch {
		case w == "":
			return f
		case strings.ContainsAny(w, "0123456789") || slices.Contains(approxWords, w):
			if len(next) > 0 {
				prev = next
				break
			}
			if glued {
				return "" // no telling the figure from the name
			}
			return f
		case !allLetters(w):
			return f
		case len(at) > 0:
			prev = at
		case phrase(f):
			prev = nil
			_, rest, _ = strings.Cut(rest, " ")
		case slices.Contains(leadWords, w):
			prev = nil
		default:
			return f
		}
		f = strings.TrimSpace(rest)
	}
	return f
}

// phrase reports whether f starts with one of leadPhrases as two words.
func phrase(f string) bool {
	a, rest, _ := strings.Cut(f, " ")
	b, _, _ := strings.Cut(rest, " ")
	return slices.Contains(leadPhrases, a+" "+strings.TrimRight(b, wordPunct))
}

// nameWords splits a criterion name into folded words: "Thu BHXH, BHYT" →
// thu, bhxh, bhyt.
func nameWords(name string) []string {
	return strings.FieldsFunc(vi.Fold(name), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func allLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// unitText reports whether s can be unit words: letters, spaces, "%" and "/".
func unitText(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && r != ' ' && r != '%' && r != '/' {
			return false
		}
	}
	return true
}

// choose turns the readings of one input into a Parsed.
func choose(c Criterion, readings []float64, note func(float64) string, input string) (Parsed, error) {
	echo := func(v float64) string {
		e := FormatValue(c, v)
		if note != nil {
			e = msg.SubmitConverted(e, note(v))
		}
		return e
	}
	if len(readings) == 1 {
		v := readings[0]
		if c.integer() && v != math.Trunc(v) {
			return Parsed{}, &InputError{input, msg.SubmitNotWhole(expectedForm(c))}
		}
		return Parsed{Value: v, Echo: echo(v)}, nil
	}
	var plausible []float64
	for _, v := range readings {
		if c.plausible(v) {
			plausible = append(plausible, v)
		}
	}
	if len(plausible) == 1 {
		v := plausible[0]
		return Parsed{Value: v, Echo: echo(v), Resolved: true, Candidates: readings}, nil
	}
	choices, echoes := make([]string, len(readings)), make([]string, len(readings))
	for i, v := range readings {
		echoes[i] = echo(v)
		switch {
		case note != nil:
			choices[i] = echo(v) // the conversion note shows the reading
		case i == 0:
			choices[i] = msg.SubmitChoiceWhole(echo(v))
		default:
			choices[i] = msg.SubmitChoiceDecimal(echo(v))
		}
	}
	return Parsed{Ambiguous: true, Candidates: readings, Choices: choices, Echoes: echoes}, nil
}

func (c Criterion) plausible(v float64) bool {
	if c.integer() && v != math.Trunc(v) {
		return false
	}
	return c.Range == nil || c.Range.Contains(v)
}

// scaled multiplies exactly where it can: 2.3 tỷ in triệu is 2300, not
// 2299.9999999999995.
func scaled(v, factor float64) float64 {
	if factor == 1 {
		return v
	}
	r := v * factor
	if s, err := strconv.ParseFloat(strconv.FormatFloat(r, 'g', 12, 64), 64); err == nil {
		return s
	}
	return r
}

// clean normalises what the user typed: NFC, every kind of space (NBSP and
// the thin spaces phones insert) as a plain space, runs of spaces as one, a
// trailing full stop dropped.
func clean(input string) string {
	s := vi.NFC(input)
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' || r == '\u2009' || r == '\u2007' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	out := b.String()
	out = strings.TrimRight(out, ".!")
	return strings.TrimSpace(out)
}

type number struct {
	negative  bool
	run       string // digits with the separators as typed: "1.234,5", "1 234"
	shorthand string // digits after a scale word in "1tr2"
}

// splitNumber cuts a folded input into sign, number, a leading scale word and
// the remaining unit text.
func splitNumber(f string) (n number, scale, rest string, err error) {
	i := 0
	switch {
	case strings.HasPrefix(f, "-"), strings.HasPrefix(f, "+"):
		n.negative = f[0] == '-'
		i = 1
	case strings.HasPrefix(f, "−"), strings.HasPrefix(f, "–"): // minus sign, en dash
		n.negative = true
		i = len("−")
	}
	for i < len(f) && f[i] == ' ' {
		i++
	}
	start := i
	// digits, and separators only between digits: "1 234,5" but not "95,5 %".
	for i < len(f) {
		ch := f[i]
		if ch >= '0' && ch <= '9' {
			i++
			continue
		}
		if (ch == '.' || ch == ',' || ch == ' ') && i > start && i+1 < len(f) && f[i+1] >= '0' && f[i+1] <= '9' {
			i++
			continue
		}
		break
	}
	if i == start {
		return n, "", "", errNoNumber
	}
	n.run = f[start:i]
	tail := strings.TrimSpace(f[i:])
	// "1tr2", "2ty3", "2 tỷ 3": a scale word followed only by digits.
	word, after := firstWord(tail)
	if _, ok := scales[word]; ok && after != "" && allDigits(after) && allDigits(n.run) {
		n.shorthand = after
		return n, word, "", nil
	}
	if _, ok := scales[word]; ok {
		return n, word, after, nil
	}
	return n, "", tail, nil
}

type errorString string

func (e errorString) Error() string { return string(e) }

const errNoNumber = errorString("no number")

// firstWord splits off a leading "%" or a run of letters.
func firstWord(s string) (word, rest string) {
	if s == "" {
		return "", ""
	}
	if s[0] == '%' {
		return "%", strings.TrimSpace(s[1:])
	}
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		return s, ""
	}
	if end == 0 {
		return "", s
	}
	return s[:end], strings.TrimSpace(s[end:])
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// numberReadings lists every valid reading of a run of digits and separators.
// A run has at most two: all separators group thousands, or the last one is
// the decimal mark and the others group thousands.
// zeroFrac tells that the decimal reading has only zeros after the mark.
func numberReadings(run string) (vals []float64, zeroFrac, ok bool) {
	var groups []string
	var seps []byte
	last := 0
	for i := 0; i < len(run); i++ {
		if c := run[i]; c == '.' || c == ',' || c == ' ' {
			groups = append(groups, run[last:i])
			seps = append(seps, c)
			last = i + 1
		}
	}
	groups = append(groups, run[last:])
	if len(strings.TrimLeft(strings.Join(groups, ""), "0")) > 15 {
		return nil, false, false // beyond float64's exact digits: surely a typo
	}
	var out []float64
	// Every separator groups thousands.
	if grouped(groups, seps) {
		if v, err := strconv.ParseFloat(strings.Join(groups, ""), 64); err == nil {
			out = append(out, v)
		}
	}
	// The last separator is the decimal mark.
	if n := len(seps); n > 0 && seps[n-1] != ' ' && (n == 1 || grouped(groups[:n], seps[:n-1]) && seps[0] != seps[n-1]) {
		s := strings.Join(groups[:n], "") + "." + groups[n]
		if v, err := strconv.ParseFloat(s, 64); err == nil && !contains(out, v) {
			out = append(out, v)
			zeroFrac = strings.Trim(groups[n], "0") == ""
		}
	}
	return out, zeroFrac, len(out) > 0
}

// grouped reports whether groups joined by seps are thousands groups: one
// separator character throughout, a first group of 1–3 digits not starting
// with 0, then groups of exactly three.
func grouped(groups []string, seps []byte) bool {
	if len(seps) == 0 {
		return true
	}
	for _, s := range seps {
		if s != seps[0] {
			return false
		}
	}
	if n := len(groups[0]); n < 1 || n > 3 || groups[0][0] == '0' {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

func contains(vs []float64, v float64) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// Scale words, folded, and what they multiply by.
var scales = map[string]float64{
	"ty": 1e9, "ti": 1e9,
	"trieu": 1e6, "tr": 1e6,
	"nghin": 1e3, "ngan": 1e3, "k": 1e3,
}

var scaleNames = map[float64]string{1e9: "tỷ", 1e6: "triệu", 1e3: "nghìn"}

func scaleWordText(w string) string { return scaleNames[scales[w]] }

// Unit words that count whole things, folded.
var countUnits = map[string]bool{
	"nguoi": true, "ho so": true, "luot": true, "lan": true, "vu": true, "cuoc": true,
	"don vi": true, "doanh nghiep": true, "bai": true, "tin": true, "buoi": true,
	"to chuc": true, "luot nguoi": true, "the": true, "chi tieu": true, "sang kien": true,
	"de tai": true, "giai phap": true, "van ban": true, "cuoc hop": true,
}

// Short forms users type for a unit's words, folded.
var unitAliases = map[string]string{
	"d": "dong", "vnd": "dong", "dong": "dong",
	"hs": "ho so", "phan tram": "%", "ng": "nguoi",
}

// splitUnit splits a folded unit into its scale word and the rest:
// "ty dong" → ("ty", "dong"); "%" → ("", "%").
func splitUnit(u string) (scale, rest string) {
	u = strings.TrimSpace(u)
	w, r := firstWord(u)
	if _, ok := scales[w]; ok {
		return w, r
	}
	return "", u
}

// unitFactor checks the typed unit words against the criterion's unit and
// returns the factor that converts the typed number into the criterion's unit.
func unitFactor(c Criterion, typedScale, typedRest string) (factor float64, convert bool, problem string) {
	cScale, cRest := splitUnit(vi.Fold(c.Unit))
	typedRest = strings.TrimSpace(typedRest)
	if a, ok := unitAliases[typedRest]; ok {
		typedRest = a
	}
	if typedRest != "" && typedRest != cRest && !strings.HasPrefix(cRest, typedRest+" ") {
		return 0, false, wrongUnit(c)
	}
	if typedScale == "" || scales[typedScale] == scales[cScale] {
		return 1, false, ""
	}
	if cRest == "%" || c.Rule == RulePerCount {
		return 0, false, wrongUnit(c)
	}
	from := scales[typedScale]
	to := 1.0
	if cScale != "" {
		to = scales[cScale]
	}
	return from / to, true, ""
}

func wrongUnit(c Criterion) string {
	if c.Unit == "" {
		return msg.SubmitWrongUnitPlain
	}
	return msg.SubmitWrongUnit(c.Unit)
}

// yesNo reads the usual ways of saying yes or no, folded.
func yesNo(f string) (float64, bool) {
	f = strings.Trim(f, " .!")
	// Polite particles: "dạ có", "có ạ", "vâng ạ". (A folded "đã" before a
	// verb reads the same as "dạ" and means the same: "đã đạt" is "đạt".)
	f = strings.TrimSuffix(f, " a")
	f = strings.TrimPrefix(f, "da ")
	f = strings.TrimPrefix(f, "vang ")
	switch f {
	case "co", "c", "x", "yes", "y", "1", "dat", "roi", "xong", "ok", "vang", "dung", "dung roi",
		"hoan thanh", "✓", "✔", "v":
		return 1, true
	case "khong", "k", "ko", "kg", "khg", "no", "n", "0", "chua", "chua dat", "khong dat",
		"chua hoan thanh", "khong hoan thanh", "chua xong", "-":
		return 0, true
	}
	return 0, false
}

// FormatValue writes v for criterion c the Vietnamese way with its unit:
// "1.234,5 tỷ đồng", "95,5%", "Có".
func FormatValue(c Criterion, v float64) string { return formatValue(c, v, displayDecimals(v)) }

// formatValue is FormatValue with at most dec decimals.
func formatValue(c Criterion, v float64, dec int) string {
	if c.Rule == RuleYesNo {
		if v == 1 {
			return msg.SubmitYes
		}
		if v == 0 {
			return msg.SubmitNo
		}
	}
	n := vi.Number(v, min(dec, displayDecimals(v)))
	switch c.Unit {
	case "":
		return n
	case "%":
		return n + "%"
	}
	return n + " " + c.Unit
}

// numberText formats v with up to 6 decimals but at most 15 significant
// digits, so float noise never shows ("10.000.000.000,2", not ",200001").
func numberText(v float64) string { return vi.Number(v, displayDecimals(v)) }

func displayDecimals(v float64) int {
	d := 15 - len(strconv.FormatFloat(math.Abs(math.Trunc(v)), 'f', 0, 64))
	return max(0, min(6, d))
}

// expectedForm is the example shown when an input cannot be read.
func expectedForm(c Criterion) string {
	switch {
	case c.Rule == RuleYesNo:
		return msg.SubmitFormYesNo
	case c.Unit == "%":
		return msg.SubmitFormPercent
	case c.integer():
		if c.Unit == "" {
			return msg.SubmitFormCountPlain
		}
		return msg.SubmitFormCount(c.Unit)
	}
	if c.Unit == "" {
		return msg.SubmitFormNumberPlain
	}
	return msg.SubmitFormNumber(c.Unit)
}

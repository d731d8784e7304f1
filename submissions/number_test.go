package submissions

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/thiduabot/thiduabot/vi"
)

var (
	crThu     = Criterion{ID: "thu_bhxh", Name: "Thu BHXH", Unit: "tỷ đồng", Input: Cumulative, Rule: RuleRatio}
	crThuR    = Criterion{ID: "thu_r", Name: "Thu BHXH", Unit: "tỷ đồng", Input: Cumulative, Rule: RuleRatio, Range: &Range{0, 100000}}
	crThuSm   = Criterion{ID: "thu_sm", Name: "Thu nhỏ", Unit: "tỷ đồng", Input: Cumulative, Rule: RuleRatio, Range: &Range{0, 50}}
	crTrieu   = Criterion{ID: "chi", Name: "Chi trả", Unit: "triệu đồng", Input: Monthly, Rule: RuleRatio}
	crPct     = Criterion{ID: "gd_dien_tu", Name: "Tỷ lệ giao dịch điện tử", Unit: "%", Input: Latest, Rule: "bands", Range: &Range{0, 100}}
	crPctFree = Criterion{ID: "no_dong", Name: "Tỷ lệ nợ", Unit: "%", Input: Latest, Rule: "lower_better"}
	crNguoi   = Criterion{ID: "phat_trien_tn", Name: "Phát triển người tham gia", Unit: "người", Input: Cumulative, Rule: RuleLeader}
	crHoSo    = Criterion{ID: "ho_so", Name: "Hồ sơ giải quyết", Unit: "hồ sơ", Input: Monthly, Rule: "direct"}
	crCount   = Criterion{ID: "vi_pham", Name: "Vi phạm bị phê bình", Input: Monthly, Rule: RulePerCount}
	crYesNo   = Criterion{ID: "cchc", Name: "Hoàn thành kế hoạch CCHC", Input: Latest, Rule: RuleYesNo}
	crPlain   = Criterion{ID: "diem", Name: "Điểm tự chấm", Input: Latest, Rule: "direct", Range: &Range{0, 10}}
	crDong    = Criterion{ID: "quy", Name: "Quỹ", Unit: "đồng", Input: Latest, Rule: "direct"}
	crQuy3    = Criterion{ID: "thu_q3", Name: "Tỷ lệ thu quý 3", Unit: "%", Input: Latest, Rule: "bands", Range: &Range{0, 100}}
	crNo3     = Criterion{ID: "no_3t", Name: "Nợ trên 3 tháng", Unit: "%", Input: Latest, Rule: "lower_better"}
	crViPham  = Criterion{ID: "vi_pham_2", Name: "Vi phạm kỷ luật, bị phê bình bằng văn bản", Unit: "lần", Input: Monthly, Rule: RulePerCount}
	crThuFull = Criterion{ID: "thu_full", Name: "Thu BHXH bắt buộc so với kế hoạch", Unit: "tỷ đồng", Input: Cumulative, Rule: RuleRatio}
	crBHYT    = Criterion{ID: "bhyt", Name: "Số người tham gia BHYT so với kế hoạch", Unit: "người", Input: Cumulative, Rule: RuleRatio}
)

const errCase = -1e300 // marks a row that must be rejected

func TestParse(t *testing.T) {
	ask := func(vs ...float64) []float64 { return vs }
	tests := []struct {
		in   string
		c    Criterion
		want float64   // ignored when ask is set
		ask  []float64 // the candidates when the parser must ask
		echo string    // checked when not empty
	}{
		// Vietnamese style.
		{in: "1.234,5", c: crThu, want: 1234.5, echo: "1.234,5 tỷ đồng"},
		{in: "1.234.567,89", c: crThu, want: 1234567.89},
		{in: "2.480,5 tỷ", c: crThu, want: 2480.5},
		{in: "2.480,5 tỷ đồng", c: crThu, want: 2480.5},
		{in: "1 234,5", c: crThu, want: 1234.5},
		{in: "1\u00a0234,5", c: crThu, want: 1234.5},
		{in: "12 345 678", c: crThu, want: 12345678},
		{in: "  95,5  ", c: crThu, want: 95.5},
		{in: "0,5", c: crThu, want: 0.5},
		{in: "0,123", c: crThu, want: 0.123},
		{in: "1.234,", c: crThu, want: errCase},
		// English style.
		{in: "1234.5", c: crThu, want: 1234.5},
		{in: "1,234.5", c: crThu, want: 1234.5},
		{in: "1,234,567", c: crThu, want: 1234567},
		{in: "1234,5678", c: crThu, want: 1234.5678},
		// Percentages.
		{in: "95,5%", c: crPct, want: 95.5, echo: "95,5%"},
		{in: "95.5 %", c: crPct, want: 95.5},
		{in: "95,5 phần trăm", c: crPct, want: 95.5},
		{in: "100%", c: crPct, want: 100},
		{in: "98", c: crPct, want: 98},
		{in: "1,5", c: crPctFree, want: 1.5},
		{in: "95,5 tỷ", c: crPct, want: errCase},
		{in: "95%", c: crThu, want: errCase},
		// Scale words.
		{in: "2,3 tỷ", c: crThu, want: 2.3, echo: "2,3 tỷ đồng"},
		{in: "2,3 ty", c: crThu, want: 2.3},
		{in: "2,3 tỉ", c: crThu, want: 2.3},
		{in: "2,3 tỷ", c: crTrieu, want: 2300, echo: "2.300 triệu đồng (quy đổi từ 2,3 tỷ)"},
		{in: "2,3 tỷ đồng", c: crTrieu, want: 2300},
		{in: "450 triệu", c: crThu, want: 0.45, echo: "0,45 tỷ đồng (quy đổi từ 450 triệu)"},
		{in: "1tr2", c: crTrieu, want: 1.2},
		{in: "2ty3", c: crTrieu, want: 2300},
		{in: "2,3 tỷ", c: crDong, want: 2.3e9},
		{in: "1,5 nghìn người", c: crNguoi, want: 1500},
		{in: "12k", c: crNguoi, want: 12000},
		// Ambiguous: one "." or "," before exactly three digits.
		{in: "1.234", c: crThu, ask: ask(1234, 1.234)},
		{in: "1,234", c: crThu, ask: ask(1234, 1.234)},
		{in: "12.500 tỷ", c: crThu, ask: ask(12500, 12.5)},
		{in: "1.234 tỷ", c: crThuSm, want: 1.234},                  // only 1,234 lies in [0, 50]
		{in: "1.234", c: crThuR, ask: ask(1234, 1.234)},            // both plausible
		{in: "1.234", c: crNguoi, want: 1234, echo: "1.234 người"}, // people are whole
		{in: "15.000 người", c: crNguoi, want: 15000},              // people are whole
		{in: "2.500", c: crHoSo, want: 2500},                       // dossiers are whole
		{in: "95,500", c: crPct, want: 95.5},                       // 95500 is no percentage
		{in: "1.234", c: crPlain, want: 1.234},                     // only 1,234 in [0, 10]
		{in: "12.345", c: crPlain, ask: ask(12345, 12.345)},        // neither in [0, 10]: ask
		{in: "12.500", c: crCount, want: 12500},                    // a count: 12,500 is not whole
		{in: "1,234", c: crTrieu, ask: ask(1234, 1.234)},
		{in: "1.234 tỷ", c: crTrieu, ask: ask(1234000, 1234)},
		// Counts.
		{in: "3", c: crCount, want: 3},
		{in: "2,5", c: crCount, want: errCase},
		{in: "12,5 người", c: crNguoi, want: errCase},
		{in: "3 tỷ", c: crCount, want: errCase},
		// Signs.
		{in: "-5", c: crThu, want: -5},
		{in: "−1,5", c: crThu, want: -1.5},
		{in: "+7", c: crThu, want: 7},
		{in: "-0", c: crThu, want: 0},
		// Yes/no.
		{in: "có", c: crYesNo, want: 1, echo: "Có"},
		{in: "Có", c: crYesNo, want: 1},
		{in: "co", c: crYesNo, want: 1},
		{in: "x", c: crYesNo, want: 1},
		{in: "c", c: crYesNo, want: 1},
		{in: "yes", c: crYesNo, want: 1},
		{in: "Đã hoàn thành", c: crYesNo, want: 1},
		{in: "không", c: crYesNo, want: 0, echo: "Không"},
		{in: "KHONG", c: crYesNo, want: 0},
		{in: "k", c: crYesNo, want: 0},
		{in: "ko", c: crYesNo, want: 0},
		{in: "no", c: crYesNo, want: 0},
		{in: "chưa", c: crYesNo, want: 0},
		{in: "Dạ có ạ", c: crYesNo, want: 1},
		{in: "vâng", c: crYesNo, want: 1},
		{in: "Đúng rồi", c: crYesNo, want: 1},
		{in: "dạ không", c: crYesNo, want: 0},
		{in: "Đã đạt", c: crYesNo, want: 1},
		{in: "chưa đạt ạ", c: crYesNo, want: 0},
		{in: "98,5% ạ", c: crPct, want: 98.5},
		// Words before the number that say "about", "reached", "is".
		{in: "đạt 96 phần trăm", c: crPct, want: 96},
		{in: "Dạ, đạt được 1.234,5 tỷ đồng", c: crThu, want: 1234.5},
		{in: "tổng cộng là 2 lần", c: crLate, want: 2},
		{in: "khoảng", c: crPct, want: errCase},
		{in: "đạt khoảng 98,5%", c: crPct, want: errCase},
		// Chatty input: filler, the criterion's own name, polite particles.
		{in: "thu dc 11.234,5 ty a", c: crThuFull, want: 11234.5, echo: "11.234,5 tỷ đồng"},
		{in: "thu được 11.234,5 tỷ ạ", c: crThuFull, want: 11234.5},
		{in: "Thu BHXH: 11.234,5 tỷ đồng nhé", c: crThuFull, want: 11234.5},
		{in: "thu bhxh bat buoc dat 11.234,5", c: crThuFull, want: 11234.5},
		{in: "kết quả thực hiện là 11.234,5 tỷ nha", c: crThuFull, want: 11234.5},
		{in: "dat 95,5 %", c: crPct, want: 95.5},
		{in: "tỷ lệ giao dịch điện tử đạt 95,5% ạ", c: crPct, want: 95.5},
		{in: "so nguoi tham gia la 21000 nguoi", c: crNguoi, want: 21000},
		{in: "Số người tham gia BHYT so với kế hoạch: 21.000 người ạ", c: crBHYT, want: 21000, echo: "21.000 người"},
		{in: "tong so la 1.234", c: crThuR, ask: ask(1234, 1.234)}, // the words never settle a reading
		{in: "thu dc 1.234 ty", c: crThuFull, ask: ask(1234, 1.234)},
		{in: "vi phạm 2 lần", c: crViPham, want: 2},
		{in: "bị phê bình bằng văn bản 2 lần nhé", c: crViPham, want: 2},
		{in: "2 lần", c: crViPham, want: 2},
		{in: "thu dc khoảng 1.234 tỷ", c: crThuFull, want: errCase}, // approximate
		{in: "khoảng 1.234 tỷ", c: crThuFull, want: errCase},        // approximate
		{in: "thu bhxh", c: crThuFull, want: errCase},
		{in: "thu dc", c: crThuFull, want: errCase},
		{in: "11.234,5 ty thu bhxh", c: crThuFull, want: errCase}, // the name is no unit
		{in: "chi 11.234,5", c: crThuFull, want: errCase},         // not its name
		// A number in the name is never the figure.
		{in: "3", c: crQuy3, want: 3},
		{in: "3%", c: crQuy3, want: 3},
		{in: "ty le thu quy 3", c: crQuy3, want: errCase},
		{in: "quý 3", c: crQuy3, want: errCase},
		{in: "quý 3 ạ", c: crQuy3, want: errCase},
		{in: "quý 3%", c: crQuy3, want: errCase},
		{in: "tỷ lệ thu quý 3: 95,5%", c: crQuy3, want: 95.5},
		{in: "ty le thu quy 3 dat 95,5 %", c: crQuy3, want: 95.5},
		{in: "tỷ lệ 3%", c: crQuy3, want: 3}, // "3" does not follow "lệ" in the name
		{in: "nợ trên 3 tháng là 1,2%", c: crNo3, want: 1.2},
		{in: "trên 1,2%", c: crNo3, want: errCase}, // approximate, though "trên" is in the name
		{in: "nợ trên 3 tháng", c: crNo3, want: errCase},
		{in: "2", c: crYesNo, want: errCase},
		{in: "có lẽ", c: crYesNo, want: errCase},
		// Garbage.
		{in: "", c: crThu, want: errCase},
		{in: "   ", c: crThu, want: errCase},
		{in: "abc", c: crThu, want: errCase},
		{in: "12.34.56", c: crThu, want: errCase},
		{in: "1.23.456", c: crThu, want: errCase},
		{in: "1.234.5", c: crThu, want: errCase},
		{in: "12 5", c: crThu, want: errCase},
		{in: "10-20", c: crThu, want: errCase},
		{in: "khoảng 100", c: crThu, want: errCase},
		{in: "100 người", c: crThu, want: errCase},
		{in: "1, 5", c: crThu, want: errCase},
		{in: strings.Repeat("9", 80), c: crThu, want: errCase},
	}
	for _, tt := range tests {
		t.Run(tt.c.ID+"/"+tt.in, func(t *testing.T) {
			got, err := Parse(tt.in, tt.c)
			switch {
			case tt.ask == nil && tt.want == errCase:
				var ie *InputError
				if !errors.As(err, &ie) || ie.Message == "" {
					t.Fatalf("Parse(%q) = %+v, %v; want an InputError", tt.in, got, err)
				}
				return
			case err != nil:
				t.Fatalf("Parse(%q): %v", tt.in, err)
			case tt.ask != nil:
				if !got.Ambiguous || !slices.Equal(got.Candidates, tt.ask) {
					t.Fatalf("Parse(%q) = %+v; want ask %v", tt.in, got, tt.ask)
				}
				return
			}
			if got.Ambiguous || math.Abs(got.Value-tt.want) > 1e-9*math.Max(1, math.Abs(tt.want)) {
				t.Fatalf("Parse(%q) = %+v; want %v", tt.in, got, tt.want)
			}
			if tt.echo != "" && got.Echo != tt.echo {
				t.Errorf("Parse(%q).Echo = %q; want %q", tt.in, got.Echo, tt.echo)
			}
		})
	}
}

func TestParseResolvedSaysSo(t *testing.T) {
	got, err := Parse("1.234", crNguoi)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Resolved || got.Ambiguous || got.Value != 1234 {
		t.Fatalf("got %+v; want resolved 1234", got)
	}
}

func TestChoices(t *testing.T) {
	for _, tt := range []struct {
		in   string
		c    Criterion
		want []string
	}{
		{"1.234", crThu, []string{"1.234 tỷ đồng (số nguyên)", "1,234 tỷ đồng (số thập phân)"}},
		{"2.300 triệu", crThu, []string{"2,3 tỷ đồng (quy đổi từ 2.300 triệu)", "0,0023 tỷ đồng (quy đổi từ 2,3 triệu)"}},
	} {
		got, err := Parse(tt.in, tt.c)
		if err != nil || !slices.Equal(got.Choices, tt.want) {
			t.Errorf("Parse(%q).Choices = %q, %v; want %q", tt.in, got.Choices, err, tt.want)
		}
		for i, e := range got.Echoes {
			if !strings.HasPrefix(tt.want[i], e) || strings.Contains(e, "(số") {
				t.Errorf("Parse(%q).Echoes[%d] = %q; want the choice %q without its gloss", tt.in, i, e, tt.want[i])
			}
		}
	}
}

// readingsOracle independently lists the plausible readings of the numeric
// part of an input in the one shape that has two: an optional sign, 1–3
// digits not starting with 0, one "." or ",", exactly three digits, then
// anything not a digit or separator.
func readingsOracle(in string, c Criterion) []float64 {
	s := strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == '\u00a0' || r == '\u202f' || r == '\u2009' || r == '\u2007' {
			return ' '
		}
		return r
	}, in))
	for {
		// Words before the figure ("đạt", the criterion's name) are no part of it.
		w, rest, ok := strings.Cut(s, " ")
		if !ok || w == "" || strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !strings.ContainsRune(",:;", r) }) {
			break
		}
		s = strings.TrimSpace(rest)
	}
	s = strings.TrimLeft(s, "+-−– ")
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i < 1 || i > 3 || s[0] == '0' || i+4 > len(s) || (s[i] != '.' && s[i] != ',') {
		return nil
	}
	frac := s[i+1 : i+4]
	for j := 0; j < 3; j++ {
		if frac[j] < '0' || frac[j] > '9' {
			return nil
		}
	}
	if rest := s[i+4:]; rest != "" && (rest[0] >= '0' && rest[0] <= '9' || rest[0] == '.' || rest[0] == ',') {
		return nil
	}
	if rest := strings.TrimLeft(s[i+4:], " "); rest != "" && rest[0] >= '0' && rest[0] <= '9' {
		return nil // "1.234 5": more digits follow
	}
	whole, dec := 0.0, 0.0
	for _, ch := range s[:i] + frac {
		whole = whole*10 + float64(ch-'0')
	}
	dec = whole / 1000
	var out []float64
	readings := []float64{whole, dec}
	if frac == "000" && c.integer() {
		readings = readings[:1] // nobody writes decimals of a whole count
	}
	for _, v := range readings {
		if c.plausible(v) || c.plausible(-v) {
			out = append(out, v)
		}
	}
	return out
}

var fuzzCriteria = []Criterion{crThu, crThuR, crThuSm, crTrieu, crPct, crPctFree, crNguoi, crHoSo, crCount, crYesNo, crPlain, crDong,
	crQuy3, crNo3, crThuFull}

// FuzzParse checks that Parse never panics, never answers both a value and an
// error, never takes a value silently when the input has two plausible
// readings, and that every value it echoes reads back as itself.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"1.234,5", "1234.5", "1 234,5", "95,5%", "95.5 %", "2,3 tỷ", "1.234 tỷ",
		"có", "khong", "x", "1,234", "1tr2", "-0", "12.500 người", "0,123", "1.234.567", "", "%", "−5", "2ty3",
		"1\u00a0234", "9.999 triệu", "1,5 nghìn", "k", "100 người",
		"thu dc 11.234,5 ty a", "so nguoi tham gia la 21000 nguoi", "quý 3", "quý 3%", "tỷ lệ thu quý 3: 95,5%",
		"nợ trên 3 tháng là 1,2%", "trên 1,2%", "đạt 1.234 nhé", "kết quả là 2 lần"} {
		for i := range fuzzCriteria {
			f.Add(s, uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, in string, ci uint8) {
		c := fuzzCriteria[int(ci)%len(fuzzCriteria)]
		got, err := Parse(in, c)
		if lead := clean(in); c.Rule != RuleYesNo && lead != "" && strings.ContainsRune("0123456789+-−–", []rune(lead)[0]) &&
			utf8.RuneCountInString(c.Name+" là "+lead) <= maxInput {
			// The criterion's name typed first changes nothing.
			named, nerr := Parse(c.Name+" là "+in, c)
			if (err == nil) != (nerr == nil) || named.Value != got.Value || named.Ambiguous != got.Ambiguous ||
				!slices.Equal(named.Candidates, got.Candidates) {
				t.Fatalf("Parse(%q) = %+v, %v; with the name first %+v, %v", in, got, err, named, nerr)
			}
		}
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Message == "" || !utf8.ValidString(ie.Message) {
				t.Fatalf("Parse(%q): error %v is not an InputError with a message", in, err)
			}
			return
		}
		if got.Ambiguous {
			if len(got.Candidates) < 2 || got.Candidates[0] == got.Candidates[1] || got.Echo != "" || len(got.Choices) != len(got.Candidates) {
				t.Fatalf("Parse(%q) = %+v: an ask needs two distinct candidates and no echo", in, got)
			}
			return
		}
		if math.IsNaN(got.Value) || math.IsInf(got.Value, 0) || got.Echo == "" {
			t.Fatalf("Parse(%q) = %+v", in, got)
		}
		if num := strings.IndexAny(in, "0123456789"); c.Rule != RuleYesNo && num >= 0 && !strings.ContainsAny(vi.Fold(in[num:]), "ktn") {
			// Without scale words: two plausible readings must never give a value.
			if rs := readingsOracle(in, c); len(rs) > 1 {
				t.Fatalf("Parse(%q) for %s = %v without asking; plausible readings %v", in, c.ID, got.Value, rs)
			}
		}
		if c.Rule == RuleYesNo {
			if got.Value != 0 && got.Value != 1 {
				t.Fatalf("Parse(%q) yes/no = %v", in, got.Value)
			}
			return
		}
		// The echo, as the user reads it, means the same value: read back
		// without the range, it is the value or one of the candidates.
		c.Range = nil
		again, err := Parse(numberText(got.Value), c)
		if err != nil {
			t.Fatalf("echo %q of %q does not parse: %v", numberText(got.Value), in, err)
		}
		if !again.Ambiguous && again.Value != roundTo(got.Value, displayDecimals(got.Value)) {
			t.Fatalf("echo %q of %q reads %v; want %v", numberText(got.Value), in, again.Value, got.Value)
		}
		if again.Ambiguous && !slices.Contains(again.Candidates, roundTo(got.Value, displayDecimals(got.Value))) {
			t.Fatalf("echo %q of %q reads %v; want among them %v", numberText(got.Value), in, again.Candidates, got.Value)
		}
	})
}

// TestParseNameIsNoFigure: the criterion's name alone, numbers and all, is
// no answer.
func TestParseNameIsNoFigure(t *testing.T) {
	for _, c := range fuzzCriteria {
		if c.Rule == RuleYesNo {
			continue
		}
		for _, in := range []string{c.Name, vi.Fold(c.Name), c.Name + " ạ", "đạt " + c.Name} {
			if got, err := Parse(in, c); err == nil {
				t.Errorf("Parse(%q) = %+v; want an error", in, got)
			}
		}
	}
}

// roundTo rounds as vi.Number does, on the decimal form.
func roundTo(v float64, d int) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', d, 64), 64)
	if r == 0 {
		return 0
	}
	return r
}

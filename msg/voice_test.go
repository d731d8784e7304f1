package msg

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The bot names itself "bot", never "em", "tôi" or "chúng tôi" (issue 11.7).
// voiceProblems reports where s breaks that rule:
//   - the word "tôi" in any case ("Tôi", "chúng tôi"), except in "tôi luyện"
//     (to temper), a word emulation texts use;
//   - the word "em" in any case, except where it is not the bot speaking:
//     "các em", "trẻ em", "anh em", "chị em", "anh chị em", "em bé" and the
//     HTML tag <em>;
//   - "Bot" capitalised inside a sentence (it is "bot" there): capitals are
//     for the start of a text, a line or a sentence.
func voiceProblems(s string) []string {
	type word struct {
		w          string // as written
		start, end int    // byte offsets in s
	}
	var words []word
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsLetter(r) {
				break
			}
			j += n
		}
		words = append(words, word{s[i:j], i, j})
		i = j
	}
	lower := func(k int) string {
		if k < 0 || k >= len(words) {
			return ""
		}
		return strings.ToLower(words[k].w)
	}
	// adjacent reports whether words k and k+1 are separated by spaces only.
	adjacent := func(k int) bool {
		return k >= 0 && k+1 < len(words) && strings.TrimSpace(s[words[k].end:words[k+1].start]) == ""
	}
	var out []string
	for k, w := range words {
		a, b := max(0, w.start-20), min(len(s), w.end+20)
		for a > 0 && !utf8.RuneStart(s[a]) {
			a--
		}
		for b < len(s) && !utf8.RuneStart(s[b]) {
			b++
		}
		context := s[a:b]
		switch strings.ToLower(w.w) {
		case "tôi":
			if lower(k+1) == "luyện" && adjacent(k) {
				continue
			}
			out = append(out, "«"+w.w+"» in …"+context+"…")
		case "em":
			before := strings.TrimRight(s[:w.start], " ")
			if strings.HasSuffix(before, "<") || strings.HasSuffix(before, "</") {
				continue // the HTML tag
			}
			switch {
			case adjacent(k-1) && (lower(k-1) == "các" || lower(k-1) == "trẻ" || lower(k-1) == "anh" || lower(k-1) == "chị"):
				continue
			case adjacent(k) && lower(k+1) == "bé":
				continue
			}
			out = append(out, "«"+w.w+"» in …"+context+"…")
		case "bot":
			if w.w != "Bot" {
				continue
			}
			before := strings.TrimRight(s[:w.start], " \t")
			// Leading HTML tags (<b>) do not count as text.
			for strings.HasSuffix(before, ">") {
				lt := strings.LastIndex(before, "<")
				if lt < 0 {
					break
				}
				before = strings.TrimRight(before[:lt], " \t")
			}
			if before == "" || strings.HasSuffix(before, "\n") || strings.ContainsAny(before[len(before)-1:], ".!?…") {
				continue
			}
			out = append(out, "«Bot» mid-sentence in …"+context+"…")
		}
	}
	return out
}

func TestVoiceProblems(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int // number of problems
	}{
		{"Bot sẽ báo lại khi có kết quả.", 0},
		{"Đã lưu. Bot sẽ nhắc anh/chị vào ngày 5.", 0},
		{"<b>Bot</b> sẽ nhắc.", 0},
		{"Lần sau\nBot sẽ nhắc.", 0},
		{"Anh/chị nhắn cho bot để được hướng dẫn.", 0},
		{"Mở @BotFather trên Telegram.", 0},
		{"Anh/chị nhắn cho Bot để được hướng dẫn.", 1},
		{"Dạ, em chưa hiểu kỳ «13/2026».", 1},
		{"Em không tìm thấy đơn vị này.", 1},
		{"Nếu cần, em sẽ nhắc lại.", 1},
		{"Tôi chưa hiểu kỳ này.", 1},
		{"Mẫu báo cáo; tôi sẽ kiểm tra.", 1},
		{"Chúng tôi sẽ liên hệ lại.", 1},
		{"chúng tôi", 1},
		{"TÔI", 1},
		{"Động viên các em học sinh, bảo vệ trẻ em, anh em trong cụm, chị em phụ nữ, anh chị em, em bé.", 0},
		{"Rèn luyện, tôi luyện bản lĩnh chính trị.", 0},
		{"Nhấn mạnh <em>quan trọng</em>.", 0},
		{"Thành viên, emulation, tối, tới, hệ thống.", 0},
		{"Em và tôi.", 2},
	} {
		if got := voiceProblems(tc.s); len(got) != tc.want {
			t.Errorf("voiceProblems(%q) = %q; want %d problem(s)", tc.s, got, tc.want)
		}
	}
}

// TestCatalogueVoice scans every string literal of the catalogue: constants,
// variables and the formats inside its functions.
func TestCatalogueVoice(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	scanned := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0) // comments are not texts
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Errorf("%s: %v", fset.Position(lit.Pos()), err)
				return true
			}
			scanned++
			for _, p := range voiceProblems(s) {
				t.Errorf("%s: the bot names itself «bot»: %s", fset.Position(lit.Pos()), p)
			}
			return true
		})
	}
	if scanned < 300 {
		t.Errorf("only %d string literals scanned; is the catalogue still in msg/*.go?", scanned)
	}
}

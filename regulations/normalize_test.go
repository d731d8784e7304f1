package regulations

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Cờ thi đua của Chính phủ", "co thi dua cua chinh phu"},
		{"ĐIỀU 27", "dieu 27"},
		{"Hồ sơ đề nghị khen thưởng", "ho so de nghi khen thuong"},
		{"co thi dua", "co thi dua"},
		// Decomposed input (NFD, as some keyboards send) folds the same.
		{norm.NFD.String("Tập thể lao động xuất sắc"), "tap the lao dong xuat sac"},
		{"Số: 86/2025/QĐ-UBND", "so: 86/2025/qd-ubnd"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDocKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"06/2022/QH15", "#6/2022"},
		{"Luật số 6/2022/qh15", "#6/2022"},
		{"152/2025", "#152/2025"},
		{"Nghị định 152/2025/NĐ-CP", "#152/2025"},
		{"234/QĐ-BHXH", "#234/qd-bhxh"},
		{"Chỉ thị 34-CT/TW", "#34-ct/tw"},
		{"không có số", ""},
		{"ngày 01/07/2025", ""},
	}
	for _, tt := range tests {
		if got := DocKey(tt.in); got != tt.want {
			t.Errorf("DocKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Tiêu chuẩn TTLĐXS", "tieu chuan tap the lao dong xuat sac"},
		{"tieu chuan ttldxs", "tieu chuan tap the lao dong xuat sac"},
		{"CSTĐ cơ sở", "chien si thi dua co so"},
		{"Hội đồng TĐKT tỉnh", "hoi dong thi dua khen thuong tinh"},
		{"BHXH, BHYT", "bao hiem xa hoi bao hiem y te"},
		{"NĐ 152/2025", "nghi dinh 152 2025"},
		{"QĐ của UBND", "quyet dinh cua uy ban nhan dan"},
	}
	for _, tt := range tests {
		if got := NormalizeQuery(tt.in); got != tt.want {
			t.Errorf("NormalizeQuery(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTermsBigramsSkipStopwords(t *testing.T) {
	an := newAnalyzer()
	a := strings.Join(an.terms("Cờ thi đua của Chính phủ"), "|")
	b := strings.Join(an.terms("co thi dua chinh phu"), "|")
	if a != b {
		t.Errorf("terms differ:\n%s\n%s", a, b)
	}
	if !strings.Contains(a, "_dua chinh") {
		t.Errorf("terms %s lack the bigram across the stopword", a)
	}
}

// FuzzNormalize checks the normaliser on arbitrary input: it never panics,
// returns valid UTF-8 without upper case or combining marks, is idempotent,
// and every term is non-empty.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Cờ thi đua", "co thi dua chinh phu", "TTLĐXS", "152/2025/NĐ-CP", "\xff\xfe", "Điều 27.", "ǅ", "ß ẞ İ", norm.NFD.String("Đạt")} {
		f.Add(s)
	}
	an := newAnalyzer()
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q, invalid UTF-8", s, got)
		}
		if again := Fold(got); again != got {
			t.Fatalf("Fold not idempotent: %q → %q → %q", s, got, again)
		}
		for _, r := range got {
			if unicode.Is(unicode.Mn, r) {
				t.Fatalf("Fold(%q) = %q keeps a combining mark", s, got)
			}
		}
		if fw := an.foldWord(strings.ToLower(NFC(s))); fw != got {
			t.Fatalf("table fold of %q = %q, Fold = %q", s, fw, got)
		}
		for _, term := range an.terms(s) {
			if term == "" || term == "_" {
				t.Fatalf("empty term from %q", s)
			}
		}
		_ = NormalizeQuery(s)
	})
}

package regulations

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/thiduabot/thiduabot/msg"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/golden")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -update to accept):\n%s", name, got)
	}
}

func TestFormatGolden(t *testing.T) {
	ix := builtinIndex(t)
	lib := NewLibrary()
	_, rep, err := lib.AddFile("qd-mau.txt", []byte(decisionText))
	if err != nil {
		t.Fatal(err)
	}
	art, ok := ix.Article("06/2022/QH15", "", "84")
	if !ok {
		t.Fatal("Điều 84 not found")
	}
	tests := []struct{ name, got string }{
		{"answer-replaced.txt", Format(ix.Ask("tỷ lệ phiếu bầu chiến sĩ thi đua", 2))},
		{"answer-unaccented.txt", Format(ix.Ask("ho so de nghi khen thuong gom gi", 1))},
		{"not-found.txt", Format(ix.Ask("giấy khen của giám đốc sở tài chính năm nay", 3))},
		{"article.txt", FormatArticle(art)},
		{"report.txt", FormatReport(rep.Files[0])},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !utf8.ValidString(tt.got) || !norm.NFC.IsNormalString(tt.got) {
				t.Error("output is not valid NFC")
			}
			if n := utf8.RuneCountInString(tt.got); n > 4096 {
				t.Errorf("%d characters, over Telegram's 4,096", n)
			}
			golden(t, tt.name, tt.got)
		})
	}
}

func TestFormatLongAnswerFitsOneMessage(t *testing.T) {
	long := strings.Repeat("Nội dung rất dài của một điều khoản. ", 200)
	a := Answer{Question: "q", Passages: []Passage{
		{Citation: "Điều 1 X", Article: "Điều 1", Text: long, Status: InForce},
		{Citation: "Điều 2 X", Article: "Điều 2", Text: long, Status: Replaced, ReplacedBy: "Y"},
		{Citation: "Điều 3 X", Article: "Điều 3", Text: long, Status: Unknown},
	}}
	got := Format(a)
	if n := utf8.RuneCountInString(got); n > 4096 {
		t.Errorf("%d characters", n)
	}
	if !strings.Contains(got, "Xem toàn văn Điều 2") || !strings.Contains(got, "thay thế bởi Y") {
		t.Errorf("missing truncation hint or replacement warning:\n%s", got)
	}
}

// TestFormatArticleWhole: "Xem toàn văn" shows a long article whole (the
// bot splits it in messages) and never ends it with "bấm Xem toàn văn",
// the button just pressed; only an article past articleMax is cut, and
// then it says where the rest is.
func TestFormatArticleWhole(t *testing.T) {
	long := strings.Repeat("Nội dung rất dài của một điều khoản. ", 150) + "Câu cuối."
	got := FormatArticle(Passage{Citation: "Điều 3 X", Article: "Điều 3", Text: long, Status: InForce})
	if !strings.Contains(got, "Câu cuối.") {
		t.Errorf("a %d-character article is cut:\n…%s", utf8.RuneCountInString(long), got[len(got)-200:])
	}
	if strings.Contains(got, msg.RegFullArticleButton("Điều 3")) {
		t.Errorf("the full view asks to press its own button:\n…%s", got[len(got)-200:])
	}
	huge := strings.Repeat("Nội dung rất dài của một điều khoản. ", 1000)
	got = FormatArticle(Passage{Citation: "Điều 4 X", Article: "Điều 4", Text: huge, Status: InForce})
	if !strings.Contains(got, msg.RegArticleCut) || strings.Contains(got, msg.RegFullArticleButton("Điều 4")) {
		t.Errorf("a cut article must say where the rest is:\n…%s", got[len(got)-300:])
	}
}

func TestFormatGenerated(t *testing.T) {
	a := Answer{Question: "q", Short: "ngắn", Generated: "Hồ sơ gồm tờ trình [1].", Passages: []Passage{{Citation: "Điều 84 X", Article: "Điều 84", Text: "t", Status: InForce}}}
	got := Format(a)
	if !strings.Contains(got, "Hồ sơ gồm tờ trình [1].") || strings.Contains(got, "ngắn") || !strings.Contains(got, "Điều 84 X") {
		t.Errorf("generated answer must replace the short one and keep the citations:\n%s", got)
	}
}

// An abstention on a question naming a province none of whose texts is
// loaded says so; one naming a province whose texts are loaded does not.
func TestNotFoundNamesAProvinceWithoutTexts(t *testing.T) {
	ix := builtinIndex(t)
	a := ix.Ask("han nop ho so khen thuong tong ket nam cua tinh nghe an la ngay nao", 3)
	if len(a.Passages) != 0 {
		t.Fatalf("answered a Nghệ An deadline from %s", a.Passages[0].Citation)
	}
	if a.PlaceNoText != "Nghệ An" || !strings.Contains(Format(a), msg.RegPlaceNoText("Nghệ An")) {
		t.Errorf("PlaceNoText = %q; the abstention does not say Nghệ An's texts are missing:\n%s", a.PlaceNoText, Format(a))
	}
	b := ix.Ask("bac ninh co danh hieu cong dan uu tu cua tinh khong", 3)
	if len(b.Passages) == 0 && b.PlaceNoText != "" {
		t.Errorf("PlaceNoText = %q for Bắc Ninh, whose texts are loaded", b.PlaceNoText)
	}
}

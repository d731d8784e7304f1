package qa

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/msg"
)

// TestLongQuestionQuotedShort: a 10,000-character message that finds nothing
// comes back as one message quoting at most msg.QuoteMax characters of it.
func TestLongQuestionQuotedShort(t *testing.T) {
	h := newHarness(t)
	long := string([]rune(strings.Repeat("chim cánh cụt bay qua núi ", 400))[:10000])
	got := h.Say(focal, long)
	if len(got) != 1 {
		t.Fatalf("the answer came as %d messages", len(got))
	}
	text := bottest.Plain(got)
	start := strings.Index(text, "“")
	end := strings.Index(text, "”")
	if start < 0 || end < start {
		t.Fatalf("no quoted question in:\n%s", text)
	}
	quoted := text[start+len("“") : end]
	if n := utf8.RuneCountInString(quoted); n > msg.QuoteMax || !strings.HasSuffix(quoted, "…") {
		t.Errorf("quoted %d characters (%q), want at most %d, cut with …", n, quoted, msg.QuoteMax)
	}
}

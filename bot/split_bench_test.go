package bot

import (
	"strings"
	"testing"
)

func BenchmarkSplitTextLong(b *testing.B) {
	line := strings.Repeat("chữ ", 25000) // one 100 000-character line
	many := strings.Repeat("<b>Dòng</b> có chữ tiếng Việt\n", 3000)
	for b.Loop() {
		splitText(line, maxText)
		splitText(many, maxText)
	}
}

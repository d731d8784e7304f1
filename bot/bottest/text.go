package bottest

import (
	"strings"
	"testing"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// Plain is the plain text of the messages in ss (callback answers and
// keyboard-only edits left out), separated by "---" lines.
func Plain(ss []telegramtest.Sent) string {
	var parts []string
	for _, s := range ss {
		if s.Method == "answerCallbackQuery" || s.Method == "editMessageReplyMarkup" {
			continue
		}
		parts = append(parts, bot.PlainText(s.Text))
	}
	return strings.Join(parts, "\n---\n")
}

// Transcript is what a user sees of ss, one line a message: its plain text,
// the text of a callback answer, and each button as " [label]".
func Transcript(ss []telegramtest.Sent) string {
	var b strings.Builder
	for _, s := range ss {
		if s.Method == "answerCallbackQuery" && s.Callback == "" {
			continue
		}
		b.WriteString(bot.PlainText(s.Text + s.Callback))
		for _, row := range s.Keyboard {
			for _, btn := range row {
				b.WriteString(" [" + btn.Text + "]")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Methods counts ss by Bot API method.
func Methods(ss []telegramtest.Sent) map[string]int {
	m := map[string]int{}
	for _, s := range ss {
		m[s.Method]++
	}
	return m
}

// Answer is messages (as Plain renders them) or text already rendered.
type Answer interface {
	string | []telegramtest.Sent
}

func text[A Answer](got A) string {
	switch g := any(got).(type) {
	case []telegramtest.Sent:
		return Plain(g)
	default:
		return any(got).(string)
	}
}

// MustContain fails t unless got contains every want.
func MustContain[A Answer](t testing.TB, got A, want ...string) {
	t.Helper()
	all := text(got)
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("answer lacks %q; got:\n%s", w, all)
		}
	}
}

// MustNotContain fails t if got contains any of bad.
func MustNotContain[A Answer](t testing.TB, got A, bad ...string) {
	t.Helper()
	all := text(got)
	for _, w := range bad {
		if strings.Contains(all, w) {
			t.Errorf("answer contains %q; got:\n%s", w, all)
		}
	}
}

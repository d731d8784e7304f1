package regulations

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/thiduabot/thiduabot/msg"
)

// maxPassageRunes keeps a chat answer well under Telegram's 4,096
// characters with three passages; the full article is one button away.
const maxPassageRunes = 900

// Format renders an answer as plain Vietnamese text for a chat: the best
// passages with citation and status, warnings for replaced documents and
// unverified facts, related articles, or the honest not-found with
// suggestions and how an administrator adds a text.
func Format(a Answer) string { return FormatFor(a, msg.RegHowToAdd) }

// FormatFor is Format with the last paragraph of a not-found answer, about
// getting another text into the bot, chosen by the caller for its reader
// (only an administrator can add one); "" leaves it out.
func FormatFor(a Answer, addText string) string {
	var b strings.Builder
	if len(a.Passages) == 0 {
		b.WriteString(msg.RegNotFound(a.Question))
		if a.UnloadedDoc != "" && a.MissingArticle == "" {
			b.WriteString("\n\n" + msg.RegUnloadedDoc(a.UnloadedDoc))
		}
		if a.MissingArticle != "" {
			b.WriteString("\n\n" + msg.RegMissingArticle(a.MissingArticle, a.MissingSource))
		}
		if a.PlaceNoText != "" {
			b.WriteString("\n\n" + msg.RegPlaceNoText(a.PlaceNoText))
		}
		if len(a.Covered) > 0 {
			b.WriteString("\n\n" + msg.RegCovered(a.Covered))
		}
		b.WriteString("\n\n" + msg.RegTry)
		for _, t := range msg.RegRephraseTips() {
			b.WriteString("\n• " + t)
		}
		if len(a.Suggestions) > 0 {
			b.WriteString("\n\n" + msg.RegSimilar)
			for _, s := range a.Suggestions {
				b.WriteString("\n• " + s)
			}
		}
		if addText != "" {
			b.WriteString("\n\n" + addText)
		}
		return b.String()
	}
	switch {
	case a.Generated != "":
		b.WriteString(msg.RegGenerated + "\n" + a.Generated + "\n\n")
	case a.Short != "":
		b.WriteString(msg.RegShort(a.ShortFor, a.Short) + "\n\n")
	}
	for i, p := range a.Passages {
		if i == 1 {
			b.WriteString("\n" + msg.RegMoreAnswers + "\n")
		}
		writePassage(&b, p, maxPassageRunes)
	}
	if len(a.Related) > 0 {
		b.WriteString("\n" + msg.RegRelated)
		for _, r := range a.Related {
			b.WriteString("\n• " + r.Citation)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n" + msg.RegDisclaimer)
	return b.String()
}

// FormatArticle renders a whole article for the "Xem toàn văn Điều" button:
// the official wording when it is loaded, with where the official text is
// and the document's caveats, which answers leave out.
//
// The whole article is written (the bot splits a long message in parts): it
// is what the button promised. Only an article beyond articleMax is cut, and
// then it says where the rest is, not to press the button just pressed.
func FormatArticle(p Passage) string {
	var b strings.Builder
	if utf8.RuneCountInString(p.Text) > articleMax {
		p.Text = truncateRunes(p.Text, articleMax) + " " + msg.RegArticleCut
	}
	writePassage(&b, p, articleMax+utf8.RuneCountInString(msg.RegArticleCut)+1)
	if p.Summary && p.Source != "" {
		b.WriteString(msg.RegSource(p.Source) + "\n")
	}
	if p.Uncertain != "" {
		b.WriteString(msg.RegUncertain(p.Uncertain) + "\n")
	}
	if p.Note != "" {
		b.WriteString(msg.RegDocNote(p.Note) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// articleMax is the most of an article's text "Xem toàn văn" shows: about
// four messages.
const articleMax = 15000

// writePassage writes the citation, one status line and the text.
func writePassage(b *strings.Builder, p Passage, limit int) {
	head := "📌 " + p.Citation
	if p.Heading != "" && p.Clause == "" && p.ArticleNo != p.Heading {
		head += " – " + p.Heading
	}
	b.WriteString(head + "\n")
	b.WriteString(statusLine(p) + "\n")
	text := p.Text
	if utf8.RuneCountInString(text) > limit {
		text = truncateRunes(text, limit) + " " + msg.RegTruncated(p.Article)
	}
	b.WriteString(text + "\n")
}

// statusLine is the one line that says how far a passage can be relied on:
// in force or replaced (and by what), official wording or our summary,
// verified or not, complete or not.
func statusLine(p Passage) string {
	st := msg.RegStatusShort(string(p.Status), p.InForce, p.ReplacedBy)
	if p.Doc != "" && DocKey(p.Doc) == "" {
		st = "" // a note without a number (sector practice) has no legal status
	}
	return msg.RegStatusOne(st, p.Summary, p.Uncertain != "", p.Partial)
}

// truncateRunes cuts s to at most n runes, at a word boundary when one is near.
func truncateRunes(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			cut := s[:pos]
			if sp := strings.LastIndexAny(cut, " \n"); sp > len(cut)*3/4 {
				cut = cut[:sp]
			}
			return cut
		}
		i++
	}
	return s
}

// FormatReport renders what the parser found in an uploaded file, for the
// admin to confirm before it is added.
func FormatReport(r FileReport) string {
	var parts []string
	for _, p := range r.Parts {
		name := p.Name
		if name == "" {
			name = "Văn bản chính"
		}
		parts = append(parts, fmt.Sprintf("• %s: %s", name, articleRanges(p.Articles)))
	}
	var b strings.Builder
	b.WriteString(msg.RegParsed(r.File, r.Number, r.Title, r.Chapters, r.Articles(), parts))
	if len(r.Gaps) > 0 {
		b.WriteString("\n" + msg.RegParsedGaps(len(r.Gaps)))
	}
	if len(r.Unplaced) > 0 {
		b.WriteString("\n" + msg.RegParsedUnplaced(len(r.Unplaced), r.Unplaced[0].Line))
	}
	for _, w := range r.Warnings {
		b.WriteString("\n" + msg.RegParsedWarning(w.Line, w.Msg))
	}
	return b.String()
}

// articleRanges writes "Điều 1–3, 15, 16–18" from article numbers.
func articleRanges(nums []string) string {
	var out []string
	for i := 0; i < len(nums); {
		j := i
		for j+1 < len(nums) && articleOrder(nums[j+1]) == articleOrder(nums[j])+1 && isNumber(nums[j+1]) && isNumber(nums[j]) {
			j++
		}
		if j > i {
			out = append(out, nums[i]+"–"+nums[j])
		} else {
			out = append(out, nums[i])
		}
		i = j + 1
	}
	return "Điều " + strings.Join(out, ", ")
}

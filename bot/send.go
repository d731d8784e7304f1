package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Message is what the bot says: HTML text (build it with HTML or Escape so
// that every user- or config-supplied string is escaped), optional inline
// buttons, and optionally one photo or document (the text becomes its
// caption when short enough, else a separate message after it).
type Message struct {
	Text     string
	Buttons  [][]Button
	Photo    *Upload
	Document *Upload
	Silent   bool // no notification sound
}

// Button is an inline button. Data comes from Data(prefix, args...); a
// button with WebApp instead opens that HTTPS URL as a Telegram Mini App
// (private chats only; see Request.AppButtons).
type Button struct {
	Label  string
	Data   string
	WebApp string `json:"web_app,omitempty"`
}

// Upload is a file to send.
type Upload struct {
	Name string
	Data []byte
}

// Errors of sending.
var (
	// ErrBlocked means the user blocked the bot (403); the member has been
	// marked unreachable.
	ErrBlocked = errors.New("bot: blocked by the user")
	// ErrUnknownOutcome means the request left but no answer came back: the
	// message may or may not have been delivered, and it is not repeated,
	// because a duplicate is worse than a logged gap.
	ErrUnknownOutcome = errors.New("bot: send outcome unknown")
	// ErrRejected means Telegram refused the request (400); it is never retried.
	ErrRejected = errors.New("bot: rejected by Telegram")
)

const (
	maxText      = 4096
	maxCaption   = 1024
	maxCallback  = 64
	maxAttempts  = 6
	firstBackoff = time.Second
	maxBackoff   = 30 * time.Second
)

// Escape escapes s for Telegram's HTML parse mode.
func Escape(s string) string { return html.EscapeString(s) }

// HTML formats like fmt.Sprintf with every argument escaped: the format is
// trusted markup (from package msg), the arguments never are.
func HTML(format string, args ...any) string {
	esc := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			esc[i] = Escape(v)
		case fmt.Stringer:
			esc[i] = Escape(v.String())
		case error:
			esc[i] = Escape(v.Error())
		case []byte:
			esc[i] = Escape(string(v))
		default:
			esc[i] = a // numbers and booleans cannot carry markup
		}
	}
	return fmt.Sprintf(format, esc...)
}

// sender is the one outbound path: pacing, retries, splitting.
type sender struct {
	api     *tg.Bot
	pace    *pacer
	log     *slog.Logger
	act     *activity
	timeout time.Duration
	m       *metrics
	// onBlocked is called once per 403 with the chat id.
	onBlocked func(ctx context.Context, chat int64)
}

// attempt records, for one HTTP request, whether it was written out and what
// status came back, so that a failure can be classified.
type attempt struct {
	wrote  atomic.Bool
	status atomic.Int32
}

type attemptKey struct{}

// tracingClient is the HTTP client given to go-telegram/bot: it notes on the
// request's attempt whether the request left and which status it got. Its
// inner client is the bot's tokenGuard.
type tracingClient struct {
	inner tg.HttpClient
}

func (c tracingClient) Do(req *http.Request) (*http.Response, error) {
	att, _ := req.Context().Value(attemptKey{}).(*attempt)
	if att != nil {
		trace := &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { att.wrote.Store(true) }}
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
	}
	resp, err := c.inner.Do(req)
	if att != nil && resp != nil {
		att.status.Store(int32(resp.StatusCode))
	}
	return resp, err
}

// do runs one Bot API call with pacing (when paced), retries and error
// classification. what names the call in logs.
func (s *sender) do(ctx context.Context, what string, chat int64, paced bool, call func(ctx context.Context) error) error {
	ctx, done := s.act.enter(ctx)
	defer done()
	backoff := firstBackoff
	for n := 1; ; n++ {
		if paced {
			if err := s.pace.wait(ctx, chat, s.act); err != nil {
				return err
			}
		}
		att := &attempt{}
		actx, cancel := context.WithTimeout(context.WithValue(ctx, attemptKey{}, att), s.timeout)
		err := call(actx)
		cancel()
		if err == nil {
			s.m.sent.Add(1)
			s.m.telegramUp.Set(1)
			return nil
		}
		if ctx.Err() != nil {
			if att.wrote.Load() && att.status.Load() == 0 {
				// Cancelled after the request left: Telegram may have
				// delivered it, so callers must not send it again.
				s.m.unknown.Add(1)
				return fmt.Errorf("%s to %d: %w (%w)", what, chat, ErrUnknownOutcome, ctx.Err())
			}
			return ctx.Err()
		}
		var tooMany *tg.TooManyRequestsError
		status := int(att.status.Load())
		retry := false
		switch {
		case errors.As(err, &tooMany):
			s.m.tooMany.Add(1)
			s.m.retries.Add(1)
			wait := time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
			s.log.Warn("telegram: 429, waiting as asked", "call", what, "chat", chat, "retry_after", tooMany.RetryAfter)
			s.pace.block(chat, wait)
			if !paced {
				if err := s.sleep(ctx, wait); err != nil {
					return err
				}
			}
			if n < maxAttempts*2 {
				continue
			}
		case errors.Is(err, tg.ErrorForbidden):
			s.m.blocked.Add(1)
			s.log.Info("telegram: 403, user unreachable", "call", what, "chat", chat)
			if s.onBlocked != nil {
				s.onBlocked(ctx, chat)
			}
			return fmt.Errorf("%s to %d: %w", what, chat, ErrBlocked)
		case errors.Is(err, tg.ErrorBadRequest), tg.IsMigrateError(err):
			s.m.failed.Add(1)
			s.log.Error("telegram: request rejected", "call", what, "chat", chat, "err", err)
			return fmt.Errorf("%s to %d: %w: %s", what, chat, ErrRejected, err)
		case status >= 500:
			retry = true
		case status == 0 && !att.wrote.Load():
			retry = true // never left: connection refused, DNS, dial timeout
			s.m.telegramUp.Set(0)
		case status == 0:
			s.m.unknown.Add(1)
			s.log.Error("telegram: no answer after the request went out; not repeating it", "call", what, "chat", chat, "err", err)
			return fmt.Errorf("%s to %d: %w", what, chat, ErrUnknownOutcome)
		}
		if !retry || n >= maxAttempts {
			s.m.failed.Add(1)
			s.log.Error("telegram: giving up", "call", what, "chat", chat, "attempts", n, "err", err)
			return fmt.Errorf("%s to %d: %w", what, chat, err)
		}
		s.m.retries.Add(1)
		s.log.Warn("telegram: retrying", "call", what, "chat", chat, "attempt", n, "in", backoff, "err", err)
		if err := s.sleep(ctx, backoff); err != nil {
			return err
		}
		backoff = min(backoff*2, maxBackoff)
	}
}

func (s *sender) sleep(ctx context.Context, d time.Duration) error { return s.act.sleep(ctx, d) }

func keyboard(rows [][]Button) (models.ReplyMarkup, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	kb := models.InlineKeyboardMarkup{InlineKeyboard: make([][]models.InlineKeyboardButton, 0, len(rows))}
	for _, row := range rows {
		r := make([]models.InlineKeyboardButton, 0, len(row))
		for _, b := range row {
			if b.WebApp != "" {
				r = append(r, models.InlineKeyboardButton{Text: b.Label, WebApp: &models.WebAppInfo{URL: b.WebApp}})
				continue
			}
			if b.Data == "" || len(b.Data) > maxCallback {
				return nil, fmt.Errorf("button %q: callback data must be 1..%d bytes, got %d", b.Label, maxCallback, len(b.Data))
			}
			r = append(r, models.InlineKeyboardButton{Text: b.Label, CallbackData: b.Data})
		}
		kb.InlineKeyboard = append(kb.InlineKeyboard, r)
	}
	return &kb, nil
}

// send delivers m to chat, split as needed, and returns the id of the last
// message sent (the one carrying the buttons).
func (s *sender) send(ctx context.Context, chat int64, m Message) (int, error) {
	markup, err := keyboard(m.Buttons)
	if err != nil {
		return 0, err
	}
	text := m.Text
	var lastID int
	if f := firstUpload(m); f != nil {
		caption := ""
		if utf16Len(text) <= maxCaption {
			caption, text = text, ""
		}
		var fileMarkup models.ReplyMarkup
		if text == "" {
			fileMarkup = markup
		}
		err := s.do(ctx, "send file", chat, true, func(ctx context.Context) error {
			var msg *models.Message
			var err error
			up := &models.InputFileUpload{Filename: f.Name, Data: bytes.NewReader(f.Data)}
			if m.Photo != nil {
				msg, err = s.api.SendPhoto(ctx, &tg.SendPhotoParams{ChatID: chat, Photo: up, Caption: caption,
					ParseMode: models.ParseModeHTML, ReplyMarkup: fileMarkup, DisableNotification: m.Silent})
			} else {
				msg, err = s.api.SendDocument(ctx, &tg.SendDocumentParams{ChatID: chat, Document: up, Caption: caption,
					ParseMode: models.ParseModeHTML, ReplyMarkup: fileMarkup, DisableNotification: m.Silent})
			}
			if msg != nil {
				lastID = msg.ID
			}
			return err
		})
		if err != nil || text == "" {
			return lastID, err
		}
	}
	parts := splitText(text, maxText)
	for i, part := range parts {
		var mk models.ReplyMarkup
		if i == len(parts)-1 {
			mk = markup
		}
		err := s.do(ctx, "sendMessage", chat, true, func(ctx context.Context) error {
			msg, err := s.api.SendMessage(ctx, &tg.SendMessageParams{ChatID: chat, Text: part, ParseMode: models.ParseModeHTML,
				ReplyMarkup: mk, DisableNotification: m.Silent, LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tg.True()}})
			if msg != nil {
				lastID = msg.ID
			}
			return err
		})
		if err != nil {
			return lastID, err
		}
	}
	return lastID, nil
}

func firstUpload(m Message) *Upload {
	if m.Photo != nil {
		return m.Photo
	}
	return m.Document
}

// edit replaces the text and buttons of a message the bot sent.
func (s *sender) edit(ctx context.Context, chat int64, msgID int, m Message) error {
	markup, err := keyboard(m.Buttons)
	if err != nil {
		return err
	}
	if markup == nil {
		markup = &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}
	}
	text := m.Text
	if utf16Len(text) > maxText {
		text = splitText(text, maxText)[0]
	}
	if text == "" {
		return s.do(ctx, "editMessageReplyMarkup", chat, true, func(ctx context.Context) error {
			_, err := s.api.EditMessageReplyMarkup(ctx, &tg.EditMessageReplyMarkupParams{ChatID: chat, MessageID: msgID, ReplyMarkup: markup})
			return err
		})
	}
	return s.do(ctx, "editMessageText", chat, true, func(ctx context.Context) error {
		_, err := s.api.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: chat, MessageID: msgID, Text: text,
			ParseMode: models.ParseModeHTML, ReplyMarkup: markup, LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tg.True()}})
		return err
	})
}

// answer acknowledges a button press (the spinner on the user's button stops).
func (s *sender) answer(ctx context.Context, id, text string) error {
	return s.do(ctx, "answerCallbackQuery", 0, false, func(ctx context.Context) error {
		_, err := s.api.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: id, Text: text})
		return err
	})
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// splitText cuts HTML text into parts of at most limit UTF-16 units (what
// Telegram counts), at line boundaries where possible; a tag left open at a
// cut is closed at the end of its part and reopened at the start of the next.
func splitText(s string, limit int) []string {
	if utf16Len(s) <= limit {
		return []string{s}
	}
	const reserve = 200 // room for the closing and reopening tags
	budget := limit - reserve
	var parts []string
	var cur strings.Builder
	var open []string // opening tags (full text) still open at the end of cur
	curLen := 0
	flush := func() {
		if cur.Len() == 0 {
			return
		}
		text := cur.String()
		for i := len(open) - 1; i >= 0; i-- {
			text += "</" + tagName(open[i]) + ">"
		}
		parts = append(parts, strings.TrimRight(text, "\n"))
		cur.Reset()
		curLen = 0
		for _, t := range open {
			cur.WriteString(t)
			curLen += utf16Len(t)
		}
	}
	for _, line := range strings.SplitAfter(s, "\n") {
		for utf16Len(line) > budget {
			// A single overlong line: cut it at a space (or anywhere) outside a tag.
			cut := cutPoint(line, budget-curLen)
			if cut <= 0 {
				flush()
				cut = cutPoint(line, budget-curLen)
				if cut <= 0 {
					cut = len(line)
				}
			}
			cur.WriteString(line[:cut])
			open = trackTags(open, line[:cut])
			line = line[cut:]
			flush()
		}
		if curLen+utf16Len(line) > budget {
			flush()
		}
		cur.WriteString(line)
		curLen += utf16Len(line)
		open = trackTags(open, line)
	}
	if strings.TrimSpace(stripTags(cur.String())) != "" {
		flush()
	}
	// Malformed markup (or tags longer than the reserve) can still overflow:
	// a last pass cuts such parts by characters, since a message Telegram
	// rejects for length is worse than one with broken formatting.
	var out []string
	for _, p := range parts {
		for utf16Len(p) > limit {
			cut, units := 0, 0
			for i, r := range p {
				w := 1
				if r >= 0x10000 {
					w = 2
				}
				if units+w > limit {
					break
				}
				units += w
				cut = i + utf8.RuneLen(r)
			}
			out = append(out, p[:cut])
			p = p[cut:]
		}
		out = append(out, p)
	}
	return out
}

// cutPoint returns a byte offset ≤ the first n UTF-16 units of s, not inside a
// tag or an entity, preferably after a space.
func cutPoint(s string, n int) int {
	if n <= 0 {
		return 0
	}
	best, lastSpace, units := 0, 0, 0
	inTag, inEnt := false, false
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if units+w > n {
			break
		}
		units += w
		switch {
		case r == '<':
			inTag = true
		case r == '>':
			inTag = false
		case r == '&':
			inEnt = true
		case r == ';':
			inEnt = false
		}
		if !inTag && !inEnt && r != '<' && r != '&' {
			best = i + utf8.RuneLen(r)
			if r == ' ' {
				lastSpace = best
			}
		}
	}
	if lastSpace > 0 {
		return lastSpace
	}
	return best
}

func tagName(tag string) string {
	t := strings.Trim(tag, "<>/")
	if i := strings.IndexAny(t, " \t"); i >= 0 {
		t = t[:i]
	}
	return t
}

// trackTags updates the stack of open tags with the tags found in s.
func trackTags(open []string, s string) []string {
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			return open
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			return open
		}
		tag := s[i : i+j+1]
		s = s[i+j+1:]
		if strings.HasPrefix(tag, "</") {
			name := tagName(tag)
			for k := len(open) - 1; k >= 0; k-- {
				if tagName(open[k]) == name {
					open = append(open[:k:k], open[k+1:]...)
					break
				}
			}
			continue
		}
		open = append(open, tag)
	}
}

// stripTags removes tags and unescapes entities: the plain text a user sees.
func stripTags(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		s = s[i+j+1:]
	}
	return html.UnescapeString(b.String())
}

// PlainText is what a user sees of an HTML message: tags removed, entities decoded.
func PlainText(s string) string { return stripTags(s) }

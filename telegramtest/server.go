// Package telegramtest is an in-process Telegram Bot API server for tests and
// for the `thiduabot chat` console. It speaks the methods thiduabot uses
// (getMe, getUpdates with offset and long polling, setWebhook/deleteWebhook,
// sendMessage, editMessageText, editMessageReplyMarkup, answerCallbackQuery,
// sendPhoto, sendDocument, getFile and file download, setMyCommands), parses
// the multipart requests go-telegram/bot really sends, lets a test act as any
// user, records everything the bot sent, injects failures (429, 5xx, 403,
// hangs) and enforces Telegram's rate limits, all on an injectable clock so
// that pacing is proven rather than assumed and takes no wall time.
package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/thiduabot/thiduabot/clock"
)

// Options configure a Server. The zero value works: a real clock, a made-up
// token and bot name, limits enforced.
type Options struct {
	Clock       clock.Clock
	Token       string // default "123456:TEST-TOKEN"
	BotUsername string // default "thidua_test_bot"
	// NoLimits turns rate-limit enforcement off (the chat console does not pace).
	NoLimits bool
	// Limits override the enforced limits; zero fields take Telegram's.
	Limits Limits
	// FirstUpdateID is the id of the first update (default 1001). A server
	// restarted over the same bot store must not reuse ids, or the bot
	// rightly ignores them as already handled.
	FirstUpdateID int64
	// OnSent, when set, is called with each recorded call, under the
	// server's lock (it must not call the server): load drivers follow
	// thousands of chats without scanning the whole history.
	OnSent func(Sent)
}

// Limits are the sending limits the server enforces on send* methods.
type Limits struct {
	Global      int           // messages per GlobalWindow over all chats (30)
	GlobalWin   time.Duration // 1s
	ChatBurst   int           // private chat token bucket size (3)
	ChatEvery   time.Duration // private chat refill interval (1s)
	Group       int           // messages per GroupWin to one group (20)
	GroupWin    time.Duration // 1 minute
	RetryAfterS int           // retry_after answered on a violation (1)
}

func (l Limits) withDefaults() Limits {
	if l.Global == 0 {
		l.Global = 30
	}
	if l.GlobalWin == 0 {
		l.GlobalWin = time.Second
	}
	if l.ChatBurst == 0 {
		l.ChatBurst = 3
	}
	if l.ChatEvery == 0 {
		l.ChatEvery = time.Second
	}
	if l.Group == 0 {
		l.Group = 20
	}
	if l.GroupWin == 0 {
		l.GroupWin = time.Minute
	}
	if l.RetryAfterS == 0 {
		l.RetryAfterS = 1
	}
	return l
}

// Button is one inline keyboard button as the bot sent it.
type Button struct {
	Text   string
	Data   string
	WebApp string // the URL of a web_app button
}

// Sent is one request the bot made that produced or changed something a user sees.
type Sent struct {
	Seq       int    // order of arrival, from 1
	Method    string // sendMessage, sendPhoto, sendDocument, editMessageText, editMessageReplyMarkup, answerCallbackQuery
	ChatID    int64
	MessageID int
	Text      string // text or caption, as sent (HTML)
	ParseMode string
	Keyboard  [][]Button
	FileName  string
	FileData  []byte
	Callback  string // answerCallbackQuery text
	At        time.Time
}

// Fault is a failure to inject into the next matching requests.
type Fault struct {
	Method     string // "" matches every method except getUpdates
	ChatID     int64  // 0 matches any chat
	Status     int    // HTTP status and error_code to answer (429, 500, 403, 400); 0 with Hang
	RetryAfter int    // seconds, for 429
	// Hang records the request as delivered (the message is sent) and then
	// never answers until the client gives up: the "timeout after sent" case.
	Hang bool
	// Delay holds the answer back for this long in real time, then answers
	// normally (or with Status when set): a slow network or a busy Telegram.
	// It is wall-clock time on purpose: the bot counts a request in flight as
	// work in progress, so a fake clock could not be moved meanwhile.
	Delay time.Duration
	Times int // how many requests it applies to; 0 means 1
}

// Server is the fake Bot API.
type Server struct {
	URL   string
	Token string

	http   *httptest.Server
	clock  clock.Clock
	name   string
	limits Limits
	noLim  bool
	onSent func(Sent)

	mu         sync.Mutex
	changed    chan struct{} // closed and replaced on every state change
	queue      []json.RawMessage
	queueIDs   []int64
	nextUpdate int64
	nextMsg    map[int64]int
	messages   map[msgKey]*message
	sent       []Sent
	faults     []Fault
	rejected   int // 429s answered because a limit was exceeded
	globalLog  []time.Time
	chatBucket map[int64]*bucket
	groupLog   map[int64][]time.Time
	files      map[string]file
	nextFile   int
	webhookURL string
	webhookSec string
	commands   map[string][]models.BotCommand
	calls      map[string]int
	delivering bool
	retryAt    time.Time // while webhook delivery waits to retry
	closed     chan struct{}
	wg         sync.WaitGroup
}

type msgKey struct {
	chat int64
	id   int
}

type message struct {
	text     string
	keyboard [][]Button
}

type file struct {
	name string
	data []byte
}

type bucket struct {
	tokens float64
	at     time.Time
}

// New starts a server. Close it when done.
func New(o Options) *Server {
	if o.Clock == nil {
		o.Clock = clock.Real{}
	}
	if o.Token == "" {
		o.Token = "123456:TEST-TOKEN"
	}
	if o.BotUsername == "" {
		o.BotUsername = "thidua_test_bot"
	}
	s := &Server{
		Token:      o.Token,
		clock:      o.Clock,
		name:       o.BotUsername,
		limits:     o.Limits.withDefaults(),
		noLim:      o.NoLimits,
		onSent:     o.OnSent,
		changed:    make(chan struct{}),
		nextUpdate: max(o.FirstUpdateID, 1001) - 1,
		nextMsg:    map[int64]int{},
		messages:   map[msgKey]*message{},
		chatBucket: map[int64]*bucket{},
		groupLog:   map[int64][]time.Time{},
		files:      map[string]file{},
		commands:   map[string][]models.BotCommand{},
		calls:      map[string]int{},
		closed:     make(chan struct{}),
	}
	s.http = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.http.URL
	return s
}

// Close stops the server and its webhook delivery.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.closed:
	default:
		close(s.closed)
	}
	s.notify()
	s.mu.Unlock()
	s.http.CloseClientConnections()
	s.http.Close()
	s.wg.Wait()
}

// BotUsername is the username getMe reports.
func (s *Server) BotUsername() string { return s.name }

// notify wakes every waiter; s.mu must be held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Wait blocks until cond (called with the server locked against changes
// between evaluation and wake-up) holds or ctx ends.
func (s *Server) Wait(ctx context.Context, cond func(s *Server) bool) error {
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond(s) {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("telegramtest: wait: %w", ctx.Err())
		}
	}
}

// Sent returns a copy of everything recorded so far, in arrival order.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// SentCount reports how many requests have been recorded.
func (s *Server) SentCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sent)
}

// SentTo returns what was sent to chat (messages, edits, files; not callback answers).
func (s *Server) SentTo(chat int64) []Sent {
	var out []Sent
	for _, m := range s.Sent() {
		if m.ChatID == chat && m.Method != "answerCallbackQuery" {
			out = append(out, m)
		}
	}
	return out
}

// Rejected reports how many requests were answered 429 because the bot
// exceeded a rate limit (injected faults do not count).
func (s *Server) Rejected() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rejected
}

// Calls reports how many times method was called.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// Commands returns the commands set for a language code ("" is the default).
func (s *Server) Commands(lang string) []models.BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]models.BotCommand(nil), s.commands[lang]...)
}

// Webhook returns the registered webhook URL and secret ("" when polling).
func (s *Server) Webhook() (string, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhookURL, s.webhookSec
}

// Pending reports how many updates the bot has not yet confirmed (by a later
// getUpdates offset, or a 200 answer to the webhook call).
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// Idle reports whether the server will do nothing more until the bot or the
// clock acts: every update is confirmed, or webhook delivery is waiting on
// the clock for a retry that is not yet due.
func (s *Server) Idle() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queue) == 0 {
		return true
	}
	return s.webhookURL != "" && !s.retryAt.IsZero() && s.clock.Now().Before(s.retryAt)
}

// Inject adds a fault for the next matching requests.
func (s *Server) Inject(f Fault) {
	if f.Times == 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
}

// User is who a simulated update comes from.
type User struct {
	ID        int64
	FirstName string
	Username  string
}

func (u User) model() models.User {
	name := u.FirstName
	if name == "" {
		name = "User" + strconv.FormatInt(u.ID, 10)
	}
	return models.User{ID: u.ID, FirstName: name, Username: u.Username, LanguageCode: "vi"}
}

func privateChat(u User) models.Chat {
	m := u.model()
	return models.Chat{ID: u.ID, Type: models.ChatTypePrivate, FirstName: m.FirstName, Username: u.Username}
}

// GroupChat returns a supergroup chat for GroupMessage.
func GroupChat(id int64, title string) models.Chat {
	return models.Chat{ID: id, Type: models.ChatTypeSupergroup, Title: title}
}

// Text delivers a text message from u in u's private chat and returns the update id.
func (s *Server) Text(u User, text string) int64 {
	return s.message(u, privateChat(u), func(m *models.Message) { m.Text = text })
}

// GroupText delivers a text message from u in a group chat.
func (s *Server) GroupText(u User, chat models.Chat, text string) int64 {
	return s.message(u, chat, func(m *models.Message) { m.Text = text })
}

// Document uploads a file from u in u's private chat.
func (s *Server) Document(u User, name, mimeType string, data []byte, caption string) int64 {
	id := s.storeFile(name, data)
	return s.message(u, privateChat(u), func(m *models.Message) {
		m.Caption = caption
		m.Document = &models.Document{FileID: id, FileUniqueID: "u" + id, FileName: name, MimeType: mimeType, FileSize: int64(len(data))}
	})
}

// Photo sends a photo (with an optional caption) from u in u's private
// chat, as Telegram does: in two sizes, the larger last.
func (s *Server) Photo(u User, data []byte, caption string) int64 {
	return s.PhotoSizes(u, [][]byte{data, data}, caption)
}

// PhotoSizes sends a photo in the sizes given, smallest first, each with
// its byte count as Telegram's file_size and a width that grows with it.
func (s *Server) PhotoSizes(u User, sizes [][]byte, caption string) int64 {
	var ps []models.PhotoSize
	for i, data := range sizes {
		id := s.storeFile("photo-"+strconv.Itoa(i)+".jpg", data)
		w := 90 << i
		ps = append(ps, models.PhotoSize{FileID: id, FileUniqueID: "u" + id, Width: w, Height: w * 3 / 4, FileSize: len(data)})
	}
	return s.message(u, privateChat(u), func(m *models.Message) {
		m.Caption = caption
		m.Photo = ps
	})
}

// Press presses the button with callback data on message msgID in u's private chat.
func (s *Server) Press(u User, msgID int, data string) int64 {
	chat := privateChat(u)
	s.mu.Lock()
	text := ""
	if m, ok := s.messages[msgKey{chat.ID, msgID}]; ok {
		text = m.text
	}
	s.mu.Unlock()
	now := s.clock.Now()
	return s.push(func(id int64) models.Update {
		return models.Update{ID: id, CallbackQuery: &models.CallbackQuery{
			ID:           "cb" + strconv.FormatInt(id, 10),
			From:         u.model(),
			ChatInstance: strconv.FormatInt(chat.ID, 10),
			Data:         data,
			Message: models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage, Message: &models.Message{
				ID: msgID, Chat: chat, Date: int(now.Unix()), Text: text,
			}},
		}}
	})
}

// PressLabel presses the button labelled label on the latest message in u's
// private chat that has it; it reports false when no such button exists.
func (s *Server) PressLabel(u User, label string) (int64, bool) {
	s.mu.Lock()
	var msgID int
	var data string
	for i := len(s.sent) - 1; i >= 0 && data == ""; i-- {
		m := s.sent[i]
		if m.ChatID != u.ID {
			continue
		}
		cur, ok := s.messages[msgKey{m.ChatID, m.MessageID}]
		if !ok {
			continue
		}
		for _, row := range cur.keyboard {
			for _, b := range row {
				if b.Text == label && data == "" {
					msgID, data = m.MessageID, b.Data
				}
			}
		}
	}
	s.mu.Unlock()
	if data == "" {
		return 0, false
	}
	return s.Press(u, msgID, data), true
}

func (s *Server) message(u User, chat models.Chat, fill func(*models.Message)) int64 {
	now := s.clock.Now()
	return s.push(func(id int64) models.Update {
		from := u.model()
		m := &models.Message{ID: int(id), From: &from, Chat: chat, Date: int(now.Unix())}
		fill(m)
		if strings.HasPrefix(m.Text, "/") {
			end := strings.IndexAny(m.Text, " \n")
			if end < 0 {
				end = len(m.Text)
			}
			m.Entities = []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: 0, Length: utf16Len(m.Text[:end])}}
		}
		return models.Update{ID: id, Message: m}
	})
}

// Redeliver queues an already delivered update again, as Telegram does when
// it never saw the offset confirmed or the webhook answer got lost.
func (s *Server) Redeliver(upd models.Update) {
	raw, err := json.Marshal(upd)
	if err != nil {
		panic(fmt.Sprintf("telegramtest: marshal update: %v", err))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, raw)
	s.queueIDs = append(s.queueIDs, upd.ID)
	s.notify()
	s.kickWebhook()
}

func (s *Server) push(build func(id int64) models.Update) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextUpdate++
	id := s.nextUpdate
	raw, err := json.Marshal(build(id))
	if err != nil {
		panic(fmt.Sprintf("telegramtest: marshal update: %v", err))
	}
	s.queue = append(s.queue, raw)
	s.queueIDs = append(s.queueIDs, id)
	s.notify()
	s.kickWebhook()
	return id
}

func (s *Server) storeFile(name string, data []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextFile++
	id := "file" + strconv.Itoa(s.nextFile)
	s.files[id] = file{name: name, data: append([]byte(nil), data...)}
	return id
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

// ---- HTTP side ----

type apiError struct {
	status     int
	desc       string
	retryAfter int
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if rest, ok := strings.CutPrefix(path, "/_test/"); ok {
		s.control(w, r, rest)
		return
	}
	if rest, ok := strings.CutPrefix(path, "/file/bot"); ok {
		s.download(w, rest)
		return
	}
	rest, ok := strings.CutPrefix(path, "/bot")
	if !ok {
		http.NotFound(w, r)
		return
	}
	token, method, ok := strings.Cut(rest, "/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	if token != s.Token {
		writeErr(w, apiError{status: 401, desc: "Unauthorized"})
		return
	}
	method = strings.TrimPrefix(method, "test/")
	p, files, err := parseParams(r)
	if err != nil {
		writeErr(w, apiError{status: 400, desc: "Bad Request: " + err.Error()})
		return
	}
	s.mu.Lock()
	s.calls[method]++
	s.mu.Unlock()
	if method != "getUpdates" {
		if f, ok := s.takeFault(method, p); ok {
			if f.Hang {
				s.record(method, p, files) // it went out: the user sees it
				select {
				case <-r.Context().Done():
				case <-s.closed:
				}
				return
			}
			if f.Delay > 0 {
				t := time.NewTimer(f.Delay)
				select {
				case <-t.C:
				case <-r.Context().Done():
					t.Stop()
					return
				}
			}
			if f.Status != 0 {
				writeErr(w, apiError{status: f.Status, desc: http.StatusText(f.Status), retryAfter: f.RetryAfter})
				return
			}
		}
	}
	result, aerr := s.call(r.Context(), method, p, files)
	if aerr != nil {
		writeErr(w, *aerr)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "result": result})
}

func writeErr(w http.ResponseWriter, e apiError) {
	body := map[string]any{"ok": false, "error_code": e.status, "description": e.desc}
	if e.retryAfter > 0 {
		body["parameters"] = map[string]any{"retry_after": e.retryAfter}
	}
	writeJSON(w, e.status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

type params map[string]string

func (p params) int64(k string) int64 {
	n, _ := strconv.ParseInt(p[k], 10, 64)
	return n
}

type upload struct {
	name string
	data []byte
}

// parseParams reads multipart (what go-telegram/bot sends), JSON and URL-encoded bodies.
func parseParams(r *http.Request) (params, map[string]upload, error) {
	p := params{}
	files := map[string]upload{}
	for k, v := range r.URL.Query() {
		p[k] = v[0]
	}
	ct, ctParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, nil, err
	}
	switch ct {
	case "multipart/form-data":
		mr := multipart.NewReader(bytes.NewReader(body), ctParams["boundary"])
		for {
			part, err := mr.NextPart()
			if err == io.EOF || (err != nil && len(body) == 0) {
				break
			}
			if err != nil {
				// The library sends an empty body with a multipart content
				// type when a method has no parameters.
				if len(p) == 0 && len(files) == 0 {
					break
				}
				return nil, nil, err
			}
			data, err := io.ReadAll(part)
			if err != nil {
				return nil, nil, err
			}
			if part.FileName() != "" {
				files[part.FormName()] = upload{name: part.FileName(), data: data}
				continue
			}
			p[part.FormName()] = string(data)
		}
	case "application/json":
		var m map[string]any
		if len(body) > 0 {
			if err := json.Unmarshal(body, &m); err != nil {
				return nil, nil, err
			}
		}
		for k, v := range m {
			switch v := v.(type) {
			case string:
				p[k] = v
			default:
				b, _ := json.Marshal(v)
				p[k] = string(b)
			}
		}
	case "application/x-www-form-urlencoded":
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, nil, err
		}
		for k, v := range vals {
			p[k] = v[0]
		}
	}
	return p, files, nil
}

func (s *Server) takeFault(method string, p params) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	chat := p.int64("chat_id")
	for i, f := range s.faults {
		if f.Method != "" && f.Method != method {
			continue
		}
		if f.ChatID != 0 && f.ChatID != chat {
			continue
		}
		s.faults[i].Times--
		if s.faults[i].Times <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return f, true
	}
	return Fault{}, false
}

func isSend(method string) bool {
	switch method {
	case "sendMessage", "sendPhoto", "sendDocument":
		return true
	}
	return false
}

// admit enforces the rate limits for one send; s.mu must be held.
func (s *Server) admit(chat int64) bool {
	if s.noLim {
		return true
	}
	l := s.limits
	now := s.clock.Now()
	cut := now.Add(-l.GlobalWin)
	kept := s.globalLog[:0]
	for _, t := range s.globalLog {
		if t.After(cut) {
			kept = append(kept, t)
		}
	}
	s.globalLog = kept
	if len(s.globalLog) >= l.Global {
		return false
	}
	if chat > 0 {
		b := s.chatBucket[chat]
		if b == nil {
			b = &bucket{tokens: float64(l.ChatBurst), at: now}
			s.chatBucket[chat] = b
		}
		b.tokens += float64(now.Sub(b.at)) / float64(l.ChatEvery)
		if b.tokens > float64(l.ChatBurst) {
			b.tokens = float64(l.ChatBurst)
		}
		b.at = now
		// A tiny tolerance absorbs float rounding of exactly-on-time sends.
		if b.tokens < 1-1e-9 {
			return false
		}
		b.tokens--
	} else {
		gcut := now.Add(-l.GroupWin)
		log := s.groupLog[chat][:0]
		for _, t := range s.groupLog[chat] {
			if t.After(gcut) {
				log = append(log, t)
			}
		}
		if len(log) >= l.Group {
			s.groupLog[chat] = log
			return false
		}
		s.groupLog[chat] = append(log, now)
	}
	s.globalLog = append(s.globalLog, now)
	return true
}

func (s *Server) call(ctx context.Context, method string, p params, files map[string]upload) (any, *apiError) {
	switch method {
	case "getMe":
		return models.User{ID: botID(s.Token), IsBot: true, FirstName: "Thi đua", Username: s.name}, nil
	case "getUpdates":
		return s.getUpdates(ctx, p)
	case "setWebhook":
		s.mu.Lock()
		s.webhookURL, s.webhookSec = p["url"], p["secret_token"]
		s.notify()
		s.kickWebhook()
		s.mu.Unlock()
		return true, nil
	case "deleteWebhook":
		s.mu.Lock()
		s.webhookURL, s.webhookSec = "", ""
		s.notify()
		s.mu.Unlock()
		return true, nil
	case "setMyCommands":
		var cmds []models.BotCommand
		if err := json.Unmarshal([]byte(p["commands"]), &cmds); err != nil {
			return nil, &apiError{status: 400, desc: "Bad Request: can't parse commands"}
		}
		s.mu.Lock()
		s.commands[p["language_code"]] = cmds
		s.notify()
		s.mu.Unlock()
		return true, nil
	case "sendMessage", "sendPhoto", "sendDocument":
		if method == "sendMessage" && strings.TrimSpace(p["text"]) == "" {
			return nil, &apiError{status: 400, desc: "Bad Request: message text is empty"}
		}
		if method == "sendMessage" && utf16Len(p["text"]) > 4096 {
			return nil, &apiError{status: 400, desc: "Bad Request: message is too long"}
		}
		if p["parse_mode"] == "HTML" {
			if err := checkHTML(firstNonEmpty(p["text"], p["caption"])); err != nil {
				return nil, &apiError{status: 400, desc: "Bad Request: can't parse entities: " + err.Error()}
			}
		}
		s.mu.Lock()
		ok := s.admit(p.int64("chat_id"))
		if !ok {
			s.rejected++
			s.notify()
			s.mu.Unlock()
			return nil, &apiError{status: 429, desc: "Too Many Requests: retry after " + strconv.Itoa(s.limits.RetryAfterS), retryAfter: s.limits.RetryAfterS}
		}
		s.mu.Unlock()
		m := s.record(method, p, files)
		return s.messageModel(m), nil
	case "editMessageText", "editMessageReplyMarkup":
		s.mu.Lock()
		_, ok := s.messages[msgKey{p.int64("chat_id"), int(p.int64("message_id"))}]
		s.mu.Unlock()
		if !ok {
			return nil, &apiError{status: 400, desc: "Bad Request: message to edit not found"}
		}
		m := s.record(method, p, files)
		return s.messageModel(m), nil
	case "answerCallbackQuery":
		s.record(method, p, files)
		return true, nil
	case "getFile":
		s.mu.Lock()
		f, ok := s.files[p["file_id"]]
		s.mu.Unlock()
		if !ok {
			return nil, &apiError{status: 400, desc: "Bad Request: invalid file_id"}
		}
		return models.File{FileID: p["file_id"], FileUniqueID: "u" + p["file_id"], FileSize: int64(len(f.data)), FilePath: "documents/" + p["file_id"] + "/" + f.name}, nil
	}
	return nil, &apiError{status: 404, desc: "Not Found: method not found"}
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (s *Server) messageModel(m Sent) models.Message {
	return models.Message{ID: m.MessageID, Chat: models.Chat{ID: m.ChatID}, Date: int(m.At.Unix()), Text: m.Text}
}

// record stores what a user now sees and returns the record.
func (s *Server) record(method string, p params, files map[string]upload) Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := Sent{
		Method:    method,
		ChatID:    p.int64("chat_id"),
		MessageID: int(p.int64("message_id")),
		Text:      firstNonEmpty(p["text"], p["caption"]),
		ParseMode: p["parse_mode"],
		Callback:  p["text"],
		At:        s.clock.Now(),
	}
	if method == "answerCallbackQuery" {
		m.Text = ""
	} else {
		m.Callback = ""
	}
	if rm := p["reply_markup"]; rm != "" {
		var kb models.InlineKeyboardMarkup
		if err := json.Unmarshal([]byte(rm), &kb); err == nil {
			for _, row := range kb.InlineKeyboard {
				var r []Button
				for _, b := range row {
					btn := Button{Text: b.Text, Data: b.CallbackData}
					if b.WebApp != nil {
						btn.WebApp = b.WebApp.URL
					}
					r = append(r, btn)
				}
				m.Keyboard = append(m.Keyboard, r)
			}
		}
	}
	for _, field := range []string{"photo", "document"} {
		if f, ok := files[field]; ok {
			m.FileName, m.FileData = f.name, f.data
		}
	}
	switch method {
	case "sendMessage", "sendPhoto", "sendDocument":
		s.nextMsg[m.ChatID]++
		m.MessageID = s.nextMsg[m.ChatID]
		s.messages[msgKey{m.ChatID, m.MessageID}] = &message{text: m.Text, keyboard: m.Keyboard}
	case "editMessageText":
		cur := s.messages[msgKey{m.ChatID, m.MessageID}]
		cur.text, cur.keyboard = m.Text, m.Keyboard
	case "editMessageReplyMarkup":
		s.messages[msgKey{m.ChatID, m.MessageID}].keyboard = m.Keyboard
	}
	m.Seq = len(s.sent) + 1
	s.sent = append(s.sent, m)
	if s.onSent != nil {
		s.onSent(m)
	}
	s.notify()
	return m
}

func (s *Server) download(w http.ResponseWriter, rest string) {
	token, path, ok := strings.Cut(rest, "/")
	if !ok || token != s.Token {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	parts := strings.Split(path, "/")
	if len(parts) < 2 {
		http.NotFound(w, nil)
		return
	}
	s.mu.Lock()
	f, ok := s.files[parts[1]]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, nil)
		return
	}
	_, _ = w.Write(f.data)
}

func (s *Server) getUpdates(ctx context.Context, p params) (any, *apiError) {
	offset := p.int64("offset")
	limit := int(p.int64("limit"))
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout := time.Duration(p.int64("timeout")) * time.Second
	var deadline <-chan time.Time
	if timeout > 0 {
		deadline = s.clock.After(timeout)
	}
	// The offset confirms what is below it when the request arrives, as
	// Telegram does; a long poll woken later (perhaps for a client that has
	// gone) must not drop an update redelivered meanwhile.
	confirm := offset != 0
	for {
		s.mu.Lock()
		if s.webhookURL != "" {
			s.mu.Unlock()
			return nil, &apiError{status: 409, desc: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
		}
		if confirm {
			confirm = false
			// Confirm everything below offset: Telegram forgets it.
			i := 0
			for i < len(s.queueIDs) && s.queueIDs[i] < offset {
				i++
			}
			if i > 0 {
				s.queue, s.queueIDs = s.queue[i:], s.queueIDs[i:]
				s.notify()
			}
		}
		if len(s.queue) > 0 {
			n := min(limit, len(s.queue))
			out := make([]json.RawMessage, n)
			copy(out, s.queue[:n])
			s.mu.Unlock()
			return out, nil
		}
		ch := s.changed
		s.mu.Unlock()
		if deadline == nil {
			return []json.RawMessage{}, nil
		}
		select {
		case <-ch:
		case <-deadline:
			return []json.RawMessage{}, nil
		case <-ctx.Done():
			return nil, &apiError{status: 499, desc: "client gone"}
		case <-s.closed:
			return []json.RawMessage{}, nil
		}
	}
}

// kickWebhook starts delivering queued updates to the webhook; s.mu held.
func (s *Server) kickWebhook() {
	if s.webhookURL == "" || s.delivering {
		return
	}
	select {
	case <-s.closed:
		return
	default:
	}
	s.delivering = true
	s.wg.Add(1)
	go s.deliver()
}

// deliver posts queued updates one at a time, in order, as Telegram does for
// one bot; an update leaves the queue only on a 200 answer. Failed calls are
// retried after a second of the server's clock.
func (s *Server) deliver() {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		if len(s.queue) == 0 || s.webhookURL == "" {
			s.delivering = false
			s.mu.Unlock()
			return
		}
		raw, id, u, sec := s.queue[0], s.queueIDs[0], s.webhookURL, s.webhookSec
		s.mu.Unlock()
		ok := postWebhook(u, sec, raw)
		s.mu.Lock()
		if ok && len(s.queueIDs) > 0 && s.queueIDs[0] == id {
			s.queue, s.queueIDs = s.queue[1:], s.queueIDs[1:]
			s.notify()
		}
		s.mu.Unlock()
		if !ok {
			s.mu.Lock()
			s.retryAt = s.clock.Now().Add(time.Second)
			wake := s.clock.After(time.Second)
			s.notify()
			s.mu.Unlock()
			select {
			case <-wake:
				s.mu.Lock()
				s.retryAt = time.Time{}
				s.notify()
				s.mu.Unlock()
			case <-s.closed:
				s.mu.Lock()
				s.delivering = false
				s.mu.Unlock()
				return
			}
		}
	}
}

func postWebhook(u, secret string, raw []byte) bool {
	req, err := http.NewRequest(http.MethodPost, u, bytes.NewReader(raw))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func botID(token string) int64 {
	id, _ := strconv.ParseInt(strings.SplitN(token, ":", 2)[0], 10, 64)
	return id
}

// checkHTML rejects what Telegram's HTML parser rejects: unknown or
// unbalanced tags and bare '<' or '&' that do not start a tag or entity.
func checkHTML(s string) error {
	allowed := map[string]bool{"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true, "s": true,
		"strike": true, "del": true, "a": true, "code": true, "pre": true, "tg-spoiler": true, "blockquote": true, "span": true}
	var stack []string
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<':
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				return fmt.Errorf("unclosed start tag at byte offset %d", i)
			}
			tag := s[i+1 : i+end]
			closing := strings.HasPrefix(tag, "/")
			name := strings.TrimPrefix(tag, "/")
			if sp := strings.IndexAny(name, " \t"); sp >= 0 {
				name = name[:sp]
			}
			if !allowed[name] {
				return fmt.Errorf("unsupported start tag %q at byte offset %d", name, i)
			}
			if closing {
				if len(stack) == 0 || stack[len(stack)-1] != name {
					return fmt.Errorf("unexpected end tag %q at byte offset %d", name, i)
				}
				stack = stack[:len(stack)-1]
			} else {
				stack = append(stack, name)
			}
			i += end
		case '&':
			end := strings.IndexByte(s[i:], ';')
			if end < 0 || end > 10 {
				return fmt.Errorf("unsupported entity at byte offset %d", i)
			}
			switch ent := s[i+1 : i+end]; {
			case ent == "lt", ent == "gt", ent == "amp", ent == "quot", ent == "#39", strings.HasPrefix(ent, "#"):
			default:
				return fmt.Errorf("unsupported entity %q", ent)
			}
		}
	}
	if len(stack) > 0 {
		return fmt.Errorf("can't find end tag corresponding to start tag %q", stack[len(stack)-1])
	}
	return nil
}

// control serves a small HTTP API for driving the server from another
// process (benchmarks run it in a child process so that the bot's own CPU
// can be measured apart from the server's):
//
//	POST /_test/text?user=ID&text=T   deliver a private text; answers the update id
//	GET  /_test/sent?min=N            wait (up to 60s) until N messages were sent;
//	                                  answers them as JSON [{"chat","text","at_ns"}]
func (s *Server) control(w http.ResponseWriter, r *http.Request, what string) {
	q := r.URL.Query()
	switch what {
	case "text":
		id, _ := strconv.ParseInt(q.Get("user"), 10, 64)
		upd := s.Text(User{ID: id}, q.Get("text"))
		writeJSON(w, http.StatusOK, map[string]int64{"update_id": upd})
	case "sent":
		n, _ := strconv.Atoi(q.Get("min"))
		ctx, cancel := context.WithTimeout(r.Context(), 60*time.Second)
		defer cancel()
		_ = s.Wait(ctx, func(s *Server) bool { return s.SentCount() >= n })
		type rec struct {
			Chat int64  `json:"chat"`
			Text string `json:"text"`
			AtNS int64  `json:"at_ns"`
		}
		var out []rec
		for _, m := range s.Sent() {
			out = append(out, rec{m.ChatID, m.Text, m.At.UnixNano()})
		}
		writeJSON(w, http.StatusOK, out)
	default:
		http.NotFound(w, r)
	}
}

package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/vi"
)

// Request is one update as a handler sees it.
type Request struct {
	UpdateID int64
	Update   *models.Update
	Chat     int64 // where answers go
	Private  bool  // a private chat with the user
	User     models.User
	// Member is the sender's binding; Registered is false for strangers.
	Member     org.Member
	Registered bool

	Command Command       // set for commands
	Text    string        // message text or caption
	Data    *CallbackData // set for button presses, pressed or typed
	// MessageID is the message whose button was pressed (0 otherwise, and
	// for a choice typed as text).
	MessageID int
	Document  *models.Document
	// Photos are the sizes Telegram offers of a sent photo, smallest first
	// (none for no photo); see PhotoUpTo.
	Photos []models.PhotoSize

	bot        *Bot
	callbackID string
	answered   bool
}

// Bot returns the bot, for handlers that send to other chats.
func (r *Request) Bot() *Bot { return r.bot }

// Reply sends m to the request's chat.
func (r *Request) Reply(ctx context.Context, m Message) error {
	_, err := r.bot.Send(ctx, r.Chat, m)
	return err
}

// ReplyHTML sends HTML text (format trusted, arguments escaped).
func (r *Request) ReplyHTML(ctx context.Context, format string, args ...any) error {
	return r.Reply(ctx, Message{Text: HTML(format, args...)})
}

// Edit replaces the message whose button was pressed; for a typed press or a
// plain message it sends m as a new message.
func (r *Request) Edit(ctx context.Context, m Message) error {
	if r.MessageID == 0 {
		return r.Reply(ctx, m)
	}
	return r.bot.Edit(ctx, r.Chat, r.MessageID, m)
}

// Answer shows a short notice on a pressed button (at most once).
func (r *Request) Answer(ctx context.Context, text string) error {
	if r.callbackID == "" || r.answered {
		return nil
	}
	r.answered = true
	return r.bot.send.answer(ctx, r.callbackID, text)
}

// May reports whether the sender may perform a on t (role and scope).
func (r *Request) May(a org.Action, t org.Target) bool { return r.Registered && r.Member.May(a, t) }

// PhotoUpTo returns the file id of the largest size of the sent photo
// whose size is at most max bytes (a size Telegram gives no size for counts
// as fitting; check the bytes after Download); ok is false when no size fits.
func (r *Request) PhotoUpTo(max int) (id string, ok bool) {
	best := -1
	for i, p := range r.Photos {
		if p.FileSize <= max && (best < 0 || p.Width*p.Height >= r.Photos[best].Width*r.Photos[best].Height) {
			best = i
		}
	}
	if best < 0 {
		return "", false
	}
	return r.Photos[best].FileID, true
}

// Download fetches a file the user sent.
func (r *Request) Download(ctx context.Context, fileID string) ([]byte, error) {
	f, err := r.bot.api.GetFile(ctx, &tg.GetFileParams{FileID: fileID})
	if err != nil {
		return nil, fmt.Errorf("getFile: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.bot.api.FileDownloadLink(f), nil)
	if err != nil {
		return nil, errors.New("download file: invalid file path")
	}
	resp, err := r.bot.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("download file: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download file: HTTP %d", resp.StatusCode)
	}
	return io.ReadAll(io.LimitReader(resp.Body, 20<<20))
}

// process handles one dispatched update: route it, recover a panic (logged
// with the update id, the user gets an apology), mark it done. An update cut
// short by shutdown is left queued, to be replayed after the restart.
func (b *Bot) process(ctx context.Context, it item) {
	if b.shared != nil {
		b.processShared(ctx, it)
		return
	}
	b.processOne(ctx, it)
}

// processOne is process without coordination between replicas.
func (b *Bot) processOne(ctx context.Context, it item) { b.processFenced(ctx, nil, it) }

// processFenced is processOne under a lease: when fence is done (the lease
// may be another replica's by now), the handler is cut at once, without the
// shutdown grace, and the update is left queued for the lease's holder.
func (b *Bot) processFenced(ctx, fence context.Context, it item) {
	if b.outage.heldBefore(it) {
		// An earlier update of the chat waits for the store: this one
		// waits behind it, so that the chat's answers keep their order.
		b.hold(ctx, it, errEarlierHeld)
		return
	}
	// The handler does not stop the moment the bot is asked to: it gets
	// ShutdownGrace to finish, so that an answer already sent is not sent
	// again when the update is replayed after the restart.
	var cut, held atomic.Bool
	hctx := context.WithValue(context.WithoutCancel(ctx), activeKey{}, true)
	hctx = context.WithValue(hctx, heldKey{}, &held)
	hctx, cancel := b.budget(hctx, b.cfg.HandlerTimeout)
	defer cancel()
	stopGrace := context.AfterFunc(ctx, func() {
		t := time.AfterFunc(b.cfg.ShutdownGrace, func() { cut.Store(true); cancel() })
		context.AfterFunc(hctx, func() { t.Stop() })
	})
	defer stopGrace()
	if fence != nil {
		stopFence := context.AfterFunc(fence, func() { cut.Store(true); cancel() })
		defer stopFence()
	}
	func() {
		defer func() {
			if p := recover(); p != nil {
				b.metrics.panics.Add(1)
				b.log.Error("bot: handler panicked", "update", it.id, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if it.chat != 0 {
					_, _ = b.send.send(context.WithoutCancel(hctx), it.chat, Message{Text: msg.BotInternalError})
				}
			}
		}()
		b.route(hctx, it)
	}()
	if cut.Load() || held.Load() {
		return // still queued: replayed after a restart, or handed over again once the store is back
	}
	// Held by an earlier handling, it is handled now: the store's return
	// must not hand it over again.
	b.outage.drop(it.id)
	mctx, mcancel := context.WithTimeout(context.WithoutCancel(ctx), b.cfg.SendTimeout)
	defer mcancel()
	b.markDone(mctx, it.id)
	b.unqueue(mctx, it)
	b.metrics.handled.Add(1)
}

// member looks up who wrote; an error means the store could not say.
func (b *Bot) member(ctx context.Context, u models.User) (org.Member, bool, error) {
	m, err := b.members.Get(ctx, u.ID)
	switch {
	case err == nil:
	case errors.Is(err, org.ErrNoMember):
		if !b.admins[u.ID] {
			return org.Member{}, false, nil
		}
		m = org.Member{UserID: u.ID, Name: displayName(u), Username: u.Username}
	default:
		return org.Member{}, false, err
	}
	if b.admins[u.ID] {
		m.Role, m.Cluster, m.Unit = org.RoleAdmin, "", ""
	}
	if m.Unreachable {
		// They wrote to us, so we can write to them again.
		if _, err := b.members.SetReachable(ctx, u.ID, true); err != nil {
			b.log.Warn("bot: could not mark member reachable", "user", u.ID, "err", err)
		}
		m.Unreachable = false
	}
	return m, true, nil
}

func displayName(u models.User) string {
	n := strings.TrimSpace(u.FirstName + " " + u.LastName)
	if n == "" {
		n = u.Username
	}
	if n == "" {
		n = strconv.FormatInt(u.ID, 10)
	}
	return n
}

func (b *Bot) route(ctx context.Context, it item) {
	ctx = context.WithValue(ctx, batchKey{}, &batch{id: it.id})
	u := it.upd
	r := &Request{UpdateID: it.id, Update: u, bot: b, Chat: it.chat}
	switch {
	case u.Message != nil && u.Message.From != nil:
		m := u.Message
		r.User = *m.From
		r.Private = m.Chat.Type == models.ChatTypePrivate
		r.Text = m.Text
		if r.Text == "" {
			r.Text = m.Caption
		}
		r.Document = m.Document
		r.Photos = m.Photo
		var err error
		if r.Member, r.Registered, err = b.member(ctx, r.User); err != nil {
			b.hold(ctx, it, err) // not "unregistered": the store did not answer
			return
		}
		if cmd, ok := ParseCommand(m.Text); ok {
			if !cmd.For(b.Username()) {
				return // another bot's command in a group
			}
			r.Command = cmd
			b.runCommand(ctx, r)
			return
		}
		if !r.Private {
			return // groups: the bot speaks only when spoken to by command
		}
		b.runText(ctx, r)
	case u.CallbackQuery != nil:
		q := u.CallbackQuery
		r.User = q.From
		r.callbackID = q.ID
		if m := q.Message.Message; m != nil {
			r.MessageID = m.ID
			r.Private = m.Chat.Type == models.ChatTypePrivate
		}
		var err error
		if r.Member, r.Registered, err = b.member(ctx, r.User); err != nil {
			b.hold(ctx, it, err) // not "unregistered": the store did not answer
			return
		}
		d, ok := ParseData(q.Data)
		if !ok {
			b.expired(ctx, r)
			return
		}
		r.Data = &d
		b.runCallback(ctx, r, false)
		if !r.answered {
			if err := r.Answer(ctx, ""); err != nil {
				b.log.Warn("bot: answerCallbackQuery failed", "update", it.id, "err", err)
			}
		}
	}
}

func (b *Bot) expired(ctx context.Context, r *Request) {
	if r.callbackID != "" {
		_ = r.Answer(ctx, PlainText(msg.BotButtonExpired))
	}
	b.reply(ctx, r, msg.BotButtonExpired)
}

func (b *Bot) reply(ctx context.Context, r *Request, html string) {
	if err := r.Reply(ctx, Message{Text: html}); err != nil {
		b.log.Warn("bot: reply failed", "update", r.UpdateID, "chat", r.Chat, "err", err)
	}
}

// result turns a handler's error into what the user sees.
func (b *Bot) result(ctx context.Context, r *Request, err error) {
	if err == nil {
		return
	}
	var ue *UserError
	switch {
	case errors.As(err, &ue):
		// A refused button says why on the button too (Telegram shows at
		// most 200 characters there); the chat keeps the full text.
		if r.callbackID != "" {
			if t := PlainText(ue.Text); utf8.RuneCountInString(t) <= 200 {
				_ = r.Answer(ctx, t)
			}
		}
		b.reply(ctx, r, ue.Text)
	case errors.Is(err, ErrExpired):
		b.expired(ctx, r)
	case errors.Is(ctx.Err(), context.Canceled):
		// Shutting down: the update stays queued and is handled after the restart.
	default:
		b.log.Error("bot: handler failed", "update", r.UpdateID, "chat", r.Chat, "err", err)
		// The handler's own context may have timed out; the apology still goes.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.cfg.SendTimeout)
		defer cancel()
		b.reply(rctx, r, msg.BotInternalError)
	}
}

func (b *Bot) runCommand(ctx context.Context, r *Request) {
	b.mu.RLock()
	c := b.commands[r.Command.Name]
	b.mu.RUnlock()
	switch {
	case c == nil:
		if r.Private {
			b.reply(ctx, r, msg.BotUnknownCommand)
		}
		return
	case !r.Private && !c.group:
		b.reply(ctx, r, HTML(msg.BotGroupPrivateOnly, "https://t.me/"+b.Username()))
		return
	case !c.public && !r.Registered:
		b.reply(ctx, r, msg.BotNotRegistered)
		return
	case !c.public && !c.roles.Has(r.Member.Role):
		b.reply(ctx, r, msg.BotNotAllowed)
		return
	}
	b.result(ctx, r, c.h(ctx, r))
}

// runCallback routes a button press. typed is true when the press came from
// text matching a label; then an expired button falls back to text handling.
func (b *Bot) runCallback(ctx context.Context, r *Request, typed bool) bool {
	b.mu.RLock()
	c := b.callbacks[r.Data.Prefix]
	b.mu.RUnlock()
	switch {
	case c == nil:
		if typed {
			return false
		}
		b.expired(ctx, r)
		return true
	case !c.public && !r.Registered:
		b.reply(ctx, r, msg.BotNotRegistered)
		return true
	case !c.public && !c.roles.Has(r.Member.Role):
		b.reply(ctx, r, msg.BotNotAllowed)
		return true
	}
	err := c.h(ctx, r)
	if typed && errors.Is(err, ErrExpired) {
		return false
	}
	b.result(ctx, r, err)
	return true
}

// runText routes plain text and files in a private chat: a typed button
// label, else the active flow, else the default text handler.
func (b *Bot) runText(ctx context.Context, r *Request) {
	if r.Text != "" && r.Document == nil {
		msgID, d, ok, ambiguous := b.typedPress(ctx, r.Chat, r.Text)
		if ambiguous {
			b.reply(ctx, r, HTML(msg.BotTypedAmbiguous, r.Text))
			return
		}
		if ok {
			// The answer to a typed choice goes below what the user typed (Edit
			// sends a new message), and the old buttons are taken away so they
			// cannot be pressed a second time.
			r.Data = &d
			if b.runCallback(ctx, r, true) {
				b.forgetKeyboard(ctx, r.Chat, msgID)
				if err := b.send.edit(ctx, r.Chat, msgID, Message{}); err != nil {
					b.log.Warn("bot: could not remove answered buttons", "chat", r.Chat, "err", err)
				}
				return
			}
			r.Data = nil
		}
	}
	if !r.Registered {
		b.mu.RLock()
		h, forAll := b.text, b.textAll
		b.mu.RUnlock()
		if forAll && h != nil && r.Document == nil && r.Text != "" && !IsButtonWord(r.Text) {
			b.result(ctx, r, h(ctx, r)) // public questions; the handler decides
			return
		}
		b.reply(ctx, r, msg.BotNotRegistered)
		return
	}
	conv, err := b.conversation(ctx, r.Chat)
	if err != nil {
		b.result(ctx, r, err)
		return
	}
	if conv.Flow != "" {
		b.mu.RLock()
		f := b.flows[conv.Flow]
		b.mu.RUnlock()
		switch {
		case f == nil:
			_ = b.endConversation(ctx, r.Chat) // a flow this release no longer has
		case !f.roles.Has(r.Member.Role):
			_ = b.endConversation(ctx, r.Chat) // the role changed since the flow started
			b.reply(ctx, r, msg.BotNotAllowed)
			return
		default:
			b.result(ctx, r, f.h(ctx, r))
			return
		}
	}
	if r.Document == nil && IsButtonWord(r.Text) {
		// A button word left over from a finished (or never started)
		// conversation is not a question for the Q&A.
		b.mu.RLock()
		h := b.words
		b.mu.RUnlock()
		if h == nil {
			b.reply(ctx, r, msg.BotNoSession)
			return
		}
		b.result(ctx, r, h(ctx, r))
		return
	}
	b.mu.RLock()
	h, docs, phrases := b.text, b.documents, b.phrases
	b.mu.RUnlock()
	if r.Document == nil {
		for _, p := range phrases {
			if p.roles.Has(r.Member.Role) && p.match(r.Text) {
				b.result(ctx, r, p.h(ctx, r))
				return
			}
		}
	}
	if r.Document != nil {
		if docs == nil {
			b.reply(ctx, r, msg.BotDocumentUnexpected)
			return
		}
		h = docs
	}
	if h == nil {
		b.reply(ctx, r, msg.BotNoFlowText)
		return
	}
	b.result(ctx, r, h(ctx, r))
}

type savedKeyboard struct {
	MsgID   int        `json:"msg_id"`
	Buttons [][]Button `json:"buttons"`
	// Batch is the update whose handling sent it (0 outside one); Earlier
	// are the keyboards sent before it in the same handling (the checklists
	// of several dossiers), still on screen: a typed label that one of them
	// also carries names no button for sure.
	Batch   int64           `json:"batch,omitempty"`
	Earlier []savedKeyboard `json:"earlier,omitempty"`
}

// without is kbs less the keyboard of message msgID.
func without(kbs []savedKeyboard, msgID int) []savedKeyboard {
	return slices.DeleteFunc(slices.Clone(kbs), func(k savedKeyboard) bool { return k.MsgID == msgID })
}

// batchKey marks a context with the handling of an update (a *batch).
type batchKey struct{}

// batch is the handling of one update: its id, and the chats it has sent a
// keyboard to so far.
type batch struct {
	id    int64
	mu    sync.Mutex
	chats map[int64]bool
}

// first reports whether this is the handling's first keyboard to chat.
func (bt *batch) first(chat int64) bool {
	bt.mu.Lock()
	defer bt.mu.Unlock()
	if bt.chats[chat] {
		return false
	}
	if bt.chats == nil {
		bt.chats = map[int64]bool{}
	}
	bt.chats[chat] = true
	return true
}

// maxEarlier bounds the keyboards of one handling kept for ambiguity.
const maxEarlier = 20

// rememberKeyboard keeps the keyboard of message msgID as the chat's latest.
// Only a later keyboard of the same handling depends on what is stored (it
// keeps the earlier ones still on screen), so the first is a plain Put: one
// round trip on Redis instead of an Update's two.
func (b *Bot) rememberKeyboard(ctx context.Context, chat int64, msgID int, rows [][]Button) {
	bt, _ := ctx.Value(batchKey{}).(*batch)
	var id int64
	if bt != nil {
		id = bt.id
	}
	if bt == nil || bt.first(chat) {
		raw, err := json.Marshal(savedKeyboard{MsgID: msgID, Buttons: rows, Batch: id})
		if err == nil {
			err = b.kv.Put(ctx, bucketKeyboard, strconv.FormatInt(chat, 10), raw)
		}
		if err != nil {
			b.log.Warn("bot: could not remember keyboard; typed labels will not work for it", "chat", chat, "err", err)
		}
		return
	}
	err := b.kv.Update(ctx, bucketKeyboard, strconv.FormatInt(chat, 10), func(old []byte, exists bool) ([]byte, error) {
		kb := savedKeyboard{MsgID: msgID, Buttons: rows, Batch: id}
		var prev savedKeyboard
		if exists && json.Unmarshal(old, &prev) == nil && prev.Batch == id && prev.MsgID != msgID {
			kb.Earlier = append(without(prev.Earlier, msgID), savedKeyboard{MsgID: prev.MsgID, Buttons: prev.Buttons})
			if len(kb.Earlier) > maxEarlier {
				kb.Earlier = kb.Earlier[len(kb.Earlier)-maxEarlier:]
			}
		}
		return json.Marshal(kb)
	})
	if err != nil {
		b.log.Warn("bot: could not remember keyboard; typed labels will not work for it", "chat", chat, "err", err)
	}
}

// forgetKeyboard drops the remembered keyboard if it is still msgID's (the
// handler may have sent a newer one meanwhile).
func (b *Bot) forgetKeyboard(ctx context.Context, chat int64, msgID int) {
	key := strconv.FormatInt(chat, 10)
	err := b.kv.Update(ctx, bucketKeyboard, key, func(old []byte, exists bool) ([]byte, error) {
		var kb savedKeyboard
		if !exists || json.Unmarshal(old, &kb) != nil {
			return old, nil
		}
		if kb.MsgID != msgID {
			n := len(kb.Earlier)
			if kb.Earlier = without(kb.Earlier, msgID); len(kb.Earlier) == n {
				return old, nil
			}
			return json.Marshal(kb)
		}
		return nil, nil
	})
	if err != nil {
		b.log.Warn("bot: could not forget answered keyboard", "chat", chat, "err", err)
	}
}

// typedPress matches text against the labels of the latest keyboard sent to
// the chat, ignoring case and diacritics.
// When the label is also on a keyboard sent earlier in the same answer (a
// checklist per dossier), it reports ambiguous and presses nothing.
func (b *Bot) typedPress(ctx context.Context, chat int64, text string) (msgID int, d CallbackData, ok, ambiguous bool) {
	raw, err := b.kv.Get(ctx, bucketKeyboard, strconv.FormatInt(chat, 10))
	if err != nil {
		return 0, CallbackData{}, false, false
	}
	var kb savedKeyboard
	if json.Unmarshal(raw, &kb) != nil {
		return 0, CallbackData{}, false, false
	}
	d, ok = kb.match(text)
	if !ok {
		return 0, CallbackData{}, false, false
	}
	for _, e := range kb.Earlier {
		if _, also := e.match(text); also {
			return 0, CallbackData{}, false, true
		}
	}
	return kb.MsgID, d, true, false
}

// match finds the button of kb that text names, if exactly one.
func (kb savedKeyboard) match(text string) (CallbackData, bool) {
	want := foldLabel(text)
	for _, row := range kb.Buttons {
		for _, btn := range row {
			if foldLabel(btn.Label) == want && vi.Matches(text, btn.Label) {
				d, ok := ParseData(btn.Data)
				return d, ok
			}
		}
	}
	// "7,7 tỷ đồng" or "số thập phân" for the button "7,7 tỷ đồng (số
	// thập phân)": either side of a label's note chooses it, when it names
	// one button only.
	var found *Button
	for _, row := range kb.Buttons {
		for i := range row {
			for _, f := range labelParts(row[i].Label) {
				if f != want {
					continue
				}
				if found != nil && found.Data != row[i].Data {
					return CallbackData{}, false
				}
				found = &row[i]
			}
		}
	}
	if found == nil {
		// "Bắc Ninh" for "BHXH tỉnh Bắc Ninh", "mục 3" for "Sửa mục 3": two
		// or more words in a row of one label only.
		words := labelWords(want)
		if len(words) < 2 {
			return CallbackData{}, false
		}
		for _, row := range kb.Buttons {
			for i := range row {
				if !containsRun(labelWords(row[i].Label), words) {
					continue
				}
				if found != nil && found.Data != row[i].Data {
					return CallbackData{}, false
				}
				found = &row[i]
			}
		}
	}
	if found == nil {
		return CallbackData{}, false
	}
	d, ok := ParseData(found.Data)
	return d, ok
}

// labelWords are the folded words of a label or of typed text, without
// the punctuation between them ("Thu hồi: Người dùng 5" → thu hoi nguoi
// dung 5).
func labelWords(s string) []string {
	return strings.FieldsFunc(vi.Fold(s), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(".,;:!?«»“”\"'()", r)
	})
}

// containsRun reports whether words appear in a row, in order, in label.
func containsRun(label, words []string) bool {
	for i := 0; i+len(words) <= len(label); i++ {
		if slices.Equal(label[i:i+len(words)], words) {
			return true
		}
	}
	return false
}

func foldLabel(s string) string { return strings.Join(strings.Fields(vi.Fold(s)), " ") }

// labelParts returns, for a label ending in a note in parentheses, the text
// before the note and the note, folded; nil for other labels.
func labelParts(label string) []string {
	l := foldLabel(label)
	i := strings.LastIndex(l, "(")
	if i <= 0 || !strings.HasSuffix(l, ")") {
		return nil
	}
	head, note := strings.TrimSpace(l[:i]), strings.TrimSpace(l[i+1:len(l)-1])
	if head == "" || note == "" {
		return nil
	}
	return []string{head, note}
}

// buttonWords are the words of the conversations' buttons, folded: typed
// outside any conversation they are answered with msg.BotNoSession.
var buttonWords = func() map[string]bool {
	words := map[string]bool{}
	for _, w := range []string{msg.SubmitButtonSkip, msg.SubmitButtonBack, msg.SubmitButtonKeep, msg.SubmitButtonCancel,
		msg.SubmitButtonConfirm, msg.SubmitButtonEdit, msg.SubmitButtonFix, msg.SubmitButtonKeepVal,
		msg.SubmitButtonCancelNow, msg.SubmitButtonContinue, msg.ReportsButtonEditReport, msg.ReportsButtonRestore,
		msg.ReportsButtonFresh, msg.BotCancelButton, msg.BotYesButton, msg.SubmitYes, msg.SubmitNo,
		"giữ", "giữ nguyên", "giữ như cũ", "bỏ", "hủy bỏ", "thoát", "trở lại", "sửa lại", "gửi", "gửi báo cáo",
		"nhập tiếp", "tiếp tục", "ok", "skip", "back", "cancel", "confirm", "edit"} {
		words[foldLabel(w)] = true
	}
	return words
}()

// IsButtonWord reports whether text is only a button word of a
// conversation ("Xác nhận", "huy", "Bỏ qua.", "sửa 3"), with or without
// diacritics.
func IsButtonWord(text string) bool {
	w := strings.Trim(foldLabel(text), " .!?,;:/")
	if buttonWords[w] {
		return true
	}
	f := strings.Fields(w)
	if len(f) >= 2 && f[0] == "sua" {
		f = f[1:]
		if len(f) == 2 && f[0] == "muc" {
			f = f[1:]
		}
		if len(f) == 1 {
			_, err := strconv.Atoi(f[0])
			return err == nil
		}
	}
	return false
}

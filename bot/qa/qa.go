// Package qa puts the regulation knowledge base on Telegram: /hoi and plain
// private text outside a flow are questions, from anyone in a private chat
// (regulations are public; org.yaml "qa: members" restricts them to
// registered members), at most QuestionsPerHour per person; the optional
// language-model composition serves registered members only. Answers cite document and
// article with their status and offer the full article by button; admins
// add documents by sending a DOCX, TXT or Markdown file, which the bot
// parses, shows and adds only after confirmation. Added documents are kept
// in the store so that they survive a restart.
package qa

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/configfile"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/regulations"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/vi"
)

// Bucket holds the documents admins added through Telegram, by file name.
const Bucket = "regdocs"

// versionBucket holds one key, versionKey: a counter raised in the same
// transaction as every document added, so that each replica sees on its
// next question that its index is out of date.
const (
	versionBucket = "regdocs_version"
	versionKey    = "v"
)

// pendingBucket holds a parsed upload awaiting the admin's confirmation.
const pendingBucket = "regdocs_pending"

// pendingTTL is how long an upload waits for the admin's confirmation.
const pendingTTL = 24 * time.Hour

// Deps are what the feature needs.
type Deps struct {
	Store store.KV
	Log   *slog.Logger
	// Dir is the config folder's regulations/ ("" when absent).
	Dir string
	// Composer, when set, writes grounded short answers (LLM_API_URL…)
	// for registered members.
	Composer regulations.Composer
	// Clock times the question limit; nil means the real clock.
	Clock clock.Clock
	// MembersOnly restricts questions to registered members (org.yaml
	// "qa: members"); by default anyone may ask in a private chat.
	MembersOnly bool
	// Abstained, when set, is called for each question answered "not
	// found" rather than with a guess (a metric).
	Abstained func()
}

// QuestionsPerHour is how many questions one person may ask in an hour.
const QuestionsPerHour = 20

// Feature answers questions and takes new documents.
type Feature struct {
	d   Deps
	mu  sync.RWMutex
	lib *regulations.Library
	ix  *regulations.Index
	ver string // the documents' version the index was built from

	limMu sync.Mutex
	asked map[int64][]time.Time // recent questions per user, oldest first (one-process stores)
}

// New builds the index from the built-in knowledge base, the config folder
// and the documents stored by earlier uploads.
func New(ctx context.Context, d Deps) (*Feature, error) {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Clock == nil {
		d.Clock = clock.Real{}
	}
	f := &Feature{d: d, asked: map[int64][]time.Time{}}
	if err := f.rebuild(ctx, nil); err != nil {
		return nil, err
	}
	return f, nil
}

// Register adds /hoi, the default text handler, the article button and the
// upload confirmation buttons.
func (f *Feature) Register(b *bot.Bot) {
	b.Command("hoi", org.Registered, f.cmdAsk, bot.InGroups(), bot.ForAll())
	b.DefaultTextForAll(f.text)
	b.DefaultDocument(f.upload)
	b.CallbackForAll("qa.art", f.article)
	b.Callback("qa.add", org.Roles(org.RoleAdmin), f.confirmAdd)
}

func (f *Feature) index() *regulations.Index {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.ix
}

// rebuild makes a new library and index; extra is added last (an upload).
// The version is read first: a document added meanwhile is then either in
// the index already or seen as newer on the next question.
func (f *Feature) rebuild(ctx context.Context, extra *upload) error {
	ver, err := f.version(ctx)
	if err != nil {
		return err
	}
	lib, ix, err := f.build(ctx, extra)
	if err != nil {
		return err
	}
	f.mu.Lock()
	f.lib, f.ix, f.ver = lib, ix, ver
	f.mu.Unlock()
	return nil
}

func (f *Feature) version(ctx context.Context) (string, error) {
	v, err := f.d.Store.Get(ctx, versionBucket, versionKey)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("regulations version: %w", err)
	}
	return string(v), nil
}

// current is the index, rebuilt first when another replica (or process)
// added a document since it was built: one store read per question. When
// the store cannot say, the index at hand answers.
func (f *Feature) current(ctx context.Context) *regulations.Index {
	ver, err := f.version(ctx)
	f.mu.RLock()
	stale := err == nil && ver != f.ver
	f.mu.RUnlock()
	if err != nil {
		f.d.Log.Warn("regulations: could not check for new documents", "err", err)
	}
	if stale {
		if err := f.rebuild(ctx, nil); err != nil {
			f.d.Log.Warn("regulations: could not load documents added elsewhere", "err", err)
		}
	}
	return f.index()
}

// build loads the built-in, folder and stored documents, and extra if not
// nil, and indexes them.
func (f *Feature) build(ctx context.Context, extra *upload) (*regulations.Library, *regulations.Index, error) {
	lib, err := regulations.Builtin()
	if err != nil {
		return nil, nil, fmt.Errorf("built-in regulations: %w", err)
	}
	if f.d.Dir != "" {
		if _, err := lib.AddDir(f.d.Dir); err != nil {
			var ps configfile.Problems
			if !errors.As(err, &ps) {
				return nil, nil, fmt.Errorf("regulations folder: %w", err)
			}
			f.d.Log.Warn("some regulation files were skipped", "problems", ps.Error())
		}
	}
	items, err := f.d.Store.List(ctx, Bucket, "")
	if err != nil {
		return nil, nil, fmt.Errorf("stored regulations: %w", err)
	}
	for _, it := range items {
		if _, _, err := lib.AddFile(it.Key, it.Value); err != nil {
			f.d.Log.Warn("stored regulation file skipped", "file", it.Key, "err", err)
		}
	}
	if extra != nil {
		if _, _, err := lib.AddFile(extra.Name, extra.Data); err != nil {
			return nil, nil, err
		}
	}
	return lib, regulations.NewIndex(lib), nil
}

func (f *Feature) cmdAsk(ctx context.Context, r *bot.Request) error {
	q := strings.TrimSpace(r.Command.Args)
	if q == "" {
		return r.Reply(ctx, bot.Message{Text: bot.HTML(msg.QAUsage)})
	}
	return f.answer(ctx, r, q)
}

// text answers plain private text outside a flow.
func (f *Feature) text(ctx context.Context, r *bot.Request) error {
	q := strings.TrimSpace(r.Text)
	if q == "" {
		return nil
	}
	switch smallTalk(q) {
	case talkGreeting:
		return r.Reply(ctx, bot.Message{Text: bot.Escape(msg.QAGreeting)})
	case talkThanks:
		return r.Reply(ctx, bot.Message{Text: bot.Escape(msg.QAThanks)})
	case talkFullArticle:
		return r.Reply(ctx, bot.Message{Text: bot.Escape(msg.QAFullArticleWhich)})
	}
	return f.answer(ctx, r, q)
}

type talk int

const (
	talkNone talk = iota
	talkGreeting
	talkThanks
	// talkFullArticle: the words of a "Xem toàn văn Điều N" button without
	// the article ("xem toàn văn"), which no regulation answers.
	talkFullArticle
)

// smallTalk recognises a whole message that only greets or thanks ("xin
// chào bot", "alo", "cam on a"), which is no regulation question.
func smallTalk(q string) talk {
	words := strings.FieldsFunc(vi.Fold(q), func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')
	})
	// Trailing words of address and politeness: "chào bot ạ", "cảm ơn anh chị nhé".
	for len(words) > 1 {
		switch words[len(words)-1] {
		case "bot", "a", "ad", "admin", "anh", "chi", "em", "ban", "nhe", "nha", "moi", "nguoi", "ca", "nhieu", "rat":
			words = words[:len(words)-1]
			continue
		}
		break
	}
	switch strings.Join(words, " ") {
	case "xin chao", "chao", "hello", "hi", "alo", "alo alo", "chao buoi sang", "chao buoi chieu":
		return talkGreeting
	case "cam on", "xin cam on", "thank", "thanks", "thank you", "tks", "cam on nhieu":
		return talkThanks
	case "xem toan van", "toan van", "xem toan van dieu", "xem toan van dieu nay", "xem day du", "xem het":
		return talkFullArticle
	}
	return talkNone
}

// allowed says whether r's sender may ask now, and answers them when not:
// strangers only in a private chat and unless the organisation restricts
// questions to members; everyone at most QuestionsPerHour an hour.
func (f *Feature) allowed(ctx context.Context, r *bot.Request) (bool, error) {
	if !r.Registered && (f.d.MembersOnly || !r.Private) {
		return false, r.Reply(ctx, bot.Message{Text: msg.BotNotRegistered})
	}
	ok, wait := f.admit(ctx, r.User.ID)
	if ok {
		return true, nil
	}
	return false, r.Reply(ctx, bot.Message{Text: bot.HTML(msg.QARateLimited, QuestionsPerHour, int(wait.Minutes())+1)})
}

// admit counts a question of user against QuestionsPerHour and reports
// whether it may be asked, or how long until it may. On a store several
// replicas share (Redis) the count is shared too (store.Limiter); if that
// cannot answer, or on a one-process store, this process counts.
func (f *Feature) admit(ctx context.Context, user int64) (bool, time.Duration) {
	now := f.d.Clock.Now()
	if lim, shared := store.LimiterOf(f.d.Store); shared {
		wait, err := lim.Admit(ctx, now, store.Window{Key: "qa:" + userKey(user), Limit: QuestionsPerHour, Span: time.Hour})
		if err == nil {
			return wait <= 0, wait
		}
		f.d.Log.Warn("qa: shared question limit unreachable; counting in this process", "err", err)
	}
	f.limMu.Lock()
	recent := f.asked[user]
	for len(recent) > 0 && now.Sub(recent[0]) >= time.Hour {
		recent = recent[1:]
	}
	ok := len(recent) < QuestionsPerHour
	var next time.Time
	if ok {
		recent = append(recent, now)
	} else {
		next = recent[0].Add(time.Hour)
	}
	if len(recent) == 0 {
		delete(f.asked, user)
	} else {
		f.asked[user] = recent
	}
	f.limMu.Unlock()
	if ok {
		return true, 0
	}
	return false, next.Sub(now)
}

func (f *Feature) answer(ctx context.Context, r *bot.Request, q string) error {
	if ok, err := f.allowed(ctx, r); !ok {
		return err
	}
	ans := f.current(ctx).Ask(q, 3)
	if len(ans.Passages) == 0 && f.d.Abstained != nil {
		f.d.Abstained()
	}
	if f.d.Composer != nil && r.Registered && len(ans.Passages) > 0 {
		var err error
		if ans, err = regulations.Ground(ctx, f.d.Composer, ans); err != nil {
			f.d.Log.Warn("grounded answer not used; extractive answer sent", "err", err)
		}
	}
	text := f.render(r, ans)
	if len(ans.Passages) == 0 && r.Registered && org.ActionRoles(org.ActScore).Has(r.Member.Role) && asksOwnData(q) {
		text += "\n\n" + msg.QAOwnDataHint
	}
	m := bot.Message{Text: bot.HTML("%s", text)}
	for _, p := range ans.Passages {
		if p.Ref == "" {
			continue
		}
		m.Buttons = append(m.Buttons, []bot.Button{{Label: msg.RegFullArticleButton(p.Article), Data: bot.Data("qa.art", p.Ref)}})
	}
	return r.Reply(ctx, m)
}

// render writes ans for r's sender (see Render).
func (f *Feature) render(r *bot.Request, ans regulations.Answer) string {
	who := Stranger
	switch {
	case r.Registered && r.Member.Role == org.RoleAdmin:
		who = Admin
	case r.Registered:
		who = Member
	}
	return Render(f.index(), ans, who)
}

// Reader is who reads an answer: it decides how "not found" ends.
type Reader int

// Readers.
const (
	Stranger Reader = iota // not registered
	Member                 // registered, not an administrator
	Admin                  // an administrator, or the operator running `thiduabot ask`
)

// Render writes ans, from ix, for who. A not-found answer ends with how to
// get another text into the bot only for an administrator, who can; a
// member is told whom to ask, a stranger nothing. A message that names
// nothing the bot covers, no document and no close curated question ("hôm
// nay thời tiết thế nào") gets a short not-found that says what the bot
// answers, without the list of texts and the ways to rephrase.
func Render(ix *regulations.Index, ans regulations.Answer, who Reader) string {
	if len(ans.Passages) > 0 {
		return regulations.Format(ans)
	}
	if offTopic(ix, ans) {
		return msg.RegNotFound(ans.Question) + "\n\n" + msg.QAOffTopicHint
	}
	add := ""
	switch who {
	case Admin:
		add = msg.RegHowToAdd
	case Member:
		add = msg.QAAskAdminToAdd
	}
	return regulations.FormatFor(ans, add)
}

// offTopic reports whether a not-found answer is to a message about nothing
// the bot covers: no topic word or title, no document named, nothing close
// among the curated questions. It decides only how the abstention reads.
func offTopic(ix *regulations.Index, ans regulations.Answer) bool {
	if len(ans.Passages) > 0 || len(ans.Suggestions) > 0 || ans.MissingArticle != "" || ans.UnloadedDoc != "" {
		return false
	}
	q := ix.Analyze(ans.Question)
	return !q.Topic && len(q.Docs) == 0 && !q.Unloaded
}

func (f *Feature) article(ctx context.Context, r *bot.Request) error {
	if !r.Registered && f.d.MembersOnly {
		return r.Reply(ctx, bot.Message{Text: msg.BotNotRegistered})
	}
	p, ok := f.current(ctx).ArticleByRef(r.Data.Arg(0))
	if !ok {
		return &bot.UserError{Text: bot.HTML("%s", msg.RegArticleNotFound)}
	}
	return r.Reply(ctx, bot.Message{Text: bot.HTML("%s", regulations.FormatArticle(p))})
}

type upload struct {
	Name string `json:"name"`
	Data []byte `json:"data"`
}

// maxUpload bounds a regulation file; official texts are far smaller.
const maxUpload = 5 << 20

func (f *Feature) upload(ctx context.Context, r *bot.Request) error {
	if r.Member.Role != org.RoleAdmin {
		return &bot.UserError{Text: bot.HTML("%s", msg.QAUploadAdminOnly)}
	}
	name := path.Base(r.Document.FileName)
	switch strings.ToLower(path.Ext(name)) {
	case ".docx", ".txt", ".md":
	default:
		return &bot.UserError{Text: bot.HTML("%s", msg.QAUploadKind)}
	}
	if r.Document.FileSize > maxUpload {
		return &bot.UserError{Text: bot.HTML("%s", msg.QAUploadTooBig)}
	}
	data, err := r.Download(ctx, r.Document.FileID)
	if err != nil {
		return fmt.Errorf("download regulation file %s: %w", name, err)
	}
	d, rep, err := regulations.Parse(name, data)
	if err == nil && len(d.Articles) == 0 {
		err = errors.New("no article")
	}
	if err != nil {
		return r.Reply(ctx, bot.Message{Text: bot.HTML("%s\n\n%s", regulations.FormatReport(rep), msg.QAUploadUnusable)})
	}
	pending, err := json.Marshal(upload{Name: name, Data: data})
	if err != nil {
		return err
	}
	// A newer upload replaces the pending one; an unconfirmed one goes
	// after pendingTTL rather than staying in the store for ever.
	err = f.d.Store.Txn(ctx, func(tx store.Tx) error {
		if err := tx.Delete(pendingBucket, userKey(r.User.ID)); err != nil {
			return err
		}
		_, err := tx.Create(pendingBucket, userKey(r.User.ID), pending, pendingTTL)
		return err
	})
	if err != nil {
		return fmt.Errorf("keep regulation upload %s: %w", name, err)
	}
	return r.Reply(ctx, bot.Message{
		Text: bot.HTML("%s\n\n%s", regulations.FormatReport(rep), msg.RegConfirmAdd),
		Buttons: [][]bot.Button{{
			{Label: msg.QAAddYes, Data: bot.Data("qa.add", "yes", name)},
			{Label: msg.QAAddNo, Data: bot.Data("qa.add", "no", name)},
		}},
	})
}

func (f *Feature) confirmAdd(ctx context.Context, r *bot.Request) error {
	var up upload
	found, err := getJSON(ctx, f.d.Store, pendingBucket, userKey(r.User.ID), &up)
	if err != nil {
		return err
	}
	if !found || up.Name != r.Data.Arg(1) {
		return bot.ErrExpired
	}
	yes := r.Data.Arg(0) == "yes"
	base, ver := "", ""
	var lib *regulations.Library
	var ix *regulations.Index
	if yes {
		// The version before the build: if another document is added
		// elsewhere meanwhile, this index lacks it and must not pass as current.
		if base, err = f.version(ctx); err != nil {
			return err
		}
		if lib, ix, err = f.build(ctx, &up); err != nil {
			return fmt.Errorf("add regulation %s: %w", up.Name, err)
		}
	}
	// The pending upload goes and the document is stored together: a
	// failure keeps the upload, and the admin can press again.
	err = f.d.Store.Txn(ctx, func(tx store.Tx) error {
		b, err := tx.Get(pendingBucket, userKey(r.User.ID))
		if errors.Is(err, store.ErrNotFound) {
			return bot.ErrExpired // confirmed meanwhile (another press)
		}
		if err != nil {
			return err
		}
		var cur upload
		if err := json.Unmarshal(b, &cur); err != nil || cur.Name != up.Name || !bytes.Equal(cur.Data, up.Data) {
			return bot.ErrExpired // replaced by a newer upload
		}
		if err := tx.Delete(pendingBucket, userKey(r.User.ID)); err != nil {
			return err
		}
		if !yes {
			return nil
		}
		if err := tx.Put(Bucket, up.Name, up.Data); err != nil {
			return err
		}
		n := 0
		if v, err := tx.Get(versionBucket, versionKey); err == nil {
			n, _ = strconv.Atoi(string(v))
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		ver = strconv.Itoa(n + 1)
		return tx.Put(versionBucket, versionKey, []byte(ver))
	})
	if err != nil {
		if errors.Is(err, bot.ErrExpired) {
			return err
		}
		return fmt.Errorf("store regulation %s: %w", up.Name, err)
	}
	if !yes {
		return r.Reply(ctx, bot.Message{Text: bot.HTML("%s", msg.QAAddCancelled)})
	}
	if n, _ := strconv.Atoi(base); ver != strconv.Itoa(n+1) {
		ver = base // built without a document added elsewhere: rebuilt on the next question
	}
	f.mu.Lock()
	f.lib, f.ix, f.ver = lib, ix, ver
	f.mu.Unlock()
	return r.Reply(ctx, bot.Message{Text: bot.HTML(msg.QAAdded, up.Name, f.documentCount())})
}

func (f *Feature) documentCount() int {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return len(f.lib.Documents())
}

func userKey(id int64) string { return strconv.FormatInt(id, 10) }

func getJSON(ctx context.Context, kv store.KV, bucket, key string, v any) (bool, error) {
	b, err := kv.Get(ctx, bucket, key)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, json.Unmarshal(b, v)
}

// ownDataWords are folded words of a question about the cluster's own
// figures rather than a regulation: a score, a rank, a monthly report.
var ownDataWords = []string{"diem", "xep hang", "xep thu", "hang may", "thu hang", "thu may", "bao cao thang", "nop so lieu", "so lieu"}

// asksOwnData says whether q asks about the unit's own score, rank or report.
func asksOwnData(q string) bool {
	f := " " + strings.Join(strings.Fields(vi.Fold(q)), " ") + " "
	for _, w := range ownDataWords {
		if strings.Contains(f, " "+w+" ") {
			return true
		}
	}
	return false
}

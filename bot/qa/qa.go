// Package qa puts the regulation knowledge base on Telegram: /hoi and plain
// private text outside a flow are questions; answers cite document and
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
	"github.com/thiduabot/thiduabot/configfile"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/regulations"
	"github.com/thiduabot/thiduabot/store"
)

// Bucket holds the documents admins added through Telegram, by file name.
const Bucket = "regdocs"

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
	// Composer, when set, writes grounded short answers (LLM_API_URL…).
	Composer regulations.Composer
	// Abstained, when set, is called for each question answered "not
	// found" rather than with a guess (a metric).
	Abstained func()
}

// Feature answers questions and takes new documents.
type Feature struct {
	d   Deps
	mu  sync.RWMutex
	lib *regulations.Library
	ix  *regulations.Index
}

// New builds the index from the built-in knowledge base, the config folder
// and the documents stored by earlier uploads.
func New(ctx context.Context, d Deps) (*Feature, error) {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	f := &Feature{d: d}
	if err := f.rebuild(ctx, nil); err != nil {
		return nil, err
	}
	return f, nil
}

// Register adds /hoi, the default text handler, the article button and the
// upload confirmation buttons.
func (f *Feature) Register(b *bot.Bot) {
	b.Command("hoi", org.Registered, f.cmdAsk, bot.InGroups())
	b.DefaultText(f.text)
	b.DefaultDocument(f.upload)
	b.Callback("qa.art", org.Registered, f.article)
	b.Callback("qa.add", org.Roles(org.RoleAdmin), f.confirmAdd)
}

func (f *Feature) index() *regulations.Index {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.ix
}

// rebuild makes a new library and index; extra is added last (an upload).
func (f *Feature) rebuild(ctx context.Context, extra *upload) error {
	lib, ix, err := f.build(ctx, extra)
	if err != nil {
		return err
	}
	f.mu.Lock()
	f.lib, f.ix = lib, ix
	f.mu.Unlock()
	return nil
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
	return f.answer(ctx, r, q)
}

func (f *Feature) answer(ctx context.Context, r *bot.Request, q string) error {
	ans := f.index().Ask(q, 3)
	if len(ans.Passages) == 0 && f.d.Abstained != nil {
		f.d.Abstained()
	}
	if f.d.Composer != nil && len(ans.Passages) > 0 {
		var err error
		if ans, err = regulations.Ground(ctx, f.d.Composer, ans); err != nil {
			f.d.Log.Warn("grounded answer not used; extractive answer sent", "err", err)
		}
	}
	m := bot.Message{Text: bot.HTML("%s", regulations.Format(ans))}
	for _, p := range ans.Passages {
		if p.Ref == "" {
			continue
		}
		m.Buttons = append(m.Buttons, []bot.Button{{Label: msg.RegFullArticleButton(p.Article), Data: bot.Data("qa.art", p.Ref)}})
	}
	return r.Reply(ctx, m)
}

func (f *Feature) article(ctx context.Context, r *bot.Request) error {
	p, ok := f.index().ArticleByRef(r.Data.Arg(0))
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
	var lib *regulations.Library
	var ix *regulations.Index
	if yes {
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
		if yes {
			return tx.Put(Bucket, up.Name, up.Data)
		}
		return nil
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
	f.mu.Lock()
	f.lib, f.ix = lib, ix
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

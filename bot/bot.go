// Package bot is thiduabot's Telegram adapter. It uses go-telegram/bot only
// as the wire client and owns the parts that decide whether people can trust
// the bot: an intake that loses no update and repeats no effect (polling and
// webhook share it), per-chat ordered handling with bounded parallelism and
// panic recovery, one paced outbound path that honours 429 and never blindly
// repeats a send of unknown outcome, command and button routing with role and
// cluster checks, conversations that survive restarts, and onboarding by
// invite codes. Features plug in with Command, Callback, Flow and
// DefaultText.
package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/store"
)

// Config is what the bot needs to know. Token and Org are required.
type Config struct {
	Token  string
	APIURL string // default https://api.telegram.org
	// Username is the bot's @name without '@'; learnt from getMe when empty.
	Username string
	// WebhookURL switches to webhook mode; WebhookSecret is then required.
	WebhookURL    string
	WebhookSecret string
	AdminIDs      []int64
	Org           *org.Config
	// Workers bounds how many chats are handled at once (default 16).
	Workers int
	// PollTimeout is the long-poll timeout (default 50s).
	PollTimeout time.Duration
	// SendTimeout bounds one Bot API request (default 30s).
	SendTimeout time.Duration
	// HandlerTimeout bounds the handling of one update (default 2 minutes),
	// so that a stuck handler cannot hold its chat forever.
	HandlerTimeout time.Duration
	// ShutdownGrace is how long a handler that is under way when the bot
	// is asked to stop may still run (default 10s). One that finishes is
	// marked handled and not replayed after the restart; one still running
	// then is cut short and replayed.
	ShutdownGrace time.Duration
	Limits        Limits // zero means DefaultLimits()
	// SkipCommands skips setMyCommands on start (the chat console).
	SkipCommands bool
	// Location is the time zone of dates shown to users (TZ); default
	// Asia/Ho_Chi_Minh.
	Location *time.Location
	// LeaseTTL is how long a replica's chat or poller lease outlives its
	// last renewal on a shared store (default 30s): after a crash, another
	// replica takes over the chat or the polling within it.
	LeaseTTL time.Duration
	// ReplicaID names this process in leases on a shared store. A process
	// restarted under the same name takes its own leases back at once
	// instead of waiting for them to lapse; two live processes must never
	// share one. Empty: a random name.
	ReplicaID string
	// AppURL is the Mini App's HTTPS address (PUBLIC_URL + "/app/"); empty
	// means no Mini App buttons.
	AppURL string
}

// Deps are the bot's collaborators.
type Deps struct {
	Store  store.KV
	Clock  clock.Clock  // default clock.Real{}
	HTTP   *http.Client // default: no timeout (requests carry their own), 64 idle connections
	Logger *slog.Logger // default slog.Default()
	// Metrics receives the bot's instruments (nil: they are kept but not exported).
	Metrics prometheus.Registerer
	// PollBeat, when set, is called at every round of the long-polling loop
	// (a liveness heartbeat).
	PollBeat func()
}

// Where the bot records the username it runs under, so that the CLI can
// build invite links without TELEGRAM_BOT_USERNAME.
const (
	BucketMeta      = "meta"
	MetaBotUsername = "bot_username"
)

// HandlerFunc handles one update. Returning a *UserError shows its text;
// ErrExpired shows the expired-button text; any other error is logged and
// the user gets a short apology.
type HandlerFunc func(ctx context.Context, r *Request) error

// UserError is an error whose Text (HTML, already escaped) is safe to show.
type UserError struct{ Text string }

func (e *UserError) Error() string { return "user error: " + PlainText(e.Text) }

// Userf returns a *UserError; the format is trusted markup, arguments are escaped.
func Userf(format string, args ...any) error { return &UserError{Text: HTML(format, args...)} }

// ErrExpired is returned by callback handlers for a button that no longer
// applies (its conversation step has passed).
var ErrExpired = errors.New("bot: button expired")

// ErrCancelAsked is returned by an OnCancel function that asked the user to
// confirm the cancellation instead of cancelling.
var ErrCancelAsked = errors.New("bot: cancellation asked")

type command struct {
	name   string
	roles  org.RoleSet
	public bool // usable by people not yet registered
	group  bool // answered in groups too
	h      HandlerFunc
	// help are the command's lines in /help; none means one line, "/name",
	// for the roles that may use it.
	help []helpLine
}

// helpLine is one line of /help: what is typed after the slash ("baocao
// mau"), described by msg.CommandHelp, shown to roles (guest: people not yet
// registered).
type helpLine struct {
	form  string
	roles org.RoleSet
	guest bool
}

type callback struct {
	roles  org.RoleSet
	public bool
	h      HandlerFunc
}

// Bot is the running Telegram adapter.
type Bot struct {
	cfg Config
	// budget bounds one update's handling (context.WithTimeout with
	// HandlerTimeout); a test ends it when it chooses.
	budget  func(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc)
	kv      store.KV
	clock   clock.Clock
	log     *slog.Logger
	api     *tg.Bot
	http    tg.HttpClient // the tokenGuard around Deps.HTTP
	beat    func()
	send    *sender
	act     *activity
	disp    *dispatcher
	members *org.Members
	invites *org.Invites
	admins  map[int64]bool

	mu        sync.RWMutex
	username  string
	commands  map[string]*command
	order     []string
	callbacks map[string]*callback
	flows     map[string]*callback
	text      HandlerFunc
	textAll   bool // text reaches people not yet registered too
	documents HandlerFunc
	words     HandlerFunc
	phrases   []phrase
	onCancel  map[string]func(context.Context, *Request) error
	runCtx    context.Context
	ready     chan struct{} // closed once Run is polling or serving the webhook
	shared    store.Leaser  // the store's leases when several processes share it, else nil
	owner     string        // this instance's name in leases
	polling   atomic.Bool   // this replica holds the poller lease
	standby   chan struct{} // closed when Run first waits for the poller lease
	standing  sync.Once
	metrics   metrics
	outage    outage
}

// Option tweaks registration of a command.
type Option func(*command)

// InGroups lets a command be answered in group chats (by default a group
// gets a short pointer to the private chat).
func InGroups() Option { return func(c *command) { c.group = true } }

// ForAll lets people not yet registered use a command (the handler decides
// what they may do, e.g. ask about regulations in a private chat).
func ForAll() Option { return func(c *command) { c.public = true } }

// HelpLine lists form (what is typed after the slash, e.g. "baocao mau") in
// the /help of roles, described by msg.CommandHelp(form, role). A command
// given HelpLine options shows exactly those lines instead of its default
// one, so that one command can read differently per role and show its
// sub-commands.
func HelpLine(form string, roles org.RoleSet) Option {
	return func(c *command) { c.help = append(c.help, helpLine{form: form, roles: roles}) }
}

// New builds the bot. It does not talk to Telegram until Run.
func New(cfg Config, d Deps) (*Bot, error) {
	if strings.TrimSpace(cfg.Token) == "" {
		return nil, errors.New("bot: empty token")
	}
	if cfg.Org == nil {
		return nil, errors.New("bot: no org config")
	}
	if d.Store == nil {
		return nil, errors.New("bot: no store")
	}
	if cfg.WebhookURL != "" && cfg.WebhookSecret == "" {
		return nil, errors.New("bot: WEBHOOK_URL needs WEBHOOK_SECRET")
	}
	if cfg.APIURL == "" {
		cfg.APIURL = "https://api.telegram.org"
	}
	cfg.APIURL = strings.TrimRight(cfg.APIURL, "/")
	if cfg.Workers <= 0 {
		cfg.Workers = 16
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = 50 * time.Second
	}
	if cfg.SendTimeout <= 0 {
		cfg.SendTimeout = 30 * time.Second
	}
	if cfg.HandlerTimeout <= 0 {
		cfg.HandlerTimeout = 2 * time.Minute
	}
	if cfg.LeaseTTL <= 0 {
		cfg.LeaseTTL = 30 * time.Second
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = 10 * time.Second
	}
	if cfg.Location == nil {
		loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
		if err != nil {
			loc = time.FixedZone("ICT", 7*3600) // no tzdata: Vietnam has no DST
		}
		cfg.Location = loc
	}
	if cfg.Limits == (Limits{}) {
		cfg.Limits = DefaultLimits()
	}
	if d.Clock == nil {
		d.Clock = clock.Real{}
	}
	if d.HTTP == nil {
		// Handlers of many chats send at once: keep enough idle connections
		// to Telegram (the default 2 per host makes every burst re-dial).
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 64
		d.HTTP = &http.Client{Transport: tr}
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if _, err := url.Parse(cfg.APIURL + "/bot" + cfg.Token + "/getMe"); err != nil {
		return nil, errors.New("bot: TELEGRAM_API_URL or the token does not make a valid URL")
	}
	if d.PollBeat == nil {
		d.PollBeat = func() {}
	}
	b := &Bot{
		cfg: cfg, kv: d.Store, clock: d.Clock, log: d.Logger, http: tokenGuard{inner: d.HTTP, token: cfg.Token}, beat: d.PollBeat,
		budget:    context.WithTimeout,
		act:       newActivity(d.Clock),
		members:   org.NewMembers(d.Store, d.Clock, d.Logger),
		admins:    map[int64]bool{},
		username:  strings.TrimPrefix(cfg.Username, "@"),
		commands:  map[string]*command{},
		callbacks: map[string]*callback{},
		flows:     map[string]*callback{},
		onCancel:  map[string]func(context.Context, *Request) error{},
		ready:     make(chan struct{}),
		standby:   make(chan struct{}),
		owner:     cmp.Or(cfg.ReplicaID, newOwnerID()),
	}
	b.shared, _ = store.LeaserOf(d.Store)
	b.invites = org.NewInvites(d.Store, cfg.Org, d.Clock, b.members)
	for _, id := range cfg.AdminIDs {
		b.admins[id] = true
	}
	b.metrics = newMetrics(d.Metrics, b)
	api, err := tg.New(cfg.Token,
		tg.WithServerURL(cfg.APIURL),
		tg.WithHTTPClient(cfg.PollTimeout, tracingClient{inner: b.http}),
		tg.WithSkipGetMe(),
		tg.WithDefaultHandler(func(context.Context, *tg.Bot, *models.Update) {}),
		tg.WithErrorsHandler(func(err error) { b.log.Error("telegram client", "err", err) }),
	)
	if err != nil {
		return nil, fmt.Errorf("bot: telegram client: %w", err)
	}
	b.api = api
	pace := newPacer(cfg.Limits, d.Clock)
	pace.shared, _ = store.LimiterOf(d.Store)
	pace.log = d.Logger
	b.send = &sender{api: api, pace: pace, log: d.Logger, act: b.act, m: &b.metrics,
		timeout: cfg.SendTimeout, onBlocked: b.blocked}
	b.disp = newDispatcher(cfg.Workers, b.act, b.timed(b.process))
	b.registerBuiltins()
	return b, nil
}

// Command registers a command (name without '/') for the given roles.
func (b *Bot) Command(name string, roles org.RoleSet, h HandlerFunc, opts ...Option) {
	c := &command{name: name, roles: roles, h: h}
	for _, o := range opts {
		o(c)
	}
	b.addCommand(c)
}

func (b *Bot) addCommand(c *command) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.commands[c.name]; !ok {
		b.order = append(b.order, c.name)
	}
	b.commands[c.name] = c
}

// Callback registers the handler of buttons whose data was built with
// Data(prefix, …). Typed labels of the latest keyboard reach it too.
func (b *Bot) Callback(prefix string, roles org.RoleSet, h HandlerFunc) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.callbacks[prefix] = &callback{roles: roles, h: h}
}

// Flow registers the handler of a conversation flow: plain text and files in
// a private chat whose Conversation.Flow is name go to h.
func (b *Bot) Flow(name string, roles org.RoleSet, h HandlerFunc) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flows[name] = &callback{roles: roles, h: h}
}

// DefaultText sets the handler of plain private text outside any flow (Q&A).
// It runs for registered members only.
func (b *Bot) DefaultText(h HandlerFunc) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.text = h
}

// DefaultTextForAll is DefaultText for a handler that also serves people
// not yet registered (public regulation questions); it decides itself what
// a stranger may do. Files from strangers are still refused.
func (b *Bot) DefaultTextForAll(h HandlerFunc) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.text, b.textAll = h, true
}

// CallbackForAll registers a button handler that people not yet
// registered may press too.
func (b *Bot) CallbackForAll(prefix string, h HandlerFunc) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.callbacks[prefix] = &callback{public: true, h: h}
}

// OnCancel registers clean-up for a flow, run when the user cancels it
// with /huy (a flow's own Hủy button is the flow's business), so that
// nothing the flow keeps outside the conversation (a draft) outlives it.
// fn may instead ask the user to confirm (its own message and buttons) and
// return ErrCancelAsked: the flow then goes on until the user decides.
func (b *Bot) OnCancel(flow string, fn func(ctx context.Context, r *Request) error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.onCancel[flow] = fn
}

// ButtonWords sets the handler of a button word ("Xác nhận", "Hủy"…) typed
// in a private chat outside any conversation (see IsButtonWord), for a
// feature that can still say something true about it (the receipt of a
// report just confirmed). Without one, and for the handler to fall back on,
// the answer is msg.BotNoSession; such words never reach DefaultText.
func (b *Bot) ButtonWords(h HandlerFunc) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.words = h
}

// phrase is a whole message a feature answers; see Phrase.
type phrase struct {
	roles org.RoleSet
	match func(text string) bool
	h     HandlerFunc
}

// Phrase sets the handler of a whole message that match recognises (the
// answer to a meeting notice typed as "tham dự", "xin vắng" instead of
// pressing its button), typed in a private chat outside any conversation
// by a registered person whose role is in roles. It runs before
// DefaultText; a typed button label still presses its button first.
func (b *Bot) Phrase(roles org.RoleSet, match func(text string) bool, h HandlerFunc) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.phrases = append(b.phrases, phrase{roles: roles, match: match, h: h})
}

// DefaultDocument sets the handler of files sent in a private chat outside
// any flow (an admin adding a regulation document). Without one the user is
// told that no file was expected.
func (b *Bot) DefaultDocument(h HandlerFunc) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.documents = h
}

// Username is the bot's @name (known after Run started, or from Config).
func (b *Bot) Username() string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.username
}

// Members is the member repository the bot uses.
func (b *Bot) Members() *org.Members { return b.members }

// Invites is the invite repository the bot uses (the CLI's invite can share it).
func (b *Bot) Invites() *org.Invites { return b.invites }

// Send is the one outbound path for every message: paced, retried where
// safe, split under Telegram's limit. It returns the id of the last message.
// It may be called from anywhere (reminders, other chats' handlers). A
// handler should send its own replies one after another: sends started in
// parallel from one handler's context would confuse the activity tracking
// that the chat console and fake-clock tests rely on (not production).
func (b *Bot) Send(ctx context.Context, chat int64, m Message) (int, error) {
	id, err := b.send.send(ctx, chat, m)
	if err == nil && chat > 0 && hasCallbacks(m.Buttons) {
		b.rememberKeyboard(ctx, chat, id, m.Buttons)
	}
	return id, err
}

// Edit changes the text and buttons of a message the bot sent.
func (b *Bot) Edit(ctx context.Context, chat int64, msgID int, m Message) error {
	err := b.send.edit(ctx, chat, msgID, m)
	switch {
	case err != nil || chat <= 0:
	case hasCallbacks(m.Buttons):
		b.rememberKeyboard(ctx, chat, msgID, m.Buttons)
	default:
		// The message lost its buttons: their data must not linger
		// (a secret ballot's choice is in it).
		b.forgetKeyboard(ctx, chat, msgID)
	}
	return err
}

// Settle waits until the bot has nothing to do: no update queued or being
// handled, no request in flight (goroutines waiting on the clock count as
// idle). The chat console and fake-clock tests use it.
func (b *Bot) Settle(ctx context.Context) error { return b.act.wait(ctx) }

// Quiet waits until the bot has nothing to do and nothing waiting on the
// clock either (no retry, no paced send pending): what the chat console
// waits for before it sends the next line.
func (b *Bot) Quiet(ctx context.Context) error { return b.act.waitQuiet(ctx) }

// IsQuiet reports whether the bot is quiet now.
func (b *Bot) IsQuiet() bool { return b.act.quiet() }

// WebhookPath is the URL path Handler expects (the path of WebhookURL), or "".
func (b *Bot) WebhookPath() string {
	if b.cfg.WebhookURL == "" {
		return ""
	}
	u, err := url.Parse(b.cfg.WebhookURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// Run talks to Telegram until ctx ends: it learns the bot's name, sets the
// command menu, registers or deletes the webhook, replays updates queued
// before a restart, then long-polls (or, in webhook mode, waits while
// Handler receives updates). It returns after every started handler ended.
func (b *Bot) Run(ctx context.Context) error {
	if err := b.start(ctx); err != nil {
		b.disp.wait()
		if ctx.Err() != nil {
			return nil // stopped while starting (or standing by for the poller lease)
		}
		return err
	}
	var err error
	if b.cfg.WebhookURL == "" {
		err = b.poll(ctx)
	} else {
		<-ctx.Done()
	}
	// The outage watch may hand held updates to the dispatcher, and a
	// handler may start a watch: wait for both, in both orders.
	b.outage.wait()
	b.disp.wait()
	b.outage.wait()
	if errors.Is(err, context.Canceled) || err == nil {
		return nil
	}
	return err
}

func (b *Bot) start(ctx context.Context) error {
	if b.Username() == "" {
		var me *models.User
		err := b.retry(ctx, "getMe", func(ctx context.Context) error {
			var err error
			me, err = b.api.GetMe(ctx)
			return err
		})
		if err != nil {
			return fmt.Errorf("bot: getMe: %w", err)
		}
		b.mu.Lock()
		b.username = me.Username
		b.mu.Unlock()
	}
	// Recorded for the CLI's invite links (see cmd/thiduabot invite).
	if err := b.kv.Put(ctx, BucketMeta, MetaBotUsername, []byte(b.Username())); err != nil {
		b.log.Warn("bot: could not record the bot's username", "err", err)
	}
	if !b.cfg.SkipCommands {
		b.setCommands(ctx)
	}
	if b.shared != nil && b.cfg.WebhookURL != "" {
		if err := b.serveWebhook(ctx); err != nil {
			return fmt.Errorf("bot: mark the webhook served: %w", err)
		}
	}
	if b.shared != nil && b.cfg.WebhookURL == "" {
		// Before deleteWebhook and getUpdates: one poller per token.
		if err := b.takePoller(ctx); err != nil {
			return err
		}
	}
	if b.cfg.WebhookURL != "" {
		err := b.retry(ctx, "setWebhook", func(ctx context.Context) error {
			_, err := b.api.SetWebhook(ctx, &tg.SetWebhookParams{URL: b.cfg.WebhookURL, SecretToken: b.cfg.WebhookSecret,
				AllowedUpdates: allowedUpdates()})
			return err
		})
		if err != nil {
			return fmt.Errorf("bot: setWebhook: %w", err)
		}
	} else {
		err := b.retry(ctx, "deleteWebhook", func(ctx context.Context) error {
			_, err := b.api.DeleteWebhook(ctx, &tg.DeleteWebhookParams{})
			return err
		})
		if err != nil {
			return fmt.Errorf("bot: deleteWebhook: %w", err)
		}
	}
	b.mu.Lock()
	b.runCtx = ctx
	b.mu.Unlock()
	if err := b.replay(ctx); err != nil {
		return err
	}
	close(b.ready)
	return nil
}

// Standby is closed when Run, in polling mode on a shared store, waits for
// another replica's poller lease (a hot standby): Ready follows only once
// it takes over.
func (b *Bot) Standby() <-chan struct{} { return b.standby }

// Ready is closed once Run has started: the webhook is registered (or
// deleted for polling) and updates queued before a restart are handed over.
func (b *Bot) Ready() <-chan struct{} { return b.ready }

func allowedUpdates() []string { return []string{"message", "callback_query"} }

// retry runs a start-up call, retrying transient failures (not 401/400).
func (b *Bot) retry(ctx context.Context, what string, call func(ctx context.Context) error) error {
	backoff := firstBackoff
	for n := 1; ; n++ {
		cctx, cancel := context.WithTimeout(ctx, b.cfg.SendTimeout)
		err := call(cctx)
		cancel()
		if err == nil || ctx.Err() != nil || errors.Is(err, tg.ErrorUnauthorized) || errors.Is(err, tg.ErrorBadRequest) ||
			errors.Is(err, tg.ErrorNotFound) || n >= maxAttempts {
			if err == nil && ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
		b.log.Warn("telegram: retrying", "call", what, "attempt", n, "err", err)
		if err := clock.Sleep(ctx, b.clock, backoff); err != nil {
			return err
		}
		backoff = min(backoff*2, maxBackoff)
	}
}

// setCommands publishes the command menu in Vietnamese (default) and English.
// A failure only degrades the menu, so it is logged, not fatal.
func (b *Bot) setCommands(ctx context.Context) {
	for _, lang := range []string{"", "en"} {
		cmds := b.menu(lang)
		cctx, cancel := context.WithTimeout(ctx, b.cfg.SendTimeout)
		_, err := b.api.SetMyCommands(cctx, &tg.SetMyCommandsParams{Commands: cmds, LanguageCode: lang})
		cancel()
		if err != nil {
			b.log.Warn("telegram: setMyCommands failed; the command menu may be out of date", "lang", lang, "err", err)
		}
	}
}

// hasCallbacks reports whether rows hold a button that answers by callback
// (one a typed label can press); a Mini App button alone does not replace
// the keyboard a conversation is waiting on.
func hasCallbacks(rows [][]Button) bool {
	for _, row := range rows {
		for _, b := range row {
			if b.Data != "" {
				return true
			}
		}
	}
	return false
}

// AppButtons is a button opening the Mini App on view (xephang, tongquan,
// diem), for a reply in a private chat; nil when the Mini App is off or the
// chat is a group (Telegram opens web_app buttons in private chats only).
func (r *Request) AppButtons(label, view string) [][]Button {
	if r.bot.cfg.AppURL == "" || !r.Private {
		return nil
	}
	return [][]Button{{{Label: label, WebApp: r.bot.cfg.AppURL + "?view=" + url.QueryEscape(view)}}}
}

// Admins returns the Telegram ids of every admin: those of ADMIN_IDS and
// the members registered with the admin role, in id order.
func (b *Bot) Admins(ctx context.Context) ([]int64, error) {
	ms, err := b.members.List(ctx, "")
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	for id := range b.admins {
		seen[id] = true
	}
	for _, m := range ms {
		if m.Role == org.RoleAdmin {
			seen[m.UserID] = true
		}
	}
	out := make([]int64, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	slices.Sort(out)
	return out, nil
}

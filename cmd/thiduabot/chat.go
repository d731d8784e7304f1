package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/telegramtest"
	"github.com/thiduabot/thiduabot/vi"
)

// consoleAdminID is the Telegram user id `chat --as admin` speaks as.
const consoleAdminID = 1

// runChat talks to the whole bot in the terminal: the bot runs in-process
// against the test Bot API server, on the real store, and each input line is
// what the chosen user types (or a button label they press).
func runChat(ctx context.Context, e *env, args []string) int {
	var s settings
	fs := newFlags(e, "chat", "chat --as USER [--out DIR]   (USER: id Telegram | admin | chair:<cụm> | deputy:<cụm> | focal:<đơn vị> | member:<đơn vị>)")
	s.addConfigFlag(e, fs)
	s.addStoreFlags(e, fs)
	s.addFeatureFlags(e, fs)
	as := fs.String("as", "", "nói với tư cách / speak as: id Telegram, admin, chair:<cụm>, deputy:<cụm>, focal:<đơn vị>, member:<đơn vị>")
	out := fs.String("out", "", "lưu mọi ảnh và tệp bot gửi (biểu đồ PNG, Excel, Word) vào thư mục này / save every photo and file the bot sends into DIR")
	verbose := fs.Bool("v", false, "in nhật ký của bot ra stderr / show the bot's logs")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *as == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	feats, err := s.features()
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot chat: %v\n", err)
		return 2
	}
	cfg, ok := s.configOrReport(e, "chat")
	if !ok {
		return 1
	}
	who, err := parseAs(cfg.Org, *as)
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot chat: %v\n", err)
		return 2
	}
	admins, err := parseAdminIDs(e.getenv("ADMIN_IDS"))
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot chat: ADMIN_IDS: %v\n", err)
		return 2
	}
	kv, err := s.openStore(ctx, e)
	if errors.Is(err, store.ErrLocked) {
		fmt.Fprintf(e.stderr, "thiduabot chat: kho dữ liệu đang được bot đang chạy sử dụng; hãy dừng bot hoặc dùng THIDUA_DATA khác / the store is in use by a running bot: %v\n", err)
		return 1
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot chat: %v\n", err)
		return 1
	}
	defer kv.Close()
	if *out != "" {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			fmt.Fprintf(e.stderr, "thiduabot chat: --out: %v\n", err)
			return 1
		}
	}

	logOut := io.Discard
	if *verbose {
		logOut = e.stderr
	}
	log := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelInfo}))
	c := &console{e: e, user: telegramtest.User{ID: who.id, FirstName: who.name}, out: *out}
	// The test server is created first (the bot needs its URL) with a
	// placeholder and recreated once the store tells which update ids were
	// already used: the store ignores a reused id as already handled.
	unlimited := bot.Limits{Global: 1 << 30, GlobalWin: time.Second, ChatBurst: 1 << 30, ChatEvery: time.Nanosecond, Group: 1 << 30, GroupWin: time.Second}
	first := int64(0)
	for attempt := 0; attempt < 2; attempt++ {
		c.srv = telegramtest.New(telegramtest.Options{Clock: e.clock, NoLimits: true, FirstUpdateID: first})
		c.bot, err = bot.New(bot.Config{
			Token: c.srv.Token, APIURL: c.srv.URL, Username: c.srv.BotUsername(),
			AdminIDs: append(admins, consoleAdminID), Org: cfg.Org, Limits: unlimited, SkipCommands: true, Location: feats.loc,
		}, bot.Deps{Store: kv, Clock: e.clock, Logger: log})
		if err != nil {
			c.srv.Close()
			fmt.Fprintf(e.stderr, "thiduabot chat: %v\n", err)
			return 1
		}
		last, err := c.bot.LastUpdateID(ctx)
		if err != nil {
			c.srv.Close()
			fmt.Fprintf(e.stderr, "thiduabot chat: %v\n", err)
			return 1
		}
		if last < max(first, 1001) {
			break
		}
		c.srv.Close()
		first = last + 1
	}
	defer c.srv.Close()
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The same features as `run`, background loops included.
	w, err := wireFeatures(runCtx, c.bot, cfg, kv, e, feats, log)
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot chat: %v\n", err)
		return 1
	}
	done := make(chan error, 1)
	go func() { done <- c.bot.Run(runCtx) }()
	defer func() {
		cancel()
		<-done
		w.wait()
	}()
	select {
	case <-c.bot.Ready():
	case err := <-done:
		done <- err
		fmt.Fprintf(e.stderr, "thiduabot chat: %v\n", err)
		return 1
	}
	// At a terminal the prompt "> " and the typed line already read as the
	// echo; from a pipe each line is echoed.
	c.interactive = isTerminal(e.stdin)
	if who.invite != nil {
		if err := c.join(ctx, kv, cfg, *who.invite); err != nil {
			fmt.Fprintf(e.stderr, "thiduabot chat: %v\n", err)
			return 1
		}
	}
	if c.interactive {
		fmt.Fprintln(e.stderr, "Gõ tin nhắn hoặc tên nút rồi Enter; Ctrl-D để thoát. / Type a message or a button label; Ctrl-D to quit.")
		fmt.Fprint(e.stdout, "> ")
	}
	in := bufio.NewScanner(e.stdin)
	in.Buffer(make([]byte, 64<<10), 1<<20)
	for in.Scan() {
		line := strings.TrimRight(in.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if err := c.exchange(ctx, line); err != nil {
			fmt.Fprintf(e.stderr, "thiduabot chat: %v\n", err)
			return 1
		}
		if c.interactive {
			fmt.Fprint(e.stdout, "> ")
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintf(e.stderr, "thiduabot chat: đọc đầu vào / read input: %v\n", err)
		return 1
	}
	return 0
}

// identity is who --as names.
type identity struct {
	id     int64
	name   string
	invite *org.InviteRequest // to create and redeem on first use
}

func parseAs(oc *org.Config, as string) (identity, error) {
	kind, arg, _ := strings.Cut(as, ":")
	switch kind {
	case "admin":
		return identity{id: consoleAdminID, name: "Quản trị viên"}, nil
	case "chair":
		cl, ok := oc.Cluster(arg)
		if !ok {
			return identity{}, fmt.Errorf("không có cụm %q trong org.yaml / unknown cluster", arg)
		}
		return identity{id: consoleID(as), name: "Cụm trưởng " + cl.Name,
			invite: &org.InviteRequest{Role: org.RoleChair, Unit: cl.Chair}}, nil
	case "deputy":
		cl, ok := oc.Cluster(arg)
		if !ok {
			return identity{}, fmt.Errorf("không có cụm %q trong org.yaml / unknown cluster", arg)
		}
		if cl.Deputy == "" {
			return identity{}, fmt.Errorf("cụm %q không có đơn vị cụm phó (deputy) trong org.yaml / the cluster has no deputy unit", arg)
		}
		return identity{id: consoleID(as), name: "Cụm phó " + cl.Name,
			invite: &org.InviteRequest{Role: org.RoleDeputy, Unit: cl.Deputy}}, nil
	case "focal", "member":
		u, _, ok := oc.Unit(arg)
		if !ok {
			return identity{}, fmt.Errorf("không có đơn vị %q trong org.yaml / unknown unit", arg)
		}
		if kind == "member" {
			return identity{id: consoleID(as), name: "Thành viên " + u.Name,
				invite: &org.InviteRequest{Role: org.RoleMember, Unit: u.ID}}, nil
		}
		return identity{id: consoleID(as), name: "Đầu mối " + u.Name,
			invite: &org.InviteRequest{Role: org.RoleFocal, Unit: u.ID}}, nil
	}
	id, err := strconv.ParseInt(as, 10, 64)
	if err != nil || id <= 0 {
		return identity{}, fmt.Errorf("--as %q: cần id Telegram, admin, chair:<cụm>, deputy:<cụm>, focal:<đơn vị> hoặc member:<đơn vị> / want a user id, admin, chair:<cluster>, deputy:<cluster>, focal:<unit> or member:<unit>", as)
	}
	return identity{id: id, name: "Người dùng " + as}, nil
}

// consoleID gives each named console identity a stable user id of its own,
// far above the console admin's, so that bindings persist between runs.
func consoleID(as string) int64 {
	h := fnv.New32a()
	h.Write([]byte(as))
	return 1_000_000_000 + int64(h.Sum32()%1_000_000_000)
}

type console struct {
	e    *env
	srv  *telegramtest.Server
	bot  *bot.Bot
	user telegramtest.User
	seen int // how much of srv.Sent() has been printed
	// out is where photos and files the bot sends are saved ("" = not saved).
	out string

	interactive bool
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// join binds the console user on first use by redeeming a fresh invite, as a
// newcomer would; the exchange is shown.
func (c *console) join(ctx context.Context, kv store.KV, cfg *configdir.Config, req org.InviteRequest) error {
	m, err := org.NewMembers(kv, c.e.clock).Get(ctx, c.user.ID)
	if err == nil && m.Role == req.Role && m.Unit == req.Unit {
		return nil
	}
	inv, err := org.NewInvites(kv, cfg.Org, c.e.clock).Create(ctx, req)
	if err != nil {
		return fmt.Errorf("tạo mã mời / create invite: %w", err)
	}
	line := "/start " + inv.Code
	if c.interactive {
		fmt.Fprintf(c.e.stdout, "> %s\n", line)
	}
	return c.exchange(ctx, line)
}

// exchange sends one line (a button press when it names a button of the
// latest keyboard) and prints everything the bot answers.
func (c *console) exchange(ctx context.Context, line string) error {
	if !c.interactive {
		fmt.Fprintf(c.e.stdout, "> %s\n", line)
	}
	if msgID, data, ok := c.button(line); ok {
		c.srv.Press(c.user, msgID, data)
	} else {
		c.srv.Text(c.user, line)
	}
	if err := c.settle(ctx); err != nil {
		return err
	}
	return c.print()
}

// settle waits until the server has delivered everything and the bot has
// nothing running, queued or waiting.
func (c *console) settle(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	for {
		if err := c.srv.Wait(ctx, func(s *telegramtest.Server) bool { return s.Idle() }); err != nil {
			return fmt.Errorf("bot không trả lời / the bot did not answer: %w", err)
		}
		if err := c.bot.Quiet(ctx); err != nil {
			return fmt.Errorf("bot không trả lời / the bot did not answer: %w", err)
		}
		if c.srv.Idle() && c.bot.IsQuiet() {
			return nil
		}
	}
}

// button finds a typed label (ignoring case, and diacritics not typed; see
// vi.Matches) on the latest message that has buttons.
func (c *console) button(line string) (int, string, bool) {
	want := fold(line)
	sent := c.srv.SentTo(c.user.ID)
	current := map[int][][]telegramtest.Button{}
	for _, s := range sent {
		switch s.Method {
		case "sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup":
			current[s.MessageID] = s.Keyboard
		}
	}
	for i := len(sent) - 1; i >= 0; i-- {
		kb := current[sent[i].MessageID]
		if len(kb) == 0 {
			continue
		}
		for _, row := range kb {
			for _, b := range row {
				if fold(b.Text) == want && vi.Matches(line, b.Text) { // "vâng" is no "Vắng"
					return sent[i].MessageID, b.Data, true
				}
			}
		}
		return 0, "", false
	}
	return 0, "", false
}

func fold(s string) string { return strings.Join(strings.Fields(vi.Fold(s)), " ") }

// print shows the bot's new messages to the console user as plain text, with
// buttons as [label] [label] and files as [ảnh: name] / [tệp: name], each
// followed by the path it was saved to when --out is set.
func (c *console) print() error {
	all := c.srv.Sent()
	defer func() { c.seen = len(all) }()
	for _, s := range all[c.seen:] {
		if s.ChatID != c.user.ID {
			continue
		}
		w := c.e.stdout
		switch s.Method {
		case "sendPhoto", "sendDocument":
			kind := "tệp"
			if s.Method == "sendPhoto" {
				kind = "ảnh"
			}
			if c.out == "" {
				fmt.Fprintf(w, "[%s: %s]\n", kind, s.FileName)
				break
			}
			path, err := saveFile(c.out, s.FileName, s.FileData)
			if err != nil {
				return fmt.Errorf("lưu tệp / save file: %w", err)
			}
			fmt.Fprintf(w, "[%s: %s] → %s\n", kind, s.FileName, path)
		case "answerCallbackQuery", "editMessageReplyMarkup":
			if s.Method == "editMessageReplyMarkup" && len(s.Keyboard) > 0 {
				printButtons(w, s.Keyboard)
			}
			continue
		}
		if t := strings.TrimSpace(bot.PlainText(s.Text)); t != "" {
			fmt.Fprintln(w, t)
		}
		printButtons(w, s.Keyboard)
	}
	return nil
}

// saveFile writes data into dir under the file's own name, never over an
// existing file: a second chart.png becomes chart-2.png.
func saveFile(dir, name string, data []byte) (string, error) {
	name = filepath.Base(filepath.Clean("/" + name))
	if name == "/" || name == "." {
		name = "tep"
	}
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 1; ; i++ {
		path := filepath.Join(dir, name)
		if i > 1 {
			path = filepath.Join(dir, fmt.Sprintf("%s-%d%s", stem, i, ext))
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return "", err
		}
		return path, f.Close()
	}
}

func printButtons(w io.Writer, kb [][]telegramtest.Button) {
	var labels []string
	for _, row := range kb {
		for _, b := range row {
			labels = append(labels, "["+b.Text+"]")
		}
	}
	if len(labels) > 0 {
		fmt.Fprintln(w, strings.Join(labels, " "))
	}
}

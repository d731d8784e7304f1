package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// The README's first-day path, run as written (issue 11.4): every fenced
// block between <!-- first-day:vi --> and <!-- /first-day --> is executed in
// order on a temporary folder, with TELEGRAM_API_URL pointing at the fake
// Telegram server:
//
//   - ```sh: each line is `export NAME=VALUE` or `[NAME=VALUE ...] thiduabot ARGS`,
//     run in-process through Main. `thiduabot run` keeps running in the
//     background (a later `run` stops it first, as Ctrl-C would); other
//     commands run beside it, as from a second terminal.
//   - ```telegram: each line is sent to the bot by the reader, whose Telegram
//     id is the ADMIN_IDS the README exports.
//   - ```text: what the step before prints (a command's stdout and stderr,
//     or the bot's answers); every line must end a line of it, `…` standing
//     for any text.
//
// The English section must hold the same blocks.
func TestREADMEFirstDay(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	vi := firstDayBlocks(t, string(readme), "vi")
	en := firstDayBlocks(t, string(readme), "en")
	if len(vi) < 8 {
		t.Fatalf("README first-day section (vi) has %d blocks; markers lost?", len(vi))
	}
	if len(vi) != len(en) {
		t.Errorf("first day: %d blocks in Vietnamese, %d in English", len(vi), len(en))
	}
	for i := range min(len(vi), len(en)) {
		if vi[i].kind != en[i].kind || vi[i].body != en[i].body {
			t.Errorf("first day: block %d differs between the sections:\nvi (line %d):\n%s\nen (line %d):\n%s", i+1, vi[i].line, vi[i].body, en[i].line, en[i].body)
		}
	}

	fd := newFirstDay(t, vi)
	t.Chdir(t.TempDir())
	defer fd.stopRun()
	for _, b := range vi {
		switch b.kind {
		case "sh":
			for _, line := range strings.Split(b.body, "\n") {
				fd.shell(b.line, line)
			}
		case "telegram":
			for _, line := range strings.Split(b.body, "\n") {
				fd.say(line)
			}
		case "text":
			fd.expect(b)
		default:
			t.Fatalf("README.md:%d: block kind %q in the first-day section; use sh, telegram or text", b.line, b.kind)
		}
	}
	if fd.runs != 2 {
		t.Errorf("the first day started the bot %d times; want 2 (before and after ADMIN_IDS)", fd.runs)
	}
	if fd.invites == 0 {
		t.Error("the first day invites nobody from the command line")
	}
	if _, err := os.Stat(filepath.Join("data", "thiduabot.db")); err != nil {
		t.Errorf("the data is not where the README says: %v", err)
	}
	if code := fd.stopRun(); code != 0 {
		t.Errorf("run exited %d after Ctrl-C", code)
	}
}

// block is one fenced block of the README.
type block struct {
	kind string // the info string: sh, telegram, text
	body string
	line int // of the opening fence
}

func firstDayBlocks(t *testing.T, readme, section string) []block {
	t.Helper()
	begin := "<!-- first-day:" + section + " -->"
	a := strings.Index(readme, begin)
	if a < 0 {
		t.Fatalf("README.md has no %s", begin)
	}
	rest := readme[a:]
	b := strings.Index(rest, "<!-- /first-day -->")
	if b < 0 {
		t.Fatalf("README.md: %s is not closed by <!-- /first-day -->", begin)
	}
	first := strings.Count(readme[:a], "\n") + 1
	var out []block
	var cur *block
	var body []string
	for i, line := range strings.Split(rest[:b], "\n") {
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = &block{kind: strings.TrimSpace(strings.TrimPrefix(line, "```")), line: first + i}
			body = nil
		case cur != nil && strings.TrimSpace(line) == "```":
			cur.body = strings.Join(body, "\n")
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			body = append(body, line)
		}
	}
	if cur != nil {
		t.Fatalf("README.md:%d: block not closed", cur.line)
	}
	return out
}

// firstDay is the reader's machine: their shell, their bot, their Telegram.
type firstDay struct {
	t        *testing.T
	srv      *telegramtest.Server
	me       telegramtest.User
	exported map[string]string
	// lastOut is what the step before the next text block printed.
	lastOut *watchedBuffer
	run     *background
	runs    int
	invites int
}

type background struct {
	cancel context.CancelFunc
	done   chan int
	code   int
	out    *watchedBuffer
}

// watchedBuffer collects a command's output and lets the test wait for
// what it expects there without polling.
type watchedBuffer struct {
	mu      sync.Mutex
	b       strings.Builder
	changed chan struct{}
}

func newWatchedBuffer() *watchedBuffer { return &watchedBuffer{changed: make(chan struct{})} }

func (w *watchedBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b.Write(p)
	close(w.changed)
	w.changed = make(chan struct{})
	return len(p), nil
}

func (w *watchedBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// wait returns once ok holds for the output, or false when ctx ends first.
func (w *watchedBuffer) wait(ctx context.Context, ok func(string) bool) bool {
	for {
		w.mu.Lock()
		s, ch := w.b.String(), w.changed
		w.mu.Unlock()
		if ok(s) {
			return true
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return false
		}
	}
}

func newFirstDay(t *testing.T, blocks []block) *firstDay {
	t.Helper()
	// The token and the reader's id are what the README uses.
	token, id := "", int64(0)
	for _, b := range blocks {
		if b.kind != "sh" {
			continue
		}
		if m := regexp.MustCompile(`TELEGRAM_BOT_TOKEN='?([^'\s]+)`).FindStringSubmatch(b.body); m != nil {
			token = m[1]
		}
		if m := regexp.MustCompile(`ADMIN_IDS=(\d+)`).FindStringSubmatch(b.body); m != nil {
			fmt.Sscan(m[1], &id)
		}
	}
	if token == "" || id == 0 {
		t.Fatalf("the first day sets no TELEGRAM_BOT_TOKEN (%q) or ADMIN_IDS (%d)", token, id)
	}
	srv := telegramtest.New(telegramtest.Options{Token: token, NoLimits: true})
	t.Cleanup(srv.Close)
	return &firstDay{t: t, srv: srv, me: telegramtest.User{ID: id, FirstName: "Thường trực"}, exported: map[string]string{}}
}

// words splits a shell line into words: spaces separate, single and double
// quotes group, # starts a comment. Anything else a shell would interpret
// is refused, so the README stays plain.
func words(line string) ([]string, error) {
	if strings.ContainsAny(line, "|&;<>$`\\(){}*?") {
		return nil, fmt.Errorf("shell syntax the test does not run: %q", line)
	}
	var out []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		case r == '#' && !inWord:
			return out, nil
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed quote: %q", line)
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out, nil
}

var assignment = regexp.MustCompile(`^([A-Z_][A-Z0-9_]*)=(.*)$`)

func (fd *firstDay) shell(lineNo int, line string) {
	t := fd.t
	t.Helper()
	ws, err := words(line)
	if err != nil {
		t.Fatalf("README.md:%d: %v", lineNo, err)
	}
	if len(ws) == 0 {
		return
	}
	if ws[0] == "export" {
		for _, w := range ws[1:] {
			m := assignment.FindStringSubmatch(w)
			if m == nil {
				t.Fatalf("README.md:%d: export %q", lineNo, w)
			}
			fd.exported[m[1]] = m[2]
		}
		return
	}
	vars := map[string]string{}
	for k, v := range fd.exported {
		vars[k] = v
	}
	for len(ws) > 0 && assignment.MatchString(ws[0]) {
		m := assignment.FindStringSubmatch(ws[0])
		vars[m[1]] = m[2]
		ws = ws[1:]
	}
	if len(ws) == 0 || ws[0] != "thiduabot" {
		t.Fatalf("README.md:%d: only thiduabot and export are run by this test: %q", lineNo, line)
	}
	// The reader's machine talks to the fake Telegram, and the health and
	// metrics ports are any free ones (another test may hold the defaults).
	vars["TELEGRAM_API_URL"] = fd.srv.URL
	for _, k := range []string{"LISTEN_ADDR", "METRICS_ADDR"} {
		if _, ok := vars[k]; !ok {
			vars[k] = "127.0.0.1:0"
		}
	}
	out := newWatchedBuffer()
	e := &env{stdin: strings.NewReader(""), stdout: out, stderr: out,
		getenv: func(k string) string { return vars[k] }, clock: clock.Real{}}
	args := ws[1:]
	if len(args) > 0 && args[0] == "run" {
		if code := fd.stopRun(); code != 0 {
			t.Fatalf("README.md:%d: the previous run exited %d", lineNo, code)
		}
		ctx, cancel := context.WithCancel(context.Background())
		bg := &background{cancel: cancel, done: make(chan int, 1), out: out}
		fd.run = bg
		go func() { bg.done <- Main(ctx, e, args) }()
		fd.runs++
		fd.lastOut = out
		fd.waitReady(lineNo)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if code := Main(ctx, e, args); code != 0 {
		t.Fatalf("README.md:%d: %s: exit %d\n%s", lineNo, line, code, out.String())
	}
	fd.lastOut = out
	if args[0] == "invite" {
		fd.invites++
		fd.redeem(lineNo, out.String())
	}
}

// waitReady waits for the running bot to poll Telegram.
func (fd *firstDay) waitReady(lineNo int) {
	fd.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	done := fd.run.done
	go func() {
		// A run that exits early ends the wait.
		select {
		case code := <-done:
			done <- code
			cancel()
		case <-ctx.Done():
		}
	}()
	if !fd.run.out.wait(ctx, func(s string) bool { return strings.Contains(s, `msg="telegram ready"`) }) {
		fd.t.Fatalf("README.md:%d: the bot did not start:\n%s", lineNo, fd.run.out.String())
	}
	if strings.Contains(fd.run.out.String(), "CẤU HÌNH MẪU") {
		fd.t.Errorf("README.md:%d: the bot runs on the demo config, not ./config:\n%s", lineNo, fd.run.out.String())
	}
}

// stopRun stops the running bot as Ctrl-C would and returns its exit code.
func (fd *firstDay) stopRun() int {
	if fd.run == nil {
		return 0
	}
	r := fd.run
	fd.run = nil
	r.cancel()
	select {
	case r.code = <-r.done:
	case <-time.After(30 * time.Second):
		fd.t.Fatal("thiduabot run did not stop on Ctrl-C")
	}
	return r.code
}

// say sends a line to the bot as the reader and waits for the answer.
func (fd *firstDay) say(line string) {
	fd.t.Helper()
	if fd.run == nil {
		fd.t.Fatalf("the README has the reader write %q to the bot while it is not running", line)
	}
	before := len(fd.srv.SentTo(fd.me.ID))
	fd.srv.Text(fd.me, line)
	fd.lastOut = newWatchedBuffer()
	fd.lastOut.Write([]byte(fd.await(fd.me.ID, before, line)))
}

// await waits for the bot's answer in chat after its first before messages.
func (fd *firstDay) await(chat int64, before int, what string) string {
	fd.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := fd.srv.Wait(ctx, func(s *telegramtest.Server) bool { return len(s.SentTo(chat)) > before })
	if err != nil {
		fd.t.Fatalf("no answer to %q: %v\n%s", what, err, fd.run.out.String())
	}
	var texts []string
	for _, s := range fd.srv.SentTo(chat)[before:] {
		texts = append(texts, bot.PlainText(s.Text))
	}
	return strings.Join(texts, "\n")
}

// redeem has the invited person open the link the README's invite printed.
func (fd *firstDay) redeem(lineNo int, out string) {
	fd.t.Helper()
	m := regexp.MustCompile(`\?start=(\S+)`).FindStringSubmatch(out)
	if m == nil {
		fd.t.Fatalf("README.md:%d: invite printed no link:\n%s", lineNo, out)
	}
	chair := telegramtest.User{ID: fd.me.ID + 1, FirstName: "Cụm trưởng"}
	before := len(fd.srv.SentTo(chair.ID))
	fd.srv.Text(chair, "/start "+m[1])
	if got := fd.await(chair.ID, before, "/start"); !strings.Contains(got, "cụm trưởng – BHXH tỉnh Quảng Ninh") || !strings.Contains(got, "/baocao mo") {
		fd.t.Errorf("README.md:%d: the invited chair is told:\n%s", lineNo, got)
	}
}

// expect checks a text block against what the step before printed; a
// running bot's log may still be growing, so it is given a moment.
func (fd *firstDay) expect(b block) {
	fd.t.Helper()
	if fd.lastOut == nil {
		fd.t.Fatalf("README.md:%d: output block with no step before it", b.line)
	}
	var res []*regexp.Regexp
	for _, line := range strings.Split(b.body, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.Split(line, "…")
		for i, p := range parts {
			parts[i] = regexp.QuoteMeta(p)
		}
		// A line may be the end of a longer one (a log line's time= prefix),
		// never a piece of one.
		res = append(res, regexp.MustCompile(`(?m)(^|\s)`+strings.Join(parts, ".*")+`$`))
	}
	missing := func(got string) []string {
		var out []string
		for _, re := range res {
			if !re.MatchString(got) {
				out = append(out, re.String())
			}
		}
		return out
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if !fd.lastOut.wait(ctx, func(s string) bool { return len(missing(s)) == 0 }) {
		got := fd.lastOut.String()
		fd.t.Fatalf("README.md:%d: the output lacks %q; it is:\n%s", b.line, missing(got), got)
	}
}

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		line string
		want string
		bad  bool
	}{
		{"thiduabot init ./config", "thiduabot|init|./config", false},
		{"export TELEGRAM_BOT_TOKEN='12:AA-b c'  # comment", "export|TELEGRAM_BOT_TOKEN=12:AA-b c", false},
		{`ADMIN_IDS="1,2" thiduabot run`, "ADMIN_IDS=1,2|thiduabot|run", false},
		{"thiduabot run | tee log", "", true},
		{"thiduabot export $HOME/x.json", "", true},
		{"echo 'unclosed", "", true},
	} {
		got, err := words(tc.line)
		if (err != nil) != tc.bad || (err == nil && strings.Join(got, "|") != tc.want) {
			t.Errorf("words(%q) = %q, %v", tc.line, got, err)
		}
	}
}

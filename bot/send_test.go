package bot

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// sendAsync sends from a goroutine counted by the bot (as a reminder job
// would) and returns the result channel.
func sendAsync(h *harness, chat int64, m Message) chan error {
	ch := make(chan error, 1)
	ctx, done := h.b.act.enter(context.Background())
	go func() {
		defer done()
		_, err := h.b.Send(ctx, chat, m)
		ch <- err
	}()
	return ch
}

func TestSendFailures(t *testing.T) {
	tests := []struct {
		name      string
		fault     telegramtest.Fault
		wantErr   error // nil: delivered
		wantCalls int
		wantSent  int
	}{
		{"5xx retried", telegramtest.Fault{Method: "sendMessage", Status: 502, Times: 2}, nil, 3, 1},
		{"400 never retried", telegramtest.Fault{Method: "sendMessage", Status: 400}, ErrRejected, 1, 0},
		{"429 honoured", telegramtest.Fault{Method: "sendMessage", Status: 429, RetryAfter: 2}, nil, 2, 1},
		{"timeout after sent is not repeated", telegramtest.Fault{Method: "sendMessage", Hang: true}, ErrUnknownOutcome, 1, 1},
		// 3 calls: the refused one, then the reports to the cluster's chair and deputy.
		{"403 blocked", telegramtest.Fault{Method: "sendMessage", Status: 403}, ErrBlocked, 3, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, withConfig(func(c *Config) { c.SendTimeout = 300 * time.Millisecond }))
			h.start()
			h.srv.Inject(tt.fault)
			ch := sendAsync(h, uFocalND.ID, Message{Text: "xin chào"})
			var err error
			h.run(func() bool {
				select {
				case err = <-ch:
					return true
				default:
					return false
				}
			})
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if got := h.srv.Calls("sendMessage"); got != tt.wantCalls {
				t.Errorf("sendMessage calls = %d, want %d", got, tt.wantCalls)
			}
			if got := len(h.srv.SentTo(uFocalND.ID)); got != tt.wantSent {
				t.Errorf("messages the user saw = %d, want %d", got, tt.wantSent)
			}
		})
	}
}

// refusingTransport fails the first n requests as if the server were down.
type refusingTransport struct {
	n     atomic.Int32
	inner http.RoundTripper
}

func (rt *refusingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/sendMessage") && rt.n.Add(-1) >= 0 {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}
	return rt.inner.RoundTrip(r)
}

func TestSendRetriesConnectionRefused(t *testing.T) {
	rt := &refusingTransport{inner: http.DefaultTransport}
	rt.n.Store(2)
	h := newHarness(t)
	h.deps.HTTP = &http.Client{Transport: rt}
	h.b = h.newBot()
	h.start()
	start := h.clk.Now()
	ch := sendAsync(h, uFocalND.ID, Message{Text: "thử lại"})
	var err error
	h.run(func() bool {
		select {
		case err = <-ch:
			return true
		default:
			return false
		}
	})
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	got := h.srv.SentTo(uFocalND.ID)
	if len(got) != 1 {
		t.Fatalf("delivered %d times, want 1", len(got))
	}
	if d := got[0].At.Sub(start); d != 3*time.Second {
		t.Errorf("delivered after %v, want 3s (backoff 1s + 2s)", d)
	}
	if !strings.Contains(h.logs.String(), "***") {
		t.Errorf("retry not logged (with the token redacted):\n%s", h.logs.String())
	}
}

func TestBlockedMemberReportedToChairOnce(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.srv.Inject(telegramtest.Fault{ChatID: uFocalND.ID, Status: 403, Times: 2})
	for range 2 {
		ch := sendAsync(h, uFocalND.ID, Message{Text: "nhắc hạn"})
		h.run(func() bool { return len(ch) == 1 })
		if err := <-ch; !errors.Is(err, ErrBlocked) {
			t.Fatalf("err = %v, want ErrBlocked", err)
		}
	}
	m, err := h.b.Members().Get(context.Background(), uFocalND.ID)
	if err != nil || !m.Unreachable {
		t.Fatalf("member after 403: %+v, %v; want unreachable", m, err)
	}
	for _, chair := range []telegramtest.User{uChair5, uDeputy5} {
		got := h.srv.SentTo(chair.ID)
		if len(got) != 1 || !strings.Contains(got[0].Text, "Minh") || !strings.Contains(got[0].Text, "Nam Định") {
			t.Errorf("chair %d got %q, want one report naming Minh of Nam Định", chair.ID, texts(got))
		}
	}
	if n := len(h.srv.SentTo(uChair6.ID)); n != 0 {
		t.Errorf("other cluster's chair got %d reports", n)
	}
	// Writing to the bot again makes the member reachable.
	h.say(uFocalND, "/help")
	m, _ = h.b.Members().Get(context.Background(), uFocalND.ID)
	if m.Unreachable {
		t.Errorf("member still unreachable after writing to the bot")
	}
}

func TestLongTextSplitAtLines(t *testing.T) {
	h := newHarness(t)
	h.start()
	var lines []string
	for i := range 400 {
		lines = append(lines, HTML("<b>Dòng %d</b>: đơn vị %s đã nộp báo cáo tháng 11/2026 &amp;", i, "<Hà Nội>"))
	}
	text := strings.Join(lines, "\n")
	ch := sendAsync(h, uFocalHN.ID, Message{Text: text, Buttons: [][]Button{{{Label: "Xong", Data: Data("x")}}}})
	h.run(func() bool { return len(ch) == 1 })
	if err := <-ch; err != nil {
		t.Fatalf("send: %v", err)
	}
	got := h.srv.SentTo(uFocalHN.ID)
	if len(got) < 2 {
		t.Fatalf("sent %d parts, want several", len(got))
	}
	var all []string
	for i, s := range got {
		if n := utf16Len(s.Text); n > maxText {
			t.Errorf("part %d has %d units", i, n)
		}
		if (len(s.Keyboard) > 0) != (i == len(got)-1) {
			t.Errorf("part %d keyboard %v: buttons belong on the last part only", i, s.Keyboard)
		}
		all = append(all, s.Text)
	}
	if strings.Join(all, "\n") != text {
		t.Errorf("parts do not join back to the text")
	}
}

func TestSplitTextKeepsTagsBalanced(t *testing.T) {
	long := "<pre>" + strings.Repeat("dòng mã rất dài 12345\n", 400) + "</pre>"
	parts := splitText(long, 1000)
	if len(parts) < 5 {
		t.Fatalf("got %d parts", len(parts))
	}
	var plain []string
	for i, p := range parts {
		if utf16Len(p) > 1000 {
			t.Errorf("part %d too long: %d", i, utf16Len(p))
		}
		if !strings.HasPrefix(p, "<pre>") || !strings.HasSuffix(p, "</pre>") {
			t.Errorf("part %d not wrapped in <pre>: %.30q…%.30q", i, p, p[len(p)-30:])
		}
		plain = append(plain, PlainText(p))
	}
	if got, want := strings.Fields(strings.Join(plain, "\n")), strings.Fields(PlainText(long)); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("plain text changed by splitting")
	}
	one := strings.Repeat("chữ ", 3000) // one overlong line
	for i, p := range splitText(one, 4096) {
		if utf16Len(p) > 4096 {
			t.Errorf("overlong line part %d: %d units", i, utf16Len(p))
		}
	}
}

func TestHTMLEscapesArguments(t *testing.T) {
	got := HTML("<b>%s</b> nộp %d chỉ tiêu, %s", "A&B <i>", 3, errors.New("x<y"))
	want := "<b>A&amp;B &lt;i&gt;</b> nộp 3 chỉ tiêu, x&lt;y"
	if got != want {
		t.Errorf("HTML = %q, want %q", got, want)
	}
	h := newHarness(t)
	h.start()
	// A user-supplied name with markup goes through /help's header escaped;
	// the test server rejects unbalanced HTML like Telegram does.
	ms := org.NewMembers(h.kv, h.clk)
	if _, err := ms.Bind(context.Background(), org.Member{UserID: 77, Name: "<b>Tom & Jerry", Role: org.RoleFocal, Cluster: "cum5", Unit: "namdinh"}, 0); err != nil {
		t.Fatal(err)
	}
	got2 := h.say(telegramtest.User{ID: 77, FirstName: "<b>Tom & Jerry"}, "/start")
	mustContain(t, got2, "<b>Tom & Jerry")
}

func TestBadButtonRefused(t *testing.T) {
	h := newHarness(t)
	h.start()
	ch := sendAsync(h, uFocalHN.ID, Message{Text: "x", Buttons: [][]Button{{{Label: "dài", Data: Data("p", strings.Repeat("a", 80))}}}})
	h.run(func() bool { return len(ch) == 1 })
	if err := <-ch; err == nil {
		t.Fatalf("a button with 80-byte data was sent")
	}
	if n := h.srv.Calls("sendMessage"); n != 0 {
		t.Errorf("sendMessage calls = %d", n)
	}
}

func FuzzSplitText(f *testing.F) {
	f.Add("<b>Tiêu đề</b>\n"+strings.Repeat("dòng &amp; chữ\n", 50), 120)
	f.Add(strings.Repeat("😀", 300), 100)
	f.Add("<pre>a\nb\nc</pre>", 210)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		if limit < 210 || limit > 5000 || !utf8.ValidString(s) {
			return
		}
		// Any input, even malformed markup: no part over the limit.
		for _, p := range splitText(s, limit) {
			if n := utf16Len(p); n > limit {
				t.Fatalf("part of %d units > %d", n, limit)
			}
		}
		// Well-formed markup (escaped text in tags): the text survives too.
		var lines []string
		for i, l := range strings.Split(s, "\n") {
			tag := []string{"b", "i", "code"}[i%3]
			lines = append(lines, "<"+tag+">"+Escape(l)+"</"+tag+">")
		}
		html := strings.Join(lines, "\n")
		var plain []string
		for _, p := range splitText(html, limit) {
			if n := utf16Len(p); n > limit {
				t.Fatalf("part of %d units > %d", n, limit)
			}
			plain = append(plain, PlainText(p))
		}
		if strings.Join(strings.Fields(strings.Join(plain, " ")), "") != strings.Join(strings.Fields(PlainText(html)), "") {
			t.Fatalf("text changed by splitting %q", html)
		}
	})
}

// Taking the buttons off a message that no longer exists (deleted, or a
// chat console that restarted) is harmless: a warning, not an error.
func TestEditOfVanishedMessageIsAWarning(t *testing.T) {
	h := newHarness(t)
	h.start()
	err := h.b.Edit(context.Background(), uFocalND.ID, 987654, Message{})
	if !errors.Is(err, ErrRejected) {
		t.Fatalf("err = %v, want ErrRejected", err)
	}
	logs := h.logs.String()
	if !strings.Contains(logs, "level=WARN") || !strings.Contains(logs, "message to edit not found") {
		t.Errorf("no warning about the vanished message:\n%s", logs)
	}
	if strings.Contains(logs, "level=ERROR") {
		t.Errorf("a vanished message is logged as an error:\n%s", logs)
	}
}

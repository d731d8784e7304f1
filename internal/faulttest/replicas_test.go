package faulttest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// webhookSecret is the replicas' WEBHOOK_SECRET.
const webhookSecret = "fault-harness-webhook-secret"

// balancer is the load balancer in front of the webhook replicas: the test
// Bot API server delivers each update to it, and it passes the call to the
// next replica in turn (round robin). A replica that refuses the connection
// (it is down) is skipped, as nginx's proxy_next_upstream does; any other
// failure, such as a replica killed while it answers, reaches Telegram as
// 502, and Telegram delivers the update again a second later.
type balancer struct {
	srv    *httptest.Server
	client *http.Client

	mu    sync.Mutex
	addrs []string // per slot, "" while the replica is down
	next  int
	ok    []int // 200 answers per slot
}

func newBalancer(n int) *balancer {
	lb := &balancer{addrs: make([]string, n), ok: make([]int, n), client: &http.Client{Timeout: 20 * time.Second}}
	lb.srv = httptest.NewServer(http.HandlerFunc(lb.serve))
	return lb
}

func (lb *balancer) url() string { return lb.srv.URL }

func (lb *balancer) close() {
	lb.srv.CloseClientConnections()
	lb.srv.Close()
}

// set is the address of the replica in slot i ("" when it is down).
func (lb *balancer) set(i int, addr string) {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	lb.addrs[i] = addr
}

func (lb *balancer) delivered() (out [2]int) {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	copy(out[:], lb.ok)
	return out
}

func (lb *balancer) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read", http.StatusBadGateway)
		return
	}
	lb.mu.Lock()
	n := len(lb.addrs)
	lb.mu.Unlock()
	for range n {
		lb.mu.Lock()
		slot := lb.next
		addr := lb.addrs[slot]
		lb.next = (lb.next + 1) % n
		lb.mu.Unlock()
		if addr == "" {
			continue
		}
		req, err := http.NewRequest(http.MethodPost, "http://"+addr+r.URL.Path, bytes.NewReader(body))
		if err != nil {
			break
		}
		req.Header = r.Header.Clone()
		resp, err := lb.client.Do(req)
		if errors.Is(err, syscall.ECONNREFUSED) {
			continue // down: the next replica
		}
		if err != nil {
			break // the request may have reached the replica: Telegram retries
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			lb.mu.Lock()
			lb.ok[slot]++
			lb.mu.Unlock()
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(data)
		return
	}
	http.Error(w, "no replica answered", http.StatusBadGateway)
}

// A burst is the chair typing commands in quick succession: on two
// replicas behind the balancer they are claimed by different processes, so
// their answers prove that one chat's updates are handled in order and each
// once, whichever replica took them. The commands change nothing and each
// answer is recognisable (see kind).
type burst struct {
	from int      // index of the chair's messages when the burst was sent
	cmds []string // in the order sent
}

// inFlight bounds how long after its process died a request it sent may
// reach the Bot API server.
const inFlight = time.Second

var burstCommands = []string{"/help", "/huy", "/lich"}

var helpHeadRE = regexp.MustCompile(`^` + regexp.QuoteMeta(strings.SplitN(msg.BotHelpHeader, "%", 2)[0]))

// kind says which burst command a message to the chair answers ("" for
// other messages: rankings, outage notices).
func kind(text string) string {
	plain := html.UnescapeString(text)
	switch {
	case helpHeadRE.MatchString(text):
		return "/help"
	case plain == msg.BotNothingToCancel:
		return "/huy"
	case strings.HasPrefix(plain, msg.LichHeader), plain == msg.LichEmpty:
		return "/lich"
	}
	return ""
}

// burstLen is the number of commands in a burst: more answers than the
// three a private chat may get at once (then one a second), so that a burst
// keeps its chat busy for a while.
const burstLen = 5

// sendBurst has the chair type burstLen burst commands, chosen at random,
// never the same twice in a row (so that an answer said twice is told from
// the answer to the next command).
func (h *harness) sendBurst() {
	prev := ""
	if n := len(h.bursts); n > 0 {
		prev = h.bursts[n-1].cmds[burstLen-1]
	}
	var cmds []string
	for len(cmds) < burstLen {
		c := burstCommands[h.rng.IntN(len(burstCommands))]
		if c != prev {
			cmds, prev = append(cmds, c), c
		}
	}
	h.bursts = append(h.bursts, burst{from: len(h.srv.SentTo(h.chair.u.ID)), cmds: cmds})
	h.stats.bursts++
	for _, c := range cmds {
		h.send(h.chair, c)
	}
}

// died records a kill -9 or a crash-point exit of a process.
func (h *harness) died() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.deaths = append(h.deaths, time.Now())
}

// diedBetween reports whether a process died after a and at or before b.
func (h *harness) diedBetween(a, b time.Time) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, d := range h.deaths {
		if d.After(a) && !d.After(b) {
			return true
		}
	}
	return false
}

// checkBursts reads the chair's chat: the answers to the burst commands must
// come in the order the commands were sent, every command answered, and an
// answer said twice only when a process died between the two (the update
// was replayed: replies are at least once). At the end (final) every
// command must have been answered.
func (h *harness) checkBursts(final bool) {
	if j, n, wrong := h.scanBursts(true); final && j < n && !wrong && !h.reported[-1] {
		h.reported[-1] = true
		h.t.Errorf("invariant: update not answered: the chair's command %d of %d in the bursts never got its answer:\n%s", j+1, n, h.chairLog())
	}
}

// awaitBursts waits (at most d) until every burst command has its answer:
// a chat's answers beyond three at once go out one a second, so the chair's
// may lag behind the rest.
func (h *harness) awaitBursts(d time.Duration) {
	if h.t.Failed() {
		return // already failed (a fault switch's run): no need to wait
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	_ = h.srv.Wait(ctx, func(*telegramtest.Server) bool {
		j, n, wrong := h.scanBursts(false)
		return j == n || wrong
	})
}

// scanBursts matches the chair's messages to the burst commands and returns
// how many commands are answered in order, of how many, and whether an
// answer came out of order; with report, what is wrong is reported (once).
func (h *harness) scanBursts(report bool) (answered, total int, wrong bool) {
	if len(h.bursts) == 0 {
		return 0, 0, false
	}
	var want []string
	for _, b := range h.bursts {
		want = append(want, b.cmds...)
	}
	sent := h.srv.SentTo(h.chair.u.ID)
	j, replays := 0, 0
	var last time.Time
	var lastSeq int
	if report {
		defer func() { h.stats.burstReplays = replays }()
	}
	for _, s := range sent[h.bursts[0].from:] {
		if s.Method != "sendMessage" {
			continue
		}
		k := kind(s.Text)
		switch {
		case k == "":
		case j < len(want) && k == want[j]:
			j, last, lastSeq = j+1, s.At, s.Seq
		case j > 0 && k == want[j-1]:
			// A request in flight when its process was killed may still
			// be recorded just after: a death shortly before counts too.
			if report && !h.diedBetween(last.Add(-inFlight), s.At) && !h.reported[s.Seq] {
				h.reported[s.Seq] = true
				h.t.Errorf("invariant: update handled twice: the chair's %s (command %d of the bursts) was answered again at %s (#%d), %s after its first answer (#%d), with no process killed or crashed in between:\n%s",
					k, j, s.At.Format("15:04:05.000"), s.Seq, s.At.Sub(last).Round(time.Millisecond), lastSeq, h.chairLog())
			}
			replays++
		default:
			exp := "nothing more"
			if j < len(want) {
				exp = want[j]
			}
			if !report || h.reported[s.Seq] {
				return j, len(want), true
			}
			h.reported[s.Seq] = true
			h.t.Errorf("invariant: one chat's updates answered out of order: the chair sent %v; after %d answers in order came the answer to %s instead of %s:\n%s",
				want, j, k, exp, h.chairLog())
			return j, len(want), true
		}
	}
	return j, len(want), false
}

func firstRunes(s string, n int) string {
	r := []rune(strings.ReplaceAll(s, "\n", " / "))
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

func (h *harness) chairLog() string {
	var b strings.Builder
	for _, s := range h.srv.SentTo(h.chair.u.ID)[h.bursts[0].from:] {
		k := kind(s.Text)
		if k == "" {
			k = "(" + s.Method + ") " + firstRunes(s.Text, 60)
		}
		fmt.Fprintf(&b, "%s #%d %s\n", s.At.Format("15:04:05.000"), s.Seq, k)
	}
	h.mu.Lock()
	for _, d := range h.deaths {
		fmt.Fprintf(&b, "death at %s\n", d.Format("15:04:05.000"))
	}
	h.mu.Unlock()
	return b.String()
}

// checkDone fails when a process logged that it marked an update handled
// that was already marked (the fault build traces it): two processes, or
// one twice, handled the same update.
func (h *harness) checkDone() {
	if n := h.logged("fault: update handled twice"); n > 0 {
		h.t.Errorf("invariant: update handled twice: %d updates were marked handled by a second handler:\n%s", n, h.grepLogs("fault: update handled twice"))
	}
}

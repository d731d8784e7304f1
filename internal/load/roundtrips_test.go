package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/redis/go-redis/v9"

	"github.com/thiduabot/thiduabot/telegramtest"
)

// rtTrace attributes each Redis round trip to the code that caused it: the
// first caller outside go-redis, redisstore and store, the redisstore method
// it went through, and the commands sent.
type rtTrace struct {
	mu sync.Mutex
	n  map[string]int
}

func (t *rtTrace) DialHook(next redis.DialHook) redis.DialHook { return next }
func (t *rtTrace) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		t.add([]redis.Cmder{cmd})
		return next(ctx, cmd)
	}
}
func (t *rtTrace) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		t.add(cmds)
		return next(ctx, cmds)
	}
}

const modPath = "github.com/thiduabot/thiduabot/"

func (t *rtTrace) add(cmds []redis.Cmder) {
	var names []string
	for _, c := range cmds {
		n := strings.ToUpper(c.Name())
		if n == "EVALSHA" || n == "EVAL" {
			n = "EVALSHA"
		}
		if len(names) == 0 || names[len(names)-1] != n {
			names = append(names, n)
		}
	}
	pc := make([]uintptr, 64)
	frames := runtime.CallersFrames(pc[:runtime.Callers(3, pc)])
	op, caller := "", "?"
	for {
		f, more := frames.Next()
		fn := f.Function
		switch {
		case strings.HasPrefix(fn, "github.com/redis/"), strings.HasPrefix(fn, "runtime."),
			strings.HasPrefix(fn, modPath+"internal/load.(*rt"): // the hooks
		case strings.HasPrefix(fn, modPath+"redisstore."):
			if op == "" || !strings.Contains(fn, ".func") {
				op = strings.TrimPrefix(fn, modPath+"redisstore.")
			}
		case strings.HasPrefix(fn, modPath+"store."):
		default:
			caller = strings.TrimPrefix(fn, modPath)
			if i := strings.Index(caller, ".func"); i > 0 {
				caller = caller[:i]
			}
			more = false
		}
		if !more {
			break
		}
	}
	key := caller + " ← " + op + " [" + strings.Join(names, " ") + "]"
	t.mu.Lock()
	t.n[key]++
	t.mu.Unlock()
}

func (t *rtTrace) take() map[string]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := t.n
	t.n = map[string]int{}
	return n
}

func (t *rtTrace) total() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := 0
	for _, v := range t.n {
		s += v
	}
	return s
}

// maxRoundTrips is the budget of Redis round trips for each kind of update
// of the deadline burst, as handled by one replica in webhook mode: the
// intake (claim, chat lease, chat queue, done mark) and the report flow.
var maxRoundTrips = map[string]int{"/baocao": 14, "answer": 14, "Xác nhận": 17}

// TestRoundTripsPerUpdate runs one focal point through the burst's flow
// (/baocao, 12 answers, "Xác nhận") on one Redis replica, one update at a
// time, and counts the Redis round trips of each update by call site; it
// fails when a kind of update costs more than its budget. -v prints the
// breakdown (docs/reliability.md, "Load, side by side").
func TestRoundTripsPerUpdate(t *testing.T) {
	cfg := writeConfig(t, 10)
	in := &inbox{chats: map[int64]chan telegramtest.Sent{}}
	srv := telegramtest.New(telegramtest.Options{NoLimits: true, OnSent: in.record})
	defer srv.Close()
	tr := &rtTrace{n: map[string]int{}}
	rs := startReplicas(t, "redis", 1, cfg, srv, 10, tr)
	id := int64(100000)
	from := &models.User{ID: id, FirstName: "Đầu mối"}
	chat := models.Chat{ID: id, Type: models.ChatTypePrivate}
	box := in.ch(id)
	var uid int64 = 1000
	// quiet waits until no round trip has been made for a while: the done
	// mark and the lease release follow the reply.
	quiet := func() {
		last := -1
		for {
			time.Sleep(150 * time.Millisecond)
			n := tr.total()
			if n == last {
				return
			}
			last = n
		}
	}
	var last telegramtest.Sent
	step := func(upd models.Update) map[string]int {
		raw, _ := json.Marshal(upd)
		req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(raw))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "s")
		rec := httptest.NewRecorder()
		rs.hooks[0].ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("webhook answered %d", rec.Code)
		}
		select {
		case last = <-box:
		case <-time.After(10 * time.Second):
			t.Fatalf("no answer to update %d", upd.ID)
		}
		quiet()
		return tr.take()
	}
	text := func(s string) models.Update {
		uid++
		return models.Update{ID: uid, Message: &models.Message{ID: int(uid), From: from, Chat: chat, Text: s, Date: int(day.Unix())}}
	}
	quiet()
	tr.take() // start-up
	type kind struct {
		name  string
		steps int
		n     map[string]int
	}
	kinds := map[string]*kind{}
	var order []string
	record := func(name string, n map[string]int) {
		k := kinds[name]
		if k == nil {
			k = &kind{name: name, n: map[string]int{}}
			kinds[name] = k
			order = append(order, name)
		}
		k.steps++
		for l, c := range n {
			k.n[l] += c
		}
	}
	record("/baocao", step(text("/baocao")))
	for _, a := range answers {
		record("answer", step(text(a)))
	}
	data := ""
	for _, row := range last.Keyboard {
		for _, btn := range row {
			if btn.Text == "Xác nhận" {
				data = btn.Data
			}
		}
	}
	if data == "" {
		t.Fatalf("no Xác nhận button on %q", last.Text)
	}
	uid++
	record("Xác nhận", step(models.Update{ID: uid, CallbackQuery: &models.CallbackQuery{ID: "cb", From: *from,
		ChatInstance: "x", Data: data, Message: models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage,
			Message: &models.Message{ID: last.MessageID, Chat: chat, Date: int(day.Unix()), Text: last.Text}}}}))
	if !strings.Contains(last.Text, "Đã ghi nhận") {
		t.Fatalf("no receipt: %q", last.Text)
	}
	all := 0
	for _, name := range order {
		k := kinds[name]
		labels := make([]string, 0, len(k.n))
		sum := 0
		for l, c := range k.n {
			labels = append(labels, l)
			sum += c
		}
		all += sum
		sort.Slice(labels, func(i, j int) bool {
			if k.n[labels[i]] != k.n[labels[j]] {
				return k.n[labels[i]] > k.n[labels[j]]
			}
			return labels[i] < labels[j]
		})
		per := float64(sum) / float64(k.steps)
		var b strings.Builder
		fmt.Fprintf(&b, "%s: %.2f round trips per update (%d updates)\n", name, per, k.steps)
		for _, l := range labels {
			fmt.Fprintf(&b, "  %5.2f  %s\n", float64(k.n[l])/float64(k.steps), l)
		}
		t.Log(b.String())
		if per > float64(maxRoundTrips[name]) {
			t.Errorf("%s: %.2f Redis round trips per update, budget %d", name, per, maxRoundTrips[name])
		}
	}
	t.Logf("whole flow: %d round trips for %d updates, %.2f per update", all, len(answers)+2, float64(all)/float64(len(answers)+2))
}

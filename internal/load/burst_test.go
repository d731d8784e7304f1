package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/redis/go-redis/v9"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/reports"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/examples"
	"github.com/thiduabot/thiduabot/internal/redistest"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/redisstore"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// The burst runs on a fixed day: 09:00 03/11/2026 in Hanoi, two days before
// October's deadline.
var day = time.Date(2026, 11, 3, 2, 0, 0, 0, time.UTC)

// answers are a focal point's replies to the 12 criteria, in the table's
// order (the demo table plus two monthly counts, see writeConfig).
var answers = []string{"9000", "20000", "3000000", "1,2", "95", "có", "96", "có", "2", "0", "1", "2"}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// writeConfig writes a config folder: the demo's calendar and scoring
// table with two more monthly criteria (12 entered by focal points),
// clusters of 10 units, and targets for every unit.
func writeConfig(tb testing.TB, units int) *configdir.Config {
	tb.Helper()
	dir := tb.TempDir()
	demo := examples.Demo()
	read := func(name string) []byte {
		data, err := fs.ReadFile(demo, name)
		if err != nil {
			tb.Fatal(err)
		}
		return data
	}
	write := func(name string, data []byte) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	cal := string(read("calendar.yaml"))
	cal = strings.Replace(cal, "  overrides:\n    - cluster: cum5\n      day: 5\n      time: \"17:00\"\n      grace_days: 3\n", "", 1)
	if strings.Contains(cal, "cum5") {
		tb.Fatal("demo calendar changed: it names cum5 elsewhere")
	}
	write("calendar.yaml", []byte(cal))
	table := string(read("scoring/bhxh-demo.yaml"))
	extra := `      - id: khen_thuong
        name: Khen thưởng đột xuất được ghi nhận
        unit: lần
        input: monthly
        max: 3
        rule: {kind: per_count, points: 1, cap: 3}
      - id: tuyen_truyen
        name: Tin bài tuyên truyền được đăng
        unit: bài
        input: monthly
        max: 3
        rule: {kind: per_count, points: 0.5, cap: 3}
`
	at := strings.Index(table, "      - id: nop_muon")
	if at < 0 {
		tb.Fatal("demo table changed: no nop_muon")
	}
	write("scoring/bhxh-demo.yaml", []byte(table[:at]+extra+table[at:]))
	var o, tg strings.Builder
	o.WriteString("clusters:\n")
	tg.WriteString("year: 2026\nunits:\n")
	for u := range units {
		if u%10 == 0 {
			fmt.Fprintf(&o, "  - id: c%03d\n    name: Cụm %d\n    scoring: bhxh-demo\n    chair: u%04d\n    units:\n", u/10, u/10+1, u)
		}
		fmt.Fprintf(&o, "      - id: u%04d\n        name: Đơn vị %d\n", u, u+1)
		fmt.Fprintf(&tg, "  u%04d:\n    thu_bhxh: %d\n    phat_trien_tn: 24000\n    bao_phu_bhyt: 3500000\n", u, 9000+u)
	}
	write("org.yaml", []byte(o.String()))
	write("targets/2026.yaml", []byte(tg.String()))
	cfg, err := configdir.Load(dir)
	if err != nil {
		tb.Fatalf("generated config: %v", err)
	}
	return cfg
}

// rtCounter counts Redis round trips: one per command sent alone, one per
// pipeline or transaction.
type rtCounter struct{ n atomic.Int64 }

func (c *rtCounter) DialHook(next redis.DialHook) redis.DialHook { return next }
func (c *rtCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error { c.n.Add(1); return next(ctx, cmd) }
}
func (c *rtCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error { c.n.Add(1); return next(ctx, cmds) }
}

// replicaSet is what the driver talks to: webhook handlers behind a
// round-robin balancer, all on one store.
type replicaSet struct {
	hooks []http.Handler
	rts   *rtCounter // nil on the embedded store
}

func startReplicas(b testing.TB, kind string, n int, cfg *configdir.Config, srv *telegramtest.Server, users int, hooks ...redis.Hook) *replicaSet {
	b.Helper()
	rs := &replicaSet{}
	var kvs []store.KV
	switch kind {
	case "bolt":
		kv, err := boltstore.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		kvs = append(kvs, kv)
	case "redis":
		url := redistest.URL(b)
		prefix := redistest.Prefix(b, url)
		opt, err := redis.ParseURL(url)
		if err != nil {
			b.Fatal(err)
		}
		rs.rts = &rtCounter{}
		for range n {
			c := redis.NewClient(opt) // one pool per replica, as separate processes have
			c.AddHook(rs.rts)
			for _, h := range hooks {
				c.AddHook(h)
			}
			kvs = append(kvs, redisstore.New(c, redisstore.WithPrefix(prefix)))
		}
	}
	for _, kv := range kvs {
		b.Cleanup(func() { kv.Close() })
	}
	ms := org.NewMembers(kvs[0], clock.NewFake(day))
	for u := range users {
		m := org.Member{UserID: int64(100000 + u), Name: "Đầu mối", Role: org.RoleFocal,
			Cluster: fmt.Sprintf("c%03d", u/10), Unit: fmt.Sprintf("u%04d", u)}
		if _, err := ms.Bind(context.Background(), m, 0); err != nil {
			b.Fatal(err)
		}
	}
	unlimited := bot.Limits{Global: 1 << 30, GlobalWin: time.Second, ChatBurst: 1 << 30, ChatEvery: time.Nanosecond, Group: 1 << 30, GroupWin: time.Second}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("THIDUA_BENCH_LOG") == "1" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	for _, kv := range kvs {
		clk := clock.NewFake(day) // the bot's clock stands still: the day of the burst
		bt, err := bot.New(bot.Config{Token: srv.Token, APIURL: srv.URL, Username: "thidua_test_bot", Org: cfg.Org,
			WebhookURL: "https://lb.example/hook", WebhookSecret: "s", SkipCommands: true, Limits: unlimited, Workers: 64},
			bot.Deps{Store: kv, Clock: clk, Logger: log})
		if err != nil {
			b.Fatal(err)
		}
		reports.Register(bt, reports.Deps{Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets, Store: kv,
			Calendar: cfg.Calendar, Clock: clk, Location: cfg.Calendar.Location, Log: log})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- bt.Run(ctx) }()
		b.Cleanup(func() { cancel(); <-done })
		select {
		case <-bt.Ready():
		case err := <-done:
			b.Fatalf("Run: %v", err)
		}
		rs.hooks = append(rs.hooks, bt.Handler())
	}
	return rs
}

// inbox follows each chat's sendMessage calls.
type inbox struct {
	mu    sync.Mutex
	chats map[int64]chan telegramtest.Sent
}

func (in *inbox) ch(chat int64) chan telegramtest.Sent {
	in.mu.Lock()
	defer in.mu.Unlock()
	c := in.chats[chat]
	if c == nil {
		c = make(chan telegramtest.Sent, 256)
		in.chats[chat] = c
	}
	return c
}

func (in *inbox) record(s telegramtest.Sent) {
	if s.Method == "sendMessage" {
		in.ch(s.ChatID) <- s
	}
}

type result struct {
	lat      []time.Duration
	updates  int
	failures int
	wall     time.Duration
}

// drive runs users focal points through /baocao, 12 answers and "Xác nhận",
// starting spread over window, with think between steps.
func drive(b *testing.B, rs *replicaSet, in *inbox, users int, window, think time.Duration) result {
	var next atomic.Int64
	var mu sync.Mutex
	var res result
	post := func(upd models.Update) error {
		raw, _ := json.Marshal(upd)
		h := rs.hooks[int(upd.ID)%len(rs.hooks)]
		req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(raw))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "s")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			return fmt.Errorf("webhook answered %d", rec.Code)
		}
		return nil
	}
	start := time.Now()
	var wg sync.WaitGroup
	for u := range users {
		wg.Go(func() {
			id := int64(100000 + u)
			from := &models.User{ID: id, FirstName: "Đầu mối"}
			chat := models.Chat{ID: id, Type: models.ChatTypePrivate}
			box := in.ch(id)
			time.Sleep(time.Duration(u) * window / time.Duration(users)) // the user's arrival
			var lat []time.Duration
			fail := func(why string, args ...any) {
				mu.Lock()
				res.failures++
				mu.Unlock()
				b.Logf("user %d: "+why, append([]any{u}, args...)...)
			}
			var last telegramtest.Sent
			step := func(upd models.Update) bool {
				t0 := time.Now()
				if err := post(upd); err != nil {
					fail("%v", err)
					return false
				}
				select {
				case last = <-box:
					lat = append(lat, time.Since(t0))
					return true
				case <-time.After(30 * time.Second):
					fail("no answer to update %d", upd.ID)
					return false
				}
			}
			text := func(s string) models.Update {
				uid := next.Add(1)
				return models.Update{ID: uid, Message: &models.Message{ID: int(uid), From: from, Chat: chat, Text: s, Date: int(day.Unix())}}
			}
			if !step(text("/baocao")) {
				return
			}
			for _, a := range answers {
				time.Sleep(think + time.Duration(rand.Int64N(int64(think/2)+1)))
				if !step(text(a)) {
					return
				}
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
				fail("no Xác nhận button on %q", last.Text)
				return
			}
			uid := next.Add(1)
			press := models.Update{ID: uid, CallbackQuery: &models.CallbackQuery{ID: "cb" + strconv.FormatInt(uid, 10), From: *from,
				ChatInstance: "x", Data: data, Message: models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage,
					Message: &models.Message{ID: last.MessageID, Chat: chat, Date: int(day.Unix()), Text: last.Text}}}}
			if !step(press) {
				return
			}
			if !strings.Contains(last.Text, "Đã ghi nhận") {
				fail("no receipt: %q", last.Text)
			}
			mu.Lock()
			res.lat = append(res.lat, lat...)
			mu.Unlock()
		})
	}
	wg.Wait()
	res.wall = time.Since(start)
	res.updates = int(next.Load())
	return res
}

func rssMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			f := strings.Fields(l)
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkDeadlineBurst: every focal point of 1,000 units submits a
// 12-criterion report (/baocao, 12 answers, "Xác nhận": 14 updates) within
// the 10-minute burst, compressed by THIDUA_LOAD_SPEEDUP, on the embedded
// store, one replica on Redis and two replicas on Redis behind a
// round-robin balancer. Handling latency is from the webhook call to the
// answer's sendMessage reaching the test Bot API server.
func BenchmarkDeadlineBurst(b *testing.B) {
	users := envInt("THIDUA_LOAD_USERS", 1000)
	speedup := envInt("THIDUA_LOAD_SPEEDUP", 10)
	window := 10 * time.Minute / time.Duration(speedup)
	think := 20 * time.Second / time.Duration(speedup) // between two answers of one person
	cfg := writeConfig(b, users)
	for _, setup := range []struct {
		name     string
		kind     string
		replicas int
	}{{"bolt", "bolt", 1}, {"redis-1", "redis", 1}, {"redis-2", "redis", 2}} {
		b.Run(setup.name, func(b *testing.B) {
			in := &inbox{chats: map[int64]chan telegramtest.Sent{}}
			srv := telegramtest.New(telegramtest.Options{NoLimits: true, OnSent: in.record})
			defer srv.Close()
			rs := startReplicas(b, setup.kind, setup.replicas, cfg, srv, users)
			var rt0 int64
			if rs.rts != nil {
				rt0 = rs.rts.n.Load()
			}
			b.ResetTimer()
			res := drive(b, rs, in, users, window, think)
			b.StopTimer()
			if res.failures > 0 || len(res.lat) != users*14 {
				b.Errorf("%d failures, %d of %d answers", res.failures, len(res.lat), users*14)
			}
			sort.Slice(res.lat, func(i, j int) bool { return res.lat[i] < res.lat[j] })
			q := func(p float64) float64 {
				if len(res.lat) == 0 {
					return 0
				}
				return float64(res.lat[int(p*float64(len(res.lat)-1))].Microseconds()) / 1000
			}
			b.ReportMetric(float64(res.updates)/res.wall.Seconds(), "updates/s")
			b.ReportMetric(q(0.5), "p50-ms")
			b.ReportMetric(q(0.99), "p99-ms")
			b.ReportMetric(q(1), "max-ms")
			if rs.rts != nil {
				b.ReportMetric(float64(rs.rts.n.Load()-rt0)/float64(res.updates), "redis-rt/update")
			}
			b.ReportMetric(rssMB(), "rss-MB")
			b.ReportMetric(0, "ns/op")
		})
	}
}

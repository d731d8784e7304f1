package bot

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// serveEnv makes the test binary act as a standalone test Bot API server:
// benchmarks start it as a child process, so the CPU time they measure with
// getrusage is the bot's own, not the server's.
const serveEnv = "THIDUA_TGTEST_SERVE"

func TestMain(m *testing.M) {
	if os.Getenv(serveEnv) == "1" {
		srv := telegramtest.New(telegramtest.Options{NoLimits: true})
		fmt.Println(srv.URL)
		_, _ = io.Copy(io.Discard, os.Stdin) // serve until the parent closes stdin
		srv.Close()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// remoteServer is a test Bot API server in a child process.
type remoteServer struct {
	url   string
	token string
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

func startRemote(b *testing.B) *remoteServer {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), serveEnv+"=1")
	in, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		b.Fatalf("child server: %v", err)
	}
	rs := &remoteServer{url: strings.TrimSpace(line), token: "123456:TEST-TOKEN", cmd: cmd, stdin: in}
	b.Cleanup(func() {
		in.Close()
		_ = cmd.Wait()
	})
	return rs
}

func (rs *remoteServer) text(user int64, text string) error {
	resp, err := http.Post(rs.url+"/_test/text?user="+strconv.FormatInt(user, 10)+"&text="+url.QueryEscape(text), "text/plain", nil)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

type sentRec struct {
	Chat int64  `json:"chat"`
	Text string `json:"text"`
	AtNS int64  `json:"at_ns"`
}

func (rs *remoteServer) waitSent(n int) ([]sentRec, error) {
	resp, err := http.Get(rs.url + "/_test/sent?min=" + strconv.Itoa(n))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out []sentRec
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	if len(out) < n {
		return out, fmt.Errorf("only %d of %d replies", len(out), n)
	}
	return out, nil
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

const benchUsers = 50

// startBenchBot runs our bot against rs on a real embedded store, with
// pacing lifted (the benchmark measures cost, not Telegram's limits) and a
// default text handler that echoes.
func startBenchBot(b *testing.B, rs *remoteServer) func() {
	b.Helper()
	kv, err := benchStore(b)
	if err != nil {
		b.Fatal(err)
	}
	ms := org.NewMembers(kv, clock.Real{})
	for i := range benchUsers {
		if _, err := ms.Bind(context.Background(), org.Member{UserID: int64(5000 + i), Name: "U", Role: org.RoleFocal, Cluster: "cum5", Unit: "hanoi"}, 0); err != nil {
			b.Fatal(err)
		}
	}
	unlimited := Limits{Global: 1 << 30, GlobalWin: time.Second, ChatBurst: 1 << 30, ChatEvery: time.Nanosecond, Group: 1 << 30, GroupWin: time.Second}
	bot, err := New(Config{Token: rs.token, APIURL: rs.url, Username: "thidua_test_bot", Org: testOrg(b), Limits: unlimited, SkipCommands: true},
		Deps{Store: kv, Logger: slog.New(slog.NewTextHandler(benchLog(), &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		b.Fatal(err)
	}
	bot.DefaultText(func(ctx context.Context, r *Request) error {
		if benchStarted != nil {
			benchStarted.Store(r.Text, time.Now().UnixNano())
		}
		return r.Reply(ctx, Message{Text: Escape(r.Text)})
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- bot.Run(ctx) }()
	<-bot.Ready()
	return func() {
		cancel()
		<-done
		kv.Close()
	}
}

// startEchoBot runs a bare go-telegram/bot echo bot (its own poller and dispatch).
func startEchoBot(b *testing.B, rs *remoteServer) func() {
	b.Helper()
	echo, err := tg.New(rs.token, tg.WithServerURL(rs.url), tg.WithSkipGetMe(),
		tg.WithErrorsHandler(func(error) {}),
		tg.WithDefaultHandler(func(ctx context.Context, api *tg.Bot, u *models.Update) {
			if u.Message != nil {
				_, _ = api.SendMessage(ctx, &tg.SendMessageParams{ChatID: u.Message.Chat.ID, Text: u.Message.Text})
			}
		}))
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); echo.Start(ctx) }()
	return func() { cancel(); wg.Wait() }
}

// measureCPU delivers n texts and returns the CPU this process spent until
// all n replies were recorded.
func measureCPU(b *testing.B, rs *remoteServer, n int) time.Duration {
	b.Helper()
	start := cpuTime()
	for i := range n {
		if err := rs.text(int64(5000+i%benchUsers), "xin chào "+strconv.Itoa(i)); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := rs.waitSent(n); err != nil {
		b.Fatal(err)
	}
	return cpuTime() - start
}

// BenchmarkCPUPerUpdate reports the bot's own CPU per update (text in, reply
// out, durable intake on bbolt) next to a bare go-telegram/bot echo bot on
// the same kind of server in the same run. Run with -benchtime=2000x.
func BenchmarkCPUPerUpdate(b *testing.B) {
	n := max(b.N, 200)
	echoSrv := startRemote(b)
	stop := startEchoBot(b, echoSrv)
	echo := measureCPU(b, echoSrv, n)
	stop()
	botSrv := startRemote(b)
	stop = startBenchBot(b, botSrv)
	ours := measureCPU(b, botSrv, n)
	stop()
	b.ReportMetric(float64(ours.Microseconds())/float64(n), "bot-cpu-µs/update")
	b.ReportMetric(float64(echo.Microseconds())/float64(n), "echo-cpu-µs/update")
	b.ReportMetric(float64(ours)/float64(echo), "x-echo")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkLatency200PerSecond offers updates at 200/s from 50 users and
// reports the p50/p99/max time from delivery to the reply being recorded by
// the server, with the durable embedded store. Run with -benchtime=2000x.
func BenchmarkLatency200PerSecond(b *testing.B) {
	n := max(b.N, 400)
	benchStarted = &sync.Map{}
	defer func() { benchStarted = nil }()
	rs := startRemote(b)
	stop := startBenchBot(b, rs)
	defer stop()
	pushed := make([]int64, n)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	b.ResetTimer()
	for i := range n {
		<-tick.C
		pushed[i] = time.Now().UnixNano()
		if err := rs.text(int64(5000+i%benchUsers), "m"+strconv.Itoa(i)); err != nil {
			b.Fatal(err)
		}
	}
	sent, err := rs.waitSent(n)
	if err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	var lat, toHandler []time.Duration
	for _, s := range sent {
		if v, ok := benchStarted.Load(s.Text); ok {
			i, _ := strconv.Atoi(strings.TrimPrefix(s.Text, "m"))
			toHandler = append(toHandler, time.Duration(v.(int64)-pushed[i]))
		}
		i, err := strconv.Atoi(strings.TrimPrefix(s.Text, "m"))
		if err != nil || i >= n {
			continue
		}
		lat = append(lat, time.Duration(s.AtNS-pushed[i]))
	}
	if len(lat) != n {
		b.Fatalf("matched %d of %d replies", len(lat), n)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	p := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(p(0.5), "p50-ms")
	b.ReportMetric(p(0.99), "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
	b.ReportMetric(0, "ns/op")
	sort.Slice(toHandler, func(i, j int) bool { return toHandler[i] < toHandler[j] })
	if len(toHandler) > 0 {
		b.Logf("delivery→handler p50 %v p99 %v max %v", toHandler[len(toHandler)/2], toHandler[len(toHandler)*99/100], toHandler[len(toHandler)-1])
	}
}

var benchStarted *sync.Map

// benchStore is the durable embedded store; THIDUA_BENCH_MEMSTORE=1 swaps in
// the in-memory one to tell the store's share of latency from the bot's.
func benchStore(b *testing.B) (store.KV, error) {
	if os.Getenv("THIDUA_BENCH_MEMSTORE") == "1" {
		return storetest.NewMem(clock.Real{}), nil
	}
	return boltstore.Open(b.TempDir())
}

func benchLog() io.Writer {
	if os.Getenv("THIDUA_BENCH_LOG") == "1" {
		return os.Stderr
	}
	return io.Discard
}

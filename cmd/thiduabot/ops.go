package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/health"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/store"
)

// Probing and health thresholds of `run`.
const (
	probeEvery     = time.Second
	probeTimeout   = 2 * time.Second
	readyGrace     = 3 * time.Second // the store may fail this long before /readyz says 503
	pollerMaxGap   = 3 * time.Minute // a long poll lasts 50 s, plus timeouts and back-off
	reminderMaxGap = 15 * time.Minute
	reportsMaxGap  = 15 * time.Minute // digests and idle drafts, every minute
	rankingsMaxGap = 3 * time.Hour    // snapshots closed hourly: two rounds missed
	probeMaxGap    = time.Minute
)

// ops is what `run` tells orchestrators and Prometheus: heartbeats of its
// loops, the store's reachability, and the metrics registry (private, so
// that nothing a library registers globally leaks into /metrics).
type ops struct {
	clock  clock.Clock
	reg    *prometheus.Registry
	loops  *health.Loops
	store  *health.Store
	ticks  prometheus.Counter
	remind *prometheus.CounterVec
	// abstained counts regulation questions the bot declined to answer
	// (nothing in the texts matched well enough).
	abstained prometheus.Counter
}

func newOps(clk clock.Clock) *ops {
	o := &ops{clock: clk, reg: prometheus.NewRegistry(), loops: health.NewLoops(clk), store: health.NewStore(clk),
		ticks: prometheus.NewCounter(prometheus.CounterOpts{Name: "thiduabot_reminder_ticks_total",
			Help: "Rounds of the reminder runner."}),
		remind: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "thiduabot_reminders_total",
			Help: "Reminder deliveries by outcome: sent, late (sent after their time), skipped, retry, failed, unknown."},
			[]string{"outcome"}),
		abstained: prometheus.NewCounter(prometheus.CounterOpts{Name: "thiduabot_qa_abstentions_total",
			Help: "Regulation questions answered with \"not found\" rather than a guess."}),
	}
	o.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		o.ticks, o.remind, o.abstained)
	return o
}

// heartbeat registers a loop for /healthz; nil ops (the chat console) has none.
func (o *ops) heartbeat(name string, maxGap time.Duration) func() {
	if o == nil {
		return func() {}
	}
	return o.loops.Add(name, maxGap).Beat
}

// tick observes one round of the reminder runner.
func (o *ops) tick(s reminders.TickStats) {
	if o == nil {
		return
	}
	o.ticks.Inc()
	for outcome, n := range map[string]int{"sent": s.Sent, "late": s.Late, "skipped": s.Skipped, "retry": s.Retry,
		"failed": s.Failed, "unknown": s.Unknown} {
		o.remind.WithLabelValues(outcome).Add(float64(n))
	}
}

// abstain counts a regulation question left unanswered.
func (o *ops) abstain() {
	if o != nil {
		o.abstained.Inc()
	}
}

// watch wraps the store so that its operations are timed and counted and
// their outcome tells readiness whether the store answers.
func (o *ops) watch(kv store.KV) store.KV { return health.WatchKV(kv, o.store, o.reg, o.clock) }

// probe asks the store something every second, so that readiness follows
// the store even when nobody writes.
func (o *ops) probe(ctx context.Context, kv store.KV) {
	beat := o.heartbeat("store-probe", probeMaxGap)
	for {
		beat()
		pctx, cancel := context.WithTimeout(ctx, probeTimeout)
		_, err := kv.Get(pctx, metaBucket, "probe")
		cancel()
		if ctx.Err() != nil {
			return
		}
		if errors.Is(err, store.ErrNotFound) {
			err = nil
		}
		o.store.Observe(err)
		if clock.Sleep(ctx, o.clock, probeEvery) != nil {
			return
		}
	}
}

// healthz is liveness: 200 while every loop makes progress. Only a stuck
// loop is a reason to restart the process; neither the store nor Telegram
// being away is (a restart cannot bring them back).
func (o *ops) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if stuck := o.loops.Stuck(); len(stuck) > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "stuck: %s\n", strings.Join(stuck, "; "))
		return
	}
	fmt.Fprintln(w, "ok")
}

// readyz is readiness: 503 with the reason while the store has been
// unreachable for more than readyGrace, so that a load balancer sends
// webhook calls to a replica that can queue them.
func (o *ops) readyz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if d, reason := o.store.Unreachable(); d > readyGrace {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "store unreachable for %s: %s\n", d.Truncate(time.Second), reason)
		return
	}
	fmt.Fprintln(w, "ok")
}

// serveMetrics serves /metrics on its own listener until ctx ends; the
// returned function waits for it to stop.
func (o *ops) serveMetrics(ctx context.Context, addr string, log *slog.Logger) (func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(o.reg, promhttp.HandlerOpts{ErrorLog: slogErrorLog{log}}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server", "err", err)
		}
	}()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	log.Info("metrics listening", "addr", ln.Addr().String())
	return func() { <-done }, nil
}

type slogErrorLog struct{ log *slog.Logger }

func (l slogErrorLog) Println(v ...any) { l.log.Warn("metrics", "err", fmt.Sprint(v...)) }

// registry is where the bot registers its instruments (nil: nowhere).
func (o *ops) registry() prometheus.Registerer {
	if o == nil {
		return nil
	}
	return o.reg
}

// pollBeat is the long-polling loop's heartbeat (none in webhook mode,
// where Telegram calls us).
func pollBeat(r *runSettings, o *ops) func() {
	if r.webhookURL != "" {
		return nil
	}
	return o.heartbeat("telegram-poller", pollerMaxGap)
}

package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/store"
)

// runBot runs the Telegram side until ctx ends.
func runBot(ctx context.Context, e *env, r *runSettings, feats featureSettings, cfg *configdir.Config, kv store.KV, mux *http.ServeMux, log *slog.Logger) error {
	admins, _ := parseAdminIDs(r.adminIDs) // validated by runRun
	appURL, _ := r.appURL()                // validated by runRun
	b, err := bot.New(bot.Config{
		Token: r.token, APIURL: r.apiURL, Username: r.botUsername,
		WebhookURL: r.webhookURL, WebhookSecret: r.webhookSecret,
		AdminIDs: admins, Org: cfg.Org, Location: feats.loc, ReplicaID: replicaID(r.dataDir), AppURL: appURL,
	}, bot.Deps{Store: kv, Clock: e.clock, Logger: log, Metrics: feats.ops.registry(), PollBeat: pollBeat(r, feats.ops)})
	if err != nil {
		return err
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := wireFeatures(runCtx, b, cfg, kv, e, feats, log)
	if err != nil {
		return err
	}
	defer w.wait()
	defer cancel()
	if appURL != "" {
		if err := wireWebApp(mux, b, r, cfg, kv, e, admins, w); err != nil {
			return err
		}
		log.Info("mini app served", "url", appURL)
	}
	if p := b.WebhookPath(); p != "" {
		mux.Handle("POST "+p, b.Handler())
	}
	done := make(chan error, 1)
	go func() { done <- b.Run(runCtx) }()
	select {
	case <-b.Ready():
		// Remember the name Telegram gave us, for `thiduabot invite` links.
		if name := b.Username(); name != "" {
			if err := kv.Put(ctx, metaBucket, metaBotUsername, []byte(name)); err != nil {
				log.Warn("bot username not recorded", "err", err)
			}
		}
		log.Info("telegram ready", "bot", b.Username())
	case err := <-done:
		return fmt.Errorf("telegram: %w", err)
	}
	return <-done
}

// wireFeatures registers every feature's commands, buttons and flows on b and
// starts their background work (owned by ctx). The console (`chat`) calls it
// too, so that both see the same bot.
func wireFeatures(ctx context.Context, b *bot.Bot, cfg *configdir.Config, kv store.KV, e *env, feats featureSettings, log *slog.Logger) (*wiring, error) {
	w := &wiring{bot: b, cfg: cfg, kv: kv, clock: e.clock, log: log, env: e, featureSettings: feats}
	for _, wire := range []func(context.Context, *wiring) error{wireReports, wireRankings, wireCalendar, wireQA, wireAwards, wireSector, wireExemplars, wireCovenants} {
		if err := wire(ctx, w); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// wiring is what each feature's wire function receives.
type wiring struct {
	bot   *bot.Bot
	cfg   *configdir.Config
	kv    store.KV
	clock clock.Clock
	log   *slog.Logger
	env   *env
	featureSettings
	// startReport starts /baocao for the "Nộp ngay" button of reminders;
	// set by wireReports, which runs before wireCalendar.
	startReport bot.HandlerFunc
	wg          sync.WaitGroup
}

// spawn runs a feature's background loop (reminder ticks, digests) until ctx
// ends; wait returns once every spawned loop has returned.
func (w *wiring) spawn(ctx context.Context, name string, loop func(ctx context.Context) error) {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		if err := loop(ctx); err != nil && ctx.Err() == nil {
			w.log.Error("background loop stopped", "loop", name, "err", err)
		}
	}()
}

// hourly runs round at once and then every hour until ctx ends, with a
// heartbeat for /healthz (stuck after three missed rounds); a failed round is
// logged and the next one tried.
func (w *wiring) hourly(ctx context.Context, name string, round func(ctx context.Context) (int, error)) {
	beat := w.ops.heartbeat(name, 3*time.Hour)
	w.spawn(ctx, name, func(ctx context.Context) error {
		for {
			beat()
			if _, err := round(ctx); err != nil && ctx.Err() == nil {
				w.log.Error("background round failed", "loop", name, "err", err)
			}
			if clock.Sleep(ctx, w.clock, time.Hour) != nil {
				return nil
			}
		}
	})
}

func (w *wiring) wait() { w.wg.Wait() }

// replicaID names this process in the leases replicas take on Redis: the
// host and the data folder, which one live process owns (its control
// socket), so that a process restarted after a crash takes its own chat and
// poller leases back at once rather than after they lapse.
func replicaID(dataDir string) string {
	host, _ := os.Hostname()
	if abs, err := filepath.Abs(dataDir); err == nil {
		dataDir = abs
	}
	return host + ":" + dataDir
}

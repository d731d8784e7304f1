package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// runSettings are the flags of `run`.
type runSettings struct {
	settings
	token         string
	apiURL        string
	listen        string
	metricsAddr   string
	webhookURL    string
	webhookSecret string
	adminIDs      string
	botUsername   string
	publicURL     string
}

func (r *runSettings) register(e *env, fs *flag.FlagSet) {
	r.addConfigFlag(e, fs)
	r.addStoreFlags(e, fs)
	r.addFeatureFlags(e, fs)
	fs.StringVar(&r.token, "token", e.getenv("TELEGRAM_BOT_TOKEN"), "mã bot từ @BotFather / bot token (TELEGRAM_BOT_TOKEN)")
	fs.StringVar(&r.apiURL, "api-url", e.envOr("TELEGRAM_API_URL", "https://api.telegram.org"), "địa chỉ Bot API / Bot API base URL (TELEGRAM_API_URL)")
	fs.StringVar(&r.listen, "listen", e.envOr("LISTEN_ADDR", ":8080"), "địa chỉ HTTP cho webhook, /healthz, /readyz / HTTP for webhook and probes (LISTEN_ADDR)")
	fs.StringVar(&r.metricsAddr, "metrics-addr", e.envOr("METRICS_ADDR", "127.0.0.1:9091"), "địa chỉ riêng cho /metrics của Prometheus, không công khai / private Prometheus /metrics address (METRICS_ADDR)")
	fs.StringVar(&r.webhookURL, "webhook-url", e.getenv("WEBHOOK_URL"), "chế độ webhook / webhook URL (WEBHOOK_URL)")
	fs.StringVar(&r.webhookSecret, "webhook-secret", e.getenv("WEBHOOK_SECRET"), "khóa bí mật webhook / webhook secret (WEBHOOK_SECRET)")
	fs.StringVar(&r.adminIDs, "admin-ids", e.getenv("ADMIN_IDS"), "id Telegram của quản trị viên, cách nhau bởi dấu phẩy (ADMIN_IDS)")
	fs.StringVar(&r.publicURL, "public-url", e.getenv("PUBLIC_URL"), "địa chỉ https công khai tới LISTEN_ADDR, bật Mini App / public HTTPS base URL for the Mini App (PUBLIC_URL; default the webhook's origin)")
	fs.StringVar(&r.botUsername, "bot-username", e.getenv("TELEGRAM_BOT_USERNAME"), "tên bot cho đường dẫn mời / bot username for invite links (TELEGRAM_BOT_USERNAME)")
}

const noTokenMessage = `thiduabot: chưa có mã bot (TELEGRAM_BOT_TOKEN).
  Tạo bot với @BotFather trên Telegram (lệnh /newbot), rồi chạy:
    TELEGRAM_BOT_TOKEN=123456:ABC... thiduabot run
  Muốn thử bot mà không cần Telegram: thiduabot chat --as admin
thiduabot: no bot token (TELEGRAM_BOT_TOKEN).
  Create a bot with @BotFather in Telegram (/newbot), then run:
    TELEGRAM_BOT_TOKEN=123456:ABC... thiduabot run
  To try the bot without Telegram: thiduabot chat --as admin`

// runRun starts the bot: loads config and store, serves /healthz and
// /readyz on LISTEN_ADDR, /metrics on METRICS_ADDR, the control socket in
// THIDUA_DATA, and stops cleanly when ctx ends (SIGINT/SIGTERM).
func runRun(ctx context.Context, e *env, args []string) int {
	var r runSettings
	fs := newFlags(e, "run", "run [tùy chọn]")
	r.register(e, fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	if strings.TrimSpace(r.token) == "" {
		fmt.Fprintln(e.stderr, noTokenMessage)
		return 1
	}
	if r.webhookURL != "" && strings.TrimSpace(r.webhookSecret) == "" {
		fmt.Fprintln(e.stderr, "thiduabot: chế độ webhook cần WEBHOOK_SECRET (một chuỗi ngẫu nhiên, ví dụ tạo bằng: openssl rand -hex 32) / webhook mode needs WEBHOOK_SECRET")
		return 1
	}
	if _, err := r.appURL(); err != nil {
		fmt.Fprintf(e.stderr, "thiduabot: %v\n", err)
		return 1
	}
	log := e.logger()
	if _, err := parseAdminIDs(r.adminIDs); err != nil {
		fmt.Fprintf(e.stderr, "thiduabot: ADMIN_IDS không hợp lệ / invalid ADMIN_IDS: %v\n", err)
		return 1
	}
	feats, err := r.features()
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot: %v\n", err)
		return 1
	}
	cfg, ok := r.configOrReport(e, "run")
	if !ok {
		return 1
	}
	if r.redisURL == "" {
		if err := privateDataDir(r.dataDir); err != nil {
			fmt.Fprintf(e.stderr, "thiduabot: %v\n", err)
			return 1
		}
	}
	raw, err := r.openStore(ctx, e)
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot: %v\n", err)
		return 1
	}
	defer raw.Close()
	o := newOps(e.clock)
	kv := o.watch(faultStore(raw, e.getenv))
	log.Info("thiduabot starting", "version", version, "clusters", len(cfg.Org.Clusters), "demo", cfg.Demo,
		"store", storeKind(r.redisURL), "webhook", r.webhookURL != "")

	if r.redisURL == "" {
		stopCtl, err := serveControl(ctx, r.socketPath(), e, kv, log)
		if err != nil {
			log.Error("control socket unavailable; admin commands cannot reach this process", "err", err)
		} else {
			defer stopCtl()
		}
	}

	// The store probe and /metrics stop after the bot, before the store closes.
	opsCtx, stopOps := context.WithCancel(ctx)
	probed := make(chan struct{})
	go func() {
		defer close(probed)
		o.probe(opsCtx, raw)
	}()
	waitMetrics, err := o.serveMetrics(opsCtx, r.metricsAddr, log)
	if err != nil {
		stopOps()
		<-probed
		fmt.Fprintf(e.stderr, "thiduabot: không mở được cổng /metrics %s (METRICS_ADDR) / cannot listen: %v\n", r.metricsAddr, err)
		return 1
	}
	defer func() {
		stopOps()
		waitMetrics()
		<-probed
	}()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", o.healthz)
	mux.HandleFunc("GET /readyz", o.readyz)
	ln, err := net.Listen("tcp", r.listen)
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot: không mở được cổng HTTP %s / cannot listen: %v\n", r.listen, err)
		return 1
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	httpDone := make(chan error, 1)
	go func() { httpDone <- srv.Serve(ln) }()
	log.Info("http listening", "addr", ln.Addr().String())

	feats.ops = o
	runErr := runBot(ctx, e, &r, feats, cfg, kv, mux, log)

	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Shutdown(shutdownCtx)
	if err := <-httpDone; err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("http server", "err", err)
	}
	if runErr != nil && !errors.Is(runErr, context.Canceled) {
		log.Error("bot stopped", "err", runErr)
		return 1
	}
	log.Info("thiduabot stopped")
	return 0
}

func storeKind(redisURL string) string {
	if redisURL != "" {
		return "redis"
	}
	return "bbolt"
}

func parseAdminIDs(s string) ([]int64, error) {
	var ids []int64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q không phải là id Telegram (một số nguyên)", f)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

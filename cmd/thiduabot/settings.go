package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/redisstore"
	"github.com/thiduabot/thiduabot/store"
)

// settings are the values every subcommand may take, each as a flag that
// overrides the environment variable named in PRODUCT.md.
type settings struct {
	configDir string
	dataDir   string
	redisURL  string
	tz        string
	draftIdle time.Duration
	// draftIdleBad keeps an unparsable THIDUA_DRAFT_IDLE to report it.
	draftIdleBad string
}

// newFlags returns a flag set for subcommand name that prints its usage in
// both languages and never exits the process.
func newFlags(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("thiduabot "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Cách dùng / usage: thiduabot %s\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args and maps -h/--help to exit code 0 and other
// errors to 2; ok is false when the caller should return code.
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	return 0, true
}

func (e *env) envOr(name, def string) string {
	if v := strings.TrimSpace(e.getenv(name)); v != "" {
		return v
	}
	return def
}

// addStoreFlags registers --data and --redis.
func (s *settings) addStoreFlags(e *env, fs *flag.FlagSet) {
	fs.StringVar(&s.dataDir, "data", e.envOr("THIDUA_DATA", "./data"), "thư mục dữ liệu của kho nhúng / embedded store folder (THIDUA_DATA)")
	fs.StringVar(&s.redisURL, "redis", e.getenv("REDIS_URL"), "dùng Redis thay kho nhúng / use Redis, redis://host:6379/0 (REDIS_URL)")
}

// addConfigFlag registers --config.
func (s *settings) addConfigFlag(e *env, fs *flag.FlagSet) {
	fs.StringVar(&s.configDir, "config", e.getenv("THIDUA_CONFIG"), "thư mục cấu hình / config folder (THIDUA_CONFIG; mặc định ./config, nếu không có thì dùng cấu hình mẫu)")
}

func (s *settings) addTZFlag(e *env, fs *flag.FlagSet) {
	fs.StringVar(&s.tz, "tz", e.envOr("TZ", "Asia/Ho_Chi_Minh"), "múi giờ / time zone (TZ)")
}

// addFeatureFlags registers the settings the bot's features take.
func (s *settings) addFeatureFlags(e *env, fs *flag.FlagSet) {
	s.addTZFlag(e, fs)
	idle, err := time.ParseDuration(e.envOr("THIDUA_DRAFT_IDLE", "24h"))
	if err != nil || idle <= 0 {
		idle = 24 * time.Hour // reported by features() below
		s.draftIdleBad = e.getenv("THIDUA_DRAFT_IDLE")
	}
	fs.DurationVar(&s.draftIdle, "draft-idle", idle, "nhắc một lần khi báo cáo đang nhập dở quá lâu / remind once about a draft idle this long (THIDUA_DRAFT_IDLE)")
}

// featureSettings are what wireFeatures passes on to the features.
type featureSettings struct {
	loc       *time.Location
	draftIdle time.Duration
	ops       *ops // metrics and heartbeats of `run`; nil elsewhere
}

func (s *settings) features() (featureSettings, error) {
	if s.draftIdleBad != "" {
		return featureSettings{}, fmt.Errorf("THIDUA_DRAFT_IDLE %q không hợp lệ (ví dụ: 24h, 90m) / invalid duration", s.draftIdleBad)
	}
	if s.draftIdle <= 0 {
		return featureSettings{}, fmt.Errorf("--draft-idle phải lớn hơn 0 / must be positive")
	}
	loc, err := s.location()
	if err != nil {
		return featureSettings{}, err
	}
	return featureSettings{loc: loc, draftIdle: s.draftIdle}, nil
}

func (s *settings) location() (*time.Location, error) {
	name := s.tz
	if name == "" || name == "Local" {
		name = "Asia/Ho_Chi_Minh"
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("múi giờ %q không hợp lệ / invalid time zone: %w", name, err)
	}
	return loc, nil
}

// loadConfig loads the config folder: --config/THIDUA_CONFIG, else ./config
// when it exists, else the built-in demo with a loud warning on stderr.
func (s *settings) loadConfig(e *env) (*configdir.Config, error) {
	dir := s.configDir
	if dir == "" {
		// ./config counts when it exists; a folder without org.yaml is then
		// reported by Load rather than silently replaced by the demo.
		if st, err := os.Stat("config"); err == nil && st.IsDir() {
			dir = "config"
		}
	}
	if dir == "" {
		fmt.Fprint(e.stderr, demoWarning)
		return configdir.Demo()
	}
	return configdir.Load(dir)
}

// configOrReport loads the config folder for subcommand name; when it is
// invalid it prints every problem (file:line) with the next step and
// reports false, and the caller exits 1.
func (s *settings) configOrReport(e *env, name string) (*configdir.Config, bool) {
	cfg, err := s.loadConfig(e)
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot %s: cấu hình không hợp lệ; sửa các lỗi dưới đây rồi chạy lại (thiduabot check để kiểm tra) / invalid config:\n%v\n", name, err)
		return nil, false
	}
	return cfg, true
}

const demoWarning = `
!!! CẢNH BÁO: không có thư mục cấu hình (THIDUA_CONFIG hoặc ./config); bot đang dùng CẤU HÌNH MẪU
!!! (Cụm thi đua số 5, dữ liệu ví dụ). Không dùng cho số liệu thật.
!!! WARNING: no config folder (THIDUA_CONFIG or ./config); running on the built-in DEMO config.
`

// openStore opens the configured store. A locked embedded store is reported
// as store.ErrLocked so that callers can reach the running process instead.
func (s *settings) openStore(ctx context.Context, e *env) (store.KV, error) {
	if e.kv != nil { // inside the running process, serving a control request
		return nopCloser{e.kv}, nil
	}
	kv, err := s.openStoreAsIs(ctx, e)
	if err != nil {
		return nil, err
	}
	if err := migrateStore(ctx, kv, false, e.stderr); err != nil {
		kv.Close()
		return nil, err
	}
	return kv, nil
}

func (s *settings) openStoreAsIs(ctx context.Context, e *env) (store.KV, error) {
	if s.redisURL != "" {
		kv, err := redisstore.Open(ctx, s.redisURL)
		if err != nil {
			return nil, fmt.Errorf("kết nối Redis / connect to Redis: %w", err)
		}
		if err := kv.CheckDurable(ctx); err != nil {
			fmt.Fprintf(e.stderr, "thiduabot: CẢNH BÁO / WARNING: Redis không ghi bền (cần appendonly yes, appendfsync always); dữ liệu đã xác nhận có thể mất khi Redis khởi động lại: %v\n", err)
		}
		return kv, nil
	}
	if err := os.MkdirAll(s.dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("tạo thư mục dữ liệu / create data folder: %w", err)
	}
	kv, err := boltstore.Open(s.dataDir)
	if err != nil {
		return nil, err
	}
	return kv, nil
}

func (s *settings) socketPath() string {
	return filepath.Join(s.dataDir, controlSocketName)
}

// nopCloser lends the running process's store to a control request without
// letting the request close it.
type nopCloser struct{ store.KV }

func (nopCloser) Close() error { return nil }

// withStore runs fn on the store; when the embedded store is held by a running
// bot, it forwards the subcommand (as rewritten by remote) to that process
// over the control socket instead, so admins can use the CLI while the bot runs.
func withStore(ctx context.Context, e *env, s *settings, remote func() (args []string, stdin io.Reader, out io.Writer), fn func(store.KV) int) int {
	kv, err := s.openStore(ctx, e)
	if errors.Is(err, store.ErrLocked) && remote != nil {
		args, stdin, out := remote()
		code, ferr := forward(ctx, s.socketPath(), args, stdin, out, e.stderr)
		if ferr == nil {
			return code
		}
		fmt.Fprintf(e.stderr, "thiduabot: kho dữ liệu đang được một tiến trình khác dùng và không liên lạc được với nó / the store is locked by another process which cannot be reached: %v\n", ferr)
		return 1
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot: %v\n", err)
		return 1
	}
	defer kv.Close()
	return fn(kv)
}

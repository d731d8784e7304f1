// Command thiduabot is the Telegram assistant for emulation clusters and its
// administration CLI. main only parses the subcommand and wires adapters;
// each subcommand lives in its own file as run<Name>(ctx, env, args) int.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// env is what a subcommand receives from the outside world, so that tests can
// run any subcommand in-process with their own streams, environment and clock.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	clock  clock.Clock
	// kv is set only while the running process serves a control request:
	// the subcommand then uses the process's open store.
	kv store.KV
}

type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) int
}

func commands() map[string]command {
	return map[string]command{
		"run":          {"chạy bot (mặc định) / run the bot", runRun},
		"init":         {"tạo thư mục cấu hình mẫu / write a starter config folder", runInit},
		"check":        {"kiểm tra thư mục cấu hình / validate a config folder", runCheck},
		"ask":          {"hỏi đáp quy định / ask a regulation question", runAsk},
		"score":        {"chấm điểm từ tệp số liệu / score from a values file", runScore},
		"rank":         {"xếp hạng từ dữ liệu đã lưu / rank from the store", runRank},
		"awards":       {"bình xét khen thưởng cuối năm / award season eligibility", runAwards},
		"award-report": {"dự thảo báo cáo thành tích (DOCX) / draft achievement report", runAwardReport},
		"plan":         {"xem trước lịch nhắc / preview reminders", runPlan},
		"sector":       {"tổng quan các cụm thi đua / every cluster at a glance", runSector},
		"invite":       {"tạo mã mời / create an invite code", runInvite},
		"export":       {"sao lưu toàn bộ dữ liệu ra JSON / export everything as JSON", runExport},
		"import":       {"nạp dữ liệu từ JSON / import a JSON backup", runImport},
		"chat":         {"trò chuyện với bot trong terminal / talk to the bot in the terminal", runChat},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, &env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		getenv: os.Getenv, clock: processClock(os.Getenv),
	}, os.Args[1:])
	stop()
	os.Exit(code)
}

// Main runs one subcommand and returns the process exit code.
func Main(ctx context.Context, e *env, args []string) int {
	name := "run"
	if len(args) > 0 {
		switch args[0] {
		case "--version", "-version", "version":
			fmt.Fprintln(e.stdout, "thiduabot", version)
			return 0
		case "--help", "-help", "-h", "help":
			usage(e.stdout)
			return 0
		}
		if args[0] != "" && args[0][0] != '-' {
			name, args = args[0], args[1:]
		}
	}
	cmd, ok := commands()[name]
	if !ok {
		fmt.Fprintf(e.stderr, "thiduabot: lệnh %q không tồn tại / unknown command %q\n\n", name, name)
		usage(e.stderr)
		return 2
	}
	return cmd.run(ctx, e, args)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Cách dùng / usage: thiduabot [lệnh] [tùy chọn]   (thiduabot LỆNH --help)")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "  --version")
}

// logger returns the structured logger for long-running commands.
func (e *env) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

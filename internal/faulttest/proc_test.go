package faulttest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// gate skips the harness unless THIDUA_FAULT=1; in CI (CI=true) a harness
// asked for must run, so missing prerequisites fail it instead.
func gate(t *testing.T) {
	t.Helper()
	if os.Getenv("THIDUA_FAULT") != "1" {
		t.Skip("the fault harness runs only with THIDUA_FAULT=1 (it builds the binary and takes minutes; .ci/run runs it)")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatalf("the fault harness needs the go tool to build thiduabot: %v", err)
	}
}

// repoRoot is the module root, two levels up from this package.
func repoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
)

// binary builds thiduabot with the fault switches once per test binary.
func binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "thiduabot-fault-")
		if err != nil {
			buildErr = err
			return
		}
		buildPath = filepath.Join(dir, "thiduabot")
		cmd := exec.Command("go", "build", "-tags", "faultswitch", "-o", buildPath, "./cmd/thiduabot")
		cmd.Dir = repoRoot(t)
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildPath
}

// logBuffer collects a process's log and lets the harness wait for a line.
type logBuffer struct {
	mu      sync.Mutex
	b       strings.Builder
	changed chan struct{}
}

func newLogBuffer() *logBuffer { return &logBuffer{changed: make(chan struct{})} }

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.Write(p)
	close(l.changed)
	l.changed = make(chan struct{})
	return len(p), nil
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// proc is one running `thiduabot run`.
type proc struct {
	cmd  *exec.Cmd
	log  *logBuffer
	done chan struct{}
	err  error
}

// start runs the binary with env added to a clean environment and waits
// until it has reached Telegram.
func start(t testing.TB, bin string, env map[string]string) (*proc, error) {
	t.Helper()
	cmd := exec.Command(bin, "run")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "TZ=UTC"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	p := &proc{cmd: cmd, log: newLogBuffer(), done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.log, p.log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		p.log.mu.Lock()
		s, ch := p.log.b.String(), p.log.changed
		p.log.mu.Unlock()
		if strings.Contains(s, `msg="telegram ready"`) {
			return p, nil
		}
		select {
		case <-ch:
		case <-p.done:
			return p, fmt.Errorf("thiduabot exited before telegram ready (%v):\n%s", p.err, tail(p.log.String()))
		case <-ctx.Done():
			p.kill()
			return p, fmt.Errorf("thiduabot not ready within 30s:\n%s", tail(p.log.String()))
		}
	}
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *proc) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// exited reports whether the process is gone (a crash point fired).
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// addr is the address the process's HTTP server listens on (webhook).
func (p *proc) addr() string {
	m := listenRE.FindStringSubmatch(p.log.String())
	if m == nil {
		return ""
	}
	return m[1]
}

var listenRE = regexp.MustCompile(`msg="http listening" addr=(\S+)`)

func tail(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > 30 {
		lines = lines[len(lines)-30:]
	}
	return strings.Join(lines, "\n")
}

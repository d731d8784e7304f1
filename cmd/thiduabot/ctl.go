package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"

	"github.com/thiduabot/thiduabot/store"
)

// The control socket lets admin subcommands (invite, export, import, rank,
// plan) work while `run` holds the embedded store's file lock. It is a Unix
// socket in THIDUA_DATA, mode 0600 inside a 0700 folder, so only the user
// running the bot can use it; nothing is exposed on LISTEN_ADDR, which a
// reverse proxy may publish. The running process executes the subcommand
// in-process on its own open store and returns what it printed.
const controlSocketName = "thiduabot.sock"

// remoteAllowed reports whether the running process executes subcommand
// name for a control request: only the store-touching admin commands.
func remoteAllowed(name string) bool {
	switch name {
	case "invite", "export", "import", "rank", "plan", "awards", "award-report", "sector":
		return true
	}
	return false
}

type ctlRequest struct {
	Args  []string `json:"args"`
	Stdin []byte   `json:"stdin,omitempty"`
}

type ctlResponse struct {
	Stdout []byte `json:"stdout"`
	Stderr []byte `json:"stderr"`
	Code   int    `json:"code"`
}

// serveControl listens on path until ctx ends. It returns once the listener
// is closed and every request in flight has finished.
func serveControl(ctx context.Context, path string, base *env, kv store.KV, log *slog.Logger) (stop func(), err error) {
	if c, err := net.Dial("unix", path); err == nil {
		c.Close()
		return nil, fmt.Errorf("control socket %s is in use by another process", path)
	}
	os.Remove(path) // a stale socket from a crashed run
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("listen on control socket: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("protect control socket: %w", err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer conn.Close()
				handleControl(ctx, conn, base, kv, log)
			}()
		}
	}()
	return func() {
		ln.Close()
		wg.Wait()
		os.Remove(path)
	}, nil
}

func handleControl(ctx context.Context, conn net.Conn, base *env, kv store.KV, log *slog.Logger) {
	var req ctlRequest
	if err := json.NewDecoder(io.LimitReader(conn, 256<<20)).Decode(&req); err != nil {
		log.Warn("control request unreadable", "err", err)
		return
	}
	var resp ctlResponse
	if len(req.Args) == 0 || !remoteAllowed(req.Args[0]) {
		resp.Code = 2
		resp.Stderr = []byte("thiduabot: lệnh này không chạy qua tiến trình đang chạy / this command cannot be sent to the running process\n")
	} else {
		var stdout, stderr bytes.Buffer
		e := &env{stdin: bytes.NewReader(req.Stdin), stdout: &stdout, stderr: &stderr,
			getenv: base.getenv, clock: base.clock, kv: kv}
		log.Info("control request", "command", req.Args[0])
		resp.Code = Main(ctx, e, req.Args)
		resp.Stdout, resp.Stderr = stdout.Bytes(), stderr.Bytes()
	}
	if err := json.NewEncoder(conn).Encode(resp); err != nil {
		log.Warn("control response not sent", "err", err)
	}
}

// forward sends a subcommand to the running process and copies its output.
func forward(ctx context.Context, path string, args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	req := ctlRequest{Args: args}
	if stdin != nil {
		if req.Stdin, err = io.ReadAll(stdin); err != nil {
			return 0, err
		}
	}
	if err := json.NewEncoder(conn).Encode(req); err != nil {
		return 0, err
	}
	var resp ctlResponse
	if err := json.NewDecoder(conn).Decode(&resp); err != nil {
		if errors.Is(err, io.EOF) {
			return 0, errors.New("the running process closed the connection")
		}
		return 0, err
	}
	stdout.Write(resp.Stdout)
	stderr.Write(resp.Stderr)
	return resp.Code, nil
}

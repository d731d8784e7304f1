package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/vi"
)

// runExport writes a full backup of the store as JSON to FILE ("-" for stdout).
func runExport(ctx context.Context, e *env, args []string) int {
	var s settings
	fs := newFlags(e, "export", msg.ExportCLISynopsis)
	s.addStoreFlags(e, fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	file := fs.Arg(0)
	var buf bytes.Buffer
	remote := func() ([]string, io.Reader, io.Writer) { return []string{"export", "-"}, nil, &buf }
	code := withStore(ctx, e, &s, remote, func(kv store.KV) int {
		if err := store.Export(ctx, kv, &buf); err != nil {
			fmt.Fprintf(e.stderr, "thiduabot export: %v\n", err)
			return 1
		}
		return 0
	})
	if code != 0 {
		return code
	}
	if file == "-" {
		_, err := e.stdout.Write(buf.Bytes())
		if err != nil {
			return 1
		}
		return 0
	}
	if err := writeFileAtomic(file, buf.Bytes()); err != nil {
		fmt.Fprintln(e.stderr, fmt.Sprintf(msg.ExportCLIWrite, err))
		return 1
	}
	fmt.Fprintln(e.stderr, fmt.Sprintf(msg.ExportCLIDone, file, vi.Number(float64(buf.Len()), 0)))
	return 0
}

// runImport loads a backup made by export into the store, in one
// transaction: merged into what is there, or with --replace instead of it.
func runImport(ctx context.Context, e *env, args []string) int {
	var s settings
	fs := newFlags(e, "import", msg.ImportCLISynopsis)
	s.addStoreFlags(e, fs)
	replace := fs.Bool("replace", false, msg.ImportCLIReplace)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	var data []byte
	var err error
	if fs.Arg(0) == "-" {
		data, err = io.ReadAll(e.stdin)
	} else {
		data, err = os.ReadFile(fs.Arg(0))
	}
	if err != nil {
		fmt.Fprintln(e.stderr, fmt.Sprintf(msg.ImportCLIRead, err))
		return 1
	}
	fwd := []string{"import", "-"}
	var opts []store.BackupOption
	if *replace {
		fwd = []string{"import", "--replace", "-"}
		opts = append(opts, store.Replace(metaBucket))
	}
	remote := func() ([]string, io.Reader, io.Writer) { return fwd, bytes.NewReader(data), e.stdout }
	return withStore(ctx, e, &s, remote, func(kv store.KV) int {
		n, err := store.Import(ctx, kv, bytes.NewReader(data), opts...)
		if err != nil {
			fmt.Fprintf(e.stderr, "thiduabot import: %v\n", err)
			return 1
		}
		// The backup may be of an older layout than this build's.
		if err := migrateStore(ctx, kv, true, e.stderr); err != nil {
			fmt.Fprintf(e.stderr, "thiduabot import: %v\n", err)
			return 1
		}
		fmt.Fprintln(e.stdout, fmt.Sprintf(msg.ImportCLIDone, n, n))
		return 0
	})
}

// writeFileAtomic writes data to a temporary file beside path, syncs it and
// renames it into place, so a crash never leaves a half-written backup.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".thiduabot-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

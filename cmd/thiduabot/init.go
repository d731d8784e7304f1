package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/thiduabot/thiduabot/examples"
	"github.com/thiduabot/thiduabot/msg"
)

// runInit writes a starter config folder: the built-in demo, every file
// headed by a comment that marks it as an example and says what it holds.
// It never overwrites: a folder that already has org.yaml, or any file init
// would write, is refused before anything is written.
func runInit(ctx context.Context, e *env, args []string) int {
	flags := newFlags(e, "init", "init [DIR]   (mặc định / default: ./config)")
	if code, ok := parseFlags(flags, args); !ok {
		return code
	}
	dir := "./config"
	switch flags.NArg() {
	case 0:
	case 1:
		dir = flags.Arg(0)
	default:
		flags.Usage()
		return 2
	}
	files, err := starterFiles()
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot init: %v\n", err)
		return 1
	}
	var exist []string
	for _, f := range files {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f.name))); err == nil {
			exist = append(exist, f.name)
		}
	}
	if len(exist) > 0 {
		fmt.Fprintln(e.stderr, msg.InitExists(exist))
		return 1
	}
	var names []string
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f.name))
		if err := writeNew(path, f.data); err != nil {
			fmt.Fprintf(e.stderr, "thiduabot init: %v\n", err)
			return 1
		}
		names = append(names, f.name)
	}
	fmt.Fprint(e.stdout, msg.InitDone(dir, names))
	return 0
}

type starterFile struct {
	name string // slash-separated, inside the folder
	data []byte
}

// starterFiles are the demo's config files (not its sample values file),
// org.yaml first, each with its header.
func starterFiles() ([]starterFile, error) {
	demo := examples.Demo()
	var out []starterFile
	err := fs.WalkDir(demo, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".yaml") {
			return err
		}
		data, err := fs.ReadFile(demo, name)
		if err != nil {
			return err
		}
		out = append(out, starterFile{name: name, data: append([]byte(msg.InitHeader(name)), data...)})
		return nil
	})
	for i, f := range out {
		if f.name == "org.yaml" {
			out[0], out[i] = out[i], out[0]
		}
	}
	return out, err
}

// writeNew creates path (and its folders) with data, failing if it exists.
func writeNew(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return errors.Join(err, os.Remove(path))
	}
	return f.Close()
}

// Package config loads a whole config folder (THIDUA_CONFIG) — org.yaml,
// scoring tables, targets, the calendar, award rules and extra regulation documents —
// and cross-checks the parts against each other, collecting every problem
// as "file:line: message" so that `thiduabot check` can report them all at
// once. Only org.yaml is required.
package configdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/thiduabot/thiduabot/awards"
	"github.com/thiduabot/thiduabot/configfile"
	"github.com/thiduabot/thiduabot/examples"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/regulations"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/scoring"
)

// Config is a loaded, valid config folder.
type Config struct {
	Dir         string // the folder, or "" for the built-in demo
	Demo        bool
	Org         *org.Config
	Tables      map[string]*scoring.Table // by table id
	TargetFiles []*scoring.TargetFile
	Targets     *scoring.Targets
	Calendar    *reminders.Calendar // nil when the folder has no calendar.yaml
	Awards      *awards.Config      // nil when the folder has no awards.yaml
	// RegulationsDir is the folder of extra regulation documents, "" when absent.
	RegulationsDir string
}

// Table returns the scoring table of a cluster.
func (c *Config) Table(clusterID string) (*scoring.Table, bool) {
	cl, ok := c.Org.Cluster(clusterID)
	if !ok {
		return nil, false
	}
	t, ok := c.Tables[cl.Scoring]
	return t, ok
}

// Summary is the one line `check` prints for a clean folder.
func (c *Config) Summary() string {
	units, criteria := 0, 0
	for _, cl := range c.Org.Clusters {
		units += len(cl.Units)
	}
	for _, t := range c.Tables {
		criteria += len(t.Criteria())
	}
	cal := "không có lịch"
	if c.Calendar != nil {
		cal = "có lịch"
	}
	return fmt.Sprintf("Cấu hình hợp lệ: %d cụm, %d đơn vị, %d bảng chấm điểm (%d tiêu chí), %d tệp chỉ tiêu, %s.",
		len(c.Org.Clusters), units, len(c.Tables), criteria, len(c.TargetFiles), cal)
}

// Load reads the config folder dir from disk.
func Load(dir string) (*Config, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, configfile.Problems{{File: dir, Msg: "không mở được thư mục cấu hình: " + errText(err)}}
	}
	if !st.IsDir() {
		return nil, configfile.Problems{{File: dir, Msg: "không phải là thư mục"}}
	}
	c, err := load(os.DirFS(dir), dir)
	if c != nil {
		c.Dir = dir
	}
	return c, err
}

// Demo returns the built-in demo config (examples/bhxh-demo).
func Demo() (*Config, error) {
	c, err := load(examples.Demo(), "")
	if err != nil {
		return nil, fmt.Errorf("built-in demo config is invalid: %w", err)
	}
	c.Demo = true
	return c, nil
}

func load(fsys fs.FS, dir string) (*Config, error) {
	var ps configfile.Problems
	shown := func(name string) string {
		if dir == "" {
			return "examples/bhxh-demo/" + name
		}
		return path.Join(dir, name)
	}
	read := func(name string) ([]byte, bool) {
		data, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, false
		}
		if err != nil {
			ps = append(ps, configfile.Problem{File: shown(name), Msg: "không đọc được tệp: " + errText(err)})
			return nil, false
		}
		return data, true
	}
	collect := func(err error) {
		if err == nil {
			return
		}
		var more configfile.Problems
		if errors.As(err, &more) {
			ps = append(ps, more...)
			return
		}
		ps = append(ps, configfile.Problem{Msg: err.Error()})
	}

	c := &Config{Tables: map[string]*scoring.Table{}}
	data, ok := read("org.yaml")
	if !ok {
		if len(ps) == 0 {
			ps = append(ps, configfile.Problem{File: shown("org.yaml"), Msg: "thiếu tệp org.yaml (bắt buộc): khai báo các cụm và đơn vị, xem docs/config.md"})
		}
		return nil, ps
	}
	o, orgDoc, err := org.Parse(shown("org.yaml"), data)
	collect(err)
	if o == nil {
		ps.Sort()
		return nil, ps
	}
	c.Org = o

	// Scoring tables.
	tableAt := map[string]string{}
	for _, name := range yamlFiles(fsys, "scoring") {
		data, ok := read(name)
		if !ok {
			continue
		}
		t, err := scoring.ParseTable(shown(name), data)
		collect(err)
		if t == nil {
			continue
		}
		if prev, dup := tableAt[t.ID]; dup {
			ps = append(ps, configfile.Problem{File: shown(name), Line: 1, Msg: fmt.Sprintf("bảng chấm điểm %q đã được khai báo trong %s", t.ID, prev)})
			continue
		}
		tableAt[t.ID] = shown(name)
		c.Tables[t.ID] = t
	}
	for i, cl := range o.Clusters {
		if cl.Scoring != "" && c.Tables[cl.Scoring] == nil {
			ps = append(ps, orgDoc.Problem(fmt.Sprintf("$.clusters[%d].scoring", i),
				"cụm %q dùng bảng chấm điểm %q nhưng không có tệp scoring/*.yaml nào mang id này", cl.ID, cl.Scoring))
		}
	}

	// Targets.
	var targetDocs []*configfile.Doc
	for _, name := range yamlFiles(fsys, "targets") {
		data, ok := read(name)
		if !ok {
			continue
		}
		tf, doc, err := scoring.ParseTargets(shown(name), data)
		collect(err)
		if tf == nil {
			continue
		}
		ps = append(ps, scoring.CheckTargets(tf, doc, o, c.Tables)...)
		c.TargetFiles = append(c.TargetFiles, tf)
		targetDocs = append(targetDocs, doc)
	}
	ps = append(ps, scoring.CheckTargetFiles(c.TargetFiles, targetDocs, o, c.Tables)...)
	c.Targets = scoring.NewTargets(c.TargetFiles)

	// Calendar.
	if data, ok := read("calendar.yaml"); ok {
		cal, err := reminders.ParseCalendar(shown("calendar.yaml"), data, o)
		collect(err)
		c.Calendar = cal
	}

	// Award season rules; they name the calendar's dossiers.
	if data, ok := read("awards.yaml"); ok {
		aw, err := awards.Parse(shown("awards.yaml"), data, o, c.Tables, c.Calendar)
		collect(err)
		c.Awards = aw
	}

	// Extra regulation documents (only on disk: the demo has none).
	if dir != "" {
		if st, err := fs.Stat(fsys, "regulations"); err == nil && st.IsDir() {
			c.RegulationsDir = path.Join(dir, "regulations")
			ps = append(ps, regulations.CheckDir(c.RegulationsDir)...)
		}
	}

	if len(ps) > 0 {
		ps.Sort()
		return nil, ps
	}
	return c, nil
}

// yamlFiles lists dir/*.yaml and dir/*.yml in name order; a missing folder is empty.
func yamlFiles(fsys fs.FS, dir string) []string {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && (strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml")) {
			names = append(names, path.Join(dir, n))
		}
	}
	sort.Strings(names)
	return names
}

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if errors.Is(err, fs.ErrNotExist) {
			return "không tồn tại"
		}
		if errors.Is(err, fs.ErrPermission) {
			return "không có quyền đọc"
		}
		return pe.Err.Error()
	}
	return err.Error()
}

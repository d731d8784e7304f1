// Package scoringtest gives tests of the scoring renderers (and of anything
// else that needs a realistic result) the built-in demo scored from the
// committed sample values.
package scoringtest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/scoring/valuesfile"
)

// DemoDir is the examples/bhxh-demo folder of this repository.
func DemoDir(tb testing.TB) string {
	tb.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		tb.Fatal("scoringtest: cannot locate the source")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "examples", "bhxh-demo")
}

// Demo scores the demo cluster for period from examples/bhxh-demo and its
// values-sample.csv.
func Demo(tb testing.TB, p scoring.Period) (*scoring.Result, *org.Cluster) {
	tb.Helper()
	dir := DemoDir(tb)
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			tb.Fatal(err)
		}
		return data
	}
	o, _, err := org.Parse("org.yaml", read("org.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	t, err := scoring.ParseTable("bhxh-demo.yaml", read("scoring/bhxh-demo.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "targets", "*.yaml"))
	var files []*scoring.TargetFile
	for _, n := range names {
		tf, _, err := scoring.ParseTargets(n, read(filepath.Join("targets", filepath.Base(n))))
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, tf)
	}
	tables := map[string]*scoring.Table{t.ID: t}
	vs, ps := valuesfile.Read(read("values-sample.csv"), valuesfile.OrgLookup(o, tables))
	if len(ps) > 0 {
		tb.Fatalf("values-sample.csv: %v", ps)
	}
	cl := &o.Clusters[0]
	res, err := scoring.Score(t, cl.Units, scoring.NewTargets(files), vs[p.Year], p)
	if err != nil {
		tb.Fatal(err)
	}
	return res, cl
}

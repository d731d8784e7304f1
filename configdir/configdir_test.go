package configdir

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoLoads(t *testing.T) {
	c, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	if !c.Demo || c.Calendar == nil || len(c.TargetFiles) == 0 {
		t.Errorf("demo config incomplete: %+v", c)
	}
	if _, ok := c.Table("cum5"); !ok {
		t.Error("cluster cum5 has no table")
	}
}

// write makes a config folder from name → content.
func write(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const orgYAML = `clusters:
  - id: c1
    name: Cụm 1
    scoring: t1
    chair: a
    units:
      - {id: a, name: A}
      - {id: b, name: B}
`

const tableYAML = `id: t1
name: Bảng 1
groups:
  - id: g
    name: Nhóm
    criteria:
      - id: thu
        name: Thu
        input: cumulative
        max: 10
        rule: {kind: ratio, full: 100, zero: 90}
`

func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"no org", map[string]string{"calendar.yaml": "x: 1\n"}, []string{"org.yaml: thiếu tệp org.yaml"}},
		{"only org is fine but table missing", map[string]string{"org.yaml": orgYAML}, []string{`org.yaml:4: cụm "c1" dùng bảng chấm điểm "t1"`}},
		{"target for unknown criterion and unit", map[string]string{
			"org.yaml":          orgYAML,
			"scoring/t1.yaml":   tableYAML,
			"targets/2026.yaml": "year: 2026\nunits:\n  a: {thu: 100, chi: 5}\n  b: {thu: 100}\n  z: {thu: 1}\n",
		}, []string{"targets/2026.yaml:3:", "targets/2026.yaml:5:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := write(t, tt.files)
			_, err := Load(dir)
			if err == nil {
				t.Fatal("Load accepted a broken folder")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("problems lack %q:\n%s", w, err)
				}
			}
		})
	}
}

func TestLoadMinimal(t *testing.T) {
	dir := write(t, map[string]string{"org.yaml": orgYAML, "scoring/t1.yaml": tableYAML,
		"targets/2026.yaml": "year: 2026\nunits:\n  a: {thu: 100}\n  b: {thu: 120}\n"})
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.Calendar != nil || c.RegulationsDir != "" {
		t.Errorf("optional parts should be absent: %+v", c)
	}
	if got := c.Summary(); !strings.Contains(got, "1 cụm, 2 đơn vị, 1 bảng chấm điểm (1 tiêu chí)") {
		t.Errorf("Summary = %q", got)
	}
}

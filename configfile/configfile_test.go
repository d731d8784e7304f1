package configfile

import (
	"strings"
	"testing"
)

type unit struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
}

type org struct {
	Units []unit `yaml:"units"`
}

func TestDecodeReportsLines(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		wantLine int
		wantMsg  string
	}{
		{"unknown field", "units:\n  - id: a\n    nam: A\n", 3, `"nam"`},
		{"wrong type", "units:\n  - id: a\n    name: [1, 2]\n", 3, "sai kiểu"},
		{"syntax", "units:\n  - id: a\n   name: x: y\n", 3, "cú pháp"},
		{"duplicate key", "units:\n  - id: a\n    id: b\n", 3, "lặp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var o org
			_, err := Decode("org.yaml", []byte(tt.src), &o)
			ps, ok := err.(Problems)
			if !ok || len(ps) != 1 {
				t.Fatalf("Decode error = %v; want one Problem", err)
			}
			if ps[0].Line != tt.wantLine || !strings.Contains(ps[0].Msg, tt.wantMsg) {
				t.Errorf("got %s; want line %d containing %q", ps[0], tt.wantLine, tt.wantMsg)
			}
		})
	}
}

func TestLineByPath(t *testing.T) {
	src := "units:\n  - id: a\n    name: A\n  - id: b\n    name: B\n"
	var o org
	doc, err := Decode("org.yaml", []byte(src), &o)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]int{
		"$.units[1].id":      4,
		"$.units[1].name":    5,
		"$.units[1].missing": 4,
		"$.units[0]":         2,
	} {
		if got := doc.Line(path); got != want {
			t.Errorf("Line(%q) = %d; want %d", path, got, want)
		}
	}
	if got := doc.Problem("$.units[1].id", "trùng mã %q", "b").String(); got != `org.yaml:4: trùng mã "b"` {
		t.Errorf("Problem = %q", got)
	}
}

func TestEmptyFile(t *testing.T) {
	var o org
	if _, err := Decode("org.yaml", []byte("# only a comment\n"), &o); err == nil {
		t.Fatal("empty file accepted")
	}
}

func TestDecodeNeverPanics(t *testing.T) {
	for _, src := range []string{"tie_break: ![a, b]\n", "units: !!binary [\n", "*a\n", "? [a\n"} {
		var o org
		_, err := Decode("x.yaml", []byte(src), &o)
		if err == nil {
			t.Errorf("%q decoded without error", src)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{"units:\n  - id: a\n    name: A\n", "tie_break: ![a, b]\n", "units: [{id: a}]\n", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var o org
		doc, err := Decode("x.yaml", []byte(src), &o)
		if err == nil && doc == nil {
			t.Fatal("no doc and no error")
		}
		doc.Line("$.units[0].id")
	})
}

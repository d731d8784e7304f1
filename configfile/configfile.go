// Package configfile reads the YAML files of a config folder strictly
// (unknown fields are errors) and reports every problem as "file:line:
// message" in Vietnamese, so an admin can fix a whole folder in one pass.
//
// Validators that find a semantic problem after decoding (a duplicate id, an
// unknown reference) name the offending node by its YAML path, for example
// "$.clusters[0].units[2].id"; the Doc turns that path into a line number.
package configfile

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Problem is one thing wrong in a config file.
type Problem struct {
	File string
	Line int // 0 when unknown
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// Problems is a list of problems that is also an error.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Sort orders problems by file, then line, keeping the order of equal ones.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}

// Err returns ps as an error, or nil when there are none.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// Doc is one parsed YAML file, kept so that later validation can point at lines.
type Doc struct {
	Name string // the file name as shown to the admin, e.g. "scoring/bhxh.yaml"
	file *ast.File
}

// Decode parses data strictly into v. Syntax errors, unknown fields, type
// mismatches and duplicate keys come back as Problems with their lines.
// The returned Doc is usable for Line even when decoding failed, unless the
// file could not be parsed at all (then it is nil).
func Decode(name string, data []byte, v any) (doc *Doc, err error) {
	// go-yaml panics on some malformed input (found by fuzzing, e.g. a tag
	// before a flow sequence); a config file must never crash the program.
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, Problems{{File: name, Msg: fmt.Sprintf("không đọc được tệp YAML (cú pháp không hợp lệ: %v)", r)}}
		}
	}()
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, Problems{fromYAMLError(name, err)}
	}
	doc = &Doc{Name: name, file: f}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return doc, Problems{{File: name, Line: 1, Msg: "tệp trống"}}
	}
	if err := yaml.UnmarshalWithOptions(data, v, yaml.DisallowUnknownField()); err != nil {
		return doc, Problems{fromYAMLError(name, err)}
	}
	return doc, nil
}

// Line returns the line of the node at path ("$.a.b[2].c"). When that node
// does not exist (an omitted field) it falls back to the nearest ancestor, so
// a "missing field" problem points at the object that lacks it.
func (d *Doc) Line(path string) int {
	if d == nil || d.file == nil {
		return 0
	}
	for p := path; p != "" && p != "$"; p = parent(p) {
		yp, err := yaml.PathString(p)
		if err != nil {
			continue
		}
		n, err := yp.FilterFile(d.file)
		if err != nil || n == nil {
			continue
		}
		if tk := n.GetToken(); tk != nil && tk.Position != nil {
			return tk.Position.Line
		}
	}
	return 1
}

// Problem builds a problem located at path.
func (d *Doc) Problem(path, format string, args ...any) Problem {
	name := ""
	if d != nil {
		name = d.Name
	}
	return Problem{File: name, Line: d.Line(path), Msg: fmt.Sprintf(format, args...)}
}

func parent(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i <= 0 {
		return ""
	}
	return p[:i]
}

func fromYAMLError(name string, err error) Problem {
	var yerr yaml.Error
	if !errors.As(err, &yerr) {
		return Problem{File: name, Msg: "không đọc được tệp YAML: " + err.Error()}
	}
	line := 0
	if tk := yerr.GetToken(); tk != nil && tk.Position != nil {
		line = tk.Position.Line
	}
	var (
		unknown *yaml.UnknownFieldError
		dup     *yaml.DuplicateKeyError
		typ     *yaml.TypeError
		syn     *yaml.SyntaxError
	)
	msg := yerr.GetMessage()
	switch {
	case errors.As(err, &unknown):
		msg = fmt.Sprintf("trường %q không được hỗ trợ (kiểm tra chính tả hoặc xem docs/config.md)", fieldName(unknown.Message))
	case errors.As(err, &dup):
		msg = "khóa bị lặp lại: " + dup.Message
	case errors.As(err, &typ):
		msg = fmt.Sprintf("giá trị sai kiểu (cần %s)", kindVI(typ.DstType.String()))
	case errors.As(err, &syn) && strings.Contains(syn.Message, "already defined"):
		msg = "khóa bị lặp lại (" + syn.Message + ")"
	case errors.As(err, &syn):
		msg = "lỗi cú pháp YAML: " + syn.Message
	}
	return Problem{File: name, Line: line, Msg: msg}
}

// fieldName extracts the name from goccy's `unknown field "x"` message.
func fieldName(msg string) string {
	if i := strings.Index(msg, `"`); i >= 0 {
		if j := strings.LastIndex(msg, `"`); j > i {
			return msg[i+1 : j]
		}
	}
	return msg
}

func kindVI(t string) string {
	switch {
	case strings.Contains(t, "int"), strings.Contains(t, "float"):
		return "một số"
	case t == "string":
		return "một chuỗi ký tự"
	case t == "bool":
		return "true hoặc false"
	case strings.HasPrefix(t, "[]"):
		return "một danh sách"
	case strings.HasPrefix(t, "map"), strings.Contains(t, "struct"):
		return "một bảng khóa: giá trị"
	}
	return t
}

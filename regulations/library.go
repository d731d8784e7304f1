package regulations

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/thiduabot/thiduabot/configfile"
)

// The official texts in kb/corpus are public legal documents shipped
// unchanged, with the header naming where each copy came from; they are
// loaded after the summaries so that the official wording of an article
// supersedes our summary of it, and summaries fill only the gaps.
//
//go:embed kb/*.md kb/*.yaml kb/corpus/*.txt
var builtinFS embed.FS

// FAQ is one curated question with a short answer that points to the
// article it rests on.
type FAQ struct {
	Question string `yaml:"q"`
	Answer   string `yaml:"a"`
	Doc      string `yaml:"doc"`
	Part     string `yaml:"part"`
	Article  string `yaml:"article"` // "27", or an unnumbered section's title
}

// Library holds the documents an index is built from. It is not safe for
// concurrent use, and an Index points into it: to add a document while
// questions are being answered, add it to a Clone, build a new Index from
// the clone and swap the two. Adding a document
// whose number is already present merges the two: articles of the newer
// text replace those with the same number (so an official text loaded from
// the corpus supersedes the built-in summary of the same article), and
// articles only one of them has are kept.
type Library struct {
	docs  []*Document
	byKey map[string]*Document
	faq   []FAQ
}

// NewLibrary returns an empty library.
func NewLibrary() *Library {
	return &Library{byKey: map[string]*Document{}}
}

// Builtin returns a library holding the embedded knowledge base: summaries
// in our own words of the regulations the product relies on, and the FAQ.
func Builtin() (*Library, error) {
	l := NewLibrary()
	entries, err := fs.ReadDir(builtinFS, "kb")
	if err != nil {
		return nil, fmt.Errorf("read built-in knowledge base: %w", err)
	}
	for _, e := range entries {
		if path.Ext(e.Name()) != ".md" {
			continue
		}
		data, err := builtinFS.ReadFile("kb/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("read built-in %s: %w", e.Name(), err)
		}
		if _, _, err := l.AddFile("kb/"+e.Name(), data); err != nil {
			return nil, fmt.Errorf("built-in %s: %w", e.Name(), err)
		}
	}
	official, err := fs.ReadDir(builtinFS, "kb/corpus")
	if err != nil {
		return nil, fmt.Errorf("read built-in official texts: %w", err)
	}
	for _, e := range official {
		name := "kb/corpus/" + e.Name()
		data, err := builtinFS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read built-in %s: %w", name, err)
		}
		if _, _, err := l.AddFile(name, data); err != nil {
			return nil, fmt.Errorf("built-in %s: %w", name, err)
		}
	}
	data, err := builtinFS.ReadFile("kb/faq.yaml")
	if err != nil {
		return nil, fmt.Errorf("read built-in FAQ: %w", err)
	}
	var faq []FAQ
	if _, err := configfile.Decode("kb/faq.yaml", data, &faq); err != nil {
		return nil, fmt.Errorf("built-in FAQ: %w", err)
	}
	for i, f := range faq {
		if _, ok := l.Find(f.Doc, f.Part, f.Article); !ok {
			return nil, fmt.Errorf("built-in FAQ item %d (%q) points to %s Điều %s, which is not in the knowledge base", i+1, f.Question, f.Doc, f.Article)
		}
	}
	l.faq = faq
	return l, nil
}

// Clone returns a deep copy, so that documents can be added to it while
// an Index built from l keeps answering.
func (l *Library) Clone() *Library {
	c := &Library{byKey: make(map[string]*Document, len(l.byKey)), faq: slices.Clone(l.faq)}
	for _, d := range l.docs {
		nd := *d
		nd.Replaces = slices.Clone(d.Replaces)
		nd.Notes = slices.Clone(d.Notes)
		nd.Articles = slices.Clone(d.Articles)
		for i := range nd.Articles {
			a := &nd.Articles[i]
			a.Clauses = slices.Clone(a.Clauses)
			for j := range a.Clauses {
				a.Clauses[j].Points = slices.Clone(a.Clauses[j].Points)
			}
		}
		c.docs = append(c.docs, &nd)
	}
	for k, d := range l.byKey {
		c.byKey[k] = c.docs[slices.Index(l.docs, d)]
	}
	return c
}

// Documents returns the documents in the order they were added.
func (l *Library) Documents() []*Document { return l.docs }

// FAQ returns the curated questions.
func (l *Library) FAQ() []FAQ { return l.faq }

// Document finds a document by number (any spelling with the same key) or,
// for documents without a number, by file name.
func (l *Library) Document(id string) (*Document, bool) {
	k := DocKey(id)
	if k == "" {
		k = id
	}
	d, ok := l.byKey[k]
	return d, ok
}

// Find returns the article of doc with the given part and number; an
// unnumbered section is found by its title.
func (l *Library) Find(doc, part, article string) (*Article, bool) {
	d, ok := l.Document(doc)
	if !ok {
		return nil, false
	}
	article = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(article), "Điều "))
	for i := range d.Articles {
		a := &d.Articles[i]
		if a.Part != part {
			continue
		}
		if a.Number == article || a.Number == "" && Fold(a.Title) == Fold(article) {
			return a, true
		}
	}
	return nil, false
}

// AddFile parses one file and adds it. The report says what was found; an
// error means nothing was added.
func (l *Library) AddFile(name string, data []byte) (Document, Report, error) {
	d, fr, err := Parse(name, data)
	rep := Report{Files: []FileReport{fr}}
	if err != nil {
		return Document{}, rep, err
	}
	if len(d.Articles) == 0 {
		return Document{}, rep, configfile.Problems{{File: name, Msg: "không tìm thấy điều nào trong văn bản (dòng bắt đầu bằng “Điều 1.”)"}}
	}
	merged := l.Add(d)
	return *merged, rep, nil
}

// Add puts d into the library, merging it with a document of the same
// number, and applies replacements in both directions. It returns the
// stored document.
func (l *Library) Add(d Document) *Document {
	key := DocKey(d.Number)
	if key == "" {
		key = d.File
	}
	if old, ok := l.byKey[key]; ok {
		merge(old, &d)
	} else {
		nd := d
		l.docs = append(l.docs, &nd)
		l.byKey[key] = &nd
	}
	l.link()
	return l.byKey[key]
}

// link marks documents replaced by those that say they replace them.
func (l *Library) link() {
	for _, d := range l.docs {
		for _, r := range d.Replaces {
			old, ok := l.byKey[DocKey(r)]
			if !ok || old == d {
				continue
			}
			old.Status = Replaced
			if old.ReplacedBy == "" {
				old.ReplacedBy = d.Number
			}
		}
		if d.ReplacedBy != "" && d.Status != Replaced {
			d.Status = Replaced
		}
	}
}

func merge(old, nd *Document) {
	summaryOnly := nd.Summary
	set := func(dst *string, v string) {
		if v != "" && (!summaryOnly || *dst == "") {
			*dst = v
		}
	}
	set(&old.Title, nd.Title)
	set(&old.Kind, nd.Kind)
	set(&old.Issuer, nd.Issuer)
	set(&old.Signed, nd.Signed)
	set(&old.InForce, nd.InForce)
	if old.Source == "" {
		// The first source says where the official text is; a crawled
		// copy's provenance note must not replace that pointer.
		old.Source = nd.Source
	}
	if old.Short == "" {
		old.Short = nd.Short
	}
	if old.Note == "" {
		old.Note = nd.Note
	}
	if nd.Status != Unknown && nd.Status != "" {
		old.Status = nd.Status
	}
	if nd.ReplacedBy != "" {
		old.ReplacedBy = nd.ReplacedBy
	}
	old.Replaces = append(old.Replaces, nd.Replaces...)
	old.Notes = append(old.Notes, nd.Notes...)
	if old.Preamble == "" {
		old.Preamble = nd.Preamble
	}
	old.Summary = old.Summary && nd.Summary
	if nd.File != "" {
		old.File = nd.File
	}
	idx := map[string]int{}
	for i, a := range old.Articles {
		idx[a.Part+"\x00"+a.Number+"\x00"+numberless(a)] = i
	}
	for _, a := range nd.Articles {
		k := a.Part + "\x00" + a.Number + "\x00" + numberless(a)
		if i, ok := idx[k]; ok {
			if a.Summary && !old.Articles[i].Summary {
				continue // never let a summary hide the official wording
			}
			if old.Articles[i].Uncertain != "" && a.Uncertain == "" && a.Summary {
				a.Uncertain = old.Articles[i].Uncertain
			}
			old.Articles[i] = a
			continue
		}
		idx[k] = len(old.Articles)
		old.Articles = append(old.Articles, a)
	}
	parts := map[string]int{"": 0}
	for _, a := range old.Articles {
		if _, ok := parts[a.Part]; !ok {
			parts[a.Part] = len(parts)
		}
	}
	sort.SliceStable(old.Articles, func(i, j int) bool {
		a, b := old.Articles[i], old.Articles[j]
		if parts[a.Part] != parts[b.Part] {
			return parts[a.Part] < parts[b.Part]
		}
		return articleOrder(a.Number) < articleOrder(b.Number)
	})
}

func numberless(a Article) string {
	if a.Number == "" {
		return Fold(a.Title)
	}
	return ""
}

// articleOrder sorts "9" before "10" and unnumbered sections last.
func articleOrder(n string) int {
	i := 0
	for i < len(n) && n[i] >= '0' && n[i] <= '9' {
		i++
	}
	v, err := strconv.Atoi(n[:i])
	if err != nil {
		return 1 << 30
	}
	return v
}

// AddDir adds every .md, .markdown, .txt and .docx file under dir. Files that
// cannot be used are reported in the returned error (configfile.Problems)
// while the others are still added. A missing dir is an error matching
// fs.ErrNotExist, which a caller treating the folder as optional ignores.
func (l *Library) AddDir(dir string) (Report, error) {
	var rep Report
	var probs configfile.Problems
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() || !documentFile(p) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("read %s: %w", p, err)
		}
		_, r, err := l.AddFile(p, data)
		rep.Files = append(rep.Files, r.Files...)
		if err != nil {
			var ps configfile.Problems
			if errors.As(err, &ps) {
				probs = append(probs, ps...)
			} else {
				probs = append(probs, configfile.Problem{File: p, Msg: err.Error()})
			}
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("load regulations from %s: %w", dir, err)
	}
	return rep, probs.Err()
}

func documentFile(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".md", ".markdown", ".txt", ".docx":
		return !strings.HasPrefix(filepath.Base(p), ".")
	}
	return false
}

// CheckDir validates the documents of a config folder's regulations/ for the
// check command: unreadable files, invalid YAML headers, texts without
// articles or a number, duplicated articles. A missing folder is fine: it is
// optional.
func CheckDir(dir string) configfile.Problems {
	var probs configfile.Problems
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			probs = append(probs, configfile.Problem{File: p, Msg: "không đọc được: " + err.Error()})
			return nil
		}
		if e.IsDir() {
			return nil
		}
		if !documentFile(p) {
			if ext := strings.ToLower(filepath.Ext(p)); ext == ".doc" || ext == ".pdf" {
				probs = append(probs, configfile.Problem{File: p, Msg: "định dạng chưa hỗ trợ; hãy lưu thành DOCX, TXT hoặc MD"})
			}
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			probs = append(probs, configfile.Problem{File: p, Msg: "không đọc được: " + err.Error()})
			return nil
		}
		_, r, err := Parse(p, data)
		if err != nil {
			var ps configfile.Problems
			if errors.As(err, &ps) {
				probs = append(probs, ps...)
			} else {
				probs = append(probs, configfile.Problem{File: p, Msg: err.Error()})
			}
			return nil
		}
		for _, w := range r.Warnings {
			probs = append(probs, configfile.Problem{File: p, Line: w.Line, Msg: w.Msg})
		}
		return nil
	})
	if err != nil {
		probs = append(probs, configfile.Problem{File: dir, Msg: "không đọc được thư mục: " + err.Error()})
	}
	probs.Sort()
	return probs
}

package regulations

import (
	"fmt"
	"strings"
)

// Status says whether a document still applies.
type Status string

// The statuses a document can have; an answer always shows one of them.
const (
	InForce  Status = "in_force"
	Replaced Status = "replaced"
	Unknown  Status = "unknown"
)

// Document is one regulation: its identity, its status and its articles in
// the order printed. A decision that carries an attached regulation keeps
// both numberings: the decision's own articles have Part "", the attached
// regulation's articles carry its name in Part.
type Document struct {
	Number     string   // "06/2022/QH15"; "" for texts without one
	Kind       string   // "Luật", "Nghị định", "Quyết định"…
	Title      string   // "Luật Thi đua, khen thưởng"
	Short      string   // how an answer names it, e.g. "Nghị định 152/2025/NĐ-CP"
	Issuer     string   // "Quốc hội", "UBND tỉnh Bắc Ninh"
	Signed     string   // dd/mm/yyyy
	InForce    string   // dd/mm/yyyy, or free text such as "2023"
	Status     Status   // in_force, replaced or unknown
	ReplacedBy string   // number of the replacing document
	Replaces   []string // numbers of documents this one replaces or repeals
	Source     string   // where the official text is
	Summary    bool     // a summary in our own words, not the official text
	Note       string   // caveats shown with every answer from it (amendments, unverified facts)
	Notes      []string // leading "# key: value" lines of a text file
	Preamble   string   // text before the first article (căn cứ…)
	Articles   []Article
	File       string // file it came from, for reports
}

// ID identifies a document in the library: its number, or its file name
// when it has none.
func (d *Document) ID() string {
	if d.Number != "" {
		return d.Number
	}
	return d.File
}

// Name is how answers cite the document: "Luật Thi đua, khen thưởng
// 06/2022/QH15", "Nghị định 152/2025/NĐ-CP".
func (d *Document) Name() string {
	switch {
	case d.Short != "":
		return d.Short
	case d.Kind == "Luật" && d.Title != "" && d.Number != "":
		return d.Title + " " + d.Number
	case d.Kind != "" && d.Number != "":
		return d.Kind + " " + d.Number
	case d.Number != "":
		return d.Number
	}
	return d.Title
}

// Article is one "Điều" (or, for summaries of texts whose article numbers
// are not known, one titled section with Number "").
type Article struct {
	Part      string // name of the attached regulation; "" for the document itself
	Chapter   string // "Chương II. Tổ chức thi đua…"
	Section   string // "Mục 2. …"
	Number    string // "27"; "50–54" when a summary covers a range
	Title     string
	Intro     string // text before the first clause
	Clauses   []Clause
	Line      int    // line of the heading in the source file
	Partial   bool   // the source marks part of it missing
	Summary   bool   // our summary, not the official wording
	Uncertain string // why the number or content is unverified; "" when verified
}

// Clause is a numbered "khoản" with its lettered points.
type Clause struct {
	Number string
	Text   string
	Points []Point
}

// Point is a lettered "điểm" such as "a)".
type Point struct {
	Letter string
	Text   string
}

// Label is "Điều 27", or the title for an unnumbered section.
func (a *Article) Label() string {
	if a.Number == "" {
		return a.Title
	}
	return "Điều " + a.Number
}

// Text is the article's full text as printed, without its heading.
func (a *Article) Text() string {
	var b strings.Builder
	if a.Intro != "" {
		b.WriteString(a.Intro)
	}
	for _, c := range a.Clauses {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(c.String())
	}
	return b.String()
}

// String is the clause with its number and points.
func (c Clause) String() string {
	var b strings.Builder
	if c.Number != "" {
		fmt.Fprintf(&b, "%s. ", c.Number)
	}
	b.WriteString(c.Text)
	for _, p := range c.Points {
		fmt.Fprintf(&b, "\n%s) %s", p.Letter, p.Text)
	}
	return b.String()
}

// Citation names a passage the way legal texts cite each other: "Khoản 2
// Điều 27 Luật Thi đua, khen thưởng 06/2022/QH15", adding the attached
// regulation when the article belongs to one.
func Citation(d *Document, a *Article, clause string) string {
	var parts []string
	if clause != "" {
		parts = append(parts, "Khoản "+clause)
	}
	if a != nil && a.Number != "" {
		parts = append(parts, "Điều "+a.Number)
	}
	if a != nil && a.Part != "" {
		parts = append(parts, a.Part, "(ban hành kèm theo "+d.Name()+")")
	} else {
		if a != nil && a.Number == "" && a.Title != "" {
			parts = append(parts, d.Name()+" – "+a.Title)
		} else {
			parts = append(parts, d.Name())
		}
	}
	return strings.Join(parts, " ")
}

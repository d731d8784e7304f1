package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Text is what Read finds in a document: its paragraphs in order (a table
// row is one line, its cells joined by " | "), the highlighted places still
// to write, and its tables.
type Text struct {
	Lines        []string
	Placeholders []string
	Tables       [][][]string // table → row → cell text
	Bold         []string     // text of bold runs, for checks on emphasis
}

// String is the document's text, one line per paragraph or table row.
func (t *Text) String() string { return strings.Join(t.Lines, "\n") }

// Read extracts the text of a .docx file (any WordprocessingML document, not
// only those this package writes).
func Read(data []byte) (*Text, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("docx: not a zip: %w", err)
	}
	var doc io.ReadCloser
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			if doc, err = f.Open(); err != nil {
				return nil, fmt.Errorf("docx: %w", err)
			}
			break
		}
	}
	if doc == nil {
		return nil, errors.New("docx: no word/document.xml")
	}
	defer doc.Close()

	out := &Text{}
	dec := xml.NewDecoder(doc)
	var (
		para       strings.Builder
		run        strings.Builder
		inText     bool
		bold, high bool
		tables     [][][]string // stack of open tables
		row        []string
		cell       []string
		depthCell  int
	)
	endRun := func() {
		s := run.String()
		run.Reset()
		if s == "" {
			return
		}
		if high {
			out.Placeholders = append(out.Placeholders, s)
		}
		if bold {
			out.Bold = append(out.Bold, s)
		}
		para.WriteString(s)
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("docx: document.xml: %w", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "r":
				bold, high = false, false
			case "b":
				bold = attr(el, "val") != "0" && attr(el, "val") != "false"
			case "highlight":
				high = attr(el, "val") != "none"
			case "t":
				inText = true
			case "br", "tab":
				run.WriteString(map[string]string{"br": "\n", "tab": "\t"}[el.Name.Local])
			case "tbl":
				tables = append(tables, nil)
			case "tr":
				row = nil
			case "tc":
				depthCell++
			}
		case xml.CharData:
			if inText {
				run.Write(el)
			}
		case xml.EndElement:
			switch el.Name.Local {
			case "t":
				inText = false
			case "r":
				endRun()
			case "p":
				endRun()
				s := para.String()
				para.Reset()
				if depthCell > 0 {
					cell = append(cell, s)
					continue
				}
				out.Lines = append(out.Lines, s)
			case "tc":
				depthCell--
				row = append(row, strings.Join(cell, "\n"))
				cell = nil
			case "tr":
				if n := len(tables); n > 0 {
					tables[n-1] = append(tables[n-1], row)
				}
				out.Lines = append(out.Lines, strings.Join(row, " | "))
			case "tbl":
				n := len(tables)
				out.Tables = append(out.Tables, tables[n-1])
				tables = tables[:n-1]
			}
		}
	}
	return out, nil
}

func attr(el xml.StartElement, local string) string {
	for _, a := range el.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

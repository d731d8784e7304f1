// Package docx writes the small Word documents the project produces
// (achievement reports, vote minutes, covenants) as WordprocessingML inside a
// zip, with no third-party dependency, and reads their text back for tests.
// Documents follow the presentation of Vietnamese administrative texts: A4,
// Times New Roman 13 pt body and 14 pt headings (DejaVu Serif where Times New
// Roman is not installed), with the places a person must still write marked
// by a highlighted "[cần bổ sung: …]".
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// Placeholder prefix: every place a person must write starts with it, so a
// reviewer (or a test) can find what is still missing.
const PlaceholderPrefix = "[cần bổ sung: "

// Align is a paragraph's horizontal alignment.
type Align int

// Alignments.
const (
	Left Align = iota
	Center
	Right
	Justify
)

// Run is a piece of text with one formatting.
type Run struct {
	Text        string
	Bold        bool
	Italic      bool
	Placeholder bool // highlighted, shown as "[cần bổ sung: Text]"
}

// T is plain text.
func T(s string) Run { return Run{Text: s} }

// B is bold text.
func B(s string) Run { return Run{Text: s, Bold: true} }

// I is italic text.
func I(s string) Run { return Run{Text: s, Italic: true} }

// Blank marks a place a person must write, saying what goes there.
func Blank(what string) Run { return Run{Text: what, Placeholder: true} }

// Paragraph is a block of runs.
type Paragraph struct {
	Runs  []Run
	Align Align
	// Heading is 1 or 2 for a heading, 0 for body text.
	Heading int
	// Indent indents the first line, as administrative texts do.
	Indent bool
}

// Table is a grid of cells; the first Header rows repeat on every page and
// are bold.
type Table struct {
	Rows   [][]Cell
	Header int
	// Widths are the columns' relative widths; nil for equal columns.
	Widths []int
	// Borderless lays text out in columns without lines (the two-column
	// heading and the signature block of an administrative document).
	Borderless bool
	// FontSize is the cells' size in points (default 12); wide tables of
	// figures use 10.
	FontSize float64
}

// Cell is one table cell.
type Cell struct {
	Runs  []Run
	Align Align
}

// C is a cell of plain text.
func C(s string) Cell { return Cell{Runs: []Run{T(s)}} }

// CR is a right-aligned cell of plain text (numbers).
func CR(s string) Cell { return Cell{Runs: []Run{T(s)}, Align: Right} }

// Document is a document being built. The zero value is not usable: use New.
type Document struct {
	Title   string // the core properties' title
	Created time.Time
	blocks  []any // Paragraph or Table
}

// New returns an empty document with the given title (document properties).
func New(title string) *Document { return &Document{Title: title} }

// Add appends a paragraph.
func (d *Document) Add(p Paragraph) { d.blocks = append(d.blocks, p) }

// Heading appends a heading of level 1 (the document's title, centred) or 2.
func (d *Document) Heading(level int, runs ...Run) {
	p := Paragraph{Runs: runs, Heading: level}
	if level == 1 {
		p.Align = Center
	}
	d.Add(p)
}

// P appends a justified body paragraph with an indented first line.
func (d *Document) P(runs ...Run) { d.Add(Paragraph{Runs: runs, Align: Justify, Indent: true}) }

// Centered appends a centred paragraph.
func (d *Document) Centered(runs ...Run) { d.Add(Paragraph{Runs: runs, Align: Center}) }

// Table appends a table.
func (d *Document) Table(t Table) { d.blocks = append(d.blocks, t) }

// A4 in twentieths of a point, and the margins of Decree 30/2020 (top and
// bottom 2 cm, left 3 cm, right 1.5 cm).
const (
	pageW, pageH                 = 11906, 16838
	marginTop, marginBottom      = 1134, 1134
	marginLeft, marginRight      = 1701, 850
	textWidth                    = pageW - marginLeft - marginRight
	bodyHalfPoints, headingHalfs = 26, 28
)

// Bytes returns the document as a .docx file.
func (d *Document) Bytes() ([]byte, error) {
	var buf bytes.Buffer
	if _, err := d.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteTo writes the document as a .docx file.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	z := zip.NewWriter(cw)
	created := d.Created
	if created.IsZero() {
		created = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"docProps/core.xml", coreProps(d.Title, created)},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/styles.xml", styles},
		{"word/fontTable.xml", fontTable},
		{"word/settings.xml", settings},
		{"word/document.xml", d.documentXML()},
	}
	for _, p := range parts {
		// A fixed time keeps the output reproducible.
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: created})
		if err != nil {
			return cw.n, fmt.Errorf("docx: %s: %w", p.name, err)
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return cw.n, fmt.Errorf("docx: %s: %w", p.name, err)
		}
	}
	if err := z.Close(); err != nil {
		return cw.n, fmt.Errorf("docx: %w", err)
	}
	return cw.n, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) //nolint:errcheck // a strings.Builder does not fail
	return b.String()
}

func (d *Document) documentXML() string {
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, bl := range d.blocks {
		switch bl := bl.(type) {
		case Paragraph:
			writePara(&b, bl)
		case Table:
			writeTable(&b, bl)
		}
	}
	fmt.Fprintf(&b, `<w:sectPr><w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>`,
		pageW, pageH, marginTop, marginRight, marginBottom, marginLeft)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

var jc = map[Align]string{Left: "left", Center: "center", Right: "right", Justify: "both"}

func writePara(b *strings.Builder, p Paragraph) {
	b.WriteString(`<w:p><w:pPr>`)
	if p.Heading > 0 {
		fmt.Fprintf(b, `<w:pStyle w:val="Heading%d"/><w:keepNext/>`, min(p.Heading, 2))
	}
	if p.Indent {
		b.WriteString(`<w:ind w:firstLine="567"/>`)
	}
	fmt.Fprintf(b, `<w:jc w:val="%s"/></w:pPr>`, jc[p.Align])
	for _, r := range p.Runs {
		writeRun(b, r)
	}
	b.WriteString(`</w:p>`)
}

func writeRun(b *strings.Builder, r Run) { writeRunSized(b, r, 0) }

// writeRunSized writes r; halfPoints > 0 sets its size.
func writeRunSized(b *strings.Builder, r Run, halfPoints int) {
	text := r.Text
	if r.Placeholder {
		text = PlaceholderPrefix + text + "]"
	}
	b.WriteString(`<w:r>`)
	if r.Bold || r.Italic || r.Placeholder || halfPoints > 0 {
		b.WriteString(`<w:rPr>`)
		if r.Bold {
			b.WriteString(`<w:b/>`)
		}
		if r.Italic || r.Placeholder {
			b.WriteString(`<w:i/>`)
		}
		if r.Placeholder {
			b.WriteString(`<w:highlight w:val="yellow"/>`)
		}
		if halfPoints > 0 {
			fmt.Fprintf(b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, halfPoints, halfPoints)
		}
		b.WriteString(`</w:rPr>`)
	}
	// Line breaks inside a run become <w:br/>.
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString(`<w:br/>`)
		}
		fmt.Fprintf(b, `<w:t xml:space="preserve">%s</w:t>`, esc(line))
	}
	b.WriteString(`</w:r>`)
}

func writeTable(b *strings.Builder, t Table) {
	cols := 0
	for _, r := range t.Rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return
	}
	widths := make([]int, cols)
	total := 0
	for i := range widths {
		widths[i] = 1
		if i < len(t.Widths) && t.Widths[i] > 0 {
			widths[i] = t.Widths[i]
		}
		total += widths[i]
	}
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>`)
	fmt.Fprintf(b, `<w:tblW w:w="%d" w:type="dxa"/><w:tblLayout w:type="fixed"/>`, textWidth)
	b.WriteString(`<w:tblBorders>`)
	line := `w:val="single" w:sz="4" w:space="0" w:color="000000"`
	if t.Borderless {
		line = `w:val="nil"`
	}
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(b, `<w:%s %s/>`, side, line)
	}
	b.WriteString(`</w:tblBorders></w:tblPr><w:tblGrid>`)
	tw := make([]int, cols)
	for i, w := range widths {
		tw[i] = textWidth * w / total
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, tw[i])
	}
	b.WriteString(`</w:tblGrid>`)
	size := 24
	if t.FontSize > 0 {
		size = int(t.FontSize * 2)
	}
	if t.Borderless {
		size = 0 // body text size
	}
	for ri, row := range t.Rows {
		b.WriteString(`<w:tr>`)
		if ri < t.Header {
			b.WriteString(`<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>`)
		}
		for ci := 0; ci < cols; ci++ {
			var c Cell
			if ci < len(row) {
				c = row[ci]
			}
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>`, tw[ci])
			al := c.Align
			if ri < t.Header && !t.Borderless {
				al = Center
			}
			fmt.Fprintf(b, `<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="%s"/></w:pPr>`, jc[al])
			for _, r := range c.Runs {
				if ri < t.Header && !t.Borderless {
					r.Bold = true
				}
				writeRunSized(b, r, size)
			}
			b.WriteString(`</w:p></w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl><w:p/>`)
}

const contentTypes = xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const rootRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

const documentRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`</Relationships>`

const settings = xml.Header + `<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:defaultTabStop w:val="720"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`</w:settings>`

// The fallback for Times New Roman is DejaVu Serif (Debian's fonts-dejavu-core).
const fontTable = xml.Header + `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:font w:name="Times New Roman"><w:altName w:val="DejaVu Serif"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
	`<w:font w:name="DejaVu Serif"><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
	`</w:fonts>`

var styles = xml.Header + `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/>` +
	fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault>`, bodyHalfPoints, bodyHalfPoints) +
	`<w:pPrDefault><w:pPr><w:spacing w:before="60" w:after="60" w:line="300" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
	`<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr>` +
	fmt.Sprintf(`<w:rPr><w:b/><w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr></w:style>`, headingHalfs, headingHalfs) +
	`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
	`<w:pPr><w:keepNext/><w:spacing w:before="180" w:after="60"/><w:outlineLvl w:val="1"/></w:pPr>` +
	fmt.Sprintf(`<w:rPr><w:b/><w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr></w:style>`, bodyHalfPoints, bodyHalfPoints) +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
	`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="80" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/></w:style>` +
	`</w:styles>`

func coreProps(title string, created time.Time) string {
	return xml.Header + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc(title) + `</dc:title><dc:language>vi-VN</dc:language>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + created.UTC().Format(time.RFC3339) + `</dcterms:created>` +
		`</cp:coreProperties>`
}

package regulations

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
	"unicode"

	"github.com/thiduabot/thiduabot/configfile"
)

// FileReport says what the parser found in one file, so that an admin can
// check an upload before confirming it and the CLI can report a folder.
type FileReport struct {
	File     string
	Number   string
	Title    string
	Chapters int
	Parts    []PartReport // the document's own articles first, then each attached regulation
	Gaps     []string     // gaps the text itself marks ("[THIẾU – MISSING: …]")
	Unplaced []Unplaced   // text that belongs to no article
	Warnings []Warning    // things that look wrong but did not stop parsing
}

// PartReport lists the article numbers found in one numbering.
type PartReport struct {
	Name     string // "" for the document itself
	Articles []string
}

// Warning is a Vietnamese remark about one line (0 when about the file).
type Warning struct {
	Line int
	Msg  string
}

// Unplaced is a line the parser could not attach to an article.
type Unplaced struct {
	Line int
	Text string
}

// Articles is the total number of articles in all parts.
func (r FileReport) Articles() int {
	n := 0
	for _, p := range r.Parts {
		n += len(p.Articles)
	}
	return n
}

// Report collects the file reports of one load.
type Report struct {
	Files []FileReport
}

// frontMatter is the optional YAML header of a document file.
type frontMatter struct {
	Number     string   `yaml:"number"`
	Title      string   `yaml:"title"`
	Short      string   `yaml:"short"`
	Kind       string   `yaml:"kind"`
	Issuer     string   `yaml:"issuer"`
	Signed     string   `yaml:"signed"`
	InForce    string   `yaml:"in_force"`
	Status     string   `yaml:"status"`
	ReplacedBy string   `yaml:"replaced_by"`
	Replaces   []string `yaml:"replaces"`
	Source     string   `yaml:"source"`
	Summary    bool     `yaml:"summary"`
	Note       string   `yaml:"note"`
}

var (
	reNumberLine = regexp.MustCompile(`^(?:[a-z ]{0,20} )?so(?: hieu)?\s*:\s*(\S+)`)
	reDate       = regexp.MustCompile(`ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})`)
	rePhan       = regexp.MustCompile(`^Phần\s+(thứ\s+\p{L}+|[IVXLC]+|\d+)\s*[.:–-]?\s*(.*)$`)
	reChuong     = regexp.MustCompile(`^Chương\s+([IVXLC]+|\d+)\s*(?:[.:–-]\s*(.*)|$|\s+(\p{Lu}.*))$`)
	reMuc        = regexp.MustCompile(`^Mục\s+(\d+)\s*(?:[.:–-]\s*(.*)|$|\s+(\p{Lu}.*))$`)
	reDieu       = regexp.MustCompile(`^Điều\s+(\d+[a-zđ]?(?:\s*[–-]\s*\d+)?)\s*[.:]\s*(.*)$`)
	reKhoan      = regexp.MustCompile(`^(\d{1,3})\.\s+(\S.*)$`)
	reDiem       = regexp.MustCompile(`^([a-zđ])\)\s+(\S.*)$`)
	reGap        = regexp.MustCompile(`^\[(?:THIẾU|MISSING)[^\]]*\]$`)
	reHeadGap    = regexp.MustCompile(`^\[Điều\s+(\d+[a-zđ]?)\s*[–-][^\]]*thiếu[^\]]*\]$`)
	reNote       = regexp.MustCompile(`^#\s*([A-Za-z_]+)\s*:\s*(.*)$`)
	reMdHeading  = regexp.MustCompile(`^#{1,6}\s+(.*)$`)
	reBullet     = regexp.MustCompile(`^[-*+•]\s+`)
)

// kinds are the document kinds printed as a heading line, upper case.
var kindWords = []string{"LUẬT", "BỘ LUẬT", "NGHỊ ĐỊNH", "THÔNG TƯ", "QUYẾT ĐỊNH", "NGHỊ QUYẾT", "CHỈ THỊ", "KẾ HOẠCH", "QUY ĐỊNH", "QUY CHẾ", "HƯỚNG DẪN", "ĐIỀU LỆ", "THÔNG TƯ LIÊN TỊCH", "PHÁP LỆNH"}

// attachedKinds start an attached regulation when they follow the
// decision's own articles.
var attachedKinds = []string{"QUY ĐỊNH", "QUY CHẾ", "ĐIỀU LỆ", "HƯỚNG DẪN"}

// Parse reads one document file. name decides the format by its extension
// (.docx, .md/.markdown, anything else is plain text). An error means the
// file cannot be used at all (a broken DOCX, an invalid YAML header); what
// is merely odd goes into the report.
func Parse(name string, data []byte) (Document, FileReport, error) {
	rep := FileReport{File: name}
	ext := strings.ToLower(path.Ext(name))
	var text string
	switch ext {
	case ".docx":
		t, err := docxText(data)
		if err != nil {
			return Document{}, rep, fmt.Errorf("đọc tệp DOCX %s: %w", name, err)
		}
		text = t
	case ".doc", ".pdf":
		return Document{}, rep, configfile.Problems{{File: name, Msg: "định dạng chưa hỗ trợ; hãy lưu thành DOCX, TXT hoặc MD"}}
	default:
		text = string(data)
	}
	text = strings.TrimPrefix(NFC(text), "\uFEFF")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")

	doc := Document{File: name, Status: Unknown}
	lines := strings.Split(text, "\n")
	first := 0
	var fm frontMatter
	if len(lines) > 0 && strings.TrimSpace(lines[0]) == "---" {
		end := -1
		for i := 1; i < len(lines); i++ {
			if strings.TrimSpace(lines[i]) == "---" {
				end = i
				break
			}
		}
		if end < 0 {
			return Document{}, rep, configfile.Problems{{File: name, Line: 1, Msg: "phần đầu YAML mở bằng --- nhưng không có dòng --- đóng lại"}}
		}
		header := strings.Join(lines[1:end], "\n")
		// Line numbers of the header must match the file, so decode with
		// the opening "---" line kept as a blank line.
		ydoc, err := configfile.Decode(name, []byte("\n"+header+"\n"), &fm)
		if err != nil {
			return Document{}, rep, err
		}
		if probs := fm.validate(ydoc); len(probs) > 0 {
			return Document{}, rep, probs
		}
		fm.apply(&doc)
		first = end + 1
	}
	p := parser{doc: &doc, rep: &rep, markdown: ext == ".md" || ext == ".markdown", haveFM: first > 0}
	p.run(lines, first)
	p.finish()
	if doc.Status == "" {
		doc.Status = Unknown
	}
	rep.Number, rep.Title = doc.Number, doc.Title
	return doc, rep, nil
}

func (fm *frontMatter) validate(d *configfile.Doc) configfile.Problems {
	var ps configfile.Problems
	switch Status(fm.Status) {
	case "", InForce, Replaced, Unknown:
	default:
		ps = append(ps, d.Problem("$.status", "trạng thái %q không hợp lệ; chỉ dùng in_force, replaced hoặc unknown", fm.Status))
	}
	if Status(fm.Status) == Replaced && fm.ReplacedBy == "" {
		ps = append(ps, d.Problem("$.status", "văn bản đã bị thay thế cần ghi replaced_by (số hiệu văn bản thay thế)"))
	}
	if fm.Number != "" && DocKey(fm.Number) == "" {
		ps = append(ps, d.Problem("$.number", "số hiệu %q không đúng dạng, ví dụ 06/2022/QH15 hoặc 152/2025/NĐ-CP", fm.Number))
	}
	for i, r := range fm.Replaces {
		if DocKey(r) == "" {
			ps = append(ps, d.Problem(fmt.Sprintf("$.replaces[%d]", i), "số hiệu %q không đúng dạng", r))
		}
	}
	return ps
}

func (fm *frontMatter) apply(d *Document) {
	d.Number, d.Title, d.Short, d.Kind, d.Issuer = fm.Number, fm.Title, fm.Short, fm.Kind, fm.Issuer
	d.Signed, d.InForce, d.ReplacedBy, d.Source = fm.Signed, fm.InForce, fm.ReplacedBy, fm.Source
	d.Summary, d.Note, d.Replaces = fm.Summary, fm.Note, fm.Replaces
	if fm.Status != "" {
		d.Status = Status(fm.Status)
	}
	if d.Kind == "" && d.Title != "" {
		d.Kind = kindOfTitle(d.Title)
	}
}

// parser is the line-by-line state of one Parse call.
type parser struct {
	doc      *Document
	rep      *FileReport
	markdown bool
	haveFM   bool

	inHeader     bool // before the first structural line: reading number, date, title
	headerKind   string
	titleLines   []string
	issuerLines  []string
	sawNational  bool
	part         string
	partTitle    []string
	readingPart  bool
	phan         string
	chapter      string
	section      string
	pendingTitle *string // a chapter or section heading whose title is on the next line
	art          *Article
	closing      bool // after "Nơi nhận:" – signature block, not article text
	partArticles map[string]int
	preamble     []string
}

func (p *parser) run(lines []string, first int) {
	p.inHeader = true
	p.partArticles = map[string]int{}
	notes := true
	for i := first; i < len(lines); i++ {
		lineNo := i + 1
		raw := strings.TrimSpace(strings.Map(spaceMap, lines[i]))
		if raw == "" {
			continue
		}
		if notes {
			if m := reNote.FindStringSubmatch(raw); m != nil {
				p.note(strings.ToLower(m[1]), strings.TrimSpace(m[2]))
				continue
			}
			notes = false
		}
		line := raw
		heading := false
		if p.markdown {
			if m := reMdHeading.FindStringSubmatch(line); m != nil {
				line, heading = strings.TrimSpace(m[1]), true
			}
			line = strings.ReplaceAll(line, "**", "")
			if strings.HasPrefix(line, ">") {
				q := strings.TrimSpace(strings.TrimLeft(line, ">"))
				if p.art != nil && strings.HasPrefix(Fold(q), "chua kiem chung") {
					p.art.Uncertain = strings.TrimSpace(strings.TrimLeft(q[len("Chưa kiểm chứng"):], ":"))
					if p.art.Uncertain == "" {
						p.art.Uncertain = q
					}
					continue
				}
				line = q
			}
		}
		if b := reBullet.FindString(line); b != "" {
			rest := line[len(b):]
			if reKhoan.MatchString(rest) || reDiem.MatchString(rest) {
				line = rest
			}
		}
		p.line(lineNo, line, heading)
	}
}

func spaceMap(r rune) rune {
	if r == '\u00a0' || r == '\t' || r == '\u200b' {
		return ' '
	}
	return r
}

func (p *parser) note(key, val string) {
	p.doc.Notes = append(p.doc.Notes, key+": "+val)
	if key == "document" && !p.haveFM {
		p.noteDocument(val)
	}
	if key == "source" && p.doc.Source == "" {
		p.doc.Source = val
	}
}

var reNoteDoc = regexp.MustCompile(`^([^,]+),\s*(.+?)\s*\(([^()]+)\),\s*(\d{1,2}/\d{1,2}/\d{4})`)

// noteDocument reads the "# document: NUMBER, TITLE (ISSUER), DATE" note of
// the shared corpus; the printed heading still wins for the number.
func (p *parser) noteDocument(v string) {
	m := reNoteDoc.FindStringSubmatch(v)
	if m == nil {
		return
	}
	if DocKey(m[1]) != "" {
		p.doc.Number = strings.TrimSpace(m[1])
	}
	p.doc.Title = strings.TrimSpace(m[2])
	p.doc.Issuer = strings.TrimSpace(m[3])
	p.doc.Signed = normDate(m[4])
	p.doc.Kind = kindOfTitle(p.doc.Title)
}

func (p *parser) line(n int, line string, heading bool) {
	if p.inHeader && p.header(line) {
		return
	}
	if m := reHeadGap.FindStringSubmatch(line); m != nil {
		p.rep.Gaps = append(p.rep.Gaps, line)
		p.startArticle(n, m[1], "")
		p.art.Partial = true
		return
	}
	if reGap.MatchString(line) {
		p.rep.Gaps = append(p.rep.Gaps, strings.Trim(line, "[]"))
		// Only the article the gap names is incomplete; a gap that
		// swallows a chapter or section heading leaves the following
		// articles under an unknown one rather than the previous one.
		if p.art != nil && p.art.Number != "" && regexp.MustCompile(`Điều `+regexp.QuoteMeta(p.art.Number)+`\b`).MatchString(line) {
			p.art.Partial = true
		}
		if strings.Contains(line, "Chương") {
			p.chapter, p.section = "", ""
		} else if strings.Contains(line, "Mục") {
			p.section = ""
		}
		p.art = nil
		return
	}
	if f := Fold(line); strings.HasPrefix(f, "noi nhan") {
		p.closing, p.art = true, nil
		return
	}
	if p.readingPart {
		if isUpper(line) {
			p.partTitle = append(p.partTitle, line)
			return
		}
		if strings.HasPrefix(line, "(") {
			return // "(Ban hành kèm theo Quyết định số …)"
		}
		p.readingPart = false
	}
	if k := attachedKind(line); k != "" && len(p.rep.Parts) > 0 && len(p.rep.Parts[len(p.rep.Parts)-1].Articles) > 0 {
		p.readingPart, p.closing, p.art = true, false, nil
		p.partTitle = []string{line}
		p.part = "\x00" // named in finishPart once the title lines are read
		p.chapter, p.section, p.phan = "", "", ""
		return
	}
	if p.part == "\x00" {
		p.finishPart()
	}
	if m := rePhan.FindStringSubmatch(line); m != nil && (heading || !p.markdown) {
		p.phan = "Phần " + m[1]
		p.chapter, p.section = "", ""
		p.closing, p.art = false, nil
		if m[2] != "" {
			p.phan += ". " + titleCase(m[2])
		} else {
			p.pendingTitle = &p.phan
		}
		return
	}
	if m := reChuong.FindStringSubmatch(line); m != nil {
		p.rep.Chapters++
		p.chapter, p.section = "Chương "+m[1], ""
		p.closing, p.art = false, nil
		if t := m[2] + m[3]; t != "" {
			p.chapter += ". " + titleCase(t)
		} else {
			p.pendingTitle = &p.chapter
		}
		return
	}
	if m := reMuc.FindStringSubmatch(line); m != nil {
		p.section = "Mục " + m[1]
		p.closing, p.art = false, nil
		if t := m[2] + m[3]; t != "" {
			p.section += ". " + titleCase(t)
		} else {
			p.pendingTitle = &p.section
		}
		return
	}
	if p.pendingTitle != nil {
		t := p.pendingTitle
		p.pendingTitle = nil
		if isUpper(line) {
			*t += ". " + titleCase(line)
			return
		}
	}
	if m := reDieu.FindStringSubmatch(line); m != nil {
		p.closing = false
		p.startArticle(n, strings.Join(strings.Fields(m[1]), ""), m[2])
		return
	}
	if p.closing {
		return
	}
	if heading && p.markdown {
		// A Markdown heading that is not Điều/Chương starts an unnumbered
		// section, as summaries use for texts whose articles are unknown.
		p.startArticle(n, "", line)
		return
	}
	if p.art == nil {
		if p.articleCount() == 0 {
			p.preamble = append(p.preamble, line)
			return
		}
		p.rep.Unplaced = append(p.rep.Unplaced, Unplaced{Line: n, Text: line})
		return
	}
	p.body(line)
}

// header consumes the lines of an official heading (issuer, national motto,
// number, place and date, kind and title). It returns false when the line
// is not part of a heading, ending the header.
func (p *parser) header(line string) bool {
	f := Fold(line)
	switch {
	case reDieu.MatchString(line) || reChuong.MatchString(line) || rePhan.MatchString(line):
		p.endHeader()
		return false
	case strings.HasPrefix(f, "cong hoa xa hoi chu nghia viet nam"), strings.HasPrefix(f, "doc lap - tu do"), strings.HasPrefix(f, "doc lap – tu do"):
		p.sawNational = true
		return true
	case strings.Trim(line, "-—–_=* ") == "":
		return true
	}
	if m := reNumberLine.FindStringSubmatch(f); m != nil && p.headerKind == "" {
		// Take the number from the original line so it keeps its
		// diacritics ("QĐ-UBND"), at the same rune offset as in the fold.
		if i := strings.Index(line, ":"); i >= 0 {
			if fs := strings.Fields(line[i+1:]); len(fs) > 0 && !p.haveFM {
				p.doc.Number = strings.TrimRight(fs[0], ".,;")
			}
		}
		return true
	}
	if m := reDate.FindStringSubmatch(line); m != nil && p.headerKind == "" {
		if !p.haveFM && p.doc.Signed == "" {
			p.doc.Signed = normDate(m[1] + "/" + m[2] + "/" + m[3])
		}
		return true
	}
	if p.headerKind == "" {
		if k := kindLine(line); k != "" {
			p.headerKind = k
			return true
		}
		if isUpper(line) && !p.sawNational {
			p.issuerLines = append(p.issuerLines, line)
			return true
		}
		p.endHeader()
		return false
	}
	if isUpper(line) {
		p.titleLines = append(p.titleLines, line)
		return true
	}
	p.endHeader()
	return false
}

func (p *parser) endHeader() {
	if !p.inHeader {
		return
	}
	p.inHeader = false
	if p.haveFM {
		return
	}
	if p.headerKind != "" {
		kind := sentenceCase(p.headerKind)
		if p.doc.Kind == "" {
			p.doc.Kind = kind
		}
		if p.doc.Title == "" {
			t := kind
			if len(p.titleLines) > 0 {
				t += " " + strings.ToLower(strings.Join(p.titleLines, " "))
			}
			p.doc.Title = t
		}
	}
	if p.doc.Issuer == "" && len(p.issuerLines) > 0 {
		p.doc.Issuer = titleCase(strings.Join(p.issuerLines, " "))
	}
	if p.doc.Kind == "" && p.doc.Number != "" {
		p.doc.Kind = kindOfNumber(p.doc.Number)
	}
}

func (p *parser) finishPart() {
	t := strings.Join(p.partTitle, " ")
	name := sentenceCase(t)
	if rc := recoverCase(name, p.doc.Title); rc != "" {
		name = upperFirst(rc)
	}
	p.part = name
	p.partTitle = nil
}

func (p *parser) articleCount() int {
	n := 0
	for _, pr := range p.rep.Parts {
		n += len(pr.Articles)
	}
	return n
}

func (p *parser) startArticle(n int, num, title string) {
	if p.part == "\x00" {
		p.finishPart()
	}
	if p.inHeader {
		p.endHeader()
	}
	intro := ""
	title = strings.TrimSpace(title)
	// Decisions print "Điều 1. Ban hành kèm theo …." – a sentence, not a
	// title; a title never ends with a full stop.
	if strings.HasSuffix(title, ".") || strings.HasSuffix(title, "./.") || strings.HasSuffix(title, ";") {
		intro, title = title, ""
	}
	chapter := p.chapter
	if p.phan != "" {
		chapter = strings.TrimSpace(p.phan + " – " + chapter)
		chapter = strings.TrimSuffix(chapter, " –")
	}
	p.doc.Articles = append(p.doc.Articles, Article{
		Part: p.part, Chapter: chapter, Section: p.section, Number: num, Title: title, Intro: intro, Line: n,
		Summary: p.doc.Summary,
	})
	p.art = &p.doc.Articles[len(p.doc.Articles)-1]
	if num == "" {
		return
	}
	if len(p.rep.Parts) == 0 || p.rep.Parts[len(p.rep.Parts)-1].Name != p.part {
		p.rep.Parts = append(p.rep.Parts, PartReport{Name: p.part})
	}
	pr := &p.rep.Parts[len(p.rep.Parts)-1]
	key := p.part + "\x00" + num
	if prev, ok := p.partArticles[key]; ok {
		p.rep.Warnings = append(p.rep.Warnings, Warning{n, fmt.Sprintf("Điều %s lặp lại (đã có ở dòng %d)", num, prev)})
	}
	p.partArticles[key] = n
	pr.Articles = append(pr.Articles, num)
}

func (p *parser) body(line string) {
	a := p.art
	if strings.HasSuffix(line, "[…]") || strings.HasSuffix(line, "[...]") {
		a.Partial = true
	}
	if m := reKhoan.FindStringSubmatch(line); m != nil {
		a.Clauses = append(a.Clauses, Clause{Number: m[1], Text: m[2]})
		return
	}
	if m := reDiem.FindStringSubmatch(line); m != nil {
		if len(a.Clauses) == 0 {
			a.Clauses = append(a.Clauses, Clause{})
		}
		c := &a.Clauses[len(a.Clauses)-1]
		c.Points = append(c.Points, Point{Letter: m[1], Text: m[2]})
		return
	}
	switch {
	case len(a.Clauses) == 0:
		a.Intro = joinLine(a.Intro, line)
	default:
		c := &a.Clauses[len(a.Clauses)-1]
		if len(c.Points) > 0 {
			pt := &c.Points[len(c.Points)-1]
			pt.Text = joinLine(pt.Text, line)
		} else {
			c.Text = joinLine(c.Text, line)
		}
	}
}

func (p *parser) finish() {
	if p.inHeader {
		p.endHeader()
	}
	if p.part == "\x00" {
		p.finishPart()
	}
	p.doc.Preamble = strings.Join(p.preamble, "\n")
	if p.doc.Kind == "" && p.doc.Number != "" {
		p.doc.Kind = kindOfNumber(p.doc.Number)
	}
	p.doc.Replaces = append(p.doc.Replaces, replacedInText(p.doc)...)
	if p.doc.InForce == "" {
		p.doc.InForce = inForceInText(p.doc)
	}
	if len(p.doc.Articles) == 0 {
		p.rep.Warnings = append(p.rep.Warnings, Warning{0, "không tìm thấy điều nào (dòng bắt đầu bằng “Điều 1.”)"})
	}
	if p.doc.Number == "" && !p.haveFM {
		p.rep.Warnings = append(p.rep.Warnings, Warning{0, "không đọc được số hiệu văn bản (dòng “Số: …”); có thể ghi trong phần đầu YAML (number:)"})
	}
}

var reReplaces = regexp.MustCompile(`(?i)(?:thay thế|bãi bỏ)\s+(?:cho\s+)?(?:Luật|Nghị định|Thông tư|Quyết định|Nghị quyết|Chỉ thị)\s+(?:số\s+)?(\d{1,5}/\d{4}/[\p{L}\d-]+)`)

// replacedInText finds documents the text itself repeals or replaces in its
// own articles ("thay thế Nghị quyết số 32/2024/NQ-HĐND"), so that loading
// a newer text marks the older one replaced.
func replacedInText(d *Document) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range d.Replaces {
		seen[DocKey(r)] = true
	}
	for i := range d.Articles {
		a := &d.Articles[i]
		if a.Part != "" || a.Summary {
			continue
		}
		for _, m := range reReplaces.FindAllStringSubmatch(a.Text(), -1) {
			k := DocKey(m[1])
			if k != "" && !seen[k] && k != DocKey(d.Number) {
				seen[k] = true
				out = append(out, m[1])
			}
		}
	}
	return out
}

var reInForce = regexp.MustCompile(`có hiệu lực(?: thi hành)?(?: kể)? từ ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})`)

// inForceInText reads "có hiệu lực (thi hành) (kể) từ ngày …" from the
// document's own articles.
func inForceInText(d *Document) string {
	for i := range d.Articles {
		a := &d.Articles[i]
		if a.Part != "" || a.Summary {
			continue
		}
		if m := reInForce.FindStringSubmatch(a.Text()); m != nil {
			return normDate(m[1] + "/" + m[2] + "/" + m[3])
		}
	}
	return ""
}

func joinLine(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n" + b
}

func isUpper(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if unicode.IsLower(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

func kindLine(line string) string {
	for _, k := range kindWords {
		if line == k {
			return k
		}
	}
	return ""
}

func attachedKind(line string) string {
	for _, k := range attachedKinds {
		if line == k {
			return k
		}
	}
	return ""
}

func sentenceCase(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

func upperFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// titleCase turns an upper-case heading into sentence case.
func titleCase(s string) string {
	if isUpper(s) {
		return sentenceCase(s)
	}
	return strings.TrimSpace(s)
}

// recoverCase finds s case-insensitively inside ref and returns ref's
// spelling, so proper nouns keep their capitals ("tỉnh Bắc Ninh").
func recoverCase(s, ref string) string {
	lr, ls := strings.ToLower(ref), strings.ToLower(s)
	if len(lr) != len(ref) || ls == "" {
		return ""
	}
	if i := strings.Index(lr, ls); i >= 0 {
		return ref[i : i+len(ls)]
	}
	return ""
}

func normDate(s string) string {
	var d, m, y int
	if _, err := fmt.Sscanf(s, "%d/%d/%d", &d, &m, &y); err != nil {
		return s
	}
	return fmt.Sprintf("%02d/%02d/%04d", d, m, y)
}

func kindOfTitle(t string) string {
	f := Fold(t)
	for _, k := range kindWords {
		if strings.HasPrefix(f, Fold(k)) {
			return sentenceCase(k)
		}
	}
	return ""
}

func kindOfNumber(n string) string {
	f := Fold(n)
	switch {
	case strings.Contains(f, "/qh"):
		return "Luật"
	case strings.Contains(f, "nd-"):
		return "Nghị định"
	case strings.Contains(f, "tt-"):
		return "Thông tư"
	case strings.Contains(f, "qd-"):
		return "Quyết định"
	case strings.Contains(f, "nq-"):
		return "Nghị quyết"
	case strings.Contains(f, "ct/"), strings.Contains(f, "ct-"):
		return "Chỉ thị"
	case strings.Contains(f, "kh-"):
		return "Kế hoạch"
	}
	return ""
}

// docxText extracts the paragraphs of word/document.xml, one per line.
// Automatic list numbering is not rendered, so clause numbers typed by
// Word's numbering feature are lost; officially formatted texts type them.
func docxText(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fmt.Errorf("không phải tệp DOCX hợp lệ: %w", err)
	}
	var f *zip.File
	for _, zf := range zr.File {
		if zf.Name == "word/document.xml" {
			f = zf
		}
	}
	if f == nil {
		return "", errors.New("thiếu word/document.xml")
	}
	rc, err := f.Open()
	if err != nil {
		return "", err
	}
	defer rc.Close()
	// A DOCX body is small; the limit stops a zip bomb.
	dec := xml.NewDecoder(io.LimitReader(rc, 64<<20))
	var b strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("word/document.xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				b.WriteString(" ")
			case "br", "cr":
				b.WriteString("\n")
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				b.WriteString("\n")
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
	}
	return b.String(), nil
}

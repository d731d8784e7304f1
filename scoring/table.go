// Package scoring turns a cluster's scoring table, its units' plan targets and
// their monthly figures into interim points, totals, ranks and a Vietnamese
// explanation of every point, following the rules fixed in PRODUCT.md
// ("Scoring rules"). It is pure: no I/O, no clock; callers pass the period.
package scoring

import (
	"fmt"
	"math"

	"github.com/thiduabot/thiduabot/configfile"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/vi"
)

// Input kinds say how a criterion's monthly values make up a period value.
const (
	InputCumulative = "cumulative" // each month is already year to date
	InputMonthly    = "monthly"    // months add up
	InputLatest     = "latest"     // a snapshot; the latest month counts
	InputManual     = "manual"     // entered by the chair; like latest
)

// Rule kinds.
const (
	KindRatio          = "ratio"
	KindLowerBetter    = "lower_better"
	KindBands          = "bands"
	KindYesNo          = "yes_no"
	KindPerCount       = "per_count"
	KindDirect         = "direct"
	KindLeaderRelative = "leader_relative"
)

// SourceLateSubmissions marks a per_count criterion the bot counts itself
// (reports submitted after the deadline) and never asks a focal point for.
const SourceLateSubmissions = "late_submissions"

// Table is a scoring table (bảng chấm điểm) as written in scoring/<id>.yaml.
type Table struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// Year restricts the table to one year; 0 means it applies every year.
	Year int `yaml:"year,omitempty"`
	// TieBreak lists criterion ids compared, by unrounded points, when
	// rounded totals are equal.
	TieBreak []string `yaml:"tie_break,omitempty"`
	Groups   []Group  `yaml:"groups"`
}

// Group is a group of criteria (nhóm tiêu chí) with an optional cap.
type Group struct {
	ID       string      `yaml:"id"`
	Name     string      `yaml:"name"`
	Max      *float64    `yaml:"max,omitempty"` // nil: no cap
	Criteria []Criterion `yaml:"criteria"`
}

// Criterion is one scoring criterion (tiêu chí).
type Criterion struct {
	ID    string    `yaml:"id"`
	Name  string    `yaml:"name"`
	Unit  string    `yaml:"unit,omitempty"` // unit of measure shown with values: "tỷ đồng", "%"
	Input string    `yaml:"input"`
	Max   float64   `yaml:"max"`
	Range []float64 `yaml:"range,omitempty"` // [min, max] plausible values, for input warnings
	// Source, when set, says the bot computes the value itself; only
	// SourceLateSubmissions exists.
	Source string `yaml:"source,omitempty"`
	Rule   Rule   `yaml:"rule"`
}

// Rule is how a criterion's period value becomes points. Which fields are
// used depends on Kind; the others must be absent.
type Rule struct {
	Kind   string   `yaml:"kind"`
	Full   *float64 `yaml:"full,omitempty"`   // ratio (%), lower_better (value)
	Zero   *float64 `yaml:"zero,omitempty"`   // ratio (%), lower_better (value)
	Bonus  *Bonus   `yaml:"bonus,omitempty"`  // ratio
	Bands  []Band   `yaml:"bands,omitempty"`  // bands
	Points *float64 `yaml:"points,omitempty"` // per_count: points per occurrence
	Cap    *float64 `yaml:"cap,omitempty"`    // per_count: limit of the points
}

// Bonus adds Points for every Per percentage points above full, at most Cap.
type Bonus struct {
	Per    float64 `yaml:"per"`
	Points float64 `yaml:"points"`
	Cap    float64 `yaml:"cap"`
}

// Band gives Points to a value ≥ Min, or ≤ Max; exactly one of them is set.
type Band struct {
	Min    *float64 `yaml:"min,omitempty"`
	Max    *float64 `yaml:"max,omitempty"`
	Points float64  `yaml:"points"`
}

// Criteria lists the table's criteria in the order written.
func (t *Table) Criteria() []*Criterion {
	var cs []*Criterion
	for gi := range t.Groups {
		for ci := range t.Groups[gi].Criteria {
			cs = append(cs, &t.Groups[gi].Criteria[ci])
		}
	}
	return cs
}

// Criterion returns the criterion with id.
func (t *Table) Criterion(id string) (*Criterion, bool) {
	for gi := range t.Groups {
		for ci := range t.Groups[gi].Criteria {
			if t.Groups[gi].Criteria[ci].ID == id {
				return &t.Groups[gi].Criteria[ci], true
			}
		}
	}
	return nil, false
}

// AppliesTo reports whether the table may score the given year.
func (t *Table) AppliesTo(year int) bool { return t.Year == 0 || t.Year == year }

// MaxTotal is the sum of the groups' maxima (capped sums, bonuses included),
// the most a unit can score; it is what charts scale against.
func (t *Table) MaxTotal() float64 {
	total := 0.0
	for _, g := range t.Groups {
		sum := 0.0
		for _, c := range g.Criteria {
			sum += c.MaxPoints()
		}
		if g.Max != nil && *g.Max < sum {
			sum = *g.Max
		}
		total += sum
	}
	return total
}

// MaxPoints is the most the criterion can give, bonus included.
func (c *Criterion) MaxPoints() float64 {
	if c.Rule.Kind == KindRatio && c.Rule.Bonus != nil {
		return c.Max + c.Rule.Bonus.Cap
	}
	return c.Max
}

// NeedsTarget reports whether the rule compares the value with a plan target.
func (c *Criterion) NeedsTarget() bool {
	return c.Rule.Kind == KindRatio || c.Rule.Kind == KindLeaderRelative
}

// Asked reports whether focal points or chairs enter this criterion (false
// for values the bot computes itself).
func (c *Criterion) Asked() bool { return c.Source == "" }

// CheckValue says what is wrong with v as a submitted value of c, or "" when
// it is acceptable. It rejects what the rule cannot score (yes_no other than
// 0 or 1, a negative count); out-of-range values are only warnings, see
// Plausible.
func (c *Criterion) CheckValue(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "giá trị không phải là số"
	case c.Rule.Kind == KindYesNo && v != 0 && v != 1:
		return "tiêu chí có/không chỉ nhận 1 (có) hoặc 0 (không)"
	case c.Rule.Kind == KindPerCount && (v < 0 || v != math.Trunc(v)):
		return "số lần phải là số nguyên không âm"
	}
	return ""
}

// Plausible reports whether v lies within the criterion's range (always true
// without a range). Implausible values are accepted after confirmation.
func (c *Criterion) Plausible(v float64) bool {
	if len(c.Range) != 2 {
		return true
	}
	return v >= c.Range[0] && v <= c.Range[1]
}

// ParseTable decodes and validates one scoring table. Every problem found is
// returned as configfile.Problems, each with its file and line.
func ParseTable(name string, data []byte) (*Table, error) {
	var t Table
	doc, err := configfile.Decode(name, data, &t)
	if err != nil {
		return nil, err
	}
	if ps := t.validate(doc); len(ps) > 0 {
		return nil, ps
	}
	return &t, nil
}

func (t *Table) validate(doc *configfile.Doc) configfile.Problems {
	var ps configfile.Problems
	add := func(path, format string, args ...any) { ps = append(ps, doc.Problem(path, format, args...)) }
	switch {
	case t.ID == "":
		add("$", "bảng chấm điểm thiếu id")
	case !org.ValidID(t.ID):
		add("$.id", "id bảng %q không hợp lệ: chỉ dùng chữ thường không dấu, số, _ và -", t.ID)
	}
	if t.Name == "" {
		add("$", "bảng chấm điểm thiếu name (tên bảng)")
	}
	if t.Year != 0 && (t.Year < 2000 || t.Year > 2100) {
		add("$.year", "năm %d không hợp lệ (bỏ trống nếu bảng áp dụng mọi năm)", t.Year)
	}
	if len(t.Groups) == 0 {
		add("$.groups", "bảng chấm điểm chưa có nhóm tiêu chí nào trong groups")
	}
	groupAt := map[string]string{}
	critAt := map[string]string{}
	for gi, g := range t.Groups {
		gp := fmt.Sprintf("$.groups[%d]", gi)
		switch {
		case g.ID == "":
			add(gp, "nhóm tiêu chí thiếu id")
		case !org.ValidID(g.ID) && !org.ValidID(lower(g.ID)):
			add(gp+".id", "id nhóm %q không hợp lệ: chỉ dùng chữ, số, _ và -", g.ID)
		case groupAt[g.ID] != "":
			add(gp+".id", "id nhóm %q bị trùng (đã khai báo ở dòng %d)", g.ID, doc.Line(groupAt[g.ID]))
		default:
			groupAt[g.ID] = gp + ".id"
		}
		if g.Name == "" {
			add(gp, "nhóm %q thiếu name (tên nhóm)", g.ID)
		}
		if g.Max != nil && (*g.Max < 0 || !finite(*g.Max)) {
			add(gp+".max", "điểm tối đa của nhóm %q không được âm", g.ID)
		}
		if len(g.Criteria) == 0 {
			add(gp, "nhóm %q chưa có tiêu chí nào trong criteria", g.ID)
		}
		for ci := range g.Criteria {
			c := &g.Criteria[ci]
			cp := fmt.Sprintf("%s.criteria[%d]", gp, ci)
			switch {
			case c.ID == "":
				add(cp, "tiêu chí thiếu id")
			case !org.ValidID(c.ID):
				add(cp+".id", "id tiêu chí %q không hợp lệ: chỉ dùng chữ thường không dấu, số, _ và -", c.ID)
			case critAt[c.ID] != "":
				add(cp+".id", "id tiêu chí %q bị trùng (đã khai báo ở dòng %d); id phải khác nhau trong cả bảng", c.ID, doc.Line(critAt[c.ID]))
			default:
				critAt[c.ID] = cp + ".id"
			}
			ps = append(ps, c.validate(doc, cp)...)
		}
	}
	seen := map[string]bool{}
	for i, id := range t.TieBreak {
		p := fmt.Sprintf("$.tie_break[%d]", i)
		switch {
		case critAt[id] == "":
			add(p, "tie_break nêu tiêu chí %q không có trong bảng", id)
		case seen[id]:
			add(p, "tie_break nêu tiêu chí %q hai lần", id)
		}
		seen[id] = true
	}
	return ps
}

func (c *Criterion) validate(doc *configfile.Doc, cp string) configfile.Problems {
	var ps configfile.Problems
	add := func(path, format string, args ...any) { ps = append(ps, doc.Problem(path, format, args...)) }
	r := &c.Rule
	rp := cp + ".rule"
	if c.Name == "" {
		add(cp, "tiêu chí %q thiếu name (tên tiêu chí)", c.ID)
	}
	switch c.Input {
	case InputCumulative, InputMonthly, InputLatest, InputManual:
	case "":
		add(cp, "tiêu chí %q thiếu input (cumulative, monthly, latest hoặc manual)", c.ID)
	default:
		add(cp+".input", "input %q không được hỗ trợ; chỉ nhận cumulative, monthly, latest hoặc manual", c.Input)
	}
	if !finite(c.Max) {
		add(cp+".max", "max phải là một số")
	} else if c.Max < 0 {
		add(cp+".max", "điểm tối đa (max) của tiêu chí %q không được âm", c.ID)
	}
	if c.Range != nil {
		switch {
		case len(c.Range) != 2:
			add(cp+".range", "range cần đúng hai số [nhỏ nhất, lớn nhất]")
		case c.Range[0] > c.Range[1]:
			add(cp+".range", "range [%s, %s]: số đầu lớn hơn số sau", fnum(c.Range[0]), fnum(c.Range[1]))
		}
	}
	if c.Source != "" {
		if c.Source != SourceLateSubmissions {
			add(cp+".source", "source %q không được hỗ trợ; chỉ nhận %s", c.Source, SourceLateSubmissions)
		} else if r.Kind != KindPerCount {
			add(cp+".source", "source %s chỉ dùng cho tiêu chí loại per_count", SourceLateSubmissions)
		}
	}
	// Every number must be finite: YAML accepts .nan and .inf, which
	// would make points NaN or rules meaningless.
	nums := map[string]*float64{rp + ".full": r.Full, rp + ".zero": r.Zero, rp + ".points": r.Points, rp + ".cap": r.Cap}
	if r.Bonus != nil {
		nums[rp+".bonus.per"], nums[rp+".bonus.points"], nums[rp+".bonus.cap"] = &r.Bonus.Per, &r.Bonus.Points, &r.Bonus.Cap
	}
	for i := range r.Bands {
		bp := fmt.Sprintf("%s.bands[%d]", rp, i)
		nums[bp+".min"], nums[bp+".max"], nums[bp+".points"] = r.Bands[i].Min, r.Bands[i].Max, &r.Bands[i].Points
	}
	for i := range c.Range {
		nums[fmt.Sprintf("%s.range[%d]", cp, i)] = &c.Range[i]
	}
	for _, path := range sortedKeys(nums) {
		if v := nums[path]; v != nil && !finite(*v) {
			add(path, "giá trị phải là một số hữu hạn")
		}
	}
	// unused reports fields that the kind ignores, so a typo'd kind or a
	// copied rule does not silently lose its settings.
	unused := func(fields ...string) {
		for _, f := range fields {
			set := false
			switch f {
			case "full":
				set = r.Full != nil
			case "zero":
				set = r.Zero != nil
			case "bonus":
				set = r.Bonus != nil
			case "bands":
				set = r.Bands != nil
			case "points":
				set = r.Points != nil
			case "cap":
				set = r.Cap != nil
			}
			if set {
				add(rp+"."+f, "trường %s không dùng cho loại %s", f, r.Kind)
			}
		}
	}
	positiveMax := func() {
		if c.Max == 0 {
			add(cp+".max", "tiêu chí %q cần max lớn hơn 0", c.ID)
		}
	}
	switch r.Kind {
	case KindRatio, KindLowerBetter:
		positiveMax()
		if r.Full == nil {
			add(rp, "quy tắc %s cần full (mức đạt điểm tối đa)", r.Kind)
		}
		if r.Zero == nil {
			add(rp, "quy tắc %s cần zero (mức 0 điểm)", r.Kind)
		}
		if r.Full != nil && r.Zero != nil {
			f, z := *r.Full, *r.Zero
			switch {
			case f == z:
				add(rp+".full", "full và zero bằng nhau (%s): không chia được khoảng tuyến tính", fnum(f))
			case r.Kind == KindRatio && f < z:
				add(rp+".full", "với ratio, full (%s%%) phải lớn hơn zero (%s%%)", fnum(f), fnum(z))
			case r.Kind == KindLowerBetter && f > z:
				add(rp+".full", "với lower_better, full (%s) phải nhỏ hơn zero (%s)", fnum(f), fnum(z))
			}
		}
		if r.Kind == KindRatio && r.Bonus != nil {
			b := r.Bonus
			if !(b.Per > 0) {
				add(rp+".bonus.per", "bonus.per phải lớn hơn 0")
			}
			if !(b.Points > 0) {
				add(rp+".bonus.points", "bonus.points phải lớn hơn 0")
			}
			if !(b.Cap > 0) {
				add(rp+".bonus.cap", "bonus.cap phải lớn hơn 0")
			}
		}
		if r.Kind == KindRatio {
			unused("bands", "points", "cap")
		} else {
			unused("bonus", "bands", "points", "cap")
		}
	case KindBands:
		positiveMax()
		if len(r.Bands) == 0 {
			add(rp, "quy tắc bands cần ít nhất một mức trong bands")
		}
		ps = append(ps, c.validateBands(doc, rp)...)
		unused("full", "zero", "bonus", "points", "cap")
	case KindYesNo:
		positiveMax()
		if c.Input == InputMonthly || c.Input == InputCumulative {
			add(cp+".input", "tiêu chí có/không cần input latest hoặc manual")
		}
		unused("full", "zero", "bonus", "bands", "points", "cap")
	case KindDirect:
		positiveMax()
		unused("full", "zero", "bonus", "bands", "points", "cap")
	case KindLeaderRelative:
		positiveMax()
		unused("full", "zero", "bonus", "bands", "points", "cap")
	case KindPerCount:
		if c.Input == InputLatest {
			add(cp+".input", "tiêu chí đếm số lần cần input monthly (cộng các tháng), cumulative hoặc manual")
		}
		if r.Points == nil || *r.Points == 0 {
			add(rp, "quy tắc per_count cần points khác 0 (âm: trừ điểm, dương: cộng điểm)")
		}
		if r.Cap == nil {
			add(rp, "quy tắc per_count cần cap (giới hạn điểm)")
		}
		if r.Points != nil && r.Cap != nil && *r.Points != 0 {
			p, cp2 := *r.Points, *r.Cap
			switch {
			case p < 0 && cp2 >= 0:
				add(rp+".cap", "điểm trừ cần cap âm (ví dụ -10)")
			case p > 0 && cp2 <= 0:
				add(rp+".cap", "điểm cộng cần cap dương")
			case p < 0 && c.Max != 0:
				add(cp+".max", "tiêu chí trừ điểm %q phải có max: 0", c.ID)
			case p > 0 && c.Max != cp2:
				add(cp+".max", "tiêu chí cộng điểm %q phải có max bằng cap (%s)", c.ID, fnum(cp2))
			}
		}
		unused("full", "zero", "bonus", "bands")
	case "":
		add(rp, "quy tắc của tiêu chí %q thiếu kind", c.ID)
	default:
		add(rp+".kind", "loại quy tắc %q không được hỗ trợ; chỉ nhận ratio, lower_better, bands, yes_no, per_count, direct, leader_relative", r.Kind)
	}
	return ps
}

// validateBands checks that every band is reachable: with "first match wins",
// min bands must be written from the highest min down and max bands from the
// lowest max up, and a list mixes no kinds.
func (c *Criterion) validateBands(doc *configfile.Doc, rp string) configfile.Problems {
	var ps configfile.Problems
	add := func(path, format string, args ...any) { ps = append(ps, doc.Problem(path, format, args...)) }
	mins, maxs := 0, 0
	for i, b := range c.Rule.Bands {
		bp := fmt.Sprintf("%s.bands[%d]", rp, i)
		switch {
		case b.Min != nil && b.Max != nil:
			add(bp, "mỗi mức chỉ có min hoặc max, không có cả hai")
			continue
		case b.Min == nil && b.Max == nil:
			add(bp, "mức thiếu min hoặc max")
			continue
		case b.Min != nil:
			mins++
		default:
			maxs++
		}
		if b.Points < 0 || b.Points > c.Max {
			add(bp+".points", "điểm của mức (%s) phải nằm trong khoảng 0 đến max (%s)", fnum(b.Points), fnum(c.Max))
		}
	}
	if mins > 0 && maxs > 0 {
		add(rp+".bands", "danh sách mức không được trộn min và max")
		return ps
	}
	var prev *float64
	for i, b := range c.Rule.Bands {
		cur := b.Min
		if cur == nil {
			cur = b.Max
		}
		if cur == nil || (b.Min != nil && b.Max != nil) {
			continue
		}
		if prev != nil {
			bp := fmt.Sprintf("%s.bands[%d]", rp, i)
			if b.Min != nil && *cur >= *prev {
				add(bp+".min", "các mức sai thứ tự: min %s phải nhỏ hơn mức trước (%s), viết từ cao xuống thấp", fnum(*cur), fnum(*prev))
			}
			if b.Max != nil && *cur <= *prev {
				add(bp+".max", "các mức sai thứ tự: max %s phải lớn hơn mức trước (%s), viết từ thấp lên cao", fnum(*cur), fnum(*prev))
			}
		}
		prev = cur
	}
	return ps
}

// fnum shows a number from a config file back to its admin, Vietnamese style.
func fnum(f float64) string { return vi.Number(f, 6) }

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

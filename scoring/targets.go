package scoring

import (
	"fmt"
	"sort"
	"strings"

	"github.com/thiduabot/thiduabot/configfile"
	"github.com/thiduabot/thiduabot/org"
)

// TargetFile is one targets/*.yaml file: the plan targets (chỉ tiêu kế
// hoạch) of some units for one year, or, with Year 0, the default for every
// year that has no targets of its own for a unit and criterion.
type TargetFile struct {
	Name  string                       `yaml:"-"` // file name, for problems
	Year  int                          `yaml:"year,omitempty"`
	Units map[string]map[string]Target `yaml:"units"`
}

// Target is a unit's target for one criterion: the annual figure and,
// optionally, explicit targets for some periods ("2026-06") that replace
// proration.
type Target struct {
	Annual  float64            `yaml:"annual"`
	Periods map[string]float64 `yaml:"periods,omitempty"`

	noAnnual bool // written as a map without annual; ParseTargets reports it
}

// UnmarshalYAML accepts a bare number (the annual target) or
// {annual: N, periods: {"2026-06": M}}.
func (t *Target) UnmarshalYAML(unmarshal func(any) error) error {
	var n float64
	if err := unmarshal(&n); err == nil {
		*t = Target{Annual: n}
		return nil
	}
	var full struct {
		Annual  *float64           `yaml:"annual"`
		Periods map[string]float64 `yaml:"periods"`
	}
	if err := unmarshal(&full); err != nil {
		return err
	}
	if full.Annual == nil {
		*t = Target{Periods: full.Periods, noAnnual: true}
		return nil
	}
	*t = Target{Annual: *full.Annual, Periods: full.Periods}
	return nil
}

// ParseTargets decodes one targets file and checks what it can on its own
// (year, ids, period keys, signs). CheckTargets checks it against the org
// and the scoring tables.
func ParseTargets(name string, data []byte) (*TargetFile, *configfile.Doc, error) {
	var tf TargetFile
	doc, err := configfile.Decode(name, data, &tf)
	if err != nil {
		return nil, doc, err
	}
	tf.Name = name
	var ps configfile.Problems
	add := func(path, format string, args ...any) { ps = append(ps, doc.Problem(path, format, args...)) }
	if tf.Year != 0 && (tf.Year < 2000 || tf.Year > 2100) {
		add("$.year", "năm %d không hợp lệ (bỏ trống year nếu đây là chỉ tiêu mặc định cho mọi năm)", tf.Year)
	}
	if len(tf.Units) == 0 {
		add("$.units", "tệp chỉ tiêu chưa có đơn vị nào trong units")
	}
	for _, u := range sortedKeys(tf.Units) {
		up := "$.units." + u
		if !org.ValidID(u) {
			add(up, "id đơn vị %q không hợp lệ", u)
		}
		for _, c := range sortedKeys(tf.Units[u]) {
			cp := up + "." + c
			t := tf.Units[u][c]
			if !org.ValidID(c) {
				add(cp, "id tiêu chí %q không hợp lệ", c)
			}
			if t.noAnnual {
				add(cp, "chỉ tiêu của %s/%s cần annual (chỉ tiêu cả năm), ví dụ {annual: 9200, periods: {\"2026-06\": 4300}}", u, c)
			}
			if t.Annual < 0 || !finite(t.Annual) {
				add(cp, "chỉ tiêu của %s/%s không được âm", u, c)
			}
			for _, k := range sortedKeys(t.Periods) {
				kp := cp + ".periods." + k
				p, err := ParsePeriodKey(k)
				switch {
				case err != nil:
					add(kp, "kỳ %q không hợp lệ: viết dạng \"YYYY-MM\", ví dụ \"2026-06\"", k)
				case tf.Year == 0:
					add(kp, "tệp không có year (chỉ tiêu mặc định) không được ghi chỉ tiêu theo kỳ %s", k)
				case p.Year != tf.Year:
					add(kp, "kỳ %s không thuộc năm %d của tệp", k, tf.Year)
				}
				if v := t.Periods[k]; v < 0 || !finite(v) {
					add(kp, "chỉ tiêu kỳ %s không được âm", k)
				}
			}
		}
	}
	if len(ps) > 0 {
		return &tf, doc, ps
	}
	return &tf, doc, nil
}

// CheckTargets checks a targets file against the org and the scoring tables
// (keyed by table id): unknown units, criteria that are not in the unit's
// cluster table or take no target, zero targets where a ratio divides by
// them, and, for every unit the file lists, a missing target for a ratio
// or leader_relative criterion.
func CheckTargets(tf *TargetFile, doc *configfile.Doc, o *org.Config, tables map[string]*Table) configfile.Problems {
	var ps configfile.Problems
	add := func(path, format string, args ...any) { ps = append(ps, doc.Problem(path, format, args...)) }
	for _, u := range sortedKeys(tf.Units) {
		up := "$.units." + u
		_, cl, ok := o.Unit(u)
		if !ok {
			add(up, "đơn vị %q không có trong org.yaml", u)
			continue
		}
		t := tables[cl.Scoring]
		if t == nil {
			continue // the org check reports the unknown table
		}
		if tf.Year != 0 && !t.AppliesTo(tf.Year) {
			add("$.year", "bảng chấm điểm %q của cụm %q chỉ áp dụng năm %d, không phải năm %d", t.ID, cl.ID, t.Year, tf.Year)
		}
		for _, c := range sortedKeys(tf.Units[u]) {
			cp := up + "." + c
			crit, ok := t.Criterion(c)
			switch {
			case !ok:
				add(cp, "tiêu chí %q không có trong bảng chấm điểm %q của cụm %q", c, t.ID, cl.ID)
			case !crit.NeedsTarget():
				add(cp, "tiêu chí %q (loại %s) không dùng chỉ tiêu; bỏ dòng này", c, crit.Rule.Kind)
			default:
				tg := tf.Units[u][c]
				if tg.Annual == 0 {
					add(cp, "chỉ tiêu của %s/%s bằng 0: không tính được tỷ lệ hoàn thành", u, c)
				}
				for _, k := range sortedKeys(tg.Periods) {
					if tg.Periods[k] == 0 {
						add(cp+".periods."+k, "chỉ tiêu kỳ %s bằng 0: không tính được tỷ lệ hoàn thành", k)
					}
				}
			}
		}
		for _, crit := range t.Criteria() {
			if _, ok := tf.Units[u][crit.ID]; crit.NeedsTarget() && !ok {
				add(up, "đơn vị %q thiếu chỉ tiêu cho tiêu chí %q (%s)", u, crit.ID, crit.Name)
			}
		}
	}
	return ps
}

// CheckTargetFiles checks a whole set of targets files: the same unit and
// criterion given twice for one year, and units whose ratio or
// leader_relative criteria have no target for a year that has targets
// files, nor a default in a file without year. docs[i] belongs to files[i].
func CheckTargetFiles(files []*TargetFile, docs []*configfile.Doc, o *org.Config, tables map[string]*Table) configfile.Problems {
	var ps configfile.Problems
	type key struct {
		year       int
		unit, crit string
	}
	at := map[key]string{}
	years := map[int]int{} // year → index of its first file
	for i, f := range files {
		if _, ok := years[f.Year]; !ok {
			years[f.Year] = i
		}
		for _, u := range sortedKeys(f.Units) {
			for _, c := range sortedKeys(f.Units[u]) {
				k := key{f.Year, u, c}
				path := "$.units." + u + "." + c
				if prev, ok := at[k]; ok {
					ps = append(ps, docs[i].Problem(path, "chỉ tiêu %s/%s đã được khai báo ở %s", u, c, prev))
					continue
				}
				at[k] = fmt.Sprintf("%s:%d", f.Name, docs[i].Line(path))
			}
		}
	}
	ts := NewTargets(files)
	for _, y := range sortedKeys(years) {
		first := files[years[y]]
		for _, cl := range o.Clusters {
			t := tables[cl.Scoring]
			if t == nil || (y != 0 && !t.AppliesTo(y)) {
				continue
			}
			for _, u := range cl.Units {
				var missing []string
				for _, c := range t.Criteria() {
					if _, ok := ts.Get(y, u.ID, c.ID); c.NeedsTarget() && !ok {
						missing = append(missing, c.ID)
					}
				}
				if len(missing) > 0 {
					yearText := "mặc định (không có year)"
					if y != 0 {
						yearText = fmt.Sprintf("năm %d", y)
					}
					ps = append(ps, docs[years[y]].Problem("$.units", "đơn vị %q chưa có chỉ tiêu %s cho: %s (tệp %s)",
						u.ID, yearText, strings.Join(missing, ", "), first.Name))
				}
			}
		}
	}
	return ps
}

// Targets answers "what is this unit's target for this criterion in this
// year", preferring files of that year and falling back, per unit and
// criterion, to the files without year.
type Targets struct {
	byYear map[int]map[string]map[string]Target // year 0: the defaults
}

// NewTargets merges files; when two give the same year, unit and criterion
// the first wins (CheckTargetFiles reports it).
func NewTargets(files []*TargetFile) *Targets {
	ts := &Targets{byYear: map[int]map[string]map[string]Target{}}
	for _, f := range files {
		units := ts.byYear[f.Year]
		if units == nil {
			units = map[string]map[string]Target{}
			ts.byYear[f.Year] = units
		}
		for u, crits := range f.Units {
			if units[u] == nil {
				units[u] = map[string]Target{}
			}
			for c, t := range crits {
				if _, dup := units[u][c]; !dup {
					units[u][c] = t
				}
			}
		}
	}
	return ts
}

// Get returns the unit's target for the criterion in year.
func (ts *Targets) Get(year int, unit, criterion string) (Target, bool) {
	if ts == nil {
		return Target{}, false
	}
	if t, ok := ts.byYear[year][unit][criterion]; ok {
		return t, true
	}
	t, ok := ts.byYear[0][unit][criterion]
	return t, ok
}

// Set records a target; it lets tests and tools build Targets without files.
// HasYear reports whether a targets file for year itself (not the
// defaults) was loaded.
func (ts *Targets) HasYear(year int) bool {
	return ts != nil && len(ts.byYear[year]) > 0
}

func (ts *Targets) Set(year int, unit, criterion string, t Target) {
	if ts.byYear == nil {
		ts.byYear = map[int]map[string]map[string]Target{}
	}
	if ts.byYear[year] == nil {
		ts.byYear[year] = map[string]map[string]Target{}
	}
	if ts.byYear[year][unit] == nil {
		ts.byYear[year][unit] = map[string]Target{}
	}
	ts.byYear[year][unit][criterion] = t
}

// Basis says where a period target came from, for explanations.
type Basis uint8

// Target bases.
const (
	BasisAnnual   Basis = iota // the annual target as written (latest, manual)
	BasisProrated              // annual · m / 12 (cumulative, monthly)
	BasisPeriod                // an explicit target for the period
)

// For returns the target that applies to period p for a criterion with the
// given input kind: an explicit period target if there is one, else the
// annual target, prorated by months elapsed for cumulative and monthly
// inputs.
func (t Target) For(p Period, input string) (float64, Basis) {
	if len(t.Periods) > 0 {
		if v, ok := t.Periods[p.Key()]; ok {
			return v, BasisPeriod
		}
	}
	if (input == InputCumulative || input == InputMonthly) && p.Month != 12 {
		return t.Annual * float64(p.Month) / 12, BasisProrated
	}
	if input == InputCumulative || input == InputMonthly {
		return t.Annual, BasisProrated
	}
	return t.Annual, BasisAnnual
}

func sortedKeys[K interface{ ~string | ~int }, V any](m map[K]V) []K {
	ks := make([]K, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i] < ks[j] })
	return ks
}

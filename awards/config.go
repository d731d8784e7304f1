// Package awards is a cluster's award season: the award rules of
// awards.yaml, each unit's eligibility computed from the year's stored
// figures with the reason for every "no", and the warnings the council
// staff look for in a proposal — nominees chosen by rotation rather than
// merit, and nominees whose record is thin. It is pure: the caller reads the
// reports and the scores and hands them in.
package awards

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/configfile"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/scoring"
)

// Config is a parsed, validated awards.yaml.
type Config struct {
	// Through is the last month of the evaluation period: the season scores
	// January through Through (November when the vote is in early December).
	Through time.Month
	Awards  []Award
	// Past holds the awards units received in earlier years (and this year's
	// once decided), by award id, then year, then unit id.
	Past []Past
	// Voters names, by unit, the Telegram user id who casts the unit's
	// ballot; a unit not named votes through its focal point.
	Voters map[string]int64
}

// Award is one distinction the cluster proposes units for.
type Award struct {
	ID       string
	Name     string
	Clusters []string // empty: every cluster
	// Slots is how many units the cluster may propose.
	Slots int
	// Dossier is the id of the calendar.yaml dossier that holds the award's
	// checklist, deadline and audience ("" when none).
	Dossier string
	// Template is the achievement report's template: TemplateCollective or
	// TemplateGovernmentFlag.
	Template   string
	Conditions Conditions
	Vote       Vote
}

// Report templates.
const (
	TemplateCollective     = "collective"      // báo cáo thành tích tập thể
	TemplateGovernmentFlag = "government_flag" // đề nghị Cờ thi đua của Chính phủ
)

// Conditions are the award's conditions that the stored data can check.
// A zero field is no condition.
type Conditions struct {
	MaxRank        int     // final rank ≤ MaxRank
	MinTotal       float64 // total ≥ MinTotal
	HasMinTotal    bool
	NoMissingMonth bool // a confirmed report for every month of the period
	MaxLate        int  // at most MaxLate late reports
	HasMaxLate     bool
	// NoPenalty names penalty criteria (e.g. vi_pham) under which no value
	// may be recorded during the period.
	NoPenalty []string
	// Requires lists awards the unit must have received in each of the
	// Years years before the season's year.
	Requires []Prerequisite
}

// Prerequisite is an award held in each of the Years years before.
type Prerequisite struct {
	Award string
	Years int
}

// Vote is how the cluster's vote decides.
type Vote struct {
	// Threshold is the share, in percent, of the votes a candidate needs:
	// of every member unit (Of = OfMembers) or of the units that voted
	// (OfVoting).
	Threshold float64
	Of        string
	// Quorum is the share, in percent, of member units that must vote.
	Quorum float64
}

// Bases of the vote threshold.
const (
	OfMembers = "members"
	OfVoting  = "voting"
)

// Past is one award a unit received.
type Past struct {
	Award string
	Year  int
	Unit  string
}

// Award returns the award with id.
func (c *Config) Award(id string) (*Award, bool) {
	for i := range c.Awards {
		if c.Awards[i].ID == id {
			return &c.Awards[i], true
		}
	}
	return nil, false
}

// For returns the awards that apply to cluster.
func (c *Config) For(cluster string) []*Award {
	var out []*Award
	for i := range c.Awards {
		a := &c.Awards[i]
		if len(a.Clusters) == 0 || contains(a.Clusters, cluster) {
			out = append(out, a)
		}
	}
	return out
}

// Held reports whether unit received award in year.
func (c *Config) Held(award, unit string, year int) bool {
	for _, p := range c.Past {
		if p.Award == award && p.Unit == unit && p.Year == year {
			return true
		}
	}
	return false
}

// Holders returns the units that received award in year, sorted.
func (c *Config) Holders(award string, year int) []string {
	var out []string
	for _, p := range c.Past {
		if p.Award == award && p.Year == year {
			out = append(out, p.Unit)
		}
	}
	sort.Strings(out)
	return out
}

// UnitPast returns the awards unit received, oldest first.
func (c *Config) UnitPast(unit string) []Past {
	var out []Past
	for _, p := range c.Past {
		if p.Unit == unit {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out
}

// Months lists the months of the evaluation period.
func (c *Config) Months() []time.Month {
	out := make([]time.Month, 0, c.Through)
	for m := time.January; m <= c.Through; m++ {
		out = append(out, m)
	}
	return out
}

// --- YAML ---

type configYAML struct {
	Period *struct {
		Through int `yaml:"through"`
	} `yaml:"period"`
	Awards  []awardYAML      `yaml:"awards"`
	Voters  map[string]int64 `yaml:"voters"`
	History []struct {
		Year  int      `yaml:"year"`
		Award string   `yaml:"award"`
		Units []string `yaml:"units"`
	} `yaml:"history"`
}

type awardYAML struct {
	ID         string   `yaml:"id"`
	Name       string   `yaml:"name"`
	Clusters   []string `yaml:"clusters"`
	Slots      *int     `yaml:"slots"`
	Dossier    string   `yaml:"dossier"`
	Template   string   `yaml:"template"`
	Conditions *struct {
		MaxRank        *int     `yaml:"max_rank"`
		MinTotal       *float64 `yaml:"min_total"`
		NoMissingMonth bool     `yaml:"no_missing_month"`
		MaxLate        *int     `yaml:"max_late"`
		NoPenalty      []string `yaml:"no_penalty"`
		Requires       []struct {
			Award string `yaml:"award"`
			Years *int   `yaml:"years"`
		} `yaml:"requires"`
	} `yaml:"conditions"`
	Vote *struct {
		Threshold *float64 `yaml:"threshold"`
		Of        string   `yaml:"of"`
		Quorum    *float64 `yaml:"quorum"`
	} `yaml:"vote"`
}

// Parse decodes and validates awards.yaml. name is the file name shown in
// problems; o is the validated org; tables gives each cluster's scoring
// table (for penalty criteria); cal is the calendar (nil when the folder has
// none), whose dossiers the awards name. Errors are configfile.Problems.
func Parse(name string, data []byte, o *org.Config, tables map[string]*scoring.Table, cal *reminders.Calendar) (*Config, error) {
	if o == nil {
		o = &org.Config{}
	}
	var y configYAML
	doc, err := configfile.Decode(name, data, &y)
	if err != nil {
		return nil, err
	}
	var ps configfile.Problems
	add := func(path, format string, args ...any) { ps = append(ps, doc.Problem(path, format, args...)) }

	c := &Config{Through: time.November}
	if y.Period != nil {
		if y.Period.Through < 1 || y.Period.Through > 12 {
			add("$.period.through", "period.through phải là tháng từ 1 đến 12 (tháng cuối của kỳ xét), không phải %d", y.Period.Through)
		} else {
			c.Through = time.Month(y.Period.Through)
		}
	}
	if len(y.Awards) == 0 {
		add("$", "awards.yaml cần ít nhất một hình thức khen thưởng trong awards:")
	}
	seen := map[string]int{}
	for i, a := range y.Awards {
		path := fmt.Sprintf("$.awards[%d]", i)
		aw := Award{ID: a.ID, Name: strings.TrimSpace(a.Name), Clusters: a.Clusters, Dossier: a.Dossier, Template: a.Template, Slots: 1}
		switch {
		case a.ID == "":
			add(path, "hình thức khen thưởng thiếu id")
		case !org.ValidID(a.ID):
			add(path+".id", "id %q không hợp lệ: chỉ dùng chữ thường không dấu, số, '_' hoặc '-'", a.ID)
		default:
			if line, dup := seen[a.ID]; dup {
				add(path+".id", "id %q bị trùng (đã khai báo ở dòng %d)", a.ID, line)
			}
			seen[a.ID] = doc.Line(path + ".id")
		}
		if aw.Name == "" {
			add(path, "hình thức khen thưởng %q thiếu name (tên hiển thị)", a.ID)
		}
		for j, cl := range a.Clusters {
			if _, ok := o.Cluster(cl); !ok {
				add(fmt.Sprintf("%s.clusters[%d]", path, j), "cụm %q không có trong org.yaml", cl)
			}
		}
		if a.Slots != nil {
			aw.Slots = *a.Slots
			if aw.Slots < 1 || aw.Slots > 100 {
				add(path+".slots", "slots (số đơn vị được đề nghị) phải từ 1 đến 100, không phải %d", aw.Slots)
			}
		}
		switch aw.Template {
		case "":
			aw.Template = TemplateCollective
		case TemplateCollective, TemplateGovernmentFlag:
		default:
			add(path+".template", "template %q không hợp lệ: dùng collective (báo cáo thành tích tập thể) hoặc government_flag (Cờ thi đua của Chính phủ)", aw.Template)
		}
		if aw.Dossier != "" {
			switch {
			case cal == nil:
				add(path+".dossier", "dossier %q cần tệp calendar.yaml có mục dossiers với id này", aw.Dossier)
			case !hasDossier(cal, aw.Dossier):
				add(path+".dossier", "dossier %q không có trong dossiers của calendar.yaml", aw.Dossier)
			}
		}
		if k := a.Conditions; k != nil {
			cp := path + ".conditions"
			if k.MaxRank != nil {
				aw.Conditions.MaxRank = *k.MaxRank
				if *k.MaxRank < 1 {
					add(cp+".max_rank", "max_rank phải từ 1 trở lên")
				}
			}
			if k.MinTotal != nil {
				aw.Conditions.MinTotal, aw.Conditions.HasMinTotal = *k.MinTotal, true
				if math.IsNaN(*k.MinTotal) || math.IsInf(*k.MinTotal, 0) {
					add(cp+".min_total", "min_total phải là một số")
				}
			}
			aw.Conditions.NoMissingMonth = k.NoMissingMonth
			if k.MaxLate != nil {
				aw.Conditions.MaxLate, aw.Conditions.HasMaxLate = *k.MaxLate, true
				if *k.MaxLate < 0 {
					add(cp+".max_late", "max_late không được âm")
				}
			}
			for j, crit := range k.NoPenalty {
				aw.Conditions.NoPenalty = append(aw.Conditions.NoPenalty, crit)
				if !criterionKnown(o, tables, aw.Clusters, crit) {
					add(fmt.Sprintf("%s.no_penalty[%d]", cp, j), "tiêu chí %q không có trong bảng chấm điểm của cụm áp dụng", crit)
				}
			}
			for j, r := range k.Requires {
				rp := fmt.Sprintf("%s.requires[%d]", cp, j)
				pr := Prerequisite{Award: r.Award, Years: 1}
				if r.Years != nil {
					pr.Years = *r.Years
				}
				if pr.Years < 1 || pr.Years > 10 {
					add(rp+".years", "years phải từ 1 đến 10")
				}
				if !declared(y.Awards, r.Award) {
					add(rp+".award", "hình thức khen thưởng %q chưa được khai báo trong awards:", r.Award)
				} else if r.Award == a.ID {
					add(rp+".award", "hình thức %q không thể là điều kiện của chính nó", r.Award)
				}
				aw.Conditions.Requires = append(aw.Conditions.Requires, pr)
			}
		}
		aw.Vote = Vote{Threshold: 50, Of: OfMembers}
		if v := a.Vote; v != nil {
			vp := path + ".vote"
			if v.Threshold != nil {
				aw.Vote.Threshold = *v.Threshold
			}
			if !(aw.Vote.Threshold > 0 && aw.Vote.Threshold <= 100) {
				add(vp+".threshold", "threshold là tỷ lệ phiếu tính bằng %%, lớn hơn 0 và không quá 100")
			}
			switch v.Of {
			case "":
			case OfMembers, OfVoting:
				aw.Vote.Of = v.Of
			default:
				add(vp+".of", "of %q không hợp lệ: dùng members (trên tổng số đơn vị thành viên) hoặc voting (trên số đơn vị tham gia bỏ phiếu)", v.Of)
			}
			if v.Quorum != nil {
				aw.Vote.Quorum = *v.Quorum
				if !(aw.Vote.Quorum >= 0 && aw.Vote.Quorum <= 100) {
					add(vp+".quorum", "quorum là tỷ lệ đơn vị tham gia tính bằng %%, từ 0 đến 100")
				}
			}
		}
		c.Awards = append(c.Awards, aw)
	}
	for i, h := range y.History {
		path := fmt.Sprintf("$.history[%d]", i)
		if h.Year < 2000 || h.Year > 2100 {
			add(path+".year", "năm %d không hợp lệ", h.Year)
		}
		if !declared(y.Awards, h.Award) {
			add(path+".award", "hình thức khen thưởng %q chưa được khai báo trong awards:", h.Award)
		}
		if len(h.Units) == 0 {
			add(path, "mục lịch sử năm %d thiếu units", h.Year)
		}
		for j, u := range h.Units {
			if _, _, ok := o.Unit(u); !ok {
				add(fmt.Sprintf("%s.units[%d]", path, j), "đơn vị %q không có trong org.yaml", u)
				continue
			}
			c.Past = append(c.Past, Past{Award: h.Award, Year: h.Year, Unit: u})
		}
	}
	for _, u := range sortedUnits(y.Voters) {
		if _, _, ok := o.Unit(u); !ok {
			add("$.voters."+u, "đơn vị %q không có trong org.yaml", u)
		} else if y.Voters[u] <= 0 {
			add("$.voters."+u, "người bỏ phiếu của %q cần là mã người dùng Telegram (số dương)", u)
		}
	}
	c.Voters = y.Voters
	if len(ps) > 0 {
		ps.Sort()
		return nil, ps
	}
	return c, nil
}

func sortedUnits(m map[string]int64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func hasDossier(cal *reminders.Calendar, id string) bool {
	for _, d := range cal.Dossiers {
		if d.ID == id {
			return true
		}
	}
	return false
}

// Dossier returns the calendar dossier of award a, if any.
func (a *Award) DossierIn(cal *reminders.Calendar) (*reminders.Dossier, bool) {
	if cal == nil || a.Dossier == "" {
		return nil, false
	}
	for i := range cal.Dossiers {
		if cal.Dossiers[i].ID == a.Dossier {
			return &cal.Dossiers[i], true
		}
	}
	return nil, false
}

func declared(awards []awardYAML, id string) bool {
	for _, a := range awards {
		if a.ID == id {
			return true
		}
	}
	return false
}

func criterionKnown(o *org.Config, tables map[string]*scoring.Table, clusters []string, crit string) bool {
	checked := false
	for _, cl := range o.Clusters {
		if len(clusters) > 0 && !contains(clusters, cl.ID) {
			continue
		}
		t := tables[cl.Scoring]
		if t == nil {
			continue
		}
		checked = true
		if _, ok := t.Criterion(crit); !ok {
			return false
		}
	}
	return checked || len(tables) == 0
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

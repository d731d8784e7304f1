package awards

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/submissions"
	"github.com/thiduabot/thiduabot/vi"
)

// Input is what a season's evaluation reads: the cluster's scores over the
// evaluation period and the year's stored reports.
type Input struct {
	Cluster *org.Cluster
	Year    int
	// Result is the cluster's ranking for January through Config.Through.
	Result *scoring.Result
	// Reports are the cluster's stored reports of Year (any month).
	Reports []submissions.Report
	// Nominees are the units the chair proposes, by award id.
	Nominees map[string][]string
}

// Season is a cluster's award season: the ranking and, per award, every
// unit's eligibility and the warnings on the proposal.
type Season struct {
	Cluster *org.Cluster
	Year    int
	Months  []time.Month
	Result  *scoring.Result
	Awards  []AwardResult
}

// AwardResult is one award's candidates (in rank order) and warnings.
type AwardResult struct {
	Award      *Award
	Candidates []Candidate
	Nominees   []string
	Warnings   []Warning
}

// Candidate is one unit's standing for an award.
type Candidate struct {
	Unit, Name string
	Rank       int // 0 when the unit has no data in the period
	Total      float64
	Eligible   bool
	Reasons    []string // why not, one per failed condition
	Missing    []time.Month
	Late       []time.Month
}

// Warning kinds.
const (
	WarnRotation   = "rotation"
	WarnIneligible = "ineligible"
	WarnThin       = "thin_record"
	WarnTie        = "tie" // units tied across the cut line of the slots
)

// Warning is a concern about a nominee, with the principle it rests on.
type Warning struct {
	Kind, Unit, Text string
}

// Candidate returns the candidate for unit.
func (r *AwardResult) Candidate(unit string) (*Candidate, bool) {
	for i := range r.Candidates {
		if r.Candidates[i].Unit == unit {
			return &r.Candidates[i], true
		}
	}
	return nil, false
}

// Top returns the units that may be proposed on merit: the eligible units in
// rank order, the first Slots of them and any tied with the last.
func (r *AwardResult) Top() []Candidate {
	var out []Candidate
	for _, c := range r.Candidates {
		if !c.Eligible {
			continue
		}
		if len(out) >= r.Award.Slots && c.Rank != out[len(out)-1].Rank {
			break
		}
		out = append(out, c)
	}
	return out
}

// Evaluate computes the season of in.Cluster.
func (c *Config) Evaluate(in Input) (*Season, error) {
	if in.Result == nil || in.Cluster == nil {
		return nil, fmt.Errorf("awards: evaluate needs a cluster and its ranking")
	}
	if in.Result.Period != (scoring.Period{Year: in.Year, Month: c.Through}) {
		return nil, fmt.Errorf("awards: ranking of %s, want %04d-%02d", in.Result.Period, in.Year, c.Through)
	}
	s := &Season{Cluster: in.Cluster, Year: in.Year, Months: c.Months(), Result: in.Result}
	rec := c.records(in)
	for _, a := range c.For(in.Cluster.ID) {
		ar := AwardResult{Award: a, Nominees: in.Nominees[a.ID]}
		for _, u := range in.Result.Units {
			ar.Candidates = append(ar.Candidates, c.candidate(a, in, u, rec[u.ID]))
		}
		ar.Warnings = c.warnings(&ar, in.Year)
		s.Awards = append(s.Awards, ar)
	}
	return s, nil
}

// record is what the reports say about one unit over the period.
type record struct {
	confirmed map[time.Month]bool
	late      []time.Month
	// penalties: criterion id → months with a non-zero value
	penalties map[string][]time.Month
}

func (c *Config) records(in Input) map[string]*record {
	out := map[string]*record{}
	for _, r := range in.Reports {
		if r.Period.Year != in.Year || r.Period.Month > c.Through {
			continue
		}
		rc := out[r.Unit]
		if rc == nil {
			rc = &record{confirmed: map[time.Month]bool{}, penalties: map[string][]time.Month{}}
			out[r.Unit] = rc
		}
		if r.Confirmed() {
			rc.confirmed[r.Period.Month] = true
			if r.Late {
				rc.late = append(rc.late, r.Period.Month)
			}
		}
		for id, e := range r.Values {
			if e.State == submissions.StateValue && e.Value != 0 {
				rc.penalties[id] = append(rc.penalties[id], r.Period.Month)
			}
		}
	}
	for _, rc := range out {
		sortMonths(rc.late)
		for _, ms := range rc.penalties {
			sortMonths(ms)
		}
	}
	return out
}

func (c *Config) candidate(a *Award, in Input, u scoring.UnitResult, rc *record) Candidate {
	cd := Candidate{Unit: u.ID, Name: u.Name, Total: u.Total, Rank: u.Rank}
	if rc == nil {
		rc = &record{confirmed: map[time.Month]bool{}, penalties: map[string][]time.Month{}}
	}
	for _, m := range c.Months() {
		if !rc.confirmed[m] {
			cd.Missing = append(cd.Missing, m)
		}
	}
	cd.Late = rc.late
	if len(rc.confirmed) == 0 || u.NoData {
		// Without a single report, or a single figure, the unit is not
		// ranked on merit (/xephang lists it apart too).
		cd.Rank = 0
		cd.Reasons = append(cd.Reasons, msg.AwardReasonNoData)
	}
	k := a.Conditions
	if k.MaxRank > 0 && cd.Rank > k.MaxRank {
		cd.Reasons = append(cd.Reasons, msg.AwardReasonRank(cd.Rank, k.MaxRank))
	}
	if k.HasMinTotal && cd.Total < k.MinTotal {
		cd.Reasons = append(cd.Reasons, fmt.Sprintf(msg.AwardReasonTotal, vi.Fixed(cd.Total, 2), vi.Number(k.MinTotal, 2)))
	}
	if k.NoMissingMonth && len(cd.Missing) > 0 && len(rc.confirmed) > 0 {
		cd.Reasons = append(cd.Reasons, fmt.Sprintf(msg.AwardReasonMissing, monthList(cd.Missing)))
	}
	if k.HasMaxLate && len(cd.Late) > k.MaxLate {
		cd.Reasons = append(cd.Reasons, fmt.Sprintf(msg.AwardReasonLate, len(cd.Late), monthList(cd.Late), k.MaxLate))
	}
	for _, crit := range k.NoPenalty {
		if ms := rc.penalties[crit]; len(ms) > 0 {
			name := crit
			if in.Result.Table != nil {
				if cr, ok := in.Result.Table.Criterion(crit); ok {
					name = cr.Name
				}
			}
			cd.Reasons = append(cd.Reasons, fmt.Sprintf(msg.AwardReasonPenalty, name, monthList(ms)))
		}
	}
	for _, pr := range k.Requires {
		var missing []string
		for y := in.Year - pr.Years; y < in.Year; y++ {
			if !c.Held(pr.Award, u.ID, y) {
				missing = append(missing, strconv.Itoa(y))
			}
		}
		if len(missing) > 0 {
			name := pr.Award
			if pa, ok := c.Award(pr.Award); ok {
				name = pa.Name
			}
			cd.Reasons = append(cd.Reasons, fmt.Sprintf(msg.AwardReasonRequires, name, strings.Join(missing, ", ")))
		}
	}
	cd.Eligible = len(cd.Reasons) == 0
	return cd
}

func (c *Config) warnings(ar *AwardResult, year int) []Warning {
	var ws []Warning
	top := ar.Top()
	inTop := map[string]bool{}
	var topText []string
	for _, t := range top {
		inTop[t.Unit] = true
		topText = append(topText, fmt.Sprintf(msg.AwardUnitRank, t.Name, t.Rank))
	}
	if len(topText) == 0 {
		topText = []string{msg.AwardTopNone}
	}
	// More units than slots on merit: the last rank is shared across the
	// cut line, and the ranking does not pick among them.
	if n := ar.Award.Slots; len(top) > n {
		last := top[len(top)-1].Rank
		var tied []string
		above := 0
		for _, t := range top {
			if t.Rank == last {
				tied = append(tied, t.Name)
			} else {
				above++
			}
		}
		ws = append(ws, Warning{WarnTie, "", fmt.Sprintf(msg.AwardWarnTie, strings.Join(tied, ", "), last, n-above, len(tied))})
	}
	for _, n := range ar.Nominees {
		cd, ok := ar.Candidate(n)
		if !ok {
			continue
		}
		switch {
		case !cd.Eligible:
			ws = append(ws, Warning{WarnIneligible, n, fmt.Sprintf(msg.AwardWarnIneligible, cd.Name, strings.Join(cd.Reasons, "; ")) + msg.AwardPrinciple})
		case !inTop[n]:
			ws = append(ws, Warning{WarnRotation, n, msg.AwardWarnNotTop(cd.Name, cd.Rank, ar.Award.Slots, strings.Join(topText, ", ")) + msg.AwardPrinciple})
		}
		if w, ok := c.rotation(ar, cd, year); ok {
			ws = append(ws, w)
		}
		var thin []string
		if len(cd.Missing) > 0 {
			thin = append(thin, fmt.Sprintf(msg.AwardThinMissing, monthList(cd.Missing)))
		}
		if len(cd.Late) > 0 {
			thin = append(thin, fmt.Sprintf(msg.AwardThinLate, len(cd.Late), monthList(cd.Late)))
		}
		if len(thin) > 0 {
			ws = append(ws, Warning{WarnThin, n, fmt.Sprintf(msg.AwardWarnThin, cd.Name, strings.Join(thin, "; "))})
		}
	}
	return ws
}

// rotation finds the pattern "it is this unit's turn": the award went to a
// different unit in each recorded earlier year (at least two years), the
// nominee did not hold it then, and an eligible unit ranks above it now.
func (c *Config) rotation(ar *AwardResult, cd *Candidate, year int) (Warning, bool) {
	var years []int
	holders := map[string]bool{}
	var names []string
	for y := year - 1; y >= year-5; y-- {
		hs := c.Holders(ar.Award.ID, y)
		if len(hs) == 0 {
			break
		}
		for _, h := range hs {
			if holders[h] {
				return Warning{}, false // one unit held it twice: not a rotation
			}
			holders[h] = true
			names = append([]string{fmt.Sprintf("%d: %s", y, unitName(ar, h))}, names...)
		}
		years = append([]int{y}, years...)
	}
	if len(years) < 2 || holders[cd.Unit] {
		return Warning{}, false
	}
	for _, o := range ar.Candidates {
		if o.Eligible && o.Unit != cd.Unit && o.Rank > 0 && (cd.Rank == 0 || o.Rank < cd.Rank) {
			ys := make([]string, len(years))
			for i, y := range years {
				ys[i] = strconv.Itoa(y)
			}
			text := fmt.Sprintf(msg.AwardWarnRotation, ar.Award.Name, strings.Join(ys, ", "), strings.Join(names, "; "), cd.Name, cd.Rank, o.Name, o.Rank)
			return Warning{WarnRotation, cd.Unit, text + msg.AwardPrinciple}, true
		}
	}
	return Warning{}, false
}

func unitName(ar *AwardResult, id string) string {
	if cd, ok := ar.Candidate(id); ok {
		return cd.Name
	}
	return id
}

func sortMonths(ms []time.Month) { sort.Slice(ms, func(i, j int) bool { return ms[i] < ms[j] }) }

// monthList is "1, 4, 11" (months of the season's year).
func monthList(ms []time.Month) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = strconv.Itoa(int(m))
	}
	return strings.Join(s, ", ")
}

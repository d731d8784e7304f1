// Package sector is the standing council's view of every cluster at once:
// how punctually each cluster's units report, whether the review meetings in
// the calendar took place, how far covenants and award dossiers have got,
// and which clusters need the council's attention and why. It computes from
// the records the other domain packages keep (reports, meetings, dossier
// checklists) and never writes.
package sector

import (
	"context"
	"fmt"
	"html"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/covenants"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/submissions"
	"github.com/thiduabot/thiduabot/vi"
)

// OnTimeThreshold is the on-time rate under which a cluster is flagged.
const OnTimeThreshold = 0.8

// ReviewSlack is how far from its planned date a meeting scheduled with /hop
// still counts as the calendar's review meeting (a conference moved by a
// week or two took place all the same).
const ReviewSlack = 15 * 24 * time.Hour

// Flag kinds.
const (
	FlagOnTime  = "on_time"
	FlagReview  = "review_not_held"
	FlagDossier = "dossier_overdue"
)

// Overview is every cluster at a glance for a period (the year to date
// through a month). Its JSON form is what `thiduabot sector --json` prints.
type Overview struct {
	Period   string    `json:"period"`
	Clusters []Cluster `json:"clusters"`
}

// Cluster is one cluster's line of the overview.
type Cluster struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Units int    `json:"units"`
	// OnTimeRate is the share (0..1) of unit-months whose deadline has
	// passed that were confirmed by the deadline; null while none is due.
	OnTimeRate *float64 `json:"on_time_rate"`
	// OnTime and Due are the rate's numerator and denominator.
	OnTime int `json:"-"`
	Due    int `json:"-"`
	// Late were confirmed after the deadline; Missing are not confirmed.
	Late            int `json:"late"`
	Missing         int `json:"missing"`
	MeetingsHeld    int `json:"meetings_held"`
	MeetingsPlanned int `json:"meetings_planned"`
	// CovenantSigned counts units that acknowledged their targets of the
	// year's covenant (/giaouoc), of CovenantUnits.
	CovenantSigned   int    `json:"covenant_signed"`
	CovenantUnits    int    `json:"covenant_units"`
	DossiersComplete int    `json:"dossiers_complete"`
	DossiersDue      int    `json:"dossiers_due"`
	Flags            []Flag `json:"flags"`
}

// Flag is one reason for the council's attention.
type Flag struct {
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
}

// Input is everything Compute reads.
type Input struct {
	Org    *org.Config
	Period scoring.Period
	Now    time.Time
	// Location is where months begin (Asia/Ho_Chi_Minh).
	Location *time.Location
	// Windows gives each month's submission deadline.
	Windows submissions.Calendar
	// Calendar plans meetings and dossiers; nil plans none.
	Calendar *reminders.Calendar
	// Reports holds each cluster's reports of the period's year.
	Reports map[string][]submissions.Report
	// Meetings are the meetings chairs scheduled with /hop, of every cluster.
	Meetings []reminders.Meeting
	// Checklist returns the documents marked done of a dossier occurrence
	// for a unit; nil means none.
	Checklist func(dossier, occurrence, unit string) map[string]bool
	// Covenants holds each cluster's acknowledgements of the period's
	// year's covenant: the units that acknowledged their targets.
	Covenants map[string][]string
	// Nominees holds, by NomineesKey, the units that owe a dossier
	// occurrence of an award (award season): its nominees. A dossier absent
	// here is owed as its audience says.
	Nominees map[string][]string
}

// NomineesKey is the key of Input.Nominees.
func NomineesKey(dossier, occurrence, cluster string) string {
	return dossier + "/" + occurrence + "/" + cluster
}

// Window is the span of p: from the first of January to the end of its month.
func Window(p scoring.Period, loc *time.Location) (from, to time.Time) {
	return time.Date(p.Year, time.January, 1, 0, 0, 0, 0, loc), time.Date(p.Year, p.Month+1, 1, 0, 0, 0, 0, loc)
}

// Compute builds the overview of in.Period, clusters in the order of the org
// config.
func Compute(in Input) Overview {
	if in.Location == nil {
		in.Location = time.UTC
	}
	o := Overview{Period: in.Period.Key(), Clusters: []Cluster{}}
	for i := range in.Org.Clusters {
		o.Clusters = append(o.Clusters, computeCluster(in, &in.Org.Clusters[i]))
	}
	return o
}

func computeCluster(in Input, cl *org.Cluster) Cluster {
	c := Cluster{ID: cl.ID, Name: cl.Name, Units: len(cl.Units), CovenantUnits: len(cl.Units), Flags: []Flag{}}
	for _, u := range in.Covenants[cl.ID] {
		if inCluster(cl, u) {
			c.CovenantSigned++
		}
	}
	from, to := Window(in.Period, in.Location)

	byKey := map[string]*submissions.Report{}
	reps := in.Reports[cl.ID]
	for i := range reps {
		r := &reps[i]
		byKey[r.Unit+"/"+r.Period.String()] = r
	}
	for m := time.January; m <= in.Period.Month; m++ {
		deadline, _ := in.Windows.SubmissionWindow(cl.ID, in.Period.Year, m)
		if !deadline.Before(in.Now) {
			continue
		}
		for _, u := range cl.Units {
			c.Due++
			r := byKey[u.ID+"/"+submissions.Period{Year: in.Period.Year, Month: m}.String()]
			switch {
			case !r.Confirmed():
				c.Missing++
			case r.Late:
				c.Late++
			default:
				c.OnTime++
			}
		}
	}
	if c.Due > 0 {
		rate := math.Round(float64(c.OnTime)/float64(c.Due)*10000) / 10000
		c.OnTimeRate = &rate
		if float64(c.OnTime) < OnTimeThreshold*float64(c.Due) {
			c.Flags = append(c.Flags, Flag{Kind: FlagOnTime,
				Reason: fmt.Sprintf(msg.SectorFlagOnTime, Percent(rate), c.Late, c.Missing)})
		}
	}

	var meetings []reminders.Meeting
	for _, m := range in.Meetings {
		if m.Cluster == cl.ID && !m.Cancelled {
			meetings = append(meetings, m)
		}
	}
	for _, m := range meetings {
		if !m.Start.Before(from) && m.Start.Before(to) && m.Start.Before(in.Now) {
			c.MeetingsHeld++
		}
	}
	if in.Calendar != nil {
		c.Flags = append(c.Flags, plannedMeetings(in, cl, meetings, from, to, &c)...)
		c.Flags = append(c.Flags, dossiers(in, cl, from, to, &c)...)
	}
	return c
}

// plannedMeetings counts the calendar's meetings of cl in [from, to) and
// flags each review meeting whose date has passed with no meeting scheduled
// near it.
func plannedMeetings(in Input, cl *org.Cluster, held []reminders.Meeting, from, to time.Time, c *Cluster) []Flag {
	type missed struct {
		at   time.Time
		flag Flag
	}
	var ms []missed
	for _, e := range in.Calendar.Events {
		if e.Kind == reminders.EventOther || !appliesTo(e.Clusters, cl.ID) {
			continue
		}
		for _, t := range e.When.Occurrences(from, to, in.Calendar.Location) {
			c.MeetingsPlanned++
			if e.Kind != reminders.EventReview || !t.Before(in.Now) {
				continue
			}
			found := false
			for _, m := range held {
				if d := m.Start.Sub(t); d >= -ReviewSlack && d <= ReviewSlack {
					found = true
					break
				}
			}
			if !found {
				ms = append(ms, missed{t, Flag{Kind: FlagReview,
					Reason: fmt.Sprintf(msg.SectorFlagReview, e.Title, vi.Date(t.In(in.Location)))}})
			}
		}
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].at.Before(ms[j].at) })
	flags := make([]Flag, len(ms))
	for i, m := range ms {
		flags[i] = m.flag
	}
	return flags
}

// dossiers counts the award dossiers of cl falling due in [from, to) and
// flags each deadline passed with dossiers still short of a document.
func dossiers(in Input, cl *org.Cluster, from, to time.Time, c *Cluster) []Flag {
	var flags []Flag
	for _, occ := range in.Calendar.DossierOccurrences(from, to) {
		d := occ.Dossier
		if !appliesTo(d.Clusters, cl.ID) {
			continue
		}
		owers := d.Owers(cl)
		if ids, ok := in.Nominees[NomineesKey(d.ID, occ.Occurrence, cl.ID)]; ok {
			owers = nil
			for _, u := range cl.Units {
				if slices.Contains(ids, u.ID) {
					owers = append(owers, u)
				}
			}
		}
		var short []string
		for _, u := range owers {
			c.DossiersDue++
			var done map[string]bool
			if in.Checklist != nil {
				done = in.Checklist(d.ID, occ.Occurrence, u.ID)
			}
			if len(d.Missing(done)) == 0 {
				c.DossiersComplete++
			} else {
				short = append(short, u.Name)
			}
		}
		if len(short) > 0 && occ.Due.Before(in.Now) {
			title := d.Title
			if title == "" {
				title = d.Award
			}
			flags = append(flags, Flag{Kind: FlagDossier,
				Reason: fmt.Sprintf(msg.SectorFlagDossier, title, vi.Date(occ.Due.In(in.Location)), len(short), strings.Join(short, ", "))})
		}
	}
	return flags
}

func inCluster(cl *org.Cluster, unit string) bool {
	for _, u := range cl.Units {
		if u.ID == unit {
			return true
		}
	}
	return false
}

func appliesTo(clusters []string, id string) bool {
	if len(clusters) == 0 {
		return true
	}
	for _, c := range clusters {
		if c == id {
			return true
		}
	}
	return false
}

// Percent formats a share as a Vietnamese percentage without the sign: 0.875 → "87,5".
func Percent(rate float64) string { return vi.Number(rate*100, 1) }

// Flagged counts the clusters with at least one flag.
func (o Overview) Flagged() int {
	n := 0
	for _, c := range o.Clusters {
		if len(c.Flags) > 0 {
			n++
		}
	}
	return n
}

// Cluster returns the overview's line of cluster id.
func (o Overview) Cluster(id string) (Cluster, bool) {
	for _, c := range o.Clusters {
		if c.ID == id {
			return c, true
		}
	}
	return Cluster{}, false
}

// Source reads what Compute needs from the stores.
type Source struct {
	Org       *org.Config
	Windows   submissions.Calendar
	Calendar  *reminders.Calendar // nil: no calendar.yaml
	Reports   *submissions.Reports
	Reminders *reminders.KVStore
	Covenants *covenants.Store // nil: no acknowledgements counted
	// Nominees gives the units that owe an award's dossier (award season);
	// ok is false for a dossier no award names. Nil: every dossier is owed
	// as its audience says.
	Nominees func(ctx context.Context, dossier, cluster string, due time.Time) (units []string, ok bool, err error)
	Location *time.Location
}

// DefaultPeriod is the period the overview shows when none is asked for:
// the month whose reports are being collected, as /tiendo and /baocao
// take it (submissions.OpenPeriod), the earliest over the clusters, so
// that on 06/12 the overview, /tiendo and /xephang all speak of November
// until every cluster's November reports have locked.
func (s *Source) DefaultPeriod(now time.Time) scoring.Period {
	loc := s.Location
	if loc == nil {
		loc = time.UTC
	}
	now = now.In(loc)
	p := submissions.PeriodOf(now)
	if s.Windows == nil {
		return scoring.Period{Year: p.Year, Month: p.Month}
	}
	for _, cl := range s.Org.Clusters {
		if q := submissions.OpenPeriod(s.Windows, cl.ID, now); q.Before(p) {
			p = q
		}
	}
	return scoring.Period{Year: p.Year, Month: p.Month}
}

// Overview computes the overview of p as of now.
func (s *Source) Overview(ctx context.Context, p scoring.Period, now time.Time) (Overview, error) {
	in := Input{Org: s.Org, Period: p, Now: now, Location: s.Location, Windows: s.Windows,
		Calendar: s.Calendar, Reports: map[string][]submissions.Report{}}
	in.Covenants = map[string][]string{}
	for _, cl := range s.Org.Clusters {
		rs, err := s.Reports.List(ctx, cl.ID, p.Year)
		if err != nil {
			return Overview{}, fmt.Errorf("sector: reports of %s: %w", cl.ID, err)
		}
		in.Reports[cl.ID] = rs
		if s.Covenants != nil {
			acks, err := s.Covenants.Acks(ctx, cl.ID, p.Year)
			if err != nil {
				return Overview{}, fmt.Errorf("sector: covenant of %s: %w", cl.ID, err)
			}
			for u := range acks {
				in.Covenants[cl.ID] = append(in.Covenants[cl.ID], u)
			}
		}
	}
	if s.Nominees != nil && s.Calendar != nil {
		in.Nominees = map[string][]string{}
		from, to := Window(p, s.Location)
		for _, occ := range s.Calendar.DossierOccurrences(from, to) {
			for _, cl := range s.Org.Clusters {
				ids, ok, err := s.Nominees(ctx, occ.Dossier.ID, cl.ID, occ.Due)
				if err != nil {
					return Overview{}, fmt.Errorf("sector: nominees of %s: %w", occ.Dossier.ID, err)
				}
				if ok {
					in.Nominees[NomineesKey(occ.Dossier.ID, occ.Occurrence, cl.ID)] = ids
				}
			}
		}
	}
	if s.Reminders != nil {
		ms, err := s.Reminders.Meetings(ctx, "")
		if err != nil {
			return Overview{}, fmt.Errorf("sector: %w", err)
		}
		in.Meetings = ms
		if s.Calendar != nil {
			var snap reminders.Snapshot
			if err := s.Reminders.Load(ctx, &snap); err != nil {
				return Overview{}, fmt.Errorf("sector: %w", err)
			}
			in.Checklist = snap.ChecklistDone
		}
	}
	return Compute(in), nil
}

// Text is the overview as plain text (the CLI).
func Text(o Overview, p scoring.Period) string {
	return render(o, p, func(s string) string { return s }, func(s string) string {
		return strings.NewReplacer("<b>", "", "</b>", "").Replace(s)
	})
}

// HTML is the overview for Telegram's HTML mode, names and reasons escaped.
func HTML(o Overview, p scoring.Period) string {
	return render(o, p, html.EscapeString, func(s string) string { return s })
}

func render(o Overview, p scoring.Period, esc, markup func(string) string) string {
	lines := []string{markup(fmt.Sprintf(msg.SectorHeader, p.Label()))}
	clusters := append([]Cluster(nil), o.Clusters...)
	// Flagged clusters first: they are what the council reads the overview for.
	sort.SliceStable(clusters, func(i, j int) bool { return len(clusters[i].Flags) > 0 && len(clusters[j].Flags) == 0 })
	for _, c := range clusters {
		lines = append(lines, markup(fmt.Sprintf(msg.SectorCluster, esc(c.Name), c.Units)))
		if c.OnTimeRate == nil {
			lines = append(lines, msg.SectorOnTimeNone)
		} else {
			lines = append(lines, fmt.Sprintf(msg.SectorOnTime, Percent(*c.OnTimeRate), c.OnTime, c.Due, c.Late, c.Missing))
		}
		lines = append(lines, fmt.Sprintf(msg.SectorMeetings, c.MeetingsHeld, c.MeetingsPlanned))
		lines = append(lines, fmt.Sprintf(msg.SectorCovenant, c.CovenantSigned, c.CovenantUnits))
		if c.DossiersDue == 0 {
			lines = append(lines, msg.SectorNoDossiers)
		} else {
			lines = append(lines, fmt.Sprintf(msg.SectorDossiers, c.DossiersComplete, c.DossiersDue))
		}
		for _, f := range c.Flags {
			lines = append(lines, fmt.Sprintf(msg.SectorFlag, esc(f.Reason)))
		}
		if len(c.Flags) == 0 {
			lines = append(lines, msg.SectorAllGood)
		}
	}
	lines = append(lines, markup(fmt.Sprintf(msg.SectorSummary, o.Flagged(), len(o.Clusters))))
	return strings.Join(lines, "\n")
}

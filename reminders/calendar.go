// Package reminders knows the calendar of a cluster's emulation year (the
// monthly data deadline and its lock, review meetings, covenant signing,
// nomination votes, award-dossier deadlines, public holidays and working
// hours), plans from it exactly which reminders are due to whom (a pure
// function of calendar, state and time window), and delivers each planned
// reminder exactly once, even across restarts and several processes sharing
// one store. It also keeps the meetings chairs schedule and each unit's
// dossier checklist progress.
package reminders

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/thiduabot/thiduabot/configfile"
	"github.com/thiduabot/thiduabot/org"
)

// DefaultTimeZone is the zone of schedules when calendar.yaml names none.
const DefaultTimeZone = "Asia/Ho_Chi_Minh"

// Calendar is a parsed, validated calendar.yaml bound to its org.
type Calendar struct {
	Org      *org.Config
	Location *time.Location
	// WorkStart and WorkEnd are the working hours as minutes after midnight.
	WorkStart, WorkEnd int
	WorkDays           [7]bool // indexed by time.Weekday
	Holidays           []Holiday
	Defaults           Offsets
	Submission         Submission
	Events             []Event
	Dossiers           []Dossier

	holiday map[int]string // day number → holiday name
}

// Holiday is a public holiday or a range of days off.
type Holiday struct {
	From, To time.Time // midnight of the first and last day, in the calendar's zone
	Name     string
	Note     string // e.g. "ngày nghỉ dự kiến, cần đối chiếu thông báo chính thức"
}

// Offset is one reminder before a due time: Days before at the item's "at"
// clock time, or an exact duration before (Dur) when Days is -1.
type Offset struct {
	Days int
	Dur  time.Duration
}

// Name is the offset as written in the step of a key: "7d", "0d", "2h".
func (o Offset) Name() string {
	if o.Days >= 0 {
		return strconv.Itoa(o.Days) + "d"
	}
	if o.Dur%time.Hour == 0 {
		return strconv.Itoa(int(o.Dur/time.Hour)) + "h"
	}
	return strconv.Itoa(int(o.Dur/time.Minute)) + "m"
}

// Offsets says when an item's reminders go out.
type Offsets struct {
	Before      []Offset
	At          int // minutes after midnight for day offsets and overdue reminders
	OverdueDays int // overdue reminders, one per working day after the deadline
	Escalate    bool
}

// Submission is the monthly data deadline: day Day of the month after the
// period at Time, locked GraceDays calendar days after the deadline (both
// moved to the next working day when they fall on a day off).
type Submission struct {
	Day       int
	Time      int // minutes after midnight
	GraceDays int
	Offsets   Offsets
	Overrides map[string]SubmissionRule // by cluster id
}

// SubmissionRule is the deadline rule of one cluster.
type SubmissionRule struct {
	Day       int
	Time      int
	GraceDays int
	Offsets   Offsets
}

// Audience values.
const (
	AudienceCluster = "cluster" // every focal point of each cluster's units
	AudienceChairs  = "chairs"  // the chair (and deputy) people of each cluster
	AudienceAll     = "all"     // every focal point of every cluster
	AudienceUnits   = "units"   // dossiers: every unit of the clusters owes one
)

// Event kinds.
const (
	EventReview   = "review"   // sơ kết, tổng kết
	EventCovenant = "covenant" // ký kết giao ước thi đua
	EventVote     = "vote"     // bình xét, suy tôn
	EventMeeting  = "meeting"
	EventOther    = "other"
)

// Event is a dated or recurring happening people must attend.
type Event struct {
	ID       string
	Kind     string
	Title    string
	Place    string
	When     When
	Audience string
	Clusters []string // empty: every cluster
	Offsets  Offsets
}

// Dossier is an award-dossier deadline with its checklist of documents.
type Dossier struct {
	ID        string
	Award     string
	Title     string
	When      When
	Audience  string // AudienceUnits or AudienceChairs: which units owe a dossier
	Clusters  []string
	Checklist []ChecklistItem
	Offsets   Offsets
}

// ChecklistItem is one document of a dossier.
type ChecklistItem struct {
	ID       string
	Name     string
	Optional bool
	// Owner is who prepares the document: OwnerNominee (the unit the dossier
	// is for; the default) or OwnerChair (the cluster's chair unit, e.g. the
	// tờ trình and the biên bản of the cluster's vote).
	Owner string
}

// Checklist item owners.
const (
	OwnerNominee = "nominee"
	OwnerChair   = "chair"
)

// When is a one-off date and time or a recurring cron schedule.
type When struct {
	Cron     string // robfig/cron/v3 standard syntax, in the calendar's zone
	schedule cron.Schedule
	Date     time.Time // one-off: the instant, in the calendar's zone
}

// Occurrences returns the instants of w in [from, to), in order.
func (w When) Occurrences(from, to time.Time, loc *time.Location) []time.Time {
	if w.schedule == nil {
		if !w.Date.Before(from) && w.Date.Before(to) {
			return []time.Time{w.Date}
		}
		return nil
	}
	var out []time.Time
	// Next is strictly after its argument.
	t := w.schedule.Next(from.In(loc).Add(-time.Nanosecond))
	for !t.IsZero() && t.Before(to) {
		out = append(out, t)
		t = w.schedule.Next(t)
	}
	return out
}

// --- YAML shape ---

type calendarYAML struct {
	Timezone     string        `yaml:"timezone"`
	WorkingHours string        `yaml:"working_hours"`
	WorkingDays  []string      `yaml:"working_days"`
	Holidays     []holidayYAML `yaml:"holidays"`
	Offsets      *offsetsYAML  `yaml:"offsets"`
	Submission   *struct {
		Day         int          `yaml:"day"`
		Time        string       `yaml:"time"`
		GraceDays   *int         `yaml:"grace_days"`
		OverdueDays *int         `yaml:"overdue_days"`
		Escalate    *bool        `yaml:"escalate"`
		Offsets     *offsetsYAML `yaml:"offsets"`
		Overrides   []struct {
			Cluster     string       `yaml:"cluster"`
			Day         int          `yaml:"day"`
			Time        string       `yaml:"time"`
			GraceDays   *int         `yaml:"grace_days"`
			OverdueDays *int         `yaml:"overdue_days"`
			Escalate    *bool        `yaml:"escalate"`
			Offsets     *offsetsYAML `yaml:"offsets"`
		} `yaml:"overrides"`
	} `yaml:"submission"`
	Events []struct {
		ID       string       `yaml:"id"`
		Kind     string       `yaml:"kind"`
		Title    string       `yaml:"title"`
		Date     string       `yaml:"date"`
		Time     string       `yaml:"time"`
		Cron     string       `yaml:"cron"`
		Place    string       `yaml:"place"`
		Audience string       `yaml:"audience"`
		Clusters []string     `yaml:"clusters"`
		Offsets  *offsetsYAML `yaml:"offsets"`
	} `yaml:"events"`
	Dossiers []struct {
		ID        string       `yaml:"id"`
		Award     string       `yaml:"award"`
		Title     string       `yaml:"title"`
		Date      string       `yaml:"date"`
		Time      string       `yaml:"time"`
		Cron      string       `yaml:"cron"`
		Audience  string       `yaml:"audience"`
		Clusters  []string     `yaml:"clusters"`
		Offsets   *offsetsYAML `yaml:"offsets"`
		Checklist []struct {
			ID       string `yaml:"id"`
			Name     string `yaml:"name"`
			Optional bool   `yaml:"optional"`
			Owner    string `yaml:"owner"`
		} `yaml:"checklist"`
	} `yaml:"dossiers"`
}

type holidayYAML struct {
	Date string `yaml:"date"`
	From string `yaml:"from"`
	To   string `yaml:"to"`
	Name string `yaml:"name"`
	Note string `yaml:"note"`
}

type offsetsYAML struct {
	Before      *[]string `yaml:"before"`
	At          string    `yaml:"at"`
	OverdueDays *int      `yaml:"overdue_days"`
	Escalate    *bool     `yaml:"escalate"`
}

// Built-in defaults (issue 6): T−7 days, T−2 days and T−0 at 08:00; overdue
// daily for 3 working days, then the chair.
var (
	defaultBefore = []Offset{{Days: 7}, {Days: 2}, {Days: 0}}
)

const (
	defaultAt          = 8 * 60
	defaultOverdueDays = 3
	defaultWorkStart   = 7*60 + 30
	defaultWorkEnd     = 17 * 60
	defaultSubDay      = 5
	defaultSubTime     = 17 * 60
	defaultGraceDays   = 3
	maxHolidaySpan     = 31
)

var weekdayNames = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
	"cn": time.Sunday, "t2": time.Monday, "t3": time.Tuesday, "t4": time.Wednesday,
	"t5": time.Thursday, "t6": time.Friday, "t7": time.Saturday,
}

// ParseCalendar decodes and validates calendar.yaml. name is the file name
// shown in problems; o is the already validated org, whose cluster ids the
// calendar may name. Errors are configfile.Problems with lines.
func ParseCalendar(name string, data []byte, o *org.Config) (*Calendar, error) {
	if o == nil {
		o = &org.Config{} // no cross-checks possible; plans nothing
	}
	var y calendarYAML
	doc, err := configfile.Decode(name, data, &y)
	if err != nil {
		return nil, err
	}
	p := &parser{doc: doc, org: o}
	cal := p.calendar(&y)
	if len(p.ps) > 0 {
		p.ps.Sort()
		return nil, p.ps
	}
	return cal, nil
}

type parser struct {
	doc *configfile.Doc
	org *org.Config
	ps  configfile.Problems
	loc *time.Location
}

func (p *parser) add(path, format string, args ...any) {
	p.ps = append(p.ps, p.doc.Problem(path, format, args...))
}

func (p *parser) calendar(y *calendarYAML) *Calendar {
	cal := &Calendar{Org: p.org, holiday: map[int]string{}}

	tz := y.Timezone
	if tz == "" {
		tz = DefaultTimeZone
	}
	loc, err := loadLocation(tz)
	if err != nil {
		p.add("$.timezone", "múi giờ %q không hợp lệ (ví dụ: Asia/Ho_Chi_Minh)", tz)
		loc = time.UTC
	}
	p.loc, cal.Location = loc, loc

	cal.WorkStart, cal.WorkEnd = defaultWorkStart, defaultWorkEnd
	if y.WorkingHours != "" {
		a, b, ok := strings.Cut(y.WorkingHours, "-")
		if !ok {
			a, b, ok = strings.Cut(y.WorkingHours, "–")
		}
		s, err1 := parseClock(strings.TrimSpace(a))
		e, err2 := parseClock(strings.TrimSpace(b))
		switch {
		case !ok || err1 != nil || err2 != nil:
			p.add("$.working_hours", "working_hours %q không hợp lệ: cần dạng \"07:30-17:00\"", y.WorkingHours)
		case s >= e:
			p.add("$.working_hours", "giờ bắt đầu làm việc phải trước giờ kết thúc (%q)", y.WorkingHours)
		default:
			cal.WorkStart, cal.WorkEnd = s, e
		}
	}

	if y.WorkingDays == nil {
		for d := time.Monday; d <= time.Friday; d++ {
			cal.WorkDays[d] = true
		}
	} else {
		for i, s := range y.WorkingDays {
			d, ok := weekdayNames[strings.ToLower(strings.TrimSpace(s))]
			if !ok {
				p.add(fmt.Sprintf("$.working_days[%d]", i), "ngày làm việc %q không hợp lệ: dùng mon, tue, wed, thu, fri, sat, sun", s)
				continue
			}
			cal.WorkDays[d] = true
		}
		if len(y.WorkingDays) == 0 {
			p.add("$.working_days", "cần ít nhất một ngày làm việc")
		}
	}

	for i, h := range y.Holidays {
		if hd, ok := p.holiday(fmt.Sprintf("$.holidays[%d]", i), h); ok {
			cal.Holidays = append(cal.Holidays, hd)
			for d := dayNum(hd.From); d <= dayNum(hd.To); d++ {
				cal.holiday[d] = hd.Name
			}
		}
	}

	cal.Defaults = p.offsets("$.offsets", y.Offsets, Offsets{Before: defaultBefore, At: defaultAt, OverdueDays: defaultOverdueDays, Escalate: true}, nil, nil)
	p.checkAt("$.offsets.at", cal, cal.Defaults.At)

	cal.Submission = Submission{Day: defaultSubDay, Time: defaultSubTime, GraceDays: defaultGraceDays, Offsets: cal.Defaults, Overrides: map[string]SubmissionRule{}}
	if s := y.Submission; s != nil {
		if s.Day != 0 {
			cal.Submission.Day = s.Day
		}
		if s.Day < 0 || s.Day > 28 {
			p.add("$.submission.day", "submission.day phải từ 1 đến 28 (ngày của tháng sau kỳ báo cáo), đang là %d", s.Day)
		}
		if s.Time != "" {
			cal.Submission.Time = p.clock("$.submission.time", s.Time)
		}
		if s.GraceDays != nil {
			cal.Submission.GraceDays = p.nonNeg("$.submission.grace_days", *s.GraceDays)
		}
		cal.Submission.Offsets = p.offsets("$.submission", s.Offsets, cal.Defaults, s.OverdueDays, s.Escalate)
		p.checkAt("$.submission.offsets.at", cal, cal.Submission.Offsets.At)
		for i, ov := range s.Overrides {
			path := fmt.Sprintf("$.submission.overrides[%d]", i)
			switch {
			case ov.Cluster == "":
				p.add(path, "override thiếu cluster (id cụm)")
				continue
			case !p.knownCluster(ov.Cluster):
				p.add(path+".cluster", "cụm %q không có trong org.yaml", ov.Cluster)
				continue
			}
			if _, dup := cal.Submission.Overrides[ov.Cluster]; dup {
				p.add(path+".cluster", "cụm %q đã có override ở trên", ov.Cluster)
			}
			r := SubmissionRule{Day: cal.Submission.Day, Time: cal.Submission.Time, GraceDays: cal.Submission.GraceDays}
			if ov.Day != 0 {
				r.Day = ov.Day
			}
			if ov.Day < 0 || ov.Day > 28 {
				p.add(path+".day", "day phải từ 1 đến 28, đang là %d", ov.Day)
			}
			if ov.Time != "" {
				r.Time = p.clock(path+".time", ov.Time)
			}
			if ov.GraceDays != nil {
				r.GraceDays = p.nonNeg(path+".grace_days", *ov.GraceDays)
			}
			r.Offsets = p.offsets(path, ov.Offsets, cal.Submission.Offsets, ov.OverdueDays, ov.Escalate)
			p.checkAt(path+".offsets.at", cal, r.Offsets.At)
			cal.Submission.Overrides[ov.Cluster] = r
		}
	}

	ids := map[string]string{}
	for i, e := range y.Events {
		path := fmt.Sprintf("$.events[%d]", i)
		ev := Event{ID: e.ID, Kind: e.Kind, Title: e.Title, Place: e.Place, Audience: e.Audience, Clusters: e.Clusters}
		p.id(path, "sự kiện", e.ID, ids)
		if ev.Kind == "" {
			ev.Kind = EventOther
		}
		switch ev.Kind {
		case EventReview, EventCovenant, EventVote, EventMeeting, EventOther:
		default:
			p.add(path+".kind", "kind %q không hợp lệ: dùng review, covenant, vote, meeting hoặc other", e.Kind)
		}
		if ev.Title == "" {
			p.add(path, "sự kiện %q thiếu title (tên sự kiện)", e.ID)
		}
		if ev.Audience == "" {
			ev.Audience = AudienceCluster
		}
		switch ev.Audience {
		case AudienceCluster, AudienceChairs, AudienceAll:
		default:
			p.add(path+".audience", "audience %q không hợp lệ: dùng cluster, chairs hoặc all", e.Audience)
		}
		p.clusters(path+".clusters", e.Clusters)
		if ev.Audience == AudienceAll && len(e.Clusters) > 0 {
			p.add(path+".clusters", "audience: all gửi mọi cụm; bỏ clusters hoặc dùng audience: cluster")
		}
		ev.When = p.when(path, e.Date, e.Time, e.Cron, 8*60)
		ev.Offsets = p.offsets(path, e.Offsets, cal.Defaults, nil, nil)
		// Events are attended, not owed: nothing is overdue after them.
		ev.Offsets.OverdueDays, ev.Offsets.Escalate = 0, false
		p.checkAt(path+".offsets.at", cal, ev.Offsets.At)
		cal.Events = append(cal.Events, ev)
	}

	dids := map[string]string{}
	for i, d := range y.Dossiers {
		path := fmt.Sprintf("$.dossiers[%d]", i)
		ds := Dossier{ID: d.ID, Award: d.Award, Title: d.Title, Audience: d.Audience, Clusters: d.Clusters}
		p.id(path, "hồ sơ", d.ID, dids)
		if ds.Award == "" {
			p.add(path, "hồ sơ %q thiếu award (hình thức khen thưởng)", d.ID)
		}
		if ds.Title == "" {
			ds.Title = "Hồ sơ đề nghị " + ds.Award
		}
		if ds.Audience == "" {
			ds.Audience = AudienceUnits
		}
		if ds.Audience != AudienceUnits && ds.Audience != AudienceChairs {
			p.add(path+".audience", "audience của hồ sơ %q không hợp lệ: dùng units (mọi đơn vị) hoặc chairs (đơn vị cụm trưởng)", d.Audience)
		}
		p.clusters(path+".clusters", d.Clusters)
		ds.When = p.when(path, d.Date, d.Time, d.Cron, 17*60)
		ds.Offsets = p.offsets(path, d.Offsets, cal.Defaults, nil, nil)
		p.checkAt(path+".offsets.at", cal, ds.Offsets.At)
		if len(d.Checklist) == 0 {
			p.add(path, "hồ sơ %q cần checklist (danh sách tài liệu)", d.ID)
		}
		cids := map[string]string{}
		for j, c := range d.Checklist {
			cp := fmt.Sprintf("%s.checklist[%d]", path, j)
			p.id(cp, "tài liệu", c.ID, cids)
			if c.Name == "" {
				p.add(cp, "tài liệu %q thiếu name", c.ID)
			}
			owner := c.Owner
			switch owner {
			case "":
				owner = OwnerNominee
			case OwnerNominee, OwnerChair:
			default:
				p.add(cp+".owner", "owner của tài liệu %q không hợp lệ: dùng nominee (đơn vị được đề nghị) hoặc chair (cụm trưởng)", c.ID)
			}
			ds.Checklist = append(ds.Checklist, ChecklistItem{ID: c.ID, Name: c.Name, Optional: c.Optional, Owner: owner})
		}
		cal.Dossiers = append(cal.Dossiers, ds)
	}
	return cal
}

func (p *parser) id(path, what, id string, seen map[string]string) {
	switch {
	case id == "":
		p.add(path, "%s thiếu id", what)
	case !org.ValidID(id):
		p.add(path+".id", "id %s %q không hợp lệ: chỉ dùng chữ thường không dấu, số, _ và -", what, id)
	case seen[id] != "":
		p.add(path+".id", "id %s %q bị trùng (đã khai báo ở dòng %d)", what, id, p.doc.Line(seen[id]))
	default:
		seen[id] = path + ".id"
	}
}

func (p *parser) knownCluster(id string) bool {
	_, ok := p.org.Cluster(id)
	return ok
}

func (p *parser) clusters(path string, ids []string) {
	for i, id := range ids {
		if !p.knownCluster(id) {
			p.add(fmt.Sprintf("%s[%d]", path, i), "cụm %q không có trong org.yaml", id)
		}
	}
}

func (p *parser) nonNeg(path string, n int) int {
	if n < 0 || n > 366 {
		p.add(path, "số ngày phải từ 0 đến 366, đang là %d", n)
		return 0
	}
	return n
}

func (p *parser) clock(path, s string) int {
	m, err := parseClock(s)
	if err != nil {
		p.add(path, "giờ %q không hợp lệ: cần dạng HH:MM, ví dụ 08:00", s)
	}
	return m
}

func (p *parser) checkAt(path string, cal *Calendar, at int) {
	if at < cal.WorkStart || at >= cal.WorkEnd {
		p.add(path, "giờ nhắc %s nằm ngoài giờ làm việc %s–%s", clockString(at), clockString(cal.WorkStart), clockString(cal.WorkEnd))
	}
}

func (p *parser) date(path, s string) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), p.loc)
	if err != nil {
		p.add(path, "ngày %q không hợp lệ: cần dạng YYYY-MM-DD, ví dụ 2026-09-02", s)
		return time.Time{}, false
	}
	return t, true
}

func (p *parser) holiday(path string, h holidayYAML) (Holiday, bool) {
	if h.Name == "" {
		p.add(path, "ngày nghỉ thiếu name (tên ngày lễ)")
	}
	var from, to time.Time
	var ok1, ok2 bool
	switch {
	case h.Date != "" && (h.From != "" || h.To != ""):
		p.add(path, "ngày nghỉ dùng date (một ngày) hoặc from/to (khoảng ngày), không dùng cả hai")
		return Holiday{}, false
	case h.Date != "":
		from, ok1 = p.date(path+".date", h.Date)
		to, ok2 = from, ok1
	case h.From != "" && h.To != "":
		from, ok1 = p.date(path+".from", h.From)
		to, ok2 = p.date(path+".to", h.To)
	default:
		p.add(path, "ngày nghỉ cần date, hoặc cả from và to")
		return Holiday{}, false
	}
	if !ok1 || !ok2 {
		return Holiday{}, false
	}
	if span := dayNum(to) - dayNum(from); span < 0 || span >= maxHolidaySpan {
		p.add(path, "khoảng nghỉ %s – %s không hợp lệ (from phải trước to, tối đa %d ngày)", h.From, h.To, maxHolidaySpan)
		return Holiday{}, false
	}
	return Holiday{From: from, To: to, Name: h.Name, Note: h.Note}, true
}

func (p *parser) when(path, date, clock, spec string, defClock int) When {
	switch {
	case spec != "" && (date != "" || clock != ""):
		p.add(path, "dùng cron (lặp lại) hoặc date và time (một lần), không dùng cả hai")
	case spec != "":
		s, err := cron.ParseStandard(spec)
		if err != nil || strings.HasPrefix(strings.TrimSpace(spec), "CRON_TZ=") || strings.HasPrefix(strings.TrimSpace(spec), "TZ=") {
			p.add(path+".cron", "biểu thức cron %q không hợp lệ: cần 5 trường \"phút giờ ngày tháng thứ\", ví dụ \"30 8 15 7 *\" (múi giờ lấy từ timezone)", spec)
			return When{}
		}
		t := s.Next(time.Date(2000, 1, 1, 0, 0, 0, 0, p.loc))
		if t.IsZero() {
			p.add(path+".cron", "biểu thức cron %q không bao giờ xảy ra", spec)
			return When{}
		}
		// Reminders a week ahead of something that recurs every minute make
		// no sense, and would flood planning: at least a day apart.
		for range 60 {
			n := s.Next(t)
			if n.IsZero() {
				break
			}
			if n.Sub(t) < 24*time.Hour {
				p.add(path+".cron", "biểu thức cron %q lặp lại quá dày: các lần phải cách nhau ít nhất một ngày", spec)
				return When{}
			}
			t = n
		}
		return When{Cron: spec, schedule: s}
	case date != "":
		d, ok := p.date(path+".date", date)
		if !ok {
			return When{}
		}
		m := defClock
		if clock != "" {
			m = p.clock(path+".time", clock)
		}
		return When{Date: d.Add(time.Duration(m) * time.Minute)}
	default:
		p.add(path, "cần cron (lặp lại hằng năm) hoặc date (một lần)")
	}
	return When{}
}

func (p *parser) offsets(path string, y *offsetsYAML, base Offsets, overdue *int, escalate *bool) Offsets {
	o := base
	o.Before = append([]Offset(nil), base.Before...)
	op := path + ".offsets"
	if path == "$.offsets" {
		op = path
	}
	if y != nil {
		if y.Before != nil {
			o.Before = nil
			seen := map[Offset]bool{}
			for i, s := range *y.Before {
				off, err := parseOffset(s)
				if err != nil {
					p.add(fmt.Sprintf("%s.before[%d]", op, i), "khoảng nhắc %q không hợp lệ: dùng số ngày (7d, 0d) hoặc giờ/phút (2h, 30m) trước hạn", s)
					continue
				}
				if seen[off] {
					p.add(fmt.Sprintf("%s.before[%d]", op, i), "khoảng nhắc %q bị lặp lại", s)
					continue
				}
				seen[off] = true
				o.Before = append(o.Before, off)
			}
		}
		if y.At != "" {
			o.At = p.clock(op+".at", y.At)
		}
		if y.OverdueDays != nil {
			o.OverdueDays = p.nonNeg(op+".overdue_days", *y.OverdueDays)
		}
		if y.Escalate != nil {
			o.Escalate = *y.Escalate
		}
	}
	if overdue != nil {
		o.OverdueDays = p.nonNeg(path+".overdue_days", *overdue)
	}
	if escalate != nil {
		o.Escalate = *escalate
	}
	// Earliest first, so that keys and plans list steps in the order they happen.
	sort.SliceStable(o.Before, func(i, j int) bool { return o.Before[i].before() > o.Before[j].before() })
	return o
}

func (o Offset) before() time.Duration {
	if o.Days >= 0 {
		return time.Duration(o.Days) * 24 * time.Hour
	}
	return o.Dur
}

func parseOffset(s string) (Offset, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "t-"), "-")
	if len(s) < 2 {
		return Offset{}, fmt.Errorf("offset %q too short", s)
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 0 {
		return Offset{}, fmt.Errorf("offset %q: bad number", s)
	}
	switch s[len(s)-1] {
	case 'd':
		if n > 366 {
			return Offset{}, fmt.Errorf("offset %q too far", s)
		}
		return Offset{Days: n}, nil
	case 'h':
		if n < 1 || n > 24*366 {
			return Offset{}, fmt.Errorf("offset %q out of range", s)
		}
		return Offset{Days: -1, Dur: time.Duration(n) * time.Hour}, nil
	case 'm':
		if n < 1 || n > 24*60*366 {
			return Offset{}, fmt.Errorf("offset %q out of range", s)
		}
		return Offset{Days: -1, Dur: time.Duration(n) * time.Minute}, nil
	}
	return Offset{}, fmt.Errorf("offset %q: unknown unit", s)
}

func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	if !ok {
		h, m, ok = strings.Cut(s, "h")
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 || len(m) != 2 {
		return 0, fmt.Errorf("bad clock time %q", s)
	}
	return hh*60 + mm, nil
}

func clockString(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// loadLocation falls back to a fixed +07:00 zone for Asia/Ho_Chi_Minh when
// the system has no tz database: Vietnam has kept UTC+7 without daylight
// saving since 1975, so the fixed zone gives the same instants.
func loadLocation(name string) (*time.Location, error) {
	loc, err := time.LoadLocation(name)
	if err != nil && (name == DefaultTimeZone || name == "Asia/Saigon") {
		return time.FixedZone("+07", 7*3600), nil
	}
	return loc, err
}

// dayNum numbers civil days (days since 1970-01-01) of t's own date.
func dayNum(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// --- working days ---

// HolidayName returns the name of the public holiday on t's date in the
// calendar's zone, or "".
func (c *Calendar) HolidayName(t time.Time) string { return c.holiday[dayNum(t.In(c.Location))] }

// IsWorkingDay reports whether t's date (in the calendar's zone) is a working day.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	t = t.In(c.Location)
	if !c.WorkDays[t.Weekday()] {
		return false
	}
	_, hol := c.holiday[dayNum(t)]
	return !hol
}

// InWorkingHours reports whether t is on a working day within working hours.
func (c *Calendar) InWorkingHours(t time.Time) bool {
	t = t.In(c.Location)
	m := t.Hour()*60 + t.Minute()
	return c.IsWorkingDay(t) && m >= c.WorkStart && m < c.WorkEnd
}

// at returns t's date at clock minutes m.
func (c *Calendar) at(t time.Time, m int) time.Time {
	t = t.In(c.Location)
	y, mo, d := t.Date()
	return time.Date(y, mo, d, m/60, m%60, 0, 0, c.Location)
}

func (c *Calendar) addDays(t time.Time, n int) time.Time {
	t = t.In(c.Location)
	y, m, d := t.Date()
	return time.Date(y, m, d+n, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), c.Location)
}

// NextWorkingDay returns t itself when its date is a working day, otherwise
// the same clock time on the next working day. This is how a deadline that
// falls on a weekend or holiday moves.
func (c *Calendar) NextWorkingDay(t time.Time) time.Time {
	for i := 0; i < 400 && !c.IsWorkingDay(t); i++ {
		t = c.addDays(t, 1)
	}
	return t
}

// PrevWorkingDay returns t itself when its date is a working day, otherwise
// the same clock time on the previous working day.
func (c *Calendar) PrevWorkingDay(t time.Time) time.Time {
	for i := 0; i < 400 && !c.IsWorkingDay(t); i++ {
		t = c.addDays(t, -1)
	}
	return t
}

// NextSlot returns the first instant at or after t that is within working
// hours on a working day.
func (c *Calendar) NextSlot(t time.Time) time.Time {
	t = t.In(c.Location)
	for i := 0; i < 400; i++ {
		if c.IsWorkingDay(t) {
			m := t.Hour()*60 + t.Minute()
			if m < c.WorkStart {
				return c.at(t, c.WorkStart)
			}
			if m < c.WorkEnd {
				return t
			}
		}
		t = c.at(c.addDays(t, 1), 0)
	}
	return t
}

// workingDayAfter returns the n-th working day after t's date (n ≥ 1), at clock m.
func (c *Calendar) workingDayAfter(t time.Time, n, m int) time.Time {
	t = c.at(t, m)
	for k := 0; k < n; {
		t = c.addDays(t, 1)
		if c.IsWorkingDay(t) {
			k++
		}
	}
	return t
}

// SubmissionRule returns the deadline rule in force for cluster.
func (c *Calendar) SubmissionRule(cluster string) SubmissionRule {
	if r, ok := c.Submission.Overrides[cluster]; ok {
		return r
	}
	s := c.Submission
	return SubmissionRule{Day: s.Day, Time: s.Time, GraceDays: s.GraceDays, Offsets: s.Offsets}
}

// SubmissionWindow returns when the data of a month is due for a cluster and
// when the period locks. The deadline is day Day of the next month at Time,
// moved to the next working day when it falls on a weekend or public holiday
// (as Vietnamese law counts time limits); the lock is GraceDays calendar days
// after the (moved) deadline, itself moved the same way: the lock is the
// last time limit of the period, so it never ends on a Sunday. Every lock
// (the /baocao check, its messages, the reminders' "locks at", /lich, the
// monthly close) comes from here.
func (c *Calendar) SubmissionWindow(cluster string, year int, month time.Month) (deadline, lock time.Time) {
	r := c.SubmissionRule(cluster)
	deadline = time.Date(year, month+1, r.Day, r.Time/60, r.Time%60, 0, 0, c.Location)
	deadline = c.NextWorkingDay(deadline)
	return deadline, c.NextWorkingDay(c.addDays(deadline, r.GraceDays))
}

// WorkingBefore returns the instant before now such that the working time
// between it and now is d: the grace window of late reminders counts
// working time, so a reminder missed on Friday afternoon still goes out,
// late, on Monday morning rather than at night.
func (c *Calendar) WorkingBefore(now time.Time, d time.Duration) time.Time {
	t := now.In(c.Location)
	left := d
	for i := 0; i < 400 && left > 0; i++ {
		if c.IsWorkingDay(t) {
			start, end := c.at(t, c.WorkStart), c.at(t, c.WorkEnd)
			if t.Before(end) {
				end = t
			}
			if avail := end.Sub(start); avail >= left {
				return end.Add(-left)
			} else if avail > 0 {
				left -= avail
			}
		}
		t = c.at(t, 0).Add(-time.Nanosecond) // the end of the day before
	}
	return now.Add(-d)
}

// Package reports is the Telegram side of the monthly submissions: /baocao
// walks a focal point through its unit's criteria one question at a time (or
// a chair through the manual criteria of a unit), checks every answer with
// package submissions, shows a summary with the interim score and records the
// report only on "Xác nhận"; /baocao mau sends the Excel template and an
// uploaded template goes through the same summary; /baocao mo unlocks a
// locked period; /tiendo shows who has submitted. Run sends the chairs a
// digest of recent confirmations and reminds, once, whoever left a draft
// idle. Every step is kept in the store (submissions.Drafts), so a restart
// or a pause of days resumes where the user stopped.
package reports

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/submissions"
)

// Deps are what the feature needs.
type Deps struct {
	Org     *org.Config
	Tables  map[string]*scoring.Table // by table id (org.Cluster.Scoring)
	Targets *scoring.Targets          // may be nil
	Store   store.KV
	// Calendar gives deadlines and locks; nil uses DefaultCalendar.
	Calendar submissions.Calendar
	// Working tells working days for unlock windows; nil takes them from
	// Calendar when it knows them (the reminders calendar, with its
	// holidays), else Monday to Friday.
	Working  submissions.WorkingDays
	Clock    clock.Clock
	Location *time.Location // where months begin; default Asia/Ho_Chi_Minh
	Log      *slog.Logger
	// Idle is how long a draft rests before its one reminder (default
	// submissions.DefaultIdle, 24 h).
	Idle time.Duration
	// DigestQuiet is how long after the latest confirmation the chairs'
	// digest waits for more (default 10 minutes); DigestMax bounds the
	// wait from the first one (default 30 minutes).
	DigestQuiet, DigestMax time.Duration
	// Tick is how often Run looks for digests and idle drafts (default 1 minute).
	Tick time.Duration
	// Beat, when set, is called when Run starts and after each of its
	// rounds, failed or not: the loop's liveness heartbeat.
	Beat func()
}

// Feature is the registered /baocao and /tiendo.
type Feature struct {
	d       Deps
	b       *bot.Bot
	reports *submissions.Reports
	drafts  *submissions.Drafts
	loop    parking
}

const (
	flowName = "baocao"
	cbPrefix = "bc"
	// digestBucket keeps, per cluster, up to when the chairs were told.
	digestBucket = "reports_digest"
)

// DefaultCalendar is the submission window when calendar.yaml gives none:
// day 5 of the next month at 17:00, locked 3 days later (the defaults of
// the calendar's submission settings), each moved off a Saturday or Sunday
// to the Monday as reminders.Calendar moves them (without calendar.yaml no
// holiday is known).
func DefaultCalendar(loc *time.Location) submissions.Calendar {
	return submissions.CalendarFunc(func(_ string, y int, m time.Month) (time.Time, time.Time) {
		d := weekday(time.Date(y, m+1, 5, 17, 0, 0, 0, loc))
		return d, weekday(d.AddDate(0, 0, 3))
	})
}

// weekday is t, or the same clock time on the Monday after a weekend.
func weekday(t time.Time) time.Time {
	for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

// vietnam is the default location; a fixed +07:00 when the system has no zone data.
func vietnam() *time.Location {
	if loc, err := time.LoadLocation("Asia/Ho_Chi_Minh"); err == nil {
		return loc
	}
	return time.FixedZone("ICT", 7*3600)
}

// Register adds /baocao, /tiendo, the conversation's buttons and its flow to b.
func Register(b *bot.Bot, d Deps) *Feature {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Clock == nil {
		d.Clock = clock.Real{}
	}
	if d.Location == nil {
		d.Location = vietnam()
	}
	if d.Calendar == nil {
		d.Calendar = DefaultCalendar(d.Location)
	}
	if d.Working == nil {
		if wd, ok := d.Calendar.(submissions.WorkingDays); ok {
			d.Working = wd
		} else {
			d.Working = submissions.Weekdays{}
		}
	}
	if d.Idle <= 0 {
		d.Idle = submissions.DefaultIdle
	}
	if d.DigestQuiet <= 0 {
		d.DigestQuiet = 10 * time.Minute
	}
	if d.DigestMax <= 0 {
		d.DigestMax = 30 * time.Minute
	}
	if d.Tick <= 0 {
		d.Tick = time.Minute
	}
	f := &Feature{d: d, b: b,
		reports: submissions.NewReports(d.Store, d.Clock, d.Calendar, d.Location),
		drafts:  submissions.NewDrafts(d.Store, d.Clock)}
	submit := org.ActionRoles(org.ActSubmit)
	b.Command("baocao", submit, f.cmdReport,
		bot.HelpLine("baocao", submit), // focal points submit; chairs score the manual criteria
		bot.HelpLine("baocao mau", submit),
		bot.HelpLine("baocao mo", org.Roles(org.RoleChair, org.RoleAdmin)))
	b.Command("tiendo", org.ActionRoles(org.ActProgress), f.cmdProgress)
	b.Callback(cbPrefix, submit, f.onButton)
	b.Flow(flowName, submit, f.onText)
	b.OnCancel(flowName, f.onCancel)
	b.ButtonWords(f.onButtonWord)
	return f
}

// Start begins (or resumes) the sender's monthly report as /baocao would;
// the "Nộp ngay" button of a data reminder calls it, with the reminder's
// period as the argument.
func (f *Feature) Start(ctx context.Context, r *bot.Request) error {
	if !org.ActionRoles(org.ActSubmit).Has(r.Member.Role) {
		return bot.Userf("%s", msg.BotNotAllowed)
	}
	// A reminder's button may name the period ("10/2026"); nothing else.
	r.Command = bot.Command{Name: "baocao", Args: r.Command.Args, Argv: r.Command.Argv}
	return f.cmdReport(ctx, r)
}

// Reports is the repository the feature writes to (for scoring and ranking).
func (f *Feature) Reports() *submissions.Reports { return f.reports }

// actor is the sender as the submissions package records them.
func actor(r *bot.Request) submissions.Actor {
	name := r.Member.Name
	if name == "" {
		name = strings.TrimSpace(r.User.FirstName + " " + r.User.LastName)
	}
	return submissions.Actor{UserID: r.User.ID, Name: name, Role: submissions.Role(r.Member.Role)}
}

// setup is what a draft's questions are built from.
type setup struct {
	cluster *org.Cluster
	unit    *org.Unit
	table   *scoring.Table
	qs      []submissions.Question
}

// questions builds the questions of d with their context (targets, last values).
func (f *Feature) questions(ctx context.Context, d *submissions.Draft) (*setup, error) {
	u, cl, ok := f.d.Org.Unit(d.Unit)
	if !ok || cl.ID != d.Cluster {
		return nil, fmt.Errorf("draft of %d: unit %s/%s not in the organisation", d.User.UserID, d.Cluster, d.Unit)
	}
	t, ok := f.d.Tables[cl.Scoring]
	if !ok {
		return nil, userText(msg.ReportsNoTable)
	}
	cs := submissions.CriteriaOf(t)
	known, err := f.reports.KnownFor(ctx, cl.ID, u.ID, d.Period, cs, f.d.Targets)
	if err != nil {
		return nil, err
	}
	return &setup{cluster: cl, unit: u, table: t, qs: submissions.Questions(cs, d.Period, known, d.Asker)}, nil
}

// periodArgs finds the period among a command's words: the longest run of
// them that reads as one in the grammar every command shares
// (scoring.ParseNamedAt), so that "/baocao tháng 11/2026", "/baocao T11" and
// "/tiendo cum5 11/2026" all name November. A report is one month: a
// quarter or a year is refused with the forms to use. Without a period p is
// zero and rest is argv.
func (f *Feature) periodArgs(argv []string) (p submissions.Period, rest []string, err error) {
	t := f.d.Clock.Now().In(f.d.Location)
	now := scoring.Period{Year: t.Year(), Month: t.Month()}
	for i := range argv {
		for j := len(argv); j > i; j-- {
			n, perr := scoring.ParseNamedAt(strings.Join(argv[i:j], " "), now)
			if perr != nil {
				continue
			}
			if n.Span != scoring.SpanMonth {
				return p, argv, userText(msg.ReportsMonthOnly(strings.Join(argv[i:j], " ")))
			}
			rest = append(append(rest, argv[:i]...), argv[j:]...)
			return submissions.Period{Year: n.Year, Month: n.Month}, rest, nil
		}
	}
	return p, argv, nil
}

// userText answers with a plain Vietnamese text (escaped).
func userText(s string) error { return &bot.UserError{Text: bot.Escape(s)} }

// domainError turns an error of package submissions into what the user sees.
func domainError(err error) error {
	if s, ok := submissions.Message(err); ok {
		return userText(s)
	}
	return err
}

func isNotFound(err error) bool { return errors.Is(err, submissions.ErrNotFound) }

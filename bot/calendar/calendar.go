// Package calendar is the Telegram side of reminders: it delivers the
// reminders the reminders package plans (through the bot's one outbound
// path, with their "Nộp ngay", "Nhắc lại sau 2 giờ" and "Đã xong" buttons),
// runs the exactly-once Runner on the injected clock, and offers /hop (a
// chair schedules, moves or cancels a cluster meeting; members answer with
// RSVP buttons), /hoso (a unit's award-dossier checklist) and /lich (the
// coming deadlines and meetings of the person asking). "Who submitted"
// comes from submissions, "who is registered" from org.Members.
package calendar

import (
	"context"
	"log/slog"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/submissions"
)

// Deps are what the feature needs. Calendar, Org and Store are required.
type Deps struct {
	Calendar *reminders.Calendar
	Org      *org.Config
	Store    store.KV
	Clock    clock.Clock  // default clock.Real{}
	Log      *slog.Logger // default slog.Default()
	// Submit, when set, handles "Nộp ngay" by starting the /baocao
	// conversation; without it the button points the user to /baocao.
	Submit bot.HandlerFunc
	// Interval between the runner's ticks (default reminders.DefaultInterval).
	Interval time.Duration
	// RunnerID names this process in delivery claims (random when empty).
	RunnerID string
	// Observe receives every tick's counts (metrics, tests).
	Observe func(reminders.TickStats)
	// Nominees, when set, ties award dossiers to award season: such a
	// dossier is owed by the units the chair nominated, each checklist item
	// by its owner (the nominee or the chair).
	Nominees NomineesFunc
	// NomineesVersion is the store version (store.VersionBucket) that
	// changes whenever what Nominees answers does; without it the runner
	// asks Nominees on every tick.
	NomineesVersion string
}

// NomineesFunc says which units owe the occurrence (due at due) of an award
// dossier in a cluster; ok is false for a dossier that no award names.
type NomineesFunc func(ctx context.Context, dossier, cluster string, due time.Time) (units []string, ok bool, err error)

// Feature is the registered calendar feature.
type Feature struct {
	d      Deps
	b      *bot.Bot
	rs     *reminders.KVStore
	runner *reminders.Runner
	cache  *StateCache // the runner's state between ticks
}

// Horizons of what /lich and /hoso show.
const (
	lichAhead = 60 * 24 * time.Hour
	hosoAhead = 120 * 24 * time.Hour
)

// Callback prefixes and flow names.
const (
	cbReminder = "rm" // rm:<action>:<ref>
	cbRSVP     = "rv" // rv:<meeting>:<answer>
	cbHop      = "hp" // hp:<act>[:<meeting>]
	cbHoso     = "hs" // hs:<act>:<dossier index>:<occurrence>:<item index>
	flowHop    = "hop"
	flowHoso   = "hoso"
	flowRSVP   = "rsvp"
)

// Register adds /lich, /hop, /hoso, the reminder and RSVP buttons and the
// flows to b, and builds the runner that Run drives.
func Register(b *bot.Bot, d Deps) *Feature {
	if d.Clock == nil {
		d.Clock = clock.Real{}
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	f := &Feature{d: d, b: b, rs: reminders.NewKVStore(d.Store)}
	f.cache = NewStateCache(d.Store, d.Org, d.Calendar, b.Members(), d.Clock, d.Nominees, d.NomineesVersion)
	f.runner = &reminders.Runner{Calendar: d.Calendar, State: f.cache.State, Store: f.rs, Notifier: f,
		Clock: d.Clock, Logger: d.Log.With("feature", "reminders"), ID: d.RunnerID, Interval: d.Interval,
		Observe: d.Observe}

	b.Command("lich", org.ActionRoles(org.ActCalendar), f.cmdLich)
	b.Command("hop", org.ActionRoles(org.ActMeeting), f.cmdHop)
	b.Command("hoso", org.ActionRoles(org.ActDossier), f.cmdHoso)
	b.Callback(cbReminder, org.Registered, f.onReminderButton)
	b.Callback(cbRSVP, org.Registered, f.onRSVP)
	b.Callback(cbHop, org.ActionRoles(org.ActMeeting), f.onHopButton)
	b.Callback(cbHoso, org.ActionRoles(org.ActDossier), f.onHosoButton)
	b.Flow(flowHop, org.ActionRoles(org.ActMeeting), f.onHopText)
	b.Flow(flowHoso, org.ActionRoles(org.ActDossier), f.onHosoText)
	b.Flow(flowRSVP, org.Registered, f.onRSVPText)
	b.Phrase(org.Registered, isRSVPWord, f.onRSVPWord)
	return f
}

// Run delivers reminders until ctx ends.
func (f *Feature) Run(ctx context.Context) error { return f.runner.Run(ctx) }

// Runner is the feature's reminder runner (tests tick it directly).
func (f *Feature) Runner() *reminders.Runner { return f.runner }

// Prune deletes the snoozes and "Đã xong" marks too old to change a plan
// (reminders.Calendar.RecordRetention), and the index entries of reopened
// periods whose window ended unconfirmed (submissions.Reports.PruneOpenUnlocks),
// which the runner would otherwise read for ever; cmd runs it hourly. It
// returns how many records it deleted.
func (f *Feature) Prune(ctx context.Context) (int, error) {
	now := f.d.Clock.Now()
	n, err := f.rs.Prune(ctx, now, f.d.Calendar.RecordRetention())
	if err != nil {
		return n, err
	}
	m, err := f.cache.reports.Reports.PruneOpenUnlocks(ctx, now)
	return n + m, err
}

// Store is the reminders' records the feature keeps.
func (f *Feature) Store() *reminders.KVStore { return f.rs }

// state is the planning state for [from, to), read afresh from the store
// (/lich and /hoso; the runner keeps its own in the StateCache).
func (f *Feature) state(ctx context.Context, from, to time.Time) (reminders.State, error) {
	return LoadState(ctx, f.d.Store, f.d.Org, f.d.Calendar, f.b.Members(), f.d.Clock, from, to, f.d.Nominees)
}

// LoadState is the reminders' planning state from the store: the
// reminders' own records, the registered people (org.Members) and the
// confirmed reports (submissions). `thiduabot plan` uses it too, so that
// the preview and the bot agree on who is reminded.
func LoadState(ctx context.Context, kv store.KV, o *org.Config, cal *reminders.Calendar, ms *org.Members, clk clock.Clock, from, to time.Time, nominees NomineesFunc) (*reminders.Snapshot, error) {
	snap, err := reminders.LoadState(ctx, reminders.NewKVStore(kv), cal, NewDirectory(o, ms), NewReports(kv, clk, cal, o), from, to)
	if err != nil || nominees == nil {
		return snap, err
	}
	if err := loadNominees(ctx, snap, o, cal, nominees, from, to); err != nil {
		return nil, err
	}
	return snap, nil
}

// NewReports adapts the submissions records to reminders.Reports: a unit
// has confirmed when its focal point confirmed the month's report. It is a
// reminders.Unlocks too: periods a chair reopened and the unit still owes.
func NewReports(kv store.KV, clk clock.Clock, cal *reminders.Calendar, o *org.Config) reminders.Reports {
	return newReports(kv, clk, cal, o)
}

func newReports(kv store.KV, clk clock.Clock, cal *reminders.Calendar, o *org.Config) reports {
	return reports{submissions.ByUnit{Reports: submissions.NewReports(kv, clk, cal, cal.Location),
		ClusterOf: func(unit string) (string, bool) {
			_, cl, ok := o.Unit(unit)
			if !ok {
				return "", false
			}
			return cl.ID, true
		}}}
}

type reports struct{ submissions.ByUnit }

// OpenUnlocks implements reminders.Unlocks.
func (r reports) OpenUnlocks(ctx context.Context, cluster string, now time.Time) ([]reminders.Unlock, error) {
	reps, err := r.Reports.OpenUnlocks(ctx, cluster, now)
	if err != nil {
		return nil, err
	}
	out := make([]reminders.Unlock, len(reps))
	for i, rep := range reps {
		out[i] = reminders.Unlock{Unit: rep.Unit, Year: rep.Period.Year, Month: rep.Period.Month, Until: rep.Unlocked.End()}
	}
	return out, nil
}

// Directory adapts org.Members to reminders.Directory: a unit's reminders go
// to its focal points, the chairs' to the chair and deputy; people the bot
// cannot reach (they blocked it) are left out. It reads the members once
// and is meant for one load.
type Directory struct {
	org     *org.Config
	members *org.Members
	cache   map[string][]org.Member // by cluster
}

// NewDirectory returns a Directory over ms for one state load.
func NewDirectory(o *org.Config, ms *org.Members) *Directory {
	return &Directory{org: o, members: ms}
}

func (d *Directory) cluster(ctx context.Context, id string) ([]org.Member, error) {
	if d.cache == nil {
		all, err := d.members.List(ctx, "")
		if err != nil {
			return nil, err
		}
		d.cache = map[string][]org.Member{}
		for _, m := range all {
			d.cache[m.Cluster] = append(d.cache[m.Cluster], m)
		}
	}
	return d.cache[id], nil
}

// UnitPeople implements reminders.Directory.
func (d *Directory) UnitPeople(ctx context.Context, unit string) ([]reminders.Recipient, error) {
	_, cl, ok := d.org.Unit(unit)
	if !ok {
		return nil, nil
	}
	ms, err := d.cluster(ctx, cl.ID)
	if err != nil {
		return nil, err
	}
	var out []reminders.Recipient
	for _, m := range ms {
		if m.Unit == unit && m.Role == org.RoleFocal && !m.Unreachable {
			out = append(out, reminders.Recipient{ChatID: m.UserID, Name: m.Name, Joined: m.Joined})
		}
	}
	return out, nil
}

// UnitMembers implements reminders.MemberDirectory: everyone registered
// in the unit, who receives the meetings chairs schedule (with when they
// joined it, so that who joins later gets the notice of a meeting to come).
func (d *Directory) UnitMembers(ctx context.Context, unit string) ([]reminders.Recipient, error) {
	_, cl, ok := d.org.Unit(unit)
	if !ok {
		return nil, nil
	}
	ms, err := d.cluster(ctx, cl.ID)
	if err != nil {
		return nil, err
	}
	var out []reminders.Recipient
	for _, m := range ms {
		if m.Unit == unit && m.Role != org.RoleAdmin && !m.Unreachable {
			out = append(out, reminders.Recipient{ChatID: m.UserID, Name: m.Name, Joined: m.Joined})
		}
	}
	return out, nil
}

// ChairPeople implements reminders.Directory.
func (d *Directory) ChairPeople(ctx context.Context, cluster string) ([]reminders.Recipient, error) {
	ms, err := d.cluster(ctx, cluster)
	if err != nil {
		return nil, err
	}
	var out []reminders.Recipient
	for _, role := range []org.Role{org.RoleChair, org.RoleDeputy} {
		for _, m := range ms {
			if m.Role == role && !m.Unreachable {
				out = append(out, reminders.Recipient{ChatID: m.UserID, Name: m.Name})
			}
		}
	}
	return out, nil
}

// viewer is the person asking, as /lich and /hoso see them.
func viewer(m org.Member) reminders.Viewer {
	return reminders.Viewer{Cluster: m.Cluster, Unit: m.Unit,
		Chair: m.Role == org.RoleChair || m.Role == org.RoleDeputy, Admin: m.Role == org.RoleAdmin}
}

// cmdLich shows the coming deadlines and meetings that concern the sender.
func (f *Feature) cmdLich(ctx context.Context, r *bot.Request) error {
	if f.d.Calendar == nil {
		return bot.Userf(msg.CalNoCalendar)
	}
	now := f.d.Clock.Now()
	to := now.Add(lichAhead)
	st, err := f.state(ctx, now, to)
	if err != nil {
		return err
	}
	entries := reminders.Upcoming(f.d.Calendar, st, viewer(r.Member), now, to)
	return r.Reply(ctx, bot.Message{Text: bot.Escape(reminders.FormatUpcoming(entries))})
}

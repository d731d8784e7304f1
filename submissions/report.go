package submissions

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/store"
)

// Bucket is the store.KV bucket holding reports and drafts.
const Bucket = "submissions"

// State is what an answer to a criterion is.
type State string

// Answer states.
const (
	StateValue   State = "value"   // a value entered for the month
	StateSkipped State = "skipped" // deliberately left empty: missing for the month
	// StateKept is "Giữ như tháng trước": the value of an earlier month,
	// confirmed again for this one; From says which month it came from.
	StateKept State = "kept"
)

// Entry is the answer to one criterion for one month.
type Entry struct {
	State State   `json:"state"`
	Value float64 `json:"value,omitempty"`
	From  Period  `json:"from,omitzero"` // for StateKept
	Raw   string  `json:"raw,omitempty"` // what was typed or found in the file cell, for the audit trail
}

// HasValue reports whether the entry gives the month a value.
func (e Entry) HasValue() bool { return e.State == StateValue || e.State == StateKept }

func (e Entry) same(o Entry) bool {
	if e.HasValue() != o.HasValue() {
		return false
	}
	if !e.HasValue() {
		return e.State == o.State
	}
	return e.Value == o.Value && e.State == o.State
}

// Report is a unit's confirmed report for one month. Version counts every
// confirmation (the focal point's, and the chair's of manual criteria); 0
// means none yet (the record then only holds an unlock). The unit has
// submitted (Confirmed) once its focal point confirmed: lateness and
// progress go by that, never by a chair's manual entry.
type Report struct {
	Cluster string           `json:"cluster"`
	Unit    string           `json:"unit"`
	Period  Period           `json:"period"`
	Version int              `json:"version"`
	Values  map[string]Entry `json:"values"`
	// FirstConfirmedAt decides lateness: corrections before the lock do not
	// make an on-time report late.
	FirstConfirmedAt time.Time `json:"first_confirmed_at,omitzero"`
	// ConfirmedAt and ConfirmedBy are the focal points' latest confirmation.
	ConfirmedAt time.Time `json:"confirmed_at,omitzero"`
	ConfirmedBy Actor     `json:"confirmed_by,omitzero"`
	Deadline    time.Time `json:"deadline,omitzero"`
	Late        bool      `json:"late,omitempty"`
	// Unlocked, when set, lets the next focal confirmation through after
	// the lock; that confirmation consumes it.
	Unlocked *Grant     `json:"unlocked,omitempty"`
	History  []Revision `json:"history"`
}

// Confirmed reports whether the unit's focal point has confirmed the report.
func (r *Report) Confirmed() bool { return r != nil && !r.FirstConfirmedAt.IsZero() }

// Grant records who unlocked a period, when, and until when focal points
// may confirm it again.
type Grant struct {
	By    Actor     `json:"by"`
	At    time.Time `json:"at"`
	Until time.Time `json:"until,omitzero"`
}

// legacyUnlock is how long a grant recorded without an end (before unlock
// windows existed) stays open.
const legacyUnlock = 7 * 24 * time.Hour

// End is when the unlock window closes.
func (g *Grant) End() time.Time {
	if g.Until.IsZero() {
		return g.At.Add(legacyUnlock)
	}
	return g.Until
}

// DefaultUnlockDays is the length of an unlock window in working days when
// the chair gives none.
const DefaultUnlockDays = 3

// WorkingDays tells which dates are working days; the reminders calendar
// (weekends and public holidays) provides it.
type WorkingDays interface {
	IsWorkingDay(t time.Time) bool
}

// Weekdays is WorkingDays without a holiday list: Monday to Friday.
type Weekdays struct{}

// IsWorkingDay reports whether t falls on Monday to Friday.
func (Weekdays) IsWorkingDay(t time.Time) bool {
	return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday
}

// UnlockEnd is the end of an unlock window of n working days granted at t:
// the midnight that ends the n-th working day after t's date (a time limit
// counts from the next day, as Vietnamese law counts it), in t's location.
func UnlockEnd(wd WorkingDays, t time.Time, n int) time.Time {
	if wd == nil {
		wd = Weekdays{}
	}
	y, m, d := t.Date()
	day := time.Date(y, m, d, 12, 0, 0, 0, t.Location())
	for k := 0; k < n; {
		day = day.AddDate(0, 0, 1)
		if wd.IsWorkingDay(day) {
			k++
		}
	}
	y, m, d = day.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, t.Location())
}

// RevisionKind says what a revision did.
type RevisionKind string

// Revision kinds.
const (
	RevConfirm RevisionKind = "confirm"
	RevUnlock  RevisionKind = "unlock"
)

// Revision is one change of a report, kept forever.
type Revision struct {
	Kind    RevisionKind `json:"kind"`
	Version int          `json:"version"` // the report's version after the change
	At      time.Time    `json:"at"`
	By      Actor        `json:"by"`
	Late    bool         `json:"late,omitempty"`       // a first confirmation after the deadline
	Locked  bool         `json:"after_lock,omitempty"` // made after the lock (by unlock or by a chair or admin)
	Manual  bool         `json:"manual,omitempty"`     // a chair's entry of manual criteria
	Until   time.Time    `json:"until,omitzero"`       // an unlock's end
	Changes []Change     `json:"changes,omitempty"`
}

// Change is one criterion's old and new answer; Old is nil for a first answer.
type Change struct {
	Criterion string `json:"criterion"`
	Name      string `json:"name,omitempty"`
	Unit      string `json:"unit,omitempty"` // unit and rule kind, to render
	Rule      string `json:"rule,omitempty"` // the values as they were entered
	Old       *Entry `json:"old,omitempty"`
	New       *Entry `json:"new"`
}

// Calendar gives a cluster's submission deadline and lock for a month; the
// reminders calendar provides it. The lock is the end of the grace period:
// from then on only a chair or an admin can open the month again.
type Calendar interface {
	SubmissionWindow(cluster string, year int, month time.Month) (deadline, lock time.Time)
}

// CalendarFunc adapts a function to Calendar.
type CalendarFunc func(cluster string, year int, month time.Month) (deadline, lock time.Time)

// SubmissionWindow calls f.
func (f CalendarFunc) SubmissionWindow(cluster string, year int, month time.Month) (time.Time, time.Time) {
	return f(cluster, year, month)
}

// Reports is the repository of monthly reports. It is safe for concurrent
// use, also across processes sharing one store: every write is one atomic
// store.KV Update.
type Reports struct {
	kv      store.KV
	reports store.JSON[Report]
	index   store.JSON[struct{}]
	clk     clock.Clock
	cal     Calendar
	loc     *time.Location
	cache   *cache // see Values
}

// NewReports returns the repository over kv. loc is the time zone in which
// months begin and end (Asia/Ho_Chi_Minh).
func NewReports(kv store.KV, clk clock.Clock, cal Calendar, loc *time.Location) *Reports {
	return &Reports{kv: kv, reports: store.NewJSON[Report](kv, Bucket), index: store.NewJSON[struct{}](kv, Bucket),
		clk: clk, cal: cal, loc: loc, cache: &cache{}}
}

// Key layout (schema 2, see MigrateReports): a report is stored under its
// cluster and period, so that a year's ranking lists one year of one
// cluster and nothing else; a unit index, written in the same transaction,
// lists one unit's periods for its own history.
//
//	report/<cluster>/<YYYY-MM>/<unit>      the report
//	unitreport/<cluster>/<unit>/<YYYY-MM>  {} (the unit index)
func reportKey(cluster, unit string, p Period) string {
	return "report/" + cluster + "/" + p.String() + "/" + unit
}

func unitIndexKey(cluster, unit string, p Period) string {
	return "unitreport/" + cluster + "/" + unit + "/" + p.String()
}

// Two more indexes (schema 4), written with the report, answer the
// questions that would otherwise read a cluster's whole history:
//
//	confirmedat/<cluster>/<YYYY-MM>/<YYYY-MM>/<unit>  {} the month (UTC) of
//	    a focal confirmation, then the report's period: ConfirmedSince
//	    lists the months since and nothing older. An entry stays when a
//	    later confirmation moves the report to a later month; readers check
//	    the report itself.
//	openunlock/<cluster>/<YYYY-MM>/<unit>  {} a report reopened (Unlocked)
//	    and never confirmed: OpenUnlocks lists these only.
func confirmedAtKey(r *Report) string {
	return "confirmedat/" + r.Cluster + "/" + PeriodOf(r.ConfirmedAt.UTC()).String() + "/" + r.Period.String() + "/" + r.Unit
}

func openUnlockKey(cluster, unit string, p Period) string {
	return "openunlock/" + cluster + "/" + p.String() + "/" + unit
}

// putReportTx stores r, its index entries and a new version of its
// cluster's year inside tx, and names r's unit and month among the year's
// changes since its compact record (changeKey).
func (rs *Reports) putReportTx(tx store.Tx, r *Report) error {
	if err := rs.reports.In(tx).Put(reportKey(r.Cluster, r.Unit, r.Period), *r); err != nil {
		return err
	}
	ver, err := bumpTx(tx, r.Cluster, r.Period.Year)
	if err != nil {
		return err
	}
	if err := tx.Put(FiguresBucket, changeKey(r.Cluster, r.Unit, r.Period), ver); err != nil {
		return err
	}
	if err := rs.index.In(tx).Put(unitIndexKey(r.Cluster, r.Unit, r.Period), struct{}{}); err != nil {
		return err
	}
	return writeReportIndexTx(tx, r)
}

// writeReportIndexTx is indexReportTx without reading first: the entries'
// values are fixed, so writing one that exists changes nothing, and a
// confirmation's transaction spares two reads (two round trips on Redis).
func writeReportIndexTx(tx store.Tx, r *Report) error {
	if !r.ConfirmedAt.IsZero() {
		if err := tx.Put(Bucket, confirmedAtKey(r), []byte("{}")); err != nil {
			return err
		}
	}
	ul := openUnlockKey(r.Cluster, r.Unit, r.Period)
	if r.Unlocked != nil && !r.Confirmed() {
		return tx.Put(Bucket, ul, []byte("{}"))
	}
	return tx.Delete(Bucket, ul)
}

// indexReportTx writes r's confirmation and open-unlock index entries, and
// removes an open-unlock entry r no longer has; it returns how many
// entries it changed (the migration counts them).
func indexReportTx(tx store.Tx, r *Report) (int, error) {
	n := 0
	put := func(key string) error {
		if _, err := tx.Get(Bucket, key); !errors.Is(err, store.ErrNotFound) {
			return err
		}
		n++
		return tx.Put(Bucket, key, []byte("{}"))
	}
	if !r.ConfirmedAt.IsZero() {
		if err := put(confirmedAtKey(r)); err != nil {
			return 0, err
		}
	}
	ul := openUnlockKey(r.Cluster, r.Unit, r.Period)
	if r.Unlocked != nil && !r.Confirmed() {
		if err := put(ul); err != nil {
			return 0, err
		}
	} else if _, err := tx.Get(Bucket, ul); err == nil {
		n++
		if err := tx.Delete(Bucket, ul); err != nil {
			return 0, err
		}
	} else if !errors.Is(err, store.ErrNotFound) {
		return 0, err
	}
	return n, nil
}

// getReportTx returns the stored report (nil when there is none) inside tx.
func (rs *Reports) getReportTx(tx store.Tx, cluster, unit string, p Period) (*Report, error) {
	r, err := rs.reports.In(tx).Get(reportKey(cluster, unit, p))
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return normalized(&r), nil
}

// Window returns the deadline and lock of period p for cluster.
func (rs *Reports) Window(cluster string, p Period) (deadline, lock time.Time) {
	return rs.cal.SubmissionWindow(cluster, p.Year, p.Month)
}

// OpenPeriod is the period /baocao offers by default at the current time.
// See OpenPeriod.
func (rs *Reports) OpenPeriod(cluster string) Period {
	return OpenPeriod(rs.cal, cluster, rs.clk.Now().In(rs.loc))
}

// OpenPeriod is the period open for submission at now (taken in the cluster's
// time zone): the previous month until its lock, then the current month. So
// on 03/12 the open period is November (late if past its deadline), and once
// November locks, December is open, to be filled in as the month goes.
func OpenPeriod(cal Calendar, cluster string, now time.Time) Period {
	cur := PeriodOf(now)
	prev := cur.Prev()
	if _, lock := cal.SubmissionWindow(cluster, prev.Year, prev.Month); now.Before(lock) {
		return prev
	}
	return cur
}

// Editable reports whether a focal point may still confirm period p at the
// current time without an unlock: p has begun and its lock has not passed.
func (rs *Reports) Editable(cluster string, p Period) bool {
	now := rs.clk.Now().In(rs.loc)
	_, lock := rs.Window(cluster, p)
	return !PeriodOf(now).Before(p) && now.Before(lock)
}

// OpenUntil tells until when a focal point may confirm rep's period (rep may
// be nil: nothing stored): the lock, or the end of an unlock window when
// that is later; and whether that end is still ahead now. The end is what
// every notice about the period shows, so it is never a date already past
// while the period is open.
func (rs *Reports) OpenUntil(cluster string, p Period, rep *Report) (time.Time, bool) {
	now := rs.clk.Now().In(rs.loc)
	_, end := rs.Window(cluster, p)
	if rep != nil && rep.Unlocked != nil && rep.Unlocked.End().After(end) {
		end = rep.Unlocked.End()
	}
	return end.In(rs.loc), !PeriodOf(now).Before(p) && now.Before(end)
}

// Get returns the stored report, or ErrNotFound when there is none.
func (rs *Reports) Get(ctx context.Context, cluster, unit string, p Period) (*Report, error) {
	r, err := rs.reports.Get(ctx, reportKey(cluster, unit, p))
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return normalized(&r), nil
}

// normalized gives a decoded report the map a report never lacks.
func normalized(r *Report) *Report {
	if r.Values == nil {
		r.Values = map[string]Entry{}
	}
	return r
}

// List returns every stored report of cluster for year, by unit then month.
func (rs *Reports) List(ctx context.Context, cluster string, year int) ([]Report, error) {
	recs, err := rs.reports.List(ctx, fmt.Sprintf("report/%s/%04d-", cluster, year))
	if err != nil {
		return nil, fmt.Errorf("reports of %s: %w", cluster, err)
	}
	out := make([]Report, 0, len(recs))
	for _, r := range recs {
		out = append(out, *normalized(&r.Value))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Unit < out[j].Unit })
	return out, nil
}

// UnitReports returns every stored report of one unit, oldest first.
func (rs *Reports) UnitReports(ctx context.Context, cluster, unit string) ([]Report, error) {
	prefix := "unitreport/" + cluster + "/" + unit + "/"
	idx, err := rs.index.List(ctx, prefix)
	if err != nil {
		return nil, fmt.Errorf("reports of %s/%s: %w", cluster, unit, err)
	}
	out := make([]Report, 0, len(idx))
	for _, it := range idx {
		p, err := ParsePeriod(it.Key[len(prefix):])
		if err != nil {
			return nil, fmt.Errorf("report index %s: %w", it.Key, err)
		}
		r, err := rs.Get(ctx, cluster, unit, p)
		if errors.Is(err, ErrNotFound) {
			continue // the index and the report are written together; tolerate a hand-edited store
		}
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, nil
}

// Known returns, for the criteria cs, what the conversation shows and checks
// against for unit in period p: targets (from the caller's targets map, by
// criterion id; nil for none) and the latest earlier confirmed value, taken
// from the same year for cumulative and monthly inputs, from any earlier month
// for snapshots.
func (rs *Reports) Known(ctx context.Context, cluster, unit string, p Period, cs []Criterion, targets map[string]float64) (map[string]Known, error) {
	reports, err := rs.UnitReports(ctx, cluster, unit)
	if err != nil {
		return nil, err
	}
	return known(reports, p, cs, targets), nil
}

func known(reports []Report, p Period, cs []Criterion, targets map[string]float64) map[string]Known {
	out := make(map[string]Known, len(cs))
	for _, c := range cs {
		var k Known
		if t, ok := targets[c.ID]; ok {
			k.Target = &t
		}
		for i := len(reports) - 1; i >= 0; i-- {
			r := reports[i]
			if r.Version == 0 || !r.Period.Before(p) {
				continue
			}
			if (c.Input == Cumulative || c.Input == Monthly) && r.Period.Year != p.Year {
				break
			}
			if e, ok := r.Values[c.ID]; ok && e.HasValue() {
				k.Last = &Last{Period: r.Period, Value: e.Value}
				break
			}
		}
		out[c.ID] = k
	}
	return out
}

// Confirmation is what the user reviewed and confirmed.
type Confirmation struct {
	Cluster string
	Unit    string
	Period  Period
	// BaseVersion is the version of the report the user started from and
	// reviewed (0 when there was none); if someone confirmed in between,
	// Confirm refuses with a ConflictError.
	BaseVersion int
	// Values are the answers; criteria not listed keep their stored answer,
	// so a focal point's confirmation leaves the chair's manual values alone.
	Values map[string]Entry
	// Criteria name the criteria in the revision (optional).
	Criteria []Criterion
	By       Actor
	// Manual marks a chair's entry of manual criteria: it neither submits
	// the unit's report nor makes it late.
	Manual bool
}

// Confirm stores a confirmation durably, in one atomic update, and returns
// the report as stored; ConfirmedAt is the time to tell the user ("Đã ghi nhận
// lúc …"). It fails with ConflictError when the report moved past BaseVersion
// (unless the stored answers already equal these, as after a double tap),
// LockedError after the lock unless the period was unlocked or By is a chair
// or an admin, and ErrFuturePeriod for a month that has not begun. The first
// confirmation after the deadline marks the report late.
func (rs *Reports) Confirm(ctx context.Context, c Confirmation) (*Report, error) {
	now := rs.clk.Now().In(rs.loc)
	if PeriodOf(now).Before(c.Period) {
		return nil, ErrFuturePeriod
	}
	deadline, lock := rs.Window(c.Cluster, c.Period)
	names := map[string]Criterion{}
	order := map[string]int{}
	for i, cr := range c.Criteria {
		names[cr.ID] = cr
		order[cr.ID] = i
	}
	var out *Report
	key := reportKey(c.Cluster, c.Unit, c.Period)
	err := rs.kv.Txn(ctx, func(tx store.Tx) error {
		r, err := rs.getReportTx(tx, c.Cluster, c.Unit, c.Period)
		if err != nil {
			return err
		}
		if r == nil {
			r = &Report{Cluster: c.Cluster, Unit: c.Unit, Period: c.Period, Values: map[string]Entry{}}
		}
		changes := diff(r.Values, c.Values, names, order)
		if r.Version != c.BaseVersion {
			if len(changes) == 0 && r.Version > 0 {
				out = r // already stored as confirmed: a repeated tap, or the same figures
				return nil
			}
			// Someone confirmed meanwhile. Their changes to criteria this
			// confirmation does not carry (a chair's manual values) merge;
			// any overlap must be reviewed, never overwritten.
			if revs := overlapping(since(r.History, c.BaseVersion), c.Values); len(revs) > 0 {
				return &ConflictError{Current: r, Changes: revs}
			}
		}
		afterLock := !now.Before(lock)
		if afterLock && !c.By.mayUnlock() && (r.Unlocked == nil || !now.Before(r.Unlocked.End())) {
			end := lock
			if r.Unlocked != nil && r.Unlocked.End().After(end) {
				end = r.Unlocked.End()
			}
			return &LockedError{Period: c.Period, Lock: end.In(rs.loc)}
		}
		rev := Revision{Kind: RevConfirm, Version: r.Version + 1, At: now, By: c.By, Locked: afterLock,
			Manual: c.Manual, Changes: changes}
		if !c.Manual {
			if r.FirstConfirmedAt.IsZero() {
				r.FirstConfirmedAt = now
				r.Late = now.After(deadline)
				rev.Late = r.Late
			}
			r.ConfirmedAt, r.ConfirmedBy = now, c.By
		}
		for id, e := range c.Values {
			r.Values[id] = e
		}
		r.Version++
		r.Deadline = deadline
		r.History = append(r.History, rev)
		out = r
		return rs.putReportTx(tx, r)
	})
	if err != nil {
		var cf *ConflictError
		var lk *LockedError
		if errors.As(err, &cf) || errors.As(err, &lk) {
			return nil, err
		}
		return nil, fmt.Errorf("confirm report %s: %w", key, err)
	}
	return out, nil
}

// diff lists the answers in next that differ from old, in table order
// (criteria not in order last, by id).
func diff(old, next map[string]Entry, names map[string]Criterion, order map[string]int) []Change {
	ids := make([]string, 0, len(next))
	for id := range next {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		oi, iok := order[ids[i]]
		oj, jok := order[ids[j]]
		switch {
		case iok && jok:
			return oi < oj
		case iok != jok:
			return iok
		}
		return ids[i] < ids[j]
	})
	var out []Change
	for _, id := range ids {
		n := next[id]
		o, had := old[id]
		if had && o.same(n) {
			continue
		}
		ch := Change{Criterion: id, Name: names[id].Name, Unit: names[id].Unit, Rule: names[id].Rule, New: &n}
		if had {
			ch.Old = &o
		}
		out = append(out, ch)
	}
	return out
}

// since returns the confirmations after version base.
func since(history []Revision, base int) []Revision {
	var out []Revision
	for _, rev := range history {
		if rev.Kind == RevConfirm && rev.Version > base {
			out = append(out, rev)
		}
	}
	return out
}

// overlapping keeps the revisions' changes to criteria present in values.
func overlapping(revs []Revision, values map[string]Entry) []Revision {
	var out []Revision
	for _, rev := range revs {
		var chs []Change
		for _, ch := range rev.Changes {
			if _, ok := values[ch.Criterion]; ok {
				chs = append(chs, ch)
			}
		}
		if len(chs) > 0 {
			rev.Changes = chs
			out = append(out, rev)
		}
	}
	return out
}

// Unlock opens a locked period of a unit until the end of until (see
// UnlockEnd): focal points may confirm it again until then. Only a chair or
// an admin may, and the revision history records who, when and until when.
func (rs *Reports) Unlock(ctx context.Context, cluster, unit string, p Period, by Actor, until time.Time) (*Report, error) {
	if !by.mayUnlock() {
		return nil, ErrForbidden
	}
	now := rs.clk.Now().In(rs.loc)
	if !until.After(now) {
		return nil, fmt.Errorf("unlock %s/%s/%s: window ends %v, before now", cluster, unit, p, until)
	}
	var out *Report
	key := reportKey(cluster, unit, p)
	err := rs.kv.Txn(ctx, func(tx store.Tx) error {
		r, err := rs.getReportTx(tx, cluster, unit, p)
		if err != nil {
			return err
		}
		if r == nil {
			r = &Report{Cluster: cluster, Unit: unit, Period: p, Values: map[string]Entry{}}
		}
		r.Unlocked = &Grant{By: by, At: now, Until: until}
		r.History = append(r.History, Revision{Kind: RevUnlock, Version: r.Version, At: now, By: by, Until: until})
		out = r
		return rs.putReportTx(tx, r)
	})
	if err != nil {
		return nil, fmt.Errorf("unlock report %s: %w", key, err)
	}
	return out, nil
}

// History returns every revision of a unit's report for p, oldest first.
func (rs *Reports) History(ctx context.Context, cluster, unit string, p Period) ([]Revision, error) {
	r, err := rs.Get(ctx, cluster, unit, p)
	if err != nil {
		return nil, err
	}
	return r.History, nil
}

// FormatEntry renders an answer for summaries and history: "1.234,5 tỷ
// đồng", "bỏ qua (để trống)", "95% (giữ như tháng 5/2026)".
func FormatEntry(c Criterion, e *Entry) string {
	if e == nil {
		return msg.SubmitEntryNone
	}
	switch e.State {
	case StateSkipped:
		return msg.SubmitEntrySkipped
	case StateKept:
		return msg.SubmitEntryKept(FormatValue(c, e.Value), e.From.Label())
	}
	return FormatValue(c, e.Value)
}

// Text renders the change's old and new answers.
func (ch Change) Text() (old, new string) {
	c := Criterion{Unit: ch.Unit, Rule: ch.Rule}
	return FormatEntry(c, ch.Old), FormatEntry(c, ch.New)
}

// Package submissions holds the monthly reports that each member unit's focal
// point submits: which criteria to ask and how, how a typed Vietnamese number
// is read (and when it must be asked back), which values deserve a warning,
// which period is open, and the durable record of drafts, confirmations,
// revisions, late flags and locks. It knows nothing of Telegram or of the
// storage engine: the conversation in package bot is a thin layer over it, and
// records are JSON over store.KV.
package submissions

import (
	"errors"
	"fmt"
	"time"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/vi"
)

// Input says how a criterion's monthly value is meant (see PRODUCT.md).
type Input string

// Input kinds.
const (
	Cumulative Input = "cumulative" // year to date (lũy kế)
	Monthly    Input = "monthly"    // arising in the month; months add up
	Latest     Input = "latest"     // a snapshot at the time of the report
	Manual     Input = "manual"     // entered by the chair, never asked of a focal point
)

// Rule kinds the package needs to know about; the rest are opaque strings.
const (
	RuleYesNo    = "yes_no"
	RulePerCount = "per_count"
	RuleRatio    = "ratio"
	RuleLeader   = "leader_relative"
)

// SourceLateSubmissions marks a per_count criterion the bot counts itself:
// one per month whose report was confirmed after the deadline.
const SourceLateSubmissions = "late_submissions"

// Range is a criterion's plausible interval, both ends included.
type Range struct {
	Min, Max float64
}

// Contains reports whether v lies in r.
func (r Range) Contains(v float64) bool { return v >= r.Min && v <= r.Max }

// Criterion is what this package needs to know of a scoring criterion. It
// mirrors the scoring table's criterion so that the conversation can be built
// from the table without this package depending on the engine's internals.
type Criterion struct {
	ID     string
	Name   string
	Unit   string // "tỷ đồng", "%", "người"; empty for plain counts and yes/no
	Input  Input
	Rule   string // rule kind: ratio, yes_no, per_count, bands…
	Source string // SourceLateSubmissions or empty
	Range  *Range // plausible values, nil when the table gives none
	// Limit, for a criterion the chair enters (manual input), is the interval
	// outside which a value is refused rather than questioned: [0, max] for a
	// direct rule (the value is the points), the criterion's range otherwise
	// (nil when the table gives none).
	Limit *Range
}

// RuleDirect is the rule whose value is the points themselves.
const RuleDirect = "direct"

// limit is the interval of values accepted for c, or nil; see Criterion.Limit.
func limit(input Input, rule string, max float64, rng *Range) *Range {
	if input != Manual {
		return nil
	}
	if rule == RuleDirect {
		return &Range{Min: 0, Max: max}
	}
	return rng
}

// LimitText renders c's Limit for prompts and errors: "0–20 điểm", "0–100%".
func (c Criterion) LimitText() string {
	if c.Limit == nil {
		return ""
	}
	u := c
	if c.Rule == RuleDirect && c.Unit == "" {
		u.Unit = msg.SubmitPointsUnit
	}
	return numberText(c.Limit.Min) + "–" + FormatValue(u, c.Limit.Max)
}

// refuse returns the InputError for a value outside c's Limit, or nil.
func (c Criterion) refuse(input string, v float64) error {
	if c.Limit == nil || c.Limit.Contains(v) {
		return nil
	}
	return &InputError{Input: input, Message: msg.SubmitOutOfLimit(numberText(v), c.LimitText())}
}

// Asked reports whether a focal point is asked this criterion: manual ones are
// the chair's, and late-submission counters are derived by the bot.
func (c Criterion) Asked() bool {
	return c.Input != Manual && c.Source != SourceLateSubmissions
}

// integer reports whether only whole numbers make sense: counted occurrences
// and counted things (people, dossiers…).
func (c Criterion) integer() bool {
	if c.Rule == RulePerCount {
		return true
	}
	_, rest := splitUnit(vi.Fold(c.Unit))
	return countUnits[rest]
}

// Period is one month of one year, the unit of submission.
type Period struct {
	Year  int
	Month time.Month
}

// PeriodOf returns the month t falls in, in t's location.
func PeriodOf(t time.Time) Period { return Period{t.Year(), t.Month()} }

// ParsePeriod reads the "2026-06" form used in keys, files and callback
// data (scoring.ParsePeriodKey; what people type goes through
// scoring.ParseNamed).
func ParsePeriod(s string) (Period, error) {
	p, err := scoring.ParsePeriodKey(s)
	if err != nil {
		return Period{}, err
	}
	return Period{p.Year, p.Month}, nil
}

// String gives the "2026-06" form.
func (p Period) String() string { return fmt.Sprintf("%04d-%02d", p.Year, int(p.Month)) }

// Label gives the Vietnamese form, "tháng 6/2026".
func (p Period) Label() string { return vi.Month(p.Year, p.Month) }

// Prev returns the month before p.
func (p Period) Prev() Period {
	if p.Month == time.January {
		return Period{p.Year - 1, time.December}
	}
	return Period{p.Year, p.Month - 1}
}

// Next returns the month after p.
func (p Period) Next() Period {
	if p.Month == time.December {
		return Period{p.Year + 1, time.January}
	}
	return Period{p.Year, p.Month + 1}
}

// Before reports whether p is earlier than q.
func (p Period) Before(q Period) bool {
	return p.Year < q.Year || p.Year == q.Year && p.Month < q.Month
}

// IsZero reports whether p is unset.
func (p Period) IsZero() bool { return p == Period{} }

// MarshalText and UnmarshalText store a period as "2026-06".
// The zero period is stored as "".
func (p Period) MarshalText() ([]byte, error) {
	if p.IsZero() {
		return []byte{}, nil
	}
	return []byte(p.String()), nil
}

func (p *Period) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = Period{}
		return nil
	}
	q, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// Role is what an actor may do; only chairs and admins may touch a locked period.
type Role string

// Roles as far as this package cares.
const (
	RoleFocal  Role = "focal"
	RoleChair  Role = "chair"
	RoleDeputy Role = "deputy"
	RoleAdmin  Role = "admin"
)

// Actor is the person behind a change, kept in every revision.
type Actor struct {
	UserID int64  `json:"user_id"`
	Name   string `json:"name"`
	Role   Role   `json:"role"`
}

func (a Actor) mayUnlock() bool { return a.Role == RoleChair || a.Role == RoleAdmin }

// InputError is a value the user typed that cannot be read. Message is safe to
// show in the chat and says what form is expected.
type InputError struct {
	Input   string
	Message string
}

func (e *InputError) Error() string { return fmt.Sprintf("read %q: %s", e.Input, e.Message) }

// ErrForbidden is returned when an actor without the right role tries to unlock.
var ErrForbidden = errors.New("submissions: only a chair or an admin may do this")

// ErrNotFound is returned when a report or draft does not exist.
var ErrNotFound = errors.New("submissions: not found")

// ErrFuturePeriod is returned when a report is confirmed for a month that has
// not started.
var ErrFuturePeriod = errors.New("submissions: period has not started")

// LockedError is returned when a period is past its lock and not unlocked.
type LockedError struct {
	Period Period
	Lock   time.Time
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("submissions: period %s locked since %s", e.Period, e.Lock.Format(time.RFC3339))
}

// ConflictError is returned by Confirm when the report changed after the user
// reviewed it (another focal point of the unit confirmed first). Current is
// the report as it is now; Changes are what the others changed since.
type ConflictError struct {
	Current *Report
	Changes []Revision
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("submissions: report %s/%s/%s changed (now version %d)",
		e.Current.Cluster, e.Current.Unit, e.Current.Period, e.Current.Version)
}

// Message returns the Vietnamese text to show the user for an error of this
// package, and false for anything else (an internal error to log and apologise for).
func Message(err error) (string, bool) {
	var in *InputError
	var lk *LockedError
	var cf *ConflictError
	var xe *XLSXError
	switch {
	case errors.As(err, &xe):
		return xe.text(), true
	case errors.As(err, &in):
		return in.Message, true
	case errors.As(err, &lk):
		return msg.SubmitLocked(lk.Period.Label(), vi.DateTime(lk.Lock)), true
	case errors.As(err, &cf):
		return msg.SubmitConflict(conflictLines(cf)), true
	case errors.Is(err, ErrForbidden):
		return msg.SubmitForbidden, true
	case errors.Is(err, ErrFuturePeriod):
		return msg.SubmitFuturePeriod, true
	case errors.Is(err, ErrNotFound):
		return msg.SubmitNothing, true
	}
	return "", false
}

func conflictLines(cf *ConflictError) []string {
	var lines []string
	for _, rev := range cf.Changes {
		for _, ch := range rev.Changes {
			name := ch.Name
			if name == "" {
				name = ch.Criterion
			}
			old, new := ch.Text()
			lines = append(lines, msg.SubmitChangeLine(rev.By.Name, vi.DateTime(rev.At), name, old, new))
		}
	}
	return lines
}

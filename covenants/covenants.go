// Package covenants records the year's emulation covenant (giao ước thi
// đua) as the bot supports it: the chair sends each unit its plan targets
// from config, each unit's focal point acknowledges them or reports a
// discrepancy, and the record keeps who acknowledged what and when, with a
// snapshot of the targets acknowledged so that a later change to the
// targets files shows as a difference. The covenant itself is still signed
// by the unit heads at the cluster's conference.
package covenants

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/store"
)

// Bucket holds the covenant records.
const Bucket = "covenants"

// Target is one criterion's annual target for a unit, as acknowledged.
type Target struct {
	Criterion string  `json:"criterion"`
	Name      string  `json:"name"`
	Measure   string  `json:"measure,omitempty"` // the criterion's unit: "tỷ đồng", "người"
	Annual    float64 `json:"annual"`
}

// UnitTargets lists unit's targets for year in the table's order: the
// criteria that have one.
func UnitTargets(t *scoring.Table, ts *scoring.Targets, year int, unit string) []Target {
	var out []Target
	if t == nil || ts == nil {
		return out
	}
	for _, c := range t.Criteria() {
		if tg, ok := ts.Get(year, unit, c.ID); ok {
			out = append(out, Target{Criterion: c.ID, Name: c.Name, Measure: c.Unit, Annual: tg.Annual})
		}
	}
	return out
}

// Diff names the criteria whose target differs between what was
// acknowledged and what the config says now (changed, added or removed).
func Diff(acked, now []Target) []string {
	old := map[string]Target{}
	for _, t := range acked {
		old[t.Criterion] = t
	}
	var out []string
	seen := map[string]bool{}
	for _, t := range now {
		seen[t.Criterion] = true
		if o, ok := old[t.Criterion]; !ok || o.Annual != t.Annual {
			out = append(out, t.Name)
		}
	}
	for _, t := range acked {
		if !seen[t.Criterion] {
			out = append(out, t.Name)
		}
	}
	return out
}

// Ack is a unit's acknowledgement of its targets.
type Ack struct {
	Cluster string    `json:"cluster"`
	Unit    string    `json:"unit"`
	Year    int       `json:"year"`
	By      int64     `json:"by"`
	ByName  string    `json:"by_name"`
	At      time.Time `json:"at"`
	Targets []Target  `json:"targets"`
}

// Discrepancy is a unit's report that its targets are wrong.
type Discrepancy struct {
	Cluster string    `json:"cluster"`
	Unit    string    `json:"unit"`
	Year    int       `json:"year"`
	By      int64     `json:"by"`
	ByName  string    `json:"by_name"`
	At      time.Time `json:"at"`
	Text    string    `json:"text"`
}

// Sending is when the chair sent a cluster's covenant for a year.
type Sending struct {
	By int64     `json:"by"`
	At time.Time `json:"at"`
}

// Store keeps covenant records in a store.KV.
type Store struct {
	kv       store.KV
	sendings store.JSON[Sending]     // "sent/<cluster>/<year>"
	acks     store.JSON[Ack]         // "ack/<cluster>/<year>/<unit>"
	gaps     store.JSON[Discrepancy] // "gap/<cluster>/<year>/<unit>/<ns>"
}

// NewStore returns the records kept in kv.
func NewStore(kv store.KV) *Store {
	return &Store{kv: kv, sendings: store.NewJSON[Sending](kv, Bucket), acks: store.NewJSON[Ack](kv, Bucket),
		gaps: store.NewJSON[Discrepancy](kv, Bucket)}
}

func yearKey(kind, cluster string, year int) string {
	return kind + "/" + cluster + "/" + strconv.Itoa(year) + "/"
}

// Send records that the chair sent the covenant; false when it had been
// sent already (the first sending is kept).
func (s *Store) Send(ctx context.Context, cluster string, year int, by int64, now time.Time) (bool, error) {
	return s.sendings.Create(ctx, "sent/"+cluster+"/"+strconv.Itoa(year), Sending{By: by, At: now}, 0)
}

// Sent returns the cluster's sending for year, if any.
func (s *Store) Sent(ctx context.Context, cluster string, year int) (Sending, bool, error) {
	snd, err := s.sendings.Get(ctx, "sent/"+cluster+"/"+strconv.Itoa(year))
	if errors.Is(err, store.ErrNotFound) {
		return Sending{}, false, nil
	}
	if err != nil {
		return Sending{}, false, err
	}
	return snd, true, nil
}

// Acknowledge records a unit's acknowledgement; a later one (after the
// targets changed) replaces it.
func (s *Store) Acknowledge(ctx context.Context, a Ack) error {
	return s.acks.Put(ctx, yearKey("ack", a.Cluster, a.Year)+a.Unit, a)
}

// Acks returns a cluster's acknowledgements for year by unit.
func (s *Store) Acks(ctx context.Context, cluster string, year int) (map[string]Ack, error) {
	items, err := s.acks.List(ctx, yearKey("ack", cluster, year))
	if err != nil {
		return nil, fmt.Errorf("list acknowledgements: %w", err)
	}
	out := map[string]Ack{}
	for _, it := range items {
		out[it.Value.Unit] = it.Value
	}
	return out, nil
}

// Report records a discrepancy.
func (s *Store) Report(ctx context.Context, d Discrepancy) error {
	key := yearKey("gap", d.Cluster, d.Year) + d.Unit + "/" + strconv.FormatInt(d.At.UnixNano(), 10)
	return s.gaps.Put(ctx, key, d)
}

// Discrepancies returns a cluster's reports for year, oldest first.
func (s *Store) Discrepancies(ctx context.Context, cluster string, year int) ([]Discrepancy, error) {
	items, err := s.gaps.List(ctx, yearKey("gap", cluster, year))
	if err != nil {
		return nil, fmt.Errorf("list discrepancies: %w", err)
	}
	var out []Discrepancy
	for _, it := range items {
		out = append(out, it.Value)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// ClaimReminder claims the reminder of a unit for one round; of several
// processes exactly one gets true.
func (s *Store) ClaimReminder(ctx context.Context, cluster, unit string, year, round int, now time.Time) (bool, error) {
	key := strings.Join([]string{"remind", cluster, strconv.Itoa(year), unit, strconv.Itoa(round)}, "/")
	return s.kv.Create(ctx, Bucket, key, []byte(now.UTC().Format(time.RFC3339)), 0)
}

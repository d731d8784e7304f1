// Package reportseed stores a values file's figures as confirmed monthly
// reports through the submissions API, as focal points and chairs would have
// confirmed them in chat: each unit-month with figures becomes a focal
// point's confirmation (made late when the file counts a late submission for
// that month), and manual criteria become the chair's entry. Tests and demos
// use it to show that ranking from the store gives what `thiduabot score`
// gives from the file.
package reportseed

import (
	"context"
	"fmt"
	"time"

	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/submissions"
)

// Window is the submission calendar the seeded reports are confirmed
// against: the deadline on the 10th of the next month, the lock on the 15th.
func Window(_ string, y int, m time.Month) (deadline, lock time.Time) {
	return time.Date(y, m+1, 10, 17, 0, 0, 0, time.UTC), time.Date(y, m+1, 15, 17, 0, 0, 0, time.UTC)
}

// Seed confirms year's figures of vs for every unit of o into kv and returns
// how many confirmations it made.
func Seed(ctx context.Context, kv store.KV, o *org.Config, tables map[string]*scoring.Table, vs scoring.Values, year int) (int, error) {
	clk := &at{}
	rs := submissions.NewReports(kv, clk, submissions.CalendarFunc(Window), time.UTC)
	n := 0
	for _, cl := range o.Clusters {
		t := tables[cl.Scoring]
		if t == nil {
			continue
		}
		crits := t.Criteria()
		for _, u := range cl.Units {
			for m := time.January; m <= time.December; m++ {
				focal, manual := map[string]submissions.Entry{}, map[string]submissions.Entry{}
				late, counted := false, false
				for _, c := range crits {
					v, ok := vs.Get(u.ID, c.ID, m)
					if !ok {
						continue
					}
					switch {
					case c.Source == submissions.SourceLateSubmissions:
						if c.Input != string(submissions.Monthly) {
							return n, fmt.Errorf("seed %s: late-submission counter %s must be monthly", u.ID, c.ID)
						}
						late, counted = v != 0, true
					case c.Input == string(submissions.Manual):
						manual[c.ID] = submissions.Entry{State: submissions.StateValue, Value: v}
					default:
						focal[c.ID] = submissions.Entry{State: submissions.StateValue, Value: v}
					}
				}
				p := submissions.Period{Year: year, Month: m}
				deadline, _ := Window(cl.ID, year, m)
				if len(focal) > 0 || counted {
					at := deadline.Add(-5 * 24 * time.Hour)
					if late {
						at = deadline.Add(24 * time.Hour)
					}
					clk.t = at
					_, err := rs.Confirm(ctx, submissions.Confirmation{Cluster: cl.ID, Unit: u.ID, Period: p, Values: focal,
						By: submissions.Actor{UserID: 1, Name: "đầu mối " + u.ID, Role: submissions.RoleFocal}})
					if err != nil {
						return n, fmt.Errorf("seed %s %s: %w", u.ID, p, err)
					}
					n++
				}
				if len(manual) > 0 {
					clk.t = deadline.Add(-24 * time.Hour)
					base := 0
					if r, err := rs.Get(ctx, cl.ID, u.ID, p); err == nil {
						base = r.Version
					}
					_, err := rs.Confirm(ctx, submissions.Confirmation{Cluster: cl.ID, Unit: u.ID, Period: p, Values: manual, BaseVersion: base,
						By: submissions.Actor{UserID: 2, Name: "cụm trưởng", Role: submissions.RoleChair}, Manual: true})
					if err != nil {
						return n, fmt.Errorf("seed manual %s %s: %w", u.ID, p, err)
					}
					n++
				}
			}
		}
	}
	return n, nil
}

// at is a clock that stands wherever the seeder puts it, backwards too.
type at struct{ t time.Time }

func (c *at) Now() time.Time { return c.t }

func (c *at) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- c.t.Add(d)
	return ch
}

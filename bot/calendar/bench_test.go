package calendar

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
	"github.com/thiduabot/thiduabot/submissions"
)

// BenchmarkTickState measures what every runner tick does before sending:
// load the state (members, confirmed reports, the reminders' records) and
// plan the window, for 100 clusters × 10 units with a focal point each, on
// the embedded store and on Redis. "cold" reads everything afresh, as the
// first tick after a start does (and, for the part that changed, a tick
// after a write); the others are the runner's steady state: the StateCache
// and PlanCache kept between ticks, the window moving a minute per tick.
// The runner ticks once a minute, so this must stay far below that.
// "confirmed" is the deadline morning's tick: before each, another replica
// confirms one unit's report (outside the timing), as focal points do all
// morning.
func BenchmarkTickState(b *testing.B) {
	due := hanoi(2026, 11, 5, 8, 0, 30)     // the deadline day's 08:00 reminders
	quiet := hanoi(2026, 11, 10, 14, 0, 30) // nothing due
	for _, kind := range []string{"bolt", "redis"} {
		b.Run(kind, func(b *testing.B) { benchTickState(b, kind, due, kept) })
		b.Run(kind+"-quiet", func(b *testing.B) { benchTickState(b, kind, quiet, kept) })
		b.Run(kind+"-confirmed", func(b *testing.B) { benchTickState(b, kind, due, confirmed) })
		b.Run(kind+"-cold", func(b *testing.B) { benchTickState(b, kind, due, cold) })
		b.Run(kind+"-quiet-cold", func(b *testing.B) { benchTickState(b, kind, quiet, cold) })
	}
}

// How benchTickState keeps the state between ticks.
const (
	kept      = iota // the StateCache, nothing written between ticks
	confirmed        // the StateCache, one report confirmed before each tick
	cold             // read afresh every tick
)

func benchTickState(b *testing.B, kind string, now time.Time, mode int) {
	ctx := context.Background()
	kv, o, cal, ms, clk := tickFixture(b, kind, now)
	from := now.Add(-6 * time.Hour)
	cache := NewStateCache(kv, o, cal, ms, clk, nil, "")
	other := submissions.NewReports(kv, clk, cal, cal.Location) // another replica's
	var plans reminders.PlanCache
	if mode != cold {
		if _, err := cache.Load(ctx, from, now); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	n, i := 0, 0
	for b.Loop() {
		if mode == confirmed {
			b.StopTimer()
			cl := o.Clusters[i%len(o.Clusters)]
			p := submissions.PeriodOf(now.In(cal.Location)).Prev()
			if _, err := other.Confirm(ctx, submissions.Confirmation{Cluster: cl.ID, Unit: cl.Units[i%len(cl.Units)].ID,
				Period: p, By: submissions.Actor{UserID: 1, Name: "Đầu mối", Role: submissions.RoleFocal}}); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		if mode == cold {
			st, err := LoadState(ctx, kv, o, cal, ms, clk, from, now, nil)
			if err != nil {
				b.Fatal(err)
			}
			n = len(reminders.Plan(cal, st, from, now))
			continue
		}
		// A tick a minute: the same reminders stay due (nobody sends them here).
		step := time.Duration(i) * time.Minute
		i++
		st, err := cache.Load(ctx, from.Add(step), now.Add(step))
		if err != nil {
			b.Fatal(err)
		}
		n = len(plans.Plan(cal, st, from.Add(step), now.Add(step)))
	}
	b.ReportMetric(float64(n), "reminders")
}

// tickFixture is 100 clusters × 10 units with a focal point each, on kind's store.
// kind is "bolt", "redis" or "mem" (storetest.Mem).
func tickFixture(b testing.TB, kind string, now time.Time) (store.KV, *org.Config, *reminders.Calendar, *org.Members, *clock.Fake) {
	ctx := context.Background()
	var y strings.Builder
	y.WriteString("clusters:\n")
	for c := range 100 {
		fmt.Fprintf(&y, "  - id: c%d\n    name: Cụm %d\n    scoring: bhxh-demo\n    chair: c%du0\n    deputy: c%du1\n    units:\n", c, c, c, c)
		for u := range 10 {
			fmt.Fprintf(&y, "      - id: c%du%d\n        name: Đơn vị %d.%d\n", c, u, c, u)
		}
	}
	o, _, err := org.Parse("org.yaml", []byte(y.String()))
	if err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile("../../examples/bhxh-demo/calendar.yaml")
	if err != nil {
		b.Fatal(err)
	}
	cal, err := reminders.ParseCalendar("calendar.yaml", []byte(strings.ReplaceAll(string(data), "cluster: cum5", "cluster: c0")), o)
	if err != nil {
		b.Fatal(err)
	}
	clk := clock.NewFake(now)
	var kv store.KV
	switch kind {
	case "redis":
		kv = bottest.Redis(b)
	case "mem":
		kv = storetest.NewMem(clk)
	default:
		kv = bottest.Bolt(b, clk)
	}
	ms := org.NewMembers(kv, clk)
	id := int64(1000)
	for _, cl := range o.Clusters {
		for _, u := range cl.Units {
			id++
			if _, err := ms.Bind(ctx, org.Member{UserID: id, Name: "Đầu mối", Role: org.RoleFocal, Cluster: cl.ID, Unit: u.ID}, 0); err != nil {
				b.Fatal(err)
			}
		}
	}
	return kv, o, cal, ms, clk
}

// BenchmarkTick is one whole runner tick with nothing due (cursor, state,
// plan, cursor moved) at 1,000 units, a tick a minute, on each store.
func BenchmarkTick(b *testing.B) {
	for _, kind := range []string{"bolt", "redis"} {
		b.Run(kind+"-quiet", func(b *testing.B) {
			ctx := context.Background()
			now := hanoi(2026, 11, 10, 14, 0, 30)
			kv, o, cal, ms, clk := tickFixture(b, kind, now)
			cache := NewStateCache(kv, o, cal, ms, clk, nil, "")
			r := &reminders.Runner{Calendar: cal, State: cache.State, Store: reminders.NewKVStore(kv), Clock: clk,
				Notifier: notifierFunc(func(reminders.Delivery) { b.Fatal("nothing is due") })}
			if _, err := r.Tick(ctx); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				clk.Advance(time.Minute)
				if _, err := r.Tick(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

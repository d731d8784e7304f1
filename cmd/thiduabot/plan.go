package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/bot/calendar"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/vi"
)

// runPlan previews the reminders of the configured calendar:
// thiduabot plan --from DATE --to DATE [--json] [--config DIR].
func runPlan(ctx context.Context, e *env, args []string) int {
	var s settings
	fs := newFlags(e, "plan", "plan --from YYYY-MM-DD --to YYYY-MM-DD [--json] [--config DIR]")
	s.addConfigFlag(e, fs)
	s.addStoreFlags(e, fs)
	fromS := fs.String("from", "", "ngày đầu (YYYY-MM-DD hoặc dd/mm/yyyy; mặc định hôm nay) / first day")
	toS := fs.String("to", "", "ngày cuối, tính cả ngày đó (mặc định 30 ngày sau ngày đầu) / last day, inclusive")
	asJSON := fs.Bool("json", false, "in danh sách JSON / print a JSON list")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	cfg, ok := s.configOrReport(e, "plan")
	if !ok {
		return 1
	}
	if cfg.Calendar == nil {
		fmt.Fprintln(e.stderr, "thiduabot plan: "+msg.PlanNoCalendar)
		return 1
	}
	cal := cfg.Calendar
	from, to, err := planWindow(*fromS, *toS, e.clock.Now(), cal.Location)
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot plan: %v\n", err)
		fs.Usage()
		return 2
	}

	print := func(st reminders.State) int {
		if err := writePlan(e.stdout, cal, st, from, to, *asJSON); err != nil {
			fmt.Fprintf(e.stderr, "thiduabot plan: %v\n", err)
			return 1
		}
		return 0
	}
	// A preview must not create a data folder: with no store yet, the state
	// is empty (nobody registered, nothing confirmed).
	if e.kv == nil && s.redisURL == "" {
		if _, err := os.Stat(s.dataDir); errors.Is(err, os.ErrNotExist) {
			return print(&reminders.Snapshot{})
		}
	}
	remote := func() ([]string, io.Reader, io.Writer) {
		return append([]string{"plan"}, args...), nil, e.stdout
	}
	return withStore(ctx, e, &s, remote, func(kv store.KV) int {
		st, err := loadReminderState(ctx, kv, cfg.Org, cal, e.clock, from, to, awardNominees(cfg, kv))
		if err != nil {
			fmt.Fprintf(e.stderr, "thiduabot plan: %v\n", err)
			return 1
		}
		return print(st)
	})
}

// loadReminderState is the reminders' planning state from the store, read
// exactly as the bot's runner reads it (calendar.LoadState): the reminders'
// own records, the registered people, the confirmed reports and the award
// nominees.
func loadReminderState(ctx context.Context, kv store.KV, o *org.Config, cal *reminders.Calendar, clk clock.Clock, from, to time.Time, nominees calendar.NomineesFunc) (*reminders.Snapshot, error) {
	return calendar.LoadState(ctx, kv, o, cal, org.NewMembers(kv, clk), clk, from, to, nominees)
}

// planWindow turns --from and --to into [from, to): midnight of the first
// day and midnight after the last, in the calendar's zone.
func planWindow(fromS, toS string, now time.Time, loc *time.Location) (time.Time, time.Time, error) {
	y, m, d := now.In(loc).Date()
	from := time.Date(y, m, d, 0, 0, 0, 0, loc)
	if fromS != "" {
		t, err := parseDay(fromS, loc)
		if err != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("--from: %w", err)
		}
		from = t
	}
	to := from.AddDate(0, 0, 30)
	if toS != "" {
		t, err := parseDay(toS, loc)
		if err != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("--to: %w", err)
		}
		to = t.AddDate(0, 0, 1)
	}
	if !from.Before(to) {
		return time.Time{}, time.Time{}, errors.New(msg.PlanBadRange)
	}
	if to.Sub(from) > 3*366*24*time.Hour {
		return time.Time{}, time.Time{}, errors.New(msg.PlanRangeTooLong)
	}
	return from, to, nil
}

func parseDay(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf(msg.PlanBadDate, s)
}

// planEntry is one line of `plan --json`; its fields are a stable contract.
type planEntry struct {
	Key        string                `json:"key"`
	SendAt     string                `json:"send_at"` // RFC 3339 with the zone's offset
	Item       string                `json:"item"`
	Occurrence string                `json:"occurrence"`
	Step       string                `json:"step"`
	Kind       reminders.Kind        `json:"kind"`
	Cluster    string                `json:"cluster"`
	Unit       string                `json:"unit"`
	Audience   string                `json:"audience"`
	Due        string                `json:"due"`
	Recipients []reminders.Recipient `json:"recipients"`
	Text       string                `json:"text"`
}

// writePlan prints the reminders of cal due in [from, to) for state st, as
// a JSON list or as one line per reminder.
func writePlan(w io.Writer, cal *reminders.Calendar, st reminders.State, from, to time.Time, asJSON bool) error {
	plan := reminders.Plan(cal, st, from, to)
	if asJSON {
		out := make([]planEntry, len(plan))
		for i, r := range plan {
			rec := r.Recipients
			if rec == nil {
				rec = []reminders.Recipient{}
			}
			out[i] = planEntry{Key: r.Key, SendAt: r.SendAt.Format(time.RFC3339), Item: r.Item,
				Occurrence: r.Occurrence, Step: r.Step, Kind: r.Kind, Cluster: r.Cluster, Unit: r.Unit,
				Audience: r.Audience, Due: r.Due.Format(time.RFC3339), Recipients: rec, Text: r.Text()}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	for _, r := range plan {
		who := r.Unit
		if who == "" {
			who = r.Audience + ":" + r.Cluster
		}
		if _, err := fmt.Fprintf(w, "%s  %-18s  %-12s  %s  (%s)\n", vi.DateTime(r.SendAt), r.Kind, who, r.Key,
			msg.PlanRecipients(len(r.Recipients))); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, msg.PlanSummary(len(plan), vi.Date(from), vi.Date(to.AddDate(0, 0, -1))))
	return err
}

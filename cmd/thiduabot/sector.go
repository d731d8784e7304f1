package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/thiduabot/thiduabot/bot/reports"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/covenants"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/sector"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/submissions"
)

// runSector prints the sector overview (every cluster at a glance) for a
// period, by default the year to date, as text or with --json in the shape
// other tools read. It goes through the running bot when that holds the
// embedded store.
func runSector(ctx context.Context, e *env, args []string) int {
	var s settings
	fs := newFlags(e, "sector", "sector [--config DIR] [--data DIR | --redis URL] [--period KỲ] [--json]")
	s.addConfigFlag(e, fs)
	s.addStoreFlags(e, fs)
	s.addTZFlag(e, fs)
	period := fs.String("period", "", "kỳ: 2026-06, 6/2026, quý 2, 6 tháng, năm 2026 (lũy kế từ đầu năm); mặc định lũy kế đến tháng đang thu số liệu, như /tiendo / period, default: year to date through the month being collected")
	asJSON := fs.Bool("json", false, "in kết quả dạng JSON / print JSON")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(e.stderr, msg.SectorCLIUsage)
		return 2
	}
	cfg, ok := s.configOrReport(e, "sector")
	if !ok {
		return 1
	}
	loc := rankLocation(cfg, e)
	now := e.clock.Now().In(loc)
	cur := scoring.Period{Year: now.Year(), Month: now.Month()}
	var p scoring.Period
	if *period != "" {
		n, err := scoring.ParseNamedAt(*period, cur)
		if p = n.Period; err != nil {
			fmt.Fprintln(e.stderr, fmt.Sprintf(msg.SectorCLIBadPeriod, *period))
			return 2
		}
		if p.Year > now.Year() || (p.Year == now.Year() && p.Month > now.Month()) {
			fmt.Fprintln(e.stderr, fmt.Sprintf(msg.SectorCLIFuture, p.Label()))
			return 1
		}
	}
	remote := func() ([]string, io.Reader, io.Writer) { return append([]string{"sector"}, args...), nil, e.stdout }
	return withStore(ctx, e, &s, remote, func(kv store.KV) int {
		src := newSectorSource(cfg, kv, loc)
		if *period == "" {
			p = src.DefaultPeriod(now)
		}
		ov, err := src.Overview(ctx, p, e.clock.Now())
		if err != nil {
			fmt.Fprintf(e.stderr, "thiduabot sector: %v\n", err)
			return 1
		}
		if *asJSON {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			if err := enc.Encode(ov); err != nil {
				fmt.Fprintf(e.stderr, "thiduabot sector: %v\n", err)
				return 1
			}
			return 0
		}
		fmt.Fprintln(e.stdout, sector.Text(ov, p))
		return 0
	})
}

// newSectorSource reads the overview from kv; /tongquan, the Mini App and
// `thiduabot sector` share it so that all show the same figures.
func newSectorSource(cfg *configdir.Config, kv store.KV, loc *time.Location) *sector.Source {
	src := &sector.Source{Org: cfg.Org, Windows: reports.DefaultCalendar(loc),
		Reports: submissions.NewReports(kv, nil, nil, loc), Reminders: reminders.NewKVStore(kv),
		Covenants: covenants.NewStore(kv), Location: loc}
	if cfg.Calendar != nil { // a nil *Calendar in the interface would not read as "none"
		src.Windows, src.Calendar = cfg.Calendar, cfg.Calendar
	}
	if n := awardNominees(cfg, kv); n != nil {
		src.Nominees = n
	}
	return src
}

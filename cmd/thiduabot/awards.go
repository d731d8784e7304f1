package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/thiduabot/thiduabot/awards"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/store"
)

// runAwards prints a cluster's award season from the stored reports: the
// ranking over the evaluation period, each unit's eligibility per award with
// its reasons, the chair's nominees and the warnings on them. It only reads,
// and goes through the running bot when that holds the embedded store.
func runAwards(ctx context.Context, e *env, args []string) int {
	var s settings
	fs := newFlags(e, "awards", "awards [--config DIR] [--data DIR | --redis URL] [--cluster ID] [--year NĂM] [--json]")
	s.addConfigFlag(e, fs)
	s.addStoreFlags(e, fs)
	s.addTZFlag(e, fs)
	cluster := fs.String("cluster", "", msg.CLIFlagCluster)
	yearFlag := fs.String("year", "", "năm bình xét; mặc định năm hiện tại / the season's year")
	asJSON := fs.Bool("json", false, "in kết quả dạng JSON / print JSON")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(e.stderr, msg.AwardCLIUsage)
		return 2
	}
	cfg, ok := s.configOrReport(e, "awards")
	if !ok {
		return 1
	}
	if cfg.Awards == nil {
		fmt.Fprintln(e.stderr, msg.AwardCLINoAwards)
		return 1
	}
	cl, code := rankCluster(cfg, *cluster, e.stderr)
	if cl == nil {
		return code
	}
	loc, err := s.location()
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot awards: %v\n", err)
		return 2
	}
	year := awards.SeasonOf(e.clock.Now().In(loc)) // last year in January and February
	if *yearFlag != "" {
		if year, err = strconv.Atoi(*yearFlag); err != nil || year < 2000 || year > 2100 {
			fmt.Fprintln(e.stderr, fmt.Sprintf(msg.AwardCLIBadYear, *yearFlag))
			return 2
		}
	}
	remote := func() ([]string, io.Reader, io.Writer) { return append([]string{"awards"}, args...), nil, e.stdout }
	return withStore(ctx, e, &s, remote, func(kv store.KV) int {
		season, err := cfg.Awards.Load(ctx, awardSource(cfg, kv, e), cl.ID, year)
		switch {
		case errors.Is(err, awards.ErrNoTable):
			fmt.Fprintln(e.stderr, fmt.Sprintf(msg.AwardCLINoTable, cl.ID, year))
			return 1
		case err != nil:
			fmt.Fprintf(e.stderr, "thiduabot awards: %v\n", err)
			return 1
		}
		if *asJSON {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			if err := enc.Encode(season.JSON()); err != nil {
				fmt.Fprintf(e.stderr, "thiduabot awards: %v\n", err)
				return 1
			}
			return 0
		}
		awards.WriteText(e.stdout, season)
		return 0
	})
}

// awardSource is the season's data: the store and the config folder.
func awardSource(cfg *configdir.Config, kv store.KV, e *env) awards.Source {
	return awards.Source{KV: kv, Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets, Clock: e.clock, Location: rankLocation(cfg, e)}
}

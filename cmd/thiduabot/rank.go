package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/rankhistory"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/scoring/scorecli"
	"github.com/thiduabot/thiduabot/store"
)

// runRank ranks a cluster from the confirmed reports in the store — the
// figures /xephang shows — as a text table or, with --json, the report
// `score --json` prints. Without --period it takes the latest month with
// figures. It only reads (closed months come from the ranking history, open
// ones are computed), and goes through the running bot when that holds the embedded store.
func runRank(ctx context.Context, e *env, args []string) int {
	var s settings
	fs := newFlags(e, "rank", msg.RankCLISynopsis)
	s.addConfigFlag(e, fs)
	s.addStoreFlags(e, fs)
	s.addTZFlag(e, fs)
	cluster := fs.String("cluster", "", msg.CLIFlagCluster)
	period := fs.String("period", "", msg.RankCLIFlagPeriod)
	asJSON := fs.Bool("json", false, msg.RankCLIFlagJSON)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(e.stderr, msg.RankCLIUsage)
		return 2
	}
	cfg, ok := s.configOrReport(e, "rank")
	if !ok {
		return 1
	}
	cl, code := rankCluster(cfg, *cluster, e.stderr)
	if cl == nil {
		return code
	}
	loc, err := s.location()
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot rank: %v\n", err)
		return 2
	}
	var n scoring.Named
	if *period != "" {
		t := e.clock.Now().In(loc)
		if n, err = scoring.ParseNamedAt(*period, scoring.Period{Year: t.Year(), Month: t.Month()}); err != nil {
			fmt.Fprintln(e.stderr, fmt.Sprintf(msg.RankCLIBadPeriod, *period))
			return 2
		}
	}
	remote := func() ([]string, io.Reader, io.Writer) { return append([]string{"rank"}, args...), nil, e.stdout }
	return withStore(ctx, e, &s, remote, func(kv store.KV) int {
		rk := newRanker(cfg, kv, e.clock, loc)
		if n == (scoring.Named{}) {
			p, err := rk.DefaultPeriod(ctx, cl.ID)
			if err != nil {
				fmt.Fprintf(e.stderr, "thiduabot rank: %v\n", err)
				return 1
			}
			n = scoring.Named{Period: p}
		}
		r, err := rk.RankNamed(ctx, cl.ID, n)
		switch {
		case errors.Is(err, rankhistory.ErrNoTable):
			fmt.Fprintln(e.stderr, fmt.Sprintf(msg.RankCLINoTable, cl.ID, n.Year))
			return 1
		case errors.Is(err, rankhistory.ErrFuture):
			fmt.Fprintln(e.stderr, fmt.Sprintf(msg.RankCLIFuture, n.Name()))
			return 1
		case err != nil:
			fmt.Fprintf(e.stderr, "thiduabot rank: %v\n", err)
			return 1
		}
		p := r.Result.Period
		if !r.HasData {
			fmt.Fprintln(e.stderr, fmt.Sprintf(msg.RankCLINoData, cl.ID, p.Label()))
		}
		if n.Span != scoring.SpanMonth {
			note := e.stdout
			if *asJSON {
				note = e.stderr
			}
			fmt.Fprintln(note, scorecli.Capitalise(scoring.Scope(n, p)))
		}
		if *asJSON {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			if err := enc.Encode(scoring.NewReport(cl.ID, r.Result)); err != nil {
				fmt.Fprintf(e.stderr, "thiduabot rank: %v\n", err)
				return 1
			}
			return 0
		}
		scorecli.WriteText(e.stdout, cl, r.Result)
		if r.Previous != nil {
			prev, _ := scoring.ParsePeriodKey(r.Previous.Period)
			var moves []string
			for _, u := range r.Result.Units {
				if mv := r.Movement(u.ID); mv != "" {
					moves = append(moves, u.ID+" "+mv)
				}
			}
			fmt.Fprintln(e.stdout)
			fmt.Fprintln(e.stdout, fmt.Sprintf(msg.RankCLIMovement, prev.Label(), strings.Join(moves, ", ")))
		}
		return 0
	})
}

// rankCluster picks the cluster: --cluster, or the only one.
func rankCluster(cfg *configdir.Config, id string, stderr io.Writer) (*org.Cluster, int) {
	ids := make([]string, len(cfg.Org.Clusters))
	for i, c := range cfg.Org.Clusters {
		ids[i] = c.ID
	}
	sort.Strings(ids)
	if id == "" {
		if len(cfg.Org.Clusters) == 1 {
			return &cfg.Org.Clusters[0], 0
		}
		fmt.Fprintln(stderr, fmt.Sprintf(msg.ScoreNeedCluster, strings.Join(ids, ", ")))
		return nil, 2
	}
	cl, ok := cfg.Org.Cluster(id)
	if !ok {
		fmt.Fprintln(stderr, fmt.Sprintf(msg.ScoreUnknownCluster, id, strings.Join(ids, ", ")))
		return nil, 2
	}
	return cl, 0
}

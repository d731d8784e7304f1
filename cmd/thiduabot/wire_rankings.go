package main

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/thiduabot/thiduabot/bot/rankings"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/rankhistory"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/scoring/chart"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/submissions"
)

// wireRankings registers /xephang, /diem and /xuat and fixes each
// month's ranking snapshot when its reports lock; each hourly round beats
// the "rankings" heartbeat of /healthz.
func wireRankings(ctx context.Context, w *wiring) error {
	loc := rankLocation(w.cfg, w.env)
	r, err := chart.New()
	if err != nil {
		return err
	}
	reps := submissions.NewReports(w.kv, w.clock, nil, loc) // reading reports needs no calendar
	rk := newRankerOver(w.cfg, reps, w.kv, w.clock, loc)
	rk.Beat = w.ops.heartbeat("rankings", rankingsMaxGap)
	rankings.Register(w.bot, rankings.Deps{
		Ranker: rk,
		Org:    w.cfg.Org,
		Chart: func(buf *bytes.Buffer, name string, res *scoring.Result, m chart.Marks) error {
			return r.Render(buf, name, res, m)
		},
		Clock:    w.clock,
		Location: loc,
		Log:      w.log,
	})
	// Fix each month's standing once its reports lock (hourly is plenty:
	// locks fall at the end of a working day).
	w.spawn(ctx, "rankings", func(ctx context.Context) error {
		return rk.Run(ctx, time.Hour, func(n int, err error) {
			if err != nil {
				w.log.Warn("ranking snapshots not closed", "err", err)
				return
			}
			w.log.Info("closed monthly ranking snapshots", "count", n)
		})
	})
	// Keep each cluster's year summarized in a compact record, so that a
	// process's first ranking reads it rather than every report; rounds
	// also warm this ranker's own figures.
	clusters := make([]string, len(w.cfg.Org.Clusters))
	for i := range w.cfg.Org.Clusters {
		clusters[i] = w.cfg.Org.Clusters[i].ID
	}
	w.spawn(ctx, "ranking figures", func(ctx context.Context) error {
		return reps.RunCompaction(ctx, clusters, compactEvery, func(cluster string, year int, err error) {
			w.log.Warn("ranking figures not compacted", "cluster", cluster, "year", year, "err", err)
		})
	})
	return nil
}

// compactEvery is how often the compaction looks for clusters' years whose
// reports changed: a year is summarized once a round finds it unchanged
// since the round before, so within two rounds of a burst's last
// confirmation.
const compactEvery = 30 * time.Second

// newRanker ranks from the confirmed reports in kv; the bot and `thiduabot
// rank` share it so that both show the same figures.
func newRanker(cfg *configdir.Config, kv store.KV, clk clock.Clock, loc *time.Location) *rankhistory.Ranker {
	return newRankerOver(cfg, submissions.NewReports(kv, clk, nil, loc), kv, clk, loc) // reading reports needs no calendar
}

// newRankerOver is newRanker with the figures read through rs.
func newRankerOver(cfg *configdir.Config, rs *submissions.Reports, kv store.KV, clk clock.Clock, loc *time.Location) *rankhistory.Ranker {
	rk := &rankhistory.Ranker{Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets, Values: rs,
		History: rankhistory.NewStore(kv), Clock: clk, Location: loc}
	if cfg.Calendar != nil { // a nil *Calendar in the interface would not read as "none"
		rk.Calendar = cfg.Calendar
	}
	return rk
}

// rankLocation is the time zone months are counted in: the calendar's, else
// TZ, else Vietnam's.
func rankLocation(cfg *configdir.Config, e *env) *time.Location {
	if cfg.Calendar != nil && cfg.Calendar.Location != nil {
		return cfg.Calendar.Location
	}
	s := settings{tz: e.envOr("TZ", "Asia/Ho_Chi_Minh")}
	loc, err := s.location()
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot: %v; dùng UTC / using UTC\n", err)
		return time.UTC
	}
	return loc
}

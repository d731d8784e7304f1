package main

import (
	"context"

	"github.com/thiduabot/thiduabot/bot/reports"
)

// wireReports registers /baocao and /tiendo (monthly submissions) and starts
// their background loop: the chairs' digest of confirmations and the one
// reminder of an idle draft; each round beats the "reports" heartbeat of
// /healthz.
func wireReports(ctx context.Context, w *wiring) error {
	d := reports.Deps{Org: w.cfg.Org, Tables: w.cfg.Tables, Targets: w.cfg.Targets, Store: w.kv,
		Clock: w.clock, Log: w.log, Location: w.loc, Idle: w.draftIdle,
		Beat: w.ops.heartbeat("reports", reportsMaxGap)}
	if w.cfg.Calendar != nil {
		d.Calendar, d.Location = w.cfg.Calendar, w.cfg.Calendar.Location
	}
	f := reports.Register(w.bot, d)
	w.startReport = f.Start
	w.spawn(ctx, "reports", f.Run)
	return nil
}

package main

import (
	"context"

	"github.com/thiduabot/thiduabot/bot/covenants"
)

// wireCovenants registers /giaouoc (the chair sends each unit its targets,
// focal points acknowledge or report a discrepancy) and starts the weekly
// reminders of units that have not acknowledged.
func wireCovenants(ctx context.Context, w *wiring) error {
	f := covenants.Register(w.bot, covenants.Deps{Org: w.cfg.Org, Tables: w.cfg.Tables, Targets: w.cfg.Targets,
		Store: w.kv, Clock: w.clock, Location: rankLocation(w.cfg, w.env), Log: w.log})
	w.hourly(ctx, "covenant reminders", f.Remind)
	return nil
}

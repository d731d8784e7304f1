package main

import (
	"context"

	"github.com/thiduabot/thiduabot/bot/sector"
)

// wireSector registers /tongquan (admins: every cluster at a glance) and
// starts the monthly digest of it to the admins.
func wireSector(ctx context.Context, w *wiring) error {
	loc := rankLocation(w.cfg, w.env)
	f := sector.Register(w.bot, sector.Deps{Source: newSectorSource(w.cfg, w.kv, loc), Org: w.cfg.Org, Store: w.kv,
		Admins: w.bot.Admins, Clock: w.clock, Location: loc, Log: w.log})
	w.hourly(ctx, "sector digest", f.Digest)
	return nil
}

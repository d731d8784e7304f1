package main

import (
	"context"

	botawards "github.com/thiduabot/thiduabot/bot/awards"
)

// wireAwards registers /binhxet and /baocaothanhtich. Without awards.yaml
// they answer that the cluster has no award rules yet.
func wireAwards(_ context.Context, w *wiring) error {
	if w.cfg.Awards == nil {
		w.log.Info("no awards.yaml: /binhxet and /baocaothanhtich only say how to add it")
	}
	botawards.Register(w.bot, botawards.Deps{Awards: w.cfg.Awards, Org: w.cfg.Org, Tables: w.cfg.Tables,
		Targets: w.cfg.Targets, Calendar: w.cfg.Calendar, Store: w.kv, Clock: w.clock,
		Location: rankLocation(w.cfg, w.env), Log: w.log})
	return nil
}

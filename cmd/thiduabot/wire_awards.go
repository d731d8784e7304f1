package main

import (
	"context"
	"time"

	botawards "github.com/thiduabot/thiduabot/bot/awards"
	"github.com/thiduabot/thiduabot/bot/calendar"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/store"
)

// wireAwards registers /binhxet (with its secret ballots) and /baocaothanhtich. Without awards.yaml
// they answer that the cluster has no award rules yet.
func wireAwards(ctx context.Context, w *wiring) error {
	if w.cfg.Awards == nil {
		w.log.Info("no awards.yaml: /binhxet and /baocaothanhtich only say how to add it")
	}
	f := botawards.Register(w.bot, botawards.Deps{Awards: w.cfg.Awards, Org: w.cfg.Org, Tables: w.cfg.Tables,
		Targets: w.cfg.Targets, Calendar: w.cfg.Calendar, Store: w.kv, Clock: w.clock,
		Location: rankLocation(w.cfg, w.env), Log: w.log})
	if w.cfg.Awards != nil {
		w.spawn(ctx, "votes", f.Run) // secret ballots close at their deadline
	}
	return nil
}

// awardNominees ties the calendar's award dossiers to award season: a
// dossier an award names is owed by that award's nominees (nil without
// awards.yaml).
func awardNominees(cfg *configdir.Config, kv store.KV) calendar.NomineesFunc {
	if cfg.Awards == nil {
		return nil
	}
	return func(ctx context.Context, dossier, cluster string, due time.Time) ([]string, bool, error) {
		return cfg.Awards.DossierNominees(ctx, kv, dossier, cluster, due)
	}
}

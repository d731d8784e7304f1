package main

import (
	"context"

	"github.com/thiduabot/thiduabot/bot/exemplars"
)

// wireExemplars registers /dienhinh (model examples: sent by units,
// reviewed by chairs, spread by admins) and starts their monthly digest to
// each cluster's group.
func wireExemplars(ctx context.Context, w *wiring) error {
	f := exemplars.Register(w.bot, exemplars.Deps{Org: w.cfg.Org, Store: w.kv, Clock: w.clock,
		Location: rankLocation(w.cfg, w.env), Log: w.log})
	w.hourly(ctx, "exemplar digest", f.Digest)
	return nil
}

package main

import (
	"context"

	"github.com/thiduabot/thiduabot/awards"
	"github.com/thiduabot/thiduabot/bot/calendar"
	"github.com/thiduabot/thiduabot/reminders"
)

// wireCalendar registers /lich, /hop, /hoso and the reminder buttons, and
// starts the reminder runner on the injected clock (it stops with ctx); each
// of its ticks is counted and beats the "reminders" heartbeat of /healthz.
// Without a calendar.yaml there is nothing to remind of.
func wireCalendar(ctx context.Context, w *wiring) error {
	if w.cfg.Calendar == nil {
		w.log.Info("no calendar.yaml: reminders, /lich, /hop and /hoso are off")
		return nil
	}
	beat := w.ops.heartbeat("reminders", reminderMaxGap)
	f := calendar.Register(w.bot, calendar.Deps{Calendar: w.cfg.Calendar, Org: w.cfg.Org, Store: w.kv,
		Clock: w.clock, Log: w.log, Submit: w.startReport, Nominees: awardNominees(w.cfg, w.kv), NomineesVersion: awards.NomineesVersion,
		Observe: func(s reminders.TickStats) { w.ops.tick(s); beat() }})
	w.spawn(ctx, "reminders", f.Run)
	w.hourly(ctx, "reminder retention", f.Prune) // old snoozes and "Đã xong" marks, ended unlocks
	return nil
}

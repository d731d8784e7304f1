package main

import "context"

// wireCalendar registers the feature on the bot; its owner fills it in.
func wireCalendar(ctx context.Context, w *wiring) error { return nil }

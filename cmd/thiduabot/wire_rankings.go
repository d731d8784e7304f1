package main

import "context"

// wireRankings registers the feature on the bot; its owner fills it in.
func wireRankings(ctx context.Context, w *wiring) error { return nil }

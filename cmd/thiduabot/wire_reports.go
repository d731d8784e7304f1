package main

import "context"

// wireReports registers the feature on the bot; its owner fills it in.
func wireReports(ctx context.Context, w *wiring) error { return nil }

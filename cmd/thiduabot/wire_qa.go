package main

import "context"

// wireQA registers the feature on the bot; its owner fills it in.
func wireQA(ctx context.Context, w *wiring) error { return nil }

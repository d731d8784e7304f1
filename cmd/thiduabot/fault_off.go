//go:build !faultswitch

package main

import (
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
)

// processClock is the wall clock. A binary built with -tags faultswitch
// (internal/faulttest only) may shift it; see fault_on.go.
func processClock(func(string) string) clock.Clock { return clock.Real{} }

// faultStore is kv itself. A binary built with -tags faultswitch (the fault
// harness, internal/faulttest) may crash on purpose or break an invariant
// there; a normal build cannot.
func faultStore(kv store.KV, _ func(string) string) store.KV { return kv }

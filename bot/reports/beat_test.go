package reports

import (
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/health"
)

// TestRunBeatsItsHeartbeat: the digest loop beats its /healthz heartbeat at
// every round, so it is alive for as long as it runs and stuck once it
// stops.
func TestRunBeatsItsHeartbeat(t *testing.T) {
	var loops *health.Loops
	h := newHarness(t, nil, func(d *Deps) {
		if loops == nil {
			loops = health.NewLoops(d.Clock)
		}
		d.Beat = loops.Add("reports", 15*time.Minute).Beat
	})
	end := h.Clock.Now().Add(2 * time.Hour)
	h.Run(func() bool { return !h.Clock.Now().Before(end) })
	if stuck := loops.Stuck(); len(stuck) != 0 {
		t.Fatalf("running loop reported stuck after 2 h: %v", stuck)
	}
	h.Stop()
	h.Clock.Advance(16 * time.Minute)
	if stuck := loops.Stuck(); len(stuck) != 1 || stuck[0] != "reports: no progress for 16m0s" {
		t.Fatalf("stopped loop: stuck = %v, want the reports loop", stuck)
	}
}

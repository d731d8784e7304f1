package bot

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/clock"
)

// debug describes the tracker for test failure messages.
func (a *activity) debug() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := fmt.Sprintf("n=%d now=%v", a.n, a.clock.Now())
	for t := range a.parked {
		s += " parked-until=" + t.String()
	}
	return s
}

func TestActivitySettles(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	a := newActivity(clk)
	if !a.settled() || !a.quiet() {
		t.Fatalf("new tracker not settled")
	}
	a.start()
	if a.settled() {
		t.Fatalf("settled with work in progress")
	}
	woke := make(chan error)
	go func() { woke <- a.sleep(context.Background(), time.Second) }()
	if err := a.wait(testCtx(t)); err != nil { // parked on the clock: settled, not quiet
		t.Fatal(err)
	}
	if a.quiet() {
		t.Errorf("quiet while a goroutine waits on the clock")
	}
	clk.Advance(time.Second)
	if err := <-woke; err != nil {
		t.Fatal(err)
	}
	if a.settled() {
		t.Errorf("settled while the woken goroutine still works")
	}
	a.done()
	if !a.settled() || !a.quiet() {
		t.Errorf("not settled after the work ended")
	}
}

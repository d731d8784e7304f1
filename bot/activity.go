package bot

import (
	"context"
	"sync"
	"time"

	"github.com/thiduabot/thiduabot/clock"
)

// activity counts the bot's work in progress: workers handling updates and
// requests in flight, minus goroutines parked on the clock. The bot is
// settled when nothing is active and no parked goroutine is due (its wake-up
// time has come but it has not resumed yet). Then it can make no progress
// until something outside happens (a new update, or the clock moving). The
// chat console waits for that before it sends the next line, and fake-clock
// tests wait for it before moving the clock, so they never race the bot.
type activity struct {
	clock   clock.Clock
	mu      sync.Mutex
	n       int
	parked  map[*time.Time]struct{}
	changed chan struct{} // closed and replaced on every change
}

func newActivity(c clock.Clock) *activity {
	return &activity{clock: c, parked: map[*time.Time]struct{}{}, changed: make(chan struct{})}
}

func (a *activity) add(d int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n += d
	close(a.changed)
	a.changed = make(chan struct{})
}

func (a *activity) start() { a.add(1) }
func (a *activity) done()  { a.add(-1) }

// sleep waits d on the clock with the caller's count parked.
func (a *activity) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	// The wake-up is registered while still counted as active, so that the
	// clock cannot move between reading the time and registering.
	until := a.clock.Now().Add(d)
	wake := a.clock.After(d)
	a.mu.Lock()
	a.n--
	a.parked[&until] = struct{}{}
	close(a.changed)
	a.changed = make(chan struct{})
	a.mu.Unlock()
	var err error
	select {
	case <-wake:
	case <-ctx.Done():
		err = ctx.Err()
	}
	a.mu.Lock()
	delete(a.parked, &until)
	a.n++
	close(a.changed)
	a.changed = make(chan struct{})
	a.mu.Unlock()
	return err
}

func (a *activity) settledLocked() bool {
	if a.n > 0 {
		return false
	}
	now := a.clock.Now()
	for t := range a.parked {
		if !now.Before(*t) {
			return false
		}
	}
	return true
}

// wait returns once the bot is settled, or when ctx ends.
func (a *activity) wait(ctx context.Context) error {
	for {
		a.mu.Lock()
		ok, ch := a.settledLocked(), a.changed
		a.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// waitQuiet returns once nothing is active and nothing waits on the clock.
func (a *activity) waitQuiet(ctx context.Context) error {
	for {
		a.mu.Lock()
		ok, ch := a.n == 0 && len(a.parked) == 0, a.changed
		a.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// settled reports whether the bot is settled now.
func (a *activity) settled() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.settledLocked()
}

// quiet reports whether nothing is active and nothing waits on the clock.
func (a *activity) quiet() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n == 0 && len(a.parked) == 0
}

func (a *activity) busy() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n
}

type activeKey struct{}

// enter marks the work of ctx as counted; the returned func ends it. A ctx
// already counted (a handler's) is passed through, so that a send made by a
// handler parks the handler's own count while it waits on the clock.
func (a *activity) enter(ctx context.Context) (context.Context, func()) {
	if ctx.Value(activeKey{}) != nil {
		return ctx, func() {}
	}
	a.start()
	return context.WithValue(ctx, activeKey{}, true), a.done
}

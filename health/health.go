// Package health tells an orchestrator what it needs to know about a running
// bot, and nothing more: whether the process is alive (each of its loops has
// beaten recently; if one has not, a restart is the cure) and whether it is
// ready (the store answers; if it does not, routing traffic elsewhere or
// waiting is the cure, not a restart). Telegram being unreachable is neither:
// a restart cannot fix it, so it is a metric only.
package health

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/thiduabot/thiduabot/clock"
)

// Loops are the heartbeats of a process's long-running loops.
type Loops struct {
	clock clock.Clock
	mu    sync.Mutex
	loops map[string]*Loop
}

// Loop is one loop's heartbeat.
type Loop struct {
	name   string
	maxGap time.Duration
	clock  clock.Clock
	mu     sync.Mutex
	last   time.Time
}

// NewLoops returns an empty set of heartbeats on clk (nil: the real clock).
func NewLoops(clk clock.Clock) *Loops {
	if clk == nil {
		clk = clock.Real{}
	}
	return &Loops{clock: clk, loops: map[string]*Loop{}}
}

// Add registers a loop that is stuck once it has not beaten for longer
// than maxGap. It counts as having beaten now. Adding a name again returns
// the loop already registered.
func (l *Loops) Add(name string, maxGap time.Duration) *Loop {
	l.mu.Lock()
	defer l.mu.Unlock()
	if lp, ok := l.loops[name]; ok {
		return lp
	}
	lp := &Loop{name: name, maxGap: maxGap, clock: l.clock, last: l.clock.Now()}
	l.loops[name] = lp
	return lp
}

// Beat records that the loop made progress. A nil loop ignores it.
func (lp *Loop) Beat() {
	if lp == nil {
		return
	}
	now := lp.clock.Now()
	lp.mu.Lock()
	lp.last = now
	lp.mu.Unlock()
}

// Stuck describes the loops that have not beaten within their gap, sorted
// by name ("poller: no progress for 6m0s"); empty when all are alive.
func (l *Loops) Stuck() []string {
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, lp := range l.loops {
		lp.mu.Lock()
		gap := now.Sub(lp.last)
		lp.mu.Unlock()
		if gap > lp.maxGap {
			out = append(out, fmt.Sprintf("%s: no progress for %s", lp.name, gap.Truncate(time.Second)))
		}
	}
	sort.Strings(out)
	return out
}

// Store follows whether the store answers, from the outcome of every
// operation (see WatchKV) and of regular probes.
type Store struct {
	clock clock.Clock
	mu    sync.Mutex
	down  time.Time // first failure since the last success; zero while up
	err   string
}

// NewStore returns a tracker that considers the store up until an operation fails.
func NewStore(clk clock.Clock) *Store {
	if clk == nil {
		clk = clock.Real{}
	}
	return &Store{clock: clk}
}

// Observe records the outcome of one operation: nil means the store
// answered; a non-nil error means it could not be reached.
func (s *Store) Observe(err error) {
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil {
		s.down, s.err = time.Time{}, ""
		return
	}
	if s.down.IsZero() {
		s.down = now
	}
	s.err = oneLine(err.Error())
}

// Unreachable reports for how long the store has failed every operation
// (0 while it answers) and the last error.
func (s *Store) Unreachable() (time.Duration, string) {
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down.IsZero() {
		return 0, ""
	}
	return now.Sub(s.down), s.err
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

package faulttest

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// recorder is a testing.TB that keeps the harness's failures instead of
// failing the test, so that a test can expect them.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

// fatal stops a run whose failure was recorded.
type fatal struct{}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Error(args ...any) { r.Errorf("%s", fmt.Sprint(args...)) }

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	panic(fatal{})
}

func (r *recorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }

func (r *recorder) Failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.errors) > 0
}

// caught runs the harness on a recorder and returns what it reported.
func caught(t *testing.T, o options) string {
	t.Helper()
	r := &recorder{TB: t}
	func() {
		defer func() {
			if v := recover(); v != nil {
				if _, ok := v.(fatal); !ok {
					panic(v)
				}
			}
		}()
		newHarness(r, o).run()
	}()
	return strings.Join(r.errors, "\n")
}

// TestFaultSwitches breaks each invariant on purpose with a fault switch
// (cmd/thiduabot/fault_on.go) and expects the harness to report it.
func TestFaultSwitches(t *testing.T) {
	gate(t)
	only := os.Getenv("THIDUA_FAULT_ONLY") // one switch only
	for _, tc := range []struct {
		sw   string
		o    options
		want string
	}{
		// The receipt goes out while the report lives only in memory.
		{"ack-before-write", options{kills: 4}, "acknowledged submission lost"},
		// The receipt record is dropped and the process dies right after the
		// confirmation's writes: the replayed "Xác nhận" finds nothing.
		{"drop-receipt", options{kills: 3, crash: "delete:submissions/draft/"}, "invariant: stored revision not acknowledged"},
		// Reminder claims always succeed: the restart in the reminder's
		// minute sends it again.
		{"reminder-nodedupe", options{clock: true}, "invariant: reminder sent twice"},
		// Drafts live in memory: after a kill, /baocao starts afresh.
		{"volatile-drafts", options{kills: 6}, "invariant: interrupted conversation not resumable"},
		// Chat leases are always granted: two replicas handle one chat's
		// updates at once (the chair types a burst in every round).
		{"replica-nolease", options{redis: true, replicas: true, kills: 3, burst: 1}, "invariant: (update handled twice|one chat's updates answered out of order)"},
	} {
		if only != "" && only != tc.sw {
			continue
		}
		t.Run(tc.sw, func(t *testing.T) {
			// Kills land at random moments, so one short run may not hit
			// the window the switch opens; the harness must catch the
			// fault within a few runs, each on a fresh seed.
			const attempts = 4
			var got string
			for i := range attempts {
				o := tc.o
				o.sw, o.rounds, o.seed = tc.sw, 1, seed()
				if i > 0 {
					o.seed = 0 // a fresh seed, printed by the harness
				}
				got = caught(t, o)
				if regexp.MustCompile(tc.want).MatchString(got) {
					t.Logf("with %s the harness caught (run %d of at most %d): %s", tc.sw, i+1, attempts, firstLine(got, tc.want))
					return
				}
			}
			t.Errorf("with %s, in %d runs, the harness last reported:\n%s\nwant a failure matching %q", tc.sw, attempts, got, tc.want)
		})
	}
}

func firstLine(s, with string) string {
	re := regexp.MustCompile(with)
	for _, l := range strings.Split(s, "\n") {
		if re.MatchString(l) {
			return l
		}
	}
	return ""
}

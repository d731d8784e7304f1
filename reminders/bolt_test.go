package reminders

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
)

// TestRunnersBoltstore repeats the two-runner check on the embedded store
// for three weeks around a deadline: one claim per delivery on a real store.
func TestRunnersBoltstore(t *testing.T) {
	db, err := boltstore.Open(t.TempDir(), boltstore.WithPurgeInterval(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	from, end := at(2026, 6, 22, 0, 0), at(2026, 7, 13, 0, 0)
	g := newRig(t, db, from)
	a, b := g.runner("a"), g.runner("b")
	for now := from; now.Before(end); now = now.Add(time.Hour) {
		g.clock.Set(now)
		var wg sync.WaitGroup
		for _, r := range []*Runner{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := r.Tick(context.Background()); err != nil {
					t.Errorf("tick: %v", err)
				}
			}()
		}
		wg.Wait()
	}
	want := 0
	for _, rem := range Plan(g.cal, demoState(), from, end) {
		want += len(rem.Recipients)
		for _, to := range rem.Recipients {
			if n := g.note.sent[DeliveryKey(rem, to)]; n != 1 {
				t.Errorf("%s sent %d times", DeliveryKey(rem, to), n)
			}
		}
	}
	if want == 0 || len(g.note.sent) != want {
		t.Errorf("sent %d distinct deliveries, planned %d", len(g.note.sent), want)
	}
}

package reminders

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/internal/redistest"
	"github.com/thiduabot/thiduabot/redisstore"
)

// TestRunnersRedis runs two runners, each with its own connection as two
// processes would have, on one Redis for a month around a deadline: every
// planned delivery goes out exactly once.
func TestRunnersRedis(t *testing.T) {
	url := redistest.URL(t)
	prefix := redistest.Prefix(t, url)
	ctx := context.Background()
	open := func() *redisstore.DB {
		db, err := redisstore.Open(ctx, url, redisstore.WithPrefix(prefix))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	from, end := at(2026, 6, 22, 0, 0), at(2026, 7, 20, 0, 0)
	g := newRig(t, open(), from)
	a := g.runner("a")
	other := *g
	other.st = NewKVStore(open())
	b := other.runner("b")
	for now := from; now.Before(end); now = now.Add(time.Hour) {
		g.clock.Set(now)
		var wg sync.WaitGroup
		for _, r := range []*Runner{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := r.Tick(ctx); err != nil {
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

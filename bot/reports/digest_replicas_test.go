package reports

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
	"github.com/thiduabot/thiduabot/submissions"
)

// meetAtWatermark makes the callers that read a digest watermark wait for
// each other, so that two replicas' ticks both read it before either moves it.
type meetAtWatermark struct {
	store.KV
	mu      sync.Mutex
	waiting int
	meet    chan struct{}
}

func (m *meetAtWatermark) Get(ctx context.Context, bucket, key string) ([]byte, error) {
	v, err := m.KV.Get(ctx, bucket, key)
	m.mu.Lock()
	meet := m.meet
	if bucket == digestBucket && meet != nil {
		m.waiting++
		if m.waiting == 2 {
			close(meet)
			m.meet = nil
		}
	}
	m.mu.Unlock()
	if bucket == digestBucket && meet != nil {
		select {
		case <-meet:
		case <-ctx.Done():
		}
	}
	return v, err
}

// TestDigestSentOnceByTwoReplicas: two replicas tick at the same moment and
// both read the same watermark; the chairs get the digest once, since the
// watermark moves by compare-and-set.
func TestDigestSentOnceByTwoReplicas(t *testing.T) {
	kv := &meetAtWatermark{KV: storetest.NewMem(nil)}
	h := newHarness(t, kv)
	ctx := context.Background()
	// News: Ninh Bình confirmed October 30 minutes ago, after the watermark.
	if err := kv.Put(ctx, digestBucket, "cum5", []byte(start.Add(-time.Hour).Format(time.RFC3339Nano))); err != nil {
		t.Fatal(err)
	}
	rs := submissions.NewReports(kv, clock.NewFake(start.Add(-30*time.Minute)), h.cfg.Calendar, h.loc)
	_, err := rs.Confirm(ctx, submissions.Confirmation{Cluster: "cum5", Unit: "ninh_binh",
		Period: submissions.Period{Year: 2026, Month: time.October},
		Values: map[string]submissions.Entry{"thu_bhxh": {State: submissions.StateValue, Value: 1}},
		By:     submissions.Actor{UserID: uFocalNB.ID, Name: "Minh", Role: submissions.RoleFocal}})
	if err != nil {
		t.Fatal(err)
	}
	before := len(h.Srv.SentTo(uChair.ID))
	kv.mu.Lock()
	kv.meet = make(chan struct{})
	kv.mu.Unlock()
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if err := h.f.digests(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	h.Settle()
	if got := len(h.Srv.SentTo(uChair.ID)) - before; got != 1 {
		t.Fatalf("chair got %d digests, want 1", got)
	}
}

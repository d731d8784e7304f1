package rankhistory

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/scoring"
)

func TestCloseFixesLockedMonths(t *testing.T) {
	ctx := context.Background()
	r, fv, clk := demoRanker(t, time.Date(2026, 7, 20, 9, 0, 0, 0, time.UTC))
	// A close on 05/07, while June was open, fixed January to May.
	early, _, _ := demoRanker(t, time.Date(2026, 7, 5, 9, 0, 0, 0, time.UTC))
	early.History = r.History
	if n, err := early.Close(ctx); err != nil || n != 5 {
		t.Fatalf("early Close = %d, %v; want 5", n, err)
	}
	n, err := r.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// On 20/07 January to June have locked (the 15th of the next month);
	// every one of them has figures. June's snapshot is taken now, the
	// months before it were taken by the early close.
	snaps, err := r.History.Year(ctx, "cum5", 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(snaps) != 6 {
		t.Fatalf("%d snapshots, want 6", len(snaps))
	}
	for _, s := range snaps {
		if !s.Final {
			t.Errorf("%s not final after Close", s.Period)
		}
	}
	if n != 1 {
		t.Errorf("Close took %d snapshots, want 1 (June; May and before were already final)", n)
	}
	if n, err := r.Close(ctx); err != nil || n != 0 {
		t.Errorf("second Close: %d, %v; want 0, nil", n, err)
	}
	// A later correction leaves the closed month alone.
	fv.vs[2026].Set("ninh_binh", "thu_bhxh", time.June, 1e6)
	clk.Advance(time.Hour)
	if n, err := r.Close(ctx); err != nil || n != 0 {
		t.Errorf("Close after a correction: %d, %v; want 0, nil", n, err)
	}
	if s, _ := r.History.Get(ctx, "cum5", scoring.Period{Year: 2026, Month: time.June}); s.Rank("ninh_binh") != 6 {
		t.Errorf("closed June changed: %+v", s)
	}
}

func TestCloseWithoutCalendar(t *testing.T) {
	r, _, _ := demoRanker(t, time.Date(2026, 7, 20, 9, 0, 0, 0, time.UTC))
	r.Calendar = nil
	if n, err := r.Close(context.Background()); n != 0 || err != nil {
		t.Errorf("got %d, %v", n, err)
	}
}

func TestRunClosesOnSchedule(t *testing.T) {
	r, _, clk := demoRanker(t, time.Date(2026, 7, 10, 9, 0, 0, 0, time.UTC))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	closed := make(chan int, 10)
	go func() { done <- r.Run(ctx, time.Hour, func(n int, err error) { closed <- n }) }()
	if err := clk.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	// 10/07: January to May have locked, June locks on 15/07.
	if got := <-closed; got != 5 {
		t.Errorf("first Close took %d, want 5", got)
	}
	clk.Set(time.Date(2026, 7, 15, 18, 0, 0, 0, time.UTC))
	if err := clk.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if got := <-closed; got != 1 {
		t.Errorf("Close after June's lock took %d, want 1", got)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
}

// TestRunBeatsEveryRound: the hourly loop beats its liveness heartbeat at
// every round, and not once it has stopped.
func TestRunBeatsEveryRound(t *testing.T) {
	start := time.Date(2026, 7, 10, 9, 0, 0, 0, time.UTC)
	r, _, clk := demoRanker(t, start)
	var mu sync.Mutex
	var beats []time.Time
	r.Beat = func() {
		mu.Lock()
		beats = append(beats, clk.Now())
		mu.Unlock()
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx, time.Hour, nil) }()
	for range 10 {
		if err := clk.BlockUntil(ctx, 1); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Hour)
	}
	if err := clk.BlockUntil(ctx, 1); err != nil { // the eleventh round has run
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
	clk.Advance(time.Hour)
	mu.Lock()
	defer mu.Unlock()
	if len(beats) != 11 {
		t.Fatalf("%d beats, want one per round (11): %v", len(beats), beats)
	}
	for i, b := range beats {
		if want := start.Add(time.Duration(i) * time.Hour); !b.Equal(want) {
			t.Errorf("beat %d at %v, want %v", i, b, want)
		}
	}
}

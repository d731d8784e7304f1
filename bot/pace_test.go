package bot

import (
	"context"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/clock"
)

func TestPacerLimits(t *testing.T) {
	start := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		chats []int64 // one send each, in order
		want  []time.Duration
	}{
		{"private chat: burst of 3, then 1/s", []int64{5, 5, 5, 5, 5}, []time.Duration{0, 0, 0, time.Second, 2 * time.Second}},
		{"other chats are not held up", []int64{5, 5, 5, 5, 6}, []time.Duration{0, 0, 0, time.Second, time.Second}},
		{"group: 20 per minute", repeat(-100, 21), append(make([]time.Duration, 20), time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := clock.NewFake(start)
			p := newPacer(DefaultLimits(), clk)
			act := newActivity(clk)
			for i, chat := range tt.chats {
				done := make(chan struct{})
				go func() {
					act.start()
					defer act.done()
					if err := p.wait(context.Background(), chat, act); err != nil {
						t.Error(err)
					}
					close(done)
				}()
				for waiting := true; waiting; {
					select {
					case <-done:
						waiting = false
					default:
						if err := act.wait(testCtx(t)); err != nil {
							t.Fatal(err)
						}
						select {
						case <-done:
							waiting = false
						default:
							clk.AdvanceToNext()
						}
					}
				}
				if got := clk.Now().Sub(start); got < tt.want[i] || got > tt.want[i]+time.Microsecond {
					t.Errorf("send %d to %d at %v, want %v", i, chat, got, tt.want[i])
				}
			}
		})
	}
}

func repeat(v int64, n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func TestPacerBlockAfter429(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	p := newPacer(DefaultLimits(), clk)
	p.block(5, 3*time.Second)
	if d := p.reserve(5); d != 3*time.Second {
		t.Errorf("blocked chat waits %v, want 3s", d)
	}
	if d := p.reserve(6); d != 0 {
		t.Errorf("other chat waits %v, want 0", d)
	}
}

package clock

import (
	"context"
	"testing"
	"time"
)

func TestFakeFiresInOrder(t *testing.T) {
	start := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
	c := NewFake(start)
	late := c.After(3 * time.Second)
	early := c.After(time.Second)
	c.Advance(500 * time.Millisecond)
	select {
	case <-early:
		t.Fatal("fired before its time")
	default:
	}
	if !c.AdvanceToNext() {
		t.Fatal("no waiter")
	}
	if got := <-early; !got.Equal(start.Add(time.Second)) {
		t.Errorf("early fired at %v; want %v", got, start.Add(time.Second))
	}
	c.Advance(5 * time.Second)
	if got := <-late; !got.Equal(start.Add(6 * time.Second)) {
		t.Errorf("late fired at %v", got)
	}
	if c.AdvanceToNext() {
		t.Error("AdvanceToNext with no waiters reported true")
	}
}

func TestSleepAndBlockUntil(t *testing.T) {
	c := NewFake(time.Unix(0, 0))
	done := make(chan error)
	go func() { done <- Sleep(context.Background(), c, time.Hour) }()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Hour)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	ctx2, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if err := Sleep(ctx2, c, time.Hour); err == nil {
		t.Error("Sleep ignored a cancelled context")
	}
}

package bot

import (
	"context"
	"sync"
)

// maxQueued bounds the updates held in memory; intake blocks beyond it (the
// rest waits at Telegram or in the store queue).
const maxQueued = 4096

// dispatcher runs the updates of one chat one at a time in arrival order and
// different chats in parallel on at most `workers` goroutines. A worker takes
// one update of a chat, then, if other chats wait, queues its chat behind
// them (round robin), so one busy chat cannot starve the others.
//
// Workers are counted as activity while they exist (minus clock waits), and
// updates waiting for a worker are not: they can only start when a counted
// worker moves on, so "nothing active" really means nothing can progress
// without the clock or new input.
type dispatcher struct {
	handle  func(ctx context.Context, it item)
	act     *activity
	workers int
	room    chan struct{} // queued-update budget

	mu      sync.Mutex
	chats   map[int64][]item // pending items per scheduled chat
	waiting []int64          // scheduled chats without a worker, in order
	running int
	wg      sync.WaitGroup
}

func newDispatcher(workers int, act *activity, handle func(context.Context, item)) *dispatcher {
	return &dispatcher{
		handle: handle, act: act, workers: workers,
		room:  make(chan struct{}, maxQueued),
		chats: map[int64][]item{},
	}
}

// submit queues it behind the chat's earlier updates.
func (d *dispatcher) submit(ctx context.Context, it item) error {
	select {
	case d.room <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	q, scheduled := d.chats[it.chat]
	d.chats[it.chat] = append(q, it)
	if scheduled {
		return nil
	}
	if d.running < d.workers {
		d.running++
		d.act.start()
		d.wg.Add(1)
		go d.work(ctx, it.chat)
		return nil
	}
	d.waiting = append(d.waiting, it.chat)
	return nil
}

func (d *dispatcher) work(ctx context.Context, chat int64) {
	defer d.wg.Done()
	for {
		d.mu.Lock()
		q := d.chats[chat]
		if ctx.Err() != nil {
			// Shutdown: what is left stays in the store queue for the next start.
			for range q {
				<-d.room
			}
			q = nil
		}
		if len(q) == 0 {
			delete(d.chats, chat)
			if len(d.waiting) == 0 {
				d.running--
				d.act.done()
				d.mu.Unlock()
				return
			}
			chat, d.waiting = d.waiting[0], d.waiting[1:]
			d.mu.Unlock()
			continue
		}
		it := q[0]
		d.chats[chat] = q[1:]
		d.mu.Unlock()
		d.handle(ctx, it)
		<-d.room
		d.mu.Lock()
		if len(d.chats[chat]) > 0 && len(d.waiting) > 0 {
			// Round robin: this chat goes behind the chats already waiting.
			d.waiting = append(d.waiting, chat)
			chat, d.waiting = d.waiting[0], d.waiting[1:]
		}
		d.mu.Unlock()
	}
}

// wait returns when every worker has stopped.
func (d *dispatcher) wait() { d.wg.Wait() }

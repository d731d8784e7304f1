package faulttest

import (
	"os"
	"strconv"
	"testing"
	"time"
)

// run plays the whole scenario: people join, reminders fall due across a
// restart at their exact minute and a clock jump, then focal points submit
// and correct their reports while the bot is killed o.kills times (and
// Redis stopped, and the Bot API failing), and finally the invariants are
// checked on what the store holds and what people were told.
func (h *harness) run() {
	t := h.t
	began := time.Now()
	h.boot()
	for _, p := range append([]*person{h.chair}, h.focal...) {
		h.invite(p)
	}
	if h.o.clock {
		h.reminderMinute(time.Date(2026, 11, 3, 8, 0, 0, 0, loc), 1)
		// The clock jumps over the deadline day: the overdue reminder of
		// 06/11 08:00 falls due, and the restart lands on its minute too.
		h.jump(time.Date(2026, 11, 6, 7, 59, 57, 0, loc))
		h.boot()
		h.reminderMinute(time.Date(2026, 11, 6, 8, 0, 0, 0, loc), 2)
	}
	outageAt := -1
	if h.o.outage > 0 && h.redis != nil {
		outageAt = h.o.kills / 2
	}
	for i := 0; i < h.o.kills; i++ {
		for range h.rng.IntN(2) {
			h.act()
		}
		if i == outageAt {
			h.redisOutage()
		}
		// kill -9 (of one replica) while the next action is being handled.
		slot := h.rng.IntN(len(h.ps))
		p := h.ps[slot]
		killed := make(chan struct{})
		time.AfterFunc(time.Duration(h.rng.IntN(120))*time.Millisecond, func() { p.kill(); h.died(); close(killed) })
		h.act()
		<-killed
		h.stats.kills++
		h.stats.killsOf[slot]++
		h.check("after kill " + strconv.Itoa(i+1))
		if len(h.ps) > 1 && h.rng.IntN(4) == 0 {
			// The other replica serves alone for a while: the balancer
			// finds this one refusing connections and passes it over.
			h.ps[slot] = nil
			h.stats.restarts++
			h.stats.servedAlone++
			h.act()
		}
		h.bootSlot(slot)
		if h.rng.IntN(3) == 0 {
			h.settle(200 * time.Millisecond)
		}
	}
	h.finishing = true
	for n := 0; !h.done(); n++ {
		if n > 400 {
			for _, p := range h.focal {
				if len(p.acked) < h.o.rounds || p.inDraft {
					t.Logf("unfinished: %s (acked %v, in draft %v):\n%s", p.u.FirstName, p.acked, p.inDraft, h.chatLog(p))
				}
			}
			t.Fatalf("focal points did not finish in 400 more actions")
		}
		h.act()
	}
	h.final()
	t.Logf("fault run (%s, switch=%q): %s in %s", h.mode(), h.o.sw, h.stats, time.Since(began).Round(time.Second))
	if h.stats.outage > 0 {
		t.Logf("Redis stopped for %s mid-workload", h.stats.outage)
	}
}

func (h *harness) mode() string {
	switch {
	case h.o.replicas:
		return "Redis, two webhook replicas"
	case h.o.redis:
		return "Redis, one polling process"
	}
	return "bbolt"
}

// act is one action of every focal point at once (the bot paces each chat
// on its own), and now and then a chair's ranking query.
func (h *harness) act() {
	h.alive()
	before := map[*person]int{}
	switch r := h.rng.Float64(); {
	case r < h.o.burst:
		before[h.chair] = len(h.srv.SentTo(h.chair.u.ID))
		h.sendBurst()
	case r < h.o.burst+1.0/6:
		before[h.chair] = len(h.srv.SentTo(h.chair.u.ID))
		h.send(h.chair, "/xephang")
	}
	for _, p := range h.focal {
		n := len(h.srv.SentTo(p.u.ID))
		if h.step(p) {
			before[p] = n
		}
	}
	h.awaitAll(before)
}

func (h *harness) done() bool {
	for _, p := range h.focal {
		h.read(p)
		if len(p.acked) < h.o.rounds || p.inDraft {
			return false
		}
	}
	return true
}

// reminderMinute waits for the bot's clock to reach at, kills the bot
// within that minute's first 400 ms (while the reminders go out), restarts
// it in the same minute and checks that no reminder went out twice. Then the
// clock jumps past the claim lease (reminders.DefaultLease, 10 minutes), so
// that a claim whose owner died before sending is taken over: every focal
// point must then have want reminders, except those the log reports as
// possibly sent by the dead process (at most once, by design).
func (h *harness) reminderMinute(at time.Time, want int) {
	h.t.Helper()
	wait := at.Sub(h.now()) + time.Duration(h.rng.IntN(400))*time.Millisecond
	<-time.After(wait)
	h.kill()
	h.boot()
	h.settle(time.Second)
	h.checkReminders()
	// A crash while taking over renews the lease: up to three more leases.
	missing, unknown := 0, 0
	for lease := 1; lease <= 4; lease++ {
		h.jump(at.Add(time.Duration(lease) * 11 * time.Minute))
		h.boot()
		h.settle(time.Second)
		h.checkReminders()
		missing = 0
		for _, p := range h.focal {
			if got := h.reminders(p); got < want {
				missing += want - got
			}
		}
		if unknown = h.logged("reminder may not have been sent"); missing <= unknown {
			break
		}
	}
	if missing > unknown {
		h.t.Errorf("reminders of %s lost: %d missing, %d reported as possibly sent by a killed process; reminder log lines:\n%s",
			at.Format("02/01 15:04"), missing, unknown, h.grepLogs("remind"))
		h.dumpClaims()
	}
	h.stats.remindersMissing += missing
}

// redisOutage stops Redis (kill -9, AOF fsync always) for o.outage while
// people keep writing, then brings it back.
func (h *harness) redisOutage() {
	// An update handled while Redis stops may not be marked handled, and is
	// then handled again: for the bursts' check, the outage is like a death.
	h.died()
	h.redis.Kill()
	began := time.Now()
	deadline := began.Add(h.o.outage)
	for time.Now().Before(deadline) {
		h.act()
	}
	h.redis.Restart()
	h.died()
	h.stats.outage = time.Since(began).Round(time.Second)
	h.settle(time.Second)
}

// envInt reads a positive integer setting of the harness.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n >= 0 {
		return n
	}
	return def
}

func seed() uint64 {
	n, _ := strconv.ParseUint(os.Getenv("THIDUA_FAULT_SEED"), 10, 64)
	return n
}

// TestFaultHarness runs the scenario on the embedded store (one polling
// process), on Redis with one polling process, and on Redis with two
// webhook replicas behind a load balancer. THIDUA_FAULT_KILLS is the total
// number of kill -9 iterations (default 100, split between the three);
// THIDUA_FAULT_OUTAGE how long Redis is stopped (default 30s) in the
// replicas' run (a third of it in the polling one).
func TestFaultHarness(t *testing.T) {
	gate(t)
	kills := envInt("THIDUA_FAULT_KILLS", 100)
	outage, err := time.ParseDuration(os.Getenv("THIDUA_FAULT_OUTAGE"))
	if err != nil {
		outage = 30 * time.Second
	}
	clockPhase := os.Getenv("THIDUA_FAULT_CLOCK") != "0"
	apiFault := float64(envInt("THIDUA_FAULT_API_PCT", 15)) / 100
	const crash = "put:submissions/report/,delete:submissions/draft/,create:reminder_claims/"
	only := os.Getenv("THIDUA_FAULT_ONLY") // bbolt, redis or replicas: one run only
	run := func(name string, o options) {
		if only != "" && only != name {
			return
		}
		t.Run(name, func(t *testing.T) {
			o.apiFault, o.seed, o.crash = apiFault, seed(), crash
			newHarness(t, o).run()
		})
	}
	run("bbolt", options{kills: kills / 3, clock: clockPhase})
	run("redis", options{redis: true, kills: kills / 3, outage: outage / 3})
	run("replicas", options{redis: true, replicas: true, kills: kills - 2*(kills/3), outage: outage, clock: clockPhase})
}

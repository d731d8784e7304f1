package faulttest

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/internal/redistest"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/redisstore"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/submissions"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// options of one harness run.
type options struct {
	redis    bool
	kills    int           // kill -9 iterations
	outage   time.Duration // Redis stopped this long mid-workload (0: none)
	apiFault float64       // chance per action of an injected Bot API failure
	clock    bool          // the reminder-minute restart and the clock jump
	seed     uint64
	// sw is a fault switch (cmd/thiduabot/fault_on.go) that breaks one
	// invariant; crash adds crash points, e.g. "delete:submissions/draft/".
	sw    string
	crash string
	// rounds is how many confirmations each focal point makes at least
	// (during the faults they keep correcting their reports).
	rounds int
	// replicas, on Redis, runs two `thiduabot run` processes in webhook
	// mode behind a round-robin load balancer (see replicas_test.go)
	// instead of one polling process.
	replicas bool
	// burst is the chance per round of actions that the chair types a
	// burst of commands (default 0.25; see replicas_test.go).
	burst float64
}

// loc is the calendar's time zone.
var loc = time.FixedZone("ICT", 7*3600)

// harness is one run: a Bot API server, a store, the binary and the people.
type harness struct {
	t     testing.TB
	o     options
	rng   *rand.Rand
	bin   string
	srv   *telegramtest.Server
	data  string
	redis *redistest.Server
	ps    []*proc      // the running processes, one per slot (nil: not started)
	logs  []*logBuffer // of every process so far
	lb    *balancer    // the load balancer in front of the replicas
	// bursts are the chair's bursts of commands (order and once probes).
	bursts   []burst
	reported map[int]bool // burst answers already reported (by Sent.Seq)
	mu       sync.Mutex
	deaths   []time.Time // kill -9s and crash-point exits of any process

	fakeBase time.Time // the bot's clock at wallBase
	wallBase time.Time

	admin telegramtest.User
	chair *person
	focal []*person

	stats stats
	// finishing is set once the faults are over: people stop after
	// o.rounds confirmations; until then they keep correcting their reports.
	finishing bool
	// snap holds each acknowledged revision as first seen in the store.
	snap map[string]submissions.Revision
}

type stats struct {
	kills, crashes, restarts, actions, apiFaults, receipts, replayed int
	remindersMissing                                                 int
	outage                                                           time.Duration
	// replicas only
	killsOf      [2]int // kill -9s per replica
	servedAlone  int    // times one replica served alone for an action
	takenOver    int    // redeliveries of a still queued update handed to the dispatcher
	delivered    [2]int // webhook calls answered 200 per replica
	bursts       int    // the chair's bursts of commands
	burstReplays int    // burst answers said again after a death
}

func (s stats) String() string {
	out := fmt.Sprintf("%d kill -9, %d crash-point exits, %d restarts, %d user actions, %d Bot API faults, %d receipts (%d repeated), %d reminders not sent (killed while sending)",
		s.kills, s.crashes, s.restarts, s.actions, s.apiFaults, s.receipts, s.replayed, s.remindersMissing)
	out += fmt.Sprintf(", %d bursts of one chat (%d answers said again after a death)", s.bursts, s.burstReplays)
	if s.delivered != [2]int{} {
		out += fmt.Sprintf("; replicas: kill -9 %d/%d (%d times the other served alone meanwhile), webhook calls taken %d/%d, %d redeliveries of a claimed update taken over",
			s.killsOf[0], s.killsOf[1], s.servedAlone, s.delivered[0], s.delivered[1], s.takenOver)
	}
	return out
}

// person is a simulated user.
type person struct {
	u       telegramtest.User
	unit    string
	role    string
	code    string
	joined  bool
	acked   map[int]bool // receipt versions seen
	seen    int          // messages of the chat already read
	inDraft bool         // an answer was echoed since the last receipt
	edit    bool         // in the current round "sửa 1" was sent
	edited  bool         // and its new value was echoed (the draft differs)
	round   int
	// resumeFrom is the index of the first answer to a /baocao sent while
	// a draft had answers (0: none pending).
	resumeFrom int
}

func newHarness(t testing.TB, o options) *harness {
	t.Helper()
	if o.seed == 0 {
		o.seed = uint64(time.Now().UnixNano())
	}
	if o.rounds == 0 {
		o.rounds = 2
	}
	if o.burst == 0 {
		o.burst = 0.25
	}
	t.Logf("fault harness seed %d (THIDUA_FAULT_SEED=%d reproduces it)", o.seed, o.seed)
	h := &harness{t: t, o: o, rng: rand.New(rand.NewPCG(o.seed, 1)), bin: binary(t), data: filepath.Join(t.TempDir(), "data"),
		snap: map[string]submissions.Revision{}, reported: map[int]bool{}}
	if err := os.Mkdir(h.data, 0o700); err != nil {
		t.Fatal(err)
	}
	h.srv = telegramtest.New(telegramtest.Options{NoLimits: true})
	t.Cleanup(h.srv.Close)
	if o.redis {
		h.redis = redistest.Start(t, "--appendonly", "yes", "--appendfsync", "always")
	}
	h.ps = make([]*proc, 1)
	if o.replicas {
		if !o.redis {
			t.Fatalf("replicas need Redis")
		}
		h.ps = make([]*proc, 2)
		h.lb = newBalancer(len(h.ps))
		t.Cleanup(h.lb.close)
	}
	// 03/11/2026 07:59:50 ICT: the October report's "2 days before the
	// deadline" reminders fall due ten seconds in.
	h.fakeBase = time.Date(2026, 11, 3, 7, 59, 50, 0, loc)
	h.wallBase = time.Now()
	h.admin = telegramtest.User{ID: 1, FirstName: "Quản trị"}
	h.chair = &person{u: telegramtest.User{ID: 100, FirstName: "Cụm trưởng"}, unit: "quang_ninh", role: "chair", acked: map[int]bool{}}
	for i, unit := range []string{"phu_tho", "bac_ninh", "thai_nguyen", "hung_yen", "ninh_binh"} {
		h.focal = append(h.focal, &person{u: telegramtest.User{ID: int64(201 + i), FirstName: "Đầu mối " + strconv.Itoa(i+1)},
			unit: unit, role: "focal", acked: map[int]bool{}})
	}
	t.Cleanup(func() {
		for i, p := range h.ps {
			if p == nil {
				continue
			}
			p.kill()
			if t.Failed() {
				t.Logf("last bot log (slot %d):\n%s", i, tail(p.log.String()))
			}
		}
	})
	return h
}

// now is the bot's clock.
func (h *harness) now() time.Time { return h.fakeBase.Add(time.Since(h.wallBase)) }

// jump moves the bot's clock to at (it takes effect at the next start).
func (h *harness) jump(at time.Time) { h.fakeBase, h.wallBase = at, time.Now() }

// env is the environment of the process in slot i.
func (h *harness) env(i int) map[string]string {
	data := h.data
	if i > 0 {
		data += "-" + strconv.Itoa(i)
	}
	e := map[string]string{
		"TELEGRAM_BOT_TOKEN": h.srv.Token,
		"TELEGRAM_API_URL":   h.srv.URL,
		"THIDUA_DATA":        data, // on Redis, it names the replica in leases
		"THIDUA_FAULT_TRACE": "1",
		"THIDUA_CONFIG":      filepath.Join(repoRoot(h.t), "examples", "bhxh-demo"),
		"LISTEN_ADDR":        "127.0.0.1:0",
		"METRICS_ADDR":       "127.0.0.1:0",
		"ADMIN_IDS":          "1",
		"THIDUA_FAULT_NOW":   h.now().Format(time.RFC3339Nano),
		"THIDUA_FAULT_SEED":  strconv.FormatUint(h.rng.Uint64(), 10),
	}
	if h.redis != nil {
		e["REDIS_URL"] = h.redis.URL
	}
	if h.lb != nil {
		e["WEBHOOK_URL"] = h.lb.url() + "/telegram/webhook"
		e["WEBHOOK_SECRET"] = webhookSecret
	}
	if h.o.sw != "" {
		e["THIDUA_FAULT_SWITCH"] = h.o.sw
	}
	if h.o.crash != "" {
		e["THIDUA_FAULT_CRASH"] = h.o.crash
		e["THIDUA_FAULT_CRASH_P"] = "0.25"
	}
	return e
}

// boot (re)starts every process, failing the test if one cannot start.
func (h *harness) boot() {
	h.t.Helper()
	for i := range h.ps {
		if h.ps[i] != nil {
			h.ps[i].kill()
		}
	}
	for i := range h.ps {
		h.bootSlot(i)
	}
}

// bootSlot starts the process of slot i (again).
func (h *harness) bootSlot(i int) {
	h.t.Helper()
	if h.ps[i] != nil {
		h.ps[i].kill()
		h.stats.restarts++
	}
	if h.lb != nil {
		h.lb.set(i, "")
	}
	var err error
	for range 30 { // a crash point may fire while pending updates replay or reminders go out
		h.ps[i], err = start(h.t, h.bin, h.env(i))
		if h.ps[i] != nil {
			h.logs = append(h.logs, h.ps[i].log)
		}
		if err == nil {
			if h.lb != nil {
				h.lb.set(i, h.ps[i].addr())
			}
			return
		}
		if !strings.Contains(err.Error(), "fault: crash after") {
			break
		}
		h.stats.crashes++
		h.died()
	}
	h.t.Fatalf("start thiduabot (slot %d): %v", i, err)
}

// alive restarts a process a crash point killed.
func (h *harness) alive() {
	h.t.Helper()
	for i, p := range h.ps {
		if p != nil && p.exited() {
			h.stats.crashes++
			h.died()
			h.check("after a crash point")
			h.bootSlot(i)
		}
	}
}

// exited reports whether a process is gone (killed or crashed).
func (h *harness) exited() bool {
	for _, p := range h.ps {
		if p != nil && p.exited() {
			return true
		}
	}
	return false
}

// kill is a kill -9 of every process.
func (h *harness) kill() {
	for i := range h.ps {
		h.killSlot(i)
	}
}

// killSlot is a kill -9 of the process in slot i.
func (h *harness) killSlot(i int) {
	if p := h.ps[i]; p != nil && !p.exited() {
		p.kill()
		h.stats.kills++
		h.stats.killsOf[i]++
		h.died()
	}
}

// settle waits until the bot has taken every update and gone quiet.
func (h *harness) settle(quiet time.Duration) {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		h.alive()
		n := h.srv.SentCount()
		ctx, cancel := context.WithTimeout(context.Background(), quiet)
		err := h.srv.Wait(ctx, func(s *telegramtest.Server) bool { return s.SentCount() != n })
		cancel()
		if err != nil && h.srv.Pending() == 0 && !h.exited() {
			return
		}
	}
	h.t.Fatalf("the bot did not settle within 60s; %d updates pending", h.srv.Pending())
}

// say sends text as p and waits (briefly) for an answer.
func (h *harness) say(p *person, text string) {
	n := len(h.srv.SentTo(p.u.ID))
	h.send(p, text)
	h.await(p, n)
}

// send sends text as p without waiting.
func (h *harness) send(p *person, text string) {
	h.stats.actions++
	h.srv.Text(p.u, text)
}

// press presses (without waiting) label on the latest message sent to p, if that message
// still has it (people press what they see last, not a scrolled-off button).
func (h *harness) press(p *person, label string) bool {
	sent := h.srv.SentTo(p.u.ID)
	i := len(sent) - 1
	for i >= 0 && sent[i].Method != "sendMessage" {
		i--
	}
	if i < 0 {
		return false
	}
	kb := sent[i].Keyboard
	for _, s := range sent[i+1:] {
		if s.MessageID == sent[i].MessageID && (s.Method == "editMessageReplyMarkup" || s.Method == "editMessageText") {
			kb = s.Keyboard
		}
	}
	data := ""
	for _, row := range kb {
		for _, b := range row {
			if b.Text == label {
				data = b.Data
			}
		}
	}
	if data == "" {
		return false
	}
	h.stats.actions++
	h.srv.Press(p.u, sent[i].MessageID, data)
	return true
}

func (h *harness) await(p *person, n int) {
	h.awaitAll(map[*person]int{p: n})
}

// awaitAll waits (at most 3s) until each person got more than the given
// number of messages, or the bot died.
func (h *harness) awaitAll(before map[*person]int) {
	h.maybeFault()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_ = h.srv.Wait(ctx, func(s *telegramtest.Server) bool {
		if h.exited() {
			return true
		}
		for p, n := range before {
			if messages(s.SentTo(p.u.ID)[n:]) == 0 {
				return false
			}
		}
		return true
	})
}

// maybeFault makes the Bot API fail now and then: 429 with retry_after,
// a 5xx, or a slow answer.
func (h *harness) maybeFault() {
	if h.o.apiFault == 0 || h.rng.Float64() >= h.o.apiFault {
		return
	}
	h.stats.apiFaults++
	switch h.rng.IntN(4) {
	case 0:
		h.srv.Inject(telegramtest.Fault{Method: "sendMessage", Status: 429, RetryAfter: 1})
	case 1:
		h.srv.Inject(telegramtest.Fault{Status: 500})
	case 2:
		h.srv.Inject(telegramtest.Fault{Method: "sendMessage", Status: 502})
	default:
		h.srv.Inject(telegramtest.Fault{Delay: time.Duration(500+h.rng.IntN(1500)) * time.Millisecond})
	}
}

var (
	codeRE    = regexp.MustCompile(`Mã: <code>([^<]+)</code>`)
	receiptRE = regexp.MustCompile(`Đã ghi nhận lúc [^(]*\(lần (\d+)\)`)
)

// invite has the admin create an invite for p and p redeem it.
func (h *harness) invite(p *person) {
	for p.code == "" {
		n := len(h.srv.SentTo(h.admin.ID))
		h.say(&person{u: h.admin}, "/moi "+p.role+" "+p.unit)
		for _, s := range h.srv.SentTo(h.admin.ID)[n:] {
			if m := codeRE.FindStringSubmatch(s.Text); m != nil {
				p.code = m[1]
			}
		}
		h.alive()
	}
	for tries := 0; !p.joined; tries++ {
		if tries > 5 {
			h.t.Fatalf("%s could not join with %s:\n%s", p.u.FirstName, p.code, h.chatLog(p))
		}
		h.say(p, "/start "+p.code)
		h.alive()
		h.read(p)
	}
}

// read takes in what the bot said to p since last time.
func (h *harness) read(p *person) {
	sent := h.srv.SentTo(p.u.ID)
	for i, s := range sent[p.seen:] {
		if p.resumeFrom > 0 && p.seen+i >= p.resumeFrom && p.inDraft && strings.Contains(s.Text, "Bot sẽ hỏi lần lượt") {
			// A fresh start ("… gồm 10 tiêu chí. Bot sẽ hỏi lần lượt …")
			// after /baocao threw the entered answers away; a resumed draft
			// says "chưa hoàn tất".
			h.t.Errorf("invariant: interrupted conversation not resumable: %s answered /baocao with a fresh start:\n%s", p.u.FirstName, s.Text)
			p.resumeFrom = 0
		}
		if strings.Contains(s.Text, "Chào mừng") {
			p.joined = true
		}
		if m := receiptRE.FindStringSubmatch(s.Text); m != nil && s.Method == "sendMessage" {
			v, _ := strconv.Atoi(m[1])
			if p.acked[v] {
				h.stats.replayed++
			}
			p.acked[v] = true
			h.stats.receipts++
			p.inDraft, p.edit, p.edited, p.resumeFrom = false, false, false, 0
			h.snapshot(p, v)
		}
		if strings.HasPrefix(s.Text, "Đã nhập") || strings.HasPrefix(s.Text, "Đã bỏ qua") {
			p.inDraft = true
			p.edited = p.edit
		}
	}
	p.seen = len(sent)
}

func (h *harness) chatLog(p *person) string {
	var b strings.Builder
	for _, s := range h.srv.SentTo(p.u.ID) {
		fmt.Fprintf(&b, "--- %s #%d\n%s\n", s.Method, s.MessageID, s.Text)
	}
	return b.String()
}

// step is one thing p does, chosen from what the bot last showed; it sends
// without waiting and reports whether p did anything.
func (h *harness) step(p *person) bool {
	h.read(p)
	if h.finishing && len(p.acked) >= h.o.rounds && !p.inDraft {
		return false
	}
	sent := h.srv.SentTo(p.u.ID)
	last := ""
	for i := len(sent) - 1; i >= 0 && last == ""; i-- {
		if sent[i].Method == "sendMessage" {
			last = sent[i].Text
		}
	}
	switch {
	case p.round < len(p.acked): // a new round: correct the confirmed report
		p.round = len(p.acked)
		h.resume(p)
	case h.press(p, "Sửa báo cáo"):
		// A new correction draft: it differs from the report only once
		// its new value is echoed (a receipt may still be on its way).
		p.edit, p.edited = false, false
	case len(p.acked) > 0 && !p.edited && strings.Contains(last, "Anh/chị kiểm tra lại"):
		// A correction confirms only a changed report, so that a revision
		// without a change can only be a confirmation applied twice.
		p.edit = true
		h.send(p, "sửa 1")
	case h.press(p, "Giữ giá trị này"), h.press(p, "Tiếp tục nhập"):
	case strings.Contains(last, "Anh/chị kiểm tra lại") && h.press(p, "Xác nhận"):
	case strings.Contains(last, "Có hoặc Không"):
		h.send(p, "có")
	case strings.Contains(last, "Tiêu chí"):
		h.send(p, strconv.Itoa(100+10*len(p.acked)+h.rng.IntN(9)))
	default:
		// Nothing to act on (a lost answer, a restart): carry on with /baocao.
		h.resume(p)
	}
	return true
}

// resume sends /baocao; when p had answers in a draft, what the bot
// answers is checked (in read) to continue that draft.
func (h *harness) resume(p *person) {
	h.read(p)
	if p.inDraft {
		p.resumeFrom = len(h.srv.SentTo(p.u.ID))
	}
	h.send(p, "/baocao")
}

// openStore opens the bot's store for a check (the bot must be stopped
// when it is the embedded one).
func (h *harness) openStore() (store.KV, error) {
	if h.redis != nil {
		return redisstore.Open(context.Background(), h.redis.URL)
	}
	return boltstore.Open(h.data)
}

func (h *harness) reports(kv store.KV) map[string]*submissions.Report {
	items, err := kv.List(context.Background(), submissions.Bucket, "report/")
	if err != nil {
		h.t.Fatalf("list reports: %v", err)
	}
	out := map[string]*submissions.Report{}
	for _, it := range items {
		var r submissions.Report
		if err := json.Unmarshal(it.Value, &r); err != nil {
			h.t.Fatalf("decode %s: %v", it.Key, err)
		}
		out[r.Unit] = &r
	}
	return out
}

// snapshot remembers revision v of p's report as acknowledged; the bot is
// running, so on bbolt it is read at the next check instead.
func (h *harness) snapshot(p *person, v int) {
	if h.redis == nil {
		return
	}
	kv, err := h.openStore()
	if err != nil {
		return // Redis is down: the next check takes it
	}
	defer kv.Close()
	h.remember(h.reports(kv))
}

func (h *harness) remember(reps map[string]*submissions.Report) {
	for _, p := range h.focal {
		r := reps[p.unit]
		for v := range p.acked {
			k := p.unit + "#" + strconv.Itoa(v)
			if _, ok := h.snap[k]; ok || r == nil || v > len(r.History) {
				continue
			}
			h.snap[k] = r.History[v-1]
		}
	}
}

// check stops the bot if needed and checks the invariants on the store.
func (h *harness) check(when string) {
	h.t.Helper()
	if h.redis == nil && h.ps[0] != nil {
		h.ps[0].kill() // bbolt is one process: the check needs the file
	}
	kv, err := h.openStore()
	if err != nil {
		h.t.Fatalf("%s: open store: %v", when, err)
	}
	defer kv.Close()
	reps := h.reports(kv)
	h.remember(reps)
	for _, p := range h.focal {
		h.read(p)
		r := reps[p.unit]
		for v := range p.acked {
			if r == nil || r.Version < v {
				h.t.Errorf("invariant (%s): acknowledged submission lost: %s revision %d acknowledged, store has %v", when, p.unit, v, version(r))
				continue
			}
			if was, ok := h.snap[p.unit+"#"+strconv.Itoa(v)]; ok && !sameRevision(was, r.History[v-1]) {
				h.t.Errorf("invariant (%s): acknowledged revision %s #%d changed:\nwas %+v\nnow %+v", when, p.unit, v, was, r.History[v-1])
			}
		}
		if r == nil {
			continue
		}
		for i, rev := range r.History {
			if rev.Version != i+1 {
				h.t.Errorf("invariant (%s): %s revision %d numbered %d", when, p.unit, i+1, rev.Version)
			}
			if rev.Kind == submissions.RevConfirm && i > 0 && len(rev.Changes) == 0 {
				h.t.Errorf("invariant (%s): %s revision %d repeats revision %d (no change)", when, p.unit, rev.Version, rev.Version-1)
			}
		}
	}
	h.checkInvites(kv, when)
	h.checkBursts(false)
}

func version(r *submissions.Report) any {
	if r == nil {
		return "nothing"
	}
	return "version " + strconv.Itoa(r.Version)
}

func sameRevision(a, b submissions.Revision) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func (h *harness) checkInvites(kv store.KV, when string) {
	items, err := kv.List(context.Background(), org.BucketInvites, "")
	if err != nil {
		h.t.Fatalf("list invites: %v", err)
	}
	by := map[string]int64{}
	for _, it := range items {
		var inv org.Invite
		if json.Unmarshal(it.Value, &inv) == nil {
			by[inv.Code] = inv.UsedBy
		}
	}
	for _, p := range append([]*person{h.chair}, h.focal...) {
		if !p.joined {
			continue
		}
		if used, ok := by[p.code]; ok && used != p.u.ID {
			h.t.Errorf("invariant (%s): invite %s of %s redeemed by %d", when, p.code, p.u.FirstName, used)
		}
	}
}

// final lets every replayed update through, then checks that every stored
// revision was acknowledged and no reminder went out twice.
func (h *harness) final() {
	h.t.Helper()
	h.settle(time.Second)
	h.awaitBursts(60 * time.Second)
	h.settle(time.Second)
	for _, p := range h.focal {
		h.read(p)
	}
	h.check("end of run")
	kv, err := h.openStore()
	if err != nil {
		h.t.Fatal(err)
	}
	reps := h.reports(kv)
	kv.Close()
	for _, p := range h.focal {
		r := reps[p.unit]
		if r == nil {
			h.t.Errorf("%s never confirmed a report:\n%s", p.unit, h.chatLog(p))
			continue
		}
		for _, rev := range r.History {
			if rev.Kind == submissions.RevConfirm && !p.acked[rev.Version] {
				h.t.Errorf("invariant: stored revision not acknowledged: %s revision %d was never answered with its receipt", p.unit, rev.Version)
			}
		}
	}
	h.checkReminders()
	h.checkBursts(true)
	h.checkDone()
	if h.lb != nil {
		h.stats.delivered = h.lb.delivered()
		h.stats.takenOver = h.logged("update delivered again while still queued")
	}
}

// checkReminders fails when one reminder reached one chat twice.
func (h *harness) checkReminders() {
	for _, p := range append([]*person{h.chair}, h.focal...) {
		seen := map[string]int{}
		for _, s := range h.srv.SentTo(p.u.ID) {
			if s.Method != "sendMessage" || !hasButton(s, "Nộp ngay") {
				continue
			}
			seen[s.Text]++
			if seen[s.Text] == 2 {
				h.t.Errorf("invariant: reminder sent twice to %s:\n%s", p.u.FirstName, s.Text)
			}
		}
	}
}

// messages counts the new messages (not edits) among sent.
func messages(sent []telegramtest.Sent) int {
	n := 0
	for _, s := range sent {
		if s.Method == "sendMessage" || s.Method == "sendDocument" || s.Method == "sendPhoto" {
			n++
		}
	}
	return n
}

func hasButton(s telegramtest.Sent, label string) bool {
	for _, row := range s.Keyboard {
		for _, b := range row {
			if b.Text == label {
				return true
			}
		}
	}
	return false
}

// logged counts the lines of every process's log that contain s.
func (h *harness) logged(s string) int {
	n := 0
	for _, l := range h.logs {
		n += strings.Count(l.String(), s)
	}
	return n
}

// dumpClaims logs the reminder claims (for a failure's diagnosis).
func (h *harness) dumpClaims() {
	if h.redis == nil && h.ps[0] != nil {
		h.ps[0].kill()
	}
	kv, err := h.openStore()
	if err != nil {
		h.t.Log(err)
		return
	}
	defer kv.Close()
	items, _ := kv.List(context.Background(), "reminder_claims", "")
	for _, it := range items {
		h.t.Logf("claim %s: %s", it.Key, it.Value)
	}
	for _, p := range h.focal {
		h.t.Logf("%s (%s): %d reminders", p.u.FirstName, p.unit, h.reminders(p))
	}
}

// grepLogs returns the log lines of every process that contain s.
func (h *harness) grepLogs(s string) string {
	var b strings.Builder
	for i, l := range h.logs {
		for _, line := range strings.Split(l.String(), "\n") {
			if strings.Contains(line, s) {
				fmt.Fprintf(&b, "[%d] %s\n", i, line)
			}
		}
	}
	return b.String()
}

// reminders counts the reminder messages p has received.
func (h *harness) reminders(p *person) int {
	n := 0
	for _, s := range h.srv.SentTo(p.u.ID) {
		if s.Method == "sendMessage" && hasButton(s, "Nộp ngay") {
			n++
		}
	}
	return n
}

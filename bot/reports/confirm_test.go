package reports

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// buttonData returns the data of the button labelled label on s.
func buttonData(t *testing.T, s telegramtest.Sent, label string) string {
	t.Helper()
	for _, row := range s.Keyboard {
		for _, b := range row {
			if b.Text == label {
				return b.Data
			}
		}
	}
	t.Fatalf("no button %q on:\n%s", label, s.Text)
	return ""
}

// pressOn presses the button data of message msgID in u's chat and returns
// what the bot sent in answer.
func pressOn(h *harness, u telegramtest.User, msgID int, data string) []telegramtest.Sent {
	h.T.Helper()
	n := len(h.Srv.SentTo(u.ID))
	h.Srv.Press(u, msgID, data)
	return h.Await(u.ID, n, "a press on message "+data)
}

// buttonsRemoved reports whether the bot took the buttons off message msgID.
func buttonsRemoved(h *harness, u telegramtest.User, msgID int) bool {
	for _, s := range h.Srv.SentTo(u.ID) {
		if (s.Method == "editMessageReplyMarkup" || s.Method == "editMessageText") && s.MessageID == msgID && len(s.Keyboard) == 0 {
			return true
		}
	}
	return false
}

// TestStaleSummaryConfirmsNothing is issue 10.1's scenario: a confirmed
// report is edited; "Xác nhận" pressed on the first summary of the edit,
// which shows the old value, must not store the new one.
func TestStaleSummaryConfirmsNothing(t *testing.T) {
	h := newHarness(t, nil)
	answerAll(t, h)
	h.Press(uFocalBN, "Xác nhận")
	h.Say(uFocalBN, "/baocao")
	h.Press(uFocalBN, "Sửa báo cáo")
	first := h.Last(uFocalBN)
	bottest.MustContain(t, []telegramtest.Sent{first}, "1. Thu BHXH bắt buộc so với kế hoạch: 10.500,5 tỷ đồng")
	confirmOld := buttonData(t, first, "Xác nhận")

	bottest.MustContain(t, h.Say(uFocalBN, "sửa 1"), "Tiêu chí 1/10")
	bottest.MustContain(t, h.Say(uFocalBN, "100000"), "Anh/chị muốn nhập lại hay giữ giá trị này?")
	second := h.Say(uFocalBN, "giữ")
	bottest.MustContain(t, second, "1. Thu BHXH bắt buộc so với kế hoạch: 100.000 tỷ đồng")
	// The newer summary took the buttons off the first.
	if !buttonsRemoved(h, uFocalBN, first.MessageID) {
		t.Error("the first summary kept its buttons after a newer one was sent")
	}

	got := pressOn(h, uFocalBN, first.MessageID, confirmOld)
	bottest.MustContain(t, got, "Bản tóm tắt này đã cũ, vui lòng xem bản mới nhất bên dưới",
		"1. Thu BHXH bắt buộc so với kế hoạch: 100.000 tỷ đồng")
	bottest.MustNotContain(t, got, "Đã ghi nhận")
	if r := h.report("bac_ninh", 10); r.Version != 1 || r.Values["thu_bhxh"].Value != 10500.5 {
		t.Fatalf("a stale summary confirmed: version %d, thu_bhxh %v", r.Version, r.Values["thu_bhxh"].Value)
	}
	// The newest summary confirms what it shows.
	bottest.MustContain(t, h.Press(uFocalBN, "Xác nhận"), "Đã ghi nhận lúc 09:00 03/11/2026 (lần 2)")
	if r := h.report("bac_ninh", 10); r.Version != 2 || r.Values["thu_bhxh"].Value != 100000 {
		t.Fatalf("after the newest summary: version %d, thu_bhxh %v", r.Version, r.Values["thu_bhxh"].Value)
	}
	// And the data of every button stays within Telegram's 64 bytes.
	for _, s := range h.Srv.SentTo(uFocalBN.ID) {
		for _, row := range s.Keyboard {
			for _, b := range row {
				if len(b.Data) > 64 {
					t.Errorf("callback data %q is %d bytes", b.Data, len(b.Data))
				}
			}
		}
	}
}

// crashKV is a store that "crashes" the process at one point of the
// confirmation: once the write matching at has been done, it blocks until
// the bot is stopped and then fails, as if the process had been killed right
// after that write.
type crashKV struct {
	store.KV
	at      func(op, key string) bool
	reached chan struct{}
	once    sync.Once
	armed   bool
	mu      sync.Mutex
}

func (c *crashKV) after(ctx context.Context, op, key string, err error) error {
	if err != nil {
		return err
	}
	c.mu.Lock()
	fire := c.armed && c.at(op, key)
	if fire {
		c.armed = false
	}
	c.mu.Unlock()
	if !fire {
		return nil
	}
	c.once.Do(func() { close(c.reached) })
	<-ctx.Done()
	return ctx.Err()
}

func (c *crashKV) Put(ctx context.Context, bucket, key string, value []byte) error {
	return c.after(ctx, "put", key, c.KV.Put(ctx, bucket, key, value))
}

func (c *crashKV) Delete(ctx context.Context, bucket, key string) error {
	return c.after(ctx, "delete", key, c.KV.Delete(ctx, bucket, key))
}

func (c *crashKV) Update(ctx context.Context, bucket, key string, fn func(old []byte, exists bool) ([]byte, error)) error {
	return c.after(ctx, "update", key, c.KV.Update(ctx, bucket, key, fn))
}

// Txn reports each key a committed transaction wrote as an "update" of it
// (a report is stored in a transaction with its index).
func (c *crashKV) Txn(ctx context.Context, fn func(tx store.Tx) error) error {
	var written []string
	err := c.KV.Txn(ctx, func(tx store.Tx) error {
		written = written[:0]
		return fn(&writeLog{Tx: tx, keys: &written})
	})
	for _, k := range written {
		if err := c.after(ctx, "update", k, err); err != nil {
			return err
		}
	}
	return err
}

// writeLog is a store.Tx that notes the keys it puts.
type writeLog struct {
	store.Tx
	keys *[]string
}

func (w *writeLog) Put(bucket, key string, value []byte) error {
	*w.keys = append(*w.keys, key)
	return w.Tx.Put(bucket, key, value)
}

// untilReached lets the bot work, moving the fake clock whenever it waits
// on it (pacing), until reached is closed.
func untilReached(h *harness, reached <-chan struct{}) {
	h.T.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	go func() {
		select {
		case <-reached:
			cancel()
		case <-ctx.Done():
		}
	}()
	for {
		_ = h.Srv.Wait(ctx, func(s *telegramtest.Server) bool { return s.Idle() })
		_ = h.Bot.Settle(ctx)
		select {
		case <-reached:
			return
		default:
		}
		if ctx.Err() != nil {
			h.T.Fatal("the confirmation never reached the crash point")
		}
		h.Clock.AdvanceToNext()
	}
}

// TestReplayedConfirmationGetsItsReceipt: the process dies between storing a
// confirmation and replying; the replayed update (a press, or "xác nhận"
// typed) answers with the receipt, and the report is stored once.
func TestReplayedConfirmationGetsItsReceipt(t *testing.T) {
	testReplayedConfirmation(t, func(t *testing.T) store.KV { return nil })
}

func TestReplayedConfirmationGetsItsReceiptOnRedis(t *testing.T) {
	testReplayedConfirmation(t, func(t *testing.T) store.KV { return bottest.Redis(t) })
}

func testReplayedConfirmation(t *testing.T, open func(t *testing.T) store.KV) {
	points := []struct {
		name string
		at   func(op, key string) bool
	}{
		{"after the report", func(op, key string) bool { return op == "update" && strings.HasPrefix(key, "report/") }},
		{"after the receipt", func(op, key string) bool { return op == "put" && strings.HasPrefix(key, "receipt/") }},
		{"after the draft", func(op, key string) bool { return op == "delete" && strings.HasPrefix(key, "draft/") }},
	}
	for _, pt := range points {
		for _, typed := range []bool{false, true} {
			name := pt.name + "/pressed"
			if typed {
				name = pt.name + "/typed"
			}
			t.Run(name, func(t *testing.T) {
				kv := open(t)
				if kv == nil {
					kv = bottest.Bolt(t, clock.NewFake(start))
				}
				ckv := &crashKV{KV: kv, at: pt.at, reached: make(chan struct{})}
				h := newHarness(t, ckv)
				answerAll(t, h)
				ckv.mu.Lock()
				ckv.armed = true
				ckv.mu.Unlock()
				n := len(h.Srv.SentTo(uFocalBN.ID))
				if typed {
					h.Srv.Text(uFocalBN, "xác nhận")
				} else if _, ok := h.Srv.PressLabel(uFocalBN, "Xác nhận"); !ok {
					t.Fatal("no Xác nhận button")
				}
				untilReached(h, ckv.reached)
				h.Restart() // the process dies there and starts again
				got := h.Await(uFocalBN.ID, n, "the replayed confirmation")
				bottest.MustContain(t, got, "Đã ghi nhận lúc 09:00 03/11/2026 (lần 1): báo cáo tháng 10/2026 của BHXH tỉnh Bắc Ninh, nộp đúng hạn")
				bottest.MustNotContain(t, got, "hết hạn", "quy định", "Phiên nhập báo cáo này đã kết thúc", "Không có phiên nhập")
				if r := h.report("bac_ninh", 10); r.Version != 1 || len(r.History) != 1 {
					t.Fatalf("stored %d times (version %d)", len(r.History), r.Version)
				}
				// Said again later, it is the same receipt, never a question nor a new revision.
				bottest.MustContain(t, h.Say(uFocalBN, "Xác nhận"), "Đã ghi nhận lúc 09:00 03/11/2026 (lần 1)")
				if r := h.report("bac_ninh", 10); r.Version != 1 {
					t.Fatalf("a repeated Xác nhận stored version %d", r.Version)
				}
			})
		}
	}
}

// TestChairCriteriaLimits: a criterion the chair enters shows its limits and
// refuses a value outside them (25 for a 20-point direct criterion).
func TestChairCriteriaLimits(t *testing.T) {
	h := newHarness(t, nil)
	got := h.Say(uChair, "/baocao bac_ninh")
	bottest.MustContain(t, got, "Tiêu chí 1/1: Đánh giá của cụm trưởng về phối hợp, tuyên truyền (0–20 điểm)")
	got = h.Say(uChair, "25")
	bottest.MustContain(t, got, "Giá trị 25 nằm ngoài giới hạn của tiêu chí (0–20 điểm)")
	bottest.MustNotContain(t, got, "Tóm tắt")
	bottest.MustContain(t, h.Say(uChair, "-1"), "nằm ngoài giới hạn")
	// "7.500" could be 7500 or 7,5: only 7,5 is possible, so it is taken.
	bottest.MustContain(t, h.Say(uChair, "7.500"), "Đã nhập: 7,5.", "Tóm tắt báo cáo tháng 10/2026:")
	bottest.MustContain(t, h.Press(uChair, "Xác nhận"), "Đã ghi nhận")
	if r := h.report("bac_ninh", 10); r.Values["danh_gia_cum_truong"].Value != 7.5 {
		t.Errorf("stored %v", r.Values["danh_gia_cum_truong"])
	}
}

// TestRestoreCancelledDraftOnce: a cancelled draft comes back once with
// /baocao within 24 hours, and not after.
func TestRestoreCancelledDraftOnce(t *testing.T) {
	h := newHarness(t, nil)
	h.Say(uFocalBN, "/baocao")
	h.Say(uFocalBN, "10500")
	h.Say(uFocalBN, "20000")
	h.Press(uFocalBN, "Giữ như tháng trước")
	got := h.Press(uFocalBN, "Hủy")
	bottest.MustContain(t, got, "Hủy sẽ bỏ 3 số liệu đã nhập.")
	if w := h.Last(uFocalBN); !hasLabel(w, "Hủy hẳn") || !hasLabel(w, "Tiếp tục nhập") {
		t.Fatalf("ask buttons: %v", labels(w))
	}
	// "Tiếp tục nhập" goes back to the question; nothing is lost.
	bottest.MustContain(t, h.Say(uFocalBN, "tiep tuc nhap"), "Tiêu chí 4/10")
	h.Say(uFocalBN, "huy")
	bottest.MustContain(t, h.Press(uFocalBN, "Hủy hẳn"), "Đã hủy phiên nhập báo cáo")
	h.Clock.Advance(23 * time.Hour)
	got = h.Say(uFocalBN, "/baocao")
	bottest.MustContain(t, got, "Anh/chị đã hủy báo cáo tháng 10/2026 lúc 09:00 03/11/2026 khi đã nhập 3 số liệu")
	offer := h.Last(uFocalBN)
	got = h.Say(uFocalBN, "khôi phục")
	bottest.MustContain(t, got, "Đã khôi phục báo cáo đã hủy.", "(3/10 tiêu chí", "Tiêu chí 4/10")
	bottest.MustContain(t, h.Say(uFocalBN, "1,2%"), "Đã nhập: 1,2%.", "Tiêu chí 5/10")
	// Once: the offer's button no longer restores anything.
	got = pressOn(h, uFocalBN, offer.MessageID, buttonData(t, offer, "Khôi phục"))
	bottest.MustContain(t, got, "hết hạn")
	bottest.MustContain(t, h.Say(uFocalBN, "/baocao"), "(4/10 tiêu chí")

	// Cancelled again, and left for more than 24 hours: /baocao starts afresh.
	h.Say(uFocalBN, "Hủy")
	bottest.MustContain(t, h.Say(uFocalBN, "Hủy hẳn"), "Đã hủy")
	h.Clock.Advance(24*time.Hour + time.Minute)
	got = h.Say(uFocalBN, "/baocao")
	bottest.MustContain(t, got, "Tiêu chí 1/10")
	bottest.MustNotContain(t, got, "khôi phục")
}

// TestTypedChoices: at an ambiguous number, the reading can be typed.
func TestTypedChoices(t *testing.T) {
	// 7,7 tỷ is below 1/100 of the period's target (7.250): read, then questioned.
	const small = "Giá trị đã đọc: 7,7 tỷ đồng."
	for _, tc := range []struct{ typed, want string }{
		{"7.700", "Đã nhập: 7.700 tỷ đồng."},
		{"7,7", small},
		{"số thập phân", small},
		{"thap phan", small},
		{"so nguyen", "Đã nhập: 7.700 tỷ đồng."},
		{"7,7 ty dong", small},
	} {
		t.Run(tc.typed, func(t *testing.T) {
			h := newHarness(t, nil)
			h.Say(uFocalNB, "/baocao")
			bottest.MustContain(t, h.Say(uFocalNB, "7.700"), "Giá trị «7.700» có thể hiểu theo hai cách")
			got := h.Say(uFocalNB, tc.typed)
			bottest.MustContain(t, got, tc.want)
			bottest.MustNotContain(t, got, "Chưa đọc được", "có thể hiểu theo hai cách")
		})
	}
}

// TestForgedButtonsChangeNothing: a button a focal point could not have
// been given is refused before the live message loses its buttons.
func TestForgedButtonsChangeNothing(t *testing.T) {
	h := newHarness(t, nil)
	h.Say(uFocalBN, "/baocao")
	live := h.Last(uFocalBN)
	for _, data := range []string{
		bot.Data(cbPrefix, actPickUnit, "bac_ninh", ""),
		bot.Data(cbPrefix, actPickUnit, "ninh_binh", "2026-10"),
		bot.Data(cbPrefix, actEditReport, "ninh_binh", "2026-10"),
		bot.Data(cbPrefix, actEditReport, "bac_ninh", "junk"),
		bot.Data(cbPrefix, actRestore, "ninh_binh", "2026-10"),
	} {
		got := pressOn(h, uFocalBN, live.MessageID, data)
		bottest.MustContain(t, got, "hết hạn")
		if buttonsRemoved(h, uFocalBN, live.MessageID) {
			t.Fatalf("forged %q took the live question's buttons", data)
		}
	}
	// The question still answers.
	bottest.MustContain(t, h.Press(uFocalBN, "Bỏ qua"), "Tiêu chí 2/10")
}

// TestButtonWordsWithoutSession: button words typed with no conversation
// open say so (the reports harness has no Q&A; the bot package tests that
// they never reach it).
func TestButtonWordsWithoutSession(t *testing.T) {
	h := newHarness(t, nil)
	for _, w := range []string{"Xác nhận", "huy", "Bỏ qua", "sua 3", "Giữ"} {
		bottest.MustContain(t, h.Say(uFocalNB, w), msg.BotNoSession)
	}
	// A day after a confirmation, "Xác nhận" no longer repeats its receipt.
	h.Say(uFocalNB, "/baocao")
	skipRest(t, h, uFocalNB)
	h.Say(uFocalNB, "Xác nhận") // typed: the keyboard is gone with it
	bottest.MustContain(t, h.Say(uFocalNB, "xac nhan"), "Đã ghi nhận lúc 09:00 03/11/2026 (lần 1)")
	h.Clock.Advance(25 * time.Hour)
	bottest.MustContain(t, h.Say(uFocalNB, "xác nhận"), msg.BotNoSession)
}

// TestTypedUnitChoice: a chair picks a unit by typing part of its name.
func TestTypedUnitChoice(t *testing.T) {
	h := newHarness(t, nil)
	h.Say(uChair, "/baocao")
	got := h.Say(uChair, "bac ninh")
	bottest.MustContain(t, got, "cho BHXH tỉnh Bắc Ninh: 1 tiêu chí")
	// At the summary, "mục 1" is the edit button.
	h.Say(uChair, "8")
	bottest.MustContain(t, h.Say(uChair, "mục 1"), "Tiêu chí 1/1")
}

// TestTypedKeepWithoutEarlierValue: "giữ" typed at a question that offers no
// earlier value to keep is a wrong answer to that question, not an expired
// button.
func TestTypedKeepWithoutEarlierValue(t *testing.T) {
	h := newHarness(t, nil)
	h.Say(uFocalNB, "/baocao")
	for _, w := range []string{"giữ", "giu"} {
		got := h.Say(uFocalNB, w)
		bottest.MustNotContain(t, got, "hết hạn")
		bottest.MustContain(t, got, "Chưa đọc được số liệu này")
	}
	bottest.MustContain(t, h.Press(uFocalNB, "Bỏ qua"), "Tiêu chí 2/10")
}

// TestChattyFigures: figures typed the chatty way are read when the words
// around them do not change them, and an approximate one says why it is
// refused.
func TestChattyFigures(t *testing.T) {
	h := newHarness(t, nil)
	h.Say(uFocalNB, "/baocao")
	got := h.Say(uFocalNB, "khoảng 7.890,5 tỷ ạ")
	bottest.MustContain(t, got, "số liệu chính xác")
	bottest.MustNotContain(t, got, "Chưa đọc được")
	bottest.MustContain(t, h.Say(uFocalNB, "Dạ, đạt được 7.890,5 tỷ đồng ạ"), "Đã nhập: 7.890,5 tỷ đồng.", "Tiêu chí 2/10")
	// Words of the criterion's own name before the figure, and "nhé" after.
	bottest.MustContain(t, h.Press(uFocalNB, "Quay lại"), "Tiêu chí 1/10")
	got = h.Say(uFocalNB, "thu dc 11.234,5 ty a")
	bottest.MustNotContain(t, got, "Chưa đọc được")
	bottest.MustContain(t, got, "Đã nhập: 11.234,5 tỷ đồng.", "Tiêu chí 2/10: Phát triển người tham gia")
	bottest.MustContain(t, h.Say(uFocalNB, "so nguoi tham gia la 21000 nguoi nhé"), "Đã nhập: 21.000 người.")
}

// TestStalePromptLosesItsButtons: a plausibility prompt answered "Nhập lại"
// or superseded (a restart, then /baocao shows the step again; another
// figure typed) takes its buttons with it, so that no old prompt answers
// "Nút này đã hết hạn"; a prompt still at its step works after a restart.
func TestStalePromptLosesItsButtons(t *testing.T) {
	h := newHarness(t, nil)
	h.Say(uFocalBN, "/baocao")
	h.Press(uFocalBN, "Bỏ qua")
	h.Press(uFocalBN, "Bỏ qua")
	first := h.Last(uFocalBN)
	bottest.MustContain(t, h.Say(uFocalBN, "98"), "Anh/chị muốn nhập lại hay giữ giá trị này?")
	a := h.Last(uFocalBN)
	h.Restart()
	bottest.MustContain(t, h.Say(uFocalBN, "/baocao"), "Bot tiếp tục từ chỗ đã dừng", "Giá trị đã đọc: 98 người.")
	b := h.Last(uFocalBN)
	if !buttonsRemoved(h, uFocalBN, a.MessageID) {
		t.Error("the prompt from before the restart keeps its buttons")
	}
	// A new figure at the prompt: the prompt shown after the restart goes too.
	bottest.MustContain(t, h.Say(uFocalBN, "99"), "Giá trị đã đọc: 99 người.")
	c := h.Last(uFocalBN)
	if !buttonsRemoved(h, uFocalBN, b.MessageID) {
		t.Error("a superseded prompt keeps its buttons")
	}
	if buttonsRemoved(h, uFocalBN, first.MessageID) {
		t.Error("a plain question lost its buttons")
	}
	// The newest prompt still works after a restart.
	h.Restart()
	var keep string
	for _, row := range c.Keyboard {
		for _, btn := range row {
			if btn.Text == "Giữ giá trị này" {
				keep = btn.Data
			}
		}
	}
	got := pressOn(h, uFocalBN, c.MessageID, keep)
	bottest.MustContain(t, got, "Đã nhập: 99 người.", "Tiêu chí 4/10")
	bottest.MustNotContain(t, got, "hết hạn")
	if !buttonsRemoved(h, uFocalBN, c.MessageID) {
		t.Error("the pressed prompt keeps its buttons")
	}
}

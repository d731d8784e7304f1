package qa

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/telegramtest"
)

const orgYAML = `clusters:
  - id: cum5
    name: Cụm 5
    scoring: t
    chair: hn
    units:
      - {id: hn, name: BHXH Hà Nội}
`

var (
	admin    = telegramtest.User{ID: 1, FirstName: "Quản trị"}
	focal    = telegramtest.User{ID: 2, FirstName: "Lan"}
	stranger = telegramtest.User{ID: 3, FirstName: "Khách"}
)

type harness struct {
	t   *testing.T
	clk *clock.Fake
	srv *telegramtest.Server
	kv  store.KV
	b   *bot.Bot
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	clk := clock.NewFake(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	srv := telegramtest.New(telegramtest.Options{Clock: clk})
	t.Cleanup(srv.Close)
	kv, err := boltstore.Open(t.TempDir(), boltstore.WithClock(clk))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { kv.Close() })
	o, _, err := org.Parse("org.yaml", []byte(orgYAML))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := org.NewMembers(kv, clk).Bind(ctx, org.Member{UserID: focal.ID, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "hn"}, 0); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	b, err := bot.New(bot.Config{Token: srv.Token, APIURL: srv.URL, AdminIDs: []int64{admin.ID}, Org: o, SkipCommands: true},
		bot.Deps{Store: kv, Clock: clk, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	f, err := New(ctx, Deps{Store: kv, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	f.Register(b)
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- b.Run(runCtx) }()
	t.Cleanup(func() { cancel(); <-done })
	<-b.Ready()
	return &harness{t: t, clk: clk, srv: srv, kv: kv, b: b}
}

// await moves the fake clock (pacing) until u has received n messages in all.
func (h *harness) await(u telegramtest.User, n int) []telegramtest.Sent {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for {
		if err := h.srv.Wait(ctx, func(s *telegramtest.Server) bool { return s.Idle() }); err != nil {
			h.t.Fatal(err)
		}
		if err := h.b.Settle(ctx); err != nil {
			h.t.Fatal(err)
		}
		if got := h.srv.SentTo(u.ID); len(got) >= n {
			return got
		}
		if !h.clk.AdvanceToNext() {
			h.t.Fatalf("%d never received %d messages", u.ID, n)
		}
	}
}

func (h *harness) say(u telegramtest.User, text string) telegramtest.Sent {
	h.t.Helper()
	n := len(h.srv.SentTo(u.ID))
	h.srv.Text(u, text)
	return h.await(u, n+1)[n]
}

func (h *harness) press(u telegramtest.User, label string) telegramtest.Sent {
	h.t.Helper()
	n := len(h.srv.SentTo(u.ID))
	if _, ok := h.srv.PressLabel(u, label); !ok {
		h.t.Fatalf("no button %q", label)
	}
	for _, s := range h.await(u, n+1)[n:] {
		if s.Method != "answerCallbackQuery" {
			return s
		}
	}
	return h.await(u, n+2)[n+1]
}

func TestAskWithAndWithoutDiacritics(t *testing.T) {
	h := newHarness(t)
	for _, q := range []string{"/hoi hồ sơ đề nghị khen thưởng gồm những gì", "ho so de nghi khen thuong gom nhung gi"} {
		got := bot.PlainText(h.say(focal, q).Text)
		if !strings.Contains(got, "06/2022/QH15") || !strings.Contains(got, "Điều 84") {
			t.Errorf("%q: answer does not cite Điều 84 of Law 06/2022/QH15:\n%s", q, got)
		}
	}
	full := h.press(focal, "Xem toàn văn Điều 84")
	if got := bot.PlainText(full.Text); !strings.Contains(got, "Điều 84") || !strings.Contains(got, "tờ trình") {
		t.Errorf("full article:\n%s", got)
	}
}

func TestReplacedDocumentIsFlagged(t *testing.T) {
	h := newHarness(t)
	got := bot.PlainText(h.say(focal, "/hoi nghị định 98/2023").Text)
	if !strings.Contains(got, "152/2025") {
		t.Errorf("answer about the replaced decree does not name its replacement:\n%s", got)
	}
}

func TestUnansweredAndUsage(t *testing.T) {
	h := newHarness(t)
	if got := bot.PlainText(h.say(focal, "/hoi").Text); !strings.Contains(got, "gõ câu hỏi") {
		t.Errorf("usage: %s", got)
	}
	if got := bot.PlainText(h.say(focal, "giá vé máy bay đi Đà Nẵng tháng sau").Text); !strings.Contains(got, "chưa tìm thấy") && !strings.Contains(got, "Chưa tìm thấy") {
		t.Errorf("off-topic question got an answer:\n%s", got)
	}
	if got := bot.PlainText(h.say(stranger, "co thi dua la gi").Text); strings.Contains(got, "Điều") {
		t.Errorf("an unregistered user got an answer:\n%s", got)
	}
}

const uploadedDoc = `---
number: 99/2026/QĐ-TEST
title: Quy chế thi đua của cụm thử nghiệm
issuer: Cụm thử nghiệm
status: in_force
---
Điều 1. Chấm điểm chim cánh cụt
Mỗi đơn vị nuôi chim cánh cụt được cộng 2 điểm thưởng.

Điều 2. Hiệu lực
Quy chế có hiệu lực từ ngày ký.
`

func (h *harness) send(u telegramtest.User, name string, data []byte) telegramtest.Sent {
	h.t.Helper()
	n := len(h.srv.SentTo(u.ID))
	h.srv.Document(u, name, "text/markdown", data, "")
	return h.await(u, n+1)[n]
}

func TestAdminAddsDocument(t *testing.T) {
	h := newHarness(t)
	if got := bot.PlainText(h.send(focal, "quy-che.md", []byte(uploadedDoc)).Text); !strings.Contains(got, "quản trị viên") {
		t.Errorf("a focal point's upload was not refused:\n%s", got)
	}
	report := bot.PlainText(h.send(admin, "quy-che.md", []byte(uploadedDoc)).Text)
	if !strings.Contains(report, "99/2026/QĐ-TEST") || !strings.Contains(report, "thêm văn bản này") {
		t.Fatalf("parse report:\n%s", report)
	}
	before := bot.PlainText(h.say(admin, "chim cánh cụt được cộng mấy điểm").Text)
	if strings.Contains(before, "99/2026") {
		t.Fatalf("document answered before it was confirmed:\n%s", before)
	}
	if got := bot.PlainText(h.press(admin, "Thêm văn bản").Text); !strings.Contains(got, "Đã thêm văn bản quy-che.md") {
		t.Fatalf("confirmation:\n%s", got)
	}
	after := bot.PlainText(h.say(focal, "chim canh cut duoc cong may diem").Text)
	if !strings.Contains(after, "Điều 1") || !strings.Contains(after, "99/2026/QĐ-TEST") {
		t.Errorf("the added document is not used:\n%s", after)
	}
	// A restart (a new feature on the same store) still knows it.
	f, err := New(context.Background(), Deps{Store: h.kv, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if ans := f.index().Ask("chim cánh cụt", 1); len(ans.Passages) == 0 || ans.Passages[0].Doc != "99/2026/QĐ-TEST" {
		t.Errorf("after restart: %+v", ans.Passages)
	}
}

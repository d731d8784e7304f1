package qa

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/store/storetest"
	"github.com/thiduabot/thiduabot/telegramtest"
)

var (
	admin    = telegramtest.User{ID: 1, FirstName: "Quản trị"}
	focal    = telegramtest.User{ID: 2, FirstName: "Lan"}
	stranger = telegramtest.User{ID: 3, FirstName: "Khách"}
)

// newHarness runs a bot with the feature and one focal point, Lan.
func newHarness(t *testing.T) *bottest.H {
	t.Helper()
	return bottest.New(t, bottest.Options{
		Org: bottest.SmallOrg(t), Admins: []int64{admin.ID},
		Members: []org.Member{{UserID: focal.ID, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "hn"}},
		Setup: func(h *bottest.H, b *bot.Bot) {
			f, err := New(context.Background(), Deps{Store: h.KV, Log: h.Log})
			if err != nil {
				t.Fatal(err)
			}
			f.Register(b)
		},
	})
}

func TestAskWithAndWithoutDiacritics(t *testing.T) {
	h := newHarness(t)
	for _, q := range []string{"/hoi hồ sơ đề nghị khen thưởng gồm những gì", "ho so de nghi khen thuong gom nhung gi"} {
		got := bottest.Plain(h.Say(focal, q))
		if !strings.Contains(got, "06/2022/QH15") || !strings.Contains(got, "Điều 84") {
			t.Errorf("%q: answer does not cite Điều 84 of Law 06/2022/QH15:\n%s", q, got)
		}
	}
	full := h.Press(focal, "Xem toàn văn Điều 84")
	if got := bottest.Plain(full); !strings.Contains(got, "Điều 84") || !strings.Contains(got, "tờ trình") {
		t.Errorf("full article:\n%s", got)
	}
}

func TestReplacedDocumentIsFlagged(t *testing.T) {
	h := newHarness(t)
	got := bottest.Plain(h.Say(focal, "/hoi nghị định 98/2023"))
	if !strings.Contains(got, "152/2025") {
		t.Errorf("answer about the replaced decree does not name its replacement:\n%s", got)
	}
}

func TestUnansweredAndUsage(t *testing.T) {
	h := newHarness(t)
	if got := bottest.Plain(h.Say(focal, "/hoi")); !strings.Contains(got, "gõ câu hỏi") {
		t.Errorf("usage: %s", got)
	}
	if got := bottest.Plain(h.Say(focal, "giá vé máy bay đi Đà Nẵng tháng sau")); !strings.Contains(got, "chưa tìm thấy") && !strings.Contains(got, "Chưa tìm thấy") {
		t.Errorf("off-topic question got an answer:\n%s", got)
	}
	if got := bottest.Plain(h.Say(stranger, "co thi dua la gi")); strings.Contains(got, "Điều") {
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

func TestAdminAddsDocument(t *testing.T) {
	h := newHarness(t)
	if got := bottest.Plain(h.Document(focal, "quy-che.md", "text/markdown", []byte(uploadedDoc))); !strings.Contains(got, "quản trị viên") {
		t.Errorf("a focal point's upload was not refused:\n%s", got)
	}
	report := bottest.Plain(h.Document(admin, "quy-che.md", "text/markdown", []byte(uploadedDoc)))
	if !strings.Contains(report, "99/2026/QĐ-TEST") || !strings.Contains(report, "thêm văn bản này") {
		t.Fatalf("parse report:\n%s", report)
	}
	before := bottest.Plain(h.Say(admin, "chim cánh cụt được cộng mấy điểm"))
	if strings.Contains(before, "99/2026") {
		t.Fatalf("document answered before it was confirmed:\n%s", before)
	}
	if got := bottest.Plain(h.Press(admin, "Thêm văn bản")); !strings.Contains(got, "Đã thêm văn bản quy-che.md") {
		t.Fatalf("confirmation:\n%s", got)
	}
	after := bottest.Plain(h.Say(focal, "chim canh cut duoc cong may diem"))
	if !strings.Contains(after, "Điều 1") || !strings.Contains(after, "99/2026/QĐ-TEST") {
		t.Errorf("the added document is not used:\n%s", after)
	}
	// A restart (a new feature on the same store) still knows it.
	f, err := New(context.Background(), Deps{Store: h.KV, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if ans := f.index().Ask("chim cánh cụt", 1); len(ans.Passages) == 0 || ans.Passages[0].Doc != "99/2026/QĐ-TEST" {
		t.Errorf("after restart: %+v", ans.Passages)
	}
}

// TestConfirmAddFailureKeepsUpload fails the store when the confirmed
// document is saved: the admin gets the apology, the upload is kept, and a
// second press adds it.
func TestConfirmAddFailureKeepsUpload(t *testing.T) {
	kv := storetest.NewMem(nil)
	var failing atomic.Bool
	kv.Fail = func(op, bucket, key string) error {
		if failing.Load() && op == "put" && bucket == Bucket {
			return errors.New("disk full")
		}
		return nil
	}
	h := bottest.New(t, bottest.Options{
		Org: bottest.SmallOrg(t), Admins: []int64{admin.ID}, Store: kv,
		Setup: func(h *bottest.H, b *bot.Bot) {
			f, err := New(context.Background(), Deps{Store: h.KV, Log: h.Log})
			if err != nil {
				t.Fatal(err)
			}
			f.Register(b)
		},
	})
	h.Document(admin, "quy-che.md", "text/markdown", []byte(uploadedDoc))
	failing.Store(true)
	if got := bottest.Plain(h.Press(admin, "Thêm văn bản")); !strings.Contains(got, bot.PlainText(msg.BotInternalError)) {
		t.Fatalf("confirmation with a failing store:\n%s", got)
	}
	if ans := bottest.Plain(h.Say(admin, "chim cánh cụt được cộng mấy điểm")); strings.Contains(ans, "99/2026") {
		t.Fatalf("a document that could not be stored answers:\n%s", ans)
	}
	failing.Store(false)
	if got := bottest.Plain(h.Press(admin, "Thêm văn bản")); !strings.Contains(got, "Đã thêm văn bản quy-che.md") {
		t.Fatalf("second press:\n%s", got)
	}
	if _, err := kv.Get(context.Background(), Bucket, "quy-che.md"); err != nil {
		t.Fatalf("document not stored: %v", err)
	}
}

// TestPendingUploadExpires: an upload left unconfirmed does not stay in the
// store; its button then answers that it has expired.
func TestPendingUploadExpires(t *testing.T) {
	h := newHarness(t)
	h.Document(admin, "quy-che.md", "text/markdown", []byte(uploadedDoc))
	ctx := context.Background()
	if items, err := h.KV.List(ctx, pendingBucket, ""); err != nil || len(items) != 1 || items[0].Expires.IsZero() {
		t.Fatalf("pending upload = %+v, %v; want one, expiring", items, err)
	}
	h.Clock.Advance(pendingTTL + time.Minute)
	if items, _ := h.KV.List(ctx, pendingBucket, ""); len(items) != 0 {
		t.Fatalf("pending upload still stored after %v", pendingTTL)
	}
	bottest.MustContain(t, h.Press(admin, "Thêm văn bản"), bot.PlainText(msg.BotButtonExpired))
}

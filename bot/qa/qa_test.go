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
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/regulations"
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
			f, err := New(context.Background(), Deps{Store: h.KV, Log: h.Log, Clock: h.Clock})
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
}

// Regulations are public: anyone may ask in a private chat.
func TestStrangerAsksInPrivate(t *testing.T) {
	h := newHarness(t)
	got := bottest.Plain(h.Say(stranger, "tieu chuan tap the lao dong xuat sac la gi"))
	if !strings.Contains(got, "Điều 27") || !strings.Contains(got, "06/2022/QH15") {
		t.Fatalf("an unregistered user's unaccented question did not get Điều 27 of Law 06/2022/QH15:\n%s", got)
	}
	if full := bottest.Plain(h.Press(stranger, "Xem toàn văn Điều 27")); !strings.Contains(full, "Điều 27") || !strings.Contains(full, "lao động xuất sắc") {
		t.Errorf("full article for a stranger:\n%s", full)
	}
	if got := bottest.Plain(h.Say(stranger, "/hoi hồ sơ đề nghị khen thưởng gồm những gì")); !strings.Contains(got, "Điều 84") {
		t.Errorf("/hoi from a stranger:\n%s", got)
	}
	out := bottest.Plain(h.Say(stranger, "mức phạt vượt đèn đỏ xe máy là bao nhiêu"))
	if strings.Contains(out, "📌") || !strings.Contains(out, "Chưa tìm thấy") || strings.Contains(out, msg.RegHowToAdd) {
		t.Errorf("an out-of-scope question did not get an honest abstention without the administrators' advice:\n%s", out)
	}
}

// TestAbstentionByRole: "not found" tells how to add a text only to an
// administrator, who can; a member is told whom to ask, a stranger
// nothing. Chatter about nothing the bot covers gets a short not-found that
// says what the bot answers, without the list of texts.
func TestAbstentionByRole(t *testing.T) {
	h := newHarness(t)
	const onTopic = "người lao động hợp đồng có được xét không" // close curated questions: a regulation question
	for _, tt := range []struct {
		who        telegramtest.User
		want, omit []string
	}{
		{admin, []string{msg.RegHowToAdd}, []string{msg.QAAskAdminToAdd}},
		{focal, []string{msg.QAAskAdminToAdd}, []string{msg.RegHowToAdd}},
		{stranger, nil, []string{msg.RegHowToAdd, msg.QAAskAdminToAdd}},
	} {
		got := bottest.Plain(h.Say(tt.who, onTopic))
		bottest.MustContain(t, got, append([]string{"Chưa tìm thấy quy định", "Bot hiện trả lời theo các văn bản", msg.RegTry}, tt.want...)...)
		bottest.MustNotContain(t, got, append([]string{msg.QAOffTopicHint}, tt.omit...)...)
		for _, chatter := range []string{"hom nay thoi tiet the nao", "tham du", "tham dự"} {
			got := bottest.Plain(h.Say(tt.who, chatter))
			bottest.MustContain(t, got, "Chưa tìm thấy quy định", msg.QAOffTopicHint)
			bottest.MustNotContain(t, got, "Bot hiện trả lời theo các văn bản", msg.RegTry, msg.RegHowToAdd, msg.QAAskAdminToAdd)
		}
	}
}

// A question naming Bắc Ninh is answered from Bắc Ninh's texts and national
// ones, never from another province's.
func TestPlaceScoping(t *testing.T) {
	h := newHarness(t)
	for _, q := range []string{
		"o bac ninh ho so de nghi khen thuong tong ket nam gui truoc ngay nao",
		"Bắc Ninh xét tặng danh hiệu cho cá nhân có thành tích thế nào",
		"hoi dong thi dua khen thuong tinh bac ninh gom nhung ai",
	} {
		got := bottest.Plain(h.Say(stranger, q))
		var cited []string // citations and related articles, not the list of texts an abstention names
		for _, l := range strings.Split(got, "\n") {
			if strings.HasPrefix(l, "📌") || strings.HasPrefix(l, "• Điều") || strings.HasPrefix(l, "• Khoản") {
				cited = append(cited, l)
			}
		}
		if c := strings.Join(cited, "\n"); strings.Contains(c, "Hà Nội") || strings.Contains(c, "71/2025") || strings.Contains(c, "83/2025") {
			t.Errorf("%q cites another province:\n%s", q, got)
		}
		if !strings.Contains(got, "86/2025/QĐ-UBND") && !strings.Contains(got, "Chưa tìm thấy") {
			t.Errorf("%q: neither Bắc Ninh's decision nor an abstention:\n%s", q, got)
		}
	}
}

func TestQuestionLimit(t *testing.T) {
	h := newHarness(t)
	for i := 0; i < QuestionsPerHour; i++ {
		if got := bottest.Plain(h.Say(stranger, "co thi dua chinh phu")); strings.Contains(got, "tối đa") {
			t.Fatalf("question %d refused:\n%s", i+1, got)
		}
		h.Clock.Advance(time.Minute)
	}
	got := bottest.Plain(h.Say(stranger, "co thi dua chinh phu"))
	if !strings.Contains(got, "20 câu") || !strings.Contains(got, "41 phút") || strings.Contains(got, "📌") {
		t.Fatalf("question over the limit:\n%s", got)
	}
	if got := bottest.Plain(h.Say(focal, "co thi dua chinh phu")); strings.Contains(got, "tối đa") {
		t.Errorf("another person was limited:\n%s", got)
	}
	h.Clock.Advance(41 * time.Minute)
	if got := bottest.Plain(h.Say(stranger, "co thi dua chinh phu")); strings.Contains(got, "tối đa") || !strings.Contains(got, "Điều 25") {
		t.Errorf("after an hour the question is still refused:\n%s", got)
	}
}

// countingComposer records who the language model was asked for.
type countingComposer struct{ calls int }

func (c *countingComposer) Compose(ctx context.Context, q string, ps []regulations.Passage) (string, error) {
	c.calls++
	return "Theo [1], cờ thi đua của Chính phủ xét hằng năm.", nil
}

func TestMembersOnlyAndComposition(t *testing.T) {
	llm := &countingComposer{}
	h := bottest.New(t, bottest.Options{
		Org: bottest.SmallOrg(t), Admins: []int64{admin.ID},
		Members: []org.Member{{UserID: focal.ID, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "hn"}},
		Setup: func(h *bottest.H, b *bot.Bot) {
			f, err := New(context.Background(), Deps{Store: h.KV, Log: h.Log, Clock: h.Clock, Composer: llm})
			if err != nil {
				t.Fatal(err)
			}
			f.Register(b)
		},
	})
	h.Say(stranger, "co thi dua chinh phu")
	if llm.calls != 0 {
		t.Errorf("the language model composed for an unregistered user (%d calls)", llm.calls)
	}
	if got := bottest.Plain(h.Say(focal, "co thi dua chinh phu")); llm.calls != 1 || !strings.Contains(got, "soạn tự động") {
		t.Errorf("a member's answer was not composed (%d calls):\n%s", llm.calls, got)
	}

	members := bottest.New(t, bottest.Options{
		Org: bottest.SmallOrg(t), Admins: []int64{admin.ID},
		Members: []org.Member{{UserID: focal.ID, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "hn"}},
		Setup: func(h *bottest.H, b *bot.Bot) {
			f, err := New(context.Background(), Deps{Store: h.KV, Log: h.Log, Clock: h.Clock, MembersOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			f.Register(b)
		},
	})
	if got := bottest.Plain(members.Say(stranger, "co thi dua chinh phu")); strings.Contains(got, "Điều") || !strings.Contains(got, "chưa đăng ký") {
		t.Errorf("qa: members let a stranger ask:\n%s", got)
	}
	if got := bottest.Plain(members.Say(stranger, "/hoi co thi dua chinh phu")); strings.Contains(got, "Điều") {
		t.Errorf("qa: members let a stranger use /hoi:\n%s", got)
	}
	if got := bottest.Plain(members.Say(focal, "co thi dua chinh phu")); !strings.Contains(got, "Điều 25") {
		t.Errorf("a member could not ask:\n%s", got)
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

// "Xem toàn văn" shows the official wording of an article the bot ships,
// marked as such, not the summary again.
func TestFullArticleIsTheOfficialText(t *testing.T) {
	h := newHarness(t)
	got := bottest.Plain(h.Say(stranger, "có mấy hình thức tổ chức thi đua"))
	if !strings.Contains(got, "Điều 16") {
		t.Fatalf("answer:\n%s", got)
	}
	full := bottest.Plain(h.Press(stranger, "Xem toàn văn Điều 16"))
	if !strings.Contains(full, "a) Thi đua thường xuyên;") || !strings.Contains(full, "nguyên văn") || strings.Contains(full, "tóm tắt") {
		t.Errorf("full article is not the official text:\n%s", full)
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

// TestQuestionLimitSharedByReplicas: on Redis two replicas count one
// person's questions together, so the hourly limit holds whichever replica
// answers.
func TestQuestionLimitSharedByReplicas(t *testing.T) {
	kv := bottest.Redis(t)
	clk := clock.NewFake(bottest.DefaultStart)
	var fs []*Feature
	for range 2 {
		f, err := New(context.Background(), Deps{Store: kv, Clock: clk, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	for i := range QuestionsPerHour {
		if ok, _ := fs[i%2].admit(context.Background(), stranger.ID); !ok {
			t.Fatalf("question %d refused", i+1)
		}
		clk.Advance(time.Minute)
	}
	ok, wait := fs[0].admit(context.Background(), stranger.ID)
	if ok || wait != 40*time.Minute {
		t.Fatalf("question over the limit: allowed %v, wait %v; want refused, 40m", ok, wait)
	}
	if ok, _ := fs[1].admit(context.Background(), focal.ID); !ok {
		t.Error("another person was limited")
	}
}

// "Xem toàn văn" typed without the article is a button's words, not a
// question: the bot asks which article instead of "Chưa tìm thấy quy định".
func TestFullArticleTypedWithoutNumber(t *testing.T) {
	h := newHarness(t)
	h.Say(stranger, "tieu chuan tap the lao dong xuat sac la gi")
	for _, typed := range []string{"Xem toàn văn", "xem toan van a", "xem toàn văn điều"} {
		got := bottest.Plain(h.Say(stranger, typed))
		if !strings.Contains(got, "Anh/chị muốn xem toàn văn điều nào?") || strings.Contains(got, "Chưa tìm thấy") {
			t.Errorf("%q answered:\n%s", typed, got)
		}
	}
	if got := bottest.Plain(h.Say(stranger, "xem toan van dieu 27")); !strings.Contains(got, "Điều 27") {
		t.Errorf("xem toan van dieu 27 answered:\n%s", got)
	}
}

package bot

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/store/storetest"
	"github.com/thiduabot/thiduabot/telegramtest"
	"github.com/thiduabot/thiduabot/vi"
)

var codeRE = regexp.MustCompile(`Mã: ([a-z0-9]+)`)

func inviteCode(t *testing.T, got []telegramtest.Sent) string {
	t.Helper()
	m := codeRE.FindStringSubmatch(texts(got))
	if m == nil {
		t.Fatalf("no invite code in %q", texts(got))
	}
	return m[1]
}

func TestInviteAndStart(t *testing.T) {
	h := newHarness(t)
	h.start()
	got := h.say(uAdmin, "/moi focal namdinh")
	code := inviteCode(t, got)
	mustContain(t, got, "https://t.me/thidua_test_bot?start="+code, "04/12/2026", "đầu mối", "BHXH Nam Định")

	newbie := telegramtest.User{ID: 500, FirstName: "Ngọc"}
	mustContain(t, h.say(newbie, "/start "+strings.ToUpper(code)), "Chào mừng Ngọc", "đầu mối", "BHXH Nam Định", "/help")
	// The previous focal point of Nam Định is told and becomes a member.
	mustContain(t, h.srv.SentTo(uFocalND.ID), "đã được chuyển cho người khác")
	if m, _ := h.b.Members().Get(context.Background(), uFocalND.ID); m.Role != org.RoleMember {
		t.Errorf("old focal role = %s", m.Role)
	}
	mustContain(t, h.say(telegramtest.User{ID: 501}, "/start "+code), PlainText(msg.BotInviteUsed))
	mustContain(t, h.say(newbie, "/start"), "Chào Ngọc", "đầu mối")

	// Expired codes.
	got = h.say(uChair5, "/moi member hanoi")
	old := inviteCode(t, got)
	h.clk.Advance(8 * 24 * time.Hour)
	mustContain(t, h.say(telegramtest.User{ID: 502}, "/start "+old), PlainText(msg.BotInviteExpired))

	// Wrong codes, then throttling even for a right one.
	good := inviteCode(t, h.say(uChair5, "/moi member hanoi"))
	guesser := telegramtest.User{ID: 503}
	for i := range org.MaxInviteFailures {
		mustContain(t, h.say(guesser, "/start sai"+strconv.Itoa(i)), PlainText(msg.BotInviteUnknown))
	}
	mustContain(t, h.say(guesser, "/start "+good), PlainText(msg.BotInviteThrottled))
	if _, err := h.b.Members().Get(context.Background(), guesser.ID); err == nil {
		t.Errorf("a throttled user got bound")
	}
}

func TestInviteByButtonsAndTypedLabels(t *testing.T) {
	h := newHarness(t)
	h.start()
	got := h.say(uChair5, "/moi")
	if kb := got[0].Keyboard; len(kb) != 3 || kb[0][0].Text != "BHXH Hà Nội" {
		t.Fatalf("unit buttons = %v, want the three units of cluster 5", kb)
	}
	got = h.say(uChair5, "bhxh nam dinh") // typed, without diacritics
	mustContain(t, got, "BHXH Nam Định sẽ có vai trò gì?")
	got = h.press(uChair5, "Thành viên")
	// The code expires at the hour it was made, seven days on: not "end of day".
	mustContain(t, got, "Hạn dùng: đến "+vi.DateTime(h.clk.Now().In(h.b.cfg.Location).Add(org.DefaultInviteTTL))+".")
	code := inviteCode(t, got)
	inv, err := h.b.Invites().Get(context.Background(), code)
	if err != nil || inv.Role != org.RoleMember || inv.Unit != "namdinh" || inv.CreatedBy != uChair5.ID {
		t.Fatalf("invite = %+v, %v", inv, err)
	}
}

func TestInviteScope(t *testing.T) {
	h := newHarness(t)
	h.start()
	tests := []struct {
		who  telegramtest.User
		text string
		want string
	}{
		{uChair5, "/moi focal danang", PlainText(msg.BotOtherCluster)},
		{uChair5, "/moi chair hanoi", PlainText(msg.BotNotAllowed)},
		{uChair5, "/moi admin", PlainText(msg.BotNotAllowed)},
		{uChair5, "/moi sếp hanoi", "Cách dùng"},
		{uDeputy5, "/moi focal hanoi", PlainText(msg.BotNotAllowed)},
		{uFocalHN, "/moi", PlainText(msg.BotNotAllowed)},
		{uStranger, "/moi", "chưa đăng ký"},
		{uChair6, "/moi focal danang", "Mã:"},
		{uAdmin, "/moi chair hue", "Mã:"},
		{uAdmin, "/moi admin", "quản trị viên"},
	}
	for _, tt := range tests {
		mustContain(t, h.say(tt.who, tt.text), tt.want)
	}
	// A forged button press for another cluster's unit is refused too.
	before := len(h.srv.SentTo(uChair5.ID))
	h.srv.Press(uChair5, 1, Data("moi", "r", "danang", "focal"))
	h.run(h.b.act.quiet)
	mustContain(t, h.srv.SentTo(uChair5.ID)[before:], PlainText(msg.BotOtherCluster))
}

func TestMembersRevokeAndHandOver(t *testing.T) {
	h := newHarness(t)
	h.start()
	got := h.say(uChair5, "/thanhvien")
	mustContain(t, got, "Thành viên – Cụm thi đua số 5", "Lan – đầu mối – BHXH Hà Nội", "Hoa – thành viên – BHXH Nam Định")
	mustNotContain(t, got, "Tuấn")

	h.press(uChair5, "Giao đầu mối: Hoa")
	mustContain(t, h.srv.SentTo(uFocalND.ID), "đã được chuyển cho người khác")
	mustContain(t, h.srv.SentTo(uMemberND.ID), "đã được giao vai trò đầu mối")

	h.say(uChair5, "/thanhvien")
	mustContain(t, h.press(uChair5, "Thu hồi: Minh"), "Thu hồi quyền của Minh")
	mustContain(t, h.press(uChair5, "Đồng ý"), "Đã thu hồi quyền của Minh")
	mustContain(t, h.srv.SentTo(uFocalND.ID), "đã được thu hồi")
	mustContain(t, h.say(uFocalND, "/help"), "chưa đăng ký")

	// Another cluster's chair cannot act on cluster 5, even with a forged button.
	before := len(h.srv.SentTo(uChair6.ID))
	h.srv.Press(uChair6, 1, Data("tv", "rvok", strconv.FormatInt(uFocalHN.ID, 10)))
	h.run(h.b.act.quiet)
	mustContain(t, h.srv.SentTo(uChair6.ID)[before:], PlainText(msg.BotOtherCluster))
	if _, err := h.b.Members().Get(context.Background(), uFocalHN.ID); err != nil {
		t.Errorf("forged revoke took effect: %v", err)
	}
	mustNotContain(t, h.say(uChair6, "/thanhvien"), "Lan")
	mustContain(t, h.say(uChair6, "/thanhvien cum5"), PlainText(msg.BotOtherCluster))
	mustContain(t, h.say(uChair6, "/thanhvien cum99"), msg.BotUnknownCluster)

	log, err := h.b.Members().AuditLog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		if e.Actor == uChair5.ID {
			actions = append(actions, e.Action)
		}
	}
	if got, want := strings.Join(actions, " "), "focal.handover member.bind member.revoke"; got != want {
		t.Errorf("audit by the chair = %q, want %q", got, want)
	}

	// Admins pick the cluster first.
	h.say(uAdmin, "/thanhvien")
	mustContain(t, h.press(uAdmin, "Cụm thi đua số 6"), "Tuấn – đầu mối – BHXH Đà Nẵng")
}

// TestCommandRoleMatrix runs every product command as every role and checks
// the gate: allowed roles reach the handler, others get a clear refusal.
func TestCommandRoleMatrix(t *testing.T) {
	h := newHarness(t, withSetup(func(b *Bot) {
		for _, a := range org.Actions() {
			if a == org.ActInvite || a == org.ActMembers {
				continue // built in, tested with their scope above
			}
			b.Command(string(a), org.ActionRoles(a), func(ctx context.Context, r *Request) error {
				return r.ReplyHTML(ctx, "OK %s", r.Command.Name)
			})
		}
	}))
	h.start()
	people := map[org.Role]telegramtest.User{org.RoleAdmin: uAdmin, org.RoleChair: uChair5, org.RoleDeputy: uDeputy5, org.RoleFocal: uFocalHN, org.RoleMember: uMemberND}
	for _, a := range org.Actions() {
		for _, r := range org.AllRoles() {
			got := h.say(people[r], "/"+string(a))
			allowed := org.ActionRoles(a).Has(r)
			switch {
			case a == org.ActInvite || a == org.ActMembers:
				if allowed == strings.Contains(texts(got), PlainText(msg.BotNotAllowed)) {
					t.Errorf("/%s as %s: allowed=%v, got %q", a, r, allowed, texts(got))
				}
			case allowed:
				mustContain(t, got, "OK "+string(a))
			default:
				mustContain(t, got, PlainText(msg.BotNotAllowed))
			}
		}
		mustContain(t, h.say(uStranger, "/"+string(a)), "chưa đăng ký")
	}
	// /help lists exactly the allowed commands.
	for _, r := range org.AllRoles() {
		help := texts(h.say(people[r], "/help"))
		for _, a := range org.Actions() {
			if got, want := strings.Contains(help, "/"+string(a)+" "), org.ActionRoles(a).Has(r); got != want {
				t.Errorf("/help for %s lists /%s = %v, want %v", r, a, got, want)
			}
		}
	}
}

func TestInvitedAdmin(t *testing.T) {
	h := newHarness(t)
	h.start()
	code := inviteCode(t, h.say(uAdmin, "/moi admin"))
	boss := telegramtest.User{ID: 700, FirstName: "Thường trực"}
	mustContain(t, h.say(boss, "/start "+code), "quản trị viên")
	mustContain(t, h.say(boss, "/thanhvien cum6"), "Tuấn – đầu mối")
}

func TestButtonWorksAfterRestart(t *testing.T) {
	h := newHarness(t, withSetup(demoFlow))
	h.start()
	h.say(uFocalHN, "/demo")
	h.restart()
	mustContain(t, h.press(uFocalHN, "Có"), "Đã chọn 1")
}

// TestStartFailureKeepsCode fails the store while /start binds the new
// member: the user gets the apology, and the code still works afterwards
// (it is not burnt by a redemption whose binding was lost).
func TestStartFailureKeepsCode(t *testing.T) {
	h := newHarness(t)
	kv := h.kv.(*storetest.Mem)
	var failing atomic.Bool
	kv.Fail = func(op, bucket, key string) error {
		if failing.Load() && op == "put" && bucket == org.BucketMembers {
			return errors.New("disk full")
		}
		return nil
	}
	h.start()
	code := inviteCode(t, h.say(uAdmin, "/moi focal namdinh"))
	newbie := telegramtest.User{ID: 500, FirstName: "Ngọc"}
	failing.Store(true)
	got := h.say(newbie, "/start "+code)
	if len(got) != 1 || got[0].Text != msg.BotInternalError {
		t.Fatalf("/start with a failing store: %q; want the apology", texts(got))
	}
	failing.Store(false)
	mustContain(t, h.say(newbie, "/start "+code), "Chào mừng Ngọc", "đầu mối", "BHXH Nam Định")
	if m, err := h.b.Members().Get(context.Background(), newbie.ID); err != nil || m.Role != org.RoleFocal {
		t.Fatalf("member after retry = %+v, %v", m, err)
	}
}

package covenants_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	botcov "github.com/thiduabot/thiduabot/bot/covenants"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/docx"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/telegramtest"
)

var (
	uChair   = telegramtest.User{ID: 10, FirstName: "Cụm trưởng"}
	uFocalBN = telegramtest.User{ID: 20, FirstName: "Lan"}
	uFocalNB = telegramtest.User{ID: 21, FirstName: "Minh"}
	uMember  = telegramtest.User{ID: 22, FirstName: "Hoa"}
)

type harness struct {
	*bottest.H
	f       *botcov.Feature
	targets *scoring.Targets // read on every (re)start
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	cfg, err := configdir.Demo()
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{targets: cfg.Targets}
	h.H = bottest.New(t, bottest.Options{
		Org: cfg.Org, Start: time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC), // Monday 09:00 in Hanoi
		Members: []org.Member{
			{UserID: uChair.ID, Name: "Trần Cụm Trưởng", Role: org.RoleChair, Cluster: "cum5", Unit: "quang_ninh"},
			{UserID: uFocalBN.ID, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "bac_ninh"},
			{UserID: uFocalNB.ID, Name: "Minh", Role: org.RoleFocal, Cluster: "cum5", Unit: "ninh_binh"},
			{UserID: uMember.ID, Name: "Hoa", Role: org.RoleMember, Cluster: "cum5", Unit: "ninh_binh"},
		},
		Setup: func(bh *bottest.H, b *bot.Bot) {
			h.f = botcov.Register(b, botcov.Deps{Org: cfg.Org, Tables: cfg.Tables, Targets: h.targets, Store: bh.KV,
				Clock: bh.Clock, Location: cfg.Calendar.Location, Log: bh.Log})
		},
	})
	return h
}

func TestCovenantSendAcknowledgeDiscrepancyRemind(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	bottest.MustContain(t, h.Say(uFocalBN, "/giaouoc"), "Cụm trưởng chưa gửi giao ước thi đua năm 2026")
	bottest.MustContain(t, h.Say(uMember, "/giaouoc"), "không được dùng chức năng này")

	// The chair sends it: the two units with a focal point get their targets.
	bottest.MustContain(t, h.Say(uChair, "/giaouoc"), "Chưa gửi giao ước", "Đã xác nhận chỉ tiêu: 0/6 đơn vị")
	bottest.MustContain(t, h.Press(uChair, "Gửi giao ước cho các đơn vị"), "Đã gửi giao ước tới đầu mối của 2/6 đơn vị",
		"Chưa có đầu mối đăng ký (chưa gửi được): BHXH tỉnh Phú Thọ, BHXH tỉnh Quảng Ninh")
	h.Settle()
	bottest.MustContain(t, h.Last(uFocalBN).Text, "Giao ước thi đua năm 2026 – BHXH tỉnh Bắc Ninh",
		"Thu BHXH bắt buộc so với kế hoạch: 12.600 tỷ đồng", "24.000 người")
	// Sending twice sends nothing more.
	n := len(h.Srv.SentTo(uFocalBN.ID))
	h.Srv.Press(uChair, 1, bot.Data("gu", "send", "2026"))
	bottest.MustContain(t, h.Await(uChair.ID, len(h.Srv.SentTo(uChair.ID)), "second sending"), "đã được gửi ngày 02/03/2026")
	if len(h.Srv.SentTo(uFocalBN.ID)) != n {
		t.Error("a second sending reached the focal point again")
	}

	// Bắc Ninh acknowledges; Ninh Bình reports a discrepancy to the chair.
	h.Clock.Set(time.Date(2026, 3, 3, 3, 15, 0, 0, time.UTC))
	bottest.MustContain(t, h.Press(uFocalBN, "Xác nhận chỉ tiêu"), "đã xác nhận chỉ tiêu giao ước năm 2026 lúc 10:15 03/03/2026")
	bottest.MustContain(t, h.Press(uFocalNB, "Báo sai lệch"), "chỉ tiêu nào sai lệch")
	before := len(h.Srv.SentTo(uChair.ID))
	bottest.MustContain(t, h.Say(uFocalNB, "Thu BHXH năm nay là 8.900 tỷ đồng, không phải 8.700."), "Đã chuyển báo cáo sai lệch")
	h.Settle()
	bottest.MustContain(t, bottest.Plain(h.Srv.SentTo(uChair.ID)[before:]), "Báo sai lệch chỉ tiêu giao ước", "BHXH tỉnh Ninh Bình", "8.900 tỷ đồng")

	got := h.Say(uChair, "/giaouoc")
	bottest.MustContain(t, got, "Đã xác nhận chỉ tiêu: 1/6 đơn vị", "✅ BHXH tỉnh Bắc Ninh – Lan xác nhận lúc 10:15 03/03/2026",
		"⏳ BHXH tỉnh Ninh Bình – chưa xác nhận", "❗ BHXH tỉnh Ninh Bình báo sai lệch: Thu BHXH năm nay là 8.900")
	bottest.MustNotContain(t, got, "thay đổi sau khi xác nhận")
	acks, err := h.f.Records().Acks(ctx, "cum5", 2026)
	if err != nil || len(acks) != 1 || len(acks["bac_ninh"].Targets) != 3 || acks["bac_ninh"].Targets[0].Annual != 12600 {
		t.Fatalf("acks = %+v, %v", acks, err)
	}

	// A later change to the targets files shows against the snapshot.
	changed := scoring.NewTargets(nil)
	for _, u := range []string{"bac_ninh", "ninh_binh"} {
		for _, c := range []string{"thu_bhxh", "phat_trien_tn", "bao_phu_bhyt"} {
			tg, _ := h.targets.Get(2026, u, c)
			changed.Set(2026, u, c, tg)
		}
	}
	changed.Set(2026, "bac_ninh", "thu_bhxh", scoring.Target{Annual: 13000})
	h.targets = changed
	h.Restart()
	bottest.MustContain(t, h.Say(uChair, "/giaouoc"), "chỉ tiêu đã thay đổi sau khi xác nhận: Thu BHXH bắt buộc so với kế hoạch")

	// The covenant for signing, as DOCX: criteria, targets, the record and
	// a signature block per unit.
	h.Say(uChair, "/giaouoc")
	doc := h.Press(uChair, "Tải văn bản giao ước (DOCX)")
	var file []byte
	for _, s := range doc {
		if s.FileName == "giao-uoc-cum5-2026.docx" {
			file = s.FileData
		}
	}
	if file == nil {
		t.Fatalf("no DOCX sent: %s", bottest.Transcript(doc))
	}
	txt, err := docx.Read(file)
	if err != nil {
		t.Fatalf("read DOCX: %v", err)
	}
	all := txt.String()
	for _, tbl := range txt.Tables {
		for _, row := range tbl {
			all += "\n" + strings.Join(row, " | ")
		}
	}
	for _, want := range []string{"GIAO ƯỚC THI ĐUA NĂM 2026", "Cụm thi đua số 5 (ví dụ)",
		"BHXH tỉnh Bắc Ninh | Thu BHXH bắt buộc so với kế hoạch | 13.000 tỷ đồng",
		"BHXH tỉnh Bắc Ninh | Lan | 10:15 03/03/2026 | chỉ tiêu đã thay đổi sau khi xác nhận: Thu BHXH bắt buộc so với kế hoạch",
		"BHXH tỉnh Ninh Bình | chưa xác nhận |  | báo sai lệch: Thu BHXH năm nay là 8.900",
		"Đại diện BHXH tỉnh Phú Thọ", docx.PlaceholderPrefix + "chữ ký, họ tên, chức vụ thủ trưởng đơn vị"} {
		if !strings.Contains(all, want) {
			t.Errorf("DOCX lacks %q:\n%s", want, all)
		}
	}

	// A week after the sending, Ninh Bình (no acknowledgement) is reminded
	// once; Bắc Ninh is not.
	h.Clock.Set(time.Date(2026, 3, 9, 1, 0, 0, 0, time.UTC)) // 08:00: not yet
	if n, err := h.f.Remind(ctx); err != nil || n != 0 {
		t.Fatalf("at 08:00: %d reminders, %v", n, err)
	}
	h.Clock.Set(time.Date(2026, 3, 9, 2, 30, 0, 0, time.UTC))
	bn := len(h.Srv.SentTo(uFocalBN.ID))
	if n, err := h.f.Remind(ctx); err != nil || n != 1 {
		t.Fatalf("a week on: %d reminders, %v; want 1", n, err)
	}
	h.Settle()
	bottest.MustContain(t, bottest.Plain(h.Srv.SentTo(uFocalNB.ID)), "Nhắc việc: đơn vị chưa xác nhận chỉ tiêu giao ước thi đua năm 2026")
	if len(h.Srv.SentTo(uFocalBN.ID)) != bn {
		t.Error("a unit that acknowledged was reminded")
	}
	if n, err := h.f.Remind(ctx); err != nil || n != 0 {
		t.Errorf("same week again: %d reminders, %v; want 0", n, err)
	}
}

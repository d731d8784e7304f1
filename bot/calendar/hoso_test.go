package calendar

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/reminders"
)

// TestDossierChecklist: a focal point marks two documents done and sends
// the third as a file (kept by file id, with who and when); the chair sees
// every unit's status; the unit's reminders for that dossier stop while
// another unit's go on until it presses "Đã xong".
func TestDossierChecklist(t *testing.T) {
	start := hanoi(2026, 12, 7, 9, 0, 0) // Monday; both unit dossiers are due 15/12 17:00
	h := newHarness(t, nil, start)
	h.tickAt(start)

	got := h.say(uFocalBN, "/hoso")
	bottest.MustContain(t, got,
		"Hồ sơ đề nghị Tập thể Lao động xuất sắc của BHXH tỉnh Bắc Ninh – hạn cuối 17:00 15/12/2026:",
		"☐ Tờ trình đề nghị khen thưởng", "Còn 3 tài liệu bắt buộc",
		"Hồ sơ đề nghị Chiến sĩ thi đua của BHXH tỉnh Bắc Ninh", "Còn 4 tài liệu bắt buộc",
		"[✓ Tờ trình đề nghị khen thưởng] [📎 Gửi tệp]")
	bottest.MustNotContain(t, got, "Cờ thi đua") // the chair unit's dossier

	const ldxs = "Tập thể Lao động xuất sắc"
	bottest.MustContain(t, h.pressIn(uFocalBN, ldxs, "✓ Tờ trình đề nghị khen thưởng"), "☑ Tờ trình đề nghị khen thưởng – đã xong", "Còn 2 tài liệu")
	bottest.MustContain(t, h.pressIn(uFocalBN, ldxs, "✓ Báo cáo thành tích"), "Còn 1 tài liệu", "[↺ Báo cáo thành tích]")
	bottest.MustContain(t, h.pressIn(uFocalBN, ldxs, "📎 Gửi tệp"), "Anh/chị gửi tệp «Biên bản họp bình xét của Hội đồng thi đua, khen thưởng đơn vị»")
	bottest.MustContain(t, h.say(uFocalBN, "gửi sau"), "Bot đang chờ tệp")
	n := len(h.Srv.SentTo(uFocalBN.ID))
	h.Srv.Document(uFocalBN, "bien_ban.pdf", "application/pdf", []byte("%PDF-1.4 biên bản"), "")
	got = bottest.Transcript(h.Await(uFocalBN.ID, n, "upload"))
	bottest.MustContain(t, got, "Đã lưu tệp «Biên bản họp bình xét",
		"đã gửi tệp (Lan, 09:00 07/12/2026)", "Đơn vị đã hoàn thành đủ tài liệu bắt buộc")

	prog, err := reminders.NewKVStore(h.KV).Progress(context.Background(), "tap_the_ldxs", "2026-12-15", "bac_ninh")
	if err != nil {
		t.Fatal(err)
	}
	if p := prog["bien_ban_binh_xet"]; !p.Done || p.FileID == "" || p.By != uFocalBN.ID || p.At.Before(start) || p.At.After(start.Add(time.Minute)) {
		t.Errorf("stored progress of the sent file = %+v", p)
	}
	if p := prog["to_trinh"]; !p.Done || p.FileID != "" || p.By != uFocalBN.ID {
		t.Errorf("stored progress of the marked document = %+v", p)
	}

	bottest.MustContain(t, h.say(uChair, "/hoso"),
		"Hồ sơ đề nghị Tập thể Lao động xuất sắc – Cụm thi đua số 5 (ví dụ), hạn cuối 17:00 15/12/2026: 1/6 đơn vị đã đủ tài liệu.",
		"☑ BHXH tỉnh Bắc Ninh: đã đủ", "☐ BHXH tỉnh Ninh Bình: còn thiếu Tờ trình đề nghị khen thưởng",
		"Cờ thi đua")

	// 08/12 08:00, T−7: Bắc Ninh is reminded of the other dossier only.
	sent := h.tickAt(hanoi(2026, 12, 8, 8, 0, 30))
	if c := count(sent[uFocalBN.ID], ldxs); c != 0 {
		t.Errorf("Bắc Ninh got %d reminders of its complete dossier: %v", c, sent[uFocalBN.ID])
	}
	if c := count(sent[uFocalBN.ID], "Chiến sĩ thi đua"); c != 1 {
		t.Errorf("Bắc Ninh got %d reminders of its incomplete dossier, want 1: %v", c, sent[uFocalBN.ID])
	}
	if c := count(sent[uFocalNB.ID], ldxs); c != 1 {
		t.Fatalf("Ninh Bình got %d reminders of its dossier, want 1: %v", c, sent[uFocalNB.ID])
	}
	bottest.MustContain(t, h.pressIn(uFocalNB, ldxs, "Xem hồ sơ"), "Hồ sơ đề nghị Tập thể Lao động xuất sắc của BHXH tỉnh Ninh Bình")
	bottest.MustContain(t, h.pressIn(uFocalNB, "Nhắc hạn nộp Hồ sơ đề nghị Tập thể", "Đã xong"), "Đã ghi nhận hoàn thành")

	// 11/12 08:00, T−2 (13/12 is a Sunday): Ninh Bình pressed "Đã xong".
	sent = h.tickAt(hanoi(2026, 12, 11, 8, 0, 30))
	if c := count(sent[uFocalNB.ID], ldxs); c != 0 {
		t.Errorf("Ninh Bình reminded after «Đã xong»: %v", sent[uFocalNB.ID])
	}
	if c := count(sent[uFocalBN.ID], ldxs); c != 0 {
		t.Errorf("Bắc Ninh reminded of its complete dossier: %v", sent[uFocalBN.ID])
	}
	if c := count(sent[uFocalBN.ID], "Chiến sĩ thi đua"); c != 1 {
		t.Errorf("Bắc Ninh got %d T−2 reminders of Chiến sĩ thi đua, want 1: %v", c, sent[uFocalBN.ID])
	}
}

func count(texts []string, sub string) int {
	n := 0
	for _, s := range texts {
		if strings.Contains(s, sub) {
			n++
		}
	}
	return n
}

// Two checklists on screen carry "Tờ trình đề nghị khen thưởng": typing it
// ticks neither and says to press the button in the right message; a name
// that only one checklist has is still pressed by typing.
func TestTypedItemInSeveralDossiers(t *testing.T) {
	start := hanoi(2026, 12, 7, 9, 0, 0)
	h := newHarness(t, nil, start)
	h.tickAt(start)
	bottest.MustContain(t, h.say(uFocalBN, "/hoso"), "Tập thể Lao động xuất sắc", "Chiến sĩ thi đua")
	bottest.MustContain(t, h.say(uFocalBN, "Tờ trình đề nghị khen thưởng"), "Có nhiều tin nhắn bên trên cùng có nút «Tờ trình đề nghị khen thưởng»",
		"bấm trực tiếp nút trong tin nhắn cần chọn")
	rs := reminders.NewKVStore(h.KV)
	for _, d := range []string{"tap_the_ldxs", "chien_si_thi_dua"} {
		prog, err := rs.Progress(context.Background(), d, "2026-12-15", "bac_ninh")
		if err != nil {
			t.Fatal(err)
		}
		if prog["to_trinh"].Done {
			t.Errorf("%s: the ambiguous typed item was ticked", d)
		}
	}
	bottest.MustContain(t, h.say(uFocalBN, "báo cáo thành tích cá nhân"), "☑ Báo cáo thành tích cá nhân – đã xong")
	prog, err := rs.Progress(context.Background(), "chien_si_thi_dua", "2026-12-15", "bac_ninh")
	if err != nil || !prog["bao_cao_thanh_tich"].Done {
		t.Errorf("the unique typed item was not ticked: %+v, %v", prog, err)
	}
}

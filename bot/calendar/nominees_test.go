package calendar

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/awards"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/reminders"
)

// only joins the texts that mention sub.
func only(texts []string, sub string) string {
	var out []string
	for _, s := range texts {
		if strings.Contains(s, sub) {
			out = append(out, s)
		}
	}
	return strings.Join(out, "\n")
}

// TestNomineeDossier: the flag dossier (co_thi_dua, due Thu 10/12/2026
// 17:00) belongs to the award co_thi_dua of awards.yaml. Once the chair
// nominated Bắc Ninh, Bắc Ninh's focal point is chased for its achievement
// report only and the chair for the tờ trình and the biên bản; each sees its
// own part in /hoso, the chair also the nominee's status. The chair finishes
// late: reminders go on past the deadline, to the chair only, and stop once
// the dossier is complete.
func TestNomineeDossier(t *testing.T) {
	start := hanoi(2026, 12, 1, 9, 0, 0)
	h := newHarness(t, nil, start)
	// Without nominations no unit owes the flag dossier, not even the chair's.
	h.nominees = func(ctx context.Context, dossier, cluster string, due time.Time) ([]string, bool, error) {
		return h.cfg.Awards.DossierNominees(ctx, h.KV, dossier, cluster, due)
	}
	h.Restart()
	const flag = "Hồ sơ đề nghị tặng Cờ thi đua"
	sent := h.tickAt(hanoi(2026, 12, 3, 8, 0, 30)) // T−7
	if c := count(sent[uChair.ID], flag); c != 0 {
		t.Errorf("the chair is chased before any nomination: %v", sent[uChair.ID])
	}
	if err := awards.SetNominees(context.Background(), h.KV, "cum5", 2026, "co_thi_dua", []string{"bac_ninh"}); err != nil {
		t.Fatal(err)
	}

	// /hoso: Bắc Ninh sees its own part; the chair its part for Bắc Ninh and the status.
	got := h.say(uFocalBN, "/hoso")
	bottest.MustContain(t, got, flag+" cho đơn vị dẫn đầu cụm của BHXH tỉnh Bắc Ninh", "☐ Báo cáo thành tích của đơn vị được đề nghị", "Phần do đơn vị được đề nghị chuẩn bị")
	if flagPart := got[strings.Index(got, flag):]; strings.Contains(flagPart[:strings.Index(flagPart, "Phần do")], "Tờ trình") {
		t.Errorf("the nominee is shown the chair's documents:\n%s", got)
	}
	got = h.say(uChair, "/hoso")
	bottest.MustContain(t, got, flag+" cho đơn vị dẫn đầu cụm của BHXH tỉnh Bắc Ninh", "Phần do cụm trưởng chuẩn bị cho đơn vị được đề nghị",
		"[✓ Tờ trình đề nghị khen thưởng]", "[✓ Biên bản họp bình xét, suy tôn của cụm]",
		"0/1 đơn vị đã đủ tài liệu", "☐ BHXH tỉnh Bắc Ninh: còn thiếu Tờ trình đề nghị khen thưởng; Báo cáo thành tích của đơn vị được đề nghị; Biên bản")
	bottest.MustNotContain(t, got, "dẫn đầu cụm của BHXH tỉnh Quảng Ninh") // the chair unit owes no flag dossier of its own

	// 08/12 08:00, T−2: each owner is chased for its own documents.
	sent = h.tickAt(hanoi(2026, 12, 8, 8, 0, 30))
	bn := only(sent[uFocalBN.ID], flag)
	if count(sent[uFocalBN.ID], flag) != 1 || !strings.Contains(bn, "Báo cáo thành tích") || strings.Contains(bn, "Tờ trình") {
		t.Errorf("Bắc Ninh's reminders: %v", sent[uFocalBN.ID])
	}
	chair := only(sent[uChair.ID], flag)
	if count(sent[uChair.ID], flag) != 1 || !strings.Contains(chair, "Tờ trình đề nghị khen thưởng") || strings.Contains(chair, "Báo cáo thành tích") {
		t.Errorf("the chair's reminders: %v", sent[uChair.ID])
	}
	if c := count(sent[uFocalNB.ID], flag); c != 0 {
		t.Errorf("a unit that is not nominated is chased: %v", sent[uFocalNB.ID])
	}

	// Bắc Ninh sends its report; its reminders stop.
	report := msg.HosoMarkPrefix + shorten("Báo cáo thành tích của đơn vị được đề nghị", 40)
	bottest.MustContain(t, h.pressIn(uFocalBN, "Phần do đơn vị được đề nghị", report), "☑ Báo cáo thành tích của đơn vị được đề nghị – đã xong")
	// 11/12 08:00, the day after the deadline: only the chair is chased, and
	// no escalation names Bắc Ninh.
	sent = h.tickAt(hanoi(2026, 12, 11, 8, 0, 30))
	if c := count(sent[uFocalBN.ID], flag); c != 0 {
		t.Errorf("Bắc Ninh chased after its part: %v", sent[uFocalBN.ID])
	}
	if c := count(sent[uChair.ID], flag); c != 1 {
		t.Errorf("the chair got %d overdue reminders, want 1: %v", c, sent[uChair.ID])
	}
	// The chair completes late.
	h.pressIn(uChair, "Phần do cụm trưởng", msg.HosoMarkPrefix+shorten("Tờ trình đề nghị khen thưởng", 40))
	bottest.MustContain(t, h.pressIn(uChair, "Phần do cụm trưởng", msg.HosoMarkPrefix+shorten("Biên bản họp bình xét, suy tôn của cụm", 40)), "☑ Biên bản họp bình xét, suy tôn của cụm – đã xong")
	prog, err := reminders.NewKVStore(h.KV).Progress(context.Background(), "co_thi_dua", "2026-12-10", "bac_ninh")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"to_trinh", "bao_cao_thanh_tich", "bien_ban_binh_xet"} {
		if p := prog[id]; !p.Done || (id == "bao_cao_thanh_tich") != (p.By == uFocalBN.ID) {
			t.Errorf("%s: %+v", id, p)
		}
	}
	for _, day := range []int{14, 15, 16, 17} {
		sent = h.tickAt(hanoi(2026, 12, day, 8, 0, 30))
		for chat, texts := range sent {
			if c := count(texts, flag); c != 0 {
				t.Errorf("%02d/12: chat %d reminded of the complete dossier: %v", day, chat, texts)
			}
		}
	}
}

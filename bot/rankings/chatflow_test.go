package rankings

import (
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot/bottest"
)

// TestChatSubmissionEqualsScore: Bắc Ninh's June report goes through the
// /baocao conversation (every other report through the submissions API);
// /xephang then gives the totals `thiduabot score` gives from the file.
func TestChatSubmissionEqualsScore(t *testing.T) {
	// 03/07/2026: June is open for submission until its deadline on 10/07.
	chat := func(s *setup) {
		s.now = time.Date(2026, 7, 3, 9, 0, 0, 0, time.UTC)
		s.reports = true
		for crit, series := range s.seed["bac_ninh"] {
			if c, _ := s.cfg.Tables["bhxh-demo"].Criterion(crit); c != nil && c.Input != "manual" {
				series.Unset(time.June)
			}
		}
	}
	h := newHarness(t, nil, chat)
	// Without its June report Bắc Ninh's figures are carried from May.
	if pre := chatTotals(bottest.Plain(h.Say(uChair, "/xephang 6/2026"))); pre["BHXH tỉnh Bắc Ninh"] == "4 69,15" {
		t.Fatalf("Bắc Ninh already has its June total before submitting: %v", pre)
	}
	got := h.Say(uFocalBN, "/baocao")
	bottest.MustContain(t, got, "tháng 6/2026", "BHXH tỉnh Bắc Ninh")
	// Answers as a focal point types them, in the table's order.
	for _, a := range []string{"5.744,3", "11.400", "3.443.500", "2,1%", "104,5%", "có", "96%", "có", "bỏ qua", "bỏ qua"} {
		got = h.Say(uFocalBN, a)
		if text := bottest.Plain(got); !strings.Contains(text, "Đã nhập") && !strings.Contains(text, "Đã bỏ qua") {
			t.Fatalf("answer %q not taken:\n%s", a, text)
		}
	}
	bottest.MustContain(t, got, "Tóm tắt báo cáo tháng 6/2026")
	bottest.MustContain(t, h.Press(uFocalBN, "Xác nhận"), "Đã ghi nhận")
	totals := checkAgainstScore(t, h, "6/2026", "2026-06")
	t.Logf("after the chat submission: %v", totals)
}

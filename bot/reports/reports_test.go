package reports

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/submissions"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// labels lists the button labels of a message.
func labels(s telegramtest.Sent) []string {
	var out []string
	for _, row := range s.Keyboard {
		for _, b := range row {
			out = append(out, b.Text)
		}
	}
	return out
}

func hasLabel(s telegramtest.Sent, want string) bool {
	for _, l := range labels(s) {
		if l == want {
			return true
		}
	}
	return false
}

// answerAll walks Lan through October's ten questions with the usual
// answers, typed and pressed, and returns the summary.
func answerAll(t *testing.T, h *harness) []telegramtest.Sent {
	t.Helper()
	got := h.Say(uFocalBN, "/baocao")
	bottest.MustContain(t, got, "Báo cáo tháng 10/2026 của BHXH tỉnh Bắc Ninh gồm 10 tiêu chí",
		"Tiêu chí 1/10: Thu BHXH bắt buộc so với kế hoạch", "Đơn vị tính: tỷ đồng",
		"Chỉ tiêu năm của đơn vị: 12.600 tỷ đồng (tính đến tháng 10/2026: 10.500 tỷ đồng)",
		"Tháng trước (tháng 9/2026): 9.000 tỷ đồng", "lũy kế từ đầu năm")
	bottest.MustNotContain(t, got, "nộp muộn", "Quay lại\n") // no way back from the first question
	q1 := h.Last(uFocalBN)
	if !hasLabel(q1, "Bỏ qua") || !hasLabel(q1, "Hủy") || hasLabel(q1, "Giữ như tháng trước") {
		t.Errorf("buttons of a cumulative question: %v", labels(q1))
	}
	bottest.MustContain(t, h.Say(uFocalBN, "10.500,5"), "Đã nhập: 10.500,5 tỷ đồng.", "Tiêu chí 2/10")
	// "20.000 người": a count has no decimals, so the reading is not asked.
	bottest.MustContain(t, h.Say(uFocalBN, "20.000"), "Đã nhập: 20.000 người.", "Tiêu chí 3/10", "Tháng trước (tháng 9/2026): 3.400.000 người")
	if q3 := h.Last(uFocalBN); !hasLabel(q3, "Giữ như tháng trước") || !hasLabel(q3, "Quay lại") {
		t.Errorf("buttons of a snapshot question with a last value: %v", labels(q3))
	}
	bottest.MustContain(t, h.Press(uFocalBN, "Giữ như tháng trước"), "Đã nhập: 3.400.000 người (giữ như tháng 9/2026).", "Tiêu chí 4/10")
	bottest.MustContain(t, h.Say(uFocalBN, "1,2%"), "Đã nhập: 1,2%.")
	bottest.MustContain(t, h.Say(uFocalBN, "95.5 %"), "Đã nhập: 95,5%.", "Tiêu chí 6/10")
	bottest.MustContain(t, h.Press(uFocalBN, "Có"), "Đã nhập: Có.", "Tiêu chí 7/10")
	bottest.MustContain(t, h.Say(uFocalBN, "bỏ qua"), "Đã bỏ qua tiêu chí này", "Tiêu chí 8/10")
	bottest.MustContain(t, h.Say(uFocalBN, "co"), "Đã nhập: Có.", "Tiêu chí 9/10")
	bottest.MustContain(t, h.Say(uFocalBN, "2"), "Đã nhập: 2 sáng kiến.")
	return h.Say(uFocalBN, "0")
}

func TestCompleteSubmission(t *testing.T) { testCompleteSubmission(t, nil) }

func TestCompleteSubmissionOnRedis(t *testing.T) { testCompleteSubmission(t, bottest.Redis(t)) }

func testCompleteSubmission(t *testing.T, kv store.KV) {
	h := newHarness(t, kv)
	sum := answerAll(t, h)
	bottest.MustContain(t, sum, "Tóm tắt báo cáo tháng 10/2026:",
		"1. Thu BHXH bắt buộc so với kế hoạch: 10.500,5 tỷ đồng",
		"3. Số người tham gia BHYT so với kế hoạch: 3.400.000 người (giữ như tháng 9/2026)",
		"7. Tỷ lệ hồ sơ giải quyết qua dịch vụ công trực tuyến: bỏ qua (để trống)",
		"10. Vi phạm kỷ luật, bị phê bình bằng văn bản: 0 lần",
		"Còn 1 tiêu chí để trống", "Điểm tạm tính tháng 10/2026 nếu xác nhận:")
	summary := h.Last(uFocalBN)
	for _, l := range []string{"Sửa mục 1", "Sửa mục 10", "Xác nhận", "Hủy"} {
		if !hasLabel(summary, l) {
			t.Errorf("summary lacks button %q: %v", l, labels(summary))
		}
	}
	if _, err := h.f.Reports().Get(context.Background(), "cum5", "bac_ninh", submissions.Period{Year: 2026, Month: 10}); err == nil {
		t.Fatal("a report was stored before Xác nhận")
	}
	got := h.Press(uFocalBN, "Xác nhận")
	bottest.MustContain(t, got, "Đã ghi nhận lúc 09:00 03/11/2026 (lần 1): báo cáo tháng 10/2026 của BHXH tỉnh Bắc Ninh, nộp đúng hạn (hạn 17:00 05/11/2026).")
	bottest.MustNotContain(t, got, "nộp muộn")

	r := h.report("bac_ninh", 10)
	want := map[string]submissions.Entry{
		"thu_bhxh":         {State: submissions.StateValue, Value: 10500.5},
		"phat_trien_tn":    {State: submissions.StateValue, Value: 20000},
		"bao_phu_bhyt":     {State: submissions.StateKept, Value: 3400000},
		"no_dong":          {State: submissions.StateValue, Value: 1.2},
		"chi_kcb":          {State: submissions.StateValue, Value: 95.5},
		"chi_tra_dung_han": {State: submissions.StateValue, Value: 1},
		"dvc_truc_tuyen":   {State: submissions.StateSkipped},
		"cchc":             {State: submissions.StateValue, Value: 1},
		"sang_kien":        {State: submissions.StateValue, Value: 2},
		"vi_pham":          {State: submissions.StateValue, Value: 0},
	}
	if len(r.Values) != len(want) || r.Version != 1 || r.Late || r.ConfirmedBy.Name != "Lan" {
		t.Errorf("stored report: version %d, late %v, by %q, %d values", r.Version, r.Late, r.ConfirmedBy.Name, len(r.Values))
	}
	for id, w := range want {
		if g := r.Values[id]; g.State != w.State || g.Value != w.Value {
			t.Errorf("%s: got %+v, want %+v", id, g, w)
		}
	}
	// The preview said what the engine now gives for the confirmed figures.
	table, _ := h.cfg.Table("cum5")
	cl, _ := h.cfg.Org.Cluster("cum5")
	vals, err := h.f.Reports().Values(context.Background(), "cum5", 2026, table)
	if err != nil {
		t.Fatal(err)
	}
	res, err := scoring.Score(table, cl.Units, h.cfg.Targets, vals, scoring.Period{Year: 2026, Month: 10})
	if err != nil {
		t.Fatal(err)
	}
	if line := submissions.PreviewText(res, "bac_ninh"); !strings.Contains(bottest.Plain(sum), line) {
		t.Errorf("preview in the summary differs from the score of the confirmed report %q:\n%s", line, bottest.Plain(sum))
	}
	// The receipt gives the same score.
	if line := submissions.ScoreText(res, "bac_ninh"); !strings.Contains(bottest.Plain(got), line) {
		t.Errorf("receipt lacks the score of the confirmed report %q:\n%s", line, bottest.Plain(got))
	}

	// The conversation is over: plain text no longer answers a question.
	bottest.MustNotContain(t, h.Say(uFocalBN, "123"), "Đã nhập")

	// The chair and deputy hear of it once, in a digest, after a pause.
	chair := h.Await(uChair.ID, len(h.Srv.SentTo(uChair.ID)), "the chair's digest")
	bottest.MustContain(t, chair, "Cụm thi đua số 5 (ví dụ): 1 đơn vị vừa xác nhận báo cáo:", "BHXH tỉnh Bắc Ninh — tháng 10/2026, lúc 09:00 03/11/2026 (Lan)")
	if n := len(h.Srv.SentTo(uDeputy.ID)); n != 1 {
		t.Errorf("deputy got %d messages, want the one digest", n)
	}
	if d := h.Clock.Now().Sub(start); d < 10*time.Minute || d > 20*time.Minute {
		t.Errorf("digest went %v after the confirmation, want after the 10-minute pause", d)
	}
	n := len(h.Srv.SentTo(uChair.ID))
	h.Clock.Advance(time.Hour)
	h.Settle()
	for i := 0; i < 5 && h.Clock.AdvanceToNext(); i++ {
		h.Settle()
	}
	if got := len(h.Srv.SentTo(uChair.ID)); got != n {
		t.Errorf("chair got %d more messages, want no repeated digest", got-n)
	}

	// /baocao on the confirmed period shows its history and offers to edit.
	got = h.Say(uFocalBN, "/baocao")
	bottest.MustContain(t, got, "Lịch sử báo cáo tháng 10/2026:", "Lần 1 — ", "Lan", "có thể sửa đến 17:00 09/11/2026")
	if !hasLabel(h.Last(uFocalBN), "Sửa báo cáo") {
		t.Error("no edit button on a confirmed, open period")
	}
}

package awards

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/awards"
	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/docx"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/telegramtest"
)

var (
	uFocalTN = telegramtest.User{ID: 30, FirstName: "Tùng"}
	uFocalNB = telegramtest.User{ID: 31, FirstName: "Nga"}
)

const groupChat int64 = -100777

// voting is the harness of a vote: every unit of cum5 has a voter (the
// chair and the deputy vote for their units, which have no focal point) and
// the cluster has a group chat.
func voting(s *setup) {
	s.cfg.Org.Clusters[0].GroupChatID = groupChat
	s.members = []org.Member{
		{UserID: uFocalTN.ID, Name: "Tùng", Role: org.RoleFocal, Cluster: "cum5", Unit: "thai_nguyen"},
		{UserID: uFocalNB.ID, Name: "Nga", Role: org.RoleFocal, Cluster: "cum5", Unit: "ninh_binh"},
	}
}

// vote casts u's ballot on the newest ballot it received, ticking names.
func vote(t *testing.T, h *harness, u telegramtest.User, award string, names ...string) {
	t.Helper()
	for _, n := range names {
		bottest.MustContain(t, bottest.Transcript(h.PressIn(u, "Phiếu bầu kín: "+award, "☐ "+n)), "☑ "+n)
	}
	got := h.PressIn(u, "Phiếu bầu kín: "+award, "Bỏ phiếu")
	if len(names) == 0 {
		bottest.MustContain(t, got, "Anh/chị không chọn đơn vị nào (phiếu trắng). Bỏ phiếu?")
	} else {
		bottest.MustContain(t, got, "Anh/chị chọn: "+strings.Join(names, ", ")+". Bỏ phiếu?")
	}
	bottest.MustContain(t, h.Press(u, "Bỏ phiếu"), "Anh/chị đã bỏ phiếu «"+award+"». Phiếu đã được kiểm")
}

const flag = "Cờ thi đua của BHXH Việt Nam (đơn vị dẫn đầu cụm)"

// TestSecretBallotElects: every unit votes; Quảng Ninh gets 4 of 6 votes
// (≥ 50% of the members, quorum 67% met) and is proposed. The result goes to
// the group and the chair, with the draft minutes; nothing stored tells
// what any unit chose.
func TestSecretBallotElects(t *testing.T) {
	h := newHarness(t, voting)
	got := bottest.Transcript(h.Say(uChair, "/binhxet bophieu co_thi_dua"))
	bottest.MustContain(t, got, "Đã mở bỏ phiếu kín «"+flag+"» với 3 ứng viên đủ điều kiện; phiếu đã gửi tới 6 người bỏ phiếu; hạn bỏ phiếu: 02:00 04/12/2026.",
		"Đã bỏ phiếu: 0/6 đơn vị", "[Kết thúc bỏ phiếu]")
	for _, u := range []telegramtest.User{uChair, uDeputy, uFocalHY, uFocalBN, uFocalTN, uFocalNB} {
		bottest.MustContain(t, bottest.Transcript([]telegramtest.Sent{h.Last(u)}), "Phiếu bầu kín: "+flag, "chọn tối đa 1 đơn vị", "☐ BHXH tỉnh Quảng Ninh", "☐ BHXH tỉnh Phú Thọ", "☐ BHXH tỉnh Hưng Yên")
	}
	if len(h.Srv.SentTo(uMember.ID)) != 0 {
		t.Error("a unit member who is not its voter got a ballot")
	}

	// At most one name on this ballot; then choose again.
	tr := func(ss []telegramtest.Sent) string { return bottest.Transcript(ss) }
	bottest.MustContain(t, tr(h.PressIn(uFocalBN, "Phiếu bầu kín", "☐ BHXH tỉnh Phú Thọ")), "☑ BHXH tỉnh Phú Thọ")
	bottest.MustContain(t, tr(h.PressIn(uFocalBN, "Phiếu bầu kín", "☐ BHXH tỉnh Quảng Ninh")), "Chỉ được chọn tối đa 1 đơn vị.")
	bottest.MustContain(t, tr(h.PressIn(uFocalBN, "Phiếu bầu kín", "☑ BHXH tỉnh Phú Thọ")), "☐ BHXH tỉnh Phú Thọ")
	bottest.MustContain(t, tr(h.PressIn(uFocalBN, "Phiếu bầu kín", "Bỏ phiếu")), "phiếu trắng")
	bottest.MustContain(t, tr(h.Press(uFocalBN, "Chọn lại")), "☐ BHXH tỉnh Quảng Ninh")
	vote(t, h, uFocalBN, flag, "BHXH tỉnh Quảng Ninh")
	// The chair's turnout message follows.
	if got := h.Srv.SentTo(uChair.ID); !strings.Contains(bottest.Plain(got), "Đã bỏ phiếu: 1/6 đơn vị") {
		t.Errorf("turnout not updated:\n%s", bottest.Transcript(got))
	}
	// A cast ballot is final: an old button of it is refused.
	ballot := findSent(t, h.Srv.SentTo(uFocalBN.ID), "Phiếu bầu kín")
	n := len(h.Srv.SentTo(uFocalBN.ID))
	h.Srv.Press(uFocalBN, ballot.MessageID, bot.Data(cbVote, "f", "v1", "2"))
	bottest.MustContain(t, h.Await(uFocalBN.ID, n, "a second ballot"), "đã bỏ phiếu «"+flag+"»; phiếu đã bỏ không sửa được")
	// Someone who is not a voter cannot vote with a copied button.
	n = len(h.Srv.SentTo(uMember.ID))
	h.Srv.Press(uMember, ballot.MessageID, bot.Data(cbVote, "f", "v1", "1"))
	bottest.MustContain(t, h.Await(uMember.ID, n, "a stranger's ballot"), "không phải người bỏ phiếu")

	vote(t, h, uChair, flag, "BHXH tỉnh Quảng Ninh")
	vote(t, h, uDeputy, flag, "BHXH tỉnh Quảng Ninh")
	vote(t, h, uFocalHY, flag, "BHXH tỉnh Hưng Yên")
	vote(t, h, uFocalTN, flag)
	before := len(h.Srv.SentTo(groupChat))
	vote(t, h, uFocalNB, flag, "BHXH tỉnh Quảng Ninh")

	// Everyone voted: the vote closes itself.
	result := h.Srv.SentTo(groupChat)[before:]
	bottest.MustContain(t, result, "Kết quả bỏ phiếu kín «"+flag+"» năm 2026 – Cụm thi đua số 5 (ví dụ)",
		"Số đơn vị bỏ phiếu: 6/6 (100%)", "BHXH tỉnh Quảng Ninh: 4 phiếu (66,7%) – được đề nghị",
		"BHXH tỉnh Phú Thọ: 0 phiếu (0%)", "BHXH tỉnh Hưng Yên: 1 phiếu (16,7%)",
		"Điều kiện: từ 50% số phiếu trên tổng số đơn vị thành viên, ít nhất 67% số đơn vị tham gia.",
		"Đơn vị được đề nghị: BHXH tỉnh Quảng Ninh.")
	chair := h.Srv.SentTo(uChair.ID)
	bottest.MustContain(t, chair, "Đã kết thúc bỏ phiếu.", "Đơn vị được đề nghị: BHXH tỉnh Quảng Ninh.")
	minutes := findSent(t, chair, "Dự thảo biên bản")
	if minutes.FileName != "bien-ban-co_thi_dua-2026.docx" {
		t.Errorf("minutes file %q", minutes.FileName)
	}
	txt, err := docx.Read(minutes.FileData)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"BIÊN BẢN", "Họp bình xét, suy tôn " + flag + " năm 2026",
		"Thành phần: 6/6 đơn vị thành viên của Cụm thi đua số 5 (ví dụ) đã bỏ phiếu",
		"1 | BHXH tỉnh Quảng Ninh | 4 | 66,7 | Đạt", "3 | BHXH tỉnh Hưng Yên | 1 | 16,7 | Không đạt",
		"Đơn vị được đề nghị: BHXH tỉnh Quảng Ninh.", "[cần bổ sung: họ tên, chức vụ người chủ trì]"} {
		if !strings.Contains(txt.String(), want) {
			t.Errorf("minutes lack %q:\n%s", want, txt)
		}
	}

	// The elected unit is now the award's nominee.
	bottest.MustContain(t, h.Say(uChair, "/binhxet"), "Đề nghị: BHXH tỉnh Quảng Ninh")

	h.Settle()
	checkSecret(t, h, []telegramtest.User{uChair, uDeputy, uFocalHY, uFocalBN, uFocalTN, uFocalNB})
}

func findSent(t *testing.T, ss []telegramtest.Sent, sub string) telegramtest.Sent {
	t.Helper()
	for i := len(ss) - 1; i >= 0; i-- {
		if strings.Contains(ss[i].Text, sub) {
			return ss[i]
		}
	}
	t.Fatalf("nothing with %q", sub)
	return telegramtest.Sent{}
}

// checkSecret reads every record of every bucket, and an export, after the
// vote: the ballots' choices (their button data and confirmation texts) are
// nowhere; the update journal holds only done marks; the vote's record is
// the set of units that voted and the tallies.
func checkSecret(t *testing.T, h *harness, voters []telegramtest.User) {
	t.Helper()
	ctx := context.Background()
	// A choice is a ballot button's data with a non-empty selection, or
	// the texts that show one.
	choice := regexp.MustCompile(`bv:[tcfr]:v[0-9]+:[1-9]`)
	bad := []string{"Anh/chị chọn", "☑", "phiếu trắng", "bv:f:"}
	buckets, err := h.KV.Buckets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	records := 0
	for _, b := range buckets {
		items, err := h.KV.List(ctx, b, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			records++
			for _, s := range bad {
				if bytes.Contains(it.Value, []byte(s)) || strings.Contains(it.Key, s) {
					t.Errorf("%s/%s holds %q: %s", b, it.Key, s, it.Value)
				}
			}
			if choice.Match(it.Value) {
				t.Errorf("%s/%s holds a ballot's choice: %s", b, it.Key, it.Value)
			}
			if b == "tg_updates" && string(it.Value) != "done" {
				t.Errorf("update journal %s keeps its content: %s", it.Key, it.Value)
			}
			if b == awards.BucketVotes && strings.HasPrefix(it.Key, "v/") {
				var fields map[string]json.RawMessage
				if err := json.Unmarshal(it.Value, &fields); err != nil {
					t.Fatal(err)
				}
				var keys []string
				for k := range fields {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				want := "award ballots candidates chair_chat chair_msg closed cluster deadline id members opened slots tally voted year"
				if strings.Join(keys, " ") != want {
					t.Errorf("vote record fields: %v, want %s", keys, want)
				}
				var p awards.Poll
				json.Unmarshal(it.Value, &p) //nolint:errcheck // decoded above
				if !sort.StringsAreSorted(p.Voted) {
					t.Errorf("voted units are in casting order: %v", p.Voted)
				}
			}
		}
	}
	if records == 0 {
		t.Fatal("no records read")
	}
	var buf bytes.Buffer
	if err := store.Export(ctx, h.KV, &buf); err != nil {
		t.Fatal(err)
	}
	for _, s := range bad {
		if bytes.Contains(buf.Bytes(), []byte(s)) {
			t.Errorf("the export holds %q", s)
		}
	}
	if choice.Match(buf.Bytes()) {
		t.Error("the export holds a ballot's choice")
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"voted"`)) {
		t.Error("the export lacks the vote record")
	}
}

// TestSecretBallotMisses: the chair ends a vote that lacks the quorum; a
// second vote closes at its deadline below the threshold.
func TestSecretBallotMisses(t *testing.T) {
	h := newHarness(t, voting)
	tr := func(ss []telegramtest.Sent) string { return bottest.Transcript(ss) }
	h.Say(uChair, "/binhxet bophieu co_thi_dua co_thi_dua_cp")
	vote(t, h, uFocalBN, flag, "BHXH tỉnh Quảng Ninh")
	vote(t, h, uFocalHY, flag, "BHXH tỉnh Quảng Ninh")
	vote(t, h, uFocalTN, flag, "BHXH tỉnh Phú Thọ")
	before := len(h.Srv.SentTo(groupChat))
	got := h.PressIn(uChair, "Bỏ phiếu kín «"+flag+"»", "Kết thúc bỏ phiếu")
	bottest.MustContain(t, got, "Số đơn vị bỏ phiếu: 3/6 (50%); chưa đủ tỷ lệ tham gia tối thiểu 67%, kết quả không có giá trị.",
		"BHXH tỉnh Quảng Ninh: 2 phiếu (33,3%)", "Không có đơn vị nào đạt tỷ lệ phiếu cần thiết.")
	bottest.MustContain(t, h.Srv.SentTo(groupChat)[before:], "chưa đủ tỷ lệ tham gia tối thiểu 67%")
	// A late ballot is refused.
	bottest.MustContain(t, tr(h.PressIn(uFocalNB, "Phiếu bầu kín: "+flag, "☐ BHXH tỉnh Quảng Ninh")), "đã kết thúc")

	// The Government flag: 70% of the members needed; 4 of 5 ballots name
	// Quảng Ninh (66,7% of 6); the deadline closes it.
	const gov = "Cờ thi đua của Chính phủ"
	for _, u := range []telegramtest.User{uChair, uDeputy, uFocalHY, uFocalBN} {
		vote(t, h, u, gov, "BHXH tỉnh Quảng Ninh")
	}
	vote(t, h, uFocalTN, gov)
	before = len(h.Srv.SentTo(groupChat))
	h.Clock.Advance(25 * time.Hour)
	f := h.feature()
	if err := f.CloseDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.Settle()
	bottest.MustContain(t, h.Srv.SentTo(groupChat)[before:], "Kết quả bỏ phiếu kín «"+gov+"»", "Số đơn vị bỏ phiếu: 5/6 (83,3%)",
		"BHXH tỉnh Quảng Ninh: 4 phiếu (66,7%)", "Không có đơn vị nào đạt tỷ lệ phiếu cần thiết.")
	checkSecret(t, h, nil)
}

// TestVoteWithoutCandidatesSaysWhy: a vote nobody is eligible for points
// the chair to the reasons in /binhxet instead of stopping there.
func TestVoteWithoutCandidatesSaysWhy(t *testing.T) {
	h := newHarness(t, voting, func(s *setup) {
		s.edit = func(vs scoring.Values) { clear(vs) }
	})
	got := h.Say(uChair, "/binhxet bophieu co_thi_dua")
	bottest.MustContain(t, got, "chưa có đơn vị nào đủ điều kiện", "/binhxet")
}

// TestSecretBallotTie: the chair gives the votes two days; three ballots
// name Quảng Ninh and three Phú Thọ for the one slot of the flag: the result
// says plainly that they are level at the cut line, elects neither, and
// leaves the choice to the chair. The Government flag's vote is still open
// after 24 hours and closes at its own deadline.
func TestSecretBallotTie(t *testing.T) {
	h := newHarness(t, voting)
	bottest.MustContain(t, h.Say(uChair, "/binhxet bophieu co_thi_dua 30 ngày"), "Thời hạn bỏ phiếu «30 ngày» chưa hợp lệ", "từ 1 giờ đến 14 ngày")
	bottest.MustContain(t, h.Say(uChair, "/binhxet bophieu"), "/binhxet bophieu co_thi_dua 48 giờ", "hạn mặc định 24 giờ")
	got := h.Say(uChair, "/binhxet bophieu co_thi_dua co_thi_dua_cp 2 ngày")
	bottest.MustContain(t, got, "hạn bỏ phiếu: 02:00 05/12/2026.", "Hạn: 02:00 05/12/2026.")
	bottest.MustContain(t, []telegramtest.Sent{h.Last(uFocalTN)}, "Hạn: 02:00 05/12/2026.")

	for _, u := range []telegramtest.User{uChair, uFocalHY, uFocalNB} {
		vote(t, h, u, flag, "BHXH tỉnh Quảng Ninh")
	}
	for _, u := range []telegramtest.User{uDeputy, uFocalBN} {
		vote(t, h, u, flag, "BHXH tỉnh Phú Thọ")
	}
	before := len(h.Srv.SentTo(groupChat))
	vote(t, h, uFocalTN, flag, "BHXH tỉnh Phú Thọ")
	result := h.Srv.SentTo(groupChat)[before:]
	bottest.MustContain(t, result, "BHXH tỉnh Quảng Ninh: 3 phiếu (50%) – bằng phiếu ở suất cuối",
		"BHXH tỉnh Phú Thọ: 3 phiếu (50%) – bằng phiếu ở suất cuối",
		"Bằng phiếu ở suất cuối: BHXH tỉnh Quảng Ninh, BHXH tỉnh Phú Thọ cùng được 3 phiếu nhưng chỉ còn 1 suất; bot không tự chọn",
		"/binhxet decu co_thi_dua tên đơn vị")
	if tr := bottest.Transcript(result); strings.Contains(tr, "– được đề nghị") || strings.Contains(tr, "Đơn vị được đề nghị:") || strings.Contains(tr, "Không có đơn vị nào đạt") {
		t.Errorf("a tie elects someone or reads as nobody passing:\n%s", tr)
	}
	minutes := findSent(t, h.Srv.SentTo(uChair.ID), "Dự thảo biên bản")
	txt, err := docx.Read(minutes.FileData)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"BHXH tỉnh Quảng Ninh | 3 | 50 | Bằng phiếu", "BHXH tỉnh Phú Thọ | 3 | 50 | Bằng phiếu",
		"Các đơn vị BHXH tỉnh Quảng Ninh, BHXH tỉnh Phú Thọ cùng được 3 phiếu ở suất cuối"} {
		if !strings.Contains(txt.String(), want) {
			t.Errorf("minutes lack %q:\n%s", want, txt)
		}
	}
	bottest.MustContain(t, h.Say(uChair, "/binhxet"), "Chưa có đơn vị được đề nghị.")

	// The Government flag's vote outlives the default 24 hours.
	const gov = "Cờ thi đua của Chính phủ"
	vote(t, h, uChair, gov, "BHXH tỉnh Quảng Ninh")
	f := h.feature()
	before = len(h.Srv.SentTo(groupChat))
	h.Clock.Advance(25 * time.Hour)
	if err := f.CloseDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.Settle()
	if got := h.Srv.SentTo(groupChat)[before:]; len(got) != 0 {
		t.Fatalf("closed before its deadline:\n%s", bottest.Transcript(got))
	}
	h.Clock.Advance(24 * time.Hour)
	if err := f.CloseDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.Settle()
	bottest.MustContain(t, h.Srv.SentTo(groupChat)[before:], "Kết quả bỏ phiếu kín «"+gov+"»", "Số đơn vị bỏ phiếu: 1/6")
}

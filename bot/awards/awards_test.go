package awards

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/awards/awardstest"
	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/docx"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/telegramtest"
)

var (
	uAdmin   = telegramtest.User{ID: 1, FirstName: "Quản trị"}
	uChair   = telegramtest.User{ID: 10, FirstName: "Cụm trưởng"}
	uDeputy  = telegramtest.User{ID: 11, FirstName: "Cụm phó"}
	uFocalHY = telegramtest.User{ID: 20, FirstName: "Lan"}
	uFocalBN = telegramtest.User{ID: 21, FirstName: "Minh"}
	uMember  = telegramtest.User{ID: 22, FirstName: "Hoa"}
)

type harness struct {
	*bottest.H
	cfg *configdir.Config
	f   *Feature // of the running instance
}

func (h *harness) feature() *Feature { return h.f }

type setup struct {
	cfg     *configdir.Config
	now     time.Time
	edit    func(vs scoring.Values)
	members []org.Member
}

type hopt func(*setup)

// newHarness runs the bot with the feature on the demo config, the demo
// season (January–November 2026) stored as confirmed reports, on 03/12/2026.
func newHarness(t *testing.T, opts ...hopt) *harness {
	t.Helper()
	cfg, err := configdir.Demo()
	if err != nil {
		t.Fatal(err)
	}
	st := &setup{cfg: cfg, now: time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)}
	for _, o := range opts {
		o(st)
	}
	vs, err := awardstest.Values(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if st.edit != nil {
		st.edit(vs)
	}
	h := &harness{cfg: cfg}
	h.H = bottest.New(t, bottest.Options{
		Org: cfg.Org, Start: st.now, Admins: []int64{uAdmin.ID},
		Members: append(st.members, []org.Member{
			{UserID: uChair.ID, Name: "Cụm trưởng", Role: org.RoleChair, Cluster: "cum5", Unit: "quang_ninh"},
			{UserID: uDeputy.ID, Name: "Cụm phó", Role: org.RoleDeputy, Cluster: "cum5", Unit: "phu_tho"},
			{UserID: uFocalHY.ID, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "hung_yen"},
			{UserID: uFocalBN.ID, Name: "Minh", Role: org.RoleFocal, Cluster: "cum5", Unit: "bac_ninh"},
			{UserID: uMember.ID, Name: "Hoa", Role: org.RoleMember, Cluster: "cum5", Unit: "bac_ninh"},
		}...),
		Seed: func(bh *bottest.H) {
			if err := awardstest.Seed(context.Background(), bh.KV, cfg, vs); err != nil {
				t.Fatal(err)
			}
		},
		Setup: func(bh *bottest.H, b *bot.Bot) {
			h.f = Register(b, Deps{Awards: cfg.Awards, Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets,
				Calendar: cfg.Calendar, Store: bh.KV, Clock: bh.Clock, Log: bh.Log})
		},
	})
	return h
}

func TestSeason(t *testing.T) {
	h := newHarness(t)
	got := h.Say(uChair, "/binhxet")
	if len(got) != 4 {
		t.Fatalf("%d messages, want the head and one per award:\n%s", len(got), bottest.Transcript(got))
	}
	bottest.MustContain(t, got,
		"Bình xét khen thưởng năm 2026 – Cụm thi đua số 5 (ví dụ)",
		"Kỳ xét: tháng 1 đến hết tháng 11/2026 (11 tháng)",
		"Cờ thi đua của BHXH Việt Nam (đơn vị dẫn đầu cụm) – đề nghị tối đa 1 đơn vị",
		"✅ 1. BHXH tỉnh Quảng Ninh – 90,14 điểm",
		"▫️ 5. BHXH tỉnh Thái Nguyên – 43,61 điểm: tổng điểm 43,61, điều kiện là từ 65 điểm trở lên; có ghi nhận ở tiêu chí «Vi phạm kỷ luật, bị phê bình bằng văn bản» (tháng 3)",
		// The Government flag: Tập thể LĐXS in 2024 and 2025 (config history).
		"chưa được tặng «Tập thể Lao động xuất sắc» năm 2024",
		"Chưa có đơn vị được đề nghị.",
		"/binhxet decu co_thi_dua tên đơn vị")
	// The deputy reads it too; focal points and members may not.
	bottest.MustContain(t, h.Say(uDeputy, "/binhxet"), "Kỳ xét: tháng 1 đến hết tháng 11/2026")
	bottest.MustContain(t, h.Say(uFocalHY, "/binhxet"), "vai trò của anh/chị không được dùng chức năng này")
	bottest.MustContain(t, h.Say(uMember, "/binhxet"), "vai trò của anh/chị không được dùng chức năng này")
}

// TestSeasonUnitWithoutData: a unit that never reported is listed as not
// ranked, as /xephang lists it, never as "–. BHXH tỉnh …".
func TestSeasonUnitWithoutData(t *testing.T) {
	h := newHarness(t, func(s *setup) {
		s.edit = func(vs scoring.Values) { delete(vs, "ninh_binh") }
	})
	got := h.Say(uChair, "/binhxet")
	bottest.MustContain(t, got, "▫️ BHXH tỉnh Ninh Bình – chưa xếp hạng, 0,00 điểm: chưa có số liệu trong kỳ xét;")
	bottest.MustNotContain(t, got, "–. ")
}

// Eligibility follows the stored data: a late March report for Quảng Ninh
// (a second one, beyond the one allowed) makes the leader ineligible for the
// flag, and the next eligible unit takes its place at the top.
func TestEligibilityFromStoredData(t *testing.T) {
	h := newHarness(t, func(s *setup) {
		s.edit = func(vs scoring.Values) {
			vs.Set("quang_ninh", "nop_muon", time.March, 1)
			vs.Set("quang_ninh", "nop_muon", time.September, 1)
		}
	})
	got := h.Say(uChair, "/binhxet")
	bottest.MustContain(t, got, "▫️ 1. BHXH tỉnh Quảng Ninh", "2 báo cáo nộp muộn (tháng 3, 9), điều kiện là tối đa 1", "✅ 2. BHXH tỉnh Phú Thọ")
	got = h.Say(uChair, "/binhxet decu co_thi_dua phu tho")
	bottest.MustContain(t, got, "Đã ghi đơn vị đề nghị «Cờ thi đua của BHXH Việt Nam (đơn vị dẫn đầu cụm)»: BHXH tỉnh Phú Thọ.", "Đề nghị: BHXH tỉnh Phú Thọ")
	bottest.MustNotContain(t, got, "⚠️")
}

func TestNominationWarnings(t *testing.T) {
	h := newHarness(t)
	// Hưng Yên (3rd, eligible) has never had the flag, which went to three
	// different units in 2023–2025: a proposal by turn.
	got := h.Say(uChair, "/binhxet decu co_thi_dua Hưng Yên")
	if len(got) != 2 {
		t.Fatalf("want the confirmation and the award:\n%s", bottest.Transcript(got))
	}
	bottest.MustContain(t, got,
		"Đã ghi đơn vị đề nghị «Cờ thi đua của BHXH Việt Nam (đơn vị dẫn đầu cụm)»: BHXH tỉnh Hưng Yên.",
		"Đề nghị: BHXH tỉnh Hưng Yên",
		"⚠️ BHXH tỉnh Hưng Yên (hạng 3) được đề nghị nhưng không phải đơn vị đủ điều kiện xếp cao nhất (BHXH tỉnh Quảng Ninh hạng 1)",
		"các năm 2023, 2024, 2025 lần lượt trao cho các đơn vị khác nhau",
		"Luật Thi đua, khen thưởng 06/2022/QH15, Điều 5 khoản 2",
		"Nghị định 152/2025/NĐ-CP, Điều 4 khoản 1")
	if n := strings.Count(bottest.Plain(got), "⚠️"); n != 2 {
		t.Errorf("%d warnings, want 2 (not top; turn)", n)
	}
	// Every /binhxet shows the nominee and its warnings until the chair changes it.
	bottest.MustContain(t, h.Say(uChair, "/binhxet"), "Đề nghị: BHXH tỉnh Hưng Yên", "⚠️ BHXH tỉnh Hưng Yên (hạng 3)")

	// On merit: no warning.
	got = h.Say(uChair, "/binhxet decu co_thi_dua quang_ninh")
	bottest.MustContain(t, got, "Đề nghị: BHXH tỉnh Quảng Ninh")
	bottest.MustNotContain(t, got, "⚠️")

	// An ineligible nominee for Tập thể LĐXS.
	got = h.Say(uChair, "/binhxet decu tap_the_ldxs quang ninh, thai nguyen")
	bottest.MustContain(t, got, "⚠️ BHXH tỉnh Thái Nguyên được đề nghị nhưng chưa đủ điều kiện: tổng điểm 43,61, điều kiện là từ 60 điểm trở lên")

	// Errors the chair can act on, and the deputy may not nominate.
	bottest.MustContain(t, h.Say(uChair, "/binhxet decu co_thi_dua quang ninh, phu tho"), "chỉ được đề nghị tối đa 1 đơn vị")
	bottest.MustContain(t, h.Say(uChair, "/binhxet decu co_vang quang ninh"), "Không có hình thức khen thưởng «co_vang»")
	bottest.MustContain(t, h.Say(uChair, "/binhxet decu co_thi_dua ha noi"), "Không tìm thấy đơn vị «ha noi»")
	bottest.MustContain(t, h.Say(uChair, "/binhxet decu"), "Cách ghi đề nghị")
	bottest.MustContain(t, h.Say(uDeputy, "/binhxet decu co_thi_dua phu tho"), "Chỉ cụm trưởng (hoặc quản trị viên) ghi đơn vị đề nghị.")
	got = h.Say(uChair, "/binhxet decu co_thi_dua -")
	bottest.MustContain(t, got, "Đã bỏ các đơn vị đề nghị", "Chưa có đơn vị được đề nghị.")
}

// A thin record: the nominee's missing and late months are named.
// TestTypedAsOfficialsDo: the subcommand and the award are typed as people
// type them (with spaces, diacritics), never falling back silently to the
// whole overview.
func TestTypedAsOfficialsDo(t *testing.T) {
	const gov = "Cờ thi đua của Chính phủ"
	tests := []struct{ say, want string }{
		{"/binhxet de cu co thi dua quang ninh", "Đã ghi đơn vị đề nghị «" + flag + "»: BHXH tỉnh Quảng Ninh."},
		{"/binhxet Đề cử co thi dua cp quang ninh", "Đã ghi đơn vị đề nghị «" + gov + "»: BHXH tỉnh Quảng Ninh."},
		{"/binhxet decu tap the ldxs quang ninh, phu tho", "Đã ghi đơn vị đề nghị «Tập thể Lao động xuất sắc»: BHXH tỉnh Quảng Ninh, BHXH tỉnh Phú Thọ."},
		{"/binhxet de cu co thi dua", "Cách ghi đề nghị"},
		{"/binhxet bỏ phiếu co thi dua 2 ngay", "Đã mở bỏ phiếu kín «" + flag + "»"},
		{"/binhxet bo phieu co_thi_dua", "«" + flag + "» đã có cuộc bỏ phiếu trong năm 2026."},
	}
	h := newHarness(t)
	for _, tt := range tests {
		got := h.Say(uChair, tt.say)
		bottest.MustContain(t, got, tt.want)
		bottest.MustNotContain(t, got, "Bình xét khen thưởng năm 2026 –")
	}
}

func TestThinRecord(t *testing.T) {
	h := newHarness(t, func(s *setup) {
		s.edit = func(vs scoring.Values) {
			vs.Set("phu_tho", "nop_muon", time.October, 1)
		}
	})
	got := h.Say(uChair, "/binhxet decu tap_the_ldxs phu tho")
	bottest.MustContain(t, got, "⚠️ Hồ sơ thành tích của BHXH tỉnh Phú Thọ còn mỏng: 1 báo cáo nộp muộn (tháng 10).")
}

func TestAdminNamesCluster(t *testing.T) {
	h := newHarness(t)
	bottest.MustContain(t, h.Say(uAdmin, "/binhxet cum5"), "Cụm thi đua số 5 (ví dụ)")
	bottest.MustContain(t, h.Say(uAdmin, "/binhxet"), "Cụm thi đua số 5 (ví dụ)") // the only cluster
}

func TestAchievementReport(t *testing.T) {
	h := newHarness(t)
	// The chair proposes Hưng Yên for Tập thể LĐXS; its focal point's
	// report is for that award by default, and only of its own unit.
	h.Say(uChair, "/binhxet decu tap_the_ldxs hung yen")
	got := h.Say(uFocalHY, "/baocaothanhtich")
	doc := document(t, got)
	if doc.FileName != "bao-cao-thanh-tich-hung_yen-tap_the_ldxs-2026.docx" {
		t.Errorf("file name %q", doc.FileName)
	}
	bottest.MustContain(t, got, "Dự thảo báo cáo thành tích của BHXH tỉnh Hưng Yên đề nghị tặng «Tập thể Lao động xuất sắc» năm 2026", "[cần bổ sung: …]")
	txt, err := docx.Read(doc.FileData)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"BHXH TỈNH HƯNG YÊN", "Đề nghị tặng Tập thể Lao động xuất sắc năm 2026", "xếp thứ 3 trên 6 đơn vị", "2025 | Tập thể Lao động xuất sắc"} {
		if !strings.Contains(txt.String(), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	bottest.MustContain(t, h.Say(uFocalHY, "/baocaothanhtich bac ninh"), "chỉ lập được báo cáo thành tích của đơn vị mình")
	bottest.MustContain(t, h.Say(uMember, "/baocaothanhtich"), "vai trò của anh/chị không được dùng chức năng này")

	// The chair names the award and the unit.
	got = h.Say(uChair, "/baocaothanhtich co_thi_dua_cp quang ninh")
	txt, err = docx.Read(document(t, got).FileData)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(txt.String(), "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG CỜ THI ĐUA CỦA CHÍNH PHỦ") {
		t.Errorf("the Government flag's template was not used:\n%s", txt)
	}
}

func document(t *testing.T, ss []telegramtest.Sent) telegramtest.Sent {
	t.Helper()
	for _, s := range ss {
		if s.Method == "sendDocument" {
			return s
		}
	}
	t.Fatalf("no document in:\n%s", bottest.Transcript(ss))
	return telegramtest.Sent{}
}

// The chair enters a past award: the Government flag's prerequisite
// (Tập thể LĐXS in 2024 and 2025) is met for Phú Thọ once its 2024 title is
// entered, and its achievement report lists it.
func TestHistoryEnteredByChair(t *testing.T) {
	h := newHarness(t)
	bottest.MustContain(t, h.Say(uChair, "/binhxet"), "chưa được tặng «Tập thể Lao động xuất sắc» năm 2024")
	got := h.Say(uChair, "/binhxet lichsu tap_the_ldxs 2024 phu tho, quang ninh")
	bottest.MustContain(t, got, "Đã ghi: năm 2024, «Tập thể Lao động xuất sắc»: BHXH tỉnh Phú Thọ, BHXH tỉnh Quảng Ninh.")
	got = h.Say(uChair, "/binhxet")
	text := bottest.Plain(got)
	gov := text[strings.Index(text, "Cờ thi đua của Chính phủ"):]
	line := gov[strings.Index(gov, "BHXH tỉnh Phú Thọ"):]
	line = line[:strings.Index(line, "\n")]
	if !strings.HasSuffix(line, "tổng điểm 80,72, điều kiện là từ 90 điểm trở lên") {
		t.Errorf("the entered history is not used: %q", line)
	}
	// The achievement report lists it too.
	doc := document(t, h.Say(uChair, "/baocaothanhtich phu tho"))
	txt, err := docx.Read(doc.FileData)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(txt.String(), "2024 | Tập thể Lao động xuất sắc") {
		t.Errorf("report lacks the entered 2024 award:\n%s", txt)
	}
	bottest.MustContain(t, h.Say(uChair, "/binhxet lichsu tap_the_ldxs 2026 phu tho"), "Năm «2026» không hợp lệ")
	bottest.MustContain(t, h.Say(uDeputy, "/binhxet lichsu tap_the_ldxs 2024 phu tho"), "Chỉ cụm trưởng")
	bottest.MustContain(t, h.Say(uChair, "/binhxet lichsu tap_the_ldxs 2024 -"), "Đã xóa mục khen thưởng")
	bottest.MustContain(t, h.Say(uChair, "/binhxet"), "chưa được tặng «Tập thể Lao động xuất sắc» năm 2024")
}

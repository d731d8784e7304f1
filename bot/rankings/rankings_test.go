package rankings

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/rankhistory/reportseed"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/scoring/scorecli"
	"github.com/thiduabot/thiduabot/submissions"
	"github.com/thiduabot/thiduabot/telegramtest"
	"github.com/thiduabot/thiduabot/vi"
)

// scoreTotals runs `thiduabot score` (its core, scorecli) on the sample file
// and returns the JSON report's totals by unit, in rank order.
func scoreReport(t *testing.T, h *harness, period string) scoring.Report {
	t.Helper()
	data, err := os.ReadFile("../../examples/bhxh-demo/values-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	cfg := *h.cfg
	o := *cfg.Org
	o.Clusters = o.Clusters[:1]
	cfg.Org = &o
	var out, errs bytes.Buffer
	if code := scorecli.Run(&cfg, scorecli.Options{ValuesName: "values-sample.csv", Values: data, Period: period, JSON: true}, &out, &errs); code != scorecli.OK {
		t.Fatalf("score: exit %d: %s", code, errs.String())
	}
	var rep scoring.Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	return rep
}

var lineRE = regexp.MustCompile(`(?m)^(\d+)\. (.+?) — ([\d.,-]+)`)

// chatTotals reads "rank. name — total" lines of a /xephang answer.
func chatTotals(text string) map[string]string {
	m := map[string]string{}
	for _, g := range lineRE.FindAllStringSubmatch(text, -1) {
		m[g[2]] = g[1] + " " + g[3]
	}
	return m
}

// testEquivalence is the acceptance check: the sample figures,
// confirmed through the submissions API, give in /xephang the ranks and
// totals that `thiduabot score` gives from the file.
func testEquivalence(t *testing.T, h *harness) {
	for _, tc := range []struct{ typed, key string }{{"6/2026", "2026-06"}, {"quý 1", "2026-03"}, {"tháng 4", "2026-04"}, {"", "2026-06"}} {
		totals := checkAgainstScore(t, h, tc.typed, tc.key)
		if tc.key == "2026-06" {
			t.Logf("6/2026 totals agree: %v", totals)
		}
	}
}

// checkAgainstScore asks /xephang for the typed period as the chair and
// compares every unit's rank and total with score --json for key.
func checkAgainstScore(t *testing.T, h *harness, typed, key string) map[string]string {
	t.Helper()
	rep := scoreReport(t, h, key)
	text := bottest.Plain(h.Say(uChair, strings.TrimSpace("/xephang "+typed)))
	totals := chatTotals(text)
	if len(totals) != len(rep.Units) {
		t.Fatalf("%q: %d ranked lines, want %d:\n%s", typed, len(totals), len(rep.Units), text)
	}
	for _, u := range rep.Units {
		want := fmt.Sprintf("%d %s", u.Rank, vi.Fixed(u.Total, 2))
		if totals[u.Name] != want {
			t.Errorf("%q: %s: chat says %q, score says %q", typed, u.Name, totals[u.Name], want)
		}
	}
	return totals
}

func TestEquivalenceWithScore(t *testing.T) {
	testEquivalence(t, newHarness(t, nil))
}

func TestEquivalenceWithScoreOnRedis(t *testing.T) {
	h := newHarness(t, bottest.Redis(t))
	testEquivalence(t, h)
	checkRankingForChair(t, h)
}

func TestRankingForChair(t *testing.T) { checkRankingForChair(t, newHarness(t, nil)) }

// checkRankingForChair checks the full answer: table, movement, missing
// figures and the chart.
func checkRankingForChair(t *testing.T, h *harness) {
	got := h.Say(uChair, "/xephang 6/2026")
	if n := bottest.Methods(got)["sendPhoto"]; n != 1 {
		t.Fatalf("sent %v, want one photo", bottest.Methods(got))
	}
	var photo []byte
	for _, s := range got {
		if s.Method == "sendPhoto" {
			photo = s.FileData
		}
	}
	if _, err := png.Decode(bytes.NewReader(photo)); err != nil {
		t.Errorf("chart is not a PNG: %v", err)
	}
	bottest.MustContain(t, got, "Xếp hạng tạm tính — Cụm thi đua số 5 (ví dụ)", "tháng 6/2026", "so với tháng 5/2026",
		"1. BHXH tỉnh Quảng Ninh — 95,50", "Còn thiếu số liệu:", "BHXH tỉnh Ninh Bình: Hoàn thành")
	// Movement against May, computed independently from the file.
	may, jun := scoreReport(t, h, "2026-05"), scoreReport(t, h, "2026-06")
	prev := map[string]int{}
	for _, u := range may.Units {
		prev[u.Unit] = u.Rank
	}
	for _, u := range jun.Units {
		want := fmt.Sprintf("%d. %s — %s (%s)", u.Rank, u.Name, vi.Fixed(u.Total, 2), scoring.Movement(prev[u.Unit], u.Rank))
		bottest.MustContain(t, got, want)
	}
}

func TestRankingByRole(t *testing.T) {
	h := newHarness(t, nil)
	t.Run("deputy sees the table", func(t *testing.T) {
		got := h.Say(uDeputy, "/xephang")
		bottest.MustContain(t, got, "1. BHXH tỉnh Quảng Ninh", "6. BHXH tỉnh Ninh Bình")
	})
	t.Run("focal sees only its unit", func(t *testing.T) {
		got := h.Say(uFocalBN, "/xephang")
		bottest.MustContain(t, got, "BHXH tỉnh Bắc Ninh", "Hạng 4/6, tổng 69,15 điểm")
		bottest.MustNotContain(t, got, "Quảng Ninh", "Phú Thọ", "Ninh Bình")
		if n := bottest.Methods(got)["sendPhoto"]; n != 0 {
			t.Errorf("a focal point got the chart of every unit")
		}
	})
	t.Run("focal of a unit lacking figures", func(t *testing.T) {
		got := h.Say(uFocalNB, "/xephang 6/2026")
		bottest.MustContain(t, got, "Hạng 6/6", "Còn thiếu số liệu: Hoàn thành")
	})
	t.Run("member may not", func(t *testing.T) {
		bottest.MustContain(t, h.Say(uMember, "/xephang"), "không được dùng chức năng này")
	})
	t.Run("stranger may not", func(t *testing.T) {
		bottest.MustContain(t, h.Say(uStrange, "/xephang"), "chưa đăng ký")
	})
	t.Run("chair of another cluster may not read cum5", func(t *testing.T) {
		got := h.Say(uChair6, "/xephang cum5 6/2026")
		bottest.MustContain(t, got, "chỉ xem được số liệu của cụm mình")
		bottest.MustNotContain(t, got, "Quảng Ninh")
		bottest.MustContain(t, h.Say(uChair6, "/diem cum5 bac ninh"), "chỉ xem được số liệu của cụm mình")
		bottest.MustContain(t, h.Say(uChair6, "/xuat cum5"), "chỉ xem được số liệu của cụm mình")
	})
	t.Run("chair of an empty cluster", func(t *testing.T) {
		bottest.MustContain(t, h.Say(uChair6, "/xephang"), "chưa có số liệu đã xác nhận")
	})
	t.Run("admin names the cluster", func(t *testing.T) {
		bottest.MustContain(t, h.Say(uAdmin, "/xephang 6/2026"), "ghi rõ mã cụm", "cum5, cum6")
		bottest.MustContain(t, h.Say(uAdmin, "/xephang cum5 6/2026"), "1. BHXH tỉnh Quảng Ninh — 95,50")
	})
	t.Run("bad period", func(t *testing.T) {
		bottest.MustContain(t, h.Say(uChair, "/xephang tuần sau"), "chưa hiểu kỳ «tuần sau»")
	})
	t.Run("period words", func(t *testing.T) {
		for typed, label := range map[string]string{"06/2026": "tháng 6/2026", "2026-03": "tháng 3/2026", "tháng 2": "tháng 2/2026",
			"T6/2026": "tháng 6/2026", "thang 6/2026": "tháng 6/2026"} {
			bottest.MustContain(t, h.Say(uChair, "/xephang "+typed), "Kỳ lũy kế đến "+label)
		}
		// A quarter, a half-year or a year says which months it adds up,
		// and stops at the last month with figures (June; it is July).
		for typed, scope := range map[string]string{
			"quý 2":                "Kỳ quý 2/2026 (lũy kế tháng 1–6/2026)",
			"quy 1 2026":           "Kỳ quý 1/2026 (lũy kế tháng 1–3/2026)",
			"6 tháng":              "Kỳ 6 tháng đầu năm 2026 (lũy kế tháng 1–6/2026)",
			"6 thang dau nam 2026": "Kỳ 6 tháng đầu năm 2026 (lũy kế tháng 1–6/2026)",
			"quý 3/2026":           "Kỳ quý 3/2026, số liệu mới có đến tháng 6/2026 (lũy kế tháng 1–6/2026)",
			"năm 2026":             "Kỳ năm 2026, số liệu mới có đến tháng 6/2026 (lũy kế tháng 1–6/2026)",
		} {
			got := h.Say(uChair, "/xephang "+typed)
			bottest.MustContain(t, got, scope, "1. BHXH tỉnh Quảng Ninh")
		}
		bottest.MustContain(t, h.Say(uChair, "/diem bac ninh năm 2026"), "điểm tạm tính kỳ năm 2026, số liệu mới có đến tháng 6/2026")
		bottest.MustContain(t, h.Say(uChair, "/xuat quý 2/2026"), "kỳ quý 2/2026 (lũy kế tháng 1–6/2026)")
	})
	t.Run("january has no movement", func(t *testing.T) {
		got := h.Say(uChair, "/xephang tháng 1")
		bottest.MustNotContain(t, got, "so với tháng", "↑", "↓")
	})
	t.Run("a year without figures", func(t *testing.T) {
		bottest.MustContain(t, h.Say(uChair, "/xephang năm 2025"), "chưa có số liệu đã xác nhận")
	})
	t.Run("a month not yet begun", func(t *testing.T) {
		bottest.MustContain(t, h.Say(uChair, "/xephang tháng 9"), "Kỳ tháng 9/2026 chưa bắt đầu")
	})
}

func TestRankingVisibleToAll(t *testing.T) {
	h := newHarness(t, nil, visibilityAll)
	got := h.Say(uFocalBN, "/xephang")
	bottest.MustContain(t, got, "1. BHXH tỉnh Quảng Ninh — 95,50", "4. BHXH tỉnh Bắc Ninh — 69,15")
	bottest.MustContain(t, h.Say(uFocalBN, "/diem quang ninh"), "BHXH tỉnh Quảng Ninh — điểm tạm tính")
}

func TestPostToGroup(t *testing.T) {
	t.Run("no group chat", func(t *testing.T) {
		h := newHarness(t, nil)
		got := h.Say(uChair, "/xephang dang")
		bottest.MustContain(t, got, "chưa khai báo nhóm chat")
	})
	h := newHarness(t, nil, withGroup)
	t.Run("deputy may not post", func(t *testing.T) {
		bottest.MustContain(t, h.Say(uDeputy, "/xephang dang"), "Chỉ cụm trưởng")
		if n := len(h.Srv.SentTo(groupChat)); n != 0 {
			t.Errorf("%d messages in the group", n)
		}
	})
	t.Run("chair posts", func(t *testing.T) {
		posted := h.SayTo(uChair, groupChat, "/xephang đăng 6/2026")
		if bottest.Methods(posted)["sendPhoto"] != 1 {
			t.Errorf("group got %v, want the chart", bottest.Methods(posted))
		}
		bottest.MustContain(t, posted, "1. BHXH tỉnh Quảng Ninh — 95,50")
		bottest.MustContain(t, h.Srv.SentTo(uChair.ID)[len(h.Srv.SentTo(uChair.ID))-1:], "Đã đăng bảng xếp hạng")
	})
	t.Run("group refuses", func(t *testing.T) {
		h.Srv.Inject(telegramtest.Fault{ChatID: groupChat, Status: 403})
		bottest.MustContain(t, h.Say(uChair, "/xephang dang"), "chưa đăng được lên nhóm")
	})
}

func TestScoreBreakdown(t *testing.T) {
	h := newHarness(t, nil)
	t.Run("chair asks about a unit by name without diacritics", func(t *testing.T) {
		got := h.Say(uChair, "/diem bac ninh 6/2026")
		bottest.MustContain(t, got, "BHXH tỉnh Bắc Ninh — điểm tạm tính kỳ lũy kế đến tháng 6/2026", "Hạng 4/6, tổng 69,15 điểm",
			"A. ", "Thu BHXH", "Cần thêm 9,19 điểm để bằng BHXH tỉnh Hưng Yên (hạng 3)", "Hạng qua các tháng: T1:")
		// Every criterion is explained the way the score command explains it.
		rep := scoreReport(t, h, "2026-06")
		for _, u := range rep.Units {
			if u.Unit != "bac_ninh" {
				continue
			}
			for _, c := range u.Criteria {
				bottest.MustContain(t, got, c.Explain)
			}
		}
	})
	t.Run("by id and quarter", func(t *testing.T) {
		bottest.MustContain(t, h.Say(uDeputy, "/diem ninh_binh quý 2"), "BHXH tỉnh Ninh Bình", "Chưa có số liệu")
	})
	t.Run("leader", func(t *testing.T) {
		bottest.MustContain(t, h.Say(uChair, "/diem"), "BHXH tỉnh Quảng Ninh", "Đơn vị đang dẫn đầu cụm.")
	})
	t.Run("focal own unit", func(t *testing.T) {
		bottest.MustContain(t, h.Say(uFocalBN, "/diem"), "BHXH tỉnh Bắc Ninh", "Hạng 4/6")
	})
	t.Run("focal another unit", func(t *testing.T) {
		got := h.Say(uFocalBN, "/diem quang ninh")
		bottest.MustContain(t, got, "chỉ xem được điểm của đơn vị mình")
		bottest.MustNotContain(t, got, "95,50")
	})
	t.Run("ambiguous", func(t *testing.T) {
		bottest.MustContain(t, h.Say(uChair, "/diem ninh"), "khớp với nhiều đơn vị", "BHXH tỉnh Bắc Ninh", "BHXH tỉnh Ninh Bình")
	})
	t.Run("unknown", func(t *testing.T) {
		bottest.MustContain(t, h.Say(uChair, "/diem Cà Mau"), "không tìm thấy đơn vị «Cà Mau»")
	})
	t.Run("member may not", func(t *testing.T) {
		bottest.MustContain(t, h.Say(uMember, "/diem"), "không được dùng chức năng này")
	})
}

func TestExport(t *testing.T) {
	h := newHarness(t, nil)
	got := h.Say(uChair, "/xuat 6/2026")
	var doc *telegramtest.Sent
	for i := range got {
		if got[i].Method == "sendDocument" {
			doc = &got[i]
		}
	}
	if doc == nil {
		t.Fatalf("no document; sent %v", bottest.Methods(got))
	}
	if doc.FileName != "bang-diem-cum5-2026-06.xlsx" {
		t.Errorf("file name %q", doc.FileName)
	}
	f, err := excelize.OpenReader(bytes.NewReader(doc.FileData))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(msg.XLSXSheetScores)
	if err != nil {
		t.Fatal(err)
	}
	all := fmt.Sprint(rows)
	for _, cl := range h.cfg.Org.Clusters[:1] {
		for _, u := range cl.Units {
			if !strings.Contains(all, u.Name) {
				t.Errorf("workbook lacks %s", u.Name)
			}
		}
	}
	t.Run("focal may not", func(t *testing.T) {
		bottest.MustContain(t, h.Say(uFocalBN, "/xuat"), "không được dùng chức năng này")
	})
	t.Run("deputy may", func(t *testing.T) {
		if bottest.Methods(h.Say(uDeputy, "/xuat quý 1"))["sendDocument"] != 1 {
			t.Error("deputy got no workbook")
		}
	})
}

// TestRankingWritesNothing: answering /xephang only reads; the monthly
// snapshots are the close's to take (rankhistory.Ranker.Run).
func TestRankingWritesNothing(t *testing.T) {
	h := newHarness(t, nil)
	bottest.MustContain(t, h.Say(uChair, "/xephang 6/2026"), "6/2026")
	items, err := h.KV.List(context.Background(), "rankhistory", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 0 {
		t.Errorf("%d snapshots stored by answering a question, want none", len(items))
	}
}

// TestMovement lifts Ninh Bình in June (the chair enters its missing
// figures after the lock) and expects the arrows to show it.
func TestMovement(t *testing.T) {
	h := newHarness(t, nil)
	rs := submissions.NewReports(h.KV, h.Clock, submissions.CalendarFunc(reportseed.Window), time.UTC)
	jun := submissions.Period{Year: 2026, Month: time.June}
	cur, err := rs.Get(context.Background(), "cum5", "ninh_binh", jun)
	if err != nil {
		t.Fatal(err)
	}
	_, err = rs.Confirm(context.Background(), submissions.Confirmation{Cluster: "cum5", Unit: "ninh_binh", Period: jun, BaseVersion: cur.Version,
		Values: map[string]submissions.Entry{"cchc": {State: submissions.StateValue, Value: 1}, "danh_gia_cum_truong": {State: submissions.StateValue, Value: 20}},
		By:     submissions.Actor{UserID: uChair.ID, Name: "Cụm trưởng", Role: submissions.RoleChair}, Manual: true})
	if err != nil {
		t.Fatal(err)
	}
	got := h.Say(uChair, "/xephang 6/2026")
	bottest.MustContain(t, got, "5. BHXH tỉnh Ninh Bình — 58,02 (↑1)", "6. BHXH tỉnh Thái Nguyên — 51,11 (↓1)", "Tất cả đơn vị đã có đủ số liệu.")
	bottest.MustContain(t, h.Say(uFocalNB, "/xephang"), "Hạng 5/6, tổng 58,02 điểm (↑1 so với tháng 5/2026)")
	bottest.MustContain(t, h.Say(uChair, "/diem ninh binh"), "Hạng qua các tháng: T1: 6 · T2: 6 · T3: 6 · T4: 6 · T5: 6 · T6: 5")
}

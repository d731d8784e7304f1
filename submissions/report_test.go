package submissions

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

func TestOpenPeriod(t *testing.T) {
	tests := []struct {
		now  time.Time
		want Period
	}{
		{at(2026, 11, 1, 0, 0), Period{2026, 10}},   // a new month: the previous one is due
		{at(2026, 11, 5, 17, 0), Period{2026, 10}},  // at the deadline
		{at(2026, 11, 7, 9, 0), Period{2026, 10}},   // late but before the lock
		{at(2026, 11, 8, 16, 59), Period{2026, 10}}, // a minute before the lock
		{at(2026, 11, 8, 17, 0), Period{2026, 11}},  // locked: the current month opens
		{at(2026, 11, 30, 23, 59), Period{2026, 11}},
		{at(2027, 1, 3, 8, 0), Period{2026, 12}}, // December is due in January
		{at(2027, 1, 9, 8, 0), Period{2027, 1}},
		// 31/10 18:00 UTC is already 01/11 in Việt Nam.
		{time.Date(2026, 10, 31, 18, 0, 0, 0, time.UTC).In(vn), Period{2026, 10}},
	}
	for _, tt := range tests {
		if got := OpenPeriod(testCalendar, "cum5", tt.now); got != tt.want {
			t.Errorf("OpenPeriod(%s) = %s; want %s", tt.now, got, tt.want)
		}
	}
	f := newFixture(storetest.NewMem(nil), time.Date(2026, 11, 8, 10, 0, 0, 0, time.UTC)) // 17:00 in Việt Nam
	if got := f.rs.OpenPeriod("cum5"); got != (Period{2026, 11}) {
		t.Errorf("Reports.OpenPeriod at lock = %s; want 2026-11", got)
	}
}

func TestPeriod(t *testing.T) {
	p, err := ParsePeriod("2026-01")
	if err != nil || p != (Period{2026, 1}) || p.Prev() != (Period{2025, 12}) || p.Prev().Next() != p {
		t.Fatalf("ParsePeriod/Prev/Next: %v %v %v", p, p.Prev(), err)
	}
	if p.Label() != "tháng 1/2026" {
		t.Errorf("Label = %q", p.Label())
	}
	for _, bad := range []string{"2026-13", "2026-1", "26-01", "2026/01", ""} {
		if _, err := ParsePeriod(bad); err == nil {
			t.Errorf("ParsePeriod(%q) accepted", bad)
		}
	}
}

func confirmation(u string, p Period, base int, by Actor, vals map[string]Entry) Confirmation {
	return Confirmation{Cluster: "cum5", Unit: u, Period: p, BaseVersion: base, Values: vals, By: by,
		Criteria: []Criterion{crThu, crPct, crYesNo}}
}

func val(v float64) Entry { return Entry{State: StateValue, Value: v} }

func TestConfirmAndEdit(t *testing.T) {
	eachStore(t, func(t *testing.T, kv store.KV) {
		ctx := context.Background()
		oct := Period{2026, 10}
		f := newFixture(kv, at(2026, 11, 3, 10, 32))
		if _, err := f.rs.Get(ctx, "cum5", "phu_tho", oct); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Get before any confirm: %v; want ErrNotFound", err)
		}
		r, err := f.rs.Confirm(ctx, confirmation("phu_tho", oct, 0, focalA, map[string]Entry{
			"thu_bhxh": val(2480.5), "gd_dien_tu": val(95.5), "cchc": {State: StateSkipped}}))
		if err != nil {
			t.Fatal(err)
		}
		if r.Version != 1 || r.Late || !r.ConfirmedAt.Equal(at(2026, 11, 3, 10, 32)) || r.ConfirmedBy != focalA {
			t.Fatalf("first confirm = %+v", r)
		}
		// An edit after the deadline, before the lock: not late, history kept.
		f.clk.Set(at(2026, 11, 6, 9, 0))
		r, err = f.rs.Confirm(ctx, confirmation("phu_tho", oct, 1, focalA, map[string]Entry{
			"thu_bhxh": val(2490), "gd_dien_tu": val(95.5), "cchc": val(1)}))
		if err != nil {
			t.Fatal(err)
		}
		if r.Version != 2 || r.Late || !r.FirstConfirmedAt.Equal(at(2026, 11, 3, 10, 32)) {
			t.Fatalf("edit = %+v", r)
		}
		hist, err := f.rs.History(ctx, "cum5", "phu_tho", oct)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 2 || len(hist[0].Changes) != 3 || hist[0].Changes[0].Old != nil {
			t.Fatalf("history = %+v", hist)
		}
		got := hist[1].Changes // in table order
		if len(got) != 2 || got[1].Criterion != "cchc" || got[1].Old.State != StateSkipped || got[1].New.Value != 1 ||
			got[0].Criterion != "thu_bhxh" || got[0].Old.Value != 2480.5 || got[0].New.Value != 2490 ||
			got[0].Name != "Thu BHXH" || hist[1].By != focalA || !hist[1].At.Equal(at(2026, 11, 6, 9, 0)) {
			t.Fatalf("second revision = %+v", hist[1])
		}
		// Reopened from the store (a restart), the report is the same.
		again, err := NewReports(kv, f.clk, testCalendar, vn).Get(ctx, "cum5", "phu_tho", oct)
		if err != nil || again.Version != 2 || again.Values["thu_bhxh"].Value != 2490 {
			t.Fatalf("reloaded = %+v, %v", again, err)
		}
	})
}

func TestConfirmLateAndLocked(t *testing.T) {
	eachStore(t, func(t *testing.T, kv store.KV) {
		ctx := context.Background()
		oct := Period{2026, 10}
		f := newFixture(kv, at(2026, 11, 7, 8, 0))
		r, err := f.rs.Confirm(ctx, confirmation("bac_ninh", oct, 0, focalA, map[string]Entry{"thu_bhxh": val(100)}))
		if err != nil || !r.Late || !r.History[0].Late {
			t.Fatalf("late confirm = %+v, %v; want late", r, err)
		}
		f.clk.Set(at(2026, 11, 8, 17, 0)) // the lock
		if f.rs.Editable("cum5", oct) {
			t.Error("Editable after the lock")
		}
		_, err = f.rs.Confirm(ctx, confirmation("bac_ninh", oct, 1, focalA, map[string]Entry{"thu_bhxh": val(110)}))
		var lk *LockedError
		if !errors.As(err, &lk) {
			t.Fatalf("confirm after lock: %v; want LockedError", err)
		}
		if m, ok := Message(err); !ok || !strings.Contains(m, "đã khóa từ 17:00 08/11/2026") {
			t.Errorf("Message = %q", m)
		}
		// Sunday 08/11 17:00: three working days are Mon 09, Tue 10, Wed 11.
		until := UnlockEnd(nil, f.clk.Now().In(f.rs.loc), DefaultUnlockDays)
		if want := time.Date(2026, 11, 12, 0, 0, 0, 0, f.rs.loc); !until.Equal(want) {
			t.Fatalf("UnlockEnd = %v, want %v", until, want)
		}
		if _, err := f.rs.Unlock(ctx, "cum5", "bac_ninh", oct, focalA, until); !errors.Is(err, ErrForbidden) {
			t.Fatalf("focal unlock: %v; want ErrForbidden", err)
		}
		if _, err := f.rs.Unlock(ctx, "cum5", "bac_ninh", oct, chair, until); err != nil {
			t.Fatal(err)
		}
		r, err = f.rs.Confirm(ctx, confirmation("bac_ninh", oct, 1, focalA, map[string]Entry{"thu_bhxh": val(110)}))
		if err != nil {
			t.Fatalf("confirm after unlock: %v", err)
		}
		if r.Unlocked == nil || !r.Late || r.Version != 2 || !r.History[2].Locked || r.History[1].Kind != RevUnlock || r.History[1].By != chair {
			t.Fatalf("after unlock = %+v", r)
		}
		// The window allows corrections until its end, and none after.
		f.clk.Set(at(2026, 11, 11, 23, 0))
		if r, err = f.rs.Confirm(ctx, confirmation("bac_ninh", oct, 2, focalA, map[string]Entry{"thu_bhxh": val(115)})); err != nil {
			t.Fatalf("second confirm inside the window: %v", err)
		}
		f.clk.Set(at(2026, 11, 12, 0, 0))
		_, err = f.rs.Confirm(ctx, confirmation("bac_ninh", oct, 3, focalA, map[string]Entry{"thu_bhxh": val(120)}))
		if !errors.As(err, &lk) {
			t.Fatalf("confirm after the window: %v; want LockedError", err)
		}
		if m, ok := Message(err); !ok || !strings.Contains(m, "đã khóa từ 00:00 12/11/2026") {
			t.Errorf("Message = %q", m)
		}
		// A chair may correct a locked period; the revision says so.
		r, err = f.rs.Confirm(ctx, confirmation("bac_ninh", oct, 3, chair, map[string]Entry{"thu_bhxh": val(120)}))
		if err != nil || !r.History[len(r.History)-1].Locked {
			t.Fatalf("chair confirm after lock = %+v, %v", r, err)
		}
		// A month that has not begun cannot be confirmed.
		_, err = f.rs.Confirm(ctx, confirmation("bac_ninh", Period{2026, 12}, 0, focalA, map[string]Entry{"thu_bhxh": val(1)}))
		if !errors.Is(err, ErrFuturePeriod) {
			t.Fatalf("future period: %v", err)
		}
	})
}

func TestUnlockNeverSubmitted(t *testing.T) {
	ctx := context.Background()
	sep := Period{2026, 9}
	f := newFixture(storetest.NewMem(nil), at(2026, 11, 20, 9, 0))
	if _, err := f.rs.Unlock(ctx, "cum5", "hung_yen", sep, Actor{UserID: 1, Name: "Quản trị", Role: RoleAdmin}, at(2026, 11, 24, 0, 0)); err != nil {
		t.Fatal(err)
	}
	if p, err := f.rs.Progress(ctx, "cum5", []string{"hung_yen"}, sep); err != nil || p[0].Status != StatusNothing {
		t.Fatalf("an unlock alone is no report: %+v, %v", p, err)
	}
	r, err := f.rs.Confirm(ctx, confirmation("hung_yen", sep, 0, focalB, map[string]Entry{"thu_bhxh": val(5)}))
	if err != nil || !r.Late || r.Version != 1 {
		t.Fatalf("late submission after unlock = %+v, %v", r, err)
	}
}

func TestTwoFocalPoints(t *testing.T) {
	eachStore(t, func(t *testing.T, kv store.KV) {
		ctx := context.Background()
		oct := Period{2026, 10}
		f := newFixture(kv, at(2026, 11, 2, 9, 0))
		// Both start from nothing; An confirms first.
		if _, err := f.rs.Confirm(ctx, confirmation("ninh_binh", oct, 0, focalA, map[string]Entry{"thu_bhxh": val(100), "gd_dien_tu": val(90)})); err != nil {
			t.Fatal(err)
		}
		f.clk.Advance(5 * time.Minute)
		_, err := f.rs.Confirm(ctx, confirmation("ninh_binh", oct, 0, focalB, map[string]Entry{"thu_bhxh": val(105), "gd_dien_tu": val(90)}))
		var cf *ConflictError
		if !errors.As(err, &cf) {
			t.Fatalf("second confirm: %v; want ConflictError", err)
		}
		if cf.Current.Version != 1 || len(cf.Changes) != 1 || cf.Changes[0].By != focalA || len(cf.Changes[0].Changes) != 2 {
			t.Fatalf("conflict = %+v", cf.Changes)
		}
		m, ok := Message(err)
		if !ok || !strings.Contains(m, "• Thu BHXH: chưa nhập → 100 tỷ đồng (Nguyễn Văn An, 09:00 02/11/2026)") {
			t.Errorf("conflict message = %q", m)
		}
		// Bình reviews the current report and confirms on top of it.
		d := NewDraft(focalB, "cum5", "ninh_binh", oct, ForFocal, cf.Current)
		d.Answers["thu_bhxh"] = val(105)
		qs := Questions([]Criterion{crThu, crPct}, oct, nil, ForFocal)
		r, err := f.rs.Confirm(ctx, d.Confirmation(qs))
		if err != nil || r.Version != 2 || r.Values["thu_bhxh"].Value != 105 || r.Values["gd_dien_tu"].Value != 90 {
			t.Fatalf("confirm after review = %+v, %v", r, err)
		}
		// A double tap of An's old confirmation changes nothing and is no error.
		r, err = f.rs.Confirm(ctx, confirmation("ninh_binh", oct, 1, focalB, map[string]Entry{"thu_bhxh": val(105), "gd_dien_tu": val(90)}))
		if err != nil || r.Version != 2 {
			t.Fatalf("repeated confirm = %+v, %v", r, err)
		}
		// The chair's manual value, confirmed on an older version, merges:
		// nobody else touched it.
		man := Confirmation{Cluster: "cum5", Unit: "ninh_binh", Period: oct, BaseVersion: 1, By: chair,
			Values: map[string]Entry{"danh_gia": val(8)}}
		r, err = f.rs.Confirm(ctx, man)
		if err != nil || r.Version != 3 || r.Values["thu_bhxh"].Value != 105 || r.Values["danh_gia"].Value != 8 {
			t.Fatalf("manual merge = %+v, %v", r, err)
		}
	})
}

// TestConcurrentConfirms races many confirmations from one base: exactly one
// wins, every other sees a conflict, none is lost silently.
func TestConcurrentConfirms(t *testing.T) {
	eachStore(t, func(t *testing.T, kv store.KV) {
		ctx := context.Background()
		oct := Period{2026, 10}
		f := newFixture(kv, at(2026, 11, 2, 9, 0))
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				by := Actor{UserID: int64(300 + i), Name: "Đầu mối", Role: RoleFocal}
				_, errs[i] = f.rs.Confirm(ctx, confirmation("thai_nguyen", oct, 0, by, map[string]Entry{"thu_bhxh": val(float64(i + 1))}))
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			var cf *ConflictError
			switch {
			case err == nil:
				won++
			case errors.As(err, &cf):
			default:
				t.Fatalf("unexpected error %v", err)
			}
		}
		r, err := f.rs.Get(ctx, "cum5", "thai_nguyen", oct)
		if won != 1 || err != nil || r.Version != 1 || len(r.History) != 1 {
			t.Fatalf("%d winners; report %+v, %v", won, r, err)
		}
	})
}

func TestKnownAndLateCount(t *testing.T) {
	ctx := context.Background()
	f := newFixture(storetest.NewMem(nil), at(2026, 3, 2, 9, 0))
	confirmAt := func(now time.Time, p Period, vals map[string]Entry) {
		t.Helper()
		f.clk.Set(now)
		r, _ := f.rs.Get(ctx, "cum5", "phu_tho", p)
		base := 0
		if r != nil {
			base = r.Version
		}
		if _, err := f.rs.Confirm(ctx, confirmation("phu_tho", p, base, focalA, vals)); err != nil {
			t.Fatal(err)
		}
	}
	confirmAt(at(2026, 3, 2, 9, 0), Period{2026, 2}, map[string]Entry{"thu_bhxh": val(700), "gd_dien_tu": val(91)})
	confirmAt(at(2026, 4, 7, 9, 0), Period{2026, 3}, map[string]Entry{"thu_bhxh": val(1100), "gd_dien_tu": {State: StateSkipped}}) // late
	confirmAt(at(2026, 5, 6, 9, 0), Period{2026, 4}, map[string]Entry{"thu_bhxh": {State: StateSkipped}})                          // late
	cs := []Criterion{crThu, crPct, crYesNo}
	k, err := f.rs.Known(ctx, "cum5", "phu_tho", Period{2026, 5}, cs, map[string]float64{"thu_bhxh": 9200})
	if err != nil {
		t.Fatal(err)
	}
	if l := k["thu_bhxh"].Last; l == nil || l.Period != (Period{2026, 3}) || l.Value != 1100 || *k["thu_bhxh"].Target != 9200 {
		t.Errorf("thu_bhxh known = %+v", k["thu_bhxh"])
	}
	if l := k["gd_dien_tu"].Last; l == nil || l.Period != (Period{2026, 2}) || l.Value != 91 {
		t.Errorf("gd_dien_tu known = %+v", k["gd_dien_tu"])
	}
	if k["cchc"].Last != nil || k["cchc"].Target != nil {
		t.Errorf("cchc known = %+v", k["cchc"])
	}
	reports, _ := f.rs.List(ctx, "cum5", 2026)
	for p, want := range map[Period]int{{2026, 2}: 0, {2026, 3}: 1, {2026, 4}: 2, {2026, 12}: 2, {2027, 4}: 0} {
		if got := LateCount(reports, p); got != want {
			t.Errorf("LateCount(%s) = %d; want %d", p, got, want)
		}
	}
}

func TestProgress(t *testing.T) {
	eachStore(t, func(t *testing.T, kv store.KV) {
		ctx := context.Background()
		oct := Period{2026, 10}
		f := newFixture(kv, at(2026, 11, 4, 9, 0))
		if _, err := f.rs.Confirm(ctx, confirmation("phu_tho", oct, 0, focalA, map[string]Entry{"thu_bhxh": val(1)})); err != nil {
			t.Fatal(err)
		}
		f.clk.Set(at(2026, 11, 6, 9, 0))
		if _, err := f.rs.Confirm(ctx, confirmation("bac_ninh", oct, 0, focalB, map[string]Entry{"thu_bhxh": val(1)})); err != nil {
			t.Fatal(err)
		}
		d := NewDraft(chair, "cum5", "quang_ninh", oct, ForFocal, nil)
		if err := f.drafts.Save(ctx, d); err != nil {
			t.Fatal(err)
		}
		other := NewDraft(Actor{UserID: 9, Name: "X"}, "cum5", "hung_yen", Period{2026, 9}, ForFocal, nil)
		if err := f.drafts.Save(ctx, other); err != nil {
			t.Fatal(err)
		}
		got, err := f.rs.Progress(ctx, "cum5", []string{"phu_tho", "bac_ninh", "quang_ninh", "hung_yen"}, oct)
		if err != nil {
			t.Fatal(err)
		}
		want := []Status{StatusConfirmed, StatusLate, StatusDraft, StatusNothing}
		for i, w := range want {
			if got[i].Status != w {
				t.Errorf("%s: %s; want %s", got[i].Unit, got[i].Status, w)
			}
		}
		if got[2].Drafting[0] != chair || !got[0].ConfirmedAt.Equal(at(2026, 11, 4, 9, 0)) || got[1].ConfirmedBy != focalB {
			t.Errorf("progress = %+v", got)
		}
		recent, err := f.rs.ConfirmedSince(ctx, "cum5", at(2026, 11, 5, 0, 0))
		if err != nil || len(recent) != 1 || recent[0].Unit != "bac_ninh" {
			t.Errorf("ConfirmedSince = %+v, %v; want bac_ninh only", recent, err)
		}
		if all, _ := f.rs.ConfirmedSince(ctx, "cum5", time.Time{}); len(all) != 2 || all[0].Unit != "phu_tho" {
			t.Errorf("ConfirmedSince(zero) = %d reports; want phu_tho then bac_ninh", len(all))
		}
		by := ByUnit{Reports: f.rs, ClusterOf: func(u string) (string, bool) { return "cum5", u != "elsewhere" }}
		for unit, want := range map[string]bool{"phu_tho": true, "bac_ninh": true, "quang_ninh": false, "elsewhere": false} {
			if ok, err := by.Confirmed(ctx, unit, 2026, 10); err != nil || ok != want {
				t.Errorf("ByUnit.Confirmed(%s) = %v, %v; want %v", unit, ok, err, want)
			}
		}
	})
}

// TestManualEntry: a chair's manual values count in the scores but neither
// submit the unit's report nor make it late.
func TestManualEntry(t *testing.T) {
	eachStore(t, func(t *testing.T, kv store.KV) {
		ctx := context.Background()
		oct := Period{2026, 10}
		f := newFixture(kv, at(2026, 11, 7, 9, 0)) // after the deadline
		qs := Questions([]Criterion{crThu, crManual}, oct, nil, ForChair)
		d := NewDraft(chair, "cum5", "hung_yen", oct, ForChair, nil)
		if _, err := d.Type(qs, "8,5"); err != nil {
			t.Fatal(err)
		}
		if err := f.drafts.Save(ctx, d); err != nil {
			t.Fatal(err)
		}
		if p, _ := f.rs.Progress(ctx, "cum5", []string{"hung_yen"}, oct); p[0].Status != StatusNothing {
			t.Errorf("a chair's manual draft shows as %s", p[0].Status)
		}
		r, err := f.rs.Confirm(ctx, d.Confirmation(qs))
		if err != nil {
			t.Fatal(err)
		}
		if r.Version != 1 || r.Confirmed() || r.Late || !r.History[0].Manual || Recorded(r, 1, "Hưng Yên") != "Đã ghi nhận lúc 09:00 07/11/2026 (lần 1): điểm các tiêu chí do cụm trưởng chấm, tháng 10/2026, của Hưng Yên." {
			t.Fatalf("manual confirm = %+v", r)
		}
		if p, _ := f.rs.Progress(ctx, "cum5", []string{"hung_yen"}, oct); p[0].Status != StatusNothing {
			t.Errorf("after manual entry the unit shows as %s", p[0].Status)
		}
		reports, _ := f.rs.List(ctx, "cum5", 2026)
		if vs := values(reports, []Criterion{crThu, crManual, crLate}); vs["hung_yen"]["danh_gia"] == nil || vs["hung_yen"]["nop_muon"] != nil {
			t.Errorf("values = %+v; want the manual value and no late count", vs["hung_yen"])
		}
		// The focal point's late confirmation on top of it.
		f.clk.Advance(time.Hour)
		fd := NewDraft(focalB, "cum5", "hung_yen", oct, ForFocal, r)
		fd.Answers["thu_bhxh"] = val(10)
		r, err = f.rs.Confirm(ctx, fd.Confirmation(Questions([]Criterion{crThu, crManual}, oct, nil, ForFocal)))
		if err != nil || !r.Confirmed() || !r.Late || r.Version != 2 || r.Values["danh_gia"].Value != 8.5 || r.ConfirmedBy != focalB {
			t.Fatalf("focal confirm = %+v, %v", r, err)
		}
		if got, want := Recorded(r, 2, "Hưng Yên"), "Đã ghi nhận lúc 10:00 07/11/2026 (lần 2): báo cáo tháng 10/2026 của Hưng Yên, nộp muộn (hạn 17:00 05/11/2026)."; got != want {
			t.Errorf("Recorded = %q; want %q", got, want)
		}
	})
}

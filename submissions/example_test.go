package submissions_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/submissions"
)

// Example shows how the /baocao conversation drives the package: pick the
// period, build the questions, feed each message to the draft (saving it
// after every step), then confirm and only then say "Đã ghi nhận".
func Example() {
	ctx := context.Background()
	vn := time.FixedZone("ICT", 7*3600)
	clk := clock.NewFake(time.Date(2026, 11, 3, 10, 32, 0, 0, vn))
	cal := submissions.CalendarFunc(func(cluster string, y int, m time.Month) (time.Time, time.Time) {
		d := time.Date(y, m+1, 5, 17, 0, 0, 0, vn)
		return d, d.AddDate(0, 0, 3)
	})
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	kv, err := boltstore.Open(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer kv.Close()
	reports := submissions.NewReports(kv, clk, cal, vn)
	drafts := submissions.NewDrafts(kv, clk)

	criteria := []submissions.Criterion{
		{ID: "thu_bhxh", Name: "Thu BHXH bắt buộc", Unit: "tỷ đồng", Input: submissions.Cumulative, Rule: "ratio"},
		{ID: "cchc", Name: "Hoàn thành kế hoạch CCHC", Input: submissions.Latest, Rule: "yes_no"},
		{ID: "danh_gia", Name: "Đánh giá của cụm trưởng", Input: submissions.Manual, Rule: "direct"},
	}
	period := reports.OpenPeriod("cum5")
	known, _ := reports.Known(ctx, "cum5", "phu_tho", period, criteria, map[string]float64{"thu_bhxh": 9200})
	qs := submissions.Questions(criteria, period, known, submissions.ForFocal)
	me := submissions.Actor{UserID: 42, Name: "Nguyễn Văn An", Role: submissions.RoleFocal}
	d := submissions.NewDraft(me, "cum5", "phu_tho", period, submissions.ForFocal, nil)

	var r *submissions.Report
	for _, typed := range []string{"7.100", "có"} {
		q, _ := d.Question(qs)
		fmt.Println(q.Text())
		fmt.Println(">", typed)
		out, err := d.Type(qs, typed)
		switch {
		case err != nil:
			m, _ := submissions.Message(err)
			fmt.Println(m)
		case out.Choose:
			fmt.Println(d.Pending.Choices)
			out, _ = d.Choose(qs, 0) // the user pressed the first button
			fmt.Println(out.Echo)
		default:
			fmt.Println(out.Echo)
		}
		_ = drafts.Save(ctx, d)
	}
	fmt.Println(d.Summary(qs))
	r, err = reports.Confirm(ctx, d.Confirmation(qs))
	if err != nil {
		m, _ := submissions.Message(err)
		fmt.Println(m)
		return
	}
	_ = drafts.Delete(ctx, me.UserID)
	fmt.Println(submissions.Recorded(r, r.Version, "BHXH tỉnh Phú Thọ"))
	// Output:
	// Tiêu chí 1/2: Thu BHXH bắt buộc
	// Đơn vị tính: tỷ đồng
	// Chỉ tiêu năm của đơn vị: 9.200 tỷ đồng (tính đến tháng 10/2026: 7.666,67 tỷ đồng)
	// Xin nhập lũy kế từ đầu năm: một số (tỷ đồng), ví dụ 1.234,5 hoặc 1234.5.
	// > 7.100
	// [7.100 tỷ đồng (số nguyên) 7,1 tỷ đồng (số thập phân)]
	// 7.100 tỷ đồng
	// Tiêu chí 2/2: Hoàn thành kế hoạch CCHC
	// Xin trả lời Có hoặc Không, theo tình hình tại thời điểm báo cáo (có thể gõ: có, không, co, khong, x, k).
	// > có
	// Có
	// Tóm tắt báo cáo tháng 10/2026:
	// 1. Thu BHXH bắt buộc: 7.100 tỷ đồng
	// 2. Hoàn thành kế hoạch CCHC: Có
	//
	// Anh/chị kiểm tra lại; chọn Sửa để sửa một tiêu chí hoặc Xác nhận để gửi.
	// Đã ghi nhận lúc 10:32 03/11/2026 (lần 1): báo cáo tháng 10/2026 của BHXH tỉnh Phú Thọ, nộp đúng hạn (hạn 17:00 05/11/2026).
}

// The reminders calendar is the submission calendar, and the reports answer
// the reminders planner's question, without adapters.
var (
	_ submissions.Calendar = (*reminders.Calendar)(nil)
	_ reminders.Reports    = submissions.ByUnit{}
)

package reminders

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/configfile"
	"github.com/thiduabot/thiduabot/org"
)

func demoOrg(t testing.TB) *org.Config {
	t.Helper()
	data, err := os.ReadFile("../examples/bhxh-demo/org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	o, _, err := org.Parse("org.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func demoCalendar(t testing.TB) *Calendar {
	t.Helper()
	data, err := os.ReadFile("../examples/bhxh-demo/calendar.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ParseCalendar("calendar.yaml", data, demoOrg(t))
	if err != nil {
		t.Fatalf("demo calendar: %v", err)
	}
	return cal
}

func TestParseDemoCalendar(t *testing.T) {
	cal := demoCalendar(t)
	if got, want := len(cal.Events), 4; got != want {
		t.Errorf("events = %d, want %d", got, want)
	}
	if got, want := len(cal.Dossiers), 3; got != want {
		t.Errorf("dossiers = %d, want %d", got, want)
	}
	vn := cal.Location
	for _, tc := range []struct {
		day  time.Time
		want bool
	}{
		{time.Date(2026, 2, 17, 9, 0, 0, 0, vn), false}, // mùng 1 Tết Bính Ngọ
		{time.Date(2026, 2, 23, 9, 0, 0, 0, vn), true},
		{time.Date(2027, 2, 6, 9, 0, 0, 0, vn), false}, // mùng 1 Tết Đinh Mùi
		{time.Date(2026, 9, 2, 9, 0, 0, 0, vn), false},
		{time.Date(2026, 11, 28, 9, 0, 0, 0, vn), false}, // Saturday
		{time.Date(2026, 11, 27, 9, 0, 0, 0, vn), true},
	} {
		if got := cal.IsWorkingDay(tc.day); got != tc.want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", tc.day.Format("2006-01-02"), got, tc.want)
		}
	}
}

func TestParseCalendarDefaults(t *testing.T) {
	cal, err := ParseCalendar("calendar.yaml", []byte("submission:\n  day: 10\n"), demoOrg(t))
	if err != nil {
		t.Fatal(err)
	}
	if cal.WorkStart != 7*60+30 || cal.WorkEnd != 17*60 {
		t.Errorf("working hours = %d–%d", cal.WorkStart, cal.WorkEnd)
	}
	if !cal.WorkDays[time.Monday] || cal.WorkDays[time.Saturday] {
		t.Errorf("working days = %v", cal.WorkDays)
	}
	if got := cal.Location.String(); got != DefaultTimeZone && got != "+07" {
		t.Errorf("zone = %s", got)
	}
	if got, want := len(cal.Defaults.Before), 3; got != want {
		t.Errorf("default offsets = %v", cal.Defaults.Before)
	}
	if cal.Submission.Day != 10 || cal.Submission.Time != 17*60 || cal.Submission.GraceDays != 3 {
		t.Errorf("submission = %+v", cal.Submission)
	}
}

func TestParseCalendarProblems(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"unknown field", "submission:\n  dayz: 5\n", "calendar.yaml:2:"},
		{"unknown cluster", "submission:\n  overrides:\n    - cluster: cum9\n      day: 7\n", `calendar.yaml:3: cụm "cum9" không có trong org.yaml`},
		{"bad cron", "events:\n  - id: a\n    title: A\n    cron: \"61 8 * * *\"\n", "calendar.yaml:4: biểu thức cron"},
		{"cron and date", "events:\n  - id: a\n    title: A\n    cron: \"0 8 1 1 *\"\n    date: 2026-01-01\n", "calendar.yaml:2: dùng cron"},
		{"bad date", "holidays:\n  - date: 2026-02-30\n    name: X\n", "calendar.yaml:2: ngày \"2026-02-30\""},
		{"reversed range", "holidays:\n  - from: 2026-02-10\n    to: 2026-02-01\n    name: X\n", "calendar.yaml:2: khoảng nghỉ"},
		{"bad hours", "working_hours: \"17:00-07:30\"\n", "calendar.yaml:1: giờ bắt đầu"},
		{"bad weekday", "working_days: [mon, xyz]\n", "calendar.yaml:1: ngày làm việc \"xyz\""},
		{"at outside hours", "offsets:\n  at: \"06:00\"\n", "calendar.yaml:2: giờ nhắc 06:00"},
		{"bad offset", "offsets:\n  before: [7x]\n", "khoảng nhắc \"7x\""},
		{"dup event", "events:\n  - id: a\n    title: A\n    date: 2026-01-05\n  - id: a\n    title: B\n    date: 2026-01-06\n", `calendar.yaml:5: id sự kiện "a" bị trùng (đã khai báo ở dòng 2)`},
		{"no checklist", "dossiers:\n  - id: d\n    award: X\n    date: 2026-12-10\n", "cần checklist"},
		{"bad owner", "dossiers:\n  - id: d\n    award: X\n    date: 2026-12-10\n    checklist:\n      - id: a\n        name: A\n        owner: director\n", "calendar.yaml:8: owner của tài liệu \"a\" không hợp lệ"},
		{"bad zone", "timezone: Mars/Base\n", "múi giờ"},
		{"day out of range", "submission:\n  day: 31\n", "submission.day phải từ 1 đến 28"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseCalendar("calendar.yaml", []byte(tc.yaml), demoOrg(t))
			var ps configfile.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("err = %v, want configfile.Problems", err)
			}
			if got := err.Error(); !strings.Contains(got, tc.want) {
				t.Errorf("got %q, want it to contain %q", got, tc.want)
			}
		})
	}
}

func TestSubmissionWindow(t *testing.T) {
	cal := demoCalendar(t)
	vn := cal.Location
	for _, tc := range []struct {
		year           int
		month          time.Month
		deadline, lock time.Time
	}{
		// 05/12/2026 is a Saturday: the deadline moves to Monday 07/12.
		{2026, 11, time.Date(2026, 12, 7, 17, 0, 0, 0, vn), time.Date(2026, 12, 10, 17, 0, 0, 0, vn)},
		// 05/07/2026 is a Sunday.
		{2026, 6, time.Date(2026, 7, 6, 17, 0, 0, 0, vn), time.Date(2026, 7, 9, 17, 0, 0, 0, vn)},
		// December's data is due in January of the next year.
		{2026, 12, time.Date(2027, 1, 5, 17, 0, 0, 0, vn), time.Date(2027, 1, 8, 17, 0, 0, 0, vn)},
		// 05/02/2027 falls in the Tết break (05–11/02/2027): next working day is Friday 12/02.
		{2027, 1, time.Date(2027, 2, 12, 17, 0, 0, 0, vn), time.Date(2027, 2, 15, 17, 0, 0, 0, vn)},
		{2026, 3, time.Date(2026, 4, 6, 17, 0, 0, 0, vn), time.Date(2026, 4, 9, 17, 0, 0, 0, vn)},
		// Thursday 05/11/2026 + 3 days is Sunday 08/11: the lock moves to Monday 09/11.
		{2026, 10, time.Date(2026, 11, 5, 17, 0, 0, 0, vn), time.Date(2026, 11, 9, 17, 0, 0, 0, vn)},
		// Friday 05/06/2026 + 3 days is Monday 08/06: a working day, kept.
		{2026, 5, time.Date(2026, 6, 5, 17, 0, 0, 0, vn), time.Date(2026, 6, 8, 17, 0, 0, 0, vn)},
	} {
		d, l := cal.SubmissionWindow("cum5", tc.year, tc.month)
		if !d.Equal(tc.deadline) || !l.Equal(tc.lock) {
			t.Errorf("SubmissionWindow(%d-%02d) = %s, %s; want %s, %s", tc.year, tc.month, d, l, tc.deadline, tc.lock)
		}
	}
}

// TestSubmissionLockSkipsHolidays: a lock that falls on a listed holiday
// moves past it to the next working day, like a deadline.
func TestSubmissionLockSkipsHolidays(t *testing.T) {
	y := "holidays:\n  - from: 2026-11-09\n    to: 2026-11-10\n    name: Nghỉ\nsubmission:\n  day: 5\n  time: \"17:00\"\n  grace_days: 3\n"
	cal, err := ParseCalendar("calendar.yaml", []byte(y), demoOrg(t))
	if err != nil {
		t.Fatal(err)
	}
	vn := cal.Location
	d, l := cal.SubmissionWindow("cum5", 2026, time.October)
	// Sunday 08/11, then the holiday on Monday 09/11 and Tuesday 10/11.
	if want := time.Date(2026, 11, 11, 17, 0, 0, 0, vn); !l.Equal(want) {
		t.Errorf("lock = %s; want %s (deadline %s)", l, want, d)
	}
}

func TestChecklistOwner(t *testing.T) {
	y := "dossiers:\n  - id: d\n    award: X\n    date: 2026-12-10\n    checklist:\n      - id: to_trinh\n        name: Tờ trình\n        owner: chair\n      - id: bao_cao\n        name: Báo cáo thành tích\n"
	cal, err := ParseCalendar("calendar.yaml", []byte(y), demoOrg(t))
	if err != nil {
		t.Fatal(err)
	}
	got := []string{cal.Dossiers[0].Checklist[0].Owner, cal.Dossiers[0].Checklist[1].Owner}
	if got[0] != OwnerChair || got[1] != OwnerNominee {
		t.Errorf("owners = %q, want [chair nominee] (nominee by default)", got)
	}
}

package reminders

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/configfile"
	"github.com/thiduabot/thiduabot/org"
)

// FuzzParseCalendar checks that any calendar.yaml either parses into a
// calendar that plans without panicking, every reminder inside the window
// and in working hours (meeting notices aside), or fails with located
// problems, never a panic or a bare error.
func FuzzParseCalendar(f *testing.F) {
	demo, err := os.ReadFile("../examples/bhxh-demo/calendar.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(demo)
	for _, s := range []string{
		"submission:\n  day: 5\n  time: \"17:00\"\n  grace_days: 3\n",
		"working_hours: \"08:00-16:30\"\nworking_days: [mon, tue, wed, thu, fri, sat]\n",
		"holidays:\n  - from: 2026-04-30\n    to: 2026-05-03\n    name: Lễ\n",
		"events:\n  - id: e\n    title: T\n    cron: \"0 8 L * *\"\n",
		"events:\n  - id: e\n    title: T\n    date: 2026-07-15\n    time: \"07:00\"\n    offsets:\n      before: [2h, 30m, 0d]\n",
		"dossiers:\n  - id: d\n    award: A\n    cron: \"0 17 10 12 *\"\n    checklist:\n      - id: x\n        name: X\n",
		"offsets:\n  before: []\n  overdue_days: 0\n  escalate: false\n",
		"timezone: UTC\nworking_hours: \"00:00-23:59\"\noffsets:\n  at: \"00:00\"\n",
	} {
		f.Add([]byte(s))
	}
	data, err := os.ReadFile("../examples/bhxh-demo/org.yaml")
	if err != nil {
		f.Fatal(err)
	}
	o, _, err := org.Parse("org.yaml", data)
	if err != nil {
		f.Fatal(err)
	}
	from := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	to := from.Add(45 * 24 * time.Hour)
	f.Fuzz(func(t *testing.T, data []byte) {
		cal, err := ParseCalendar("calendar.yaml", data, o)
		if err != nil {
			var ps configfile.Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error is not located problems: %T %v", err, err)
			}
			return
		}
		for _, r := range Plan(cal, demoState(), from, to) {
			if r.SendAt.Before(from) || !r.SendAt.Before(to) {
				t.Fatalf("%s at %s outside the window", r.Key, r.SendAt)
			}
			if !cal.InWorkingHours(r.SendAt) && r.Kind != KindMeetingNotice && r.Kind != KindMeetingCancel {
				t.Fatalf("%s at %s outside working hours", r.Key, r.SendAt)
			}
			_ = r.Text()
		}
	})
}

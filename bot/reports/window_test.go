package reports

import (
	"testing"
	"time"
)

// TestDefaultCalendarWorkingDays: without calendar.yaml the deadline and the
// lock still move off a weekend, as reminders.Calendar moves them.
func TestDefaultCalendarWorkingDays(t *testing.T) {
	loc := vietnam()
	cal := DefaultCalendar(loc)
	tests := []struct {
		name           string
		month          time.Month
		deadline, lock time.Time
	}{
		{"weekday deadline, Sunday lock", time.October, time.Date(2026, 11, 5, 17, 0, 0, 0, loc), time.Date(2026, 11, 9, 17, 0, 0, 0, loc)},
		{"Saturday deadline", time.November, time.Date(2026, 12, 7, 17, 0, 0, 0, loc), time.Date(2026, 12, 10, 17, 0, 0, 0, loc)},
		{"nothing moves", time.December, time.Date(2027, 1, 5, 17, 0, 0, 0, loc), time.Date(2027, 1, 8, 17, 0, 0, 0, loc)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, l := cal.SubmissionWindow("cum5", 2026, tt.month)
			if !d.Equal(tt.deadline) || !l.Equal(tt.lock) {
				t.Errorf("window = %s, %s; want %s, %s", d, l, tt.deadline, tt.lock)
			}
		})
	}
}

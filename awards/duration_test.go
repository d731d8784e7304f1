package awards_test

import (
	"errors"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/awards"
)

func TestParseVoteDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"48 giờ", 48 * time.Hour}, {"48 gio", 48 * time.Hour}, {"48h", 48 * time.Hour}, {"36 tiếng", 36 * time.Hour},
		{"2 ngày", 48 * time.Hour}, {"2 NGAY", 48 * time.Hour}, {"14 ngày", 14 * 24 * time.Hour}, {"1 giờ", time.Hour},
		{"0 giờ", 0}, {"15 ngày", 0}, {"337 giờ", 0}, {"-2 ngày", 0}, {"2,5 ngày", 0}, {"2 tuần", 0}, {"ngày", 0}, {"", 0},
		{"99999999999999999999 giờ", 0}, {"48", 0},
	} {
		got, err := awards.ParseVoteDuration(tc.in)
		if tc.want == 0 {
			if !errors.Is(err, awards.ErrDuration) {
				t.Errorf("ParseVoteDuration(%q) = %v, %v; want ErrDuration", tc.in, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseVoteDuration(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func FuzzParseVoteDuration(f *testing.F) {
	for _, s := range []string{"48 giờ", "2 ngày", "24h", "0 giờ", "15 ngày", "abc", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := awards.ParseVoteDuration(s)
		if err == nil && (d < awards.MinVoteDuration || d > awards.MaxVoteDuration || d%time.Hour != 0) {
			t.Fatalf("%q: %v out of bounds", s, d)
		}
		if err != nil && !errors.Is(err, awards.ErrDuration) {
			t.Fatalf("%q: %v", s, err)
		}
	})
}

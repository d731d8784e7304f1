package awards

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/thiduabot/thiduabot/vi"
)

// Vote durations: how long a vote stays open unless every unit votes
// first. The chair may choose, within bounds that leave time to vote and
// keep the season moving.
const (
	DefaultVoteDuration = 24 * time.Hour
	MinVoteDuration     = time.Hour
	MaxVoteDuration     = 14 * 24 * time.Hour
)

// ErrDuration is a vote duration that is not "N giờ" or "N ngày" within
// [MinVoteDuration, MaxVoteDuration].
var ErrDuration = errors.New("awards: bad vote duration")

// ParseVoteDuration reads a duration as a chair types it: a whole number
// and a unit, with or without diacritics or a space: "48 giờ", "48h",
// "2 ngày", "2 ngay", "36 tiếng".
func ParseVoteDuration(s string) (time.Duration, error) {
	f := strings.ToLower(strings.Join(strings.Fields(vi.Fold(s)), ""))
	i := strings.IndexFunc(f, func(r rune) bool { return !unicode.IsDigit(r) })
	if i <= 0 || i > 4 {
		return 0, ErrDuration
	}
	n, err := strconv.Atoi(f[:i])
	if err != nil {
		return 0, ErrDuration
	}
	var d time.Duration
	switch f[i:] {
	case "gio", "h", "tieng":
		d = time.Duration(n) * time.Hour
	case "ngay", "d":
		d = time.Duration(n) * 24 * time.Hour
	default:
		return 0, ErrDuration
	}
	if d < MinVoteDuration || d > MaxVoteDuration {
		return 0, ErrDuration
	}
	return d, nil
}

package submissions

import (
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

// eachStore runs fn over the in-memory fake and the embedded store.
func eachStore(t *testing.T, fn func(t *testing.T, kv store.KV)) {
	t.Helper()
	t.Run("mem", func(t *testing.T) { fn(t, storetest.NewMem(nil)) })
	t.Run("bolt", func(t *testing.T) {
		db, err := boltstore.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		fn(t, db)
	})
}

var vn = mustLoc("Asia/Ho_Chi_Minh")

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("ICT", 7*3600)
	}
	return l
}

// testCalendar: data due on the 5th of the next month at 17:00, locked
// three days later, like the demo calendar without its holiday shifts.
var testCalendar = CalendarFunc(func(cluster string, year int, month time.Month) (time.Time, time.Time) {
	d := time.Date(year, month+1, 5, 17, 0, 0, 0, vn)
	return d, d.AddDate(0, 0, 3)
})

func at(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, vn) }

type fixture struct {
	kv     store.KV
	clk    *clock.Fake
	rs     *Reports
	drafts *Drafts
}

func newFixture(kv store.KV, now time.Time) *fixture {
	clk := clock.NewFake(now)
	return &fixture{kv: kv, clk: clk, rs: NewReports(kv, clk, testCalendar, vn), drafts: NewDrafts(kv, clk)}
}

var (
	focalA = Actor{UserID: 101, Name: "Nguyễn Văn An", Role: RoleFocal}
	focalB = Actor{UserID: 102, Name: "Trần Thị Bình", Role: RoleFocal}
	chair  = Actor{UserID: 201, Name: "Lê Văn Cường", Role: RoleChair}
)

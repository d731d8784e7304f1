package rankings

import (
	"bytes"
	"context"
	"io/fs"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/bot/reports"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/examples"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/rankhistory"
	"github.com/thiduabot/thiduabot/rankhistory/reportseed"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/scoring/chart"
	"github.com/thiduabot/thiduabot/scoring/valuesfile"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/submissions"
	"github.com/thiduabot/thiduabot/telegramtest"
)

// People: the demo cluster cum5 (chair Quảng Ninh, deputy Phú Thọ) and a
// second cluster cum6 added by the tests.
var (
	uAdmin   = telegramtest.User{ID: 1, FirstName: "Quản trị"}
	uChair   = telegramtest.User{ID: 10, FirstName: "Cụm trưởng"}
	uDeputy  = telegramtest.User{ID: 11, FirstName: "Cụm phó"}
	uFocalBN = telegramtest.User{ID: 20, FirstName: "Lan"}
	uFocalNB = telegramtest.User{ID: 21, FirstName: "Minh"}
	uMember  = telegramtest.User{ID: 22, FirstName: "Hoa"}
	uChair6  = telegramtest.User{ID: 30, FirstName: "Cụm trưởng Sáu"}
	uStrange = telegramtest.User{ID: 99, FirstName: "Khách"}
)

const groupChat = -1001234567890

// harness is a bot with the feature on the demo configuration.
type harness struct {
	*bottest.H
	cfg *configdir.Config
	csv scoring.Values // the sample file's 2026 figures
}

// setup is what options of newHarness may change before the bot starts.
type setup struct {
	cfg  *configdir.Config
	now  time.Time
	seed scoring.Values // the figures stored as confirmed reports
	// reports registers the submission feature (/baocao) too.
	reports bool
	// appURL turns the Mini App buttons on.
	appURL string
}

type hopt func(s *setup)

func visibilityAll(s *setup) { s.cfg.Org.Clusters[0].Visibility = org.VisibilityAll }
func withGroup(s *setup)     { s.cfg.Org.Clusters[0].GroupChatID = groupChat }

// demoConfig is the demo config with a second cluster, cum6, scored on the
// same table (its units have no targets and no reports).
func demoConfig(t testing.TB) *configdir.Config {
	t.Helper()
	cfg, err := configdir.Demo()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Org.Clusters = append(cfg.Org.Clusters, org.Cluster{ID: "cum6", Name: "Cụm thi đua số 6", Scoring: cfg.Org.Clusters[0].Scoring,
		Chair: "hue", Units: []org.Unit{{ID: "hue", Name: "BHXH thành phố Huế"}, {ID: "da_nang", Name: "BHXH thành phố Đà Nẵng"}}})
	return cfg
}

// sampleValues reads examples/bhxh-demo/values-sample.csv.
func sampleValues(t testing.TB, cfg *configdir.Config) scoring.Values {
	t.Helper()
	data, err := fs.ReadFile(examples.Demo(), "values-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	vs, ps := valuesfile.Read(data, valuesfile.OrgLookup(cfg.Org, cfg.Tables))
	if len(ps) > 0 {
		t.Fatalf("sample values: %v", ps)
	}
	return vs[2026]
}

// newHarness seeds kv (a fresh embedded store when nil) with the sample
// figures as confirmed reports and the people above, and runs a bot with the
// feature on 20/07/2026, when June is the latest month with figures.
func newHarness(t *testing.T, kv store.KV, opts ...hopt) *harness {
	t.Helper()
	cfg := demoConfig(t)
	st := &setup{cfg: cfg, now: time.Date(2026, 7, 20, 9, 0, 0, 0, time.UTC), seed: sampleValues(t, cfg)}
	for _, o := range opts {
		o(st)
	}
	r, err := chart.New()
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{cfg: cfg, csv: sampleValues(t, cfg)}
	h.H = bottest.New(t, bottest.Options{
		Org: cfg.Org, Store: kv, Start: st.now, Admins: []int64{uAdmin.ID},
		Config: func(c *bot.Config) { c.AppURL = st.appURL },
		Members: []org.Member{
			{UserID: uChair.ID, Name: "Cụm trưởng", Role: org.RoleChair, Cluster: "cum5", Unit: "quang_ninh"},
			{UserID: uDeputy.ID, Name: "Cụm phó", Role: org.RoleDeputy, Cluster: "cum5", Unit: "phu_tho"},
			{UserID: uFocalBN.ID, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "bac_ninh"},
			{UserID: uFocalNB.ID, Name: "Minh", Role: org.RoleFocal, Cluster: "cum5", Unit: "ninh_binh"},
			{UserID: uMember.ID, Name: "Hoa", Role: org.RoleMember, Cluster: "cum5", Unit: "ninh_binh"},
			{UserID: uChair6.ID, Name: "Cụm trưởng Sáu", Role: org.RoleChair, Cluster: "cum6", Unit: "hue"},
		},
		Seed: func(bh *bottest.H) {
			if _, err := reportseed.Seed(context.Background(), bh.KV, cfg.Org, cfg.Tables, st.seed, 2026); err != nil {
				t.Fatal(err)
			}
		},
		Setup: func(bh *bottest.H, b *bot.Bot) {
			kv, clk := bh.KV, bh.Clock
			Register(b, Deps{
				Ranker: &rankhistory.Ranker{Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets,
					Values:  submissions.NewReports(kv, clk, submissions.CalendarFunc(reportseed.Window), time.UTC),
					History: rankhistory.NewStore(kv), Clock: clk, Calendar: submissions.CalendarFunc(reportseed.Window), Location: time.UTC},
				Org: cfg.Org,
				Chart: func(buf *bytes.Buffer, name string, res *scoring.Result, m chart.Marks) error {
					return r.Render(buf, name, res, m)
				},
				Clock: clk, Log: bh.Log,
			})
			if st.reports {
				reports.Register(b, reports.Deps{Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets, Store: kv,
					Calendar: submissions.CalendarFunc(reportseed.Window), Clock: clk, Location: time.UTC, Log: bh.Log})
			}
		},
	})
	return h
}

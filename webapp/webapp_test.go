package webapp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/boltstore"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/examples"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/rankhistory"
	"github.com/thiduabot/thiduabot/rankhistory/reportseed"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/scoring/valuesfile"
	"github.com/thiduabot/thiduabot/sector"
	"github.com/thiduabot/thiduabot/submissions"
)

const testToken = "7000001:AAtest-thiduabot-miniapp"

// People of the test organisation: the demo cluster cum5 with the sample
// figures (January to June 2026) and a second cluster, cum6.
const (
	idAdmin    = 1 // ADMIN_IDS
	idChair    = 10
	idFocalBN  = 20 // Bắc Ninh
	idMember   = 22
	idChair6   = 30
	idStranger = 99
)

var testNow = time.Date(2026, 7, 20, 9, 0, 0, 0, time.UTC)

// testApp is the Mini App over a seeded store; visibility sets cum5's.
type testApp struct {
	srv   *httptest.Server
	clock *clock.Fake
}

func newTestApp(t testing.TB, visibility string) *testApp {
	t.Helper()
	cfg, err := configdir.Demo()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Org.Clusters[0].Visibility = visibility
	cfg.Org.Clusters = append(cfg.Org.Clusters, org.Cluster{ID: "cum6", Name: "Cụm thi đua số 6", Scoring: cfg.Org.Clusters[0].Scoring,
		Chair: "hue", Units: []org.Unit{{ID: "hue", Name: "BHXH thành phố Huế"}, {ID: "da_nang", Name: "BHXH thành phố Đà Nẵng"}}})
	data, err := fs.ReadFile(examples.Demo(), "values-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	vs, ps := valuesfile.Read(data, valuesfile.OrgLookup(cfg.Org, cfg.Tables))
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	clk := clock.NewFake(testNow)
	kv, err := boltstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { kv.Close() })
	ctx := context.Background()
	if _, err := reportseed.Seed(ctx, kv, cfg.Org, cfg.Tables, vs[2026], 2026); err != nil {
		t.Fatal(err)
	}
	ms := org.NewMembers(kv, clk)
	for _, m := range []org.Member{
		{UserID: idChair, Name: "Cụm trưởng", Role: org.RoleChair, Cluster: "cum5", Unit: "quang_ninh"},
		{UserID: idFocalBN, Name: "Lan", Role: org.RoleFocal, Cluster: "cum5", Unit: "bac_ninh"},
		{UserID: idMember, Name: "Hoa", Role: org.RoleMember, Cluster: "cum5", Unit: "ninh_binh"},
		{UserID: idChair6, Name: "Cụm trưởng Sáu", Role: org.RoleChair, Cluster: "cum6", Unit: "hue"},
	} {
		if _, err := ms.Bind(ctx, m, 0); err != nil {
			t.Fatal(err)
		}
	}
	loc := time.UTC
	window := submissions.CalendarFunc(reportseed.Window)
	s, err := New(Deps{
		Token: testToken, Org: cfg.Org, Members: ms, Admins: []int64{idAdmin},
		Ranker: &rankhistory.Ranker{Org: cfg.Org, Tables: cfg.Tables, Targets: cfg.Targets,
			Values: submissions.NewReports(kv, clk, window, loc), History: rankhistory.NewStore(kv), Clock: clk, Calendar: window, Location: loc},
		Sector: &sector.Source{Org: cfg.Org, Windows: cfg.Calendar, Calendar: cfg.Calendar,
			Reports: submissions.NewReports(kv, clk, nil, loc), Reminders: reminders.NewKVStore(kv), Location: loc},
		Clock: clk, Location: loc, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/app/", s)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &testApp{srv: srv, clock: clk}
}

// initData signs a launch for user id at the given time, as Telegram does.
func initData(id int64, name string, at time.Time) string {
	user, _ := json.Marshal(User{ID: id, FirstName: name, LanguageCode: "vi"})
	return Sign(url.Values{
		"auth_date": {strconv.FormatInt(at.Unix(), 10)},
		"query_id":  {"AAE" + strconv.FormatInt(id, 10)},
		"user":      {string(user)},
	}, testToken)
}

// get calls the API as user id (0: without Authorization) and decodes the answer.
func (a *testApp) get(t testing.TB, auth, path string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, a.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return res.StatusCode, body
}

func (a *testApp) as(t testing.TB, id int64, path string) (int, map[string]any) {
	t.Helper()
	return a.get(t, "tma "+initData(id, "Người dùng", a.clock.Now().Add(-time.Minute)), path)
}

func units(body map[string]any) []string {
	var out []string
	us, _ := body["units"].([]any)
	for _, u := range us {
		out = append(out, u.(map[string]any)["id"].(string))
	}
	return out
}

func TestAPIRefusesBadInitData(t *testing.T) {
	a := newTestApp(t, "")
	forged := strings.Replace(initData(idChair, "Cụm trưởng", testNow), "%22id%22%3A10", "%22id%22%3A1", 1)
	for _, tc := range []struct{ name, auth string }{
		{"missing", ""},
		{"not tma", "Bearer " + initData(idAdmin, "A", testNow)},
		{"forged user", "tma " + forged},
		{"other bot's token", "tma " + Sign(url.Values{"auth_date": {strconv.FormatInt(testNow.Unix(), 10)}, "user": {`{"id":1}`}}, "1:other")},
		{"older than 24 h", "tma " + initData(idAdmin, "A", testNow.Add(-25*time.Hour))},
	} {
		for _, path := range []string{"/app/api/me", "/app/api/ranking", "/app/api/unit?unit=bac_ninh", "/app/api/sector"} {
			code, body := a.get(t, tc.auth, path)
			if code != http.StatusUnauthorized || !strings.Contains(fmt.Sprint(body["error"]), "24 giờ") {
				t.Errorf("%s %s: %d %v; want 401", tc.name, path, code, body)
			}
		}
	}
}

func TestAPIScopesByRole(t *testing.T) {
	a := newTestApp(t, "") // cum5: visibility own (the default)
	all := []string{"quang_ninh", "bac_ninh", "phu_tho", "thai_nguyen", "hung_yen", "ninh_binh"}

	type want struct {
		code  int
		units int // for ranking answers; -1 to skip
	}
	for _, tc := range []struct {
		name string
		user int64
		path string
		want want
	}{
		{"admin ranks cum5", idAdmin, "/app/api/ranking?cluster=cum5", want{200, 6}},
		{"admin ranks cum6 (no data)", idAdmin, "/app/api/ranking?cluster=cum6", want{404, -1}},
		{"chair ranks own", idChair, "/app/api/ranking", want{200, 6}},
		{"chair of cum6 asks cum5", idChair6, "/app/api/ranking?cluster=cum5", want{403, -1}},
		{"chair asks unknown cluster", idChair, "/app/api/ranking?cluster=cum9", want{403, -1}},
		{"focal sees own line only", idFocalBN, "/app/api/ranking", want{200, 1}},
		{"focal asks cum6", idFocalBN, "/app/api/ranking?cluster=cum6", want{403, -1}},
		{"member", idMember, "/app/api/ranking", want{403, -1}},
		{"stranger", idStranger, "/app/api/me", want{403, -1}},
		{"focal own unit", idFocalBN, "/app/api/unit", want{200, -1}},
		{"focal another unit", idFocalBN, "/app/api/unit?unit=quang_ninh", want{403, -1}},
		{"focal another cluster's unit", idFocalBN, "/app/api/unit?unit=hue", want{403, -1}},
		{"chair a unit of the cluster", idChair, "/app/api/unit?unit=bac_ninh", want{200, -1}},
		{"chair of cum6 a unit of cum5", idChair6, "/app/api/unit?unit=bac_ninh", want{403, -1}},
		{"admin any unit", idAdmin, "/app/api/unit?unit=ninh_binh", want{200, -1}},
		{"sector for admin", idAdmin, "/app/api/sector", want{200, -1}},
		{"sector for a chair", idChair, "/app/api/sector", want{403, -1}},
		{"sector for a focal point", idFocalBN, "/app/api/sector", want{403, -1}},
		{"bad period", idChair, "/app/api/ranking?period=abc", want{400, -1}},
		{"future period", idChair, "/app/api/ranking?period=12/2026", want{400, -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := a.as(t, tc.user, tc.path)
			if code != tc.want.code {
				t.Fatalf("%s: %d %v; want %d", tc.path, code, body, tc.want.code)
			}
			if code != 200 && body["error"] == "" {
				t.Errorf("no error text: %v", body)
			}
			if tc.want.units >= 0 && len(units(body)) != tc.want.units {
				t.Errorf("units %v; want %d", units(body), tc.want.units)
			}
		})
	}

	// The focal point's line is its own unit, with its rank among all six.
	_, body := a.as(t, idFocalBN, "/app/api/ranking")
	if got := units(body); len(got) != 1 || got[0] != "bac_ninh" || body["count"] != 6.0 || body["own_only"] != true {
		t.Errorf("focal ranking = %v", body)
	}
	if svg := body["chart_svg"].(string); strings.Contains(svg, "Quảng Ninh") || !strings.Contains(svg, "Bắc Ninh") {
		t.Errorf("focal chart shows other units: %s", svg)
	}
	// The chair's ranking is whole, in rank order, with the chart.
	_, body = a.as(t, idChair, "/app/api/ranking?period=6/2026")
	if got := units(body); len(got) != len(all) || body["period"] != "2026-06" || !strings.Contains(body["chart_svg"].(string), "<svg") {
		t.Errorf("chair ranking = %v", body)
	}
	// The one period grammar: relative words too (the clock reads 20/07/2026).
	for typed, want := range map[string]string{"th%C3%A1ng+tr%C6%B0%E1%BB%9Bc": "2026-06", "thang+truoc": "2026-06", "k%E1%BB%B3+qu%C3%BD+tr%C6%B0%E1%BB%9Bc": "2026-06"} {
		if code, body := a.as(t, idChair, "/app/api/ranking?period="+typed); code != 200 || body["period"] != want {
			t.Errorf("period=%s: %d %v; want %s", typed, code, body["period"], want)
		}
	}
	// A unit's details: groups, criteria and the monthly trend.
	_, body = a.as(t, idFocalBN, "/app/api/unit")
	if trend, _ := body["trend"].([]any); len(trend) != 6 || !strings.Contains(body["trend_svg"].(string), "T6") {
		t.Errorf("unit trend = %v", body["trend"])
	}
	if body["gap"] != "" {
		t.Errorf("a focal point under visibility own sees the unit above: %v", body["gap"])
	}
	// me tells the page what to offer.
	_, body = a.as(t, idAdmin, "/app/api/me")
	if body["role"] != "admin" || body["sector"] != true || len(body["clusters"].([]any)) != 2 {
		t.Errorf("admin me = %v", body)
	}
	_, body = a.as(t, idFocalBN, "/app/api/me")
	if body["role"] != "focal" || body["own_only"] != true || body["sector"] != false || len(body["clusters"].([]any)) != 1 {
		t.Errorf("focal me = %v", body)
	}
	// The sector overview is the `thiduabot sector` shape.
	_, body = a.as(t, idAdmin, "/app/api/sector")
	if cs, _ := body["clusters"].([]any); len(cs) != 2 || body["period"] != "2026-07" || !strings.Contains(body["chart_svg"].(string), "80%") {
		t.Errorf("sector = %v", body)
	}
}

func TestVisibilityAllOpensTheCluster(t *testing.T) {
	a := newTestApp(t, org.VisibilityAll)
	if code, body := a.as(t, idFocalBN, "/app/api/ranking"); code != 200 || len(units(body)) != 6 || body["own_only"] != false {
		t.Errorf("focal ranking under visibility all: %d %v", code, units(body))
	}
	if code, _ := a.as(t, idFocalBN, "/app/api/unit?unit=quang_ninh"); code != 200 {
		t.Errorf("focal details of another unit under visibility all: %d; want 200", code)
	}
	if code, _ := a.as(t, idFocalBN, "/app/api/unit?unit=hue"); code != 403 {
		t.Errorf("focal details of another cluster's unit: %d; want 403", code)
	}
}

func TestPageAndAssets(t *testing.T) {
	a := newTestApp(t, "")
	for path, want := range map[string]string{
		"/app/":               `"tabRanking":"Xếp hạng"`,
		"/app/static/app.js":  "tgWebAppData",
		"/app/static/app.css": "--tg-theme-bg-color",
	} {
		res, err := http.Get(a.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("%s: %d, lacks %q", path, res.StatusCode, want)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self' https://telegram.org") {
			t.Errorf("%s: Content-Security-Policy %q", path, csp)
		}
	}
}

package webapp

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The browser test drives the Mini App in a real Chromium at a phone's
// size, signing initData as Telegram does and passing it in the
// #tgWebAppData fragment (Telegram's own script is unreachable here, as
// offline). It saves screenshots under testdata/screenshots for review.
//
// It needs Chromium: with CI=true it must run (CI installs Debian's
// chromium); elsewhere it runs when /usr/bin/chromium (or $CHROMIUM)
// exists and is skipped otherwise.

// phone is the viewport: a common 390×844 phone at 2× density.
const phoneW, phoneH, phoneScale = 390, 844, 2

func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but Chromium is missing: install Debian's chromium (apt-get install chromium) or set CHROMIUM")
	}
	t.Skip("Chromium not found: apt-get install chromium (or set CHROMIUM=/path) to run the Mini App browser test")
	return ""
}

// browser starts a headless Chromium and returns a tab's context.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, // CI runs as root
		chromedp.WindowSize(phoneW, phoneH),
		chromedp.Flag("lang", "vi-VN"),
		// Only the test server is reachable: telegram.org's script fails
		// fast, as it would offline, and the page falls back to the fragment.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel)
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(phoneW, phoneH, chromedp.EmulateScale(phoneScale), chromedp.EmulateMobile)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// open loads the Mini App as user id, on view.
func (a *testApp) open(id int64, name, view string, at time.Time) chromedp.Action {
	return chromedp.Navigate(a.srv.URL + "/app/?view=" + view + "#tgWebAppData=" + url.QueryEscape(initData(id, name, at)) +
		"&tgWebAppVersion=8.0&tgWebAppPlatform=android")
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	var png []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join("testdata", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var s string
	if err := chromedp.Run(ctx, chromedp.Text(sel, &s, chromedp.ByQuery)); err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	var v T
	if err := chromedp.Run(ctx, chromedp.Evaluate(js, &v)); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

const rowsJS = `Array.from(document.querySelectorAll('#rank-table tbody tr')).map(r => r.cells[1].textContent)`

func TestBrowserChairRanking(t *testing.T) {
	ctx := browser(t)
	a := newTestApp(t, "")
	now := a.clock.Now()
	if err := chromedp.Run(ctx, a.open(idChair, "Cụm trưởng", "xephang", now.Add(-time.Minute)),
		chromedp.WaitVisible(`#rank-table tbody tr:nth-child(6)`, chromedp.ByQuery)); err != nil {
		t.Fatalf("ranking did not load: %v", err)
	}
	rows := eval[[]string](t, ctx, rowsJS)
	if len(rows) != 6 || rows[0] != "BHXH tỉnh Quảng Ninh" {
		t.Errorf("rows = %v; want six, Quảng Ninh first (the sample's leader)", rows)
	}
	for _, want := range []string{"Cụm trưởng", "Kỳ lũy kế đến tháng 6/2026", "Hạng", "Điểm"} {
		if body := text(t, ctx, "body"); !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#rank-chart svg rect').length`); n != 6 {
		t.Errorf("chart has %d bars; want 6", n)
	}
	// Nothing overflows the phone's width.
	if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > phoneW {
		t.Errorf("page is %d px wide on a %d px phone", w, phoneW)
	}
	screenshot(t, ctx, "ranking-chair.png")

	// Sorting by name, then by total (best first).
	if err := chromedp.Run(ctx, chromedp.Click(`th[data-key="name"]`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if rows := eval[[]string](t, ctx, rowsJS); rows[0] != "BHXH tỉnh Bắc Ninh" {
		t.Errorf("sorted by name: %v", rows)
	}
	if err := chromedp.Run(ctx, chromedp.Click(`th[data-key="total"]`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if rows := eval[[]string](t, ctx, rowsJS); rows[0] != "BHXH tỉnh Quảng Ninh" {
		t.Errorf("sorted by total: %v", rows)
	}

	// A unit's breakdown with its monthly trend.
	if err := chromedp.Run(ctx, chromedp.Click(`tr[data-unit="bac_ninh"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#trend-chart svg`, chromedp.ByQuery)); err != nil {
		t.Fatalf("details did not open: %v", err)
	}
	if got := text(t, ctx, "#unit-name"); got != "BHXH tỉnh Bắc Ninh" {
		t.Errorf("details of %q", got)
	}
	screenshot(t, ctx, "unit-chair.png")
}

func TestBrowserFocalSeesOwnUnitOnly(t *testing.T) {
	ctx := browser(t)
	a := newTestApp(t, "") // visibility own
	init := initData(idFocalBN, "Lan", a.clock.Now().Add(-time.Minute))
	if err := chromedp.Run(ctx, a.open(idFocalBN, "Lan", "xephang", a.clock.Now().Add(-time.Minute)),
		chromedp.WaitVisible(`#rank-table tbody tr`, chromedp.ByQuery)); err != nil {
		t.Fatalf("ranking did not load: %v", err)
	}
	if rows := eval[[]string](t, ctx, rowsJS); len(rows) != 1 || rows[0] != "BHXH tỉnh Bắc Ninh" {
		t.Errorf("focal rows = %v; want only its own unit", rows)
	}
	body := text(t, ctx, "body")
	if strings.Contains(body, "Quảng Ninh") || !strings.Contains(body, "chỉ xem đơn vị mình") {
		t.Errorf("focal page shows another unit or lacks the note:\n%s", body)
	}
	screenshot(t, ctx, "ranking-focal-own.png")

	// The API refuses what the page does not show, from inside the page too.
	for path, want := range map[string]int{"unit?unit=bac_ninh": 200, "unit?unit=quang_ninh": 403, "ranking?cluster=cum6": 403, "sector": 403} {
		var got int
		if err := chromedp.Run(ctx, chromedp.Evaluate(`fetch('api/`+path+`', {headers: {Authorization: 'tma ' + `+jsString(init)+`}}).then(r => r.status)`,
			&got, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s from the page: %d; want %d", path, got, want)
		}
	}
	if err := chromedp.Run(ctx, chromedp.Click(`tr[data-unit="bac_ninh"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#trend-chart svg`, chromedp.ByQuery)); err != nil {
		t.Fatalf("own details did not open: %v", err)
	}
	screenshot(t, ctx, "unit-focal-own.png")
}

func TestBrowserAdminSector(t *testing.T) {
	ctx := browser(t)
	a := newTestApp(t, "")
	if err := chromedp.Run(ctx, a.open(idAdmin, "Quản trị", "tongquan", a.clock.Now().Add(-time.Minute)),
		chromedp.WaitVisible(`#sector-clusters .card`, chromedp.ByQuery)); err != nil {
		t.Fatalf("overview did not load: %v", err)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#sector-clusters .card').length`); n != 2 {
		t.Errorf("%d cluster cards; want 2", n)
	}
	if who := text(t, ctx, "#who"); !strings.HasPrefix(who, "Quản trị · ") {
		t.Errorf("who = %q; want the Telegram name of an admin who never registered", who)
	}
	body := text(t, ctx, "#view-tongquan")
	for _, want := range []string{"Cụm thi đua số 5 (ví dụ)", "Cụm thi đua số 6", "Đúng hạn", "⚠️"} {
		if !strings.Contains(body, want) {
			t.Errorf("overview lacks %q:\n%s", want, body)
		}
	}
	screenshot(t, ctx, "sector-admin.png")
	// The admin's tabs include the overview; a chair's do not.
	if tabs := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('#tabs button')).map(b => b.textContent)`); len(tabs) != 2 || tabs[1] != "Tổng quan" {
		t.Errorf("admin tabs = %v", tabs)
	}
}

func TestBrowserExpiredSession(t *testing.T) {
	ctx := browser(t)
	a := newTestApp(t, "")
	if err := chromedp.Run(ctx, a.open(idChair, "Cụm trưởng", "xephang", a.clock.Now().Add(-25*time.Hour)),
		chromedp.WaitVisible(`#status.error`, chromedp.ByQuery)); err != nil {
		t.Fatalf("no error shown: %v", err)
	}
	if got := text(t, ctx, "#status"); !strings.Contains(got, "quá 24 giờ") {
		t.Errorf("status = %q", got)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#rank-table tbody tr').length`); n != 0 {
		t.Errorf("an expired session shows %d rows", n)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}

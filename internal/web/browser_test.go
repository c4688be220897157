package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"jixiao"
	"jixiao/internal/auth"
	jpdf "jixiao/internal/pdf"
	"jixiao/internal/server"
)

const chromiumPath = "/usr/bin/chromium"

// browser is a headless Chromium tab on a real jixiao server, with the
// console errors the pages raised.
type browser struct {
	ctx     context.Context
	base    string
	shots   []string // directories screenshots are written to
	mu      sync.Mutex
	console []string
}

// newBrowser serves f's store through internal/server on 127.0.0.1:0 and
// starts Chromium. It skips the test when Chromium is absent, unless
// JIXIAO_REQUIRE_BROWSER is set (as .ci/run sets it), where it fails.
func newBrowser(t *testing.T, f *fixture) *browser {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("JIXIAO_REQUIRE_BROWSER") != "" {
			t.Fatalf("chromium not installed at %s, and JIXIAO_REQUIRE_BROWSER says the browser tests must run", chromiumPath)
		}
		t.Skip("chromium not installed at " + chromiumPath + "; .ci/run installs it")
	}
	b := &browser{base: serve(t, f), shots: []string{t.TempDir()}}
	if dir := os.Getenv("JIXIAO_SCREENSHOTS"); dir != "" {
		b.shots = append(b.shots, dir)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1440, 900))
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	b.ctx = ctx
	go b.collectConsole(chromedp.Console(ctx))
	return b
}

// serve runs the real server (internal/server with the pages) until the
// test ends and returns its base URL.
func serve(t *testing.T, f *fixture) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := siteServer(f.store, f.opts, server.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

func (b *browser) collectConsole(msgs func(func(chromedp.ConsoleMessage, error) bool)) {
	for m, err := range msgs {
		if err != nil {
			return
		}
		if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
			b.mu.Lock()
			b.console = append(b.console, fmt.Sprintf("%s: %s (%s)", m.Type, m.Text, m.URL))
			b.mu.Unlock()
		}
	}
}

// consoleErrors returns and forgets the console errors seen so far.
func (b *browser) consoleErrors() []string {
	time.Sleep(100 * time.Millisecond) // let events of the last page arrive
	b.mu.Lock()
	defer b.mu.Unlock()
	out := b.console
	b.console = nil
	return out
}

// do runs actions with a time limit, failing the test on error.
func (b *browser) do(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, b *browser, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// screenshot writes a full-page screenshot named name.png.
func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	b.capture(t, name, chromedp.FullScreenshot(100))
}

// screenshotView writes a screenshot of what the window shows.
func (b *browser) screenshotView(t *testing.T, name string) {
	t.Helper()
	b.capture(t, name, chromedp.CaptureScreenshot())
}

func (b *browser) capture(t *testing.T, name string, shot chromedp.Action[[]byte]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	img, err := chromedp.Run(ctx, shot)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	for _, dir := range b.shots {
		if err := os.WriteFile(filepath.Join(dir, name+".png"), img, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// printPDF prints the page as the browser's print dialog would, with the
// page's own @page size (A4 landscape), to name.pdf, and checks that it is
// landscape and spans several pages.
// The table must span at least 2 pages, each holding header (printed again
// on every page); the table's pages are those before the first page holding
// after (the section that follows the table).
func (b *browser) printPDF(t *testing.T, name, header, after string) {
	t.Helper()
	pages := b.printPages(t, name)
	n := len(pages)
	table := 0 // pages the table takes
	for page := 1; page <= n; page++ {
		// The content stream keeps a cell's wrapped text together; the
		// spaces and line breaks of the wrapping are dropped before comparing.
		out := pages[page-1]
		text := strings.Join(strings.Fields(out), "")
		if strings.Contains(text, after) && !strings.Contains(text, header) {
			break
		}
		table++
		if !strings.Contains(text, header) {
			t.Errorf("printed page %d of %d lacks the table header %q", page, n, header)
		}
		if strings.Contains(text, after) {
			break
		}
	}
	if table < 2 {
		t.Errorf("the printed table takes %d of %d pages, want at least 2", table, n)
	}
}

// printPages prints the page as the browser's print dialog would, with the
// page's own @page size, to name.pdf, checks that it is A4 landscape and
// returns each page's text as jixiao's PDF reader reads it.
func (b *browser) printPages(t *testing.T, name string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatalf("print %s: %v", name, err)
	}
	for _, dir := range b.shots {
		if err := os.WriteFile(filepath.Join(dir, name+".pdf"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A4 landscape is 842 × 595 points.
	if !bytes.Contains(pdf, []byte("/MediaBox [0 0 841.91998 594.95996]")) && !bytes.Contains(pdf, []byte("/MediaBox [0 0 842 595]")) {
		i := bytes.Index(pdf, []byte("/MediaBox"))
		t.Errorf("printed page is not A4 landscape: %.60s", pdf[max(i, 0):])
	}
	pages, err := jpdf.PagesText(pdf)
	if err != nil {
		t.Fatalf("reading the printed PDF: %v", err)
	}
	return pages
}

func noConsoleErrors(t *testing.T, b *browser, page string) {
	t.Helper()
	if errs := b.consoleErrors(); len(errs) > 0 {
		t.Errorf("%s: console errors:\n%s", page, strings.Join(errs, "\n"))
	}
}

// TestBrowser walks the pages as a user would, in one browser: upload the
// Huadu table through the page, then the home page with both samples and its
// charts, the Liwan table with its findings, search, compare and a project.
func TestBrowser(t *testing.T) {
	f := newFixture(t, liwanFile)
	b := newBrowser(t, f)
	liwan := f.docs[liwanFile]

	t.Run("import", func(t *testing.T) {
		path := filepath.Join("..", "..", "testdata", huaduFile)
		abs, _ := filepath.Abs(path)
		// A visitor is told who may import and sent to log in.
		b.do(t, "import as visitor", chromedp.Navigate(b.base+"/import"),
			chromedp.WaitVisible(chromedp.CSS(`#import-denied a[href="/login?next=/import"]`)))
		b.loginImporter(t, f)
		b.do(t, "upload", chromedp.Navigate(b.base+"/import"),
			chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{abs}),
			chromedp.Click(chromedp.CSS("form.upload button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS(".alert-success")))
		heading := eval[string](t, b, `document.querySelector(".alert-success h2").textContent`)
		if !strings.Contains(heading, "花都区劳动就业服务管理中心") {
			t.Errorf("result heading %q does not name the Huadu agency", heading)
		}
		rules := eval[[]string](t, b, `[...document.querySelectorAll("#result ol.findings li.finding .finding-meta code")].map(c => c.textContent)`)
		got := map[string]int{}
		for _, r := range rules {
			got[r]++
		}
		want := map[string]int{"indicator.copied": 1, "project.missing-satisfaction": 5, "target.upper-bound-output": 3}
		if len(rules) != 9 || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("import lists %d findings %v, want 9: %v", len(rules), got, want)
		}
		b.screenshot(t, "import")
		noConsoleErrors(t, b, "import")
	})

	t.Run("home", func(t *testing.T) {
		b.do(t, "home", chromedp.Navigate(b.base+"/"),
			chromedp.WaitVisible(chromedp.CSS("#chart-quality[data-ready]")))
		agencies := eval[[]string](t, b, `[...document.querySelectorAll("tr.doc-row th a")].map(a => a.textContent)`)
		if len(agencies) != 2 || !strings.Contains(strings.Join(agencies, ","), "荔湾区人力资源和社会保障局") ||
			!strings.Contains(strings.Join(agencies, ","), "花都区劳动就业服务管理中心") {
			t.Errorf("home lists %q, want both samples", agencies)
		}
		canvases := eval[int](t, b, `[...document.querySelectorAll(".chart")].filter(c => c.querySelector("canvas")).length`)
		if canvases != 4 {
			t.Errorf("%d charts drew a canvas, want 4", canvases)
		}
		b.screenshot(t, "home")
		b.do(t, "phone", chromedp.EmulateViewport(390, 844), chromedp.Reload(),
			chromedp.WaitVisible(chromedp.CSS("#chart-quality[data-ready]")))
		b.screenshot(t, "home-phone")
		if w := eval[int](t, b, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("home page is %d px wide on a 390 px phone", w)
		}
		b.do(t, "desktop", chromedp.EmulateViewport(1440, 900))
		noConsoleErrors(t, b, "home")
	})

	t.Run("document", func(t *testing.T) {
		b.do(t, "document", chromedp.Navigate(fmt.Sprintf("%s/documents/%d", b.base, liwan.ID)),
			chromedp.WaitVisible(chromedp.CSS("table.published")))
		if n := eval[int](t, b, `document.querySelectorAll("table.published tr.project").length`); n != 52 {
			t.Errorf("%d project rows, want 52", n)
		}
		if n := eval[int](t, b, `document.querySelectorAll("table.published tr.unit").length`); n != 7 {
			t.Errorf("%d unit rows, want 7", n)
		}
		row := eval[string](t, b, `(() => { const m = document.querySelector('[data-rule~="indicator.level-mismatch"]');
			return m ? m.closest("tr").querySelector("th").textContent : "" })()`)
		if !strings.Contains(row, "事业单位公开招聘工作经费") {
			t.Errorf("level-mismatch mark is on %q, want 事业单位公开招聘工作经费", row)
		}
		title := eval[string](t, b, `document.querySelector('[data-rule~="indicator.level-mismatch"]').title`)
		var msgs []string
		for _, fd := range liwan.Findings {
			if fd.Rule == "indicator.level-mismatch" && strings.Contains(fd.Project, "事业单位公开招聘工作经费") {
				msgs = append(msgs, fd.Severity.Label()+"："+fd.Message)
			}
		}
		if len(msgs) == 0 {
			t.Fatal("the Liwan import has no level-mismatch finding on 事业单位公开招聘工作经费")
		}
		if !strings.Contains(title, msgs[0]) {
			t.Errorf("level-mismatch mark has hover text %q, want the finding's message %q", title, msgs[0])
		}
		b.screenshot(t, "document")
		b.printPDF(t, "document", "项目名称（资金使用单位）", "审核发现（")
		b.screenshotView(t, "document-top")
		b.do(t, "scroll", chromedp.ScrollIntoView(chromedp.CSS(`[data-rule~="indicator.level-mismatch"]`)))
		b.screenshotView(t, "document-finding")
		b.do(t, "phone", chromedp.EmulateViewport(390, 844), chromedp.Evaluate[chromedp.Void]("window.scrollTo(0,0)"))
		b.screenshotView(t, "document-phone")
		if w := eval[int](t, b, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("document page is %d px wide on a 390 px phone", w)
		}
		b.do(t, "desktop", chromedp.EmulateViewport(1440, 900))
		noConsoleErrors(t, b, "document")
	})

	t.Run("search", func(t *testing.T) {
		b.do(t, "search", chromedp.Navigate(b.base+"/search"),
			chromedp.SendKeys(chromedp.CSS("#q"), "满意度"),
			chromedp.WaitVisible(chromedp.CSS("#results mark")))
		hits := eval[[]string](t, b, `[...document.querySelectorAll("tr.hit")].map(r => r.textContent)`)
		// testdata/expected: 10 indicators are named …满意度…, Huadu 3 and Liwan 7
		// (满意度指标 8, 效益指标 2).
		if len(hits) != 10 {
			t.Errorf("%d hits for 满意度, want 10", len(hits))
		}
		for _, h := range hits {
			if !strings.Contains(h, "满意度") {
				t.Errorf("hit %q does not contain 满意度", h)
			}
		}
		counts := eval[[]string](t, b, `[...document.querySelectorAll('.facet[data-facet="level1"] li')].map(li =>
			li.querySelector(".facet-label").textContent + "=" + li.querySelector(".count").textContent)`)
		if got := strings.Join(counts, ","); got != "满意度指标=8,效益指标=2" && got != "效益指标=2,满意度指标=8" {
			t.Errorf("level-1 facets %q, want 满意度指标 8 and 效益指标 2", got)
		}
		if url := eval[string](t, b, `location.search`); !strings.Contains(url, "q=") {
			t.Errorf("search did not push its URL: %q", url)
		}
		b.screenshot(t, "search")
		noConsoleErrors(t, b, "search")
	})

	t.Run("compare", func(t *testing.T) {
		ids := projectIDs(t, f, "市就业补助资金")
		b.do(t, "compare", chromedp.Navigate(fmt.Sprintf("%s/compare?q=就业补助资金&p=%d&p=%d", b.base, ids[0], ids[1])),
			chromedp.WaitVisible(chromedp.CSS("table.per-unit")))
		b.screenshot(t, "compare")
		noConsoleErrors(t, b, "compare")
	})

	t.Run("errors", func(t *testing.T) {
		b.do(t, "not found", chromedp.Navigate(b.base+"/documents/99999"), chromedp.WaitVisible(chromedp.CSS(".error-page")))
		if h := b.text(t, ".error-page h1"); h != "未找到" {
			t.Errorf("404 page heading %q", h)
		}
		b.screenshotView(t, "not-found")
		b.do(t, "bad file", chromedp.Navigate(b.base+"/import"),
			chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{mustAbs(t, filepath.Join("..", "..", "testdata", "expected", "huadu-employment-center-2024.units.csv"))}),
			chromedp.Click(chromedp.CSS("form.upload button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS(".alert-error")))
		b.screenshotView(t, "import-error")
		b.consoleErrors() // the 404 above is logged by the browser on purpose
	})

	t.Run("project", func(t *testing.T) {
		ids := projectIDs(t, f, "市就业补助资金")
		b.do(t, "project", chromedp.Navigate(fmt.Sprintf("%s/projects/%d", b.base, ids[0])),
			chromedp.WaitVisible(chromedp.CSS("table.indicators-table")))
		b.screenshot(t, "project")
		noConsoleErrors(t, b, "project")
	})
}

// TestBrowserWithoutJavaScript uses the pages with scripts disabled: search
// and upload are plain forms, and the charts' figures are tables.
func TestBrowserWithoutJavaScript(t *testing.T) {
	f := newFixture(t, huaduFile, liwanFile)
	b := newBrowser(t, f)
	b.do(t, "disable javascript", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	b.do(t, "search", chromedp.Navigate(b.base+"/search"),
		chromedp.SendKeys(chromedp.CSS("#q"), "培训"+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS("tr.hit mark")))
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if cls, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("html"), "class")); err != nil || strings.Contains(cls.Value, "js") {
		t.Fatalf("scripts ran (html class %q, %v)", cls.Value, err)
	}
	count := b.text(t, ".results-count")
	if !strings.Contains(count, "培训") {
		t.Errorf("results heading %q", count)
	}
	b.loginImporter(t, f)
	b.do(t, "upload", chromedp.Navigate(b.base+"/import"),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{mustAbs(t, filepath.Join("..", "..", "testdata", huaduFile))}),
		chromedp.Click(chromedp.CSS("form.upload button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".alert-warning")))
	if msg := b.text(t, ".alert-warning"); !strings.Contains(msg, "已经导入过") {
		t.Errorf("duplicate upload says %q", msg)
	}
	b.do(t, "home", chromedp.Navigate(b.base+"/"),
		chromedp.Click(chromedp.CSS("#chart-units + details summary")),
		chromedp.WaitVisible(chromedp.CSS("#chart-units + details table")))
	if rows := b.text(t, "#chart-units + details tbody"); !strings.Contains(rows, "荔湾区人力资源和社会保障局") {
		t.Errorf("unit chart's data table holds %q", rows)
	}
	b.screenshot(t, "home-nojs")
}

// loginImporter creates a finance reviewer (who imports published tables)
// and logs it in through the login page, which sends it back to 导入.
func (b *browser) loginImporter(t *testing.T, f *fixture) {
	t.Helper()
	u := &jixiao.User{Username: "浏览器导入", Role: jixiao.RoleFinanceReviewer}
	hash, err := auth.HashPassword(wfPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.Workflow().CreateUser(t.Context(), u, hash, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	b.do(t, "login", chromedp.Navigate(b.base+"/login?next=/import"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), u.Username),
		chromedp.SendKeys(chromedp.CSS("#password"), wfPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("form.upload button[type=submit]")))
}

func (b *browser) text(t *testing.T, sel string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func mustAbs(t *testing.T, p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// projectIDs returns the ids of the projects whose name contains q.
func projectIDs(t *testing.T, f *fixture, q string) []int64 {
	t.Helper()
	page, err := f.store.Projects(context.Background(), jixiao.ProjectQuery{Q: q})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, p := range page.Items {
		ids = append(ids, p.ID)
	}
	if len(ids) < 2 {
		t.Fatalf("%d projects named like %q, want 2 or more", len(ids), q)
	}
	return ids
}

// pageWeight loads url in a fresh browser context (empty cache) and returns
// the bytes transferred for the page and everything it loaded.
func pageWeight(t *testing.T, b *browser, url string) int64 {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	var mu sync.Mutex
	var total int64
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventLoadingFinished); ok {
			mu.Lock()
			total += int64(e.EncodedDataLength)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	tctx, tcancel := context.WithTimeout(ctx, 30*time.Second)
	defer tcancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(url), chromedp.Sleep(time.Second)); err != nil {
		t.Fatalf("load %s: %v", url, err)
	}
	mu.Lock()
	defer mu.Unlock()
	return total
}

// TestPageWeight loads every page in a fresh browser context (empty cache)
// and checks what it transfers, everything included: under 1.5 MB with
// charts, under 200 KB without. The figures go to BENCHMARKS.md.
func TestPageWeight(t *testing.T) {
	f := newFixture(t, huaduFile, liwanFile)
	b := newBrowser(t, f)
	liwan := f.docs[liwanFile]
	pages := []struct {
		name, path string
		limit      int64
	}{
		{"总览", "/", 1500 << 10},
		{"文档（荔湾）", fmt.Sprintf("/documents/%d", liwan.ID), 200 << 10},
		{"项目", fmt.Sprintf("/projects/%d", liwan.Projects[37].ID), 200 << 10},
		{"指标检索", "/search?q=%E6%BB%A1%E6%84%8F%E5%BA%A6", 200 << 10},
		{"对比", fmt.Sprintf("/compare?p=%d&p=%d", liwan.Projects[2].ID, f.docs[huaduFile].Projects[3].ID), 200 << 10},
		{"导入", "/import", 200 << 10},
	}
	for _, p := range pages {
		n := pageWeight(t, b, b.base+p.path)
		t.Logf("%-12s %8.1f KB", p.name, float64(n)/1024)
		if n > p.limit {
			t.Errorf("%s transfers %d bytes, limit %d", p.name, n, p.limit)
		}
		if n < 10<<10 {
			t.Errorf("%s transfers only %d bytes: the measurement missed the assets", p.name, n)
		}
	}
}

package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jixiao"
	"jixiao/internal/demo"
	"jixiao/internal/sqlite"
	"jixiao/internal/web"
)

// newDemoFixture is the store "jixiao demo" serves: both samples, the demo
// accounts and what demo.Seed starts, with the pages in demo mode.
func newDemoFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	docs, err := demo.Load(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, st, docs); err != nil {
		t.Fatal(err)
	}
	f := &fixture{store: st, docs: map[string]*jixiao.Document{}}
	for _, d := range docs {
		f.docs[d.SourceName] = d
	}
	for _, a := range demo.Accounts() {
		f.opts.Demo = append(f.opts.Demo, web.DemoAccount{Username: a.Username, Password: a.Password, Role: a.Role.Label(),
			Scope: a.Unit + a.Department, Try: a.Try}) // as cmd/jixiao lists them
	}
	return f
}

// TestDemoBrowserWalk logs in as each demo account, found on 演示指引, and
// does one thing as each, as a new user would: the department reviewer
// imports a table; the filer fills in and submits project 1 of the 2025
// draft; the department reviewer approves it; the finance reviewer
// approves it, publishes the 2025 table and opens a monitoring round; the
// filer enters a project's execution in 2024年1-7月; the admin prints a
// 自评表.
func TestDemoBrowserWalk(t *testing.T) {
	f := newDemoFixture(t)
	b := newBrowser(t, f)
	huadu := f.docs[huaduFile]
	drafts, err := f.store.Workflow().Drafts(context.Background())
	if err != nil || len(drafts) != 1 {
		t.Fatalf("drafts %v %v", drafts, err)
	}
	draftID, pid := drafts[0].DocumentID, drafts[0].Projects[0].ProjectID
	bench := fmt.Sprintf("%s/workflow/documents/%d", b.base, draftID)
	row := func(sel string) string { return fmt.Sprintf("#p%d %s", pid, sel) }
	evalBase := b.base + "/documents/" + strconv.FormatInt(huadu.ID, 10) + "/eval"

	b.do(t, "guide", chromedp.Navigate(b.base+"/"), chromedp.Click(chromedp.CSS(`.demo-banner a[href="/demo"]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.demo-accounts`)))
	b.screenshot(t, "demo-guide")
	password := func(user string) string {
		return eval[string](t, b, fmt.Sprintf(`document.querySelector('tr[data-username="%s"] td:nth-child(2)').textContent`, user))
	}
	passwords := map[string]string{}
	for _, a := range demo.Accounts() {
		if passwords[a.Username] = password(a.Username); passwords[a.Username] != a.Password {
			t.Errorf("演示指引 shows %s's password as %q", a.Username, passwords[a.Username])
		}
	}
	login := func(t *testing.T, user string) {
		t.Helper()
		b.do(t, "login "+user, chromedp.Navigate(b.base+"/login"),
			chromedp.SendKeys(chromedp.CSS(`#username`), user),
			chromedp.SendKeys(chromedp.CSS(`#password`), passwords[user]),
			chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
			chromedp.WaitNotPresent(chromedp.CSS(`#password`)),
			chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	}
	logout := func(t *testing.T) {
		t.Helper()
		b.do(t, "logout", chromedp.Navigate(b.base+"/account"),
			chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
			chromedp.WaitNotPresent(chromedp.CSS(`form[action="/logout"]`)))
	}
	transition := func(t *testing.T, action string) {
		t.Helper()
		b.do(t, action, chromedp.Navigate(bench),
			chromedp.Click(chromedp.CSS(row(`form[data-action="`+action+`"] button`))),
			chromedp.WaitVisible(chromedp.CSS("#flash")))
	}

	t.Run("demo-dept imports a table", func(t *testing.T) {
		login(t, "demo-dept")
		// The Huadu table with one goal reworded, so that it is not the
		// table already stored (the same content is a duplicate).
		path := filepath.Join(t.TempDir(), "花都区2024年绩效目标表.txt")
		os.WriteFile(path, bytes.Replace(sample(t, huaduFile), []byte("。"), []byte("；"), 1), 0o644)
		b.do(t, "upload", chromedp.Navigate(b.base+"/import"),
			chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{path}),
			chromedp.Click(chromedp.CSS("form.upload button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS(".alert-success")))
		logout(t)
	})
	t.Run("demo-filer fills in project 1 and submits it", func(t *testing.T) {
		login(t, "demo-filer")
		b.do(t, "edit", chromedp.Navigate(bench), chromedp.Click(chromedp.CSS(row("[data-edit]"))),
			chromedp.WaitVisible(chromedp.CSS("#edit-form")),
			setValue(`input[name="annual_value_0"]`, "25"),
			chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#flash")))
		transition(t, "submit")
		logout(t)
	})
	t.Run("demo-dept approves it", func(t *testing.T) {
		login(t, "demo-dept")
		transition(t, "approve")
		logout(t)
	})
	t.Run("demo-finance approves, publishes and opens a round", func(t *testing.T) {
		login(t, "demo-finance")
		transition(t, "approve")
		b.do(t, "publish", chromedp.Navigate(bench), chromedp.Click(chromedp.CSS("#publish")),
			chromedp.WaitVisible(chromedp.CSS(`[data-doc-state="已公开"]`)))
		b.do(t, "open a round", chromedp.Navigate(evalBase),
			chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "2024年1-9月"),
			chromedp.Click(chromedp.CSS(`form.round-form button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`table.lights-table`)))
		logout(t)
	})
	t.Run("demo-filer enters actuals in 2024年1-7月", func(t *testing.T) {
		login(t, "demo-filer")
		round := evalBase + "/rounds/" + url.PathEscape(demo.MonitoringRound)
		b.do(t, "enter", chromedp.Navigate(round+"/projects/3"),
			chromedp.WaitVisible(chromedp.CSS(`input[name=executed]`)),
			chromedp.SendKeys(chromedp.CSS(`input[name=executed]`), "1"),
			chromedp.Click(chromedp.CSS(`.form-actions button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-saved]`)))
		if got := eval[string](t, b, `document.querySelector("#p3").dataset.light`); got == "none" || got == "" {
			t.Errorf("project 3's light after entering its execution: %q", got)
		}
		logout(t)
	})
	t.Run("demo-admin prints a 自评表", func(t *testing.T) {
		login(t, "demo-admin")
		b.do(t, "sheet", chromedp.Navigate(evalBase+"/rounds/"+evalSelfRound),
			chromedp.Click(chromedp.CSS(`#p1 a.button[href$="/sheet"]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-total]`)))
		if total := eval[string](t, b, `document.querySelector("[data-total]").textContent`); total != "90.86" {
			t.Errorf("自评表 total %q, want 90.86", total)
		}
		pdf := evalPrintPortrait(t, b, "demo-eval-sheet")
		evalCheckPDFText(t, pdf, "项目支出绩效自评表", "花都区随军家属就业安置财政补贴", "90.86", "演示")
		logout(t)
	})
	state, err := f.store.Workflow().DocumentStatus(context.Background(), draftID)
	if err != nil || state.State != jixiao.DocPublished {
		t.Errorf("the 2025 draft after the walk: %v %v", state.State, err)
	}
	if docs, _ := f.store.Documents(context.Background()); len(docs) != 4 || !strings.Contains(docs[0].SourceName, "花都区2024年") {
		t.Errorf("after the walk the store lists %d documents, newest %q; want 4 with the upload first", len(docs), docs[0].SourceName)
	}
	noConsoleErrors(t, b, "demo walk")
}

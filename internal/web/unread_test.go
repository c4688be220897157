package web_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/importer"
)

// TestUnreadAmounts (issue 16 item 8): the department's reviewer imports
// the 2025 table of 荔湾 in which one project's 总计 is printed "六十七".
// The cell is never shown as 0.00: the 文档 page, the 公开版 and the
// workbook say 未读出 there and keep the readable 财政拨款 67.00. The
// finance bureau cannot publish the table; the filer's edit form marks the
// cell, refuses to save it unread, and takes the amount typed from the
// source, after which the table is published.
func TestUnreadAmounts(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, liwanFile)
	users := wfUsers(t, f)
	srv := httptest.NewServer(f.handler)
	t.Cleanup(srv.Close)
	wf := f.store.Workflow()

	broken := strings.Replace(string(sample(t, liwanFile)), "| 67.00", "| 六十七", 1)
	doc, err := importer.Import(ctx, f.store, "liwan-2025.md", []byte(broken),
		importer.Options{By: users["dept"], Drafts: wf, Year: 2025})
	if err != nil {
		t.Fatal(err)
	}
	const name = "人社局办公大楼物业管理费"
	var pid int64
	for _, p := range doc.Projects {
		if p.Name == name {
			pid = p.ID
		}
	}
	if pid == 0 {
		t.Fatalf("no project %s in the import", name)
	}
	docID := strconv.FormatInt(doc.ID, 10)
	row := func(body string) string {
		t.Helper()
		i := strings.Index(body, name)
		if i < 0 {
			t.Fatalf("no row %s", name)
		}
		end := strings.Index(body[i:], "</tr>")
		return body[i : i+end]
	}

	dept := newSession(t, srv.URL)
	dept.login(users["dept"].Username)
	for _, path := range []string{"/documents/" + docID, "/documents/" + docID + "/public"} {
		_, body := dept.get(path)
		r := row(body)
		if !strings.Contains(r, ">未读出<") || !strings.Contains(r, ">67.00<") || strings.Contains(r, ">0.00<") {
			t.Errorf("%s: the row shows %q", path, r)
		}
	}
	_, xlsx := dept.get("/documents/" + docID + "/export.xlsx")
	found := false
	for _, r := range xlsxRows(t, xlsx) {
		if len(r) > 2 && r[0] == name {
			found = true
			if r[1] != jixiao.UnreadAmount || r[2] != "67.00" {
				t.Errorf("the workbook's row: %q", r[:5])
			}
		}
	}
	if !found {
		t.Errorf("the workbook has no row %s", name)
	}
	// 总览 says the year's total, a sum of the projects, leaves the project
	// out; the table's row shows its 合计 row, which was read.
	if _, home := dept.get("/?year=2025"); strings.Count(home, "另有 1 个项目金额未读出，未计入") != 1 || !strings.Contains(home, ">53,584.69 <") {
		t.Errorf("总览 does not say one project's amount is left out of the year's total, or lost the table's 合计")
	}
	// The flat CSV and the API's amounts_text say 未读出 too, never 0.00.
	_, csv := dept.get("/api/v1/export/projects.csv?document=" + docID)
	if line := lineWith(csv, name); !strings.Contains(line, ",未读出,67.00,") {
		t.Errorf("the flat CSV's row: %q", line)
	}
	_, js := dept.get("/api/v1/projects/" + strconv.FormatInt(pid, 10))
	if !strings.Contains(js, `"amounts_text":{"total":"未读出","fiscal":"67.00"`) {
		t.Errorf("the API's amounts_text: %.400s", js[strings.Index(js, `"amounts_text"`):])
	}

	// Every project through the finance review: the table still cannot
	// be published.
	next := map[jixiao.State]jixiao.Action{jixiao.StateDraft: jixiao.ActionSubmit,
		jixiao.StateSubmitted: jixiao.ActionDeptApprove, jixiao.StateDeptApproved: jixiao.ActionFinanceApprove}
	approveAll := func() {
		t.Helper()
		st, err := wf.DocumentStatus(ctx, doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range st.Projects {
			for s := p.State; s != jixiao.StateFinanceApproved; {
				to, err := jixiao.Transition(s, next[s])
				if err != nil {
					t.Fatal(err)
				}
				e := jixiao.AuditEntry{Username: "测试准备", Action: next[s], FromState: s, ToState: to}
				if _, err := wf.SetProjectState(ctx, p.ProjectID, e); err != nil {
					t.Fatal(err)
				}
				s = to
			}
		}
	}
	approveAll()
	finance := newSession(t, srv.URL)
	finance.login(users["finance"].Username)
	finance.get("/workflow/documents/" + docID)
	if _, body := finance.post("/workflow/documents/"+docID+"/publish", url.Values{}); !strings.Contains(body, "未能读出") {
		t.Errorf("publishing with an unread amount was not refused with its reason: %.300s", body)
	}
	if st, _ := wf.DocumentStatus(ctx, doc.ID); st.State == jixiao.DocPublished {
		t.Fatal("the table with an unread amount was published")
	}

	// Sent back to the filer, who types the amount from the source.
	if _, err := wf.SetProjectState(ctx, pid, jixiao.AuditEntry{Username: "测试准备", Action: jixiao.ActionFinanceReturn,
		FromState: jixiao.StateFinanceApproved, ToState: jixiao.StateDraft}); err != nil {
		t.Fatal(err)
	}
	filer := newSession(t, srv.URL)
	filer.login(users["filer"].Username)
	edit := "/workflow/projects/" + strconv.FormatInt(pid, 10)
	_, body := filer.get(edit)
	if !strings.Contains(body, "data-unread") || !strings.Contains(body, `name="total" value="未读出"`) {
		t.Fatalf("the edit form does not mark the unread 总计")
	}
	form := editForm(t, body)
	form.Set("op", "save")
	if _, body := filer.post(edit, form); !strings.Contains(body, "总计在原表中未能读出") {
		t.Errorf("a save with the 总计 still unread was not refused")
	}
	form.Set("total", "67.00")
	if _, body := filer.post(edit, form); !regexp.MustCompile(`已保存|保存成功`).MatchString(body) {
		t.Errorf("the save with the typed 总计 did not go through: %.300s", body)
	}
	p, err := f.store.Project(ctx, pid)
	if err != nil {
		t.Fatal(err)
	}
	if p.Amounts.Unread != 0 || p.Raw != "" || p.Amounts.Total != jixiao.Money(67_000_000) {
		t.Errorf("stored after the save: %+v raw %q", p.Amounts, p.Raw)
	}
	approveAll()
	finance.get("/workflow/documents/" + docID)
	finance.post("/workflow/documents/"+docID+"/publish", url.Values{})
	if st, _ := wf.DocumentStatus(ctx, doc.ID); st.State != jixiao.DocPublished {
		t.Errorf("the table was not published once the amount was typed: %s", st.State)
	}
}

// lineWith is the first line of body that holds s ("" if none).
func lineWith(body, s string) string {
	for _, l := range strings.Split(body, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

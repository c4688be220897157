package web_test

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/export"
)

func TestHome(t *testing.T) {
	f := newFixture(t, huaduFile, liwanFile)
	res, body := f.get(t, "/")
	mustStatus(t, res, http.StatusOK)
	doc := parseHTML(t, body)
	if got := text(one(t, doc, "title")); got != "总览 · 绩效目标管理" {
		t.Errorf("title %q", got)
	}
	rows := all(doc, "tr.doc-row")
	if len(rows) != 2 {
		t.Fatalf("%d document rows, want 2", len(rows))
	}
	// The stated 合计, as published (the projects sum to 53,584.70).
	liwan := f.docs[liwanFile]
	row := one(t, doc, fmt.Sprintf(`tr[data-document="%d"]`, liwan.ID))
	for _, want := range []string{"广州市荔湾区人力资源和社会保障局", "2024", "52", "201", "53,584.69"} {
		if !strings.Contains(text(row), want) {
			t.Errorf("Liwan row %q lacks %q", text(row), want)
		}
	}
	// Four charts, each with its option and a data table for readers
	// without JavaScript; ECharts is loaded on this page.
	charts := all(doc, "div.chart[data-chart]")
	if len(charts) != 4 {
		t.Errorf("%d charts, want 4", len(charts))
	}
	if len(all(doc, `script[src]`)) != 4 || !strings.Contains(body, "vendor/echarts/echarts.min.js?v=") {
		t.Error("home page does not load ECharts and the chart script")
	}
	units := one(t, doc, "#chart-units")
	opt, _ := attr(units, "data-chart")
	if !strings.Contains(opt, `"type":"bar"`) || !strings.Contains(opt, "荔湾区人力资源和社会保障局") {
		t.Errorf("unit chart option %.200s", opt)
	}
}

func TestHomeEmpty(t *testing.T) {
	f := newFixture(t)
	res, body := f.get(t, "/")
	mustStatus(t, res, http.StatusOK)
	doc := parseHTML(t, body)
	one(t, doc, "section.empty a[href='/import']")
	if strings.Contains(body, "echarts") {
		t.Error("empty home page loads ECharts")
	}
}

func TestDocumentPage(t *testing.T) {
	f := newFixture(t, liwanFile)
	liwan := f.docs[liwanFile]
	res, body := f.get(t, fmt.Sprintf("/documents/%d", liwan.ID))
	mustStatus(t, res, http.StatusOK)
	doc := parseHTML(t, body)
	head := all(doc, "table.published thead th")
	var cols []string
	for _, th := range head {
		cols = append(cols, text(th))
	}
	if want := "项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标"; strings.Join(cols, " ") != want {
		t.Errorf("columns %q, want %q", cols, want)
	}
	liwanRows(t, doc, "tr#total td.num")
	if strings.Contains(body, "echarts") {
		t.Error("document page loads ECharts")
	}
	// The one level mismatch of the sample: project 38, indicator 3.
	marked := one(t, doc, `li[data-rule~="indicator.level-mismatch"]`)
	if id, _ := attr(marked, "id"); id != "p38-i3" {
		t.Errorf("level mismatch marks %q, want p38-i3", id)
	}
	if cls, _ := attr(marked, "class"); !hasWord(cls, "sev-error") {
		t.Errorf("level mismatch mark has class %q, want sev-error", cls)
	}
	if title, _ := attr(marked, "title"); !strings.Contains(title, "12-质量指标") && !strings.Contains(title, "质量") {
		t.Errorf("hover text %q does not explain the mismatch", title)
	}
	row := one(t, doc, "tr#p38")
	if !strings.Contains(text(one(t, row, "th")), "事业单位公开招聘工作经费") {
		t.Errorf("row 38 is %q", text(one(t, row, "th")))
	}
	// Every finding is listed, and every list entry links to an element.
	items := all(doc, "#findings li.finding")
	if len(items) != len(liwan.Findings) {
		t.Errorf("%d findings listed, want %d", len(items), len(liwan.Findings))
	}
	for _, it := range items {
		a := one(t, it, "a")
		href, _ := attr(a, "href")
		if len(all(doc, "#"+strings.TrimPrefix(href, "#"))) != 1 {
			t.Errorf("finding links to %q, which is not on the page", href)
		}
	}
	for _, d := range []string{"/api/v1/export/projects.csv?document=", "/api/v1/export/indicators.csv?document=", "/export.xlsx"} {
		if !strings.Contains(body, d) {
			t.Errorf("no download link %q", d)
		}
	}
}

func TestDocumentPageUnitTable(t *testing.T) {
	f := newFixture(t, huaduFile)
	huadu := f.docs[huaduFile]
	_, body := f.get(t, fmt.Sprintf("/documents/%d", huadu.ID))
	doc := parseHTML(t, body)
	if n := len(all(doc, "tr.unit")); n != 0 {
		t.Errorf("a unit's own table shows %d unit rows, want none", n)
	}
	if n := len(all(doc, "tr.project")); n != 12 {
		t.Errorf("%d project rows, want 12", n)
	}
	if got := text(all(doc, "tr#p4 td.num")[0]); got != "11,024.94" {
		t.Errorf("project 4 total %q, want 11,024.94", got)
	}
}

func TestDocumentXLSX(t *testing.T) {
	f := newFixture(t, huaduFile)
	res, body := f.get(t, fmt.Sprintf("/documents/%d/export.xlsx", f.docs[huaduFile].ID))
	mustStatus(t, res, http.StatusOK)
	if !strings.HasPrefix(body, "PK\x03\x04") || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("not a workbook download: %q", res.Header.Get("Content-Disposition"))
	}
}

func TestNotFound(t *testing.T) {
	f := newFixture(t, huaduFile)
	for _, path := range []string{"/documents/999", "/documents/abc", "/projects/999", "/nowhere"} {
		res, body := f.get(t, path)
		mustStatus(t, res, http.StatusNotFound)
		if !strings.Contains(body, "没有找到") || !strings.Contains(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: not the Chinese error page", path)
		}
	}
}

func TestProjectPage(t *testing.T) {
	f := newFixture(t, huaduFile, liwanFile)
	liwan := f.docs[liwanFile]
	pr := liwan.Projects[37] // 事业单位公开招聘工作经费
	res, body := f.get(t, fmt.Sprintf("/projects/%d", pr.ID))
	mustStatus(t, res, http.StatusOK)
	doc := parseHTML(t, body)
	if got := text(one(t, doc, "h1")); got != "事业单位公开招聘工作经费" {
		t.Errorf("h1 %q", got)
	}
	crumbs := all(doc, "nav.breadcrumb li")
	if len(crumbs) != 3 || !strings.Contains(text(crumbs[1]), "荔湾区") {
		t.Errorf("breadcrumb %q", text(one(t, doc, "nav.breadcrumb")))
	}
	rows := all(doc, "table.indicators-table tbody tr")
	if len(rows) != len(pr.Indicators) {
		t.Fatalf("%d indicator rows, want %d", len(rows), len(pr.Indicators))
	}
	// Indicator 2: 招聘工作完成率 100% → comparator =, value 100, unit %.
	cells := all(rows[1], "td")
	if got := []string{text(cells[3]), text(cells[6]), text(cells[7]), text(cells[8])}; strings.Join(got, "|") != "招聘工作完成率|=|100|%" {
		t.Errorf("indicator 2 parsed as %q", got)
	}
	one(t, doc, `tr#i3[data-rule~="indicator.level-mismatch"]`)
	if len(all(doc, "ol.findings li.finding")) == 0 {
		t.Error("no findings listed for the project")
	}
}

func TestProjectRelated(t *testing.T) {
	f := newFixture(t, huaduFile, liwanFile)
	var id int64
	for _, p := range f.docs[liwanFile].Projects {
		if p.Name == "市就业补助资金（荔湾区）" {
			id = p.ID
		}
	}
	_, body := f.get(t, fmt.Sprintf("/projects/%d", id))
	doc := parseHTML(t, body)
	var names []string
	for _, a := range all(doc, ".related-form td label a") {
		names = append(names, text(a))
	}
	if !contains(names, "市就业补助资金") {
		t.Errorf("related projects %q lack Huadu's 市就业补助资金", names)
	}
}

func TestSearch(t *testing.T) {
	f := newFixture(t, huaduFile, liwanFile)
	res, body := f.get(t, "/search?q="+url.QueryEscape("满意度"))
	mustStatus(t, res, http.StatusOK)
	doc := parseHTML(t, body)
	hits := all(doc, "tr.hit")
	if len(hits) == 0 {
		t.Fatal("no hits for 满意度")
	}
	for _, h := range hits {
		if !strings.Contains(text(h), "满意度") {
			t.Errorf("hit %q lacks 满意度", text(h))
		}
	}
	if len(all(doc, "tr.hit mark")) < len(hits) {
		t.Error("matches are not highlighted")
	}
	total := text(one(t, doc, ".results-count strong"))
	sum := 0
	for _, c := range all(doc, `.facet[data-facet="document"] .count`) {
		var n int
		fmt.Sscan(text(c), &n)
		sum += n
	}
	if fmt.Sprint(sum) != total || sum < len(hits) {
		t.Errorf("document facet counts sum to %d, total says %s, %d hits shown", sum, total, len(hits))
	}
	for _, key := range []string{"level1", "level2", "kind", "unit", "document"} {
		if len(all(doc, fmt.Sprintf(`.facet[data-facet="%s"] a`, key))) == 0 {
			t.Errorf("no %s facet", key)
		}
	}
}

func TestSearchFacetFilterAndPaging(t *testing.T) {
	f := newFixture(t, huaduFile, liwanFile)
	_, body := f.get(t, "/search?kind=qualitative")
	doc := parseHTML(t, body)
	one(t, doc, `.facet[data-facet="kind"] a.active`)
	next := one(t, doc, `a[rel="next"]`)
	href, _ := attr(next, "href")
	if !strings.Contains(href, "cursor=") || !strings.Contains(href, "kind=qualitative") {
		t.Fatalf("next page link %q", href)
	}
	res, body2 := f.get(t, href)
	mustStatus(t, res, http.StatusOK)
	doc2 := parseHTML(t, body2)
	first := text(all(doc, "tr.hit")[0])
	if len(all(doc2, "tr.hit")) == 0 || text(all(doc2, "tr.hit")[0]) == first {
		t.Error("the second page repeats the first")
	}
	if back := all(doc2, "nav.pager a[href]"); len(back) != 2 || !strings.Contains(text(back[0]), "第一页") {
		t.Error("no way back to the first page")
	}
	for _, h := range all(doc2, "tr.hit") {
		if !strings.Contains(text(h), "定性") {
			t.Errorf("qualitative filter shows %q", text(h))
		}
	}
}

func TestSearchPartial(t *testing.T) {
	f := newFixture(t, huaduFile)
	res, body := f.get(t, "/search?q="+url.QueryEscape("培训"), "HX-Request", "true", "HX-Target", "results")
	mustStatus(t, res, http.StatusOK)
	if strings.Contains(body, "<html") || !strings.HasPrefix(strings.TrimSpace(body), `<div id="results"`) {
		t.Errorf("htmx request got %.80q, want the results fragment", body)
	}
}

func TestSearchBadKind(t *testing.T) {
	f := newFixture(t)
	res, _ := f.get(t, "/search?kind=maybe")
	mustStatus(t, res, http.StatusUnprocessableEntity)
}

func TestCompare(t *testing.T) {
	f := newFixture(t, huaduFile, liwanFile)
	var ids []int64
	for _, d := range []*jixiao.Document{f.docs[liwanFile], f.docs[huaduFile]} {
		for _, p := range d.Projects {
			if strings.HasPrefix(p.Name, "市就业补助资金") {
				ids = append(ids, p.ID)
			}
		}
	}
	res, body := f.get(t, fmt.Sprintf("/compare?p=%d&p=%d", ids[0], ids[1]))
	mustStatus(t, res, http.StatusOK)
	doc := parseHTML(t, body)
	if n := len(all(all(doc, "table.compare-table")[0], "thead th")); n != 3 {
		t.Errorf("%d header cells, want 3 (label and two projects)", n)
	}
	// Liwan: 5,793.50 万元 for ≥20000 人次 → 0.2897 万元 per 人次;
	// Huadu: 11,024.94 万元 for ≥5000 人次 → 2.2050 万元 per 人次.
	row := one(t, doc, `table.per-unit tr[data-unit="人次"]`)
	got := text(row)
	for _, want := range []string{"0.2897 万元/人次", "2.2050 万元/人次"} {
		if !strings.Contains(got, want) {
			t.Errorf("per-unit row %q lacks %q", got, want)
		}
	}
	if !strings.Contains(text(one(t, doc, "#per-h")), "估算") {
		t.Error("money per unit is not labelled as an estimate")
	}
}

func TestComparePicker(t *testing.T) {
	f := newFixture(t, huaduFile, liwanFile)
	_, body := f.get(t, "/compare?q="+url.QueryEscape("就业补助资金"))
	doc := parseHTML(t, body)
	if n := len(all(doc, `#candidates input[type="checkbox"][name="p"]`)); n < 4 {
		t.Errorf("%d candidates for 就业补助资金, want 4 or more", n)
	}
	res, _ := f.get(t, "/compare?p=x")
	mustStatus(t, res, http.StatusUnprocessableEntity)
}

func TestImportForm(t *testing.T) {
	f := newFixture(t)
	res, body := f.do(t, f.as(t, jixiao.RoleAdmin, httptest.NewRequest(http.MethodGet, "/import", nil)))
	mustStatus(t, res, http.StatusOK)
	doc := parseHTML(t, body)
	form := one(t, doc, `form[method="post"][action="/import"][enctype="multipart/form-data"]`)
	one(t, form, `input[type="file"][name="file"]`)
	one(t, form, `label[for="file"]`)
	// The CSRF token comes before the file, so the server checks it first.
	if i, j := strings.Index(body, `name="csrf_token"`), strings.Index(body, `name="file"`); i < 0 || i > j {
		t.Error("the form's CSRF token does not precede the file field")
	}
}

// TestImportAuthorization tries every role on the import page: an
// imported table is published at once, so only the roles jixiao.Authorize
// allows ActionImport may upload; a visitor is sent to log in and a filer
// refused, before a byte of the upload is read or stored.
func TestImportAuthorization(t *testing.T) {
	f := newFixture(t)
	res, body := f.get(t, "/import")
	mustStatus(t, res, http.StatusOK)
	doc := parseHTML(t, body)
	if len(all(doc, `form[action="/import"]`)) != 0 {
		t.Error("a visitor is shown the upload form")
	}
	one(t, doc, `#import-denied a[href="/login?next=/import"]`)
	if !strings.Contains(body, "主管部门审核人、财政审核人、管理员") {
		t.Errorf("the page does not say who may import: %.300s", text(one(t, doc, "#import-denied")))
	}
	res, _ = f.upload(t, huaduFile, sample(t, huaduFile))
	mustStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/login?next=/import" {
		t.Errorf("visitor's upload sent to %q", loc)
	}
	// The department reviewer (of 某部门) may import, but only tables of
	// its department: the Huadu table is refused (issue 14).
	wantStatus := map[jixiao.Role]int{jixiao.RoleFiler: http.StatusForbidden, jixiao.RoleDeptReviewer: http.StatusForbidden,
		jixiao.RoleFinanceReviewer: http.StatusCreated, jixiao.RoleAdmin: http.StatusCreated}
	for _, role := range jixiao.Roles {
		res, body := f.do(t, f.as(t, role, httptest.NewRequest(http.MethodGet, "/import", nil)))
		form := len(all(parseHTML(t, body), `form[action="/import"]`)) == 1
		if allowed := role != jixiao.RoleFiler; form != allowed || (res.StatusCode == http.StatusOK) != allowed {
			t.Errorf("%s: GET /import %d, form shown %v", role, res.StatusCode, form)
		}
		// A fresh store per role, so that each allowed upload is a first one.
		g := newFixture(t)
		res, body = g.do(t, g.as(t, role, uploadRequest(t, huaduFile, sample(t, huaduFile))))
		if res.StatusCode != wantStatus[role] {
			t.Errorf("%s: upload %d, want %d (%.200s)", role, res.StatusCode, wantStatus[role], body)
		}
		docs, _ := g.store.Documents(t.Context())
		if stored := len(docs) == 1; stored != (wantStatus[role] == http.StatusCreated) {
			t.Errorf("%s: %d documents stored", role, len(docs))
		}
	}
	// Logged in with the role but without the CSRF token: refused, nothing stored.
	req := f.as(t, jixiao.RoleAdmin, uploadRequest(t, huaduFile, sample(t, huaduFile)))
	req.Header.Set("X-CSRF-Token", "forged")
	res, _ = f.do(t, req)
	mustStatus(t, res, http.StatusForbidden)
	if docs, _ := f.store.Documents(t.Context()); len(docs) != 0 {
		t.Errorf("uploads without permission stored %d documents", len(docs))
	}
}

func TestImportUpload(t *testing.T) {
	f := newFixture(t)
	res, body := f.importAs(t, huaduFile, sample(t, huaduFile))
	mustStatus(t, res, http.StatusCreated)
	doc := parseHTML(t, body)
	if !strings.Contains(text(one(t, doc, ".alert-success h2")), "花都区劳动就业服务管理中心") {
		t.Error("result does not name the agency")
	}
	docs, _ := f.store.Documents(t.Context())
	if len(docs) != 1 || len(all(doc, "ol.findings li.finding")) == 0 {
		t.Errorf("%d documents stored, findings listed: %d", len(docs), len(all(doc, "ol.findings li.finding")))
	}
	// The same file again is refused and points at the stored document.
	res, body = f.importAs(t, huaduFile, sample(t, huaduFile))
	mustStatus(t, res, http.StatusConflict)
	one(t, parseHTML(t, body), fmt.Sprintf(`.alert-warning a[href="/documents/%d"]`, docs[0].ID))
}

// With htmx the answer is the result fragment, always 200 so that htmx swaps
// it in, whatever the outcome.
func TestImportHTMX(t *testing.T) {
	f := newFixture(t)
	req := f.as(t, jixiao.RoleAdmin, uploadRequest(t, "x.exe", []byte("MZ")))
	req.Header.Set("HX-Request", "true")
	res, body := f.do(t, req)
	mustStatus(t, res, http.StatusOK)
	if !strings.HasPrefix(strings.TrimSpace(body), `<section id="result"`) || !strings.Contains(body, "不支持的文件类型") {
		t.Errorf("htmx upload answered %.120q", body)
	}
}

func TestImportRefusals(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name   string
		data   []byte
		status int
		msg    string
	}{
		{"table.exe", []byte("MZ"), http.StatusUnsupportedMediaType, "不支持的文件类型"},
		{"table.xlsx", []byte("not a zip"), http.StatusUnsupportedMediaType, "不是 Excel 工作簿"},
		{"table.txt", []byte("a\x00b"), http.StatusUnsupportedMediaType, "不是文本"},
		{"table.txt", []byte("这不是绩效目标表\n只是两行字\n"), http.StatusUnprocessableEntity, "table.txt"},
	}
	for _, c := range cases {
		res, body := f.importAs(t, c.name, c.data)
		if res.StatusCode != c.status || !strings.Contains(body, c.msg) {
			t.Errorf("%s: status %d, want %d with %q", c.name, res.StatusCode, c.status, c.msg)
		}
		one(t, parseHTML(t, body), ".alert-error")
	}
	if docs, _ := f.store.Documents(t.Context()); len(docs) != 0 {
		t.Errorf("refused uploads stored %d documents", len(docs))
	}
}

func TestImportTooLarge(t *testing.T) {
	f := newFixture(t)
	big := bytes.Repeat([]byte("合计 1.00\n"), 3<<20) // 36 MB, over the 20 MB limit
	res, body := f.importAs(t, "big.txt", big)
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413 (%.100s)", res.StatusCode, body)
	}
}

func TestImportCrossOriginRefused(t *testing.T) {
	f := newFixture(t)
	req := f.as(t, jixiao.RoleAdmin, uploadRequest(t, huaduFile, sample(t, huaduFile)))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, _ := f.do(t, req)
	mustStatus(t, res, http.StatusForbidden)
}

func TestStaticAssets(t *testing.T) {
	f := newFixture(t)
	_, body := f.get(t, "/import")
	doc := parseHTML(t, body)
	for _, el := range append(all(doc, "script[src]"), all(doc, "link[href]")...) {
		src, ok := attr(el, "src")
		if !ok {
			src, _ = attr(el, "href")
		}
		res, _ := f.get(t, src)
		mustStatus(t, res, http.StatusOK)
		if !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("%s: Cache-Control %q", src, res.Header.Get("Cache-Control"))
		}
	}
	res, body := f.get(t, "/static/vendor/echarts/echarts.min.js", "Accept-Encoding", "gzip")
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatal("ECharts is not served gzipped")
	}
	zr, err := gzip.NewReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Contains(plain, []byte("echarts")) {
		t.Error("gzipped ECharts does not decompress to ECharts")
	}
	for _, p := range []string{"/static/vendor/echarts/LICENSE", "/static/vendor/echarts/NOTICE", "/static/vendor/htmx/LICENSE"} {
		res, _ := f.get(t, p)
		mustStatus(t, res, http.StatusOK)
	}
}

// TestPagesEscapeAndNoInlineScript checks every page against the CSP the
// server sets: no inline script and no inline event handler.
func TestPagesEscapeAndNoInlineScript(t *testing.T) {
	f := newFixture(t, huaduFile, liwanFile)
	p := f.docs[liwanFile].Projects[0]
	for _, path := range []string{"/", fmt.Sprintf("/documents/%d", p.DocumentID), fmt.Sprintf("/projects/%d", p.ID),
		"/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/compare?q=%3Cb%3E", "/import"} {
		res, body := f.get(t, path)
		mustStatus(t, res, http.StatusOK)
		if strings.Contains(body, "<script>alert(1)") || strings.Contains(body, "<b>") {
			t.Errorf("%s: query text not escaped", path)
		}
		if !strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self'") {
			t.Errorf("%s: no CSP header from the server", path)
		}
		doc := parseHTML(t, body)
		for _, s := range all(doc, "script") {
			if _, ok := attr(s, "src"); !ok {
				t.Errorf("%s: inline script", path)
			}
		}
		walk(doc, func(n *html.Node) {
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: inline handler %s on <%s>", path, a.Key, n.Data)
				}
			}
		})
		if len(all(doc, "nav.breadcrumb")) != 1 || len(all(doc, "h1")) != 1 {
			t.Errorf("%s: want one breadcrumb and one h1", path)
		}
	}
}

func TestPagesGzip(t *testing.T) {
	f := newFixture(t, liwanFile)
	res, body := f.get(t, fmt.Sprintf("/documents/%d", f.docs[liwanFile].ID), "Accept-Encoding", "gzip")
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatal("document page not gzipped")
	}
	zr, err := gzip.NewReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Contains(plain, []byte("事业单位公开招聘工作经费")) {
		t.Error("gzipped page does not hold the table")
	}
}

// upload posts a file to the import page as a visitor; importAs as an
// account of the role.
func (f *fixture) upload(t *testing.T, name string, data []byte) (*http.Response, string) {
	t.Helper()
	return f.do(t, uploadRequest(t, name, data))
}

func (f *fixture) importAs(t *testing.T, name string, data []byte) (*http.Response, string) {
	t.Helper()
	return f.do(t, f.as(t, jixiao.RoleFinanceReviewer, uploadRequest(t, name, data)))
}

// as sends req as a logged-in account of role (created on first use): the
// session cookie, and the CSRF token in the header when req is a change
// that carries none yet.
func (f *fixture) as(t *testing.T, role jixiao.Role, req *http.Request) *http.Request {
	t.Helper()
	token := f.sessions[role]
	if token == "" {
		token = f.login(t, role)
	}
	req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: token})
	if req.Method == http.MethodPost && req.Header.Get(auth.CSRFHeader) == "" {
		req.Header.Set(auth.CSRFHeader, auth.CSRFToken(token))
	}
	return req
}

// login creates an account of role and logs it in through POST /login.
func (f *fixture) login(t *testing.T, role jixiao.Role) string {
	t.Helper()
	u := &jixiao.User{Username: "导入测试" + string(role), Role: role, Unit: "某单位", Department: "某部门"}
	hash, err := auth.HashPassword(wfPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.Workflow().CreateUser(t.Context(), u, hash, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"username": {u.Username}, "password": {wfPassword}}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, _ := f.do(t, req)
	for _, c := range res.Cookies() {
		if c.Name == auth.CookieName && c.Value != "" {
			if f.sessions == nil {
				f.sessions = map[jixiao.Role]string{}
			}
			f.sessions[role] = c.Value
			return c.Value
		}
	}
	t.Fatalf("login as %s: %d, no session cookie", role, res.StatusCode)
	return ""
}

func uploadRequest(t *testing.T, name string, data []byte) *http.Request {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(data)
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return req
}

func mustStatus(t *testing.T, res *http.Response, want int) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d", res.Request.Method, res.Request.URL, res.StatusCode, want)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// A PDF uploaded on the 导入 page is read in the binary (no tool on PATH)
// and stores exactly the expected tables.
func TestImportUploadPDF(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	f := newFixture(t)
	data, err := os.ReadFile(filepath.Join("..", "ingest", "testdata", "pdf", "huadu-writer.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	res, body := f.importAs(t, "huadu-writer.pdf", data)
	mustStatus(t, res, http.StatusCreated)
	if !strings.Contains(text(one(t, parseHTML(t, body), ".alert-success h2")), "花都区劳动就业服务管理中心") {
		t.Error("result does not name the agency")
	}
	docs, _ := f.store.Documents(t.Context())
	if len(docs) != 1 {
		t.Fatalf("%d documents stored", len(docs))
	}
	doc, err := f.store.Document(t.Context(), docs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"projects", "indicators", "units"} {
		var buf bytes.Buffer
		if err := export.WriteCSV(&buf, doc, table); err != nil {
			t.Fatal(err)
		}
		want := csvByName(t, sample(t, filepath.Join("expected", "huadu-employment-center-2024."+table+".csv")))
		got := csvByName(t, buf.Bytes())
		if len(got) != len(want) {
			t.Errorf("%s: %d rows, want %d", table, len(got), len(want))
			continue
		}
		for i := range want {
			for col, v := range want[i] {
				if got[i][col] != v {
					t.Errorf("%s row %d %s: %q, want %q", table, i+1, col, got[i][col], v)
				}
			}
		}
	}
}

// csvByName reads a CSV (BOM allowed) into one map a row, by column name.
func csvByName(t *testing.T, data []byte) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("csv: %v", err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, c := range recs[0] {
			m[c] = r[i]
		}
		out = append(out, m)
	}
	return out
}

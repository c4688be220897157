package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/gen"
)

// TestBigDocumentPage: the page of a 450-project table shows its first
// 100 projects, the unit index (every unit with its project count, as the
// table holds them) and a pager whose 下一页 links lead through every
// project once, in the table's order; one unit's link shows that unit's
// projects; the print view holds every project, indicator and finding
// of the table, gzipped or not, and each row of the first screen is the
// same row there, marks and all; 公开版 holds every project and unit row.
func TestBigDocumentPage(t *testing.T) {
	f := newFixture(t)
	doc := gen.Generate(450, 5)
	for i := range 250 { // a unit longer than a page and than the print view's chunk
		doc.Projects[i].Unit = doc.Units[0].Name
	}
	doc.Findings = check.Run(doc)
	if err := f.store.SaveDocument(context.Background(), doc, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	whole, err := f.store.Document(context.Background(), doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("/documents/%d", doc.ID)
	res, body := f.get(t, base)
	mustStatus(t, res, http.StatusOK)
	first := parseHTML(t, body)
	rows := all(first, "table.published tr.project")
	if len(rows) != 100 {
		t.Fatalf("first screen shows %d projects, want 100", len(rows))
	}
	if got := text(one(t, first, ".projects-count")); got != "450" {
		t.Errorf("summary counts %s projects, want 450", got)
	}
	byUnit := whole.ProjectsByUnit()
	index := all(first, ".unit-index-table tbody tr")
	if len(index) != len(whole.Units) {
		t.Fatalf("unit index lists %d units, want %d", len(index), len(whole.Units))
	}
	for i, tr := range index {
		u := whole.Units[i]
		cells := all(tr, "td")
		if name := text(one(t, tr, "a")); name != u.Name || text(cells[0]) != strconv.Itoa(len(byUnit[u.Name])) {
			t.Errorf("unit index row %d: %s with %s projects, want %s with %d", i, name, text(cells[0]), u.Name, len(byUnit[u.Name]))
		}
	}
	if len(all(first, `a[href="`+base+`/print"]`)) == 0 {
		t.Error("no link to the print view")
	}

	// Every page by 下一页: every project once, in order.
	var seqs []string
	path := base
	for pages := 0; path != ""; pages++ {
		if pages > 10 {
			t.Fatal("the pager does not end")
		}
		res, body := f.get(t, path)
		mustStatus(t, res, http.StatusOK)
		doc := parseHTML(t, body)
		for _, tr := range all(doc, "table.published tr.project") {
			s, _ := attr(tr, "data-seq")
			seqs = append(seqs, s)
		}
		path = ""
		if next := all(doc, `a[rel=next]`); len(next) == 1 {
			path, _ = attr(next[0], "href")
		}
	}
	var want []string
	for _, u := range whole.Units {
		for _, p := range byUnit[u.Name] {
			want = append(want, strconv.Itoa(p.Seq))
		}
	}
	if strings.Join(seqs, " ") != strings.Join(want, " ") {
		t.Errorf("the pages show projects\n%v\nwant\n%v", seqs, want)
	}

	u := whole.Units[0]
	res, body = f.get(t, base+"?unit="+url.QueryEscape(u.Name))
	mustStatus(t, res, http.StatusOK)
	unitPage := parseHTML(t, body)
	if got := all(unitPage, "table.published tr.project"); len(got) != 100 || len(byUnit[u.Name]) != 250 {
		t.Errorf("unit %s shows %d of its %d projects, want 100", u.Name, len(got), len(byUnit[u.Name]))
	}
	next, _ := attr(one(t, unitPage, "a[rel=next]"), "href")
	if want := base + "?page=2&unit=" + url.QueryEscape(u.Name); next != want {
		t.Errorf("unit page's 下一页 is %s, want %s", next, want)
	}
	// A link to one project opens its unit's page that holds it.
	last := byUnit[u.Name][249]
	res, _ = f.get(t, fmt.Sprintf("%s?seq=%d", base, last.Seq))
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther ||
		loc != base+"?page=3&unit="+url.QueryEscape(u.Name) {
		t.Errorf("?seq=%d: %d to %q, want its unit's page 3", last.Seq, res.StatusCode, loc)
	}
	for _, bad := range []struct {
		path   string
		status int
	}{{base + "?page=99", http.StatusNotFound}, {base + "?page=x", http.StatusUnprocessableEntity},
		{base + "?unit=" + url.QueryEscape("没有的单位"), http.StatusNotFound},
		{base + "?seq=9999", http.StatusNotFound}, {base + "?seq=0", http.StatusUnprocessableEntity}} {
		if res, _ := f.get(t, bad.path); res.StatusCode != bad.status {
			t.Errorf("%s: status %d, want %d", bad.path, res.StatusCode, bad.status)
		}
	}

	res, body = f.get(t, base+"/public")
	mustStatus(t, res, http.StatusOK)
	public := parseHTML(t, body)
	if got := all(public, "table.published tr.project"); len(got) != len(whole.Projects) {
		t.Errorf("公开版 holds %d projects, want %d", len(got), len(whole.Projects))
	}
	if got := all(public, "table.published tr.unit"); len(got) != len(whole.Units) {
		t.Errorf("公开版 holds %d unit rows, want %d", len(got), len(whole.Units))
	}
	for _, enc := range []string{"", "gzip"} {
		res, body := f.get(t, base+"/print", "Accept-Encoding", enc)
		mustStatus(t, res, http.StatusOK)
		if enc == "gzip" {
			body = gunzip(t, res, body)
		}
		print := parseHTML(t, body)
		if got := all(print, "table.published tr.project"); len(got) != len(whole.Projects) {
			t.Fatalf("print view (%q) holds %d projects, want %d", enc, len(got), len(whole.Projects))
		}
		if got := rowSeqs(print); got != strings.Join(want, " ") {
			t.Errorf("print view's projects are not in the table's order:\n%s", got)
		}
		if got := all(print, "table.published li.ind"); len(got) != whole.IndicatorCount() {
			t.Errorf("print view holds %d indicators, want %d", len(got), whole.IndicatorCount())
		}
		if got := all(print, "ol.findings li.finding"); len(got) != len(whole.Findings) {
			t.Errorf("print view lists %d findings, want %d", len(got), len(whole.Findings))
		}
		for _, tr := range rows {
			id, _ := attr(tr, "id")
			if a, b := render(tr), render(one(t, print, "tr#"+id)); a != b {
				t.Fatalf("row %s differs between the page and the print view:\n%s\n%s", id, a, b)
			}
		}
	}
}

// TestPrintViewIsThePage: the print view of a table small enough to be
// shown whole is its document page's table and findings, row for row.
func TestPrintViewIsThePage(t *testing.T) {
	f := newFixture(t, liwanFile)
	base := fmt.Sprintf("/documents/%d", f.docs[liwanFile].ID)
	_, page := f.get(t, base)
	res, print := f.get(t, base+"/print")
	mustStatus(t, res, http.StatusOK)
	a, b := parseHTML(t, page), parseHTML(t, print)
	for _, sel := range []string{"table.published tbody", "ol.findings"} {
		if x, y := render(one(t, a, sel)), render(one(t, b, sel)); x != y {
			t.Errorf("%s differs between the page and the print view", sel)
		}
	}
	if n := len(all(b, "table.published tr.project")); n == 0 {
		t.Error("print view holds no project")
	}
}

// TestPrintViewUnitsOutOfOrder: a table whose units' projects are not
// each one run of seqs (a project listed under an earlier unit's rows) is
// printed grouped by unit as its page groups it, every project once, in
// the print view and in 公开版.
func TestPrintViewUnitsOutOfOrder(t *testing.T) {
	f := newFixture(t)
	doc := gen.Generate(300, 9)
	doc.Projects[5].Unit = doc.Units[3].Name
	doc.Findings = check.Run(doc)
	if err := f.store.SaveDocument(context.Background(), doc, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	whole, err := f.store.Document(context.Background(), doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	byUnit := whole.ProjectsByUnit()
	for _, u := range whole.Units {
		for _, p := range byUnit[u.Name] {
			want = append(want, strconv.Itoa(p.Seq))
		}
	}
	res, body := f.get(t, fmt.Sprintf("/documents/%d/print", doc.ID))
	mustStatus(t, res, http.StatusOK)
	if got := rowSeqs(parseHTML(t, body)); got != strings.Join(want, " ") {
		t.Errorf("print view's projects:\n%s\nwant\n%s", got, strings.Join(want, " "))
	}
	res, body = f.get(t, fmt.Sprintf("/documents/%d/public", doc.ID))
	mustStatus(t, res, http.StatusOK)
	if got := all(parseHTML(t, body), "table.published tr.project"); len(got) != 300 {
		t.Errorf("公开版 holds %d projects, want 300", len(got))
	}
}

// rowSeqs is the data-seq of every project row of the page's table.
func rowSeqs(doc *html.Node) string {
	var seqs []string
	for _, tr := range all(doc, "table.published tr.project") {
		s, _ := attr(tr, "data-seq")
		seqs = append(seqs, s)
	}
	return strings.Join(seqs, " ")
}

func render(n *html.Node) string {
	var b bytes.Buffer
	html.Render(&b, n)
	return b.String()
}

func gunzip(t *testing.T, res *http.Response, body string) string {
	t.Helper()
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatal("not gzipped")
	}
	zr, err := gzip.NewReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPrintViewOfADraft: the print view and 公开版 of a draft answer 404
// to whoever may not read it, and to a reader hold exactly the projects
// the reader's document page shows (a filer: their unit's alone).
func TestPrintViewOfADraft(t *testing.T) {
	c := newDraftCase(t)
	c.makeDraft(t)
	base := "/documents/" + itoa(c.draft.ID)
	for who, reads := range draftViewers {
		s := c.sessions[who]
		st, page := s.get(base)
		for _, path := range []string{base + "/print", base + "/public"} {
			got, body := s.get(path)
			if !reads {
				if got != http.StatusNotFound {
					t.Errorf("%s: %s answers %d, want 404", who, path, got)
				}
				continue
			}
			if st != http.StatusOK || got != http.StatusOK {
				t.Fatalf("%s: %s %d, %s %d", who, base, st, path, got)
			}
			want := len(all(parseHTML(t, page), "table.published tr.project"))
			if n := len(all(parseHTML(t, body), "table.published tr.project")); n != want || n == 0 {
				t.Errorf("%s: %s holds %d projects, the page %d", who, path, n, want)
			}
			if path == base+"/print" && rowSeqs(parseHTML(t, body)) != rowSeqs(parseHTML(t, page)) {
				t.Errorf("%s: the print view's projects are not the page's", who)
			}
		}
	}
}

package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/gen"
	"jixiao/internal/server"
	"jixiao/internal/sqlite"
	"jixiao/internal/web"
)

// homeFigures is what 总览 states of a year, as a reader checks it.
type homeFigures struct {
	Projects, Indicators string
	Total                string // 万元, grouped
	Rows                 int
}

// figuresOf counts docs' projects as the page should, without the
// projects of units hidden from the reader.
func figuresOf(docs []*jixiao.Document, hidden func(p jixiao.Project) bool) homeFigures {
	var projects, indicators int
	var total jixiao.Money
	for _, d := range docs {
		for _, p := range d.Projects {
			if hidden != nil && hidden(p) {
				continue
			}
			projects++
			indicators += len(p.Indicators)
			total += p.Amounts.Total
		}
	}
	return homeFigures{Projects: strconv.Itoa(projects), Indicators: strconv.Itoa(indicators),
		Total: total.FormatGrouped(jixiao.WanYuan), Rows: len(docs)}
}

// homeFiguresOn reads the figures 总览 shows.
func homeFiguresOn(t *testing.T, body string) homeFigures {
	t.Helper()
	doc := parseHTML(t, body)
	return homeFigures{Projects: text(one(t, doc, `[data-figure="projects"]`)),
		Indicators: text(one(t, doc, `[data-figure="indicators"]`)),
		Total:      text(one(t, doc, `[data-figure="total"]`)), Rows: len(all(doc, "tr.doc-row"))}
}

// TestHomeYears (issue 15 item 4): 总览 shows one budget year at a time,
// the newest by default, with a link to every year; each year's figures
// are its own tables' (two samples of 2024, a generated table of 2023),
// every figure and chart states its year and that it counts published
// tables only; a year without tables says so, and a year that is not a
// number is refused in Chinese.
func TestHomeYears(t *testing.T) {
	f := newFixture(t, liwanFile, huaduFile)
	old := gen.Generate(40, 15)
	old.Year = 2023
	old.Findings = check.Run(old)
	if err := f.store.SaveDocument(context.Background(), old, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	y2024 := figuresOf([]*jixiao.Document{f.docs[liwanFile], f.docs[huaduFile]}, nil)

	for path, want := range map[string]homeFigures{"/": y2024, "/?year=2024": y2024,
		"/?year=2023": figuresOf([]*jixiao.Document{old}, nil)} {
		res, body := f.get(t, path)
		mustStatus(t, res, http.StatusOK)
		if got := homeFiguresOn(t, body); got != want {
			t.Errorf("%s shows %+v, want %+v", path, got, want)
		}
		year := "2024"
		if strings.Contains(path, "2023") {
			year = "2023"
		}
		doc := parseHTML(t, body)
		if cur := one(t, doc, `.year-switch a[aria-current="page"]`); !strings.HasPrefix(text(cur), year+"年") {
			t.Errorf("%s: the year switch marks %q", path, text(cur))
		}
		if links := all(doc, ".year-switch a"); len(links) != 2 {
			t.Errorf("%s: %d year links, want 2024 and 2023", path, len(links))
		}
		if scope := text(one(t, doc, ".stats-scope")); scope != year+"年汇总 · 仅统计已公开的表" {
			t.Errorf("%s: the figures say %q", path, scope)
		}
		for _, label := range all(doc, ".stat-label") {
			if !strings.HasPrefix(text(label), year+"年") {
				t.Errorf("%s: the figure %q does not state its year", path, text(label))
			}
		}
		for _, c := range all(doc, "figure.chart-card") {
			if h := text(one(t, c, "h3")); !strings.HasPrefix(h, year+"年") || !strings.Contains(text(one(t, c, "figcaption p")), "仅统计已公开的表") {
				t.Errorf("%s: the chart %q does not state its year and scope", path, h)
			}
		}
	}

	res, body := f.get(t, "/?year=2019")
	mustStatus(t, res, http.StatusOK)
	doc := parseHTML(t, body)
	if got := text(one(t, doc, "section.empty h2")); got != "2019年没有您可查看的绩效目标表" {
		t.Errorf("an empty year says %q", got)
	}
	if len(all(doc, ".year-switch a")) != 2 || len(all(doc, "tr.doc-row")) != 0 {
		t.Error("an empty year lists tables or lacks the years that have some")
	}
	res, body = f.get(t, "/?year=abc")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a year that is not a number: status %d", res.StatusCode)
	}
	if !strings.Contains(body, "不是年份") {
		t.Errorf("a year that is not a number: %.300s", body)
	}
}

// TestHomeDraftMoney (issue 15 item 4): next year's draft counts on 总览
// for the people who may read it, and only as far as they may: its
// department's reviewer sees the whole draft's money, its filer that of
// their unit alone, a visitor nothing of it (no 2025 in the year switch, an
// empty 2025). The draft is badged 草稿 in the year's list, and the figures
// say that drafts are counted.
func TestHomeDraftMoney(t *testing.T) {
	d := newDraftForFiler(t)
	id, _ := strconv.ParseInt(strings.TrimPrefix(d.draft, "/workflow/documents/"), 10, 64)
	draft, err := d.f.store.Document(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	unit := d.users["filer"].Unit
	whole := figuresOf([]*jixiao.Document{draft}, nil)
	own := figuresOf([]*jixiao.Document{draft}, func(p jixiao.Project) bool { return p.Unit != unit })
	if own.Total == whole.Total {
		t.Fatal("the filer's unit holds the whole draft: the test tells nothing")
	}

	for who, s := range map[string]*session{"dept": d.dept, "filer": d.filer} {
		want := whole
		if who == "filer" {
			want = own
		}
		_, body := s.get("/") // the newest year they see: the draft's
		if got := homeFiguresOn(t, body); got != want {
			t.Errorf("%s sees %+v on 总览, want %+v", who, got, want)
		}
		doc := parseHTML(t, body)
		row := one(t, doc, fmt.Sprintf(`tr[data-document="%d"]`, id))
		if !strings.Contains(text(row), "草稿") || !strings.Contains(text(row), "2025") {
			t.Errorf("%s: the draft's row %q is not marked 草稿 with its year", who, text(row))
		}
		if who == "filer" && !strings.Contains(text(row), want.Total) {
			t.Errorf("the filer's row of the draft %q shows other units' money", text(row))
		}
		if scope := text(one(t, doc, ".stats-scope")); !strings.Contains(scope, "2025年") || !strings.Contains(scope, "草稿 1 份") {
			t.Errorf("%s: the figures say %q", who, scope)
		}
	}

	visitor := newSession(t, d.srv.URL)
	_, body := visitor.get("/")
	if got, want := homeFiguresOn(t, body), figuresOf([]*jixiao.Document{d.f.docs[liwanFile]}, nil); got != want {
		t.Errorf("a visitor sees %+v, want the published table's %+v", got, want)
	}
	if strings.Contains(body, "2025") || strings.Contains(body, "草稿") {
		t.Error("a visitor's 总览 names the draft")
	}
	_, body = visitor.get("/?year=2025")
	if strings.Contains(body, whole.Total) || strings.Contains(body, own.Total) || !strings.Contains(body, "2025年没有您可查看的绩效目标表") {
		t.Error("a visitor's 2025 shows the draft's money or does not say it is empty")
	}
}

// documentReads counts whole-document reads of a store.
type documentReads struct {
	*sqlite.Store
	n atomic.Int64
}

func (s *documentReads) Document(ctx context.Context, id int64) (*jixiao.Document, error) {
	s.n.Add(1)
	return s.Store.Document(ctx, id)
}

// TestHomeReadsNoDocument (issue 18 item 2): 总览 is counted by the store
// and reads no document whole, for a visitor or a reviewer, and its
// figures and unit chart are those of the documents themselves.
func TestHomeReadsNoDocument(t *testing.T) {
	f := newFixture(t, liwanFile, huaduFile)
	st, err := sqlite.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "counted.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	counted := &documentReads{Store: st}
	var docs []*jixiao.Document
	for _, name := range []string{liwanFile, huaduFile} {
		doc := *f.docs[name]
		if err := counted.SaveDocument(context.Background(), &doc, jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, &doc)
	}
	srv, err := siteServer(counted, web.Options{}, server.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Body)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	if n := counted.n.Load(); n != 0 {
		t.Errorf("总览 read %d documents whole", n)
	}
	if got, want := homeFiguresOn(t, string(body)), figuresOf(docs, nil); got != want {
		t.Errorf("总览 shows %+v, the documents count %+v", got, want)
	}
	// The unit chart's table: each unit's money as its projects add up.
	page := parseHTML(t, string(body))
	rows := map[string]string{}
	for _, tr := range all(one(t, page, `figure[aria-labelledby="chart-units-t"]`), "tbody tr") {
		cells := all(tr, "td")
		rows[text(cells[0])] = text(cells[1])
	}
	for _, d := range docs {
		for unit, ps := range d.ProjectsByUnit() {
			var m jixiao.Money
			for _, p := range ps {
				m += p.Amounts.Total
			}
			if got, ok := rows[shortUnit(unit)]; ok && got != m.FormatGrouped(jixiao.WanYuan) {
				t.Errorf("unit chart: %s %s, its projects add up to %s", unit, got, m.FormatGrouped(jixiao.WanYuan))
			}
		}
	}
	if len(rows) == 0 {
		t.Error("the unit chart has no rows")
	}
}

// shortUnit is the chart's label of a unit (web.shortAgency).
func shortUnit(a string) string {
	if i := strings.Index(a, "市"); i > 0 && i <= 9 && strings.Contains(a[i:], "区") {
		return a[i+len("市"):]
	}
	return a
}

package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/importer"
)

// TestFormPages imports a real one-project form (湘潭 2023 申报表) and reads
// it through the pages a user opens: the document page, the project page
// with the printed category labels beside the scheme's and the 绩效标准
// column, search and compare.
func TestFormPages(t *testing.T) {
	f := newFixture(t)
	name := "11-xiangtan-sanitation-cells-pipe-tails.txt"
	data, err := os.ReadFile(filepath.Join("..", "ingest", "testdata", "forms", name))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := importer.Import(context.Background(), f.store, name, data, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, body := f.get(t, fmt.Sprintf("/documents/%d", doc.ID))
	mustStatus(t, res, http.StatusOK)
	if n := len(all(parseHTML(t, body), "table.published tr.project")); n != 1 {
		t.Errorf("document page: %d project rows, want 1", n)
	}

	p := doc.Projects[0]
	res, body = f.get(t, fmt.Sprintf("/projects/%d", p.ID))
	mustStatus(t, res, http.StatusOK)
	page := parseHTML(t, body)
	if got := text(one(t, page, "h1")); got != "雾炮车降尘抑尘服务" {
		t.Errorf("h1 %q", got)
	}
	rows := all(page, "table.indicators-table tbody tr")
	if len(rows) != 7 {
		t.Fatalf("%d indicator rows, want 7", len(rows))
	}
	sat := rows[6]
	if got := text(one(t, sat, "td.level1")); got != "3-满意度指标 （表中：效益指标）" {
		t.Errorf("satisfaction level 1 cell %q", got)
	}
	if got := text(one(t, sat, "span.note")); got != "绩效标准：计划标准" {
		t.Errorf("note %q", got)
	}
	if got := text(one(t, page, "dd.term")); got != "2023.07-2024.01" {
		t.Errorf("term %q", got)
	}
	if got := text(one(t, page, "dd.department")); got != "湘潭市环境卫生管理处" {
		t.Errorf("department %q", got)
	}

	res, body = f.get(t, "/search?q="+url.QueryEscape("雾炮车"))
	mustStatus(t, res, http.StatusOK)
	if hits := all(parseHTML(t, body), "tr.hit"); len(hits) == 0 || !strings.Contains(text(hits[0]), "雾炮车") {
		t.Errorf("search 雾炮车: %d hits", len(hits))
	}
	res, _ = f.get(t, fmt.Sprintf("/compare?p=%d", p.ID))
	mustStatus(t, res, http.StatusOK)
	res, body = f.get(t, fmt.Sprintf("/api/v1/export/indicators.csv?document=%d", doc.ID))
	mustStatus(t, res, http.StatusOK)
	if !strings.Contains(body, "效益指标,社会公众或服务对象满意度指标,绩效标准：计划标准") {
		t.Errorf("indicators CSV lacks the printed labels and the note")
	}
}

package api_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"jixiao/internal/service"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/export"
	"jixiao/internal/importer"
)

// samples are the published tables in testdata that every test imports.
var samples = []string{"huadu-employment-center-2024.txt", "liwan-hrss-bureau-2024.md"}

func readSample(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// document is the part of GET /documents/{id} the tests read.
type document struct {
	ID        int64             `json:"id"`
	Title     string            `json:"title"`
	MoneyUnit string            `json:"money_unit"`
	Total     jixiao.Amounts    `json:"total"`
	TotalText map[string]string `json:"total_text"`
	Units     []map[string]any  `json:"units"`
	Projects  []jixiao.Project  `json:"projects"`
	Findings  []jixiao.Finding  `json:"findings"`
	Summary   map[string]any    `json:"-"`
}

// importSample uploads a sample and returns the stored document.
func importSample(t *testing.T, c *client, name string) document {
	t.Helper()
	a := c.upload(name, readSample(t, name))
	if a.status != http.StatusCreated {
		t.Fatalf("upload %s: %d %s", name, a.status, a.body)
	}
	var d document
	a.decode(t, &d)
	if loc := a.header.Get("Location"); loc != fmt.Sprintf("/api/v1/documents/%d", d.ID) {
		t.Errorf("Location %q for document %d", loc, d.ID)
	}
	return d
}

// TestImportMatchesCLI uploads each sample and reads it back through every
// listing: the projects, indicators and findings are those the importer
// (what "jixiao import" runs) produces from the same file.
func TestImportMatchesCLI(t *testing.T) {
	eachStore(t, func(t *testing.T, st service.Store) {
		c := newClient(t, st)
		for _, name := range samples {
			want, err := importer.Read(name, readSample(t, name), importer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			d := importSample(t, c, name)
			if d.Title != want.Title || len(d.Projects) != len(want.Projects) || d.Total != want.Total() {
				t.Errorf("%s: document %q with %d projects, total %+v; want %q, %d, %+v",
					name, d.Title, len(d.Projects), d.Total, want.Title, len(want.Projects), want.Total())
			}
			if got := d.TotalText["total"]; got != want.Total().Total.Format(want.MoneyUnit) {
				t.Errorf("%s: total_text %q", name, got)
			}
			compareProjects(t, name, listAll[jixiao.Project](t, c, fmt.Sprintf("/api/v1/projects?document=%d&limit=7", d.ID)), want.Projects)
			compareIndicators(t, name, listAll[jixiao.IndicatorRow](t, c, fmt.Sprintf("/api/v1/indicators?document=%d&limit=13", d.ID)), want.Projects)
			var fs struct{ Items []jixiao.Finding }
			c.get(fmt.Sprintf("/api/v1/findings?document=%d", d.ID)).decode(t, &fs)
			compareFindings(t, name, fs.Items, want.Findings)
			compareExport(t, c, d.ID, want)
			compareExpected(t, c, d.ID, name)
		}
	})
}

// listAll walks a listing page by page through next_cursor.
func listAll[T any](t *testing.T, c *client, path string) []T {
	t.Helper()
	var all []T
	next := ""
	for pages := 0; ; pages++ {
		p := path
		if next != "" {
			p += "&cursor=" + url.QueryEscape(next)
		}
		a := c.get(p)
		if a.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", p, a.status, a.body)
		}
		var page struct {
			Items      []T    `json:"items"`
			NextCursor string `json:"next_cursor"`
		}
		a.decode(t, &page)
		all = append(all, page.Items...)
		if page.NextCursor == "" {
			return all
		}
		if pages > 10000 {
			t.Fatal("listing never ends")
		}
		next = page.NextCursor
	}
}

func compareProjects(t *testing.T, name string, got, want []jixiao.Project) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d projects through the API, importer has %d", name, len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Seq != w.Seq || g.Unit != w.Unit || g.Name != w.Name || g.Amounts != w.Amounts || g.Goal != w.Goal || g.Raw != w.Raw || g.ID == 0 {
			t.Errorf("%s: project %d is\n%+v\nwant\n%+v", name, i+1, g, w)
		}
	}
}

func compareIndicators(t *testing.T, name string, got []jixiao.IndicatorRow, ps []jixiao.Project) {
	t.Helper()
	var want []jixiao.IndicatorRow
	for _, p := range ps {
		for _, in := range p.Indicators {
			want = append(want, jixiao.IndicatorRow{Indicator: in, ProjectSeq: p.Seq, Project: p.Name, Unit: p.Unit})
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d indicators through the API, importer has %d", name, len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.ProjectSeq != w.ProjectSeq || g.Project != w.Project || g.Seq != w.Seq || g.Level1Code != w.Level1Code ||
			g.Level2Code != w.Level2Code || g.Name != w.Name || g.Period != w.Period || g.Annual != w.Annual || g.Raw != w.Raw {
			t.Errorf("%s: indicator %d is\n%+v\nwant\n%+v", name, i+1, g, w)
		}
	}
}

// compareFindings compares findings without their ids and lines.
func compareFindings(t *testing.T, name string, got, want []jixiao.Finding) {
	t.Helper()
	key := func(fs []jixiao.Finding) []string {
		var ks []string
		for _, f := range fs {
			ks = append(ks, fmt.Sprintf("%s|%s|%s|%d|%d|%s", f.Rule, f.Severity, f.Unit, f.ProjectSeq, f.IndicatorSeq, f.Message))
		}
		slices.Sort(ks)
		return ks
	}
	if g, w := key(got), key(want); !slices.Equal(g, w) {
		t.Errorf("%s: findings through the API\n%s\nwant\n%s", name, strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
}

// compareExport checks the CSV endpoint against the export package writing
// the importer's document (the same bytes "jixiao export" writes).
func compareExport(t *testing.T, c *client, id int64, want *jixiao.Document) {
	t.Helper()
	want.ID = id
	for i := range want.Projects {
		want.Projects[i].DocumentID = id
	}
	for _, table := range []string{"projects", "indicators", "units", "official"} {
		a := c.get(fmt.Sprintf("/api/v1/export/%s.csv?document=%d", table, id))
		var buf bytes.Buffer
		if err := export.WriteCSV(&buf, want, table); err != nil {
			t.Fatal(err)
		}
		if a.status != http.StatusOK || !strings.HasPrefix(a.header.Get("Content-Type"), "text/csv") || !bytes.Equal(a.body, buf.Bytes()) {
			t.Errorf("export %s of %d: %d %s\n%.300s\nwant\n%.300s", table, id, a.status, a.header.Get("Content-Type"), a.body, buf.Bytes())
		}
	}
}

// compareExpected checks the CSV exports against the reference tables in
// testdata/expected, column by column for the columns those name.
func compareExpected(t *testing.T, c *client, id int64, sample string) {
	t.Helper()
	base := strings.TrimSuffix(sample, filepath.Ext(sample))
	for _, table := range []string{"projects", "indicators", "units"} {
		want := readCSV(t, readSample(t, filepath.Join("expected", base+"."+table+".csv")))
		got := readCSV(t, c.get(fmt.Sprintf("/api/v1/export/%s.csv?document=%d", table, id)).body)
		if len(got) != len(want) {
			t.Errorf("%s %s: %d rows, expected %d", sample, table, len(got), len(want))
			continue
		}
		for i := range want {
			for col, v := range want[i] {
				if got[i][col] != v {
					t.Errorf("%s %s row %d %s: %q, expected %q", sample, table, i+1, col, got[i][col], v)
				}
			}
		}
	}
}

// readCSV reads a CSV with a header row (and maybe a BOM) into maps.
func readCSV(t *testing.T, data []byte) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("CSV: %v\n%.200s", err, data)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for j, col := range recs[0] {
			row[col] = rec[j]
		}
		rows = append(rows, row)
	}
	return rows
}

// TestBlankCellsInJSON (issue 19): the amounts of a document, its units and
// projects name the cells the source left blank ("blank", beside the
// unchanged amounts and *_text fields); a table that prints 0.00 has none.
func TestBlankCellsInJSON(t *testing.T) {
	eachStore(t, func(t *testing.T, st service.Store) {
		c := newClient(t, st)
		liwan, huadu := importSample(t, c, samples[1]), importSample(t, c, samples[0])
		var d struct {
			Stated     jixiao.Amounts    `json:"stated"`
			StatedText map[string]string `json:"stated_text"`
			Units      []struct {
				Stated jixiao.Amounts `json:"stated"`
			} `json:"units"`
			Projects []struct {
				Amounts     jixiao.Amounts    `json:"amounts"`
				AmountsText map[string]string `json:"amounts_text"`
			} `json:"projects"`
		}
		a := c.get(fmt.Sprintf("/api/v1/documents/%d", liwan.ID))
		a.decode(t, &d)
		both := jixiao.ColSpecialAccount | jixiao.ColOther
		if d.Stated.Blank != both || d.Units[0].Stated.Blank != both || d.Projects[0].Amounts.Blank != both {
			t.Errorf("Liwan blanks: 合计 %v, unit %v, project %v", d.Stated.Blank.Names(), d.Units[0].Stated.Blank.Names(),
				d.Projects[0].Amounts.Blank.Names())
		}
		if d.StatedText["other"] != "0.00" || d.Projects[0].AmountsText["other"] != "0.00" {
			t.Errorf("*_text changed: %v %v", d.StatedText, d.Projects[0].AmountsText)
		}
		if !bytes.Contains(a.body, []byte(`"blank":["special_account","other"]`)) {
			t.Errorf("no blank list in %.300s", a.body)
		}
		var p struct {
			Amounts jixiao.Amounts `json:"amounts"`
		}
		c.get(fmt.Sprintf("/api/v1/projects/%d", liwan.Projects[0].ID)).decode(t, &p)
		if p.Amounts.Blank != both {
			t.Errorf("GET /projects/{id}: blank %v", p.Amounts.Blank.Names())
		}
		if b := c.get(fmt.Sprintf("/api/v1/documents/%d", huadu.ID)).body; bytes.Contains(b, []byte(`"blank"`)) {
			t.Error("Huadu prints 0.00, yet its JSON names blank cells")
		}
	})
}

package api_test

import (
	"bytes"
	"fmt"
	"jixiao/internal/service"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/api"
)

// TestDocuments covers every answer of the document endpoints.
func TestDocuments(t *testing.T) {
	eachStore(t, func(t *testing.T, st service.Store) {
		c := newClient(t, st)
		first := importSample(t, c, samples[0])
		second := importSample(t, c, samples[1])

		t.Run("list newest first, page by page", func(t *testing.T) {
			var page struct {
				Items []struct {
					ID        int64  `json:"id"`
					TotalText string `json:"total_text"`
				}
				NextCursor string `json:"next_cursor"`
			}
			c.get("/api/v1/documents?limit=1").decode(t, &page)
			if len(page.Items) != 1 || page.Items[0].ID != second.ID || page.NextCursor == "" || page.Items[0].TotalText == "" {
				t.Fatalf("first page %+v", page)
			}
			ids := []int64{}
			for _, d := range listAll[jixiao.DocumentSummary](t, c, "/api/v1/documents?limit=1") {
				ids = append(ids, d.ID)
			}
			if fmt.Sprint(ids) != fmt.Sprint([]int64{second.ID, first.ID}) {
				t.Errorf("documents %v, want newest first", ids)
			}
		})
		t.Run("get with units and totals", func(t *testing.T) {
			var d document
			a := c.get(fmt.Sprintf("/api/v1/documents/%d", first.ID))
			a.decode(t, &d)
			if a.status != http.StatusOK || d.ID != first.ID || len(d.Units) == 0 || d.Total.Total == 0 {
				t.Fatalf("%d %+v", a.status, d)
			}
			if d.Units[0]["total_text"] == nil || d.Units[0]["projects"] == nil {
				t.Errorf("unit without its totals: %v", d.Units[0])
			}
		})
		t.Run("get errors", func(t *testing.T) {
			c.get("/api/v1/documents/999999").wantError(t, http.StatusNotFound, "not_found")
			c.get("/api/v1/documents/abc").wantError(t, http.StatusBadRequest, "invalid")
			c.get("/api/v1/documents?limit=0").wantError(t, http.StatusBadRequest, "invalid")
			c.get("/api/v1/documents?cursor=x").wantError(t, http.StatusBadRequest, "invalid")
		})
		t.Run("changes need an account", func(t *testing.T) {
			if c.token == "" {
				t.Fatal("the store keeps no accounts: every store must, so anonymous changes can be refused")
			}
			anon := c.anonymous()
			anon.upload(samples[1], []byte("x")).wantError(t, http.StatusUnauthorized, "unauthorized")
			anon.delete(fmt.Sprintf("/api/v1/documents/%d", first.ID)).wantError(t, http.StatusUnauthorized, "unauthorized")
			if a := anon.get(fmt.Sprintf("/api/v1/documents/%d", first.ID)); a.status != http.StatusOK {
				t.Errorf("anonymous read of a published document: %d", a.status)
			}
		})
		t.Run("duplicate upload", func(t *testing.T) {
			e := c.upload(samples[0], readSample(t, samples[0])).wantError(t, http.StatusConflict, "duplicate")
			if e.Error.DocumentID != first.ID {
				t.Errorf("duplicate names document %d, want %d", e.Error.DocumentID, first.ID)
			}
		})
		t.Run("delete", func(t *testing.T) {
			path := fmt.Sprintf("/api/v1/documents/%d", first.ID)
			crossSite := http.Header{"Sec-Fetch-Site": {"cross-site"}}
			c.doWith(http.MethodDelete, path, "", nil, crossSite).wantError(t, http.StatusForbidden, "cross_origin")
			if a := c.delete(path); a.status != http.StatusNoContent {
				t.Fatalf("delete: %d %s", a.status, a.body)
			}
			c.get(path).wantError(t, http.StatusNotFound, "not_found")
			c.delete(path).wantError(t, http.StatusNotFound, "not_found")
			var ps struct{ Items []any }
			c.get(fmt.Sprintf("/api/v1/projects?document=%d", first.ID)).decode(t, &ps)
			if len(ps.Items) != 0 {
				t.Errorf("%d projects left after delete", len(ps.Items))
			}
			// Once deleted, the same file imports again.
			importSample(t, c, samples[0])
		})
	})
}

// TestUploadErrors covers the refusals of POST /documents.
func TestUploadErrors(t *testing.T) { eachStore(t, testUploadErrors) }

func testUploadErrors(t *testing.T, st service.Store) {
	c := newClient(t, st)
	t.Run("unreadable file names file and line", func(t *testing.T) {
		e := c.upload("notes.txt", []byte("这不是绩效目标表。\n只是一段文字。\n")).wantError(t, http.StatusUnprocessableEntity, "unreadable")
		if len(e.Error.Details) == 0 || e.Error.Details[0].File != "notes.txt" || !strings.Contains(e.Error.Message, "notes.txt") {
			t.Errorf("details %+v, message %q", e.Error.Details, e.Error.Message)
		}
	})
	t.Run("too large", func(t *testing.T) {
		big := bytes.Repeat([]byte("项目"), api.MaxUpload/6+1000)
		c.upload("big.txt", big).wantError(t, http.StatusRequestEntityTooLarge, "too_large")
	})
	t.Run("no file field", func(t *testing.T) {
		body := "--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n"
		c.do(http.MethodPost, "/api/v1/documents", "multipart/form-data; boundary=b", []byte(body)).
			wantError(t, http.StatusBadRequest, "invalid")
	})
	t.Run("not multipart", func(t *testing.T) {
		c.do(http.MethodPost, "/api/v1/documents", "application/json", []byte(`{}`)).
			wantError(t, http.StatusUnsupportedMediaType, "unsupported_media_type")
	})
	t.Run("nothing stored", func(t *testing.T) {
		var page struct{ Items []any }
		c.get("/api/v1/documents").decode(t, &page)
		if len(page.Items) != 0 {
			t.Errorf("refused uploads left %d documents", len(page.Items))
		}
	})
}

// TestProjects covers the project listing's filters and paging and the
// project detail.
func TestProjects(t *testing.T) {
	eachStore(t, func(t *testing.T, st service.Store) {
		c := newClient(t, st)
		d := importSample(t, c, samples[1])
		importSample(t, c, samples[0])

		all := listAll[jixiao.ProjectRow](t, c, "/api/v1/projects?limit=500")
		paged := listAll[jixiao.ProjectRow](t, c, "/api/v1/projects?limit=3")
		if len(all) == 0 || fmt.Sprint(ids(all)) != fmt.Sprint(ids(paged)) {
			t.Errorf("paging by 3 gives %v, one page gives %v", ids(paged), ids(all))
		}
		hits := listAll[jixiao.ProjectRow](t, c, "/api/v1/projects?q="+urlq("就业")+"&limit=2")
		want := 0
		for _, p := range all {
			if strings.Contains(p.Name, "就业") {
				want++
			}
		}
		if len(hits) != want || want == 0 {
			t.Errorf("q=就业 finds %d projects, %d names contain it", len(hits), want)
		}
		unit := d.Projects[len(d.Projects)-1].Unit
		for _, p := range listAll[jixiao.ProjectRow](t, c, fmt.Sprintf("/api/v1/projects?document=%d&unit=%s", d.ID, urlq(unit))) {
			if p.Unit != unit || p.DocumentID != d.ID {
				t.Errorf("unit filter gave %s / %d", p.Unit, p.DocumentID)
			}
		}
		c.get("/api/v1/projects?limit=501").wantError(t, http.StatusBadRequest, "invalid")
		c.get("/api/v1/projects?document=x").wantError(t, http.StatusBadRequest, "invalid")
		c.get("/api/v1/projects?cursor=nonsense").wantError(t, http.StatusBadRequest, "invalid")

		p := d.Projects[0]
		var got struct {
			jixiao.Project
			DocumentTitle string            `json:"document_title"`
			AmountsText   map[string]string `json:"amounts_text"`
			Findings      []jixiao.Finding  `json:"findings"`
		}
		c.get(fmt.Sprintf("/api/v1/projects/%d", p.ID)).decode(t, &got)
		if got.ID != p.ID || got.Name != p.Name || len(got.Indicators) != len(p.Indicators) || got.DocumentTitle != d.Title ||
			got.AmountsText["total"] != p.Amounts.Total.Format(jixiao.MoneyUnit(d.MoneyUnit)) {
			t.Errorf("project %+v", got)
		}
		for _, f := range got.Findings {
			if f.ProjectSeq != p.Seq {
				t.Errorf("project %d shows a finding of project %d", p.Seq, f.ProjectSeq)
			}
		}
		c.get("/api/v1/projects/999999").wantError(t, http.StatusNotFound, "not_found")
		c.get("/api/v1/projects/0").wantError(t, http.StatusBadRequest, "invalid")
	})
}

func ids(ps []jixiao.ProjectRow) []int64 {
	var out []int64
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

// TestIndicatorsAndFindings covers the indicator filters and the findings
// listing.
func TestIndicatorsAndFindings(t *testing.T) {
	eachStore(t, func(t *testing.T, st service.Store) {
		c := newClient(t, st)
		d := importSample(t, c, samples[0])
		importSample(t, c, samples[1])
		base := fmt.Sprintf("/api/v1/indicators?document=%d", d.ID)
		all := listAll[jixiao.IndicatorRow](t, c, base+"&limit=500")
		quant := listAll[jixiao.IndicatorRow](t, c, base+"&kind=quantitative")
		qual := listAll[jixiao.IndicatorRow](t, c, base+"&kind=qualitative")
		if len(quant)+len(qual) != len(all) || len(all) == 0 {
			t.Errorf("%d quantitative + %d qualitative != %d", len(quant), len(qual), len(all))
		}
		for _, in := range quant {
			if !in.Annual.Quantitative() || in.DocumentID != d.ID {
				t.Errorf("kind=quantitative gave %+v", in)
			}
		}
		for _, in := range listAll[jixiao.IndicatorRow](t, c, base+"&level1=1&level2=11") {
			if in.Level1Code != "1" || in.Level2Code != "11" {
				t.Errorf("level filter gave %s/%s", in.Level1Code, in.Level2Code)
			}
		}
		hits := listAll[jixiao.IndicatorRow](t, c, "/api/v1/indicators?q="+urlq("满意"))
		if len(hits) == 0 {
			t.Error("q=满意 finds no indicator")
		}
		for _, in := range hits {
			if !strings.Contains(in.Name, "满意") && !strings.Contains(in.Project, "满意") {
				t.Errorf("q=满意 gave %q of %q", in.Name, in.Project)
			}
		}
		c.get(base+"&kind=some").wantError(t, http.StatusBadRequest, "invalid")

		var fs struct{ Items []jixiao.Finding }
		c.get("/api/v1/findings").decode(t, &fs)
		if len(fs.Items) == 0 {
			t.Fatal("the samples have no findings")
		}
		f := fs.Items[0]
		var sel struct{ Items []jixiao.Finding }
		c.get(fmt.Sprintf("/api/v1/findings?document=%d&rule=%s&severity=%s", f.DocumentID, urlq(f.Rule), f.Severity)).decode(t, &sel)
		if len(sel.Items) == 0 {
			t.Error("filtering by a finding's own rule and severity finds nothing")
		}
		for _, g := range sel.Items {
			if g.Rule != f.Rule || g.Severity != f.Severity || g.DocumentID != f.DocumentID {
				t.Errorf("filter gave %+v", g)
			}
		}
		c.get("/api/v1/findings?severity=fatal").wantError(t, http.StatusBadRequest, "invalid")
	})
}

// TestExportAndRoutes covers the export refusals, the OpenAPI document and
// the answers of unknown paths and methods.
func TestExportAndRoutes(t *testing.T) { eachStore(t, testExportAndRoutes) }

func testExportAndRoutes(t *testing.T, st service.Store) {
	c := newClient(t, st)
	d := importSample(t, c, samples[0])
	importSample(t, c, samples[1])

	a := c.get("/api/v1/export/projects.csv")
	lines := strings.Count(string(a.body), "\n")
	if a.status != http.StatusOK || !bytes.HasPrefix(a.body, []byte("\ufeffdocument,seq,")) || lines < 2 {
		t.Errorf("export of every document: %d %.100s", a.status, a.body)
	}
	one := c.get(fmt.Sprintf("/api/v1/export/projects.csv?document=%d", d.ID))
	if n := strings.Count(string(one.body), "\n"); n != len(d.Projects)+1 || n >= lines {
		t.Errorf("export of one document has %d lines for %d projects (all: %d)", n, len(d.Projects), lines)
	}
	c.get("/api/v1/export/secrets.csv").wantError(t, http.StatusNotFound, "not_found")
	c.get("/api/v1/export/projects.xlsx").wantError(t, http.StatusNotFound, "not_found")
	c.get("/api/v1/export/official.csv").wantError(t, http.StatusBadRequest, "invalid")
	c.get("/api/v1/export/projects.csv?document=999999").wantError(t, http.StatusNotFound, "not_found")

	spec := c.get("/api/v1/openapi.json")
	served, err := api.Document()
	if err != nil {
		t.Fatal(err)
	}
	if spec.status != http.StatusOK || !bytes.Equal(spec.body, served) {
		t.Errorf("openapi.json: %d", spec.status)
	}
	// The served document describes the workflow endpoints too.
	for _, path := range []string{`"/session"`, `"/projects/{id}/transitions"`, `"/documents/{id}/history"`, `"put"`} {
		if !bytes.Contains(spec.body, []byte(path)) {
			t.Errorf("openapi.json does not describe %s", path)
		}
	}
	c.get("/api/v1/nothing").wantError(t, http.StatusNotFound, "not_found")
	m := c.do(http.MethodPut, "/api/v1/documents", "", nil)
	m.wantError(t, http.StatusMethodNotAllowed, "method_not_allowed")
	if allow := m.header.Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") {
		t.Errorf("Allow %q", allow)
	}
	c.do(http.MethodPost, fmt.Sprintf("/api/v1/projects/%d", d.Projects[0].ID), "", nil).
		wantError(t, http.StatusMethodNotAllowed, "method_not_allowed")
}

// TestStoreFailure: a store that fails answers 500 in the error shape, with
// the request id in the message and the cause in the log only.
func TestStoreFailure(t *testing.T) { eachStore(t, testStoreFailure) }

// testStoreFailure closes the store under the API, so every call fails
// inside the store: the answer must be a 500 naming the request id and
// nothing of the driver's error.
func testStoreFailure(t *testing.T, st service.Store) {
	var logs bytes.Buffer
	h := newAPI(st, api.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	st.Close()
	w := httptest.NewRecorder()
	w.Header().Set("X-Request-Id", "req-7")
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/api/v1/documents", nil))
	a := answer{w.Code, w.Header(), w.Body.Bytes()}
	e := a.wantError(t, http.StatusInternalServerError, "internal")
	if !strings.Contains(e.Error.Message, "req-7") || strings.Contains(e.Error.Message, "closed") {
		t.Errorf("500 message %q: want the request id and no internals", e.Error.Message)
	}
	if !strings.Contains(logs.String(), "request_id=req-7") || !strings.Contains(logs.String(), "closed") {
		t.Errorf("500 not logged with its cause and request id: %s", logs.String())
	}
}

// TestUploadYear: the optional year field sets the budget year; a year
// that is not one is refused.
func TestUploadYear(t *testing.T) { eachStore(t, testUploadYear) }

func testUploadYear(t *testing.T, st service.Store) {
	c := newClient(t, st)
	post := func(year string) answer {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("year", year)
		fw, _ := mw.CreateFormFile("file", samples[0])
		fw.Write(readSample(t, samples[0]))
		mw.Close()
		return c.do(http.MethodPost, "/api/v1/documents", mw.FormDataContentType(), buf.Bytes())
	}
	post("二〇二五").wantError(t, http.StatusBadRequest, "invalid")
	a := post("2025")
	var d struct {
		Year int `json:"year"`
	}
	a.decode(t, &d)
	if a.status != http.StatusCreated || d.Year != 2025 {
		t.Errorf("upload with year=2025: %d, year %d", a.status, d.Year)
	}
}

// TestUploadPDF: a published PDF uploaded through the API exports exactly
// the expected tables (read in the binary: no tool on PATH).
func TestUploadPDF(t *testing.T) { eachStore(t, testUploadPDF) }

func testUploadPDF(t *testing.T, st service.Store) {
	t.Setenv("PATH", t.TempDir())
	c := newClient(t, st)
	data, err := os.ReadFile(filepath.Join("..", "ingest", "testdata", "pdf", "liwan-calc.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "liwan-calc.pdf")
	fw.Write(data)
	mw.Close()
	a := c.do(http.MethodPost, "/api/v1/documents", mw.FormDataContentType(), buf.Bytes())
	var d struct {
		ID     int64  `json:"id"`
		Layout string `json:"layout"`
	}
	a.decode(t, &d)
	if a.status != http.StatusCreated || d.Layout != "pdf" {
		t.Fatalf("upload: %d, layout %q: %s", a.status, d.Layout, a.body)
	}
	compareExpected(t, c, d.ID, "liwan-hrss-bureau-2024.md")
}

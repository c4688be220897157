package api_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strconv"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/sampletest"
	"jixiao/internal/service"
)

// postFile posts data as the multipart field "file" named name, with the
// other fields given, to path.
func (c *client) postFile(path, name string, data []byte, fields map[string]string) answer {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	return c.do(http.MethodPost, path, mw.FormDataContentType(), buf.Bytes())
}

type selfEvalImport struct {
	DocumentID int64 `json:"document_id"`
	Complete   bool  `json:"complete"`
	Projects   []struct {
		ProjectSeq int             `json:"project_seq"`
		Total      string          `json:"total"`
		Grade      string          `json:"grade"`
		Comparison eval.Comparison `json:"comparison"`
	} `json:"projects"`
	Findings []struct {
		Rule string `json:"rule"`
	} `json:"findings"`
}

// TestImportSelfEvalAPI: POST /eval/import records a real 自评表 as its
// project's year-end self-evaluation, on both engines, answering 200 with
// complete false and the findings when something was not carried over;
// the comparison is then readable (not by a visitor before the 复核); a 自评表 without its target table is
// 404 and a visitor 401. Every request and answer is checked against the
// OpenAPI document.
func TestImportSelfEvalAPI(t *testing.T) {
	eachStore(t, func(t *testing.T, st service.Store) {
		c := newClient(t, st)
		const fx = "08-langfang-food-school-heating-cell-per-line-fragment.txt"
		data := sampletest.SelfEval(t, fx)
		if a := c.postFile("/api/v1/eval/import", fx, data, nil); a.status != http.StatusNotFound {
			t.Fatalf("without its target table: %d %s", a.status, a.body)
		}
		name, text, year := sampletest.TargetTableFor(t, fx)
		up := c.postFile("/api/v1/documents", name, text, map[string]string{"year": strconv.Itoa(year)})
		var doc struct{ ID int64 }
		up.decode(t, &doc)
		if up.status != http.StatusCreated {
			t.Fatalf("target table: %d %s", up.status, up.body)
		}
		c.anonymous().postFile("/api/v1/eval/import", fx, data, nil).wantError(t, http.StatusUnauthorized, "unauthorized")

		a := c.postFile("/api/v1/eval/import?document="+strconv.FormatInt(doc.ID, 10), fx, data, nil)
		var im selfEvalImport
		a.decode(t, &im)
		if a.status != http.StatusOK || im.Complete || im.DocumentID != doc.ID || len(im.Projects) != 1 ||
			im.Projects[0].Total != "97.24" || im.Projects[0].Grade != "优" || im.Projects[0].Comparison.Differs != 2 ||
			len(im.Findings) != 1 || im.Findings[0].Rule != "parse.truncated" {
			t.Fatalf("import: %d %s", a.status, a.body)
		}
		loc := fmt.Sprintf("/api/v1/documents/%d/reports/1/printed", doc.ID)
		if got := a.header.Get("Location"); got != loc {
			t.Errorf("Location %q, want %q", got, loc)
		}
		var cmp eval.Comparison
		g := c.get(loc)
		g.decode(t, &cmp)
		if g.status != http.StatusOK || cmp.Differs != 2 || cmp.SourceName != fx || cmp.Rows[0].Item != "预算执行率" ||
			cmp.Rows[0].PrintedScore != "9" || cmp.Rows[0].Score != "8.62" || cmp.Rows[0].Diff != "-0.38" {
			t.Errorf("comparison: %d %s", g.status, g.body)
		}
		c.get(fmt.Sprintf("/api/v1/documents/%d/reports/2/printed", doc.ID)).wantError(t, http.StatusNotFound, "not_found")
		// A visitor sees a self-evaluation only once finance has rechecked it.
		c.anonymous().get(loc).wantError(t, http.StatusNotFound, "not_found")
	})
}

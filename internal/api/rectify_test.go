package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"jixiao"
)

// TestRectifyOverAPI: a 中 review opens a 整改 item over the API; the
// unit's filer uploads a PDF (a file over the cap is 413), reports the
// measures and marks it done; the opening department reviewer verifies
// it; the file comes back as an attachment; someone outside the unit gets
// 404; the answers match the OpenAPI document.
func TestRectifyOverAPI(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		d := f.draft()
		id := d.Projects[0].ID
		f.walk(id, jixiao.ActionSubmit)
		s, b := f.call("POST", fmt.Sprintf("/api/v1/projects/%d/reviews", id), f.tokens["dept"],
			reviewBody(jixiao.MarkMostlyMeets, jixiao.ResultFair, "请细化量化指标", ""))
		var rv struct{ Review jixiao.StoredReview }
		if json.Unmarshal(b, &rv); s != 201 {
			t.Fatalf("dept 中: %d %s", s, b)
		}
		open := map[string]any{"source": "review", "project_id": id, "review_id": rv.Review.ID,
			"deadline": time.Now().In(jixiao.Beijing).AddDate(0, 0, 10).Format(time.DateOnly)}
		if s, b := f.call("POST", "/api/v1/rectifications", f.tokens["filer"], open); s != 403 {
			t.Errorf("the filer opens: %d %s", s, b)
		}
		s, b = f.call("POST", "/api/v1/rectifications", f.tokens["dept"], open)
		var item jixiao.Rectification
		if json.Unmarshal(b, &item); s != 201 || item.State != jixiao.RectifyOpen || item.Problem != "请细化量化指标" {
			t.Fatalf("open: %d %s", s, b)
		}
		path := fmt.Sprintf("/api/v1/rectifications/%d", item.ID)
		if s, _ := f.call("GET", path, f.tokens["filer-out"], nil); s != 404 {
			t.Errorf("another unit's filer reads the item: %d", s)
		}
		pdf := append([]byte("%PDF-1.5\n"), bytes.Repeat([]byte{1, 2, 3}, 100)...)
		if s, b := f.upload(path+"/evidence?name=report.pdf", f.tokens["filer"], pdf); s != 201 {
			t.Fatalf("upload: %d %s", s, b)
		}
		if s, _ := f.upload(path+"/evidence?name=big.pdf", f.tokens["filer"], make([]byte, jixiao.MaxEvidenceBytes+1)); s != 413 {
			t.Errorf("an upload over the cap: %d, want 413", s)
		}
		step := func(who string, body map[string]any, want int) {
			t.Helper()
			if s, b := f.call("POST", path+"/transitions", f.tokens[who], body); s != want {
				t.Errorf("%s %v: %d %s, want %d", who, body["action"], s, b, want)
			}
		}
		step("filer", map[string]any{"action": "done"}, 400)
		step("filer", map[string]any{"action": "done", "measures": "已细化指标"}, 200)
		step("finance", map[string]any{"action": "verify"}, 403)
		step("dept", map[string]any{"action": "verify", "opinion": "核实到位"}, 200)
		s, b = f.call("GET", path, f.tokens["finance"], nil)
		var detail struct {
			Item    jixiao.Rectification
			History []jixiao.RectifyEvent
		}
		if json.Unmarshal(b, &detail); s != 200 || detail.Item.State != jixiao.RectifyVerified || len(detail.Item.Evidence) != 1 || len(detail.History) != 4 {
			t.Fatalf("verified item: %d %s", s, b)
		}
		req, _ := http.NewRequest("GET", f.base+fmt.Sprintf("%s/evidence/%d", path, detail.Item.Evidence[0].ID), nil)
		req.Header.Set("Authorization", "Bearer "+f.tokens["dept"])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !bytes.Equal(got, pdf) || resp.Header.Get("Content-Type") != "application/pdf" ||
			resp.Header.Get("Content-Disposition") != `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf` {
			t.Errorf("download: %d bytes %q %q", len(got), resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
		}
		s, b = f.call("GET", "/api/v1/rectifications/dashboard", f.tokens["dept"], nil)
		var dash struct{ Open, Overdue int }
		if json.Unmarshal(b, &dash); s != 200 || dash.Open != 0 {
			t.Errorf("dashboard: %d %s", s, b)
		}
		if s, b := f.call("GET", "/api/v1/consequences", "", nil); s != 200 || !bytes.Contains(b, []byte(`"cut_percent":10`)) {
			t.Errorf("consequences: %d %s", s, b)
		}
	})
}

// upload posts data as the body with a bearer token.
func (f *wfFixture) upload(path, token string, data []byte) (int, []byte) {
	f.t.Helper()
	req, _ := http.NewRequest("POST", f.base+path, bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

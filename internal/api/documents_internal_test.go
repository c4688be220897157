package api

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"jixiao"

	"jixiao/internal/sampletest"
)

// TestWriteDocumentIsWriteJSON: the streamed answer of GET and POST
// /documents is the same bytes as json.Marshal of the whole view, for a
// document whose text holds the very keys the stream splits on.
func TestWriteDocumentIsWriteJSON(t *testing.T) {
	doc := sampletest.Parse(t, sampletest.Liwan)
	doc.Title = `"projects":[] "findings":[] <script>`
	doc.Projects[0].Goal = `"findings":[]`
	doc.Findings = append(doc.Findings, jixiao.Finding{Rule: "amount.total", Message: `"projects":[]`}, jixiao.Finding{Rule: "x"})
	streamed, whole := httptest.NewRecorder(), httptest.NewRecorder()
	writeDocument(streamed, 201, docView(doc))
	writeJSON(whole, 201, docView(doc))
	if streamed.Code != 201 || !bytes.Equal(streamed.Body.Bytes(), whole.Body.Bytes()) {
		t.Fatalf("streamed %d, %d bytes; whole %d bytes\n%.300s\n%.300s", streamed.Code, streamed.Body.Len(), whole.Body.Len(),
			streamed.Body.String(), whole.Body.String())
	}
	if ct := streamed.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
}

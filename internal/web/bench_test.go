package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"jixiao"
	"jixiao/internal/cputime"
)

// BenchmarkDocumentPage renders the Liwan table (52 projects, 201
// indicators, 133 findings) through the whole server: store reads, layout,
// findings, template, and gzip as a browser asks for it.
//
//	go test ./internal/web -run '^$' -bench DocumentPage -benchtime 200x
func BenchmarkDocumentPage(b *testing.B) {
	f := newFixture(b, liwanFile)
	path := fmt.Sprintf("/documents/%d", f.docs[liwanFile].ID)
	for _, enc := range []string{"identity", "gzip"} {
		b.Run(enc, func(b *testing.B) {
			size := 0
			cpu := cputime.Used()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.Header.Set("Accept-Encoding", enc)
				rec := httptest.NewRecorder()
				f.handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
				size = rec.Body.Len()
			}
			b.ReportMetric(float64(size), "bytes/page")
			b.ReportMetric(float64(cputime.Used()-cpu)/1e6/float64(b.N), "cpu-ms/op")
		})
	}
}

// BenchmarkHomePage renders 总览 with both samples and its four charts.
func BenchmarkHomePage(b *testing.B) {
	f := newFixture(b, huaduFile, liwanFile)
	cpu := cputime.Used()
	defer func() { b.ReportMetric(float64(cputime.Used()-cpu)/1e6/float64(b.N), "cpu-ms/op") }()
	for b.Loop() {
		rec := httptest.NewRecorder()
		f.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkSearchHiddenDraft is 指标检索 for a visitor without a session,
// over Liwan and Huadu, without and with a hidden 2025 draft of Liwan (its
// rows skipped and refilled, its facet counts subtracted).
//
//	go test ./internal/web -run '^$' -bench SearchHiddenDraft -benchtime 200x
func BenchmarkSearchHiddenDraft(b *testing.B) {
	for _, draft := range []bool{false, true} {
		f := newFixture(b, liwanFile, huaduFile)
		if draft {
			wf := f.store.Workflow()
			if _, err := wf.CreateDraft(context.Background(), f.docs[liwanFile].ID, 2025, jixiao.AuditEntry{Username: "b"}); err != nil {
				b.Fatal(err)
			}
		}
		for name, path := range map[string]string{"all": "/search", "q=满意度": "/search?q=%E6%BB%A1%E6%84%8F%E5%BA%A6"} {
			b.Run(fmt.Sprintf("draft=%v/%s", draft, name), func(b *testing.B) {
				cpu := cputime.Used()
				for b.Loop() {
					rec := httptest.NewRecorder()
					f.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
					if rec.Code != http.StatusOK {
						b.Fatalf("status %d", rec.Code)
					}
				}
				b.ReportMetric(float64(cputime.Used()-cpu)/1e6/float64(b.N), "cpu-ms/op")
			})
		}
	}
}

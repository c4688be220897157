package ingest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"jixiao"
	"jixiao/internal/gen"
)

// The fuzz targets check what must hold for any input: no panic, no hang,
// either a document or an InputError, and nothing in a document that the
// reader made up (sequence numbers in order, every finding a parse.* one
// with a one-line message).

func addSeeds(f *testing.F) {
	for _, s := range samples {
		f.Add(readSample(f, s))
	}
	f.Add(gen.Bytes(3, gen.Markdown, 1))
	f.Add(gen.Bytes(3, gen.PDFText, 1))
	f.Add([]byte("| 项目名称 | 总计 |\n|---|---|\n| 合计 | 1 |\n"))
	f.Add([]byte("项目名称 总计 财政拨款\n a 1.00 1.00 0 0\n1、1-\n"))
}

func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, data, func(d []byte) (*jixiao.Document, error) { return Parse("fuzz.txt", d) })
	})
}

func FuzzMarkdown(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if !utf8.Valid(data) {
			return
		}
		checkParse(t, data, func(d []byte) (*jixiao.Document, error) {
			return readMarkdown("fuzz.md", splitLines(string(d)))
		})
	})
}

func FuzzPDFText(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if !utf8.Valid(data) {
			return
		}
		checkParse(t, data, func(d []byte) (*jixiao.Document, error) {
			return readPDFText("fuzz.txt", splitLines(string(d)))
		})
	})
}

// tinyPDF is a whole PDF small enough for the fuzzer to mutate usefully:
// one page, a GBK-EUC-H font without ToUnicode, a header and a 合计 row,
// uncompressed (pdfcpu repairs the byte offsets it does not check).
const tinyPDF = "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n" +
	"2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n" +
	"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Resources <</Font <</F1 5 0 R>>>> /Contents 4 0 R>> endobj\n" +
	"4 0 obj <</Length 200>> stream\nBT /F1 9 Tf 1 0 0 1 36 500 Tm <cfeed4bfc3fbb3c6> Tj 1 0 0 1 120 500 Tm <d7dcbcc6> Tj 1 0 0 1 200 500 Tm <bca8d0a7c4bfb1ea> Tj " +
	"1 0 0 1 300 500 Tm <bca8d0a7d6b8b1ea> Tj 1 0 0 1 36 480 Tm <bacfbcc6> Tj 1 0 0 1 120 480 Tm (1.00) Tj ET 30 490 m 400 490 l S\nendstream endobj\n" +
	"5 0 obj <</Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /GBK-EUC-H /DescendantFonts [<</Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo <</Registry (Adobe) /Ordering (GB1) /Supplement 2>> /DW 1000>>]>> endobj\n" +
	"trailer <</Root 1 0 R /Size 6>>\n%%EOF\n"

// FuzzPDF reads arbitrary bytes after a PDF signature: pdfcpu's structure
// reading, the content interpreter and the table reader together.
func FuzzPDF(f *testing.F) {
	f.Add([]byte(tinyPDF))
	if data, err := os.ReadFile(filepath.Join("testdata", "pdf", "huadu-gbk-notounicode.pdf")); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, []byte("%PDF")) {
			return
		}
		checkParse(t, data, func(d []byte) (*jixiao.Document, error) { return Parse("fuzz.pdf", d) })
	})
}

// FuzzIndicators feeds one indicators cell to the indicator reader.
func FuzzIndicators(f *testing.F) {
	f.Add("1、1-产出指标；11-数量指标；申领随军家属补贴人数；实施周期指标值:≥20人；年度指标值:≥20人。2、2-效益指标；22-社会效益；x；实施周期指标值：有效；年度指标值：有效。")
	f.Add("1、；；；实施周期指标值年度指标值。1、2、3、")
	f.Fuzz(func(t *testing.T, s string) {
		doc := &jixiao.Document{}
		p := &jixiao.Project{Name: "p"}
		readIndicators(&builder{doc: doc}, p, 1, s, func(int) int { return 1 })
		for _, in := range p.Indicators {
			if in.Raw == "" && in.Name == "" {
				t.Errorf("indicator without name or raw text from %q", s)
			}
		}
	})
}

func checkParse(t *testing.T, data []byte, parse func([]byte) (*jixiao.Document, error)) {
	doc, err := parse(data)
	if err != nil {
		var ie *jixiao.InputError
		if !errors.As(err, &ie) {
			t.Fatalf("error %v is not an InputError", err)
		}
		if ie.Msg == "" {
			t.Fatal("empty message")
		}
		return
	}
	if doc == nil {
		t.Fatal("nil document without error")
	}
	doc.Renumber()
	for i, p := range doc.Projects {
		if p.Seq != i+1 {
			t.Fatalf("project %d has seq %d", i+1, p.Seq)
		}
		for _, in := range p.Indicators {
			if in.Raw == "" && in.Name == "" && in.Level1 == "" {
				t.Errorf("empty indicator in project %d", p.Seq)
			}
		}
	}
	for _, fd := range doc.Findings {
		if !strings.HasPrefix(fd.Rule, "parse.") || strings.Contains(fd.Message, "\n") || fd.Message == "" {
			t.Errorf("bad finding %+v", fd)
		}
	}
}

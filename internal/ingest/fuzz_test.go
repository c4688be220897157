package ingest

import (
	"errors"
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

package ingest

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"jixiao"
)

const (
	huadu = "huadu-employment-center-2024.txt"
	liwan = "liwan-hrss-bureau-2024.md"
)

// Surface variants of the samples must give the same tables.
func TestSurfaceVariantsGiveSameTables(t *testing.T) {
	type variant struct {
		name string
		f    func([]byte) []byte
	}
	encodings := []variant{
		{"crlf", func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) }},
		{"bom", func(b []byte) []byte { return append([]byte("\ufeff"), b...) }},
		{"bom+crlf", func(b []byte) []byte {
			return append([]byte("\ufeff"), bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))...)
		}},
		{"gb18030", func(b []byte) []byte { return encodeGB18030(t, b) }},
		{"gb18030+crlf", func(b []byte) []byte { return encodeGB18030(t, bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))) }},
		{"gbk", func(b []byte) []byte {
			out, err := simplifiedchinese.GBK.NewEncoder().Bytes(b)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}},
		{"utf16le", func(b []byte) []byte {
			out, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(b)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}},
	}
	variants := map[string][]variant{huadu: encodings, liwan: encodings}
	for _, w := range []int{20, 33, 60} {
		for _, blank := range []bool{false, true} {
			for _, own := range []bool{false, true} {
				w, blank, own := w, blank, own
				variants[huadu] = append(variants[huadu], variant{
					fmt.Sprintf("wrap%d-blank=%v-ownline=%v", w, blank, own),
					func(b []byte) []byte { return rewrapPDFText(t, string(b), w, blank, own) },
				})
			}
		}
	}
	variants[huadu] = append(variants[huadu], variant{"wrap7-gb18030-crlf", func(b []byte) []byte {
		return encodeGB18030(t, bytes.ReplaceAll(rewrapPDFText(t, string(b), 7, true, true), []byte("\n"), []byte("\r\n")))
	}})
	variants[liwan] = append(variants[liwan],
		variant{"tight", tightCells},
		variant{"padded", func(b []byte) []byte { return regexp.MustCompile(`\|`).ReplaceAll(b, []byte("  |   ")) }},
		variant{"tight+gb18030+crlf", func(b []byte) []byte {
			return encodeGB18030(t, bytes.ReplaceAll(tightCells(b), []byte("\n"), []byte("\r\n")))
		}},
		variant{"no-outer-bars", func(b []byte) []byte {
			return regexp.MustCompile(`(?m)^\|(.*)\|$`).ReplaceAll(b, []byte("|$1"))
		}},
	)
	for _, s := range samples {
		src := readSample(t, s)
		for _, v := range variants[s] {
			t.Run(s+"/"+v.name, func(t *testing.T) {
				data := v.f(append([]byte(nil), src...))
				if bytes.Equal(data, src) {
					t.Fatal("variant did not change the file")
				}
				doc := parseOK(t, s, data)
				checkTables(t, s, doc)
				for _, f := range doc.Findings {
					t.Errorf("unexpected finding: %+v", f)
				}
				if doc.Year != 2024 || doc.Agency == "" || doc.Title == "" {
					t.Errorf("heading: year %d agency %q title %q", doc.Year, doc.Agency, doc.Title)
				}
			})
		}
	}
}

func encodeGB18030(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := simplifiedchinese.GB18030.NewEncoder().Bytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// tightCells removes the padding around every cell bar.
func tightCells(b []byte) []byte {
	return regexp.MustCompile(`[ \t]*\|[ \t]*`).ReplaceAll(b, []byte("|"))
}

var (
	amountRE = regexp.MustCompile(`^(.*?)\s*((?:[\d,]+\.\d+\s+){3}[\d,]+\.\d+)\s*$`)
	itemRE   = regexp.MustCompile(`1、\d+-`)
)

// rewrapPDFText re-wraps the PDF text of a sample at another width: every
// project name, goal and indicator text is joined and cut again every width
// runes, with or without blank lines between the wrapped lines; with ownLine
// the amounts always stand on their own line, else they follow the name's
// last line. Headings, the 合计 row and page headers stay as they are.
func rewrapPDFText(t *testing.T, src string, width int, blank, ownLine bool) []byte {
	t.Helper()
	var out, block strings.Builder
	var name strings.Builder
	sep := "\n"
	if blank {
		sep = "\n\n"
	}
	writeWrapped := func(s, indent string) {
		for i, l := range wrapRunes(s, width) {
			if i == 0 {
				l = indent + l
			}
			out.WriteString(l + sep)
		}
	}
	flushBlock := func() {
		s := block.String()
		block.Reset()
		if s == "" {
			return
		}
		if loc := itemRE.FindStringIndex(s); loc != nil {
			writeWrapped(s[:loc[0]], "")
			writeWrapped(s[loc[0]:], "")
			return
		}
		writeWrapped(s, "")
	}
	inBody, started := false, false
	for _, raw := range strings.Split(src, "\n") {
		line := strings.TrimSpace(raw)
		switch {
		case line == "":
			continue
		case !started || strings.Contains(line, "目标表") || strings.Contains(line, "单位名称") || strings.Contains(line, "总计") || strings.HasPrefix(line, "合计"):
			flushBlock()
			out.WriteString(line + "\n\n")
			started = started || strings.Contains(line, "总计")
		case amountRE.MatchString(line):
			m := amountRE.FindStringSubmatch(line)
			flushBlock()
			name.WriteString(m[1])
			lines := wrapRunes(name.String(), width)
			for i, l := range lines {
				if i == 0 {
					l = "    " + l
				}
				if i == len(lines)-1 && !ownLine {
					l += " " + m[2]
				}
				out.WriteString(l + sep)
			}
			if ownLine {
				out.WriteString(m[2] + sep)
			}
			name.Reset()
			inBody = true
		case strings.HasPrefix(raw, "  "):
			flushBlock()
			name.WriteString(line)
			inBody = false
		case inBody:
			block.WriteString(line)
		default:
			name.WriteString(line)
		}
	}
	flushBlock()
	if name.Len() > 0 {
		t.Fatalf("rewrap: name %q without amounts", name.String())
	}
	return []byte(out.String())
}

func wrapRunes(s string, width int) []string {
	r := []rune(s)
	var out []string
	for len(r) > width {
		out = append(out, string(r[:width]))
		r = r[width:]
	}
	return append(out, string(r))
}

// A wrapped variant must really cut inside the indicator strings, "2、" at a
// line end included, or the test proves little.
func TestRewrapCutsAnywhere(t *testing.T) {
	src := string(readSample(t, huadu))
	cuts := 0
	for _, w := range []int{20, 33, 60} {
		re := regexp.MustCompile(`(?m)\d、\n+\d+-`)
		cuts += len(re.FindAllString(string(rewrapPDFText(t, src, w, true, false)), -1))
	}
	if cuts == 0 {
		t.Error("no variant wraps between an item number and its category code")
	}
}

func TestSourceLines(t *testing.T) {
	for _, s := range samples {
		src := readSample(t, s)
		lines := strings.Split(string(src), "\n")
		doc := parseOK(t, s, src)
		for _, p := range doc.Projects {
			first := []rune(p.Name)[:2]
			if p.Line < 1 || !strings.Contains(lines[p.Line-1], string(first)) {
				t.Errorf("%s: project %q at line %d: %q", s, p.Name, p.Line, lines[max(p.Line-1, 0)])
			}
			for _, in := range p.Indicators {
				if in.Line < p.Line || !strings.Contains(lines[in.Line-1], fmt.Sprint(in.Seq)) {
					t.Errorf("%s: project %d indicator %d at line %d: %q", s, p.Seq, in.Seq, in.Line, lines[max(in.Line-1, 0)])
				}
			}
		}
		for _, u := range doc.Units {
			if u.Line < 1 || !strings.Contains(lines[u.Line-1], u.Name) {
				t.Errorf("%s: unit %q at line %d", s, u.Name, u.Line)
			}
		}
	}
	doc := parseOK(t, huadu, readSample(t, huadu))
	if doc.Projects[0].Line != 10 || doc.Projects[0].Indicators[0].Line != 25 || doc.StatedLine != 8 {
		t.Errorf("huadu: project 1 at line %d, its indicator 1 at %d, 合计 at %d; want 10, 25, 8",
			doc.Projects[0].Line, doc.Projects[0].Indicators[0].Line, doc.StatedLine)
	}
}

// PDF text that leaves the zero columns blank ("50.60 50.60") reads the
// same, and says once that it took the pair for 总计 and 财政拨款 (a
// project of 其他资金 alone would print the same two numbers).
func TestBlankZeroColumnsInPDFText(t *testing.T) {
	src := strings.ReplaceAll(string(readSample(t, huadu)), " 0.00 0.00", "")
	doc := parseOK(t, huadu, []byte(src))
	checkTables(t, huadu, doc)
	if len(doc.Findings) != 1 || doc.Findings[0].Rule != "parse.amount-pair" || doc.Findings[0].Severity != jixiao.SeverityInfo ||
		!strings.Contains(doc.Findings[0].Message, "有 13 行") {
		t.Errorf("findings %v, want one parse.amount-pair note about 13 rows", doc.Findings)
	}
	// Two different amounts cannot be placed in their columns: kept, reported.
	_, doc, _ = mutateSample(t, huadu, "资金 6.94 6.94 0.00 0.00", "资金 6.94 5.94")
	if len(doc.Findings) != 1 || doc.Findings[0].Rule != "parse.amount" {
		t.Errorf("findings %v", doc.Findings)
	}
}

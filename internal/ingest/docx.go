package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// A .docx is a zip of XML parts; its body, word/document.xml, holds the
// paragraphs and tables in reading order. docxText writes them as text the
// text readers know: a paragraph a line, a table row a pipe row
// "| a | b |" with every cell (empty ones too, so that the Guangzhou
// table's columns keep their places). encoding/xml reads the part as a
// stream, so a large document costs no tree.

// maxDocxXML bounds the unzipped body, against zip bombs.
const maxDocxXML = 64 << 20

// isDocx reports whether zip data is a Word document.
func isDocx(data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			return true
		}
	}
	return false
}

// docxText extracts the body text of a .docx.
func docxText(name string, data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", inputErr(name, 0, "无法打开 Word 文件（"+err.Error()+"）；文件可能已损坏，请用 Word/WPS 打开后重新另存为 .docx")
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return "", inputErr(name, 0, "无法读取 Word 文件的正文（"+err.Error()+"）；请重新另存为 .docx")
		}
		defer rc.Close()
		text, err := bodyText(io.LimitReader(rc, maxDocxXML+1))
		if err != nil {
			return "", inputErr(name, 0, "Word 文件的正文无法解析（"+err.Error()+"）；请用 Word/WPS 打开后重新另存为 .docx")
		}
		return text, nil
	}
	return "", inputErr(name, 0, "这是 ZIP 文件，但既不是 .xlsx 工作簿也不是 .docx 文档；请导入绩效目标表的 .docx、.xlsx、PDF 或文本")
}

// docxWriter collects the text of a document body.
type docxWriter struct {
	out    strings.Builder
	para   strings.Builder // the paragraph being read
	inText bool            // inside a w:t run text
	depth  int             // table nesting: 0 outside tables
	row    []string        // cells of the outermost table's current row
	cell   strings.Builder // the current cell of the outermost table
}

// bodyText reads word/document.xml.
func bodyText(r io.Reader) (string, error) {
	d := xml.NewDecoder(r)
	w := &docxWriter{}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return w.out.String(), nil
		}
		if err != nil {
			return "", err
		}
		if d.InputOffset() > maxDocxXML {
			return "", fmt.Errorf("正文超过 %d MB", maxDocxXML>>20)
		}
		w.token(tok)
	}
}

func (w *docxWriter) token(tok xml.Token) {
	switch t := tok.(type) {
	case xml.StartElement:
		w.start(t.Name.Local)
	case xml.EndElement:
		w.end(t.Name.Local)
	case xml.CharData:
		if w.inText {
			w.para.Write(t)
		}
	}
}

func (w *docxWriter) start(el string) {
	switch el {
	case "t":
		w.inText = true
	case "tab":
		w.para.WriteString(" ")
	case "br", "cr":
		w.para.WriteString(" ")
	case "tbl":
		w.depth++
	case "tr":
		if w.depth == 1 {
			w.row = w.row[:0]
		}
	case "tc":
		if w.depth == 1 {
			w.cell.Reset()
		}
	}
}

func (w *docxWriter) end(el string) {
	switch el {
	case "t":
		w.inText = false
	case "p":
		w.endParagraph()
	case "tc":
		if w.depth == 1 {
			w.row = append(w.row, cellText(w.cell.String()))
		}
	case "tr":
		if w.depth == 1 {
			w.out.WriteString("| " + strings.Join(w.row, " | ") + " |\n")
		}
	case "tbl":
		w.depth--
	}
}

// endParagraph puts a paragraph in its cell (joined: a cell's paragraphs
// are one cell's wrapped text) or on a line of its own.
func (w *docxWriter) endParagraph() {
	p := w.para.String()
	w.para.Reset()
	if w.depth > 0 {
		w.cell.WriteString(p)
		return
	}
	if strings.TrimSpace(p) != "" {
		w.out.WriteString(strings.TrimSpace(p) + "\n")
	}
}

// cellText makes a cell safe for a pipe row: a bar inside it is escaped.
func cellText(s string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), "|", `\|`)
}

package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

// makeDocx writes a minimal Word document: paragraphs, then one table per
// entry of tables (rows of cells; a cell's "\n" starts a new paragraph
// inside it).
func makeDocx(t testing.TB, paras []string, tables ...[][]string) []byte {
	t.Helper()
	var body strings.Builder
	p := func(s string) {
		body.WriteString("<w:p><w:r><w:t xml:space=\"preserve\">")
		xml.EscapeText(&body, []byte(s))
		body.WriteString("</w:t></w:r></w:p>")
	}
	for _, s := range paras {
		p(s)
	}
	for _, tbl := range tables {
		body.WriteString("<w:tbl>")
		for _, row := range tbl {
			body.WriteString("<w:tr>")
			for _, c := range row {
				body.WriteString("<w:tc>")
				for _, line := range strings.Split(c, "\n") {
					p(line)
				}
				body.WriteString("</w:tc>")
			}
			body.WriteString("</w:tr>")
		}
		body.WriteString("</w:tbl>")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
			body.String() + `</w:body></w:document>`,
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDocxForm reads a one-project form kept as a Word table, as the
// 湘潭 form of the fixtures prints it (its cells, one table row a row).
func TestDocxForm(t *testing.T) {
	rows := [][]string{
		{"项目支出名称", "雾炮车降尘抑尘服务", "预算部门", "湘潭市环境卫生管理处"},
		{"年度本级\n预算金额", "250万", "该项目支出上级资金", "0"},
		{"项目支出实施期", "2023.07-2024.01", "", ""},
		{"本年度绩效目标", "通过采购雾炮车降尘抑尘服务,全市空气质量达到优良", "", ""},
		{"本年度\n绩效指标", "一级指标", "二级指标", "三级指标", "指标值及单位", "绩效标准"},
		{"", "产出指标", "数量指标", "雾炮车降尘抑尘服务配备车辆数", "10辆", "计划标准"},
		{"", "", "", "雾炮车风炮射程", "≥80M", "计划标准"},
		{"", "效益指标", "社会公众或服务对象满意度指标", "市民满意度", "≥90%", "计划标准"},
		{"财政部门审核意见", "", "", "", "", ""},
	}
	data := makeDocx(t, []string{"2023年项目支出绩效目标申报表", "填报单位:(盖章) 单位:万元"}, rows)
	doc, err := Parse("xiangtan.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "2023年项目支出绩效目标申报表" || len(doc.Projects) != 1 {
		t.Fatalf("title %q, %d projects", doc.Title, len(doc.Projects))
	}
	p := doc.Projects[0]
	if p.Name != "雾炮车降尘抑尘服务" || p.Amounts.Total != 250_000_000 || p.Term != "2023.07-2024.01" || len(p.Indicators) != 3 {
		t.Fatalf("project %q total %v term %q, %d indicators", p.Name, p.Amounts.Total, p.Term, len(p.Indicators))
	}
	in := p.Indicators[1]
	if in.Name != "雾炮车风炮射程" || in.Annual.Text != "≥80M" || in.Level2 != "数量指标" || len(in.Notes) != 1 {
		t.Errorf("indicator 2 = %+v", in)
	}
	sat := p.Indicators[2]
	if sat.Level1Printed != "效益指标" || sat.Level1 != "满意度指标" || sat.Level2 != "服务对象满意度指标" {
		t.Errorf("indicator 3 levels %q/%q %q", sat.Level1Printed, sat.Level1, sat.Level2)
	}
}

// TestDocxGuangzhou reads the Liwan sample's markdown table kept as a Word
// table: the same document as from the markdown.
func TestDocxGuangzhou(t *testing.T) {
	md := string(readSample(t, "liwan-hrss-bureau-2024.md"))
	var paras []string
	var rows [][]string
	for _, l := range strings.Split(md, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(l, "|"):
			cells := splitRow(l)
			if !isSeparatorRow(cells) {
				rows = append(rows, cells)
			}
		case l != "" && len(rows) == 0:
			paras = append(paras, strings.TrimLeft(l, "# "))
		}
	}
	fromMD := parseOK(t, "liwan-hrss-bureau-2024.md", []byte(md))
	fromDocx := parseOK(t, "liwan-hrss-bureau-2024.docx", makeDocx(t, paras, rows))
	if len(fromDocx.Projects) != len(fromMD.Projects) || fromDocx.IndicatorCount() != fromMD.IndicatorCount() || fromDocx.Total() != fromMD.Total() {
		t.Fatalf("docx: %d projects, %d indicators, total %v; markdown: %d, %d, %v", len(fromDocx.Projects),
			fromDocx.IndicatorCount(), fromDocx.Total(), len(fromMD.Projects), fromMD.IndicatorCount(), fromMD.Total())
	}
	for i := range fromMD.Projects {
		if a, b := fromDocx.Projects[i], fromMD.Projects[i]; a.Name != b.Name || a.Amounts != b.Amounts || a.Goal != b.Goal {
			t.Errorf("project %d: docx %q %v, markdown %q %v", i+1, a.Name, a.Amounts, b.Name, b.Amounts)
		}
	}
}

// TestDocxBroken gives a clear error for a zip that is no Word document
// and for a document whose body is not XML.
func TestDocxBroken(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte("<w:document><w:body><w:p>"))
	zw.Close()
	_, err := Parse("broken.docx", buf.Bytes())
	if err == nil || !strings.Contains(err.Error(), "Word 文件的正文无法解析") {
		t.Errorf("broken body: %v", err)
	}
}

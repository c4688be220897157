package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"jixiao"
	"jixiao/internal/pdf"
	"jixiao/internal/sheet"
)

// A published 项目支出绩效自评表 (the annex of 财预〔2020〕10号, and its
// regional variants such as Sichuan's 部门预算项目支出绩效自评表) is read
// here into jixiao.SelfEvaluationForm values, one per form, any number per
// file. The text comes the way ingest.Parse gets it (decode, docxText,
// sheet.XLSXText, the PDF's text lines) and is cut into cells with
// splitCells; the cells are then read as a stream by their labels, since
// no flattening seen keeps a blank cell's place (pipe rows push empty cells
// to the row's end, one-cell-per-line text marks them as a lone "|", glued
// text drops them). Values are placed by what they are: a percentage is a
// rate, the numbers after a value are its 分值 and 得分.
//
// Findings (see selfevalcheck.go for the selfeval.* arithmetic):
//
//	parse.truncated  the text stops inside the form (warning): the cut last row is dropped
//	parse.amount     a money cell that is no amount
//	parse.indicator  an indicator whose 分值 and 实际完成值 cannot be told apart (warning)

// ParseSelfEvaluation reads the 自评表 in one file: text (UTF-8, GB18030,
// UTF-16), .docx, .xlsx or PDF. A file that holds no 自评表 gives a
// *jixiao.InputError saying what was looked for.
func ParseSelfEvaluation(name string, data []byte) ([]*jixiao.SelfEvaluationForm, error) {
	lines, at, layout, err := selfEvalLines(name, data)
	if err != nil {
		return nil, err
	}
	return readSelfEvaluations(name, lines, at, layout)
}

// selfEvalLines gets the text lines of a file and the source line of each.
func selfEvalLines(name string, data []byte) (lines []string, at func(int) int, layout string, err error) {
	plain := func(i int) int { return i + 1 }
	var text string
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return nil, nil, "", inputErr(name, 0, "文件为空，没有可读取的内容；请确认导出的是项目支出绩效自评表")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) && isDocx(data):
		text, err = docxText(name, data)
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		text, err = sheet.XLSXText(name, data)
	case bytes.HasPrefix(data, []byte("%PDF")):
		return selfEvalPDFLines(name, data)
	default:
		text, _, err = decode(name, data)
	}
	if err != nil {
		return nil, nil, "", err
	}
	return splitLines(normalizeNewlines(text)), plain, "", nil
}

// selfEvalPDFLines reads a PDF's lines (a ruled table's rows as pipe rows),
// numbered by page.
func selfEvalPDFLines(name string, data []byte) ([]string, func(int) int, string, error) {
	d, err := pdf.Open(data)
	switch {
	case errors.Is(err, pdf.ErrEncrypted):
		return nil, nil, "", inputErr(name, 0, "PDF 文件设有打开密码，jixiao 无法读取；请另存为不加密的 PDF 再导入")
	case err != nil:
		return nil, nil, "", inputErr(name, 0, "PDF 文件已损坏或不是有效的 PDF（"+strings.TrimPrefix(err.Error(), "pdf: ")+"）；请重新下载原文件")
	}
	if d.Pages() > maxPDFPages {
		return nil, nil, "", inputErr(name, 0, fmt.Sprintf("PDF 共 %d 页，超过一次导入的上限 %d 页", d.Pages(), maxPDFPages))
	}
	var lines []string
	var nums []int
	glyphs := 0
	for n := 1; n <= d.Pages(); n++ {
		p, err := d.Page(n)
		if err != nil {
			return nil, nil, "", inputErr(name, 0, fmt.Sprintf("PDF 第 %d 页无法读取（%s）", n, strings.TrimPrefix(err.Error(), "pdf: ")))
		}
		if glyphs += len(p.Glyphs); glyphs > maxPDFGlyphs {
			return nil, nil, "", inputErr(name, 0, fmt.Sprintf("PDF 到第 %d 页已超过一次导入的字符上限 %d", n, maxPDFGlyphs))
		}
		for _, l := range textLines(p, pageLines(p)) {
			lines = append(lines, l.text)
			nums = append(nums, l.n)
		}
	}
	at := func(i int) int {
		if i >= 0 && i < len(nums) {
			return nums[i]
		}
		return i + 1
	}
	return lines, at, jixiao.LayoutPDF, nil
}

// stok is one cell of the stream the reader walks.
type stok struct {
	text   string
	key    string // cellKey(text)
	line   int
	rowEnd bool // the last cell of a row whose flattening says where rows end
	// pos is the cell's column in a row that keeps its empty cells (a
	// markdown row "| a | | b |", as .docx and .xlsx text and markdown
	// write them), -1 where the flattening loses blank cells.
	pos int
}

// maxGluedSpaces: a cell with more single spaces than this is a glued
// flattening (a whole form on a line, cells separated by single spaces)
// and is cut at its spaces.
const maxGluedSpaces = 6

// selfEvalTokens cuts lines into the cell stream.
func selfEvalTokens(lines []string, at func(int) int) []stok {
	var out []stok
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.Trim(t, "| ") == "" {
			continue
		}
		if strings.HasPrefix(t, "|") {
			// A markdown row of one cell ("| 指标2 | | |") is a row too.
			n := len(out)
			for j, c := range splitRow(t) {
				if c != "" {
					out = append(out, stok{text: c, key: cellKey(c), line: at(i), pos: j})
				}
			}
			if len(out) > n {
				out[len(out)-1].rowEnd = true
			}
			continue
		}
		cells := splitCells(t)
		row := len(cells) > 1 // a cell-per-line " |" line is no row
		for _, c := range cells {
			if strings.Count(c, " ") > maxGluedSpaces || !strings.Contains(t, "|") && spaceSeparated(c) {
				for _, w := range strings.Fields(c) {
					out = append(out, stok{text: w, key: cellKey(w), line: at(i), pos: -1})
				}
				row = false
				continue
			}
			out = append(out, stok{text: c, key: cellKey(c), line: at(i), pos: -1})
		}
		if row && len(out) > 0 {
			out[len(out)-1].rowEnd = true
		}
	}
	return joinSplitTokens(out)
}

// spaceSeparated reports whether a cell of a text line is a row whose cells
// single spaces separate ("年度资金总额: 880 880 880 10 10"): a word of it is
// a label, or two are numbers. Letter-spaced labels ("项 目 名 称") are not.
func spaceSeparated(c string) bool {
	if !strings.Contains(c, " ") {
		return false
	}
	nums := 0
	for _, w := range strings.Fields(c) {
		k := cellKey(w)
		if _, _, fund := fundOf(k); fund || isSEHeaderKey(k) {
			return true
		}
		if isNumberCell(w) {
			nums++
		}
	}
	return nums >= 2
}

// joinSplitTokens joins a header label a narrow cell wrapped over two
// cells of a flattening that lost the cell ("年初" / "预算数", "经济效益" /
// "指标"): the two together are a label, one of them alone is none.
func joinSplitTokens(toks []stok) []stok {
	out := toks[:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if i+1 < len(toks) && t.pos < 0 && toks[i+1].pos < 0 && !t.rowEnd && !strings.HasPrefix(t.key, "(") {
			k := t.key + toks[i+1].key
			if isSEHeaderKey(k) && (!isSEHeaderKey(t.key) || !isSEHeaderKey(toks[i+1].key)) {
				t.text += toks[i+1].text
				t.key, t.rowEnd = k, toks[i+1].rowEnd
				i++
			}
		}
		out = append(out, t)
	}
	return out
}

// isSEHeaderKey reports whether a key is a column or category label of a
// self-evaluation.
func isSEHeaderKey(k string) bool {
	if _, ok := seMoneyCols[k]; ok {
		return true
	}
	if _, ok := seGridCols[k]; ok {
		return true
	}
	switch k {
	case "一级指标", "二级指标", "三级指标", "一级", "二级", "三级", "项目名称", "主管部门", "实施单位", "总分", "合计",
		"预期目标", "实际完成情况", "年度总体目标完成情况", "年度总体目标":
		return true
	}
	_, ok := categoryOf(k)
	return ok
}

// templateNameRe is a template's numbered row left unfilled: "指标2", "指标1:".
var templateNameRe = regexp.MustCompile(`^指标\d+[:：]?$`)

// isSEPlaceholder recognises a template row's name: "……", "指标2".
func isSEPlaceholder(s string) bool {
	return isPlaceholderName(s) || templateNameRe.MatchString(cellKey(s))
}

// seCol is a column of the money block or the indicator grid.
type seCol int

const (
	seNone seCol = iota
	sePlanned
	seBudget
	seExecuted
	seWeight
	seRate
	seScore
	seReason
	seOp
	seTarget
	seUnit
	seActual
)

var seMoneyCols = map[string]seCol{
	"年初预算数": sePlanned, "年初预算": sePlanned, "年初预算数(A)": sePlanned,
	"全年预算数": seBudget, "调整后预算数": seBudget, "全年预算数(A)": seBudget, "预算数(A)": seBudget, "调整后预算": seBudget,
	"全年执行数": seExecuted, "预算执行数": seExecuted, "全年执行数(B)": seExecuted, "执行数(B)": seExecuted, "执行数": seExecuted,
	"分值": seWeight, "权重": seWeight,
	"执行率": seRate, "预算执行率": seRate, "执行率(B/A)": seRate, "预算执行率(B/A)": seRate,
	"得分": seScore, "原因": seReason,
}

var seGridCols = map[string]seCol{
	"指标性质": seOp, "运算符": seOp,
	"年度指标值": seTarget, "指标值": seTarget, "年初目标值": seTarget, "年初目标值(A)": seTarget, "目标值": seTarget,
	"度量单位": seUnit, "计量单位": seUnit,
	"实际完成值": seActual, "完成值": seActual, "全年实际完成值": seActual, "实际完成值(B)": seActual, "全年实际值": seActual,
	"分值": seWeight, "权重": seWeight, "得分": seScore,
	"偏差原因分析及改进措施": seReason, "未完成原因分析": seReason, "未完成原因和改进措施": seReason,
	"偏差大或目标未完成原因分析": seReason, "偏差原因分析": seReason,
}

var seFunds = map[string]jixiao.FundSource{
	"年度资金总额": jixiao.FundTotal, "总额": jixiao.FundTotal, "资金总额": jixiao.FundTotal, "年度财政资金总额": jixiao.FundTotal,
	"本年财政拨款": jixiao.FundFiscal, "当年财政拨款": jixiao.FundFiscal, "财政拨款": jixiao.FundFiscal, "财政资金": jixiao.FundFiscal,
	"上年结转资金": jixiao.FundCarryover, "上年结转": jixiao.FundCarryover,
	"财政专户管理资金": jixiao.FundSpecial, "单位资金": jixiao.FundUnit, "其他资金": jixiao.FundOther,
}

// seEndWords start the cells after a form's grid: its conclusions and
// signatures.
var seEndWords = []string{"评价结论", "存在问题", "改进措施", "项目负责人", "财务负责人", "填报人", "填表人", "说明", "注:", "备注", "单位负责人"}

// seGoalHeads are the header cells of the goal block.
var seGoalHeads = map[string]bool{
	"预期目标": true, "实际完成情况": true, "项目年度目标": true, "年度目标完成情况": true,
	"总体目标": true, "全年实际完成情况": true, "年度总体目标": true, "1.项目年度目标完成情况": true, "项目基本情况": true,
}

func fundOf(k string) (string, jixiao.FundSource, bool) {
	k = strings.TrimPrefix(strings.TrimPrefix(k, "其中:"), "其中")
	k = strings.TrimRight(k, ":")
	s, ok := seFunds[stripBrackets(k)]
	return k, s, ok
}

// isSelfEvalTitle reports whether a cell is the title of a self-evaluation
// of one project.
func isSelfEvalTitle(k string) bool {
	return strings.Contains(k, "自评") && utf8.RuneCountInString(k) <= maxTitleRunes &&
		(strings.Contains(k, "表") || strings.HasSuffix(k, "自评")) && !strings.Contains(k, "报告") && !strings.Contains(k, "说明")
}

var yearRe = regexp.MustCompile(`((?:19|20)\d\d)年`)

func yearIn(s string) int {
	if m := yearRe.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	return 0
}

// budgetCodeRe is a budget-system project code before a name:
// "51000021R000000019951-工资性支出".
var budgetCodeRe = regexp.MustCompile(`^([0-9][0-9A-Z]{5,30})[-_－]\s*(.+)$`)

// seSplitCode takes a code off a name as the target-table reader does
// (splitCode: "219-…", "[015001]…"), and a budget-system project code.
func seSplitCode(s string) (code, name string) {
	if m := budgetCodeRe.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
		return m[1], strings.TrimSpace(m[2])
	}
	return splitCode(s)
}

// isNumberCell recognises a cell that is a number: "8", "89.974",
// "100.00%", "-".
func isNumberCell(s string) bool {
	if !isASCII(s) {
		s = jixiao.FoldWidth(s)
	}
	s = strings.TrimSuffix(strings.TrimSpace(s), "%")
	s = strings.TrimSuffix(s, "分")
	s = strings.ReplaceAll(s, ",", "")
	if s == "" {
		return false
	}
	dot := false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && !dot && i > 0:
			dot = true
		case r == '-' && i == 0 && len(s) > 1:
		default:
			return false
		}
	}
	return true
}

// isBlankMark is what a form prints in a cell that does not apply.
func isBlankMark(s string) bool {
	s = strings.TrimSpace(s)
	return s == "/" || s == "-" || s == "—" || s == "--" || s == "／"
}

func pointsCell(s string) jixiao.PointsCell {
	c := jixiao.PointsCell{Text: s}
	if v, err := jixiao.ParsePoints(s); err == nil {
		c.Value, c.OK = v, true
	}
	return c
}

// isTemplateHint recognises the instructions a template leaves in a cell
// ("对照年度目标，说明相关任务目标的完成情况(100字以内)").
func isTemplateHint(s string) bool {
	k := cellKey(s)
	return strings.Contains(k, "字以内") || k == "……" || strings.Trim(k, "….") == ""
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

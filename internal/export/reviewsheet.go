package export

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"jixiao"
)

// The 审核意见表 of 财预〔2015〕88号 as workbooks (issue 15, item 1): one
// project's sheet laid out as the printed page (the project, then each
// tier's four criteria with mark and reason, the overall opinion, the
// agreed fixes, the result and its consequence, reviewer and date), and a
// document's summary (a row per project with each tier's result and
// opinions, then the projects counted per result).

// ReviewedProject is a project with its latest review at each tier (the
// department's first) and its state now.
type ReviewedProject struct {
	Project *jixiao.Project
	State   jixiao.State
	Reviews []jixiao.StoredReview
}

// ReviewSheet is what a 审核意见表 workbook prints: the document's year,
// department and money unit, its projects, and (for a document's summary)
// the projects per standing result.
type ReviewSheet struct {
	Year       int
	Agency     string
	MoneyUnit  jixiao.MoneyUnit
	Projects   []ReviewedProject
	Counts     map[jixiao.Result]int
	Unreviewed int
}

// WriteProjectReviewXLSX writes the 审核意见表 of sh's first project.
func WriteProjectReviewXLSX(w io.Writer, sh ReviewSheet) error {
	x, f := newReviewBook("审核意见表")
	defer f.Close()
	x.widths(10, 12, 12, 14, 14, 14, 14, 14)
	p := sh.Projects[0]
	x.span(1, 1, 8, 1, "项目支出绩效目标审核意见表", x.title)
	x.span(1, 2, 8, 2, strconv.Itoa(sh.Year)+" 年度", x.plain)
	x.row = 3
	x.pair("项目名称", p.Project.Name)
	x.span(1, x.row, 2, x.row, "主管部门", x.head)
	x.span(3, x.row, 4, x.row, sh.Agency, x.cell)
	x.span(5, x.row, 5, x.row, "实施单位", x.head)
	x.span(6, x.row, 8, x.row, p.Project.Unit, x.cell)
	x.row++
	x.pair("项目资金（"+sh.MoneyUnit.Label()+"）", totalCell(p.Project.Amounts, sh.MoneyUnit))
	x.pair("绩效目标", p.Project.Goal)
	for _, r := range p.Reviews {
		x.tier(r)
	}
	if len(p.Reviews) == 0 {
		x.span(1, x.row, 8, x.row, "尚未审核。", x.cell)
		x.row++
	}
	x.print("portrait", 0)
	x.span(1, x.row+1, 8, x.row+1, "审核单位（盖章）：　　　　　　　　　　　　　　年　　月　　日", x.plain)
	return x.write(w)
}

// tier writes one review: its criteria, opinions, result and reviewer.
func (x *reviewBook) tier(r jixiao.StoredReview) {
	x.span(1, x.row, 8, x.row, r.Tier.Label()+"审核意见", x.head)
	x.row++
	x.span(1, x.row, 2, x.row, "审核内容", x.head)
	x.span(3, x.row, 3, x.row, "审核意见", x.head)
	x.span(4, x.row, 8, x.row, "理由", x.head)
	x.row++
	for _, c := range r.Criteria {
		x.span(1, x.row, 2, x.row, string(c.Criterion), x.head)
		x.span(3, x.row, 3, x.row, string(c.Mark), x.center)
		x.span(4, x.row, 8, x.row, c.Opinion, x.cell)
		x.row++
	}
	x.pair("总体意见", r.Opinion)
	x.pair("商定的修改意见", r.Fixes)
	x.span(1, x.row, 2, x.row, "审核结果", x.head)
	x.span(3, x.row, 3, x.row, string(r.Result), x.center)
	x.span(4, x.row, 8, x.row, r.Result.Consequence(), x.cell)
	x.row++
	x.span(1, x.row, 2, x.row, "审核人", x.head)
	x.span(3, x.row, 4, x.row, r.Reviewer, x.cell)
	x.span(5, x.row, 5, x.row, "审核日期", x.head)
	x.span(6, x.row, 8, x.row, jixiao.BeijingDate(r.At), x.cell)
	x.row++
}

// reviewColumns are the columns of a document's summary.
var reviewColumns = []string{"序号", "单位", "项目名称", "总计", "状态",
	"部门审核结果", "部门审核意见", "部门审核人及日期", "财政审核结果", "财政审核意见", "财政审核人及日期"}

// WriteDocumentReviewsXLSX writes the 审核意见汇总表 of a document.
func WriteDocumentReviewsXLSX(w io.Writer, sh ReviewSheet) error {
	x, f := newReviewBook("审核意见汇总")
	defer f.Close()
	x.widths(6, 18, 26, 12, 10, 10, 36, 16, 10, 36, 16)
	last := len(reviewColumns)
	x.span(1, 1, last, 1, strconv.Itoa(sh.Year)+"年度项目支出绩效目标审核意见汇总表", x.title)
	x.span(1, 2, last, 2, "主管部门："+sh.Agency+"　　金额单位："+sh.MoneyUnit.Label(), x.plain)
	for i, c := range reviewColumns {
		x.span(i+1, 3, i+1, 3, c, x.head)
	}
	x.row = 4
	for _, p := range sh.Projects {
		cells := []string{strconv.Itoa(p.Project.Seq), p.Project.Unit, p.Project.Name,
			totalCell(p.Project.Amounts, sh.MoneyUnit), string(p.State)}
		cells = append(cells, tierCells(p.Reviews, jixiao.RoleDeptReviewer)...)
		cells = append(cells, tierCells(p.Reviews, jixiao.RoleFinanceReviewer)...)
		for i, c := range cells {
			x.span(i+1, x.row, i+1, x.row, c, x.cell)
		}
		x.row++
	}
	x.row++
	x.span(1, x.row, 3, x.row, "审核结果", x.head)
	x.span(4, x.row, 5, x.row, "项目数", x.head)
	x.row++
	for _, res := range jixiao.Results {
		x.span(1, x.row, 3, x.row, string(res)+"（"+res.Consequence()+"）", x.cell)
		x.span(4, x.row, 5, x.row, strconv.Itoa(sh.Counts[res]), x.center)
		x.row++
	}
	x.span(1, x.row, 3, x.row, "尚未审核", x.cell)
	x.span(4, x.row, 5, x.row, strconv.Itoa(sh.Unreviewed), x.center)
	x.print("landscape", 3)
	return x.write(w)
}

// tierCells are a project's result, opinions and reviewer at tier.
func tierCells(rs []jixiao.StoredReview, tier jixiao.Role) []string {
	for _, r := range rs {
		if r.Tier == tier {
			return []string{string(r.Result), r.Opinions(), r.Reviewer + " " + jixiao.BeijingDate(r.At)}
		}
	}
	return []string{"", "", ""}
}

// totalCell is the project's 总计 as printed, "原表空白" for a blank cell.
func totalCell(a jixiao.Amounts, u jixiao.MoneyUnit) string {
	if c := a.Cell(jixiao.ColTotal, u); c != "" {
		return c
	}
	return "原表空白"
}

// reviewBook writes the cells of one sheet, keeping the first error.
type reviewBook struct {
	f                                *excelize.File
	name                             string
	row                              int
	err                              error
	title, plain, head, cell, center int
}

func newReviewBook(name string) (*reviewBook, *excelize.File) {
	f := excelize.NewFile()
	x := &reviewBook{f: f, name: name}
	x.keep(f.SetSheetName("Sheet1", name))
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	font := &excelize.Font{Size: bodyFont, Family: "宋体"}
	bold := &excelize.Font{Size: bodyFont, Family: "宋体", Bold: true}
	wrap := &excelize.Alignment{WrapText: true, Vertical: "center"}
	mid := &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}
	for _, s := range []struct {
		dst *int
		st  excelize.Style
	}{
		{&x.title, excelize.Style{Font: &excelize.Font{Size: 16, Bold: true, Family: "宋体"}, Alignment: mid}},
		{&x.plain, excelize.Style{Font: font, Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&x.head, excelize.Style{Font: bold, Border: border, Alignment: mid}},
		{&x.cell, excelize.Style{Font: font, Border: border, Alignment: wrap}},
		{&x.center, excelize.Style{Font: font, Border: border, Alignment: mid}},
	} {
		id, err := f.NewStyle(&s.st)
		x.keep(err)
		*s.dst = id
	}
	return x, f
}

func (x *reviewBook) keep(err error) {
	if err != nil && x.err == nil {
		x.err = err
	}
}

func (x *reviewBook) widths(ws ...float64) {
	for i, w := range ws {
		col, _ := excelize.ColumnNumberToName(i + 1)
		x.keep(x.f.SetColWidth(x.name, col, col, w))
	}
}

// span writes v into columns c1..c2 of rows r1..r2, merged, every cell
// styled (a merged range shows its borders only so).
func (x *reviewBook) span(c1, r1, c2, r2 int, v string, style int) {
	a, _ := excelize.CoordinatesToCellName(c1, r1)
	b, _ := excelize.CoordinatesToCellName(c2, r2)
	x.keep(x.f.SetCellStr(x.name, a, v))
	x.keep(x.f.SetCellStyle(x.name, a, b, style))
	if a != b {
		x.keep(x.f.MergeCell(x.name, a, b))
	}
}

// pair writes a label over two columns and its value over the rest.
func (x *reviewBook) pair(label, value string) {
	x.span(1, x.row, 2, x.row, label, x.head)
	x.span(3, x.row, 8, x.row, value, x.cell)
	x.row++
}

// print sets the sheet on A4 in orient, one page wide, with row titles
// (0: none) repeated on every page.
func (x *reviewBook) print(orient string, titles int) {
	size, wide, tall, fit, m := paperA4, 1, 0, true, 0.5
	x.keep(x.f.SetSheetProps(x.name, &excelize.SheetPropsOptions{FitToPage: &fit}))
	x.keep(x.f.SetPageLayout(x.name, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &wide, FitToHeight: &tall}))
	x.keep(x.f.SetPageMargins(x.name, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &m, Bottom: &m}))
	x.keep(x.f.SetHeaderFooter(x.name, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"}))
	if titles > 0 {
		x.keep(x.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
			RefersTo: fmt.Sprintf("'%s'!$%d:$%d", x.name, titles, titles), Scope: x.name}))
	}
}

// write writes the workbook.
func (x *reviewBook) write(w io.Writer) error {
	if x.err != nil {
		return x.err
	}
	_, err := x.f.WriteTo(w)
	return err
}

package eval

import (
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"jixiao"
)

// SelfSheet is one project's 绩效自评表 in the layout of 财预〔2020〕10号
// (domain rules §7.4), as text cells ready for a page or a workbook.
type SelfSheet struct {
	Title      string // 项目支出绩效自评表
	Year       string // "（2024年度）", "" when unknown
	MoneyUnit  string
	Project    string
	Department string // 主管部门
	Unit       string // 实施单位
	// Money rows: 年度资金总额, then 其中 当年财政拨款, 上年结转资金, 其他资金.
	Money      []MoneyRow
	Goal       string // 年度总体目标: 预期目标
	GoalActual string // 实际完成情况
	Rows       []SheetRow
	// Points is the 总分 row's 分值 (100), Total its 得分: the final total,
	// "—" when nothing was entered, marked 暂计 when inputs are missing.
	Points string
	Total  string
	// Grade is the 自评等级, or 未评 / 未完成 when the score is not final.
	Grade string
	// Missing names the inputs that keep the score from being final; the
	// printed form lists them.
	Missing []string
	// Notes are what the form must explain, printed under it (超支).
	Notes []string
	// Rules state the scoring in force (Config.Rules), printed at the foot.
	Rules []string
	// State is where the report stands in its review (填报中 … 财政已复核);
	// Recheck and RecheckOpinion are finance's 复核 score and opinion,
	// printed beside the self-score once it is rechecked ("" before).
	State          string
	Recheck        string
	RecheckOpinion string
	// Printed is the published 自评表 imported for the project, its printed
	// scores beside these (nil when none was imported).
	Printed *Comparison
}

// Reviewed reports whether the report has left 填报中, when the form
// prints where it stands.
func (sh SelfSheet) Reviewed() bool { return sh.State != "" && sh.State != string(jixiao.EvalFiling) }

// MoneyRow is a row of the 项目资金 block: 年初预算数, 全年预算数,
// 全年执行数, 分值, 执行率, 得分.
type MoneyRow struct {
	Label string
	Cells [6]string
}

// SheetRow is an indicator row. Level1Span and Level2Span are the rows the
// 一级 and 二级 cells span from this row (0 where an earlier row's cell
// covers this one).
type SheetRow struct {
	Level1     string
	Level1Span int
	Level2     string
	Level2Span int
	Name       string
	Target     string
	Actual     string
	Weight     string
	Score      string
	Deviation  string
}

// BuildSelfSheet lays out the 自评表 of project p from its score ps (made
// with cfg) and the round's actuals a.
func BuildSelfSheet(cfg Config, doc *jixiao.Document, p *jixiao.Project, ps *ProjectScore, a *jixiao.Actuals) SelfSheet {
	u := doc.MoneyUnit
	if u == "" {
		u = jixiao.WanYuan
	}
	sh := SelfSheet{Title: "项目支出绩效自评表", MoneyUnit: string(u), Project: p.Name,
		Department: doc.Agency, Unit: p.Unit, Goal: p.Goal, Total: ps.TotalText(), Grade: ps.GradeText(), Missing: ps.Missing,
		Rules: cfg.Rules()}
	full := ps.ExecutionPoints
	for _, b := range ps.Blocks {
		full += b.Points
	}
	sh.Points = full.String()
	if doc.Year > 0 {
		sh.Year = fmt.Sprintf("（%d年度）", doc.Year)
	}
	pa, _ := a.Project(p.Seq)
	sh.GoalActual = pa.Note
	rv := a.Review(p.Seq)
	sh.State, sh.Recheck, sh.RecheckOpinion = string(rv.State), rv.RecheckScore, rv.RecheckOpinion
	sh.Money = moneyRows(p, ps, pa, u)
	if ps.OverSpent > 0 {
		sh.Notes = append(sh.Notes, fmt.Sprintf("超支：全年执行数超过全年预算数 %s %s（执行率 %s），须说明原因；预算执行率按满分计",
			ps.OverSpent.Format(u), u, ps.ExecutionRate))
	}
	blockPts := map[string]Points{}
	for _, b := range ps.Blocks {
		blockPts[b.Name] = b.Points
	}
	for i, ind := range p.Indicators {
		is := ps.Indicators[i]
		ia, _ := a.Indicator(p.Seq, ind.Seq)
		l1 := ind.Level1
		if pts, ok := blockPts[is.Block]; ok {
			l1 = fmt.Sprintf("%s（%s分）", ind.Level1, trimPoints(pts))
		}
		sh.Rows = append(sh.Rows, SheetRow{Level1: l1, Level2: ind.Level2, Name: ind.Name,
			Target: EffectiveTarget(ind, ia).Text, Actual: actualText(ia, is), Weight: is.Weight.String(),
			Score: is.Score.String(), Deviation: deviationText(ia, is)})
	}
	spans(sh.Rows)
	if pr, ok := a.Printed(p.Seq); ok {
		c := ComparePrinted(ps, p, pr)
		sh.Printed = &c
	}
	return sh
}

// moneyRows lays out the 项目资金 block: 年初预算数 is the published table
// (which has no 上年结转), 全年预算数 the adjusted budget with its parts
// (the published figures when none was recorded), 全年执行数 with its parts
// when the unit split it; every 执行率 is 全年执行数 ÷ 全年预算数 of its row.
func moneyRows(p *jixiao.Project, ps *ProjectScore, pa jixiao.ProjectActual, u jixiao.MoneyUnit) []MoneyRow {
	const dash = "—"
	published := [3]jixiao.Money{p.Amounts.Fiscal, 0, p.Amounts.SpecialAccount + p.Amounts.Other}
	fundCols := [3]jixiao.AmountCols{jixiao.ColFiscal, 0, jixiao.ColSpecialAccount | jixiao.ColOther}
	annual := published
	if pa.HasBudget {
		annual = [3]jixiao.Money{pa.Budget - pa.CarriedBudget - pa.OtherBudget, pa.CarriedBudget, pa.OtherBudget}
	}
	executed := [3]jixiao.Money{pa.Executed - pa.CarriedExecuted - pa.OtherExecuted, pa.CarriedExecuted, pa.OtherExecuted}
	rate := func(e, b jixiao.Money) string {
		if b <= 0 {
			return dash
		}
		return percent(big.NewRat(int64(e), int64(b)))
	}
	total := MoneyRow{"年度资金总额", [6]string{PublishedText(p, jixiao.ColTotal, ps.InitialBudget, u), ps.Budget.Format(u), dash,
		ps.ExecutionPoints.String(), dash, ps.ExecutionScore.String()}}
	if ps.HasExecuted {
		total.Cells[2] = ps.Executed.Format(u)
	}
	unknown := Unread(p, jixiao.ColTotal) && !pa.HasBudget
	if unknown {
		total.Cells[1] = "未读出"
	}
	if ps.ExecutionRate != "" {
		total.Cells[4] = ps.ExecutionRate
	}
	rows := []MoneyRow{total}
	for i, label := range []string{"其中：当年财政拨款", "上年结转资金", "其他资金"} {
		r := MoneyRow{label, [6]string{PublishedText(p, fundCols[i], published[i], u), annual[i].Format(u), dash, dash, dash, dash}}
		if Unread(p, fundCols[i]) {
			r.Cells[0] = jixiao.UnreadAmount
		}
		if unknown || !pa.HasBudget && Unread(p, fundCols[i]) {
			r.Cells[1] = "未读出"
		}
		if i == 1 {
			r.Cells[0] = dash
		}
		if pa.HasSplit {
			r.Cells[2], r.Cells[4] = executed[i].Format(u), rate(executed[i], annual[i])
		}
		rows = append(rows, r)
	}
	return rows
}

// trimPoints writes block points without needless decimals: 50, 56.25.
func trimPoints(p Points) string {
	if p%100 == 0 {
		return strconv.FormatInt(int64(p)/100, 10)
	}
	return p.String()
}

func actualText(ia jixiao.IndicatorActual, is IndicatorScore) string {
	switch {
	case ia.Text != "" && ia.Grade != "" && ia.Text != string(ia.Grade):
		return ia.Text + "（" + string(ia.Grade) + "）"
	case ia.Text != "":
		return ia.Text
	}
	return is.Actual
}

// deviationText is the 偏差原因分析及改进措施 cell: the ticked causes, an
// over-achievement reduction, and the note that explains them.
func deviationText(ia jixiao.IndicatorActual, is IndicatorScore) string {
	r := jixiao.JoinDeviationReasons(ia.Reasons)
	if is.Reduction > 0 {
		red := fmt.Sprintf("超额完成，按偏离度调减 %s 分", is.Reduction)
		if r != "" {
			r += "；"
		}
		r += red
	}
	switch {
	case r != "" && ia.Note != "":
		return r + "：" + ia.Note
	case r != "":
		return r
	}
	return ia.Note
}

// spans merges runs of equal 一级 cells, and of equal 二级 cells inside
// them, as the printed form does.
func spans(rows []SheetRow) {
	for i := 0; i < len(rows); {
		j := i
		for j < len(rows) && rows[j].Level1 == rows[i].Level1 {
			j++
		}
		rows[i].Level1Span = j - i
		for k := i; k < j; {
			m := k
			for m < j && rows[m].Level2 == rows[k].Level2 {
				m++
			}
			rows[k].Level2Span = m - k
			k = m
		}
		i = j
	}
}

// WriteSelfSheetXLSX writes the 自评表 as a one-sheet workbook set up to
// print on A4 portrait, one page wide.
func WriteSelfSheetXLSX(w io.Writer, sh SelfSheet) error {
	f := excelize.NewFile()
	defer f.Close()
	const name = "自评表"
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	x := &xlsxSheet{f: f, name: name}
	x.layout(sh)
	if x.err != nil {
		return x.err
	}
	return f.Write(w)
}

// xlsxSheet writes cells and merges, keeping the first error.
type xlsxSheet struct {
	f    *excelize.File
	name string
	row  int
	err  error
	cell int // style id of bordered, wrapped cells
	head int // style id of header cells
}

func (x *xlsxSheet) set(col, row int, v string, style int) {
	ref, _ := excelize.CoordinatesToCellName(col, row)
	if err := x.f.SetCellStr(x.name, ref, v); err != nil && x.err == nil {
		x.err = err
	}
	if err := x.f.SetCellStyle(x.name, ref, ref, style); err != nil && x.err == nil {
		x.err = err
	}
}

// span writes v into columns c1..c2 of rows r1..r2, merged.
func (x *xlsxSheet) span(c1, r1, c2, r2 int, v string, style int) {
	for r := r1; r <= r2; r++ {
		for c := c1; c <= c2; c++ {
			x.set(c, r, "", style)
		}
	}
	x.set(c1, r1, v, style)
	if c1 != c2 || r1 != r2 {
		a, _ := excelize.CoordinatesToCellName(c1, r1)
		b, _ := excelize.CoordinatesToCellName(c2, r2)
		if err := x.f.MergeCell(x.name, a, b); err != nil && x.err == nil {
			x.err = err
		}
	}
}

// styles makes the bordered, wrapped styles of the cells and headers
// (the 自评表's and the 监控表's).
func (x *xlsxSheet) styles() {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	align := &excelize.Alignment{WrapText: true, Vertical: "center"}
	center := &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}
	x.cell, _ = x.f.NewStyle(&excelize.Style{Border: border, Alignment: align, Font: &excelize.Font{Size: 10}})
	x.head, _ = x.f.NewStyle(&excelize.Style{Border: border, Alignment: center, Font: &excelize.Font{Size: 10, Bold: true}})
}

func (x *xlsxSheet) layout(sh SelfSheet) {
	x.styles()
	center := &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}
	title, _ := x.f.NewStyle(&excelize.Style{Alignment: center, Font: &excelize.Font{Size: 16, Bold: true}})
	for i, wd := range []float64{10, 12, 24, 12, 12, 8, 8, 24} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		_ = x.f.SetColWidth(x.name, col, col, wd)
	}
	x.span(1, 1, 8, 1, sh.Title+sh.Year, title)
	x.row = 2
	x.line("项目名称", sh.Project)
	x.span(1, x.row, 2, x.row, "主管部门", x.head)
	x.span(3, x.row, 4, x.row, sh.Department, x.cell)
	x.span(5, x.row, 5, x.row, "实施单位", x.head)
	x.span(6, x.row, 8, x.row, sh.Unit, x.cell)
	x.row++
	x.money(sh)
	x.span(1, x.row, 2, x.row+1, "年度总体目标", x.head)
	x.span(3, x.row, 5, x.row, "预期目标", x.head)
	x.span(6, x.row, 8, x.row, "实际完成情况", x.head)
	x.span(3, x.row+1, 5, x.row+1, sh.Goal, x.cell)
	x.span(6, x.row+1, 8, x.row+1, sh.GoalActual, x.cell)
	_ = x.f.SetRowHeight(x.name, x.row+1, 60)
	x.row += 2
	x.indicators(sh)
	// 总分 | 分值 | 得分 as the form has it; the grade on a row of its own.
	x.span(1, x.row, 5, x.row, "总分", x.head)
	x.set(6, x.row, sh.Points, x.head)
	x.set(7, x.row, sh.Total, x.head)
	x.set(8, x.row, "", x.head)
	x.row++
	x.span(1, x.row, 5, x.row, "自评等级", x.head)
	x.span(6, x.row, 8, x.row, sh.Grade, x.head)
	x.row++
	if sh.Recheck != "" {
		x.span(1, x.row, 5, x.row, "财政复核得分", x.head)
		x.set(6, x.row, sh.Points, x.head)
		x.set(7, x.row, sh.Recheck, x.head)
		x.set(8, x.row, "", x.head)
		x.row++
		x.line("复核意见", sh.RecheckOpinion)
	}
	if sh.Reviewed() {
		x.line("审核状态", sh.State)
	}
	if len(sh.Missing) > 0 {
		x.line("未完成，缺", strings.Join(sh.Missing, "；"))
	}
	for _, n := range sh.Notes {
		x.line("说明", n)
	}
	x.line("计分规则", strings.Join(sh.Rules, "\n"))
	_ = x.f.SetPageLayout(x.name, &excelize.PageLayoutOptions{Size: intPtr(9), Orientation: strPtr("portrait"),
		FitToWidth: intPtr(1), FitToHeight: intPtr(0)})
	_ = x.f.SetSheetProps(x.name, &excelize.SheetPropsOptions{FitToPage: boolPtr(true)})
}

func (x *xlsxSheet) line(label, value string) {
	x.span(1, x.row, 2, x.row, label, x.head)
	x.span(3, x.row, 8, x.row, value, x.cell)
	x.row++
}

func (x *xlsxSheet) money(sh SelfSheet) {
	first := x.row
	x.span(1, first, 1, first+len(sh.Money), "项目资金（"+sh.MoneyUnit+"）", x.head)
	x.set(2, first, "", x.head)
	for i, h := range []string{"年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"} {
		x.set(3+i, first, h, x.head)
	}
	for i, m := range sh.Money {
		r := first + 1 + i
		x.set(2, r, m.Label, x.cell)
		for j, v := range m.Cells {
			x.set(3+j, r, v, x.cell)
		}
	}
	x.row = first + 1 + len(sh.Money)
}

func (x *xlsxSheet) indicators(sh SelfSheet) {
	first := x.row
	for i, h := range []string{"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"} {
		x.set(1+i, first, h, x.head)
	}
	for i, r := range sh.Rows {
		row := first + 1 + i
		if r.Level1Span > 0 {
			x.span(1, row, 1, row+r.Level1Span-1, r.Level1, x.cell)
		}
		if r.Level2Span > 0 {
			x.span(2, row, 2, row+r.Level2Span-1, r.Level2, x.cell)
		}
		for j, v := range []string{r.Name, r.Target, r.Actual, r.Weight, r.Score, r.Deviation} {
			x.set(3+j, row, v, x.cell)
		}
	}
	x.row = first + 1 + len(sh.Rows)
}

func intPtr(v int) *int       { return &v }
func strPtr(v string) *string { return &v }
func boolPtr(v bool) *bool    { return &v }

package eval

import (
	"fmt"
	"io"
	"math/big"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"jixiao"
)

// MonitorSheet is one project's 项目支出绩效目标执行监控表 in a monitoring
// round, laid out as the annex of 财预〔2019〕136号 (domain rules §6.3):
// the project, its money (年初预算数, 1-N月执行数, 执行率, 全年预计执行数),
// the annual goal against what is expected by the year's end, and per
// indicator 年度指标值 / 1-N月执行情况 / 全年预计完成 / 偏差原因 / 完成可能性
// / 说明; then the light and the 纠偏 (the unit's measures, finance's
// decision). Text cells ready for a page or a workbook.
type MonitorSheet struct {
	Title      string // 项目支出绩效目标执行监控表
	Period     string // "1-7月", "截至9月15日"
	Year       string // "（2024年1-7月）"
	MoneyUnit  string
	Project    string
	Department string
	Unit       string
	// Money: 年初预算数, 全年预算数, 1-N月执行数, 执行率, 全年预计执行数,
	// 全年预计执行率 ("—" for what was not recorded).
	Money    [6]string
	Goal     string // 年度总体目标
	Expected string // 全年预计完成情况 (the unit's note)
	Rows     []MonitorRow
	// Light is the project's overall light, Reason why.
	Light  string
	Color  Color
	Reason string
	// Correction is the 纠偏 as it stands: Status, the unit's measures and
	// finance's decision in words ("" when none).
	CorrectionStatus string
	Measures         string
	Decision         string
	Rules            string // how the lights are given (LightRules)
}

// MonitorRow is an indicator row; the spans merge 一级 and 二级 cells as
// SheetRow's do.
type MonitorRow struct {
	Level1     string
	Level1Span int
	Level2     string
	Level2Span int
	Name       string
	Kind       string // 累计型 / 时点型, "—" for a qualitative indicator
	Target     string
	ToDate     string
	Forecast   string
	Reasons    string
	Likelihood string
	Note       string
	Light      Color
}

// PeriodLabel names what a round's figures cover: "1-7月" for a round cut
// off at a month's end, "截至9月15日" otherwise.
func PeriodLabel(r jixiao.Round) string {
	c := r.CutOff
	if c.IsZero() {
		return r.Name
	}
	if c.AddDate(0, 0, 1).Day() == 1 {
		return fmt.Sprintf("1-%d月", int(c.Month()))
	}
	return fmt.Sprintf("截至%d月%d日", int(c.Month()), c.Day())
}

// BuildMonitorSheet lays out the 监控表 of project p (of doc) in
// monitoring round a, with its lights pl made under cfg.
func BuildMonitorSheet(cfg Config, doc *jixiao.Document, p *jixiao.Project, pl ProjectLights, a *jixiao.Actuals) MonitorSheet {
	u := doc.MoneyUnit
	if u == "" {
		u = jixiao.WanYuan
	}
	sh := MonitorSheet{Title: "项目支出绩效目标执行监控表", Period: PeriodLabel(a.Round), MoneyUnit: string(u),
		Project: p.Name, Department: doc.Agency, Unit: p.Unit, Goal: p.Goal,
		Light: pl.Overall.Color.Label(), Color: pl.Overall.Color, Reason: pl.Overall.Reason, Rules: LightRules(cfg.Lights)}
	if y := a.Round.CutOff.Year(); !a.Round.CutOff.IsZero() {
		sh.Year = fmt.Sprintf("（%d年%s）", y, sh.Period)
	}
	pa, _ := a.Project(p.Seq)
	sh.Expected = pa.Note
	sh.Money = monitorMoney(p, pa, u)
	for i, ind := range p.Indicators {
		ia, _ := a.Indicator(p.Seq, ind.Seq)
		sh.Rows = append(sh.Rows, monitorRow(ind, ia, pl.Indicators[i]))
	}
	monitorSpans(sh.Rows)
	c := a.Correction(p.Seq)
	if c.Measures != "" || pl.Overall.Color == Red || pl.Overall.Color == Yellow {
		sh.CorrectionStatus, sh.Measures, sh.Decision = c.Status(), c.Measures, DecisionText(c, p, u)
	}
	return sh
}

// monitorMoney is the money block: the published budget, the adjusted one,
// what was executed to date and its rate against the year's budget, and
// the forecast for the year with its rate.
func monitorMoney(p *jixiao.Project, pa jixiao.ProjectActual, u jixiao.MoneyUnit) [6]string {
	const dash = "—"
	budget := AnnualBudget(p.Amounts.Total, pa)
	m := [6]string{PublishedText(p, jixiao.ColTotal, p.Amounts.Total, u), budget.Format(u), dash, dash, dash, dash}
	if Unread(p, jixiao.ColTotal) && !pa.HasBudget {
		m[1] = "未读出"
	}
	rate := func(x jixiao.Money) string {
		if budget <= 0 {
			return dash
		}
		return percent(big.NewRat(int64(x), int64(budget)))
	}
	if pa.HasExecuted {
		m[2], m[3] = pa.Executed.Format(u), rate(pa.Executed)
	}
	if pa.HasForecast {
		m[4], m[5] = pa.Forecast.Format(u), rate(pa.Forecast)
	}
	return m
}

// monitorRow is indicator ind's row with what was recorded (ia) and its
// light l.
func monitorRow(ind jixiao.Indicator, ia jixiao.IndicatorActual, l IndicatorLight) MonitorRow {
	t := EffectiveTarget(ind, ia)
	r := MonitorRow{Level1: ind.Level1, Level2: ind.Level2, Name: ind.Name, Kind: "—", Target: t.Text,
		ToDate: ia.Text, Forecast: withUnit(ia.Forecast, t), Reasons: jixiao.JoinDeviationReasons(ia.Reasons),
		Likelihood: string(ia.Likelihood), Note: ia.Note, Light: l.Light.Color}
	if l.Kind != jixiao.AccrualDefault {
		r.Kind = l.Kind.Label()
	}
	switch {
	case r.ToDate == "" && ia.Value != "":
		r.ToDate = ia.Value + t.Unit
	case r.ToDate == "" && ia.Grade != "":
		r.ToDate = string(ia.Grade)
	}
	return r
}

// withUnit writes a forecast entered as a bare number with its target's
// unit ("100" → "100%").
func withUnit(s string, t jixiao.Target) string {
	s = strings.TrimSpace(s)
	if _, ok := decimalRat(s); ok && t.Unit != "" {
		return s + t.Unit
	}
	return s
}

// monitorSpans merges the 一级 and 二级 cells as spans does for the 自评表.
func monitorSpans(rows []MonitorRow) {
	sr := make([]SheetRow, len(rows))
	for i, r := range rows {
		sr[i] = SheetRow{Level1: r.Level1, Level2: r.Level2}
	}
	spans(sr)
	for i := range rows {
		rows[i].Level1Span, rows[i].Level2Span = sr[i].Level1Span, sr[i].Level2Span
	}
}

// DecisionText is finance's decision in words, with what it names (the
// indicator, the amount), its opinion, who and when; "" before it.
func DecisionText(c jixiao.Correction, p *jixiao.Project, u jixiao.MoneyUnit) string {
	if c.Decision == "" {
		return ""
	}
	s := string(c.Decision)
	switch {
	case c.Decision == jixiao.DecisionAdjust && c.IndicatorSeq >= 1 && c.IndicatorSeq <= len(p.Indicators):
		s += fmt.Sprintf("（指标 %d %s）", c.IndicatorSeq, p.Indicators[c.IndicatorSeq-1].Name)
	case c.Decision.NeedsAmount():
		s += fmt.Sprintf(" %s %s", c.Amount.Format(u), u.Label())
	}
	if c.Opinion != "" {
		s += "：" + c.Opinion
	}
	if c.DecidedBy != "" {
		s += fmt.Sprintf("（%s，%s）", c.DecidedBy, c.DecidedAt.In(jixiao.Beijing).Format(time.DateOnly))
	}
	return s
}

// RoundSummary counts a monitoring round's projects by light and where
// the 纠偏 of the red and yellow ones stands.
type RoundSummary struct {
	Round  jixiao.Round `json:"-"`
	Green  int          `json:"green"`
	Yellow int          `json:"yellow"`
	Red    int          `json:"red"`
	None   int          `json:"none"`
	// Deviating are the red and yellow projects; of them, Measured have
	// the unit's measures, Decided finance's decision, Adjusting a 目标调整
	// filed on a decision to adjust the target.
	Deviating int `json:"deviating"`
	Measured  int `json:"measured"`
	Decided   int `json:"decided"`
	Adjusting int `json:"adjusting"`
}

// SummarizeRound counts the lights pl of round a's projects and their 纠偏.
func SummarizeRound(pl []ProjectLights, a *jixiao.Actuals) RoundSummary {
	s := RoundSummary{Round: a.Round}
	for _, l := range pl {
		switch l.Overall.Color {
		case Green:
			s.Green++
		case Yellow:
			s.Yellow++
		case Red:
			s.Red++
		default:
			s.None++
		}
		if l.Overall.Color != Red && l.Overall.Color != Yellow {
			continue
		}
		s.Deviating++
		c := a.Correction(l.ProjectSeq)
		if c.Measures != "" {
			s.Measured++
		}
		if c.Decision != "" {
			s.Decided++
		}
		if c.AdjustmentID != 0 {
			s.Adjusting++
		}
	}
	return s
}

// Text is the summary in a line, as pages and sheets print it.
func (s RoundSummary) Text() string {
	return fmt.Sprintf("红灯 %d，黄灯 %d，绿灯 %d，未填报 %d；需纠偏 %d 个，已填措施 %d 个，财政已决定 %d 个，已发起目标调整 %d 个",
		s.Red, s.Yellow, s.Green, s.None, s.Deviating, s.Measured, s.Decided, s.Adjusting)
}

// monitorHead is the indicator grid's header, in the annex's order.
func monitorHead(period string) []string {
	return []string{"一级指标", "二级指标", "三级指标", "指标类型", "年度指标值", period + "执行情况", "全年预计完成情况",
		"偏差原因", "完成目标可能性", "备注（原因说明及改进措施）"}
}

// MonitorHead is the grid's header for the page.
func (sh MonitorSheet) MonitorHead() []string { return monitorHead(sh.Period) }

// MoneyHead is the money block's header.
func (sh MonitorSheet) MoneyHead() []string {
	return []string{"年初预算数", "全年预算数", sh.Period + "执行数", sh.Period + "执行率", "全年预计执行数", "全年预计执行率"}
}

// WriteMonitorSheetXLSX writes the 监控表 as a one-sheet workbook set up
// to print on A4 landscape, one page wide.
func WriteMonitorSheetXLSX(w io.Writer, sh MonitorSheet) error {
	f := excelize.NewFile()
	defer f.Close()
	const name = "监控表"
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	x := &xlsxSheet{f: f, name: name}
	x.monitorLayout(sh)
	if x.err != nil {
		return x.err
	}
	return f.Write(w)
}

// monitorCols is the grid's width in columns.
const monitorCols = 10

func (x *xlsxSheet) monitorLayout(sh MonitorSheet) {
	x.styles()
	title, _ := x.f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
		Font: &excelize.Font{Size: 16, Bold: true}})
	for i, wd := range []float64{10, 12, 22, 8, 12, 12, 12, 14, 10, 24} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		_ = x.f.SetColWidth(x.name, col, col, wd)
	}
	x.span(1, 1, monitorCols, 1, sh.Title+sh.Year, title)
	x.row = 2
	x.wideLine("项目名称", sh.Project)
	x.span(1, x.row, 2, x.row, "主管部门", x.head)
	x.span(3, x.row, 5, x.row, sh.Department, x.cell)
	x.span(6, x.row, 7, x.row, "实施单位", x.head)
	x.span(8, x.row, monitorCols, x.row, sh.Unit, x.cell)
	x.row++
	// 项目资金: the label over two rows, six columns, the last one wide.
	x.span(1, x.row, 2, x.row+1, "项目资金（"+sh.MoneyUnit+"）", x.head)
	for i, h := range sh.MoneyHead()[:5] {
		x.set(3+i, x.row, h, x.head)
		x.set(3+i, x.row+1, sh.Money[i], x.cell)
	}
	x.span(8, x.row, monitorCols, x.row, sh.MoneyHead()[5], x.head)
	x.span(8, x.row+1, monitorCols, x.row+1, sh.Money[5], x.cell)
	x.row += 2
	x.span(1, x.row, 2, x.row+1, "年度总体目标", x.head)
	x.span(3, x.row, 6, x.row, "预期目标", x.head)
	x.span(7, x.row, monitorCols, x.row, "全年预计完成情况", x.head)
	x.span(3, x.row+1, 6, x.row+1, sh.Goal, x.cell)
	x.span(7, x.row+1, monitorCols, x.row+1, sh.Expected, x.cell)
	_ = x.f.SetRowHeight(x.name, x.row+1, 48)
	x.row += 2
	for i, h := range sh.MonitorHead() {
		x.set(1+i, x.row, h, x.head)
	}
	first := x.row + 1
	for i, r := range sh.Rows {
		row := first + i
		if r.Level1Span > 0 {
			x.span(1, row, 1, row+r.Level1Span-1, r.Level1, x.cell)
		}
		if r.Level2Span > 0 {
			x.span(2, row, 2, row+r.Level2Span-1, r.Level2, x.cell)
		}
		for j, v := range []string{r.Name, r.Kind, r.Target, r.ToDate, r.Forecast, r.Reasons, r.Likelihood, r.Note} {
			x.set(3+j, row, v, x.cell)
		}
	}
	x.row = first + len(sh.Rows)
	x.wideLine("监控结果", sh.Light+"："+sh.Reason)
	if sh.CorrectionStatus != "" {
		x.wideLine("纠偏情况", sh.CorrectionStatus)
		x.wideLine("纠偏措施", sh.Measures)
		x.wideLine("财政纠偏决定", sh.Decision)
	}
	x.wideLine("亮灯规则", sh.Rules)
	_ = x.f.SetPageLayout(x.name, &excelize.PageLayoutOptions{Size: intPtr(9), Orientation: strPtr("landscape"),
		FitToWidth: intPtr(1), FitToHeight: intPtr(0)})
	_ = x.f.SetSheetProps(x.name, &excelize.SheetPropsOptions{FitToPage: boolPtr(true)})
}

// wideLine is a label over two columns and its value over the rest.
func (x *xlsxSheet) wideLine(label, value string) {
	x.span(1, x.row, 2, x.row, label, x.head)
	x.span(3, x.row, monitorCols, x.row, value, x.cell)
	x.row++
}

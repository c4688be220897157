package export

import "jixiao"

// DefaultTitle is the heading of the published form, used when a document
// has none.
const DefaultTitle = "项目支出绩效目标表（含转移支付项目）"

// OfficialHeader is the seven-column header of the published form.
var OfficialHeader = []string{"项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"}

// RowKind says what a row of the official layout is.
type RowKind int

// The kinds of body row, in the order the form prints them: the 合计 row
// first, then each unit's row followed by its projects.
const (
	RowTotal RowKind = iota
	RowUnit
	RowProject
)

// OfficialRow is one body row of the official layout.
type OfficialRow struct {
	Kind       RowKind
	Name       string
	Amounts    jixiao.Amounts
	Goal       string
	Indicators string // the indicator cell, as jixiao.IndicatorCell writes it
}

// OfficialTable is a document laid out as the published form: title, the
// agency and money unit line, the header, then the body rows.
type OfficialTable struct {
	Title     string
	Agency    string // "部门名称：…" or "单位名称：…"
	UnitLabel string // "单位：万元"
	MoneyUnit jixiao.MoneyUnit
	Rows      []OfficialRow
}

// Official lays doc out as the published form. The 合计 row is the stated
// one when the source had it, else the sum of the projects. A unit row is
// printed for every unit of a department's table (its stated amounts, else
// the sum of its projects); a unit's own table, whose only unit is the
// agency, has none, as published.
func Official(doc *jixiao.Document) *OfficialTable {
	t := &OfficialTable{
		Title:     doc.Title,
		Agency:    agencyLabel(doc),
		MoneyUnit: moneyUnit(doc),
	}
	if t.Title == "" {
		t.Title = DefaultTitle
	}
	t.UnitLabel = "单位：" + string(t.MoneyUnit)
	total := doc.Total()
	if doc.HasStated {
		total = doc.Stated
	}
	t.Rows = append(t.Rows, OfficialRow{Kind: RowTotal, Name: "合计", Amounts: total})
	units := UnitTotals(doc)
	withUnitRows := needsUnitRows(doc, units)
	byUnit := doc.ProjectsByUnit()
	for _, u := range units {
		if withUnitRows {
			t.Rows = append(t.Rows, OfficialRow{Kind: RowUnit, Name: u.Name, Amounts: u.Amounts})
		}
		for _, p := range byUnit[u.Name] {
			t.Rows = append(t.Rows, OfficialRow{Kind: RowProject, Name: p.Name, Amounts: p.Amounts,
				Goal: p.Goal, Indicators: jixiao.IndicatorCell(p.Indicators)})
		}
	}
	return t
}

func agencyLabel(doc *jixiao.Document) string {
	if doc.AgencyKind == jixiao.AgencyUnit {
		return "单位名称：" + doc.Agency
	}
	return "部门名称：" + doc.Agency
}

// needsUnitRows is false only for a unit's own table: one unit, the agency
// itself, without a stated row of its own.
func needsUnitRows(doc *jixiao.Document, units []UnitTotal) bool {
	if doc.AgencyKind != jixiao.AgencyUnit || len(units) != 1 {
		return true
	}
	return units[0].Stated || units[0].Name != doc.Agency
}

// IndicatorCell writes indicators as the published tables do:
// "1、1-产出指标；11-数量指标；name；实施周期指标值:…；年度指标值:…。2、…".
// The format is defined once, beside its parser, by jixiao.IndicatorCell.
func IndicatorCell(ins []jixiao.Indicator) string { return jixiao.IndicatorCell(ins) }

// Cells returns the row's seven cells as text, amounts by Money.Format and
// a cell the source left blank empty, as published.
func (r OfficialRow) Cells(u jixiao.MoneyUnit) []string {
	return append(append([]string{r.Name}, printedCells(r.Amounts, u)...), r.Goal, r.Indicators)
}

// Records returns the whole table as CSV records: title, agency line,
// header, body.
func (t *OfficialTable) Records() [][]string {
	blank := func() []string { return make([]string, len(OfficialHeader)) }
	title, agency := blank(), blank()
	title[0] = t.Title
	agency[0], agency[len(agency)-1] = t.Agency, t.UnitLabel
	recs := [][]string{title, agency, append([]string(nil), OfficialHeader...)}
	for _, r := range t.Rows {
		recs = append(recs, r.Cells(t.MoneyUnit))
	}
	return recs
}

package jixiao

import "time"

// AgencyKind says whether a table is published by one unit (单位, its header
// reads 单位名称) or by a department for all its units (部门, 部门名称).
type AgencyKind string

// The two kinds of publishing agency.
const (
	AgencyUnit       AgencyKind = "单位"
	AgencyDepartment AgencyKind = "部门"
)

// Document is one 项目支出绩效目标表: its heading, its 合计 row, its funding
// units and its projects in the order the source lists them.
type Document struct {
	ID         int64      `json:"id"`
	Title      string     `json:"title"`
	Agency     string     `json:"agency"`
	AgencyKind AgencyKind `json:"agency_kind"`
	MoneyUnit  MoneyUnit  `json:"money_unit"`
	Year       int        `json:"year,omitempty"` // budget year; 0 when unknown
	SourceName string     `json:"source_name"`
	SHA256     string     `json:"sha256"`
	// ContentSHA256 is ContentHash as the store keeps it for an import, so
	// that the same table in another encoding is refused as a duplicate;
	// empty for a draft, whose content changes.
	ContentSHA256 string    `json:"-"`
	Layout        string    `json:"layout"` // reader that produced it: "pdf-text", "markdown", "xlsx", …
	ImportedAt    time.Time `json:"imported_at"`
	// Stated is the 合计 row as printed; HasStated is false when there is none.
	Stated     Amounts   `json:"stated"`
	HasStated  bool      `json:"has_stated"`
	StatedLine int       `json:"stated_line,omitempty"`
	Units      []Unit    `json:"units"`
	Projects   []Project `json:"projects"`
	Findings   []Finding `json:"findings"`
}

// Unit is a funding unit (资金使用单位). A department's table prints a row per
// unit with its subtotal before the unit's projects (HasStated); a unit's own
// table has no such row and its one unit is the agency.
type Unit struct {
	Name      string  `json:"name"`
	Stated    Amounts `json:"stated"`
	HasStated bool    `json:"has_stated"`
	Line      int     `json:"line,omitempty"`
}

// Project is one row of the table: a project of a unit, its money, its goal
// (绩效目标) and its indicators.
type Project struct {
	ID         int64       `json:"id"`
	DocumentID int64       `json:"document_id"`
	Seq        int         `json:"seq"` // 1-based, in document order
	Unit       string      `json:"unit"`
	Name       string      `json:"project"`
	Amounts    Amounts     `json:"amounts"`
	Goal       string      `json:"goal"`
	Indicators []Indicator `json:"indicators"`
	Line       int         `json:"line,omitempty"` // source line of the row, for messages
	// Raw keeps the source text of a row whose amounts could not be read, so
	// that nothing is dropped; it is empty for a row that parsed cleanly.
	Raw string `json:"raw,omitempty"`
	FormFields
}

// FormFields are what the one-project forms (项目支出绩效目标表 and 申报表,
// one per project) print beyond a row of the Guangzhou table; a project
// read from that table leaves them empty.
type FormFields struct {
	Department     string `json:"department,omitempty"`      // 主管部门 as printed, its code removed
	DepartmentCode string `json:"department_code,omitempty"` // the code printed with it: "015001"
	Attribute      string `json:"attribute,omitempty"`       // 项目属性: 延续项目, 新增项目 …
	Term           string `json:"term,omitempty"`            // 项目期 or 起止时间, as printed
	PeriodGoal     string `json:"period_goal,omitempty"`     // 中长期（实施期）目标; Goal is the annual one
	// PeriodTotal is 实施期资金总额; HasPeriodTotal is false when the form
	// prints none.
	PeriodTotal    Money `json:"period_total,omitempty"`
	HasPeriodTotal bool  `json:"has_period_total,omitempty"`
	// AnnualOnly says the form has a single 指标值 column, the annual one,
	// so no indicator can have a period target (the rules do not ask for it).
	AnnualOnly bool `json:"annual_only,omitempty"`
	// SplitPartial says the form prints only part of the year's split
	// (其中：财政拨款, no 其他资金 line), so Amounts.Other is not known to be
	// the rest of the total.
	SplitPartial bool `json:"split_partial,omitempty"`
	// Money lists the lines of the form's money block as printed (年度资金总额,
	// 其中：财政拨款 …) with their amounts; Amounts is what they mean.
	Money []MoneyLine `json:"money,omitempty"`
	// Notes keeps the form's other text fields (项目概况, 立项依据 …).
	Notes []Note `json:"notes,omitempty"`
}

// MoneyLine is one printed line of a form's money block: its label as
// printed (without 其中： and the unit) and its amount.
type MoneyLine struct {
	Label  string `json:"label"`
	Amount Money  `json:"amount"`
}

// IsZero reports whether a project has no form fields (a project of the
// Guangzhou table).
func (f *FormFields) IsZero() bool {
	return f.Department == "" && f.DepartmentCode == "" && f.Attribute == "" && f.Term == "" && f.PeriodGoal == "" &&
		f.PeriodTotal == 0 && !f.HasPeriodTotal && !f.AnnualOnly && !f.SplitPartial && len(f.Money) == 0 && len(f.Notes) == 0
}

// Note is a labelled text a form prints that the model has no field for:
// a project's 项目概况, an indicator's 指标解释 or 备注. Label is the
// printed label.
type Note struct {
	Label string `json:"label"`
	Text  string `json:"text"`
}

// Indicator is one 绩效指标 of a project. The category codes and names are
// kept as written (a wrong pairing such as 2-效益指标 with 12-质量指标
// survives for the checks); Scheme interprets them.
type Indicator struct {
	ID         int64  `json:"id"`
	Seq        int    `json:"seq"` // 1-based within the project
	Level1Code string `json:"level1_code"`
	Level1     string `json:"level1"`
	Level2Code string `json:"level2_code"`
	Level2     string `json:"level2"`
	Name       string `json:"name"`
	Period     Target `json:"period_target"`
	Annual     Target `json:"annual_target"`
	Line       int    `json:"line,omitempty"`
	// Raw keeps the source text of an indicator that did not follow the
	// N、L1；L2；name；实施周期指标值…；年度指标值… pattern.
	Raw string `json:"raw,omitempty"`
	// Level1Printed and Level2Printed are the category labels as a form
	// printed them (项目完成指标 for 产出指标, 实施效果指标 over 产出 and
	// 效益); Level1 and Level2 hold the scheme's names they map to, which
	// the rules judge. Both are empty for the Guangzhou table, whose Level1
	// and Level2 are as printed.
	Level1Printed string `json:"level1_printed,omitempty"`
	Level2Printed string `json:"level2_printed,omitempty"`
	// Notes keeps the grid's extra columns (绩效标准, 指标解释, 备注 …).
	Notes []Note `json:"notes,omitempty"`
	// Accrual is the kind the unit or a reviewer set for monitoring
	// (correction.go); "" follows the unit (AccrualKind).
	Accrual Accrual `json:"accrual,omitempty"`
}

// Total returns the sum of the projects' amounts, what the 合计 row should say.
func (d *Document) Total() Amounts {
	var a Amounts
	for _, p := range d.Projects {
		a = a.Add(p.Amounts)
	}
	return a
}

// UnitProjects returns the projects of the named unit, in order.
func (d *Document) UnitProjects(unit string) []*Project {
	var out []*Project
	for i := range d.Projects {
		if d.Projects[i].Unit == unit {
			out = append(out, &d.Projects[i])
		}
	}
	return out
}

// ProjectsByUnit groups the projects by unit name, each unit's in order, in
// one pass: calling UnitProjects for every unit is quadratic, which a
// province's table of 100,000 projects in 1,000 units feels.
func (d *Document) ProjectsByUnit() map[string][]*Project {
	out := map[string][]*Project{}
	for i := range d.Projects {
		p := &d.Projects[i]
		out[p.Unit] = append(out[p.Unit], p)
	}
	return out
}

// IndicatorCount counts the indicators of all projects.
func (d *Document) IndicatorCount() int {
	n := 0
	for _, p := range d.Projects {
		n += len(p.Indicators)
	}
	return n
}

// Renumber sets every project's Seq and every indicator's Seq from their
// order, as readers and editors must before storing.
func (d *Document) Renumber() {
	for i := range d.Projects {
		d.Projects[i].Seq = i + 1
		for j := range d.Projects[i].Indicators {
			d.Projects[i].Indicators[j].Seq = j + 1
		}
	}
}

// AmountsUnread reports whether the reader could not read the project's
// amounts: a money cell is marked unread, or the row was kept as source
// text (Raw; documents read before Amounts.Unread existed have only that).
// The amount rules stay quiet on such a project; a parse.amount finding
// has said what is wrong.
func (p *Project) AmountsUnread() bool { return p.Raw != "" || p.Amounts.Unread != 0 }

package jixiao

import (
	"fmt"
	"strconv"
	"strings"
)

// SelfEvaluationForm is a published 项目支出绩效自评表 as it was read: the
// annex of 财预〔2020〕10号 (项目资金 rows with 年初预算数 / 全年预算数 /
// 全年执行数 / 分值 / 执行率 / 得分, 年度总体目标 with 实际完成情况, the
// indicator rows, 总分 and 自评等级) and the regional variants of it, such
// as Sichuan's 部门预算项目支出绩效自评表 (年初预算 / 调整后预算数 /
// 预算执行数 / 预算执行率 / 权重 / 得分, 合计).
//
// Every number is kept as printed beside its parsed value: the form's own
// arithmetic is checked, not trusted, and each disagreement is a finding
// (selfeval.*); what the reader was unsure of is a parse.* finding. Lines
// are source lines of the file (page*PDFLineBase + line for a PDF).
type SelfEvaluationForm struct {
	Title     string `json:"title"`
	TitleLine int    `json:"title_line"`
	Year      int    `json:"year,omitempty"` // the year evaluated, from the title ("(2022年度)")

	Project        string `json:"project"`
	ProjectCode    string `json:"project_code,omitempty"` // a budget-system code printed before the name
	ProjectLine    int    `json:"project_line,omitempty"`
	Department     string `json:"department"` // 主管部门, without its code
	DepartmentCode string `json:"department_code,omitempty"`
	DepartmentLine int    `json:"department_line,omitempty"`
	Unit           string `json:"unit"` // 实施单位, without its code
	UnitCode       string `json:"unit_code,omitempty"`
	UnitLine       int    `json:"unit_line,omitempty"`

	MoneyUnit  MoneyUnit           `json:"money_unit"` // 万元 unless the form says 元
	Funds      []SelfEvalFund      `json:"funds"`
	Goals      []SelfEvalGoal      `json:"goals,omitempty"`
	Indicators []SelfEvalIndicator `json:"indicators"`

	TotalWeight PointsCell `json:"total_weight"` // 总分 / 合计 under 分值 (权重)
	TotalScore  PointsCell `json:"total_score"`  // 总分 under 得分
	TotalLine   int        `json:"total_line,omitempty"`
	Grade       string     `json:"grade,omitempty"` // 自评等级 as printed: 优 / 良 / 中 / 差
	GradeLine   int        `json:"grade_line,omitempty"`

	// Truncated is true when the text stops inside the form: its whole
	// rows are kept, a cut last row is not.
	Truncated bool      `json:"truncated,omitempty"`
	Findings  []Finding `json:"findings,omitempty"`
}

// FundSource is what a 项目资金 row of a self-evaluation counts.
type FundSource string

// The fund rows of the 10号 annex and its variants.
const (
	FundTotal     FundSource = "total"     // 年度资金总额, 总额
	FundFiscal    FundSource = "fiscal"    // 当年财政拨款, 财政资金
	FundCarryover FundSource = "carryover" // 上年结转资金
	FundSpecial   FundSource = "special"   // 财政专户管理资金
	FundUnit      FundSource = "unit"      // 单位资金
	FundOther     FundSource = "other"     // 其他资金
)

// SelfEvalFund is one 项目资金 row. A cell the form leaves blank has an
// empty Text.
type SelfEvalFund struct {
	Label    string     `json:"label"` // as printed, without 其中：
	Source   FundSource `json:"source"`
	Planned  MoneyCell  `json:"planned"`  // 年初预算数
	Budget   MoneyCell  `json:"budget"`   // 全年预算数 / 调整后预算数
	Executed MoneyCell  `json:"executed"` // 全年执行数 / 预算执行数
	Weight   PointsCell `json:"weight"`   // 分值 / 权重
	Rate     PointsCell `json:"rate"`     // 执行率, in percent ("100.00%" and "100" are both 100)
	Score    PointsCell `json:"score"`    // 得分
	Line     int        `json:"line"`
}

// SelfEvalGoal is one 年度总体目标 with its 实际完成情况.
type SelfEvalGoal struct {
	Target string `json:"target"` // 预期目标 / 项目年度目标
	Actual string `json:"actual"` // 实际完成情况 / 年度目标完成情况
	Line   int    `json:"line"`
}

// SelfEvalIndicator is one indicator row of a self-evaluation. The printed
// category labels are kept beside the scheme's names they map to, as for a
// target table's Indicator.
type SelfEvalIndicator struct {
	Level1Printed string     `json:"level1_printed,omitempty"`
	Level2Printed string     `json:"level2_printed,omitempty"`
	Level1Code    string     `json:"level1_code,omitempty"`
	Level1        string     `json:"level1"`
	Level2Code    string     `json:"level2_code,omitempty"`
	Level2        string     `json:"level2"`
	Name          string     `json:"name"` // 三级指标
	Target        Target     `json:"target"`
	Actual        string     `json:"actual,omitempty"`    // 实际完成值 as printed
	Weight        PointsCell `json:"weight"`              // 分值 / 权重
	Score         PointsCell `json:"score"`               // 得分
	Deviation     string     `json:"deviation,omitempty"` // 偏差原因分析及改进措施
	Line          int        `json:"line"`
}

// MoneyCell is an amount as printed and as read; OK is false for a blank
// cell or one that is no amount (then Text says what was printed).
type MoneyCell struct {
	Text   string `json:"text,omitempty"`
	Amount Money  `json:"amount"`
	OK     bool   `json:"ok"`
}

// PointsCell is a score, weight or rate as printed and as read.
type PointsCell struct {
	Text  string `json:"text,omitempty"`
	Value Points `json:"value"`
	OK    bool   `json:"ok"`
}

// Points is an exact decimal score (or percent) in thousandths: 22.5 is
// 22500, 99.3 is 99300, "100.00%" is 100000. Like Money it never passes
// through a float.
type Points int64

// PointsDecimals is how many decimals Points holds exactly.
const PointsDecimals = 3

// ParsePoints reads a decimal score or percent: "8", "19.6", "100.00%",
// full-width digits, a trailing "分". It refuses more decimals than Points
// holds rather than round.
func ParsePoints(s string) (Points, error) {
	t := strings.TrimSpace(FoldWidth(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "%"), "分")
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(t, "-")
	whole, frac, dot := strings.Cut(t, ".")
	if whole == "" || !allDigits(whole) || !allDigits(frac) || dot && frac == "" {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if len(frac) > PointsDecimals {
		return 0, fmt.Errorf("%q has more than %d decimals", s, PointsDecimals)
	}
	if len(whole) > 12 {
		return 0, fmt.Errorf("%q is too large", s)
	}
	n, _ := strconv.ParseInt(whole+frac+strings.Repeat("0", PointsDecimals-len(frac)), 10, 64)
	if neg {
		n = -n
	}
	return Points(n), nil
}

// String writes p with the decimals it needs: "22.5", "100", "99.3".
func (p Points) String() string {
	sign := ""
	n := int64(p)
	if n < 0 {
		sign, n = "-", -n
	}
	whole, frac := n/1000, n%1000
	if frac == 0 {
		return sign + strconv.FormatInt(whole, 10)
	}
	return sign + strconv.FormatInt(whole, 10) + "." + strings.TrimRight(fmt.Sprintf("%03d", frac), "0")
}

// SelfEvalGrade is the 自评等级 of 财预〔2020〕10号 for a total score:
// 优 from 90, 良 from 80, 中 from 60, else 差.
func SelfEvalGrade(total Points) string {
	switch {
	case total >= 90_000:
		return "优"
	case total >= 80_000:
		return "良"
	case total >= 60_000:
		return "中"
	}
	return "差"
}

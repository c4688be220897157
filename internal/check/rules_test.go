package check

import (
	"fmt"
	"strings"
	"testing"

	"jixiao"
)

// The rule tests build small documents by hand: a clean one that no rule
// fires on, then one change per case that either fires exactly one finding
// of the rule at a known place, or is a near miss that must not fire it.

const unitA = "广州市某区就业服务中心"

func wan(s string) jixiao.Money {
	m, err := jixiao.ParseMoney(s, jixiao.WanYuan)
	if err != nil {
		panic(err)
	}
	return m
}

func amounts(total, fiscal, special, other string) jixiao.Amounts {
	return jixiao.Amounts{Total: wan(total), Fiscal: wan(fiscal), SpecialAccount: wan(special), Other: wan(other)}
}

// ind makes an indicator from its printed parts: "1-产出指标", "11-数量指标".
func ind(l1, l2, name, period, annual string) jixiao.Indicator {
	c1, n1, _ := strings.Cut(l1, "-")
	c2, n2, _ := strings.Cut(l2, "-")
	return jixiao.Indicator{Level1Code: c1, Level1: n1, Level2Code: c2, Level2: n2, Name: name,
		Period: jixiao.ParseTarget(period), Annual: jixiao.ParseTarget(annual)}
}

func out(name, target string) jixiao.Indicator {
	return ind("1-产出指标", "11-数量指标", name, target, target)
}

func quality(name, target string) jixiao.Indicator {
	return ind("1-产出指标", "12-质量指标", name, target, target)
}

func social(name, target string) jixiao.Indicator {
	return ind("2-效益指标", "22-社会效益", name, target, target)
}

func satisfied(target string) jixiao.Indicator {
	return ind("3-满意度指标", "31-服务对象满意度", "服务对象满意度", target, target)
}

// cleanDoc is a unit table with two well-formed projects and a 合计 row
// that adds up.
func cleanDoc() *jixiao.Document {
	doc := &jixiao.Document{
		Title: "项目支出绩效目标表", Agency: unitA, AgencyKind: jixiao.AgencyUnit, MoneyUnit: jixiao.WanYuan,
		Stated: amounts("30.00", "25.00", "0.00", "5.00"), HasStated: true, StatedLine: 3,
		Units: []jixiao.Unit{{Name: unitA}},
		Projects: []jixiao.Project{
			{Unit: unitA, Name: "城乡劳动力职业技能培训补贴", Amounts: amounts("20.00", "15.00", "0.00", "5.00"),
				Goal: "开展职业技能培训，提高劳动者就业能力。", Line: 10,
				Indicators: []jixiao.Indicator{
					out("培训人数", "≥100人"), quality("培训合格率", "≥90%"),
					social("培训后就业人数", "≥60人"), satisfied("≥90%"),
				}},
			{Unit: unitA, Name: "创业担保贷款贴息", Amounts: amounts("10.00", "10.00", "0.00", "0.00"),
				Goal: "为创业者提供贷款贴息，带动就业。", Line: 20,
				Indicators: []jixiao.Indicator{
					out("贴息笔数", "≥50笔"), ind("1-产出指标", "13-时效指标", "贴息发放及时率", "100%", "100%"),
					ind("2-效益指标", "21-经济效益", "带动就业人数", "≥150人", "≥150人"), satisfied("≥85%"),
				}},
		},
	}
	doc.Renumber()
	for i := range doc.Projects {
		for j := range doc.Projects[i].Indicators {
			doc.Projects[i].Indicators[j].Line = doc.Projects[i].Line + 1 + j
		}
	}
	return doc
}

// unreadStatedTotal is a 合计 row whose 总计 the reader could not read: its
// 0 is not a figure, and no amount rule may judge it.
func unreadStatedTotal(d *jixiao.Document) {
	d.Stated.Total, d.Stated.Unread = 0, jixiao.ColTotal
}

// deptDoc is a department table: two units with subtotal rows.
func deptDoc() *jixiao.Document {
	doc := cleanDoc()
	doc.AgencyKind = jixiao.AgencyDepartment
	doc.Projects[1].Unit = "广州市某区人才服务中心"
	doc.Units = []jixiao.Unit{
		{Name: unitA, Stated: amounts("20.00", "15.00", "0.00", "5.00"), HasStated: true, Line: 9},
		{Name: "广州市某区人才服务中心", Stated: amounts("10.00", "10.00", "0.00", "0.00"), HasStated: true, Line: 19},
	}
	return doc
}

func TestCleanDocumentHasNoFindings(t *testing.T) {
	for name, doc := range map[string]*jixiao.Document{"unit": cleanDoc(), "department": deptDoc()} {
		if fs := Run(doc); len(fs) != 0 {
			t.Errorf("%s table: want no findings, got %v", name, fs)
		}
	}
}

type ruleCase struct {
	rule      string
	name      string
	doc       func() *jixiao.Document
	change    func(d *jixiao.Document)
	fires     bool
	project   int // where the one finding must be (0 for unit/document)
	indicator int
	// priors gives the projects' earlier years (the year-on-year rules).
	priors func(d *jixiao.Document) map[int][]Prior
	// peers are the 标杆值 the peer rules compare with.
	peers *Peers
}

// setInd replaces indicator j (1-based) of project i (1-based).
func setInd(i, j int, in jixiao.Indicator) func(d *jixiao.Document) {
	return func(d *jixiao.Document) {
		in.Seq, in.Line = j, d.Projects[i-1].Indicators[j-1].Line
		d.Projects[i-1].Indicators[j-1] = in
	}
}

func both(fs ...func(d *jixiao.Document)) func(d *jixiao.Document) {
	return func(d *jixiao.Document) {
		for _, f := range fs {
			f(d)
		}
	}
}

var ruleCases = []ruleCase{
	// amount.sum
	{rule: "amount.sum", name: "project total off by one fen", change: func(d *jixiao.Document) {
		d.Projects[1].Amounts.Total++
	}, fires: true, project: 2},
	{rule: "amount.sum", name: "unit subtotal row", doc: deptDoc, change: func(d *jixiao.Document) {
		d.Units[1].Stated.Other = wan("1.00")
	}, fires: true},
	{rule: "amount.sum", name: "合计 row", change: func(d *jixiao.Document) {
		d.Stated.Fiscal = wan("24.00")
	}, fires: true},
	{rule: "amount.sum", name: "near miss: money split over all three sources", change: func(d *jixiao.Document) {
		d.Projects[1].Amounts = amounts("10.00", "6.00", "3.00", "1.00")
		d.Stated = amounts("30.00", "21.00", "3.00", "6.00")
	}},
	// amount.subtotal / amount.rounding
	{rule: "amount.subtotal", name: "subtotal 0.20 off over 1 project", doc: deptDoc, change: func(d *jixiao.Document) {
		d.Units[1].Stated = amounts("10.20", "10.20", "0.00", "0.00")
		d.Stated = amounts("30.20", "25.20", "0.00", "5.00")
	}, fires: true},
	{rule: "amount.subtotal", name: "near miss: 0.005 off over 1 project is rounding", doc: deptDoc, change: func(d *jixiao.Document) {
		d.Units[1].Stated = amounts("10.005", "10.005", "0.00", "0.00")
		d.Stated = amounts("30.005", "25.005", "0.00", "5.00")
	}},
	{rule: "amount.rounding", name: "subtotal 0.005 off over 1 project", doc: deptDoc, change: func(d *jixiao.Document) {
		d.Units[1].Stated = amounts("10.005", "10.005", "0.00", "0.00")
		d.Stated = amounts("30.005", "25.005", "0.00", "5.00")
	}, fires: true},
	{rule: "amount.rounding", name: "near miss: 0.006 off over 1 project is beyond rounding", doc: deptDoc, change: func(d *jixiao.Document) {
		d.Units[1].Stated = amounts("10.006", "10.006", "0.00", "0.00")
		d.Stated = amounts("30.006", "25.006", "0.00", "5.00")
	}},
	{rule: "amount.rounding", name: "合计 0.01 off over 2 projects", change: func(d *jixiao.Document) {
		d.Stated = amounts("30.01", "25.01", "0.00", "5.00")
	}, fires: true},
	// amount.total
	{rule: "amount.total", name: "near miss: the 合计 row's 总计 could not be read", change: unreadStatedTotal},
	{rule: "amount.sum", name: "near miss: the 合计 row's 总计 could not be read", change: unreadStatedTotal},
	{rule: "amount.subtotal", name: "near miss: a unit row's 总计 could not be read", doc: deptDoc, change: func(d *jixiao.Document) {
		d.Units[1].Stated.Total, d.Units[1].Stated.Unread = 0, jixiao.ColTotal
	}},
	{rule: "amount.total", name: "合计 1.00 more than the projects", change: func(d *jixiao.Document) {
		d.Stated = amounts("31.00", "26.00", "0.00", "5.00")
	}, fires: true},
	{rule: "amount.total", name: "合计 differs from the unit rows", doc: deptDoc, change: func(d *jixiao.Document) {
		d.Stated = amounts("40.00", "35.00", "0.00", "5.00")
	}, fires: true},
	{rule: "amount.total", name: "near miss: 合计 equals the unit rows, not the projects", doc: deptDoc, change: func(d *jixiao.Document) {
		d.Units[0].Stated = amounts("20.01", "15.01", "0.00", "5.00")
		d.Stated = amounts("30.01", "25.01", "0.00", "5.00")
	}},
	{rule: "amount.total", name: "near miss: 0.01 off over 2 projects is rounding", change: func(d *jixiao.Document) {
		d.Stated = amounts("30.01", "25.01", "0.00", "5.00")
	}},
	// project rules
	{rule: "project.missing-goal", name: "empty goal", change: func(d *jixiao.Document) { d.Projects[0].Goal = " " },
		fires: true, project: 1},
	{rule: "project.missing-goal", name: "near miss: short goal", change: func(d *jixiao.Document) { d.Projects[0].Goal = "完成培训。" }},
	{rule: "project.no-indicators", name: "no indicators", change: func(d *jixiao.Document) { d.Projects[1].Indicators = nil },
		fires: true, project: 2},
	{rule: "project.no-indicators", name: "near miss: one indicator", change: func(d *jixiao.Document) {
		d.Projects[1].Indicators = d.Projects[1].Indicators[:1]
	}},
	{rule: "project.missing-output", name: "only benefit and satisfaction", change: func(d *jixiao.Document) {
		d.Projects[0].Indicators = d.Projects[0].Indicators[2:]
		d.Renumber()
	}, fires: true, project: 1},
	{rule: "project.missing-output", name: "near miss: only a 时效 output", change: func(d *jixiao.Document) {
		d.Projects[1].Indicators = d.Projects[1].Indicators[1:]
		d.Renumber()
	}},
	{rule: "project.missing-benefit", name: "only output and satisfaction", change: func(d *jixiao.Document) {
		p := &d.Projects[0]
		p.Indicators = append(p.Indicators[:2], p.Indicators[3])
		d.Renumber()
	}, fires: true, project: 1},
	{rule: "project.missing-benefit", name: "near miss: benefit is 24-可持续影响", change: setInd(1, 3,
		ind("2-效益指标", "24-可持续影响", "培训基地持续运行年限", "≥3年", "≥3年"))},
	{rule: "project.missing-satisfaction", name: "training subsidy without satisfaction", change: func(d *jixiao.Document) {
		d.Projects[0].Indicators = d.Projects[0].Indicators[:3]
	}, fires: true, project: 1},
	{rule: "project.missing-satisfaction", name: "near miss: the office's own premises", change: func(d *jixiao.Document) {
		p := &d.Projects[0]
		p.Name = "办公大楼物业管理费"
		p.Indicators = []jixiao.Indicator{out("物业管理面积", "1556平方米"), quality("保洁达标率", "100%"), social("公共设施完好率", "100%")}
		d.Renumber()
	}},
	{rule: "project.few-indicators", name: "two indicators", change: func(d *jixiao.Document) {
		d.Projects[1].Indicators = []jixiao.Indicator{d.Projects[1].Indicators[0], d.Projects[1].Indicators[2]}
		d.Renumber()
	}, fires: true, project: 2},
	{rule: "project.few-indicators", name: "near miss: three indicators", change: func(d *jixiao.Document) {
		d.Projects[1].Indicators = d.Projects[1].Indicators[:3]
	}},
	{rule: "project.duplicate", name: "same name, amounts and indicators", change: func(d *jixiao.Document) {
		dup := d.Projects[1]
		dup.Indicators = append([]jixiao.Indicator(nil), dup.Indicators...)
		dup.Goal = "另一段目标文字。"
		d.Projects = append(d.Projects, dup)
		d.Stated = amounts("40.00", "35.00", "0.00", "5.00")
		d.Renumber()
	}, fires: true, project: 3},
	{rule: "project.duplicate", name: "near miss: same name and indicators, other amount", change: func(d *jixiao.Document) {
		dup := d.Projects[1]
		dup.Amounts = amounts("12.00", "12.00", "0.00", "0.00")
		d.Projects = append(d.Projects, dup)
		d.Stated = amounts("42.00", "37.00", "0.00", "5.00")
		d.Renumber()
	}},
	// indicator.copied
	{rule: "indicator.copied", name: "another project with the same list", change: func(d *jixiao.Document) {
		d.Projects[1].Indicators = append([]jixiao.Indicator(nil), d.Projects[0].Indicators...)
		d.Renumber()
	}, fires: true, project: 2},
	{rule: "indicator.copied", name: "a list contained in another's", change: func(d *jixiao.Document) {
		d.Projects[1].Indicators = append([]jixiao.Indicator(nil), d.Projects[0].Indicators[1:]...)
		d.Renumber()
	}, fires: true, project: 2},
	{rule: "indicator.copied", name: "near miss: one target differs", change: func(d *jixiao.Document) {
		d.Projects[1].Indicators = append([]jixiao.Indicator(nil), d.Projects[0].Indicators...)
		d.Projects[1].Indicators[0] = out("培训人数", "≥120人")
		d.Renumber()
	}},
	{rule: "indicator.copied", name: "near miss: only two shared indicators", change: func(d *jixiao.Document) {
		d.Projects[1].Indicators = append([]jixiao.Indicator(nil), d.Projects[0].Indicators[2:]...)
		d.Projects[1].Indicators = append(d.Projects[1].Indicators, out("贴息笔数", "≥50笔"))
		d.Renumber()
	}},
	// indicator rules
	{rule: "indicator.duplicate", name: "the same indicator twice", change: setInd(2, 2, out("贴息笔数", "≥60笔")),
		fires: true, project: 2, indicator: 2},
	{rule: "indicator.duplicate", name: "near miss: similar names", change: setInd(2, 2, out("贴息笔数（新增）", "≥10笔"))},
	{rule: "indicator.output-and-benefit", name: "under 产出 and 效益", change: setInd(1, 3, social("培训人数", "≥100人")),
		fires: true, project: 1, indicator: 3},
	{rule: "indicator.output-and-benefit", name: "near miss: twice under 产出", change: setInd(1, 2, quality("培训人数", "≥100人"))},
	{rule: "indicator.level-mismatch", name: "12-质量指标 under 2-效益指标", change: setInd(1, 3,
		ind("2-效益指标", "12-质量指标", "招聘到位率", "95%", "95%")), fires: true, project: 1, indicator: 3},
	{rule: "indicator.level-mismatch", name: "near miss: 14-成本指标 under 1-产出指标", change: setInd(1, 2,
		ind("1-产出指标", "14-成本指标", "人均培训成本", "≤2000元", "≤2000元"))},
	{rule: "indicator.unknown-category", name: "name does not fit the code", change: setInd(1, 3,
		ind("2-效益指标", "22-经济效益", "带动收入", "≥10万元", "≥10万元")), fires: true, project: 1, indicator: 3},
	{rule: "indicator.unknown-category", name: "code outside the scheme", change: setInd(1, 1,
		ind("1-产出指标", "15-数量指标", "培训人数", "≥100人", "≥100人")), fires: true, project: 1, indicator: 1},
	{rule: "indicator.unknown-category", name: "near miss: synonyms", change: both(
		setInd(1, 3, ind("2-效益指标", "23-环境效益指标", "绿化面积", "≥100平方米", "≥100平方米")),
		setInd(1, 4, ind("3-满意度指标", "31-社会公众或服务对象满意度指标", "满意度", "≥90%", "≥90%")))},
	{rule: "indicator.money-as-output", name: "数量指标 counting money paid", change: setInd(2, 1, out("资金拨付率", "100%")),
		fires: true, project: 2, indicator: 1},
	{rule: "indicator.money-as-output", name: "near miss: payment timeliness under 时效", change: setInd(2, 2,
		ind("1-产出指标", "13-时效指标", "资金拨付及时率", "100%", "100%"))},
	// target rules
	{rule: "target.missing", name: "empty period target", change: setInd(1, 1, ind("1-产出指标", "11-数量指标", "培训人数", "", "≥100人")),
		fires: true, project: 1, indicator: 1},
	{rule: "target.missing", name: "near miss: a qualitative target", change: setInd(1, 3, social("培训档案", "完整、规范"))},
	{rule: "target.vague", name: "有效提升", change: setInd(1, 3, social("就业能力", "有效提升")), fires: true, project: 1, indicator: 3},
	{rule: "target.vague", name: "near miss: a deadline", change: setInd(2, 2,
		ind("1-产出指标", "13-时效指标", "贴息发放时间", "当年度12月31日前完成", "当年度12月31日前完成"))},
	{rule: "target.vague", name: "near miss: a direction with a number", change: setInd(1, 3, social("就业率", "提升至95%"))},
	{rule: "target.external-reference", name: "以实际数为准", change: setInd(1, 1, out("培训人数", "以实际数为准")),
		fires: true, project: 1, indicator: 1},
	{rule: "target.external-reference", name: "near miss: 按时完成", change: setInd(2, 2,
		ind("1-产出指标", "13-时效指标", "贴息发放", "按时完成", "按时完成"))},
	{rule: "target.no-unit", name: "bare number", change: setInd(1, 1, out("培训人数", "1500")), fires: true, project: 1, indicator: 1},
	{rule: "target.no-unit", name: "near miss: number with a unit", change: setInd(1, 1, out("培训人数", "1500人"))},
	{rule: "target.rate-not-percent", name: "rate with a word", change: setInd(1, 2, quality("培训合格率", "合格")),
		fires: true, project: 1, indicator: 2},
	{rule: "target.rate-not-percent", name: "near miss: 效率 is not a ratio", change: setInd(1, 3, social("提高工作效率", "明显提高"))},
	{rule: "target.percent-range", name: "share above 100", change: setInd(1, 2, quality("培训合格率", "≥120%")),
		fires: true, project: 1, indicator: 2},
	{rule: "target.percent-range", name: "near miss: a growth rate", change: setInd(1, 3, social("创业人数增长率", "≥120%"))},
	{rule: "target.compound", name: "20%，满意", change: setInd(1, 3, social("回访率及满意度", "20%，满意")),
		fires: true, project: 1, indicator: 3},
	{rule: "target.compound", name: "near miss: a list of qualities", change: setInd(1, 3, social("培训档案", "完整、规范、内容全"))},
	{rule: "target.upper-bound-output", name: "≤ on a count", change: setInd(1, 1, out("培训人数", "≤100人")),
		fires: true, project: 1, indicator: 1},
	{rule: "target.upper-bound-output", name: "near miss: ≤ on complaints", change: setInd(1, 1, out("投诉次数", "≤10次"))},
	{rule: "target.period-annual-mismatch", name: "comparator", change: setInd(1, 1,
		ind("1-产出指标", "11-数量指标", "培训场次", "≥10次", "10次")), fires: true, project: 1, indicator: 1},
	{rule: "target.period-annual-mismatch", name: "annual stricter", change: setInd(1, 1,
		ind("1-产出指标", "11-数量指标", "培训人数", "≥100人", "≥120人")), fires: true, project: 1, indicator: 1},
	{rule: "target.period-annual-mismatch", name: "truncated text", change: setInd(1, 3,
		ind("2-效益指标", "22-社会效益", "企业用人成本", "有效降低", "有效降")), fires: true, project: 1, indicator: 3},
	{rule: "target.period-annual-mismatch", name: "near miss: annual part of a longer period", change: both(
		setInd(1, 1, ind("1-产出指标", "11-数量指标", "培训人数", "≥300人", "≥100人")),
		setInd(1, 2, ind("1-产出指标", "12-质量指标", "投诉率", "≤5%", "≤8%")))},
}

// periodTotal gives project 1 an implementation-period total of factor
// times its annual total, in tenths.
func periodTotal(tenths int64) func(d *jixiao.Document) {
	return func(d *jixiao.Document) {
		p := &d.Projects[0]
		p.PeriodTotal, p.HasPeriodTotal = p.Amounts.Total*jixiao.Money(tenths)/10, true
	}
}

func init() {
	ruleCases = append(ruleCases,
		ruleCase{rule: "amount.period", name: "year above the period", change: periodTotal(5), fires: true, project: 1},
		ruleCase{rule: "amount.period", name: "near miss: period three years", change: periodTotal(30)})
}

func TestRules(t *testing.T) {
	tested := map[string][2]bool{}
	for _, tc := range ruleCases {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			if _, ok := Lookup(tc.rule); !ok {
				t.Fatalf("rule %s is not in the catalogue", tc.rule)
			}
			mk := tc.doc
			if mk == nil {
				mk = cleanDoc
			}
			d := mk()
			tc.change(d)
			var priors map[int][]Prior
			if tc.priors != nil {
				priors = tc.priors(d)
			}
			got := only(RunWith(d, Context{Priors: priors, Peers: tc.peers}), tc.rule)
			if !tc.fires {
				if len(got) != 0 {
					t.Fatalf("near miss fired: %v", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("want one %s finding, got %d: %v", tc.rule, len(got), got)
			}
			f := got[0]
			if f.ProjectSeq != tc.project || f.IndicatorSeq != tc.indicator {
				t.Errorf("finding at project %d indicator %d, want %d/%d: %s", f.ProjectSeq, f.IndicatorSeq, tc.project, tc.indicator, f.Message)
			}
			r, _ := Lookup(tc.rule)
			if f.Severity != r.Severity || f.Message == "" || f.Line == 0 {
				t.Errorf("finding incomplete: %+v", f)
			}
			if tc.project > 0 && !strings.Contains(f.Message, d.Projects[tc.project-1].Name) {
				t.Errorf("message does not name the project: %s", f.Message)
			}
		})
		seen := tested[tc.rule]
		if tc.fires {
			seen[0] = true
		} else {
			seen[1] = true
		}
		tested[tc.rule] = seen
	}
	for _, r := range Rules() {
		if s := tested[r.ID]; !s[0] || !s[1] {
			t.Errorf("rule %s lacks a firing case (%v) or a near miss (%v)", r.ID, s[0], s[1])
		}
	}
}

func only(fs []jixiao.Finding, rule string) []jixiao.Finding {
	var out []jixiao.Finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func TestFindingsInDocumentOrder(t *testing.T) {
	d := deptDoc()
	d.Stated.Total = wan("99.00")                               // document: amount.sum + amount.total
	d.Units[1].Stated = amounts("9.00", "9.00", "0.00", "0.00") // unit 2: amount.subtotal
	d.Projects[1].Indicators[0] = out("贴息笔数", "50")             // project 2 indicator 1: no-unit
	d.Projects[0].Indicators[2] = social("培训后就业", "有效提升")       // project 1 indicator 3: vague
	d.Projects[0].Goal = ""                                     // project 1: missing-goal
	d.Renumber()
	var got []string
	for _, f := range Run(d) {
		got = append(got, fmt.Sprintf("%s@%s/%d/%d", f.Rule, f.Unit, f.ProjectSeq, f.IndicatorSeq))
	}
	want := []string{
		"amount.sum@/0/0", "amount.total@/0/0",
		"project.missing-goal@" + unitA + "/1/0",
		"target.vague@" + unitA + "/1/3",
		"amount.subtotal@广州市某区人才服务中心/0/0",
		"target.no-unit@广州市某区人才服务中心/2/1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("order:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRawRowsAreLeftToTheReader(t *testing.T) {
	d := cleanDoc()
	d.Projects[1].Raw = "创业担保贷款贴息 10.0O …"
	d.Projects[1].Amounts = jixiao.Amounts{}
	d.Projects[0].Indicators[0] = jixiao.Indicator{Seq: 1, Raw: "1、培训人数≥100人"}
	if fs := Run(d); len(fs) != 0 {
		t.Errorf("rules judged rows the reader could not read: %v", fs)
	}
}

func TestCatalogueIsWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("duplicate rule id %s", r.ID)
		}
		seen[r.ID] = true
		if r.Title == "" || r.Why == "" || r.Source == "" || r.Example == "" || r.check == nil {
			t.Errorf("rule %s is missing a field", r.ID)
		}
		switch r.Severity {
		case jixiao.SeverityError, jixiao.SeverityWarning, jixiao.SeverityInfo:
		default:
			t.Errorf("rule %s has severity %q", r.ID, r.Severity)
		}
	}
	for _, id := range []string{"amount.sum", "amount.subtotal", "amount.rounding", "amount.total",
		"indicator.level-mismatch", "indicator.unknown-category", "project.missing-output",
		"project.missing-benefit", "project.missing-satisfaction", "target.vague",
		"target.external-reference", "target.no-unit", "target.rate-not-percent", "target.percent-range",
		"target.compound", "target.upper-bound-output", "target.period-annual-mismatch",
		"project.duplicate", "indicator.duplicate", "indicator.copied"} {
		if !seen[id] {
			t.Errorf("the issue's rule %s is not in the catalogue", id)
		}
	}
}

func TestSortFindingsMergesReaderFindings(t *testing.T) {
	d := deptDoc()
	fs := []jixiao.Finding{
		{Rule: "parse.indicator", ProjectSeq: 2, IndicatorSeq: 1},
		{Rule: "parse.amounts", ProjectSeq: 1},
		{Rule: "parse.stray", Unit: "广州市某区人才服务中心"},
		{Rule: "amount.sum"},
		{Rule: "target.vague", ProjectSeq: 1, IndicatorSeq: 2},
	}
	SortFindings(d, fs)
	var got []string
	for _, f := range fs {
		got = append(got, f.Rule)
	}
	want := "amount.sum parse.amounts target.vague parse.stray parse.indicator"
	if strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

package ingest

import (
	"testing"

	"jixiao"
)

// The reader gaps the third collection of real forms showed (fixtures 31
// to 38), each in the few lines of its form that show it.

// parseForm parses a form text and fails the test on an error.
func parseForm(t *testing.T, text string) *jixiao.Document {
	t.Helper()
	doc, err := Parse("form.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// From 32 (巴南区圣灯山镇): the lines under the grid name the clerk and
// the date; they close the form and are no indicators.
func TestFormClerkLinesEndTheForm(t *testing.T) {
	doc := parseForm(t, "项目支出绩效目标表\n(2022年度)\n项目名称 党支部书记补贴\n主管部门 圣灯山镇人民政府 实施单位 党群办\n"+
		"年度资金总额: 20\n当年绩效目标 发放补贴。\n一级指标 二级指标 三级指标 指标值\n产出指标 数量指标 按照全镇党支部书记发放 100%\n"+
		"满意度指标 服务对象满意度指标 满意度95%以上 ≧95%\n经办人及联系电话:王舜17782316998\n\n上报时间:  2021 年10  月 26日\n")
	p := doc.Projects[0]
	if len(p.Indicators) != 2 {
		t.Errorf("%d indicators, want 2: %+v", len(p.Indicators), p.Indicators)
	}
	for _, in := range p.Indicators {
		if in.Name != "按照全镇党支部书记发放" && in.Name != "满意度95%以上" {
			t.Errorf("indicator %q read from the lines under the grid", in.Name)
		}
	}
}

// From 32: a category label wrapped before a part that is a label alone,
// "服务对象" / "满意度指标", is 服务对象满意度指标, not an indicator named
// 服务对象 under the level-1 label.
func TestFormCategoryWrappedBeforeALabel(t *testing.T) {
	doc := parseForm(t, "项目支出绩效目标表\n项目名称 补贴\n主管部门 某镇人民政府\n年度资金总额: 20\n一级指标 二级指标 三级指标 指标值\n"+
		"产出指标 数量指标 发放人数 48人\n满意度指标 服务对象\n满意度指标\n满意度95%以上 ≧95%\n")
	ins := doc.Projects[0].Indicators
	if len(ins) != 2 {
		t.Fatalf("%d indicators, want 2: %+v", len(ins), ins)
	}
	in := ins[1]
	if in.Name != "满意度95%以上" || in.Level2Printed != "服务对象满意度指标" || in.Level1 != "满意度指标" {
		t.Errorf("got %q under %q/%q, want 满意度95%%以上 under 满意度指标/服务对象满意度指标", in.Name, in.Level1, in.Level2Printed)
	}
	if hasParseFinding(doc) {
		t.Errorf("findings on a whole form: %v", doc.Findings)
	}
}

// From 32: the labels the unit's value ran into (归口业务科室, 是否政府采购
// printed empty) are labels; 开始日期 and 结束日期 give the 项目期.
func TestFormStartEndDates(t *testing.T) {
	doc := parseForm(t, "项目支出绩效目标表\n项目名称 补贴 项目负责人及电话 王舜\n主管部门 某镇人民政府 实施单位 党群办\n归口业务科室\n\n是否政府采购\n"+
		"开始日期 2022年1月1日 结束日期 2022年12月31日\n项目口径 长期 项目属性\n资金情况\n(单位:万元)\n年度资金总额: 20\n"+
		"一级指标 二级指标 三级指标 指标值\n产出指标 数量指标 发放人数 48人\n")
	p := doc.Projects[0]
	if p.Unit != "党群办" {
		t.Errorf("unit %q, want 党群办", p.Unit)
	}
	if p.Term != "2022年1月1日至2022年12月31日" {
		t.Errorf("term %q, want 2022年1月1日至2022年12月31日", p.Term)
	}
	if p.Attribute != "" {
		t.Errorf("attribute %q, printed empty", p.Attribute)
	}
}

// From 35 (清涧县): 总体目标 printed down a narrow cell and cut to its first
// character, "总 |", is no amount of the money line above it.
func TestFormCutGoalLabelIsNoAmount(t *testing.T) {
	doc := parseForm(t, "绩效目标申报表 |\n|||||||\n项目名称 |\n果园路 |\n||||\n主管部门 |\n清涧县交通运输局 |\n||||\n资金情况 |\n年度资金总额: |\n500 |\n|||||\n"+
		"其他资金 |\n|\n||||||\n总 |\n年度目标 |\n||||||\n修路2公里 |\n|||||||\n绩 |\n一级指标 |\n二级指标 |\n三级指标 |\n指标值 |\n|||\n"+
		"产出指标 |\n数量指标 |\n新建水泥路 |\n2km |\n||||\n满意度指标 |\n服务对象满意度指标 |\n群众满意度 |\n≥95% |\n||||\n")
	p := doc.Projects[0]
	if len(p.Money) != 1 || p.Money[0].Label != "年度资金总额" {
		t.Errorf("money %v, want 年度资金总额 alone (其他资金 printed empty)", p.Money)
	}
	if hasRule(doc, "parse.amount") {
		t.Errorf("parse.amount finding: %v", doc.Findings)
	}
	if p.Goal != "修路2公里" {
		t.Errorf("goal %q", p.Goal)
	}
}

// From 37 (兵团第一师六团): a cover letter that names the project in quotes
// opens no form; the form's 项目资金总额 is printed as such, and its two
// goal columns, 项目总目标 and 年度总体目标, are the period and annual goals.
func TestFormCoverLetterAndTwoGoalColumns(t *testing.T) {
	doc := parseForm(t, "该资金政府预算项目名称“脱贫攻坚工作经费”,项目名称“巩固拓展脱贫攻坚成果”。\n"+
		"绩效目标申报表 | ||||||\n项目名称 | 保鲜库建设项目 | |||||\n主管部门 | 农业农村局 | 实施单位 | 六团农业发展服务中心 | |||\n"+
		"资金情况 (万元) | 项目资金总额: | 1500 | 年度资金申请总额 | 1500 | ||\n"+
		"项目绩效目标 | 项目总目标 | 年度总体目标 | ||||\n建设完成保鲜库1座。 | 2021年完成主体安装。 | |||||\n"+
		"绩 效 指 标 | 一级 指标 | 二级指标 | 三级指标 | 年度指标值 | ||\n产 出 指 标 | 数量指标 | 新建保鲜库数量 | 1座 | |||\n"+
		"满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥95% | |||\n")
	if len(doc.Projects) != 1 {
		t.Fatalf("%d projects, want 1 (the letter opens none)", len(doc.Projects))
	}
	p := doc.Projects[0]
	if p.PeriodGoal != "建设完成保鲜库1座。" || p.Goal != "2021年完成主体安装。" {
		t.Errorf("period goal %q, annual goal %q", p.PeriodGoal, p.Goal)
	}
	if len(p.Money) != 2 || p.Money[0].Label != "项目资金总额" || p.Money[1].Label != "年度资金申请总额" {
		t.Errorf("money %v, want 项目资金总额 and 年度资金申请总额", p.Money)
	}
}

// From 31 (临邑县): a 项目支出目标申报表 whose header is "一级 二级 三级
// 年度数值" and whose categories end in 值 ("产出值", "数量值") is read;
// the site's footer after the grid is no indicator, and an empty 其他: is
// the money line's, not a piece of a label.
func TestFormValueCategories(t *testing.T) {
	doc := parseForm(t, "项目支出目标申报表\n\n(2025年度)\n\n项目名称\n\n小学教育公用经费\n\n项目主管部门\n\n某小学\n\n项目资金申请(万元)\n\n资金总额:\n\n438.768\n\n财政拨款:\n\n438.768\n\n其他:\n\n \n\n"+
		"一级\n\n二级\n\n三级\n\n年度数值\n\n备注\n\n产出值\n\n数量值\n\n小学就读人数\n\n<=6962人\n\n \n\n质量值\n\n办学水平提高\n\n=100%\n\n \n\n"+
		"效益值\n\n社会效益值\n\n办学条件改善\n\n=100%\n\n \n\n内容保障 | 公务邮箱\n\n鲁ICP备06032897号\n")
	if doc.Title != "项目支出目标申报表" {
		t.Errorf("title %q", doc.Title)
	}
	ins := doc.Projects[0].Indicators
	if len(ins) != 3 {
		t.Fatalf("%d indicators, want 3: %+v", len(ins), ins)
	}
	if in := ins[0]; in.Level1Printed != "产出值" || in.Level1 != "产出指标" || in.Level2Printed != "数量值" || in.Level2 != "数量指标" || in.Annual.Text != "<=6962人" {
		t.Errorf("first row %+v", in)
	}
	if in := ins[2]; in.Level1 != "效益指标" || in.Level2 != "社会效益指标" {
		t.Errorf("last row under %q/%q", in.Level1, in.Level2)
	}
	if hasParseFinding(doc) {
		t.Errorf("findings on a whole form: %v", doc.Findings)
	}
}

// From 34 (桃源县): a glued row under "三级指标 指标内容 指标值 绩效标准"
// gives its value without the closing 绩效标准 ("250人计划标准" is 250人
// and 计划标准), and says that the name runs into its 指标内容; the four
// lines "专项" / "年度" / "绩效" / "指标" are one label, not a goal's end.
func TestFormGluedRowWithStandard(t *testing.T) {
	doc := parseForm(t, "专项资金绩效目标表\n填报单位:桃源县财政局\n专项名称再就业援助对象岗位补贴专项属性延续专项√     新增专项□\n部门名称桃源县财政局资金总额\n(万元)\n380\n"+
		"专项年度绩效目标通过本项目实施,按规定及时发放补贴,维护了社会稳定。\n专项\n年度\n绩效\n指标\n一级指标二级指标三级指标指标内容指标值绩效标准\n"+
		"产出指标数量指标补助人数实际发放解困工资人数250人计划标准\n成本指标补贴标准解困工资发放标准1130元/月/人计划标准\n"+
		"满意度指标服务对象满意度指标群众满意度受助群众满意度≥90%计划标准\n")
	p := doc.Projects[0]
	if p.Name != "再就业援助对象岗位补贴" || p.Attribute != "延续专项" || p.Goal != "通过本项目实施,按规定及时发放补贴,维护了社会稳定。" {
		t.Errorf("name %q attribute %q goal %q", p.Name, p.Attribute, p.Goal)
	}
	if hasRule(doc, "parse.text") {
		t.Errorf("the stacked label read as pieces: %v", doc.Findings)
	}
	want := []string{"250人", "1130元/月/人", "≥90%"}
	if len(p.Indicators) != len(want) {
		t.Fatalf("%d indicators, want %d: %+v", len(p.Indicators), len(want), p.Indicators)
	}
	for i, in := range p.Indicators {
		if in.Annual.Text != want[i] || len(in.Notes) != 1 || in.Notes[0].Label != "绩效标准" || in.Notes[0].Text != "计划标准" {
			t.Errorf("row %d: value %q notes %v, want %s and 绩效标准 计划标准", i+1, in.Annual.Text, in.Notes, want[i])
		}
	}
	if n := countRule(doc.Findings, "parse.indicator"); n != len(want) {
		t.Errorf("%d parse.indicator findings, want one a row for the name run into 指标内容: %v", n, doc.Findings)
	}
}

// From 36 (南岳区 雨露计划): "单位负责人" on the heading's row closes no
// form; "延续项目R" is 延续项目 ticked (Wingdings 2's ☑ turned into text),
// said so; the header's "三级指标内容" is the name column.
func TestFormHeadingClerkAndWingdingsTick(t *testing.T) {
	doc := parseForm(t, "| 雨露计划绩效目标申报表 | |||||||||\n| (2023年度) | |||||||||\n| 填报单位(盖章): 单位负责人:谭呈祥 | |||||||||\n"+
		"| 专项基本情况 | 专项名称 | 2023年雨露计划就学补助项目 | |||||||\n| 专项属性 | 新增项目□ 延续项目R | ||||||||\n"+
		"| 主管部门 | 南岳区乡村振兴局 | 专项起止时间 | 2023年1月至12月 | ||||||\n| 资金情况(万元) | 年度资金总额 | 7 | ||||||\n"+
		"| 专项年度绩效指标 | 一级指标 | 二级指标 | 三级指标内容 | 指标值及单位 | |||||\n"+
		"| 产出 指标 | 数量指标 | 年度申请就学补助户数 | >=101人/次 | ||||||\n| 满意度指标 | 服务对象满意度指标 | 学生满意度 | >=95% | ||||||\n")
	if len(doc.Projects) != 1 {
		t.Fatalf("%d projects, want 1", len(doc.Projects))
	}
	p := doc.Projects[0]
	if p.Name != "2023年雨露计划就学补助项目" || p.Attribute != "延续项目" || p.Term != "2023年1月至12月" {
		t.Errorf("name %q attribute %q term %q", p.Name, p.Attribute, p.Term)
	}
	if len(p.Indicators) != 2 || p.Indicators[0].Annual.Text != ">=101人/次" {
		t.Errorf("indicators %+v", p.Indicators)
	}
	if !hasRule(doc, "parse.text") {
		t.Errorf("no parse.text finding for the R read as a tick: %v", doc.Findings)
	}
}

// From 36: a money line that cannot be read leaves the split incomplete:
// with no total printed, the total is unread, not the sum of the rest.
func TestFormNoTotalFromAnIncompleteSplit(t *testing.T) {
	doc := parseForm(t, "绩效目标申报表 |\n项目名称 | 某项目 |\n主管部门 | 某局 |\n资金情况(万元) | 财政资金 | 中央 | 其他资金 | 0 |\n"+
		"年度目标 | 发放补助 |\n一级指标 | 二级指标 | 三级指标 | 指标值 |\n产出指标 | 数量指标 | 补助人数 | 100人 |\n")
	p := doc.Projects[0]
	if p.Amounts.Unread&jixiao.ColTotal == 0 {
		t.Errorf("total %v read from an incomplete split; want it unread", p.Amounts.Total)
	}
	if !hasRule(doc, "parse.amount") {
		t.Errorf("no parse.amount finding: %v", doc.Findings)
	}
}

// From 39 (井研县马踏镇): Sichuan's wide list, its projects' columns before
// the grid's in one header row; the department's row is no project, each
// project's row carries its unit, name, amount and goal before its first
// indicator; 指标性质 holding "≥" is the value's operator.
func TestFormWideList(t *testing.T) {
	doc := parseForm(t, "| 部门预算项目绩效目标申报表(2023年度) | ||||||||||||\n| 金额单位:元 | ||||||||||||\n"+
		"| 单位名称 | 项目名称 | 预算数 | 年度目标 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 权重 | 指标方向性 | |\n"+
		"| 820-马踏镇部门 | 8,827,620.53 | |||||||||||\n"+
		"| 820001-井研县马踏镇人民政府 | 村组干部报酬 | 3,309,840.00 | 按时发放村组干部报酬 | 效益指标 | 社会效益指标 | 维护社会稳定 | ≥ | 95 | % | 10 | 正向指标 | |\n"+
		"| 产出指标 | 数量指标 | 村组干部230人 | ≥ | 230 | 个 | 10 | 正向指标 | |||||\n"+
		"| 基层组织活动经费 | 660,000.00 | 保障村社区运转。 | 满意度指标 | 服务对象满意度指标 | 辖区内群众满意度 | ≥ | 95 | % | 10 | 正向指标 | ||\n")
	if len(doc.Projects) != 2 {
		t.Fatalf("%d projects, want 2", len(doc.Projects))
	}
	a, b := doc.Projects[0], doc.Projects[1]
	want, _ := jixiao.ParseMoney("3309840.00", jixiao.Yuan)
	if a.Name != "村组干部报酬" || a.Department != "马踏镇部门" || a.DepartmentCode != "820" || a.Unit != "井研县马踏镇人民政府" ||
		a.Goal != "按时发放村组干部报酬" || len(a.Money) != 1 || a.Money[0].Amount != want {
		t.Errorf("first project %q dept %q %q unit %q goal %q money %v", a.Name, a.DepartmentCode, a.Department, a.Unit, a.Goal, a.Money)
	}
	if len(a.Indicators) != 2 || a.Indicators[0].Annual.Text != "≥95%" || a.Indicators[1].Annual.Text != "≥230个" {
		t.Errorf("first project's indicators %+v", a.Indicators)
	}
	if b.Name != "基层组织活动经费" || b.Unit != "井研县马踏镇人民政府" || len(b.Indicators) != 1 {
		t.Errorf("second project %q unit %q, %d indicators", b.Name, b.Unit, len(b.Indicators))
	}
	if hasParseFinding(doc) {
		t.Errorf("findings on a whole list: %v", doc.Findings)
	}
}

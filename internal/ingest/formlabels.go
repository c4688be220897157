package ingest

import (
	"strings"
)

// The labels of the one-project forms, as folded keys (full-width forms
// folded, no white space). Forms of different provinces name the same
// field differently; each spelling seen maps to one field.

// field is a labelled field of a form's key-value block.
type field int

const (
	fieldIgnored    field = iota // known, not in the model (项目负责人, 联系电话 …)
	fieldName                    // 项目名称
	fieldDepartment              // 主管部门
	fieldUnit                    // 实施单位
	fieldAttribute               // 项目属性
	fieldTerm                    // 项目期, 起止时间
	fieldMoney                   // 项目资金（万元）: the money block's own label
	fieldAmount                  // a line of the money block: 年度资金总额, 其中：财政拨款 …
	fieldGoal                    // 总体目标: the annual goal unless split
	fieldPeriodGoal              // 中长期（实施期）目标
	fieldAnnualGoal              // 年度目标
	fieldNote                    // 项目概况, 立项依据: kept as a project note
	fieldGrid                    // 绩效指标, 年度绩效指标: a section label of the grid
	fieldEnd                     // 审核意见, 填报人: the form is over
	fieldFiler                   // 填报单位: the department when no 主管部门 is printed
	fieldTermStart               // 项目开始日期: with 项目完成日期, the 项目期
	fieldTermEnd                 // 项目完成日期
)

var fieldKeys = map[string]field{
	"项目名称": fieldName, "项目支出名称": fieldName, "资金名称": fieldName, "二级项目名称": fieldName,
	"转移支付(项目)名称": fieldName, "转移支付名称": fieldName, "专项名称": fieldName, // 湖南's 专项资金绩效目标表
	"专项属性": fieldAttribute, "专项立项依据": fieldNote, "专项实施进度计划": fieldNote, "专项概况": fieldNote,
	"专项长期绩效目标": fieldPeriodGoal, "专项年度绩效目标": fieldAnnualGoal, "专项年度绩效指标": fieldGrid,
	"专项实施内容": fieldIgnored, "计划开始时间": fieldIgnored, "计划完成时间": fieldIgnored,
	"专项起止时间": fieldTerm, "专项负责人": fieldIgnored, "联系人及电话": fieldIgnored, "专项基本情况": fieldIgnored,
	"专项资金情况": fieldMoney, "中长期绩效目标": fieldPeriodGoal,
	"主管部门": fieldDepartment, "主管部门及代码": fieldDepartment, "主管部门及编码": fieldDepartment, "主管部门及其编码": fieldDepartment,
	"项目主管部门": fieldDepartment, "预算部门": fieldDepartment, "预算单位": fieldDepartment, "区县主管部门": fieldDepartment,
	"部门名称": fieldDepartment, "部门:": fieldDepartment, // "部门:505_…"; "部门预算" is a money line
	"实施单位": fieldUnit, "项目实施单位": fieldUnit, "项目执行单位": fieldUnit, "单位信息": fieldUnit, "单位名称": fieldUnit,
	"项目属性": fieldAttribute, "项目类型": fieldAttribute,
	"项目期": fieldTerm, "建设周期": fieldTerm, "起止时间": fieldTerm, "项目起止时间": fieldTerm, "项目期限": fieldTerm, "项目周期": fieldTerm,
	"实施期限": fieldTerm, "项目支出实施期": fieldTerm,
	"项目资金": fieldMoney, "资金情况": fieldMoney, "项目预算资金": fieldMoney, "项目资金申请": fieldMoney,
	"资金总额及构成": fieldMoney,
	"年度资金总额":  fieldAmount, "实施期资金总额": fieldAmount, "中期资金总额": fieldAmount, "资金总额": fieldAmount,
	"项目总预算": fieldAmount, "项目资金总额": fieldAmount, "当年年度预算": fieldAmount, "其中:财政资金": fieldAmount, "其它资金": fieldAmount, // not 财政资金 alone: prose says it
	"项目总投资": fieldAmount, "中央补助安排": fieldAmount, "省级财政安排": fieldAmount, "预算申报数": fieldAmount,
	"财政拨款": fieldAmount, "其他资金": fieldAmount, "其他": fieldAmount, "自有资金": fieldAmount, "上级资金": fieldAmount, "本级资金": fieldAmount,
	"总体目标": fieldGoal, "绩效目标": fieldGoal, "项目绩效目标": fieldGoal, "整体目标": fieldGoal,
	"中长期目标": fieldPeriodGoal, "实施期目标": fieldPeriodGoal, "长期目标": fieldPeriodGoal, "中期目标": fieldPeriodGoal,
	"实施期绩效目标": fieldPeriodGoal, "中期滚动目标": fieldPeriodGoal, "中长期(实施期)目标": fieldPeriodGoal,
	"项目总目标": fieldPeriodGoal, // 兵团: "项目绩效目标 | 项目总目标 | 年度总体目标"
	"年度目标":  fieldAnnualGoal, "本年度目标": fieldAnnualGoal, "年度总体目标": fieldAnnualGoal, "年度绩效目标": fieldAnnualGoal,
	"本年度绩效目标": fieldAnnualGoal, "年度主要目标和成果": fieldAnnualGoal, "年度绩效目标(文字)": fieldAnnualGoal,
	"项目概况": fieldNote, "项目总体情况": fieldNote, "立项依据": fieldNote, "项目立项的依据": fieldNote, "项目设立必要性": fieldNote,
	"保证项目实施的制度、措施": fieldNote, "项目审批": fieldNote, "项目总体概况": fieldNote, "项目实施计划": fieldNote, "基本情况": fieldNote, "政策依据": fieldNote,
	"项目负责人": fieldIgnored, "联系电话": fieldIgnored, "项目负责人及电话": fieldIgnored, "项目类别": fieldIgnored,
	"项目性质": fieldIgnored, "填报单位": fieldFiler, "单位": fieldIgnored, "金额单位": fieldIgnored, "项目来源": fieldIgnored,
	"项目经办人": fieldIgnored, "项目经办人电话": fieldIgnored, "预算执行率权重": fieldIgnored, "年度总体目标完成情况": fieldIgnored,
	"中央主管部门": fieldIgnored, "省级财政部门": fieldIgnored, "省级主管部门": fieldIgnored, "区县财政部门": fieldIgnored,
	"一级项目名称": fieldIgnored, "项目分类": fieldIgnored, "资金用途": fieldIgnored, "资金性质": fieldIgnored,
	"业务主管部门": fieldIgnored, "财政资金预算分类": fieldIgnored, "财政资金科目代码": fieldIgnored,
	"年度预算执行率": fieldIgnored, "预算执行": fieldIgnored, "分值": fieldIgnored,
	"组织实施单位": fieldIgnored, "监督管理单位": fieldIgnored,
	"项目开始日期": fieldTermStart, "项目完成日期": fieldTermEnd, "项目结束日期": fieldTermEnd,
	"开始日期": fieldTermStart, "结束日期": fieldTermEnd, // Chongqing's 巴南区: "开始日期 2022年1月1日 结束日期 …"
	"归口业务科室": fieldIgnored, "是否政府采购": fieldIgnored, "项目口径": fieldIgnored, "绩效编制单位": fieldFiler,
	"项目支出明细": fieldNote,
	"绩效指标":   fieldGrid, "年度绩效指标": fieldGrid, "项目绩效指标": fieldGrid, "本年度绩效指标": fieldGrid,
	"长期绩效指标": fieldGrid, "中长期绩效指标": fieldGrid, "实施期绩效指标": fieldGrid,
	"审核意见": fieldEnd, "主管部门审核意见": fieldEnd, "财政部门审核意见": fieldEnd, "填报人": fieldEnd, "填表人": fieldEnd,
	"其他说明的问题": fieldEnd, "其他需说明的问题": fieldEnd, "单位负责人": fieldEnd, "填报日期": fieldEnd, "财务负责人": fieldEnd,
	"财政部门支出股室初审意见": fieldEnd, "经办人及联系电话": fieldEnd, "经办人": fieldEnd, "上报时间": fieldEnd,
}

// fieldOf returns the field a label key names.
func fieldOf(k string) (field, bool) {
	f, ok := fieldKeys[k]
	return f, ok
}

// amountWords end the labels of the money block's lines ("年度本级预算金额",
// "该项目支出上级资金", "中央补助安排"); a short cell ending so and followed
// by an amount is a money line whatever else it says.
var amountWords = []string{"金额", "资金", "总额", "拨款", "预算", "补助", "投资", "安排", "申报数", "预算数", "结转"}

// gridCol is the kind of a column of the indicator grid.
type gridCol int

const (
	colLevel1 gridCol = iota
	colLevel2
	colName
	colValue  // 指标值: the annual one unless a period column stands beside it
	colPeriod // 中长期 / 实施期 指标值
	colAnnual // 年度指标值
	colOp     // 运算符
	colTarget // 目标值 beside 运算符
	colUnit   // 度量单位
	colNote   // 绩效标准, 指标解释, 备注 …: kept as an indicator note
)

var gridKeys = map[string]gridCol{
	"一级指标": colLevel1, "二级指标": colLevel2,
	"一级": colLevel1, "二级": colLevel2, "三级": colName, // vertical labels cut to their first line
	"三级指标": colName, "三级指标内容": colName, "指标内容": colName, "指标名称": colName, "具体指标": colName,
	"指标值": colValue, "指标目标值": colValue, "指标值及单位": colValue, "计划指标值": colValue,
	"中长期指标值": colPeriod, "长期指标值": colPeriod, "中期指标值": colPeriod, "实施期指标值": colPeriod,
	"实施周期指标值": colPeriod,
	"年度数值":    colAnnual, // 临邑县: "一级 二级 三级 年度数值 备注"
	"年度指标值":   colAnnual, "年度目标值": colAnnual, "本年度指标值": colAnnual, "当年预期实现值": colAnnual,
	"运算符": colOp, "计算符号": colOp, "指标值类型": colOp, "目标值": colTarget, "指标值内容": colNote,
	"度量单位": colUnit, "计量单位": colUnit, "单位": colUnit,
	"绩效标准": colNote, "指标解释": colNote, "评(扣)分标准": colNote, "评分标准": colNote, "扣分标准": colNote,
	"备注": colNote, "指标说明": colNote, "取值依据": colNote, "指标性质": colNote, "指标方向": colNote, "指标方向性": colNote,
	"指标值说明": colNote, "评(扣分标准)": colNote, "评价标准": colNote, "指标标准或依据": colNote, "权重": colNote, "分值": colNote,
}

// category is what a printed category label maps to.
type category struct {
	level  int    // 1 or 2 as the label is printed; 0 when either (成本指标, 满意度指标)
	name   string // the scheme's name: 产出指标, 数量指标 …
	pushed bool   // 实施效果指标: a level-1 over 产出 and 效益, which move to level 2
}

var categoryKeys = map[string]category{
	"产出指标": {1, "产出指标", false}, "项目完成指标": {1, "产出指标", false}, "项目完成": {1, "产出指标", false},
	"预期产出指标": {1, "产出指标", false}, "产出": {1, "产出指标", false},
	"效益指标": {1, "效益指标", false}, "项目效益指标": {1, "效益指标", false}, "效果指标": {1, "效益指标", false},
	"效益":    {1, "效益指标", false},
	"满意度指标": {0, "满意度指标", false}, "成本指标": {0, "成本指标", false},
	"实施效果指标": {1, "", true},
	"数量指标":   {2, "数量指标", false}, "质量指标": {2, "质量指标", false}, "时效指标": {2, "时效指标", false},
	"预算控制指标": {2, "成本指标", false},
	"经济效益指标": {2, "经济效益指标", false}, "社会效益指标": {2, "社会效益指标", false},
	"生态效益指标": {2, "生态效益指标", false}, "环境效益指标": {2, "生态效益指标", false},
	"可持续影响指标": {2, "可持续影响指标", false},
	"经济效益":    {2, "经济效益指标", false}, "社会效益": {2, "社会效益指标", false}, "生态效益": {2, "生态效益指标", false},
	"可持续影响":     {2, "可持续影响指标", false},
	"服务对象满意度指标": {2, "服务对象满意度指标", false}, "社会公众或服务对象满意度指标": {2, "服务对象满意度指标", false},
	"服务对象满意度": {2, "服务对象满意度指标", false},
	"经济成本指标":  {2, "经济成本指标", false}, "社会成本指标": {2, "社会成本指标", false},
	"生态环境成本指标": {2, "生态环境成本指标", false},
}

// categoryOf returns the category a label key names; bracketed qualifiers
// ("数量指标(或建筑规模指标)", "产出指标(50分)") are not part of the name.
func categoryOf(k string) (category, bool) {
	c, ok := categoryKeys[stripBrackets(k)]
	if !ok && strings.Contains(k, ")分") {
		c, ok = categoryKeys[strings.TrimSuffix(stripBrackets(k), "分")] // "成本指标(0-20)分": the score range
	}
	if stem, isValue := strings.CutSuffix(k, "值"); !ok && isValue {
		c, ok = categoryKeys[stem+"指标"] // 临邑县's frame: "产出值", "数量值", "经济效益值"
	}
	return c, ok
}

// stripBrackets drops every bracketed part of a key.
func stripBrackets(k string) string {
	if !strings.Contains(k, "(") {
		return k
	}
	var b strings.Builder
	depth := 0
	for _, r := range k {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// The forms jixiao recognises but does not read, by a word of their title
// (or, for a text that lost its title, of its body), and the name a
// refusal gives them.
var refusedForms = []struct{ word, name string }{
	{"整体支出绩效目标", "部门整体支出绩效目标表"},
	{"自评表", "绩效自评表"},
	{"绩效目标自评", "绩效自评表"},
	{"绩效自评", "绩效自评表"},
	{"绩效监控", "绩效监控表"},
	{"完成情况表", "决算完成情况表"},
	{"部门决算", "决算完成情况表"},
	{"绩效评价报告", "决算完成情况表"}, // a 决算's section on the year's evaluations
	{"评价结果", "预算绩效评价结果"},
	{"绩效评价表", "预算绩效评价结果"},
}

// The title words of the forms read here.
var formTitles = []string{"绩效目标表", "绩效目标申报表", "绩效目标批复表", "绩效目标审核表", "绩效目标审批表", "支出目标申报表"}

// maxTitleRunes bounds a title cell; a longer cell is prose that mentions one.
const maxTitleRunes = 80

// formTitle reports whether a cell key is the title of a form: one read
// here (ok), or one recognised and refused (refused names it).
func formTitle(k string) (ok bool, refused string) {
	if !strings.Contains(k, "表") || len(k) > maxTitleRunes*3 {
		return false, ""
	}
	for _, r := range refusedForms {
		if strings.Contains(k, r.word) {
			return false, r.name
		}
	}
	for _, t := range formTitles {
		if strings.Contains(k, t) {
			return true, ""
		}
	}
	return false, ""
}

// furnitureWords mark the page furniture and notes that follow a form on a
// web page or in a template; a cell holding one ends the form.
var furnitureWords = []string{"扫一扫", "[下载]", "[打印]", "相关解读", "盖章", "签字", "年月日", "【返回】", "返回】",
	"内容保障", "ICP备", "公网安备", "网站标识码"}

// furniturePrefixes start the notes under a form: "附件：", "注：各地请…".
var furniturePrefixes = []string{"附件", "注:", "说明:"}

// isFurniture reports whether a cell key is page furniture or a note that
// ends a form.
func isFurniture(k string) bool {
	if containsAny(k, furnitureWords) {
		return true
	}
	for _, p := range furniturePrefixes {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

// truncationWords are what document-sharing sites print where their
// preview stops.
var truncationWords = []string{"全文预览已结束", "还剩", "继续阅读", "继续免费阅读", "下载本文档", "预览已结束"}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

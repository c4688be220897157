package check

import (
	"fmt"
	"strings"

	"jixiao"
)

// Level-1 codes of the blocks every project needs (both schemes agree).
const (
	blockOutput       = "1"
	blockBenefit      = "2"
	blockSatisfaction = "3"
)

// categoryKey names one resolution of a printed category: which level, its
// code and its name as written.
type categoryKey struct {
	level      int
	code, name string
}

type resolved struct {
	cat jixiao.Category
	ok  bool
}

// resolve finds the category of one level (1 or 2) an indicator is filed
// under: by its printed code when there is one (a short scan of the scheme),
// else by its name, which is costlier and cached per document.
func (c *checker) resolve(level int, code, name string) (jixiao.Category, bool) {
	list := c.scheme.Level1
	if level == 2 {
		list = c.scheme.Level2
	}
	if code != "" {
		if code = strings.TrimSpace(fold(code)); code != "" {
			for _, cat := range list {
				if cat.Code == code {
					return cat, true
				}
			}
			return jixiao.Category{}, false
		}
	}
	k := categoryKey{level, "", name}
	if r, ok := c.categories[k]; ok {
		return r.cat, r.ok
	}
	var r resolved
	for _, cat := range list {
		if fits(c.scheme, cat, name) {
			r = resolved{cat, true}
			break
		}
	}
	c.categories[k] = r
	return r.cat, r.ok
}

// fits reports whether a category name as written is cat: the same name
// (with or without 指标) or a synonym. The direct comparison comes first
// because the synonym table maps 满意度 to the level-2 服务对象满意度指标,
// while 满意度指标 is also the level-1 name.
func fits(s *jixiao.Scheme, cat jixiao.Category, name string) bool {
	if strings.TrimSpace(name) == "" {
		return false
	}
	return nameKey(name) == nameKey(cat.Name) || s.Canonical(name) == cat.Name
}

func (c *checker) level1(in *jixiao.Indicator) (jixiao.Category, bool) {
	return c.resolve(1, in.Level1Code, in.Level1)
}

func (c *checker) level2(in *jixiao.Indicator) (jixiao.Category, bool) {
	return c.resolve(2, in.Level2Code, in.Level2)
}

// block is the level-1 code an indicator counts under: its own level-1, or
// its level-2's parent when the level-1 is unreadable.
func (c *checker) block(in *jixiao.Indicator) string {
	if l1, ok := c.level1(in); ok {
		return l1.Code
	}
	if l2, ok := c.level2(in); ok {
		return l2.Parent
	}
	return ""
}

func categoryText(code, name string) string {
	if code == "" {
		return name
	}
	return code + "-" + name
}

func checkLevelMismatch(c *checker) {
	c.eachIndicator(func(p *jixiao.Project, in *jixiao.Indicator) {
		l1, ok1 := c.level1(in)
		l2, ok2 := c.level2(in)
		if !ok1 || !ok2 || l2.Parent == l1.Code {
			return
		}
		parent, _ := c.scheme.Level1ByCode(l2.Parent)
		c.indicator(p, in, "%s%s：二级指标 %s 属于 %s-%s，却归在一级指标 %s 下，请改正一级或二级指标。",
			projectLabel(p), indicatorLabel(in), categoryText(in.Level2Code, in.Level2),
			parent.Code, parent.Name, categoryText(in.Level1Code, in.Level1))
	})
}

// categoryProblem says what is wrong with one level (1 or 2) of an
// indicator's category, or "" when the code is known and the name fits it.
func (c *checker) categoryProblem(level int, code, name string) string {
	what := map[int]string{1: "一级指标", 2: "二级指标"}[level]
	cat, ok := c.resolve(level, code, name)
	code = strings.TrimSpace(fold(code))
	switch {
	case code == "" && !ok:
		return fmt.Sprintf("%s“%s”不在%s年版指标体系中", what, name, c.scheme.Version)
	case !ok:
		return fmt.Sprintf("%s代码“%s”不在%s年版指标体系中", what, categoryText(code, name), c.scheme.Version)
	case code != "" && strings.TrimSpace(name) != "" && !c.fitsCached(cat, name):
		return fmt.Sprintf("%s“%s-%s”的名称与代码不符（%s 应为%s）", what, code, name, code, cat.Name)
	}
	return ""
}

// fitsCached is fits through the checker's cache (level 0 marks the entry).
func (c *checker) fitsCached(cat jixiao.Category, name string) bool {
	k := categoryKey{0, cat.Code, name}
	r, ok := c.categories[k]
	if !ok {
		r = resolved{ok: fits(c.scheme, cat, name)}
		c.categories[k] = r
	}
	return r.ok
}

func checkUnknownCategory(c *checker) {
	c.eachIndicator(func(p *jixiao.Project, in *jixiao.Indicator) {
		var probs []string
		if s := c.categoryProblem(1, in.Level1Code, in.Level1); s != "" {
			probs = append(probs, s)
		}
		if s := c.categoryProblem(2, in.Level2Code, in.Level2); s != "" {
			probs = append(probs, s)
		}
		if len(probs) > 0 {
			c.indicator(p, in, "%s%s：%s，请按指标体系改正分类。", projectLabel(p), indicatorLabel(in), strings.Join(probs, "；"))
		}
	})
}

// hasBlock reports whether a project has an indicator under that level-1.
func (c *checker) hasBlock(p *jixiao.Project, code string) bool {
	for i := range p.Indicators {
		if p.Indicators[i].Raw == "" && c.block(&p.Indicators[i]) == code {
			return true
		}
	}
	return false
}

// anyRaw reports whether a reader kept one of the project's indicators raw:
// its category is unknown, so a missing block cannot be asserted.
func anyRaw(p *jixiao.Project) bool {
	for i := range p.Indicators {
		if p.Indicators[i].Raw != "" {
			return true
		}
	}
	return false
}

func missingBlock(code, name, advice string) func(c *checker) {
	return func(c *checker) {
		c.eachProject(func(p *jixiao.Project) {
			if len(p.Indicators) == 0 || anyRaw(p) || c.hasBlock(p, code) {
				return
			}
			c.project(p, "%s没有%s，%s", projectLabel(p), name, advice)
		})
	}
}

var checkMissingOutput = missingBlock(blockOutput, "产出指标",
	"请补充数量、质量、时效等产出指标。")

var checkMissingBenefit = missingBlock(blockBenefit, "效益指标",
	"请补充经济、社会、生态或可持续影响等效益指标。")

func checkMissingSatisfaction(c *checker) {
	c.eachProject(func(p *jixiao.Project) {
		if len(p.Indicators) == 0 || anyRaw(p) || c.hasBlock(p, blockSatisfaction) {
			return
		}
		who := servedGroup(p)
		if who == "" {
			return
		}
		c.project(p, "%s面向服务对象（据“%s”判断）却没有满意度指标，建议补充“服务对象满意度≥90%%”之类的指标。", projectLabel(p), who)
	})
}

// internalWords mark a project that funds the office itself (premises,
// staff, systems, records, oversight): it has no public service recipients
// whose satisfaction could be surveyed.
var internalWords = []string{
	"物业管理", "编外人员", "运行", "维护", "修缮", "租赁", "档案", "审计", "统发", "办公",
	"库房", "系统", "购置", "采购", "工资", "招聘", "事业单位", "监督", "检查",
}

// recipientWords name groups a project serves: people or firms who receive
// a subsidy, a training, a visit or a service.
// The first, 培训, counts only in the project's name: an indicator about
// training may be the office's own staff training.
var recipientWords = []string{
	"培训", "补贴", "补助", "慰问", "群众", "服务对象", "求职", "人才", "随军家属", "退休",
	"失业", "劳动者", "居民", "参赛", "脱贫", "企业", "就业", "创业", "生活费",
}

// servedGroup returns the word that shows a project has service recipients
// (from its name or indicator names), or "" for an internal project.
func servedGroup(p *jixiao.Project) string {
	if containsAny(p.Name, internalWords) != "" {
		return ""
	}
	for i := range p.Indicators {
		if w := containsAny(p.Indicators[i].Name, recipientWords[1:]); w != "" {
			return w
		}
	}
	return containsAny(p.Name, recipientWords)
}

func containsAny(s string, words []string) string {
	for _, w := range words {
		if strings.Contains(s, w) {
			return w
		}
	}
	return ""
}

// moneyPaidWords mark a 数量指标 that counts money paid out rather than a
// good or service delivered.
var moneyPaidWords = []string{"资金支付", "资金拨付", "拨付", "支付率", "预算执行", "执行率", "资金使用"}

func checkMoneyAsOutput(c *checker) {
	c.eachIndicator(func(p *jixiao.Project, in *jixiao.Indicator) {
		if !c.isQuantityIndicator(in) {
			return
		}
		if w := containsAny(in.Name, moneyPaidWords); w != "" {
			c.indicator(p, in, "%s%s计量的是资金支付或预算执行（“%s”），不是提供的产品或服务，请改为服务人数、完成数量等产出指标。",
				projectLabel(p), indicatorLabel(in), w)
		}
	})
}

// isQuantityIndicator reports whether an indicator is a 数量指标.
func (c *checker) isQuantityIndicator(in *jixiao.Indicator) bool {
	l2, ok := c.level2(in)
	return ok && nameKey(l2.Name) == "数量"
}

// indicatorKey is how two indicators of a project are told to be the same:
// the name, folded and without spaces.
func indicatorKey(name string) string {
	return normText(name)
}

func checkIndicatorDuplicate(c *checker) {
	c.eachProject(func(p *jixiao.Project) {
		first := map[string]*jixiao.Indicator{}
		for i := range p.Indicators {
			in := &p.Indicators[i]
			if in.Raw != "" {
				continue
			}
			k := indicatorKey(in.Name)
			prev, ok := first[k]
			if !ok {
				first[k] = in
				continue
			}
			if c.block(prev) == c.block(in) {
				c.indicator(p, in, "%s%s与第%d个指标重复，请删去重复的一条。", projectLabel(p), indicatorLabel(in), prev.Seq)
			}
		}
	})
}

func checkOutputAndBenefit(c *checker) {
	c.eachProject(func(p *jixiao.Project) {
		seen := map[string]*jixiao.Indicator{}
		for i := range p.Indicators {
			in := &p.Indicators[i]
			if in.Raw != "" {
				continue
			}
			k := indicatorKey(in.Name)
			prev, ok := seen[k]
			if !ok {
				seen[k] = in
				continue
			}
			a, b := c.block(prev), c.block(in)
			if a != b && (a == blockOutput && b == blockBenefit || a == blockBenefit && b == blockOutput) {
				c.indicator(p, in, "%s%s同时列在产出指标和效益指标下（另见第%d个指标），同一指标只计一次，请保留一处。",
					projectLabel(p), indicatorLabel(in), prev.Seq)
			}
		}
	})
}

func checkNoIndicators(c *checker) {
	c.eachProject(func(p *jixiao.Project) {
		if len(p.Indicators) == 0 {
			c.project(p, "%s没有任何绩效指标，请按产出、效益、满意度填写绩效指标。", projectLabel(p))
		}
	})
}

// MinIndicators is the fewest indicators a project should have for the
// project.few-indicators rule (a local practice; 0 turns the rule off).
var MinIndicators = 3

func checkFewIndicators(c *checker) {
	c.eachProject(func(p *jixiao.Project) {
		if n := len(p.Indicators); n > 0 && n < MinIndicators {
			c.project(p, "%s只有%d个绩效指标，少于%d个，建议补充能反映主要产出和效益的指标。", projectLabel(p), n, MinIndicators)
		}
	})
}

func checkMissingGoal(c *checker) {
	c.eachProject(func(p *jixiao.Project) {
		if strings.TrimSpace(p.Goal) == "" && p.Raw == "" {
			c.project(p, "%s没有填写绩效目标，请写明项目年度要达到的产出和效果。", projectLabel(p))
		}
	})
}

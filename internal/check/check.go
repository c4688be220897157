// Package check is the catalogue of review rules (审核规则) that a finance
// bureau's performance office applies to a target table. Each rule is a
// value with a stable id; Run applies them all.
package check

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"jixiao"
)

// Rule is one review rule: a stable id, a severity, what it checks, why and
// on what documented ground, an example from the sample tables, and the
// function that finds it.
type Rule struct {
	ID       string          `json:"id"`
	Severity jixiao.Severity `json:"severity"`
	// Criterion is the 88号 审核内容 the rule informs (CriterionAccuracy
	// for the table's own arithmetic): a review form pre-fills that
	// criterion from the rule's findings (PrefillReview).
	Criterion jixiao.Criterion `json:"criterion"`
	Title     string           `json:"title"`   // one line of Chinese: what the rule checks
	Why       string           `json:"why"`     // why a reviewer sends the table back for it
	Source    string           `json:"source"`  // the regulation or practice it rests on
	Example   string           `json:"example"` // where the samples show it, or a constructed case
	check     func(c *checker)
}

// Rules returns the catalogue in the order findings of one place are listed.
func Rules() []Rule { return append([]Rule(nil), catalogue...) }

// Lookup returns the rule with that id.
func Lookup(id string) (Rule, bool) {
	for _, r := range catalogue {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// Run applies every rule of the catalogue to doc and returns the findings in
// document order: the document's first, then each unit's before its first
// project, then each project's by indicator; one place's findings follow the
// catalogue order.
func Run(doc *jixiao.Document) []jixiao.Finding { return run(doc, Context{}) }

func run(doc *jixiao.Document, ctx Context) []jixiao.Finding {
	c := newChecker(doc)
	c.priors, c.peers = ctx.Priors, ctx.Peers
	for i := range catalogue {
		c.rule, c.ruleIndex = &catalogue[i], i
		catalogue[i].check(c)
	}
	slices.SortStableFunc(c.found, func(a, b keyed) int { return a.key.compare(b.key) })
	out := make([]jixiao.Finding, len(c.found))
	for i, f := range c.found {
		out[i] = f.Finding
	}
	return out
}

// orderKey places a finding in document order.
type orderKey struct {
	project   int // 0 for the document; a unit sorts with its first project
	place     int // 0 unit, 1 project, within the same project position
	indicator int
	rule      int
}

func (a orderKey) compare(b orderKey) int {
	return cmp.Or(cmp.Compare(a.project, b.project), cmp.Compare(a.place, b.place),
		cmp.Compare(a.indicator, b.indicator), cmp.Compare(a.rule, b.rule))
}

type keyed struct {
	jixiao.Finding
	key orderKey
}

// checker is what a rule sees: the document, what the rules share (the
// scheme in use, indicator signatures) and the emit functions that fill in
// the finding's place from the rule being run.
type checker struct {
	doc *jixiao.Document
	// priors and peers are the Context of RunWith.
	priors    map[int][]Prior
	peers     *Peers
	scheme    *jixiao.Scheme
	rule      *Rule
	ruleIndex int
	found     []keyed
	// unitFirst is the seq of each unit's first project, for ordering.
	unitFirst  map[string]int
	byUnit     map[string][]*jixiao.Project // the projects of each unit, grouped once
	shared     *sharedFacts
	categories map[categoryKey]resolved
	// The targets of every indicator, and those of the one eachIndicator
	// is at (see targets).
	viewList []([2]target)
	cur      *jixiao.Indicator
	curView  *[2]target
}

func newChecker(doc *jixiao.Document) *checker {
	c := &checker{doc: doc, scheme: SchemeOf(doc), unitFirst: map[string]int{}, categories: map[categoryKey]resolved{}}
	for _, p := range doc.Projects {
		if _, ok := c.unitFirst[p.Unit]; !ok {
			c.unitFirst[p.Unit] = p.Seq
		}
	}
	return c
}

func (c *checker) emit(f jixiao.Finding, k orderKey) {
	f.Rule, f.Severity = c.rule.ID, c.rule.Severity
	k.rule = c.ruleIndex
	c.found = append(c.found, keyed{f, k})
}

// document reports a finding about the whole table (its 合计 row).
func (c *checker) document(format string, args ...any) {
	c.emit(jixiao.Finding{Line: c.doc.StatedLine, Message: fmt.Sprintf(format, args...)}, orderKey{})
}

// unit reports a finding about a unit's row.
func (c *checker) unit(u *jixiao.Unit, format string, args ...any) {
	first, ok := c.unitFirst[u.Name]
	if !ok {
		first = len(c.doc.Projects) + 1
	}
	c.emit(jixiao.Finding{Unit: u.Name, Line: u.Line, Message: fmt.Sprintf(format, args...)},
		orderKey{project: first, place: 0})
}

// project reports a finding about a project as a whole.
func (c *checker) project(p *jixiao.Project, format string, args ...any) {
	c.emit(jixiao.Finding{Unit: p.Unit, ProjectSeq: p.Seq, Project: p.Name, Line: p.Line,
		Message: fmt.Sprintf(format, args...)}, orderKey{project: p.Seq, place: 1})
}

// indicator reports a finding about one indicator of a project.
func (c *checker) indicator(p *jixiao.Project, in *jixiao.Indicator, format string, args ...any) {
	line := in.Line
	if line == 0 {
		line = p.Line
	}
	c.emit(jixiao.Finding{Unit: p.Unit, ProjectSeq: p.Seq, Project: p.Name, IndicatorSeq: in.Seq,
		Line: line, Message: fmt.Sprintf(format, args...)},
		orderKey{project: p.Seq, place: 1, indicator: in.Seq})
}

// eachIndicator calls fn for every indicator that a reader parsed into its
// fields; one kept raw already has its parse.* finding.
func (c *checker) eachIndicator(fn func(p *jixiao.Project, in *jixiao.Indicator)) {
	k := 0
	for i := range c.doc.Projects {
		p := &c.doc.Projects[i]
		for j := range p.Indicators {
			in := &p.Indicators[j]
			if in.Raw == "" {
				c.cur, c.curView = in, &c.allViews()[k]
				fn(p, in)
			}
			k++
		}
	}
	c.cur, c.curView = nil, nil
}

// allViews computes every indicator's targets once, in document order.
func (c *checker) allViews() [][2]target {
	if c.viewList == nil {
		c.viewList = make([][2]target, 0, c.doc.IndicatorCount())
		for i := range c.doc.Projects {
			for j := range c.doc.Projects[i].Indicators {
				c.viewList = append(c.viewList, newView(&c.doc.Projects[i].Indicators[j]))
			}
		}
	}
	return c.viewList
}

// eachProject calls fn for every project.
func (c *checker) eachProject(fn func(p *jixiao.Project)) {
	for i := range c.doc.Projects {
		fn(&c.doc.Projects[i])
	}
}

// SchemeOf picks the indicator scheme a document follows: 财预〔2021〕101号
// when any indicator files 成本指标 as a level-1 category, else the 2015
// scheme of 财预〔2015〕88号 that both samples use.
func SchemeOf(doc *jixiao.Document) *jixiao.Scheme {
	for i := range doc.Projects {
		for j := range doc.Projects[i].Indicators {
			if nameKey(doc.Projects[i].Indicators[j].Level1) == "成本" {
				return jixiao.Scheme2021
			}
		}
	}
	return jixiao.Scheme2015
}

// indicatorLabel names an indicator in messages: 第3个指标“招聘到位率”.
func indicatorLabel(in *jixiao.Indicator) string {
	return "第" + strconv.Itoa(in.Seq) + "个指标“" + in.Name + "”"
}

// projectLabel names a project in messages: 项目38“事业单位公开招聘工作经费”.
func projectLabel(p *jixiao.Project) string {
	return "项目" + strconv.Itoa(p.Seq) + "“" + p.Name + "”"
}

// SortFindings puts findings from several sources (the readers' parse.*
// findings and the rules') in document order, as Run orders its own: the
// document's first, each unit's before its first project, then each
// project's by indicator. Findings of one place keep their order.
func SortFindings(doc *jixiao.Document, fs []jixiao.Finding) {
	first := map[string]int{}
	for _, p := range doc.Projects {
		if _, ok := first[p.Unit]; !ok {
			first[p.Unit] = p.Seq
		}
	}
	key := func(f jixiao.Finding) orderKey {
		switch {
		case f.ProjectSeq > 0:
			return orderKey{project: f.ProjectSeq, place: 1, indicator: f.IndicatorSeq}
		case f.Unit != "":
			if n, ok := first[f.Unit]; ok {
				return orderKey{project: n}
			}
			return orderKey{project: len(doc.Projects) + 1}
		}
		return orderKey{}
	}
	slices.SortStableFunc(fs, func(a, b jixiao.Finding) int { return key(a).compare(key(b)) })
}

// Package check is the catalogue of review rules (审核规则) that a finance
// bureau's performance office applies to a target table. Each rule is a
// value with a stable id; Run applies them all.
package check

import (
	"fmt"
	"sort"

	"jixiao"
)

// Rule is one review rule: a stable id, a severity, what it checks, why and
// on what documented ground, an example from the sample tables, and the
// function that finds it.
type Rule struct {
	ID       string
	Severity jixiao.Severity
	Title    string // one line of Chinese: what the rule checks
	Why      string // why a reviewer sends the table back for it
	Source   string // the regulation or practice it rests on
	Example  string // where the samples show it, or a constructed case
	check    func(c *checker)
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
func Run(doc *jixiao.Document) []jixiao.Finding {
	c := newChecker(doc)
	for i := range catalogue {
		c.rule, c.ruleIndex = &catalogue[i], i
		catalogue[i].check(c)
	}
	sort.SliceStable(c.found, func(i, j int) bool { return c.found[i].key.less(c.found[j].key) })
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

func (a orderKey) less(b orderKey) bool {
	switch {
	case a.project != b.project:
		return a.project < b.project
	case a.place != b.place:
		return a.place < b.place
	case a.indicator != b.indicator:
		return a.indicator < b.indicator
	}
	return a.rule < b.rule
}

type keyed struct {
	jixiao.Finding
	key orderKey
}

// checker is what a rule sees: the document, what the rules share (the
// scheme in use, indicator signatures) and the emit functions that fill in
// the finding's place from the rule being run.
type checker struct {
	doc       *jixiao.Document
	scheme    *jixiao.Scheme
	rule      *Rule
	ruleIndex int
	found     []keyed
	// unitFirst is the seq of each unit's first project, for ordering.
	unitFirst map[string]int
	shared    *sharedFacts
}

func newChecker(doc *jixiao.Document) *checker {
	c := &checker{doc: doc, scheme: SchemeOf(doc), unitFirst: map[string]int{}}
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
	for i := range c.doc.Projects {
		p := &c.doc.Projects[i]
		for j := range p.Indicators {
			if p.Indicators[j].Raw == "" {
				fn(p, &p.Indicators[j])
			}
		}
	}
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
	for _, p := range doc.Projects {
		for _, in := range p.Indicators {
			if jixiao.NameKey(in.Level1) == "成本" {
				return jixiao.Scheme2021
			}
		}
	}
	return jixiao.Scheme2015
}

// indicatorLabel names an indicator in messages: 第3个指标“招聘到位率”.
func indicatorLabel(in *jixiao.Indicator) string {
	return fmt.Sprintf("第%d个指标“%s”", in.Seq, in.Name)
}

// projectLabel names a project in messages: 项目38“事业单位公开招聘工作经费”.
func projectLabel(p *jixiao.Project) string {
	return fmt.Sprintf("项目%d“%s”", p.Seq, p.Name)
}

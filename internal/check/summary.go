package check

import (
	"math"

	"jixiao"
)

// Quality is the target-quality summary of a group of projects (a document
// or one unit): how many indicators can be checked at year end and how many
// cannot, and how many projects cover each block of indicators. It is how a
// finance bureau compares departments.
type Quality struct {
	Projects   int `json:"projects"`
	Indicators int `json:"indicators"`
	// Measurable counts indicators whose two targets both have a number and
	// a unit (and a comparator; a bare "100%" reads as "=").
	Measurable int `json:"measurable"`
	// Vague, ExternalReference and Copied count the indicators with a
	// target.vague or target.external-reference finding, and the indicators
	// of projects whose list is copied (indicator.copied, project.duplicate).
	Vague             int `json:"vague"`
	ExternalReference int `json:"external_reference"`
	Copied            int `json:"copied"`
	// WithOutput, WithBenefit and WithSatisfaction count projects with at
	// least one indicator under 产出, 效益 and 满意度.
	WithOutput       int `json:"with_output"`
	WithBenefit      int `json:"with_benefit"`
	WithSatisfaction int `json:"with_satisfaction"`
	// The shares are the counts above over Indicators or Projects, 0–1,
	// rounded to 4 decimals (0 for an empty group).
	MeasurableShare        float64 `json:"measurable_share"`
	VagueShare             float64 `json:"vague_share"`
	ExternalReferenceShare float64 `json:"external_reference_share"`
	CopiedShare            float64 `json:"copied_share"`
	OutputShare            float64 `json:"output_share"`
	BenefitShare           float64 `json:"benefit_share"`
	SatisfactionShare      float64 `json:"satisfaction_share"`
	// Findings counts findings by severity ("error", "warning", "info").
	Findings map[jixiao.Severity]int `json:"findings"`
}

// UnitQuality is the summary of one funding unit.
type UnitQuality struct {
	Unit string `json:"unit"`
	Quality
}

// Summary is the target-quality summary of a document and of each of its
// units, in document order.
type Summary struct {
	Quality
	Units []UnitQuality `json:"units"`
}

// Summarize counts doc's target quality, using findings (as Run returns
// them, possibly with the readers' parse.* findings) for what is vague,
// external or copied.
func Summarize(doc *jixiao.Document, findings []jixiao.Finding) Summary {
	c := newChecker(doc)
	marks := markFindings(findings)
	units := map[string]*Quality{}
	var order []string
	group := func(name string) *Quality {
		if q, ok := units[name]; ok {
			return q
		}
		q := &Quality{Findings: severities()}
		units[name] = q
		order = append(order, name)
		return q
	}
	for _, u := range doc.Units {
		group(u.Name)
	}
	s := Summary{Quality: Quality{Findings: severities()}}
	for i := range doc.Projects {
		p := &doc.Projects[i]
		c.addProject(&s.Quality, p, marks)
		c.addProject(group(p.Unit), p, marks)
	}
	for _, f := range findings {
		s.Findings[f.Severity]++
		if f.Unit != "" {
			group(f.Unit).Findings[f.Severity]++
		}
	}
	s.shares()
	for _, name := range order {
		q := units[name]
		q.shares()
		s.Units = append(s.Units, UnitQuality{Unit: name, Quality: *q})
	}
	return s
}

func severities() map[jixiao.Severity]int {
	return map[jixiao.Severity]int{jixiao.SeverityError: 0, jixiao.SeverityWarning: 0, jixiao.SeverityInfo: 0}
}

// findingMarks are the places the summary counts from findings.
type findingMarks struct {
	vague, external map[[2]int]bool // (project seq, indicator seq)
	copied          map[int]bool    // project seq
}

func markFindings(fs []jixiao.Finding) findingMarks {
	m := findingMarks{vague: map[[2]int]bool{}, external: map[[2]int]bool{}, copied: map[int]bool{}}
	for _, f := range fs {
		at := [2]int{f.ProjectSeq, f.IndicatorSeq}
		switch f.Rule {
		case "target.vague":
			m.vague[at] = true
		case "target.external-reference":
			m.external[at] = true
		case "indicator.copied", "project.duplicate":
			m.copied[f.ProjectSeq] = true
		}
	}
	return m
}

func (c *checker) addProject(q *Quality, p *jixiao.Project, m findingMarks) {
	q.Projects++
	q.Indicators += len(p.Indicators)
	for i := range p.Indicators {
		in := &p.Indicators[i]
		if in.Raw == "" && measurable(in.Period) && measurable(in.Annual) {
			q.Measurable++
		}
		at := [2]int{p.Seq, in.Seq}
		if m.vague[at] {
			q.Vague++
		}
		if m.external[at] {
			q.ExternalReference++
		}
	}
	if m.copied[p.Seq] {
		q.Copied += len(p.Indicators)
	}
	if c.hasBlock(p, blockOutput) {
		q.WithOutput++
	}
	if c.hasBlock(p, blockBenefit) {
		q.WithBenefit++
	}
	if c.hasBlock(p, blockSatisfaction) {
		q.WithSatisfaction++
	}
}

func measurable(t jixiao.Target) bool { return t.Quantitative() && t.Unit != "" && t.Op != "" }

func (q *Quality) shares() {
	q.MeasurableShare = share(q.Measurable, q.Indicators)
	q.VagueShare = share(q.Vague, q.Indicators)
	q.ExternalReferenceShare = share(q.ExternalReference, q.Indicators)
	q.CopiedShare = share(q.Copied, q.Indicators)
	q.OutputShare = share(q.WithOutput, q.Projects)
	q.BenefitShare = share(q.WithBenefit, q.Projects)
	q.SatisfactionShare = share(q.WithSatisfaction, q.Projects)
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return math.Round(float64(n)/float64(of)*10000) / 10000
}

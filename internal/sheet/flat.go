package sheet

import (
	"strings"

	"jixiao"
)

// readFlat reads the flat layout: one row per indicator, with the project
// (and optionally its unit, amounts and goal) repeated on every row.
// Consecutive rows of the same project (same project_seq, else same unit
// and name) make one project, so a name used twice stays two projects.
func readFlat(g *grid, hr int, h header) (*jixiao.Document, error) {
	doc := heading(g, hr)
	u := doc.MoneyUnit
	if u == "" {
		u = jixiao.WanYuan
	}
	units := map[string]bool{}
	prevKey := ""
	for r := hr + 1; r < len(g.rows); r++ {
		if g.blank(r) || classify(g.rows[r]).layout != layoutNone {
			continue
		}
		unit := text(h.get(g, r, "unit"))
		if unit == "" {
			unit = doc.Agency
		}
		name := text(h.get(g, r, "project"))
		key := unit + "\x00" + name
		if h.has("project_seq") {
			key = strings.TrimSpace(h.get(g, r, "project_seq")) + "\x00" + key
		}
		if key != prevKey || len(doc.Projects) == 0 {
			doc.Projects = append(doc.Projects, flatProject(doc, g, h, r, unit, name, u))
			if !units[unit] {
				units[unit] = true
				doc.Units = append(doc.Units, jixiao.Unit{Name: unit})
			}
		}
		prevKey = key
		flatIndicator(doc, g, h, r)
	}
	if doc.Agency == "" && len(doc.Units) > 0 {
		doc.Agency = doc.Units[0].Name
	}
	if doc.AgencyKind == "" {
		doc.AgencyKind = jixiao.AgencyUnit
		if len(doc.Units) > 1 {
			doc.AgencyKind = jixiao.AgencyDepartment
		}
	}
	return doc, nil
}

func flatProject(doc *jixiao.Document, g *grid, h header, r int, unit, name string, u jixiao.MoneyUnit) jixiao.Project {
	p := jixiao.Project{Unit: unit, Name: name, Goal: text(h.get(g, r, "goal")), Line: g.lines[r]}
	dst := []*jixiao.Money{&p.Amounts.Total, &p.Amounts.Fiscal, &p.Amounts.SpecialAccount, &p.Amounts.Other}
	for i, f := range []string{"total", "fiscal", "special_account", "other"} {
		s := h.get(g, r, f)
		if h.blank(g, r, f) {
			p.Amounts.Blank |= jixiao.AmountColumns[i]
			continue
		}
		m, err := money(s, u)
		if err != nil {
			if p.Raw == "" {
				p.Raw = strings.Join(g.rows[r], " | ")
				addFinding(doc, "parse.amount", g.lines[r], jixiao.Finding{Unit: unit, ProjectSeq: len(doc.Projects) + 1, Project: name},
					"项目“"+name+"”的金额 "+quote(s)+" 无法识别，已保留原文")
			}
			p.Amounts.Unread |= jixiao.AmountColumns[i]
			continue
		}
		*dst[i] = m
	}
	return p
}

// flatIndicator adds the indicator of row r to the last project. A row with
// no indicator fields adds nothing (a project without indicators); a row
// with a raw text keeps it, as the export writes indicators it could not
// split.
func flatIndicator(doc *jixiao.Document, g *grid, h header, r int) {
	p := &doc.Projects[len(doc.Projects)-1]
	in := jixiao.Indicator{Line: g.lines[r]}
	in.Level1Code, in.Level1 = flatCategory(h.get(g, r, "level1_code"), h.get(g, r, "level1"))
	in.Level2Code, in.Level2 = flatCategory(h.get(g, r, "level2_code"), h.get(g, r, "level2"))
	in.Name = text(h.get(g, r, "name"))
	in.Period = jixiao.IndicatorTarget(h.get(g, r, "period_target"))
	in.Annual = jixiao.IndicatorTarget(h.get(g, r, "annual_target"))
	in.Raw = strings.TrimSpace(h.get(g, r, "raw"))
	if in.Raw == "" && in.Name == "" && in.Level1 == "" && in.Level2 == "" && in.Period.Text == "" && in.Annual.Text == "" {
		return
	}
	p.Indicators = append(p.Indicators, in)
	if in.Raw != "" {
		addFinding(doc, "parse.indicator", g.lines[r],
			jixiao.Finding{Unit: p.Unit, ProjectSeq: len(doc.Projects), Project: p.Name, IndicatorSeq: len(p.Indicators)},
			"绩效指标 "+quote(in.Raw)+" 未能拆分，已保留原文")
	}
}

// flatCategory reads a category from its code and name columns; without a
// code column the name cell may hold both ("1-产出指标").
func flatCategory(code, name string) (string, string) {
	code, name = strings.TrimSpace(jixiao.FoldWidth(code)), text(name)
	if code == "" {
		return jixiao.IndicatorCategory(name)
	}
	return code, name
}

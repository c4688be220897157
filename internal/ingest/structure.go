package ingest

import (
	"fmt"

	"jixiao"
)

// reconcile checks what a positional reader built against the table's own
// arithmetic: each row's 总计 is the sum of its sources, each unit's
// projects add up to its subtotal, and the units (or, without unit rows,
// the projects) add up to 合计. A row dropped, merged or split, or an
// amount read into the wrong column, breaks one of these, so a reader that
// got the table's structure wrong says so with a parse.structure error
// instead of storing wrong numbers quietly.
//
// Published tables round each row to 0.01 of their unit, so a sum may
// differ from its stated total by half a cent per row; that much passes.
// The sums see only amounts: text put into the wrong row or column is
// caught by the indicator and stray-text findings, or not at all, which is
// why a reading that cannot tell rows apart says so (pdftable.go).
func reconcile(doc *jixiao.Document) {
	step := jixiao.Money(doc.MoneyUnit.Fen() / 100)
	for i := range doc.Projects {
		p := &doc.Projects[i]
		if p.Raw != "" {
			continue // its amounts were not read; parse.amount says so
		}
		if d := p.Amounts.Total - p.Amounts.Sum(); d > step || d < -step {
			structureErr(doc, p.Line, p.Unit, p.Name, i+1, fmt.Sprintf("项目“%s”（%s）的总计 %s 不等于财政拨款、财政专户拨款与其他资金之和 %s：金额可能错列或漏读",
				p.Name, where(p.Line), fmtMoney(doc, p.Amounts.Total), fmtMoney(doc, p.Amounts.Sum())))
		}
	}
	unitSum, allUnits := reconcileUnits(doc, step)
	if !doc.HasStated {
		if !anyUnitStated(doc) && len(doc.Projects) > 1 {
			addFinding(doc, "parse.structure", jixiao.SeverityWarning, 0,
				"表中没有合计行，也没有单位小计，读到的各行金额无法与原表的合计核对；请对照原表核对项目数和金额")
		}
		return
	}
	got, what := doc.Total().Total, fmt.Sprintf("%d 个项目", len(doc.Projects))
	if allUnits && doc.AgencyKind == jixiao.AgencyDepartment && len(doc.Units) > 1 {
		got, what = unitSum, fmt.Sprintf("%d 个单位的小计", len(doc.Units))
	}
	if d := doc.Stated.Total - got; d > tolerance(step, len(doc.Projects)) || -d > tolerance(step, len(doc.Projects)) {
		structureErr(doc, doc.StatedLine, "", "", 0, fmt.Sprintf("合计行（%s）读作 %s，而读到 %s相加为 %s，相差 %s：可能有行漏读、多读、合并或金额读错；请对照原表的合计核对",
			where(doc.StatedLine), fmtMoney(doc, doc.Stated.Total), what, fmtMoney(doc, got), fmtMoney(doc, d)))
	}
}

// reconcileUnits checks each unit's subtotal and returns the subtotals'
// sum and whether every unit stated one.
func reconcileUnits(doc *jixiao.Document, step jixiao.Money) (jixiao.Money, bool) {
	var sum jixiao.Money
	all := true
	byUnit := doc.ProjectsByUnit()
	for _, u := range doc.Units {
		if !u.HasStated {
			all = false
			continue
		}
		sum += u.Stated.Total
		ps := byUnit[u.Name]
		var got jixiao.Money
		for _, p := range ps {
			got += p.Amounts.Total
		}
		if d := u.Stated.Total - got; d > tolerance(step, len(ps)) || -d > tolerance(step, len(ps)) {
			structureErr(doc, u.Line, u.Name, "", 0, fmt.Sprintf("单位“%s”（%s）的小计读作 %s，读到其下 %d 个项目相加为 %s，相差 %s：可能有项目漏读、多读、并入了别的单位或金额读错；请对照原表核对",
				u.Name, where(u.Line), fmtMoney(doc, u.Stated.Total), len(ps), fmtMoney(doc, got), fmtMoney(doc, d)))
		}
	}
	return sum, all
}

func anyUnitStated(doc *jixiao.Document) bool {
	for _, u := range doc.Units {
		if u.HasStated {
			return true
		}
	}
	return false
}

// tolerance is the rounding a sum of n rounded rows may carry.
func tolerance(step jixiao.Money, n int) jixiao.Money {
	return step * jixiao.Money(max(1, (n+1)/2))
}

func structureErr(doc *jixiao.Document, line int, unit, project string, seq int, msg string) {
	addFinding(doc, "parse.structure", jixiao.SeverityError, line, msg)
	f := &doc.Findings[len(doc.Findings)-1]
	f.Unit, f.Project, f.ProjectSeq = unit, project, seq
}

// where names a PDF line's page.
func where(line int) string {
	if line >= pdfLineBase {
		return fmt.Sprintf("第 %d 页", line/pdfLineBase)
	}
	return fmt.Sprintf("第 %d 行", line)
}

func fmtMoney(doc *jixiao.Document, m jixiao.Money) string {
	return m.FormatGrouped(doc.MoneyUnit) + string(doc.MoneyUnit)
}

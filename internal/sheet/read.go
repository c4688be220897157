package sheet

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"

	"jixiao"
)

// The layouts this package reads, as Document.Layout names them.
const (
	LayoutXLSXOfficial = "xlsx-official"
	LayoutXLSXFlat     = "xlsx-flat"
	LayoutCSVOfficial  = "csv-official"
	LayoutCSVFlat      = "csv-flat"
)

// ReadXLSX reads a workbook holding a target table, in the official
// seven-column layout or the flat one-row-per-indicator layout, on the
// first worksheet that has a recognisable header row.
func ReadXLSX(name string, data []byte) (*jixiao.Document, error) {
	grids, err := xlsxGrids(name, data)
	if err != nil {
		return nil, err
	}
	for _, g := range grids {
		doc, found, err := readGrid(g, LayoutXLSXOfficial, LayoutXLSXFlat)
		if err != nil || found {
			return finish(doc, err, name, data)
		}
	}
	return nil, noHeader(name)
}

// ReadCSV reads a CSV file holding a target table in either layout.
func ReadCSV(name string, data []byte) (*jixiao.Document, error) {
	g, err := csvGrid(name, data)
	if err != nil {
		return nil, err
	}
	doc, found, err := readGrid(g, LayoutCSVOfficial, LayoutCSVFlat)
	if !found && err == nil {
		return nil, noHeader(name)
	}
	if err == nil && g.damage != nil {
		addFinding(doc, "parse.encoding", g.damage.Line, jixiao.Finding{}, g.damage.Replaced())
	}
	return finish(doc, err, name, data)
}

func noHeader(name string) error {
	return inputErr(name, 0, "找不到表头：需要“项目名称（资金使用单位）/总计/财政拨款/财政专户拨款/其他资金/绩效目标/绩效指标”七列，"+
		"或每行一个指标的明细表（含 project、name、annual_target 或 项目名称、指标名称、年度指标值 等列）")
}

func finish(doc *jixiao.Document, err error, name string, data []byte) (*jixiao.Document, error) {
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	doc.SourceName, doc.SHA256 = name, hex.EncodeToString(sum[:])
	if doc.MoneyUnit == "" {
		doc.MoneyUnit = jixiao.WanYuan
	}
	if doc.Year == 0 {
		doc.Year = yearIn(doc.Title)
	}
	if doc.Year == 0 {
		doc.Year = yearIn(name)
	}
	doc.Renumber()
	return doc, nil
}

// readGrid finds the header row and reads the body in the layout it names.
// found is false when the grid has no header row of either layout.
func readGrid(g *grid, official, flat string) (doc *jixiao.Document, found bool, err error) {
	for r := range g.rows {
		switch h := classify(g.rows[r]); h.layout {
		case layoutOfficial:
			doc, err = readOfficial(g, r, h)
			if doc != nil {
				doc.Layout = official
			}
			return doc, true, err
		case layoutFlat:
			doc, err = readFlat(g, r, h)
			if doc != nil {
				doc.Layout = flat
			}
			return doc, true, err
		}
	}
	return nil, false, nil
}

// heading reads the rows above the header: title, agency, money unit.
func heading(g *grid, header int) *jixiao.Document {
	doc := &jixiao.Document{}
	for r := 0; r < header; r++ {
		for _, c := range g.rows[r] {
			readHeadingCell(doc, jixiao.CleanText(c))
		}
	}
	if g.props != nil {
		if y := yearIn(g.props.Keywords); y != 0 {
			doc.Year = y
		}
	}
	return doc
}

var (
	agencyRe = regexp.MustCompile(`(部门|单位)名称\s*[:：]\s*(.*?)\s*(单位\s*[:：].*)?$`)
	unitRe   = regexp.MustCompile(`(?:^|[^名])单位\s*[:：]\s*(万元|元)`)
	yearRe   = regexp.MustCompile(`(?:^|[^0-9])(20[0-9]{2})(?:[^0-9]|$)`)
)

func readHeadingCell(doc *jixiao.Document, s string) {
	if s == "" {
		return
	}
	if m := agencyRe.FindStringSubmatch(s); m != nil && doc.Agency == "" {
		doc.Agency, doc.AgencyKind = m[2], jixiao.AgencyUnit
		if m[1] == "部门" {
			doc.AgencyKind = jixiao.AgencyDepartment
		}
	}
	if m := unitRe.FindStringSubmatch(s); m != nil {
		doc.MoneyUnit = jixiao.MoneyUnit(m[1])
	}
	if doc.Title == "" && strings.Contains(s, "目标表") {
		doc.Title = s
	}
}

func yearIn(s string) int {
	if m := yearRe.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	return 0
}

// money reads an amount cell: text as printed ("13,232.12", "", "—") or a
// number as a workbook stores it. A computed cell may carry binary noise
// ("13232.119999999999"); it is rounded to the decimals the unit holds.
func money(s string, u jixiao.MoneyUnit) (jixiao.Money, error) {
	m, err := jixiao.ParseMoney(s, u)
	if err == nil {
		return m, nil
	}
	f, ferr := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if ferr != nil {
		return 0, err
	}
	return jixiao.ParseMoney(strconv.FormatFloat(f, 'f', u.Decimals(), 64), u)
}

// text is a cell's text with line wrapping joined, as the text readers do.
func text(s string) string { return jixiao.CleanText(s) }

func addFinding(doc *jixiao.Document, rule string, line int, f jixiao.Finding, msg string) {
	f.Rule, f.Severity, f.Line = rule, jixiao.SeverityError, line
	f.Message = "第 " + strconv.Itoa(line) + " 行：" + msg
	doc.Findings = append(doc.Findings, f)
}

func quote(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) > 60 {
		return "“" + string(r[:60]) + "…”"
	}
	return "“" + string(r) + "”"
}

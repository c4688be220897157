// Package export turns a stored document into the tables users take away:
// the flat projects / indicators / units tables (CSV, JSON or a one-sheet
// workbook) and the official seven-column layout of the published
// 项目支出绩效目标表 (CSV, or the styled workbook of WriteXLSX, which
// internal/sheet reads back).
package export

import (
	"fmt"
	"strconv"
	"strings"

	"jixiao"
)

// The table names accepted by Rows, WriteCSV and WriteJSON.
const (
	TableProjects   = "projects"
	TableIndicators = "indicators"
	TableUnits      = "units"
	TableOfficial   = "official"
)

// Column names of the flat tables. The first columns are fixed by issue 2;
// "raw" follows so that the source text of a row a reader could not parse
// is never dropped from an export. The columns of the one-project forms
// (issue 12) come last, so that consumers of the earlier columns keep
// working; they are empty for the Guangzhou table.
var (
	ProjectColumns = []string{"document", "seq", "unit", "project", "total", "fiscal", "special_account", "other", "goal", "raw",
		"department", "department_code", "attribute", "term", "period_goal", "period_total"}
	IndicatorColumns = []string{"document", "project_seq", "unit", "project", "seq",
		"level1_code", "level1", "level2_code", "level2", "name",
		"period_target", "annual_target",
		"period_op", "period_value", "period_unit",
		"annual_op", "annual_value", "annual_unit", "raw",
		"level1_printed", "level2_printed", "notes"}
	UnitColumns = []string{"document", "unit", "total", "fiscal", "special_account", "other", "projects"}
)

// Table is a flat table: its column names and its rows of text cells.
type Table struct {
	Name    string
	Columns []string
	Rows    [][]string
}

// Flat builds one of the flat tables of doc. Amounts are written in the
// document's money unit by Money.Format (at least two decimals, no
// separators).
func Flat(doc *jixiao.Document, table string) (*Table, error) {
	switch table {
	case TableProjects:
		return &Table{table, ProjectColumns, projectRows(doc)}, nil
	case TableIndicators:
		return &Table{table, IndicatorColumns, indicatorRows(doc)}, nil
	case TableUnits:
		return &Table{table, UnitColumns, unitRows(doc)}, nil
	}
	return nil, fmt.Errorf("未知的表 %q（可选 projects、indicators、units、official）", table)
}

func moneyUnit(doc *jixiao.Document) jixiao.MoneyUnit {
	if doc.MoneyUnit == "" {
		return jixiao.WanYuan
	}
	return doc.MoneyUnit
}

// amountCells are the four amounts of the flat tables. A cell the source
// left blank is written 0.00 here, as it always was: the flat tables are
// data for sums (testdata/expected/*.csv pins them so), while the official
// layout, the .xlsx and the pages show the cell blank (printedCells). A
// cell jixiao could not read is jixiao.UnreadAmount, never 0.00: summing
// it as 0 would be silently wrong.
func amountCells(a jixiao.Amounts, u jixiao.MoneyUnit) []string {
	out := make([]string, len(jixiao.AmountColumns))
	for i, c := range jixiao.AmountColumns {
		out[i] = a.Get(c).Format(u)
		if a.Unread.Has(c) {
			out[i] = jixiao.UnreadAmount
		}
	}
	return out
}

// printedCells are the four amounts as the published table prints them:
// by Money.Format, "" for a cell the source left blank and
// jixiao.UnreadAmount for one jixiao could not read.
func printedCells(a jixiao.Amounts, u jixiao.MoneyUnit) []string {
	out := make([]string, len(jixiao.AmountColumns))
	for i, c := range jixiao.AmountColumns {
		out[i] = a.PlainCell(c, u)
	}
	return out
}

func projectRows(doc *jixiao.Document) [][]string {
	id, u := itoa(doc.ID), moneyUnit(doc)
	rows := make([][]string, 0, len(doc.Projects))
	for i, p := range doc.Projects {
		row := []string{id, itoa(int64(seqOr(p.Seq, i))), p.Unit, p.Name}
		row = append(row, amountCells(p.Amounts, u)...)
		row = append(row, p.Goal, p.Raw)
		rows = append(rows, append(row, formCells(&p.FormFields, u)...))
	}
	return rows
}

// formCells are a project's form columns; period_total is empty when the
// form prints none.
func formCells(f *jixiao.FormFields, u jixiao.MoneyUnit) []string {
	total := ""
	if f.HasPeriodTotal {
		total = f.PeriodTotal.Format(u)
	}
	return []string{f.Department, f.DepartmentCode, f.Attribute, f.Term, f.PeriodGoal, total}
}

// NotesText writes an indicator's notes as one cell: "绩效标准：计划标准；备注：…".
func NotesText(notes []jixiao.Note) string {
	parts := make([]string, len(notes))
	for i, n := range notes {
		parts[i] = n.Label + "：" + n.Text
	}
	return strings.Join(parts, "；")
}

func indicatorRows(doc *jixiao.Document) [][]string {
	id := itoa(doc.ID)
	rows := make([][]string, 0, doc.IndicatorCount())
	for i, p := range doc.Projects {
		pseq := itoa(int64(seqOr(p.Seq, i)))
		for j, in := range p.Indicators {
			rows = append(rows, []string{id, pseq, p.Unit, p.Name, itoa(int64(seqOr(in.Seq, j))),
				in.Level1Code, in.Level1, in.Level2Code, in.Level2, in.Name,
				in.Period.Text, in.Annual.Text,
				string(in.Period.Op), in.Period.Value, in.Period.Unit,
				string(in.Annual.Op), in.Annual.Value, in.Annual.Unit, in.Raw,
				in.Level1Printed, in.Level2Printed, NotesText(in.Notes)})
		}
	}
	return rows
}

// UnitTotal is a unit's line of the units table.
type UnitTotal struct {
	Name     string
	Amounts  jixiao.Amounts
	Stated   bool // Amounts are the unit's own row, not the sum of its projects
	Projects int
}

// UnitTotals lists the document's units in order, then any unit its
// projects name that has no unit entry. A unit's amounts are its stated row
// when the table has one, else the sum of its projects.
func UnitTotals(doc *jixiao.Document) []UnitTotal {
	var out []UnitTotal
	index := map[string]int{}
	for _, u := range doc.Units {
		if _, dup := index[u.Name]; dup {
			continue
		}
		index[u.Name] = len(out)
		t := UnitTotal{Name: u.Name, Stated: u.HasStated}
		if u.HasStated {
			t.Amounts = u.Stated
		}
		out = append(out, t)
	}
	for _, p := range doc.Projects {
		i, ok := index[p.Unit]
		if !ok {
			i = len(out)
			index[p.Unit] = i
			out = append(out, UnitTotal{Name: p.Unit})
		}
		out[i].Projects++
		if !out[i].Stated {
			out[i].Amounts = out[i].Amounts.Add(p.Amounts)
		}
	}
	return out
}

func unitRows(doc *jixiao.Document) [][]string {
	id, u := itoa(doc.ID), moneyUnit(doc)
	var rows [][]string
	for _, t := range UnitTotals(doc) {
		row := append([]string{id, t.Name}, amountCells(t.Amounts, u)...)
		rows = append(rows, append(row, strconv.Itoa(t.Projects)))
	}
	return rows
}

// seqOr returns seq, or the 1-based position when a document was not
// renumbered.
func seqOr(seq, index int) int {
	if seq > 0 {
		return seq
	}
	return index + 1
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

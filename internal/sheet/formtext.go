package sheet

import "strings"

// XLSXText writes every sheet of a workbook as text the text readers of
// internal/ingest know: a row a line, "| a | b |", the copies of a merged
// cell left blank. The one-project forms (项目支出绩效目标表, 申报表) are
// read from it: their layout is a labelled block and a grid, not a table
// of columns this package reads.
func XLSXText(name string, data []byte) (string, error) {
	grids, err := xlsxGrids(name, data)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, g := range grids {
		for r, row := range g.rows {
			cells := make([]string, len(row))
			for c, v := range row {
				if !g.merged[[2]int{r, c}] {
					cells[c] = strings.ReplaceAll(strings.TrimSpace(v), "|", `\|`)
				}
			}
			b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
		}
		b.WriteString("\n")
	}
	return b.String(), nil
}

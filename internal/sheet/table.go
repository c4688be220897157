package sheet

// Table is one worksheet or CSV file as rows of text cells, as this
// package reads them for target tables: numbers as stored, a cell merged
// down repeated on every row it covers. Readers of other tables (the
// evaluation files of internal/eval) build on it.
type Table struct {
	Sheet string // worksheet name, "" for CSV
	Rows  [][]string
	Lines []int // source line (CSV) or row number (worksheet) of each row
	// Damage describes bytes of a CSV file that Decode replaced; the
	// caller decides whether to refuse the file.
	Damage *Damage
}

// ReadTables returns every worksheet of a workbook, in order. It refuses
// what ReadXLSX refuses, with the same messages: a file too large, an
// encrypted workbook, a legacy .xls or .doc, a file that is no workbook.
func ReadTables(name string, data []byte) ([]Table, error) {
	grids, err := xlsxGrids(name, data)
	if err != nil {
		return nil, err
	}
	tables := make([]Table, len(grids))
	for i, g := range grids {
		tables[i] = g.table()
	}
	return tables, nil
}

// ReadCSVTable reads a CSV file as ReadCSV does: decoded by Decode, split
// on the separator the file uses.
func ReadCSVTable(name string, data []byte) (Table, error) {
	g, err := csvGrid(name, data)
	if err != nil {
		return Table{}, err
	}
	return g.table(), nil
}

func (g *grid) table() Table {
	return Table{Sheet: g.sheet, Rows: g.rows, Lines: g.lines, Damage: g.damage}
}

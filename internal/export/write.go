package export

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"

	"jixiao"
	"jixiao/internal/csvcell"
)

// BOM starts every CSV we write, so that Excel opens it as UTF-8.
const BOM = "\ufeff"

// WriteCSV writes one table of doc as CSV, UTF-8 with a BOM: a flat table
// (projects, indicators, units) with its header row, or the official
// seven-column layout with its title and agency lines. Text cells that a
// spreadsheet would run as formulas are written after a quote (csvcell).
func WriteCSV(w io.Writer, doc *jixiao.Document, table string) error {
	recs, err := records(doc, table)
	if err != nil {
		return err
	}
	return WriteRecords(w, recs)
}

// WriteRecords writes records as CSV the way WriteCSV does: UTF-8 with a
// BOM, formula-like text cells quoted.
func WriteRecords(w io.Writer, recs [][]string) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(BOM)
	cw := csv.NewWriter(bw)
	if err := cw.WriteAll(csvcell.Records(recs)); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteFlatCSV writes one flat table (projects, indicators or units) of
// several documents under one header, as WriteCSV does for one: UTF-8 with a
// BOM, text cells that a spreadsheet would run as a formula quoted.
func WriteFlatCSV(w io.Writer, docs []*jixiao.Document, table string) error {
	head, err := Flat(&jixiao.Document{}, table)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(BOM)
	cw := csv.NewWriter(bw)
	cw.Write(head.Columns)
	for _, d := range docs {
		t, err := Flat(d, table)
		if err != nil {
			return err
		}
		cw.WriteAll(csvcell.Records(t.Rows))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func records(doc *jixiao.Document, table string) ([][]string, error) {
	if table == TableOfficial {
		return Official(doc).Records(), nil
	}
	t, err := Flat(doc, table)
	if err != nil {
		return nil, err
	}
	return append([][]string{t.Columns}, t.Rows...), nil
}

// numericColumns are written as JSON numbers; every other column is a
// string. Amounts keep their decimals ("67.00") as json.Number literals.
var numericColumns = map[string]bool{
	"document": true, "seq": true, "project_seq": true, "projects": true,
	"total": true, "fiscal": true, "special_account": true, "other": true,
}

// WriteJSON writes a flat table of doc as a JSON array of objects whose
// keys are the CSV column names, in column order.
func WriteJSON(w io.Writer, doc *jixiao.Document, table string) error {
	if table == TableOfficial {
		return fmt.Errorf("official 表只能导出为 csv 或 xlsx")
	}
	t, err := Flat(doc, table)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("[")
	for i, row := range t.Rows {
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n  {")
		for j, col := range t.Columns {
			if j > 0 {
				bw.WriteString(", ")
			}
			writeJSONField(bw, col, row[j])
		}
		bw.WriteString("}")
	}
	if len(t.Rows) > 0 {
		bw.WriteString("\n")
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

func writeJSONField(w *bufio.Writer, col, val string) {
	writeJSONString(w, col)
	w.WriteString(": ")
	if numericColumns[col] && val != "" {
		w.WriteString(val)
		return
	}
	writeJSONString(w, val)
}

// writeJSONString quotes s without escaping <, > and &, so that a
// comparator reads ">=" and not "\u003e=".
func writeJSONString(w *bufio.Writer, s string) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

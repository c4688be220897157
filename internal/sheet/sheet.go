// Package sheet reads and writes target tables as spreadsheets: .xlsx
// workbooks and CSV files, in the official seven-column layout or the flat
// one-row-per-indicator layout.
package sheet

import "jixiao"

// ReadXLSX reads a workbook holding a target table.
func ReadXLSX(name string, data []byte) (*jixiao.Document, error) {
	return nil, &jixiao.InputError{File: name, Msg: "暂不支持读取 .xlsx 文件"}
}

// ReadCSV reads a CSV file holding a target table.
func ReadCSV(name string, data []byte) (*jixiao.Document, error) {
	return nil, &jixiao.InputError{File: name, Msg: "暂不支持读取 CSV 文件"}
}

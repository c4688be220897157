// Package sheet reads and writes target tables as spreadsheets: .xlsx
// workbooks and CSV files, in the official seven-column layout or the flat
// one-row-per-indicator layout.
//
// Reading detects the layout from the header row (Chinese or English
// headers), spreads merged cells, skips blank rows and the header repeated
// at page breaks, accepts amounts as numbers or as text, and decodes GBK
// CSV. Findings the readers add (severity error), as internal/ingest does:
//
//	parse.amount     a row whose amounts cannot be read; Project.Raw keeps the row
//	parse.indicator  an indicator that does not follow the published pattern; Indicator.Raw keeps it
package sheet

// Package sheet is the spreadsheet and text layer under every reader: it
// reads .xlsx workbooks and CSV files, and it decodes text files (Decode:
// UTF-16, UTF-8, GB18030) for every door, so that the same bytes give the
// same text or the same error wherever they come in.
//
// On it stand the target-table readers here (ReadXLSX, ReadCSV: the official
// seven-column layout or the flat one-row-per-indicator layout), the text
// readers of internal/ingest (which decode through Decode) and the
// evaluation files of internal/eval (ReadTables, ReadCSVTable). Writing
// documents out is internal/export's; this package imports none of its users.
//
// Reading detects the layout from the header row (Chinese or English
// headers), spreads merged cells, skips blank rows and the header repeated
// at page breaks, accepts amounts as numbers or as text, and decodes GBK
// CSV. Findings the readers add (severity error), as internal/ingest does:
//
//	parse.amount     a row whose amounts cannot be read; Project.Raw keeps the row
//	parse.indicator  an indicator that does not follow the published pattern; Indicator.Raw keeps it
//	parse.encoding   bytes of a CSV file that are not valid UTF-8 or GB18030, replaced by U+FFFD
package sheet

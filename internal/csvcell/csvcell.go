// Package csvcell keeps the CSV files we write from being read as formulas
// by a spreadsheet (CSV injection): a text cell that starts with =, +, -,
// @, a tab or a carriage return (and has more after it) is written after a single quote, and our
// readers take that quote off again so that a file round trips exactly.
// Numbers (amounts such as -1.50, target values) are never quoted: they are
// no formula, and a quote would make them text in Excel.
package csvcell

import "strconv"

// risky reports whether a spreadsheet may take s for a formula, or whether
// s is a quote followed by such a cell (quoted once more, so that Unescape
// restores it exactly).
func risky(s string) bool {
	if len(s) < 2 {
		return false // a lone "=" (the target operator) or "-" holds no formula
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	case '\'':
		return risky(s[1:])
	}
	return false
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// Escape returns s as it is safe to write in a CSV cell.
func Escape(s string) string {
	if risky(s) && !isNumber(s) {
		return "'" + s
	}
	return s
}

// Unescape undoes Escape: it drops the quote before a cell that Escape
// would have quoted.
func Unescape(s string) string {
	if len(s) > 1 && s[0] == '\'' && risky(s[1:]) {
		return s[1:]
	}
	return s
}

// Record returns rec with every cell escaped, in a new slice (callers
// pass shared headers).
func Record(rec []string) []string {
	out := make([]string, len(rec))
	for i, c := range rec {
		out[i] = Escape(c)
	}
	return out
}

// Records returns recs with every cell escaped.
func Records(recs [][]string) [][]string {
	out := make([][]string, len(recs))
	for i, r := range recs {
		out[i] = Record(r)
	}
	return out
}

// UnescapeRecord undoes Record in place and returns rec.
func UnescapeRecord(rec []string) []string {
	for i, c := range rec {
		rec[i] = Unescape(c)
	}
	return rec
}

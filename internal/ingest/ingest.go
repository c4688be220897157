// Package ingest turns the bytes of a published target table into a
// jixiao.Document: it decodes text as every door does (sheet.Decode),
// detects the layout, then reads it.
//
// Layouts read here: the Guangzhou table from a PDF's glyph positions
// ("pdf", see pdftable.go, on internal/pdf), as text extracted from a PDF
// ("pdf-text", see pdftext.go) or as markdown ("markdown", see markdown.go),
// and the one-project forms of most other regions (项目支出绩效目标表,
// 申报表, 批复表, 转移支付区域绩效目标表: "form", see form.go), one project
// per form and any number of forms per file, in whatever flattening the
// text took (formcells.go). A PDF without the Guangzhou header is read as
// layout text by the others. Spreadsheets (.xlsx, CSV) are handed to
// internal/sheet; a workbook it cannot place is tried as a form laid out in
// cells. A .docx is read as its paragraphs and tables (docx.go). OLE
// compound files (password-protected .xlsx, legacy .xls, .doc) go to sheet,
// which refuses them with advice for each. No external program is run.
//
// A PDF's line numbers count by page (jixiao.PDFLineBase): a message says
// "第 3 页第 12 行", the CLI "file.pdf:3:12".
//
// Findings the readers add (severity error unless noted):
//
//	parse.amount     a row whose amounts cannot be read; Project.Raw keeps the line
//	parse.indicator  an indicator that does not follow the published pattern; Indicator.Raw keeps it
//	parse.encoding   bytes that are not UTF-8 (or GB18030) in an otherwise UTF-8 (GB18030) file, replaced by U+FFFD;
//	                 in a PDF, characters its fonts do not map to Unicode
//	parse.name       a row with amounts but no project name
//	parse.text       text that fits no cell of the table (warning; an error for text inside a PDF
//	                 table's indicator cell before its "1、"); the message quotes it
//	parse.header     the heading lacks the agency or the money unit (warning)
//	parse.structure  a PDF's rows do not add up as the table says they must (unit
//	                 subtotals, 合计, each row's sources): the reader may have dropped,
//	                 merged or misplaced a row; the message names the unit or project and page.
//	                 For a form: its total is not the sum of its split, or it has no indicator grid
//	parse.pages      a PDF holds other pages besides the target table (info): which were read
//	parse.truncated  a form the text stops inside (warning): its whole rows are kept, the cut last cell is not
//
// A form also gives parse.amount (a money line that cannot be read; a
// warning when the year's total is not printed and is taken as the sum of
// its split, or when a money cell is a source note ending in its amount),
// parse.name and parse.indicator (a grid row whose values are not all
// there, kept in Indicator.Raw, as is a row glued across several value
// columns whose bounds the text does not give; a warning where a name and
// its value were glued together and split at a common value word such as
// 稳步提高, or where a row prints no 一级 or 二级), and parse.text (a
// warning: a label read through OCR noise, "项目完成H期" as 项目完成日期).
package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path/filepath"
	"strings"

	"jixiao"
	"jixiao/internal/sheet"
)

// The layouts this package reads, as Document.Layout names them.
const (
	LayoutPDFText  = "pdf-text"
	LayoutMarkdown = "markdown"
)

// Parse reads one file. It sets the document's SourceName (name), SHA256 (of
// data), Layout and, where the text says so, Year. Problems inside the table
// (a row whose amounts cannot be read, an indicator that does not follow the
// pattern) become "parse.*" findings in doc.Findings with the raw text kept;
// a file that is not a target table at all gives a *jixiao.InputError.
func Parse(name string, data []byte) (*jixiao.Document, error) {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return nil, inputErr(name, 0, "文件为空，没有可读取的内容；请确认导出的是项目支出绩效目标表")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) && isDocx(data):
		text, err := docxText(name, data)
		if err != nil {
			return nil, err
		}
		return parseText(name, data, text, nil)
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return parseXLSX(name, data)
	case sheet.IsCompoundFile(data):
		// An OLE compound file is a password-protected .xlsx, a legacy .xls
		// or a .doc; sheet tells them apart and says what to do with each.
		return sheet.ReadXLSX(name, data)
	case bytes.HasPrefix(data, []byte("%PDF")):
		return parsePDF(name, data)
	}
	text, damage, err := decode(name, data)
	if err != nil {
		return nil, err
	}
	if looksLikeCSV(name, text) {
		return sheet.ReadCSV(name, data)
	}
	return parseText(name, data, text, damage)
}

// parseXLSX reads a workbook: the Guangzhou table's columns, or else a
// one-project form laid out in its cells. A workbook that is neither gets
// the spreadsheet reader's own error.
func parseXLSX(name string, data []byte) (*jixiao.Document, error) {
	doc, err := sheet.ReadXLSX(name, data)
	var ie *jixiao.InputError
	if err == nil || !errors.As(err, &ie) {
		return doc, err
	}
	text, terr := sheet.XLSXText(name, data)
	if terr != nil || !isFormText(text) {
		return nil, err
	}
	return parseText(name, data, text, nil)
}

// parseText reads text decoded from data (which gives the hash) in
// whichever text layout it is written in.
func parseText(name string, data []byte, text string, damage *sheet.Damage) (*jixiao.Document, error) {
	lines := splitLines(text)
	var doc *jixiao.Document
	var err error
	switch {
	case isMarkdown(lines):
		doc, err = readMarkdown(name, lines)
	case hasPDFHeader(lines):
		doc, err = readPDFText(name, lines)
	case isFormText(text):
		doc, err = readForms(name, lines)
	default:
		err = inputErr(name, 0, notPlacedMsg)
	}
	if err != nil {
		return nil, err
	}
	stamp(doc, name, data, text)
	if damage != nil {
		addFinding(doc, "parse.encoding", jixiao.SeverityError, damage.Line, damage.Replaced())
	}
	return doc, nil
}

// stamp sets what every reader's document carries: the file's name and
// hash, and the budget year where the table did not state it.
func stamp(doc *jixiao.Document, name string, data []byte, text string) {
	sum := sha256.Sum256(data)
	doc.SourceName = name
	doc.SHA256 = hex.EncodeToString(sum[:])
	if doc.Year == 0 {
		// Neither sample states its year in the heading (the readers take a
		// "2024年" there first). Both carry it in their file names
		// (…-2024.txt), and both mention it only in passing in a goal
		// ("2024年我中心继续…"), so the file name comes next and the year
		// the body mentions most is the last resort.
		doc.Year = yearFromName(name)
	}
	if doc.Year == 0 && doc.Layout != LayoutForm {
		// A form states its year in its heading or not at all: the years its
		// goal mentions say nothing about the budget year.
		doc.Year = yearMentioned(text)
	}
	doc.Renumber()
}

func inputErr(name string, line int, msg string) *jixiao.InputError {
	return &jixiao.InputError{File: name, Line: line, Msg: msg}
}

// looksLikeCSV tells a CSV export (ours or a spreadsheet's) from a text
// table: by extension, or a first line of comma-separated column names.
func looksLikeCSV(name, text string) bool {
	if strings.EqualFold(filepath.Ext(name), ".csv") {
		return true
	}
	first, _, _ := strings.Cut(strings.TrimLeft(text, "\n\r\t "), "\n")
	if strings.Contains(first, "|") {
		return false
	}
	return strings.Count(first, ",") >= 4 && (strings.Contains(first, "项目") || strings.Contains(first, "project"))
}

// splitLines splits decoded text (line ends already LF) into lines.
func splitLines(text string) []string {
	return strings.Split(text, "\n")
}

// hasPDFHeader reports whether the text holds the Guangzhou table's header
// row, which the PDF-text reader starts from.
func hasPDFHeader(lines []string) bool {
	for _, l := range lines {
		if isPDFHeader(l) {
			return true
		}
	}
	return false
}

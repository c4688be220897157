package jixiao

import "fmt"

// Severity grades a finding.
type Severity string

// Severities, most serious first.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Label is the Chinese name of the severity, for pages and printed reports.
func (s Severity) Label() string {
	switch s {
	case SeverityError:
		return "错误"
	case SeverityWarning:
		return "警告"
	}
	return "提示"
}

// Finding is one problem found in a document, by a review rule (internal/check)
// or by a reader (rule ids "parse.*"). ProjectSeq and IndicatorSeq are 1-based
// as in the exports; 0 means the finding is about a unit or the whole document.
type Finding struct {
	ID           int64    `json:"id,omitempty"`
	DocumentID   int64    `json:"document_id,omitempty"`
	Rule         string   `json:"rule"`
	Severity     Severity `json:"severity"`
	Unit         string   `json:"unit"`
	ProjectSeq   int      `json:"project_seq"`
	Project      string   `json:"project"`
	IndicatorSeq int      `json:"indicator_seq"`
	Line         int      `json:"line,omitempty"` // source line, when known
	Message      string   `json:"message"`        // one line of Simplified Chinese
}

// HasErrors reports whether any finding has error severity.
func HasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == SeverityError {
			return true
		}
	}
	return false
}

// LayoutPDF names a document read from a PDF's glyph positions. Its line
// numbers count by page: page*PDFLineBase + the line on that page.
const (
	LayoutPDF   = "pdf"
	PDFLineBase = 1000
)

// SourceLine writes a source line of a document for a "file:line" prefix:
// "12", or "3:12" (page 3, line 12) for a PDF.
func SourceLine(layout string, line int) string {
	if layout == LayoutPDF && line >= PDFLineBase {
		return fmt.Sprintf("%d:%d", line/PDFLineBase, line%PDFLineBase)
	}
	return fmt.Sprint(line)
}

// LineLabel names a source line in a Chinese message: "第 12 行", or
// "第 3 页第 12 行" for a PDF.
func LineLabel(layout string, line int) string {
	if layout == LayoutPDF && line >= PDFLineBase {
		return fmt.Sprintf("第 %d 页第 %d 行", line/PDFLineBase, line%PDFLineBase)
	}
	return fmt.Sprintf("第 %d 行", line)
}

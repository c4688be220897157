package sqldb

import (
	"encoding/json"
	"time"

	"jixiao"
)

// Column lists and row builders for the write path. SQLite feeds them to
// batched INSERTs, PostgreSQL to COPY; both store the same values.

// DocumentCols are the columns of documents set on import (id aside).
var DocumentCols = []string{"title", "agency", "agency_kind", "money_unit", "year", "source_name", "sha256",
	"layout", "imported_at", "has_stated", "stated_total", "stated_fiscal", "stated_special_account",
	"stated_other", "stated_line", "content_hash", "stated_blank", "stated_unread"}

// DocumentValues are doc's values for DocumentCols; at is how the engine
// stores imported_at (TEXT in SQLite, timestamptz in PostgreSQL).
func DocumentValues(doc *jixiao.Document, at any) []any {
	s := doc.Stated
	return []any{doc.Title, doc.Agency, string(doc.AgencyKind), string(doc.MoneyUnit), doc.Year, doc.SourceName,
		doc.SHA256, doc.Layout, at, boolInt(doc.HasStated), int64(s.Total), int64(s.Fiscal),
		int64(s.SpecialAccount), int64(s.Other), doc.StatedLine, doc.ContentSHA256, int(s.Blank), int(s.Unread)}
}

// UnitCols are the columns of units.
var UnitCols = []string{"document_id", "seq", "name", "has_stated", "stated_total", "stated_fiscal",
	"stated_special_account", "stated_other", "line", "stated_blank"}

// UnitValues are the values of the seq-th (1-based) unit of document docID.
func UnitValues(docID int64, seq int, u *jixiao.Unit) []any {
	s := u.Stated
	return []any{docID, seq, u.Name, boolInt(u.HasStated), int64(s.Total), int64(s.Fiscal),
		int64(s.SpecialAccount), int64(s.Other), u.Line, int(s.Blank)}
}

// ProjectCols are the columns of projects.
var ProjectCols = []string{"id", "document_id", "seq", "unit", "name", "name_key", "total", "fiscal",
	"special_account", "other", "goal", "line", "raw", "form", "blank", "unread"}

// ProjectValues are p's values for ProjectCols (p.ID and p.DocumentID set).
func ProjectValues(p *jixiao.Project) []any {
	a := p.Amounts
	return []any{p.ID, p.DocumentID, p.Seq, p.Unit, p.Name, SearchKey(p.Name), int64(a.Total), int64(a.Fiscal),
		int64(a.SpecialAccount), int64(a.Other), p.Goal, p.Line, p.Raw, FormJSON(&p.FormFields), int(a.Blank),
		int(a.Unread)}
}

// IndicatorCols are the columns of indicators.
var IndicatorCols = []string{"id", "project_id", "document_id", "project_seq", "seq", "level1_code", "level1",
	"level2_code", "level2", "name", "name_key", "period_text", "period_op", "period_value", "period_unit",
	"annual_text", "annual_op", "annual_value", "annual_unit", "line", "raw", "search_key",
	"level1_printed", "level2_printed", "notes", "accrual"}

// IndicatorValues are in's values for IndicatorCols, in project p.
func IndicatorValues(p *jixiao.Project, in *jixiao.Indicator) []any {
	return []any{in.ID, p.ID, p.DocumentID, p.Seq, in.Seq, in.Level1Code, in.Level1, in.Level2Code, in.Level2,
		in.Name, SearchKey(in.Name), in.Period.Text, string(in.Period.Op), in.Period.Value, in.Period.Unit,
		in.Annual.Text, string(in.Annual.Op), in.Annual.Value, in.Annual.Unit, in.Line, in.Raw,
		IndicatorSearchKey(in.Name, p.Name), in.Level1Printed, in.Level2Printed, NotesJSON(in.Notes), string(in.Accrual)}
}

// FormJSON is how a project's form fields are stored (migration 0050): as
// JSON, "" for a project of the Guangzhou table, which has none.
func FormJSON(f *jixiao.FormFields) string {
	if f.IsZero() {
		return ""
	}
	b, _ := json.Marshal(f) // strings, numbers and bools: cannot fail
	return string(b)
}

// NotesJSON is how an indicator's notes are stored: JSON, "" for none.
func NotesJSON(notes []jixiao.Note) string {
	if len(notes) == 0 {
		return ""
	}
	b, _ := json.Marshal(notes)
	return string(b)
}

// decodeForm reads what FormJSON stored.
func decodeForm(s string, f *jixiao.FormFields) error {
	if s == "" {
		return nil
	}
	return json.Unmarshal([]byte(s), f)
}

func decodeNotes(s string, notes *[]jixiao.Note) error {
	if s == "" {
		return nil
	}
	return json.Unmarshal([]byte(s), notes)
}

// IndicatorSearchKey is what indicator search looks in (migration 0004):
// the indicator's key and its project's, apart by a character no query holds.
func IndicatorSearchKey(indicator, project string) string {
	return SearchKey(indicator) + "\x1f" + SearchKey(project)
}

// FindingCols are the columns of findings.
var FindingCols = []string{"id", "document_id", "rule", "severity", "unit", "project_seq", "project",
	"indicator_seq", "line", "message"}

// FindingValues are f's values for FindingCols (f.ID and f.DocumentID set).
func FindingValues(f *jixiao.Finding) []any {
	return []any{f.ID, f.DocumentID, f.Rule, string(f.Severity), f.Unit, f.ProjectSeq, f.Project,
		f.IndicatorSeq, f.Line, f.Message}
}

// AssignIDs numbers doc's projects, indicators and findings with the ids
// the engine reserved (as many of each as the document has, in document
// order) and sets their document id.
func AssignIDs(doc *jixiao.Document, projects, indicators, findings []int64) {
	k := 0
	for i := range doc.Projects {
		p := &doc.Projects[i]
		p.ID, p.DocumentID = projects[i], doc.ID
		for j := range p.Indicators {
			p.Indicators[j].ID = indicators[k]
			k++
		}
	}
	for i := range doc.Findings {
		doc.Findings[i].ID = findings[i]
		doc.Findings[i].DocumentID = doc.ID
	}
}

// ImportTime is the time SaveDocument records: the document's, or the
// store's clock when it has none.
func (s *Store) ImportTime(doc *jixiao.Document) time.Time {
	if doc.ImportedAt.IsZero() {
		return s.now().Truncate(time.Microsecond)
	}
	return doc.ImportedAt.UTC().Truncate(time.Microsecond)
}

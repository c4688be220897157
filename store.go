package jixiao

import (
	"context"
	"fmt"
	"time"
)

// Store keeps documents with their units, projects, indicators and findings.
// internal/sqlite (the default, embedded) and internal/postgres implement it;
// internal/storetest is the conformance suite both must pass.
//
// Methods return errors wrapping ErrNotFound for a missing id and ErrDuplicate
// (a *DuplicateError) for a file already stored.
type Store interface {
	// SaveDocument stores doc and everything in it in one transaction (all or
	// nothing) and sets the IDs and DocumentIDs in doc. A document whose
	// SHA256 is already stored is refused with a *DuplicateError.
	//
	// The import is logged in the audit log, in the same transaction, as
	// done by by (Actor(nil) for the operator at the command line).
	SaveDocument(ctx context.Context, doc *Document, by AuditEntry) error
	// Document returns a whole document: units, projects with indicators, and
	// findings, in document order.
	Document(ctx context.Context, id int64) (*Document, error)
	// Documents lists every document, newest import first.
	Documents(ctx context.Context) ([]DocumentSummary, error)
	// DeleteDocument removes a document and everything in it.
	// The deletion is logged as done by by.
	DeleteDocument(ctx context.Context, id int64, by AuditEntry) error
	// Project returns one project with its indicators.
	Project(ctx context.Context, id int64) (*Project, error)
	// Projects lists projects matching q, in (document, seq) order.
	Projects(ctx context.Context, q ProjectQuery) (Page[ProjectRow], error)
	// Indicators lists indicators matching q, in (document, project, seq) order.
	Indicators(ctx context.Context, q IndicatorQuery) (Page[IndicatorRow], error)
	// IndicatorFacets counts the indicators matching q (ignoring its Limit
	// and Cursor) by level-1, level-2, kind, unit of measure and document,
	// reading a bounded number of matches: past it, the counts are lower
	// bounds (FacetCount.AtLeast).
	IndicatorFacets(ctx context.Context, q IndicatorQuery) (Facets, error)
	// Findings lists stored findings matching q, in document order.
	Findings(ctx context.Context, q FindingQuery) ([]Finding, error)
	// Ping checks that the store answers.
	Ping(ctx context.Context) error
	Close() error
}

// DocumentSummary is a document's row in a listing.
type DocumentSummary struct {
	ID         int64            `json:"id"`
	Title      string           `json:"title"`
	Agency     string           `json:"agency"`
	AgencyKind AgencyKind       `json:"agency_kind"`
	Year       int              `json:"year,omitempty"`
	MoneyUnit  MoneyUnit        `json:"money_unit"`
	SourceName string           `json:"source_name"`
	SHA256     string           `json:"sha256"`
	Layout     string           `json:"layout"`
	ImportedAt time.Time        `json:"imported_at"`
	Total      Money            `json:"total"` // the stated 合计 where the table prints one that was read, else the sum of the projects' 总计
	Units      int              `json:"units"`
	Projects   int              `json:"projects"`
	Indicators int              `json:"indicators"`
	Findings   map[Severity]int `json:"findings"`

	// UnreadProjects counts the projects whose 总计 could not be read when
	// Total is their sum (then Total leaves them out and is not the
	// table's figure).
	UnreadProjects int `json:"unread_projects,omitempty"`
}

// Page is one page of a listing. NextCursor is empty on the last page; pass
// it back as the query's Cursor for the next one.
type Page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
	// After, when the store sets it, is the cursor that continues after
	// Items[i], so that a reader that leaves some items out
	// (workflow.FillPage) need not read again to learn where it stopped.
	// It is no part of an answer.
	After func(i int) string `json:"-"`
}

// ProjectQuery filters projects. Q matches project names by substring (one
// Chinese character or more); zero fields do not filter. Limit defaults to 50.
type ProjectQuery struct {
	DocumentID int64
	Unit       string
	Q          string
	Limit      int
	Cursor     string
}

// ProjectRow is a project (without indicators) with its document's heading.
type ProjectRow struct {
	Project
	DocumentTitle  string    `json:"document_title"`
	DocumentAgency string    `json:"document_agency"`
	DocumentYear   int       `json:"document_year,omitempty"`
	MoneyUnit      MoneyUnit `json:"money_unit"`
}

// Indicator kinds for IndicatorQuery.Kind.
const (
	KindQuantitative = "quantitative"
	KindQualitative  = "qualitative"
)

// IndicatorQuery filters indicators. Q matches indicator names (and the name
// of their project) by substring; Kind is KindQuantitative or
// KindQualitative, judged on the annual target; Unit is the annual target's
// unit of measure; ProjectUnit is the unit (资金使用单位) of the
// indicator's project. Limit defaults to 50.
//
// HiddenDocuments and HiddenUnits leave out what a reader may not see:
// every indicator of those documents, and of the projects of those units
// (by document id). IndicatorFacets honours them in its one bounded read;
// listings ignore them (the service drops hidden rows from a page).
type IndicatorQuery struct {
	DocumentID  int64
	Level1Code  string
	Level2Code  string
	Kind        string
	Unit        string
	ProjectUnit string
	Q           string
	Limit       int
	Cursor      string

	HiddenDocuments []int64
	HiddenUnits     map[int64][]string
}

// IndicatorRow is an indicator with the project and document it belongs to.
type IndicatorRow struct {
	Indicator
	DocumentID    int64  `json:"document_id"`
	DocumentTitle string `json:"document_title"`
	ProjectID     int64  `json:"project_id"`
	ProjectSeq    int    `json:"project_seq"`
	Project       string `json:"project"`
	Unit          string `json:"unit"`
}

// Facets counts matches per value of each facet: "level1", "level2",
// "kind", "unit", "document".
type Facets map[string][]FacetCount

// FacetCount is one value of a facet with its count. Label is what a page
// shows (a category name, a document's DocumentLabel) where Value is a code
// or id. AtLeast says Count is a lower bound: the matches were more than
// the store counts (its cap, sqldb.FacetCap), and Count is this value's
// share of the first of them, so a page shows "1,000+" and "37+", never a
// number that claims to be whole.
type FacetCount struct {
	Value   string `json:"value"`
	Label   string `json:"label"`
	Count   int    `json:"count"`
	AtLeast bool   `json:"at_least,omitempty"`
}

// DocumentLabel names a stored table in a list: its department and budget
// year ("广州市荔湾区人力资源和社会保障局 2025年"), since one department's
// tables of two years stand side by side.
func DocumentLabel(agency string, year int) string {
	if year > 0 {
		return fmt.Sprintf("%s %d年", agency, year)
	}
	return agency
}

// FindingQuery filters findings; zero fields do not filter. ProjectSeq
// keeps the findings about one project of the document (its 1-based Seq):
// with DocumentID it reads those rows alone, not the whole document's.
type FindingQuery struct {
	DocumentID int64
	ProjectSeq int
	Rule       string
	Severity   Severity
}

package jixiao

import (
	"context"
	"time"
)

// ProjectLink says that project Seq of document DocumentID (budget year
// Year) is the same project as PrevSeq of PrevDocumentID (PrevYear): a
// project followed across years (延续项目). jixiao proposes links
// (internal/history); Certain ones (the same unit and the same name once
// the year is taken out) stand on their own, the others wait for a
// reviewer to confirm them.
type ProjectLink struct {
	PrevDocumentID int64 `json:"prev_document_id"`
	PrevSeq        int   `json:"prev_seq"`
	PrevYear       int   `json:"prev_year"`
	DocumentID     int64 `json:"document_id"`
	Seq            int   `json:"seq"`
	Year           int   `json:"year"`
	// Basis says, in Chinese, why the two are taken to be one project.
	Basis   string `json:"basis"`
	Certain bool   `json:"certain"`
	// Similarity is how alike the two are, from 0 to 1 (names and
	// indicators); 1 for a certain link.
	Similarity float64 `json:"similarity"`
}

// LinkState is where a stored ProjectLink stands: a certain link is
// confirmed when stored, an uncertain one waits for a reviewer.
type LinkState string

// The states of a stored link.
const (
	LinkConfirmed LinkState = "已确认"
	LinkPending   LinkState = "待确认"
	LinkRejected  LinkState = "已否决"
)

// StoredLink is a ProjectLink as the store keeps it: its id, the two
// projects by id and name, where it stands and who last decided it (the
// importer for a proposal, the reviewer for a confirmation).
type StoredLink struct {
	ProjectLink
	ID            int64     `json:"id"`
	PrevProjectID int64     `json:"prev_project_id"`
	ProjectID     int64     `json:"project_id"`
	PrevName      string    `json:"prev_project"`
	Name          string    `json:"project"`
	Unit          string    `json:"unit"`
	State         LinkState `json:"state"`
	UpdatedBy     string    `json:"updated_by"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Holds reports whether the link stands (confirmed, or certain): the
// year-on-year rules and the project's years read only these.
func (l StoredLink) Holds() bool { return l.State == LinkConfirmed }

// The audit actions of links: proposing a table's links (logged once per
// table, by whoever imported it) and a reviewer's decision on one.
const (
	ActionLinkProjects Action = "link_projects"
	ActionDecideLink   Action = "decide_link"
)

// LinkStore keeps the links between projects of different years.
// internal/sqldb implements it for both engines.
type LinkStore interface {
	// SaveLinks stores the proposed links of one later document (certain
	// ones 已确认, others 待确认), skipping a project already linked, and
	// logs e (its action ActionLinkProjects) in the same transaction. It
	// sets the IDs and returns the links it stored.
	SaveLinks(ctx context.Context, documentID int64, links []StoredLink, e AuditEntry) ([]StoredLink, error)
	// Link returns one link, or ErrNotFound.
	Link(ctx context.Context, id int64) (StoredLink, error)
	// ProjectLinks lists the links from project id to earlier years and
	// from later years to it, earlier year first.
	ProjectLinks(ctx context.Context, projectID int64) ([]StoredLink, error)
	// DocumentLinks lists the links of the projects of a document to
	// earlier years, in project order.
	DocumentLinks(ctx context.Context, documentID int64) ([]StoredLink, error)
	// DecideLink moves a 待确认 link to to (已确认 or 已否决) and logs e in
	// the same transaction; a link decided meanwhile gives a
	// *TransitionError.
	DecideLink(ctx context.Context, id int64, to LinkState, e AuditEntry) (StoredLink, error)
}

package jixiao

import (
	"context"
	"time"
)

// WorkflowStore keeps accounts, sessions, the workflow state of documents
// and projects, project versions and the append-only audit log. Every
// method that changes workflow state writes its audit entry in the same
// transaction. There is deliberately no method that updates or deletes an
// audit entry.
type WorkflowStore interface {
	AccountStore
	// CreateUser stores u with its password hash (a PHC string) and sets
	// u.ID, logging it in the audit log as done by by in the same
	// transaction; a taken username gives ErrDuplicate.
	CreateUser(ctx context.Context, u *User, passwordHash string, by AuditEntry) error
	// UserByName returns the account and its password hash, or ErrNotFound.
	UserByName(ctx context.Context, username string) (*User, string, error)
	// UserByID returns the account, or ErrNotFound.
	UserByID(ctx context.Context, id int64) (*User, error)
	// SetPassword replaces an account's hash and ends its sessions.
	SetPassword(ctx context.Context, userID int64, passwordHash string) error

	// CreateSession stores s; Session finds it by token hash (ErrNotFound);
	// TouchSession moves its LastSeen; DeleteSession ends it.
	CreateSession(ctx context.Context, s Session) error
	Session(ctx context.Context, tokenHash string) (Session, error)
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	DeleteSession(ctx context.Context, tokenHash string) error

	// DocumentStatus returns a document's workflow state with its projects'.
	// A document with no workflow record (an imported table) is published
	// and its projects are 财政已审 at version 1.
	DocumentStatus(ctx context.Context, documentID int64) (DocumentStatus, error)
	// Drafts lists the documents that are not published, with their units
	// and projects' states, so that listings can hide what a reader may not
	// see.
	Drafts(ctx context.Context) ([]DocumentStatus, error)
	// ProjectStatus returns one project's workflow state.
	ProjectStatus(ctx context.Context, projectID int64) (ProjectStatus, error)
	// CreateDraft copies document from into a new draft for year, every
	// project 草稿 at version 1, and logs e.
	CreateDraft(ctx context.Context, from int64, year int, e AuditEntry) (*Document, error)
	// SaveProject replaces a draft project's fields and indicators (by p.ID)
	// if its version is still expected, replaces the document's findings
	// with findings (the caller re-ran the rules on the edited document),
	// bumps the version, keeps a snapshot of the new version and logs e with
	// the changes. A stale version gives a *ConflictError (with the current
	// project) and logs the refused attempt with OutcomeConflict; a project
	// that is not an editable draft gives a *TransitionError.
	SaveProject(ctx context.Context, p *Project, findings []Finding, expected int64, e AuditEntry) (ProjectStatus, error)
	// SetProjectState moves a project from e.FromState to e.ToState, only if
	// it is still in e.FromState (else a *TransitionError), and logs e.
	SetProjectState(ctx context.Context, projectID int64, e AuditEntry) (ProjectStatus, error)
	// AddProject appends p (its Unit set) to a draft document as a 草稿
	// project at version 1, replaces the document's findings and logs e.
	AddProject(ctx context.Context, documentID int64, p *Project, findings []Finding, e AuditEntry) (ProjectStatus, error)
	// RemoveProject deletes a 草稿 project of a draft document, renumbers
	// the projects after it, replaces the document's findings and logs e.
	RemoveProject(ctx context.Context, projectID int64, findings []Finding, e AuditEntry) error
	// ReviewProject stores r, a reviewer's 审核 of r.ProjectID, moves the
	// project from e.FromState to e.ToState (only if it is still in
	// e.FromState, else a *TransitionError) and logs e, in one
	// transaction; it sets r.ID, r.DocumentID, r.Version, the states and
	// r.At.
	ReviewProject(ctx context.Context, r *StoredReview, e AuditEntry) (ProjectStatus, error)
	// ProjectReviews lists a project's reviews, oldest first;
	// DocumentReviews those of every project of a document, oldest first.
	ProjectReviews(ctx context.Context, projectID int64) ([]StoredReview, error)
	DocumentReviews(ctx context.Context, documentID int64) ([]StoredReview, error)
	// PublishDocument marks a draft published, only if every project is
	// still 财政已审, and logs e.
	PublishDocument(ctx context.Context, documentID int64, e AuditEntry) error
	// ProposeAdjustment stores a (as 已提交) for a project of a published
	// document, sets a.ID and logs e.
	ProposeAdjustment(ctx context.Context, a *Adjustment, e AuditEntry) error
	// Adjustment returns one adjustment; Adjustments lists a document's,
	// oldest first.
	Adjustment(ctx context.Context, id int64) (*Adjustment, error)
	Adjustments(ctx context.Context, documentID int64) ([]Adjustment, error)
	// SetAdjustmentState moves an adjustment from e.FromState to e.ToState
	// (only if it is still there) and logs e; reaching 财政已审 applies the
	// new value to the published project in the same transaction.
	SetAdjustmentState(ctx context.Context, id int64, e AuditEntry) (*Adjustment, error)
	// History lists a document's audit entries, oldest first.
	History(ctx context.Context, documentID int64) ([]AuditEntry, error)
	// ProjectVersion returns the snapshot of a project at a version.
	ProjectVersion(ctx context.Context, projectID, version int64) (*Project, error)
	// ImportDraft stores an imported table as a draft under review.
	DraftImporter
}

// WorkflowProvider is a Store whose database also keeps the workflow (both
// internal/sqlite and internal/postgres do); cmd/jixiao hands the workflow
// to the services.
type WorkflowProvider interface {
	Workflow() WorkflowStore
}

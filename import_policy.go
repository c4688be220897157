package jixiao

import (
	"context"
	"fmt"
)

// What an import creates is decided by who imports and what the file is
// (issue 14), here and nowhere else; the import use case
// (internal/importer) calls these for the CLI, the API and the pages.
//
//   - A department reviewer imports only tables of their own department:
//     the table's 部门/单位 (Document.Agency) must be theirs (ScopeError).
//   - A finance reviewer or an administrator imports a table as it was
//     published (the 公开 of a 部门预算): it is public on arrival.
//   - Anyone else's import lands as a draft under review, seen only in
//     scope, until a finance reviewer approves and publishes it. Its
//     projects start at ImportReviewState.
//   - The CLI, run by the operator on the server with no account (u nil),
//     imports as published, as the finance bureau does.

// ImportReviewState is the state of the projects of an import that lands
// as a draft: the department's reviewer brought the table in, so it waits
// for the finance bureau.
const ImportReviewState = StateDeptApproved

// ScopeError refuses an import of another department's table, naming both.
// It matches ErrForbidden with errors.Is.
type ScopeError struct {
	User, Table string // the importer's department, the table's 部门/单位
}

func (e *ScopeError) Error() string {
	return fmt.Sprintf("您是“%s”的主管部门审核人，只能导入本部门的表；这张表属于“%s”", e.User, e.Table)
}

// Is makes errors.Is(err, ErrForbidden) true.
func (e *ScopeError) Is(target error) bool { return target == ErrForbidden }

// CheckImport says whether u may import doc: nil, ErrForbidden for a role
// that may not import at all, or a *ScopeError for a department reviewer
// and another department's table. A nil u (the CLI) may import anything.
func CheckImport(u *User, doc *Document) error {
	if u == nil {
		return nil
	}
	if Authorize(u, ActionImport, Resource{New: true}) != Allow {
		return Errorf(ErrForbidden, "%s（%s）无权导入", u.Username, u.Role.Label())
	}
	if u.Role == RoleDeptReviewer && CleanText(doc.Agency) != CleanText(u.Department) {
		return &ScopeError{User: u.Department, Table: doc.Agency}
	}
	return nil
}

// ImportsAsDraft reports whether an import by u lands as a draft under
// review rather than published.
func ImportsAsDraft(u *User) bool {
	return u != nil && u.Role != RoleFinanceReviewer && u.Role != RoleAdmin
}

// DraftImporter stores an imported document as a draft under review, in
// one transaction with its workflow state and the audit entry e (which
// names the importer). Both engines' workflow stores implement it.
type DraftImporter interface {
	ImportDraft(ctx context.Context, doc *Document, e AuditEntry) error
}

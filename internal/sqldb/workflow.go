package sqldb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"jixiao"
)

// A document without a document_workflow row is an imported published
// table; a project without a project_workflow row is 财政已审 at version 1.
const (
	docStateExpr     = `COALESCE(w.state, '已公开')`
	projectStateExpr = `COALESCE(pw.state, '财政已审')`
	versionExpr      = `COALESCE(pw.version, 1)`
)

// DocumentStatus returns the document's state and its projects' states.
func (s *Store) DocumentStatus(ctx context.Context, documentID int64) (jixiao.DocumentStatus, error) {
	return s.documentStatus(ctx, s.DB, documentID)
}

func (s *Store) documentStatus(ctx context.Context, q querier, id int64) (jixiao.DocumentStatus, error) {
	st := jixiao.DocumentStatus{DocumentID: id}
	var state string
	var src sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT d.agency, `+docStateExpr+`, w.source_id FROM documents d
		LEFT JOIN document_workflow w ON w.document_id = d.id WHERE d.id = $1`, id).Scan(&st.Department, &state, &src)
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("document %d: %w", id, jixiao.ErrNotFound)
	}
	if err != nil {
		return st, fmt.Errorf("read document %d status: %w", id, err)
	}
	st.State, st.SourceID = jixiao.State(state), src.Int64
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.unit, `+projectStateExpr+`, `+versionExpr+`, p.unread FROM projects p
		LEFT JOIN project_workflow pw ON pw.project_id = p.id WHERE p.document_id = $1 ORDER BY p.seq`, id)
	if err != nil {
		return st, fmt.Errorf("read project states of %d: %w", id, err)
	}
	defer rows.Close()
	seen := map[string]bool{} // a map, not a search of st.Units: 100,000 projects in 1,000 units (issue 18)
	for rows.Next() {
		p := jixiao.ProjectStatus{DocumentID: id, Department: st.Department, DocState: st.State}
		var ps string
		var unread int
		if err := rows.Scan(&p.ProjectID, &p.Unit, &ps, &p.Version, &unread); err != nil {
			return st, err
		}
		p.State, p.Unread = jixiao.State(ps), unread != 0
		st.Projects = append(st.Projects, p)
		if !seen[p.Unit] {
			seen[p.Unit] = true
			st.Units = append(st.Units, p.Unit)
		}
	}
	return st, rows.Err()
}

// ProjectStatus returns one project's state.
func (s *Store) ProjectStatus(ctx context.Context, projectID int64) (jixiao.ProjectStatus, error) {
	return s.projectStatus(ctx, s.DB, projectID)
}

func (s *Store) projectStatus(ctx context.Context, q querier, id int64) (jixiao.ProjectStatus, error) {
	p := jixiao.ProjectStatus{ProjectID: id}
	var ps, ds string
	err := q.QueryRowContext(ctx, `SELECT p.document_id, d.agency, p.unit, `+projectStateExpr+`, `+versionExpr+`,
		`+docStateExpr+` FROM projects p JOIN documents d ON d.id = p.document_id
		LEFT JOIN project_workflow pw ON pw.project_id = p.id
		LEFT JOIN document_workflow w ON w.document_id = p.document_id WHERE p.id = $1`, id).
		Scan(&p.DocumentID, &p.Department, &p.Unit, &ps, &p.Version, &ds)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("project %d: %w", id, jixiao.ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("read project %d status: %w", id, err)
	}
	p.State, p.DocState = jixiao.State(ps), jixiao.State(ds)
	return p, nil
}

// lockDocument locks the document's workflow row for the transaction (on
// PostgreSQL; SQLite's write transactions exclude each other anyway) so that
// a publication and a project's return cannot interleave.
func (s *Store) lockDocument(ctx context.Context, tx *sql.Tx, id int64) error {
	var state string
	err := tx.QueryRowContext(ctx, `SELECT state FROM document_workflow WHERE document_id = $1`+s.ForUpdate, id).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // a published import: nothing to lock, nothing will change
	}
	return err
}

// draftTitle moves the budget year in a title ("2024年…" → "2025年…").
func draftTitle(title string, from, to int) string {
	if from == 0 {
		return title
	}
	return strings.ReplaceAll(title, strconv.Itoa(from), strconv.Itoa(to))
}

// CreateDraft copies a published document into a new draft for year.
func (s *Store) CreateDraft(ctx context.Context, from int64, year int, e jixiao.AuditEntry) (*jixiao.Document, error) {
	st, err := s.DocumentStatus(ctx, from)
	if err != nil {
		return nil, err
	}
	if st.State != jixiao.DocPublished {
		return nil, &jixiao.TransitionError{From: st.State, Action: jixiao.ActionCreateDraft,
			Msg: "只能从已公开的文档新建下一年度草稿"}
	}
	if year < 1990 || year > 2200 {
		return nil, fmt.Errorf("%w: 年度 %d 不合理", jixiao.ErrInvalid, year)
	}
	src, err := s.Document(ctx, from)
	if err != nil {
		return nil, err
	}
	doc := *src
	doc.ID, doc.Year, doc.ImportedAt = 0, year, s.now()
	doc.Title = draftTitle(src.Title, src.Year, year)
	doc.SHA256 = "draft-" + randomHex(16) // drafts have no source file; the column is unique
	doc.Layout, doc.SourceName = "draft", fmt.Sprintf("由文档 %d（%d年）复制", from, src.Year)
	doc.Findings = slices.Clone(src.Findings)
	doc.Projects = make([]jixiao.Project, len(src.Projects))
	for i, p := range src.Projects {
		p.Indicators = slices.Clone(p.Indicators)
		doc.Projects[i] = p
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.WriteDocument(ctx, tx, &doc); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO document_workflow (document_id, state, source_id)
			VALUES ($1, $2, $3)`, doc.ID, string(jixiao.DocDraft), from); err != nil {
			return err
		}
		for i := range doc.Projects {
			if err := s.startProject(ctx, tx, &doc.Projects[i], e.Username); err != nil {
				return err
			}
		}
		e.DocumentID, e.Action, e.ToState = doc.ID, jixiao.ActionCreateDraft, jixiao.DocDraft
		if e.Comment == "" {
			e.Comment = fmt.Sprintf("由文档 %d 复制为 %d 年度草稿", from, year)
		}
		return s.appendAudit(ctx, tx, e)
	})
	if err != nil {
		return nil, fmt.Errorf("create draft from %d: %w", from, err)
	}
	return &doc, nil
}

// startProject gives a new draft project its workflow row and version 1.
func (s *Store) startProject(ctx context.Context, tx *sql.Tx, p *jixiao.Project, by string) error {
	now := TimeText(s.now())
	if _, err := tx.ExecContext(ctx, `INSERT INTO project_workflow (project_id, document_id, state, version,
		updated_by, updated_at) VALUES ($1, $2, $3, 1, $4, $5)`, p.ID, p.DocumentID, string(jixiao.StateDraft), by, now); err != nil {
		return fmt.Errorf("start project %d: %w", p.ID, err)
	}
	return s.snapshot(ctx, tx, p, 1, by)
}

func (s *Store) snapshot(ctx context.Context, tx *sql.Tx, p *jixiao.Project, version int64, by string) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO project_versions (project_id, version, snapshot, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5)`, p.ID, version, string(b), by, TimeText(s.now()))
	if err != nil {
		return fmt.Errorf("keep version %d of project %d: %w", version, p.ID, err)
	}
	return nil
}

// ProjectVersion returns the project as saved at version. A project without
// versions (an imported one) has only version 1, its current content.
func (s *Store) ProjectVersion(ctx context.Context, projectID, version int64) (*jixiao.Project, error) {
	var snap string
	err := s.DB.QueryRowContext(ctx, `SELECT snapshot FROM project_versions WHERE project_id = $1 AND version = $2`,
		projectID, version).Scan(&snap)
	if errors.Is(err, sql.ErrNoRows) {
		st, serr := s.ProjectStatus(ctx, projectID)
		if serr == nil && version == 1 && st.Version == 1 {
			return s.Project(ctx, projectID)
		}
		return nil, fmt.Errorf("project %d version %d: %w", projectID, version, jixiao.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	var p jixiao.Project
	if err := json.Unmarshal([]byte(snap), &p); err != nil {
		return nil, fmt.Errorf("project %d version %d: %w", projectID, version, err)
	}
	return &p, nil
}

// SaveProject replaces a draft project's fields and indicators if its
// version is still expected. findings replace the document's findings (the
// caller re-ran the rules on the edited document).
func (s *Store) SaveProject(ctx context.Context, p *jixiao.Project, findings []jixiao.Finding, expected int64,
	e jixiao.AuditEntry) (jixiao.ProjectStatus, error) {
	var st jixiao.ProjectStatus
	if err := p.Validate(); err != nil {
		return st, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if st, err = s.projectStatus(ctx, tx, p.ID); err != nil {
			return err
		}
		if err := s.lockDocument(ctx, tx, st.DocumentID); err != nil {
			return err
		}
		if st, err = s.projectStatus(ctx, tx, p.ID); err != nil {
			return err
		}
		if reason := editBlock(st); reason != "" {
			return &jixiao.TransitionError{From: st.State, Action: jixiao.ActionEdit, Msg: reason}
		}
		res, err := tx.ExecContext(ctx, `UPDATE project_workflow SET version = version + 1, updated_by = $1,
			updated_at = $2 WHERE project_id = $3 AND version = $4 AND state = $5`,
			e.Username, TimeText(s.now()), p.ID, expected, string(jixiao.StateDraft))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return s.conflict(ctx, tx, p.ID, expected, st.Version)
		}
		return s.writeProject(ctx, tx, p, findings, &st, e)
	})
	var ce *jixiao.ConflictError
	if errors.As(err, &ce) {
		e.DocumentID, e.ProjectID, e.Action, e.Outcome = st.DocumentID, p.ID, jixiao.ActionEdit, jixiao.OutcomeConflict
		e.Version, e.FromState, e.ToState = expected, st.State, st.State
		if old, perr := s.ProjectVersion(ctx, p.ID, ce.Version); perr == nil {
			e.Changes = jixiao.DiffProjects(old, p, jixiao.WanYuan)
			ce.Current = old
		}
		if e.Comment == "" {
			e.Comment = fmt.Sprintf("保存被拒绝：基于第 %d 版，当前已是第 %d 版", expected, ce.Version)
		}
		if aerr := s.appendAudit(ctx, s.DB, e); aerr != nil {
			return st, errors.Join(err, aerr)
		}
	}
	return st, err
}

// editBlock says why a project cannot be edited in its state, "" if it can.
func editBlock(st jixiao.ProjectStatus) string {
	if st.DocState == jixiao.DocPublished {
		return "文档已公开，不能直接修改；如需变更请提交目标调整"
	}
	if st.State != jixiao.StateDraft {
		return fmt.Sprintf("项目当前状态为“%s”，不能修改", st.State)
	}
	return ""
}

// conflict builds the *ConflictError of a save that lost the race.
func (s *Store) conflict(ctx context.Context, tx *sql.Tx, id, expected, current int64) error {
	var by string
	_ = tx.QueryRowContext(ctx, `SELECT updated_by FROM project_workflow WHERE project_id = $1`, id).Scan(&by)
	return &jixiao.ConflictError{Expected: expected, Version: current, By: by}
}

// writeProject stores the new content of a project whose version was just
// bumped: fields, indicators, the document's findings, a snapshot and the
// audit entry with the changes from the previous version.
func (s *Store) writeProject(ctx context.Context, tx *sql.Tx, p *jixiao.Project, findings []jixiao.Finding,
	st *jixiao.ProjectStatus, e jixiao.AuditEntry) error {
	old, err := s.versionIn(ctx, tx, p.ID, st.Version)
	if err != nil {
		return err
	}
	var unit string
	if err := tx.QueryRowContext(ctx, `SELECT d.money_unit FROM documents d WHERE d.id = $1`, st.DocumentID).Scan(&unit); err != nil {
		return err
	}
	// The project was retyped: amounts a person typed replace the row the
	// reader could not read (Raw), as its parse findings are dropped
	// (workflow.Findings); a save that leaves a cell unread keeps the row.
	p.DocumentID, p.Seq, p.Line, p.Raw = st.DocumentID, old.Seq, old.Line, ""
	if p.Amounts.Unread != 0 {
		p.Raw = old.Raw
	}
	for i := range p.Indicators {
		p.Indicators[i].Seq = i + 1
	}
	a := p.Amounts
	if _, err := tx.ExecContext(ctx, `UPDATE projects SET unit = $1, name = $2, name_key = $3, total = $4,
		fiscal = $5, special_account = $6, other = $7, goal = $8, blank = $9, unread = $10, raw = $11 WHERE id = $12`,
		p.Unit, p.Name, SearchKey(p.Name), int64(a.Total), int64(a.Fiscal), int64(a.SpecialAccount), int64(a.Other),
		p.Goal, int(a.Blank), int(a.Unread), p.Raw, p.ID); err != nil {
		return fmt.Errorf("update project %d: %w", p.ID, err)
	}
	if err := s.replaceIndicators(ctx, tx, p); err != nil {
		return err
	}
	if err := s.replaceFindings(ctx, tx, st.DocumentID, findings); err != nil {
		return err
	}
	st.Version++
	if err := s.snapshot(ctx, tx, p, st.Version, e.Username); err != nil {
		return err
	}
	e.DocumentID, e.ProjectID, e.ProjectSeq, e.Action = st.DocumentID, p.ID, p.Seq, jixiao.ActionEdit
	e.FromState, e.ToState, e.Version = st.State, st.State, st.Version
	e.Changes = jixiao.DiffProjects(old, p, jixiao.MoneyUnit(unit))
	return s.appendAudit(ctx, tx, e)
}

func (s *Store) versionIn(ctx context.Context, tx *sql.Tx, id, version int64) (*jixiao.Project, error) {
	var snap string
	err := tx.QueryRowContext(ctx, `SELECT snapshot FROM project_versions WHERE project_id = $1 AND version = $2`,
		id, version).Scan(&snap)
	if err != nil {
		return nil, fmt.Errorf("read version %d of project %d: %w", version, id, err)
	}
	var p jixiao.Project
	return &p, json.Unmarshal([]byte(snap), &p)
}

// replaceIndicators deletes the project's indicators and inserts p's; the
// engines number the new rows (the id column is left out).
func (s *Store) replaceIndicators(ctx context.Context, tx *sql.Tx, p *jixiao.Project) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM indicators WHERE project_id = $1`, p.ID); err != nil {
		return fmt.Errorf("replace indicators of %d: %w", p.ID, err)
	}
	for i := range p.Indicators {
		in := &p.Indicators[i]
		if err := tx.QueryRowContext(ctx, InsertSQL("indicators", IndicatorCols[1:]),
			IndicatorValues(p, in)[1:]...).Scan(&in.ID); err != nil {
			return fmt.Errorf("insert indicator %d of project %d: %w", in.Seq, p.ID, err)
		}
	}
	return nil
}

func (s *Store) replaceFindings(ctx context.Context, tx *sql.Tx, docID int64, fs []jixiao.Finding) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM findings WHERE document_id = $1`, docID); err != nil {
		return fmt.Errorf("replace findings of %d: %w", docID, err)
	}
	for i := range fs {
		f := &fs[i]
		f.DocumentID = docID
		if err := tx.QueryRowContext(ctx, InsertSQL("findings", FindingCols[1:]),
			FindingValues(f)[1:]...).Scan(&f.ID); err != nil {
			return fmt.Errorf("insert finding of %d: %w", docID, err)
		}
	}
	return nil
}

// SetProjectState moves a project from e.FromState to e.ToState if it is
// still there and its document is not published, and logs e.
func (s *Store) SetProjectState(ctx context.Context, projectID int64, e jixiao.AuditEntry) (jixiao.ProjectStatus, error) {
	var st jixiao.ProjectStatus
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if st, err = s.moveProject(ctx, tx, projectID, &e); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, e)
	})
	return st, err
}

// moveProject moves a project from e.FromState to e.ToState in tx if it is
// still there and its document is not published, and completes e (the
// document, project, its seq and version) for the caller to log. The
// status returned is the project's before the move, its state the new one.
func (s *Store) moveProject(ctx context.Context, tx *sql.Tx, projectID int64, e *jixiao.AuditEntry) (jixiao.ProjectStatus, error) {
	st, err := s.projectStatus(ctx, tx, projectID)
	if err != nil {
		return st, err
	}
	if err := s.lockDocument(ctx, tx, st.DocumentID); err != nil {
		return st, err
	}
	if st, err = s.projectStatus(ctx, tx, projectID); err != nil {
		return st, err
	}
	if _, err := jixiao.ProjectTransition(st.State, st.DocState, e.Action); err != nil {
		return st, err
	}
	if st.State != e.FromState {
		return st, &jixiao.TransitionError{From: st.State, Action: e.Action,
			Msg: fmt.Sprintf("项目状态已变为“%s”，不能%s", st.State, e.Action.Label())}
	}
	res, err := tx.ExecContext(ctx, `UPDATE project_workflow SET state = $1, updated_by = $2, updated_at = $3
		WHERE project_id = $4 AND state = $5`, string(e.ToState), e.Username, TimeText(s.now()), projectID, string(e.FromState))
	if err != nil {
		return st, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return st, &jixiao.TransitionError{From: st.State, Action: e.Action, Msg: "项目状态已被他人改变，请刷新后重试"}
	}
	var seq int
	if err := tx.QueryRowContext(ctx, `SELECT seq FROM projects WHERE id = $1`, projectID).Scan(&seq); err != nil {
		return st, err
	}
	e.DocumentID, e.ProjectID, e.ProjectSeq, e.Version = st.DocumentID, projectID, seq, st.Version
	st.State = e.ToState
	return st, nil
}

// PublishDocument marks a draft published when every project is 财政已审.
func (s *Store) PublishDocument(ctx context.Context, documentID int64, e jixiao.AuditEntry) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.lockDocument(ctx, tx, documentID); err != nil {
			return err
		}
		st, err := s.documentStatus(ctx, tx, documentID)
		if err != nil {
			return err
		}
		if err := st.Publishable(); err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE document_workflow SET state = $1, published_at = $2
			WHERE document_id = $3 AND state = $4`, string(jixiao.DocPublished), TimeText(now), documentID,
			string(jixiao.DocDraft)); err != nil {
			return err
		}
		e.At, e.DocumentID, e.Action = now, documentID, jixiao.ActionPublish
		e.FromState, e.ToState = jixiao.DocDraft, jixiao.DocPublished
		return s.appendAudit(ctx, tx, e)
	})
}

// Drafts lists the documents that are not published.
func (s *Store) Drafts(ctx context.Context) ([]jixiao.DocumentStatus, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT document_id FROM document_workflow WHERE state = $1 ORDER BY document_id`,
		string(jixiao.DocDraft))
	if err != nil {
		return nil, fmt.Errorf("list drafts: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]jixiao.DocumentStatus, 0, len(ids))
	for _, id := range ids {
		st, err := s.DocumentStatus(ctx, id)
		if errors.Is(err, jixiao.ErrNotFound) {
			continue // deleted meanwhile
		}
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// ImportDraft stores an imported document as a draft under review: the
// document in state 草稿, each project at jixiao.ImportReviewState and
// version 1, and the import's audit entry e, in one transaction, so that a
// crash leaves either nothing or the whole draft, never a public table.
func (s *Store) ImportDraft(ctx context.Context, doc *jixiao.Document, e jixiao.AuditEntry) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		doc.ContentSHA256 = doc.ContentHash()
		if err := FindDuplicate(ctx, tx, doc); err != nil {
			return err
		}
		if err := s.WriteDocument(ctx, tx, doc); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO document_workflow (document_id, state) VALUES ($1, $2)`,
			doc.ID, string(jixiao.DocDraft)); err != nil {
			return err
		}
		now := TimeText(s.now())
		for i := range doc.Projects {
			p := &doc.Projects[i]
			if _, err := tx.ExecContext(ctx, `INSERT INTO project_workflow (project_id, document_id, state, version,
				updated_by, updated_at) VALUES ($1, $2, $3, 1, $4, $5)`, p.ID, p.DocumentID,
				string(jixiao.ImportReviewState), e.Username, now); err != nil {
				return fmt.Errorf("start project %d: %w", p.ID, err)
			}
			if err := s.snapshot(ctx, tx, p, 1, e.Username); err != nil {
				return err
			}
		}
		e.DocumentID, e.Action, e.ToState = doc.ID, jixiao.ActionImport, jixiao.DocDraft
		e.Comment = ImportComment(doc) + "，待财政审核后公开"
		return s.appendAudit(ctx, tx, e)
	})
	if err != nil {
		doc.ID = 0
		return err
	}
	return nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

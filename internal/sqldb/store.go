// Package sqldb is the one SQL store of jixiao: every store interface of
// the model (jixiao.Store, WorkflowStore, AccountStore, DraftImporter,
// EvalStore) written once, in the SQL that SQLite and PostgreSQL both
// accept ($n placeholders, row values, RETURNING, ON CONFLICT, LEFT JOIN,
// GROUP BY), on one database/sql handle: documents and search, accounts
// and sessions, the workflow state, project versions and adjustments, the
// append-only audit log, monitoring rounds and self-evaluations, and the
// migration runner.
//
// internal/sqlite and internal/postgres each embed Store, add SaveDocument
// (their import path: batched prepared INSERTs, COPY) and fill the hooks
// with what differs: Match, the search conditions (FTS5, pg_trgm);
// WriteDocument, a document's rows inside a transaction; IsUnique, a unique
// violation by the driver's error code; ForUpdate, the workflow's row lock.
// They own the migrations, and TestSchemasMatch keeps their schemas alike.
// The acting user is passed in (jixiao.Actor), never read from a context,
// and every time the store writes comes from one clock, Store.Now.
//
// The audit log is only ever inserted into (AuditInsert): this package has
// no statement that updates or deletes it, a test scans the stores' sources
// to keep it so, and the migrations add triggers that refuse both.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"jixiao"
)

// Matcher writes an engine's search conditions: SQL that is true for the
// project (alias p) whose name_key, or the indicator (alias i) whose
// search_key (its name and its project's), contains key. arg adds a query
// argument and returns its placeholder. walk asks, for an engine that
// needs telling (see Counter), for a condition that does not drive the
// plan, so that the listing walks its sort order and stops at the page end.
type Matcher interface {
	Projects(key string, walk bool, arg func(any) string) string
	Indicators(key string, walk bool, arg func(any) string) string
}

// Counter is implemented by a Matcher whose engine plans a search badly
// for keys that match many rows: it counts a key's matches cheaply (from
// the search index) so that the listing can choose its plan. See frequent.
type Counter interface {
	// CountMatches counts the projects (or, with indicators set, the
	// indicators) that match key, up to limit: it reads no further.
	CountMatches(ctx context.Context, db *sql.DB, key string, indicators bool, limit int) (int, error)
}

// Store is every store interface of the model on one database/sql handle:
// jixiao.Store without SaveDocument (documents, search, deletion), the
// workflow and accounts (jixiao.WorkflowStore, jixiao.AccountStore,
// jixiao.DraftImporter) and the evaluations (jixiao.EvalStore). Each engine
// embeds it, fills the hooks and adds SaveDocument, its own write path.
type Store struct {
	DB *sql.DB
	// Now is the clock of every time the store writes (imports, audit
	// entries, accounts, versions, rounds, migrations); nil means
	// time.Now. Set it before the store is used.
	Now func() time.Time

	// The engine's hooks.

	// Engine names the engine in messages: "sqlite", "postgres".
	Engine string
	// Migrations holds the engine's migrations/NNNN_name.sql files, and
	// MigrationLock is run first in each one's transaction (see MigrateDir).
	Migrations    fs.FS
	MigrationLock string
	// Match writes the search conditions.
	Match Matcher
	// WriteDocument writes a new document's rows in tx and sets its ids:
	// the engine's write path inside a database/sql transaction, so that a
	// draft and its workflow rows commit together.
	WriteDocument func(ctx context.Context, tx *sql.Tx, doc *jixiao.Document) error
	// IsUnique reports whether err is a unique-constraint violation, by the
	// driver's error code.
	IsUnique func(err error) bool
	// ForUpdate is appended to the SELECT that locks a document's workflow
	// row for the rest of a transaction: " FOR UPDATE" on PostgreSQL, empty
	// on SQLite, whose write transactions already exclude each other.
	ForUpdate string

	gen   generationQuery
	plans planCache // whether a search key is frequent, for a while
}

var (
	_ jixiao.WorkflowStore = (*Store)(nil)
	_ jixiao.AccountStore  = (*Store)(nil)
	_ jixiao.DraftImporter = (*Store)(nil)
	_ jixiao.EvalStore     = (*Store)(nil)
)

// now is the store's clock in UTC.
func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Store) isUnique(err error) bool { return err != nil && s.IsUnique != nil && s.IsUnique(err) }

// Workflow returns the store itself as the workflow store (accounts,
// sessions, workflow state, versions, adjustments, audit log: the tables
// of migrations 0030-0039 and 0060).
func (s *Store) Workflow() jixiao.WorkflowStore { return s }

// Eval returns the store itself as the evaluation store (rounds and
// actuals: the tables of migrations 0020-0029 and 0080).
func (s *Store) Eval() jixiao.EvalStore { return s }

// generationQuery is DataGeneration's statement, prepared on first use:
// read for every request the API answers from its cache, its compilation
// was half the read's cost on SQLite (pprof under wrk).
type generationQuery struct {
	mu   sync.Mutex
	stmt *sql.Stmt
}

func (g *generationQuery) prepared(ctx context.Context, db *sql.DB) (*sql.Stmt, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stmt == nil {
		st, err := db.PrepareContext(ctx, `SELECT n FROM data_generation WHERE id = 1`)
		if err != nil {
			return nil, err // tried again next time
		}
		g.stmt = st
	}
	return g.stmt, nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.DB.PingContext(ctx) }

// Close closes the database.
func (s *Store) Close() error { return s.DB.Close() }

const documentSelect = `SELECT id, title, agency, agency_kind, money_unit, year, source_name, sha256, layout,
	imported_at, has_stated, stated_total, stated_fiscal, stated_special_account, stated_other, stated_line,
	stated_blank, stated_unread FROM documents WHERE id = $1`

// Document returns the whole document id in document order.
func (s *Store) Document(ctx context.Context, id int64) (*jixiao.Document, error) {
	// One snapshot for the several queries: PostgreSQL needs REPEATABLE READ
	// for that (READ COMMITTED snapshots each statement); a SQLite read
	// transaction is one already, and modernc ignores the level.
	tx, err := s.DB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	doc, err := readDocument(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if doc.Units, err = readUnits(ctx, tx, id); err != nil {
		return nil, fmt.Errorf("read units of %d: %w", id, err)
	}
	if doc.Projects, err = readProjects(ctx, tx, `p.document_id = $1`, id); err != nil {
		return nil, fmt.Errorf("read projects of %d: %w", id, err)
	}
	if err := readIndicatorsInto(ctx, tx, doc.Projects, `i.document_id = $1`, id); err != nil {
		return nil, fmt.Errorf("read indicators of %d: %w", id, err)
	}
	if doc.Findings, err = s.findings(ctx, tx, jixiao.FindingQuery{DocumentID: id}); err != nil {
		return nil, err
	}
	return doc, nil
}

func readDocument(ctx context.Context, q querier, id int64) (*jixiao.Document, error) {
	var d jixiao.Document
	var kind, unit string
	var at Time
	var hasStated, blank, unread int
	err := q.QueryRowContext(ctx, documentSelect, id).Scan(&d.ID, &d.Title, &d.Agency, &kind, &unit, &d.Year,
		&d.SourceName, &d.SHA256, &d.Layout, &at, &hasStated, &d.Stated.Total, &d.Stated.Fiscal,
		&d.Stated.SpecialAccount, &d.Stated.Other, &d.StatedLine, &blank, &unread)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("document %d: %w", id, jixiao.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read document %d: %w", id, err)
	}
	d.AgencyKind, d.MoneyUnit, d.ImportedAt, d.HasStated = jixiao.AgencyKind(kind), jixiao.MoneyUnit(unit), at.T, hasStated != 0
	d.Stated.Blank, d.Stated.Unread = jixiao.AmountCols(blank), jixiao.AmountCols(unread)
	d.Units, d.Projects, d.Findings = []jixiao.Unit{}, []jixiao.Project{}, []jixiao.Finding{}
	return &d, nil
}

// querier is what *sql.DB and *sql.Tx share for reading.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func readUnits(ctx context.Context, q querier, docID int64) ([]jixiao.Unit, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, has_stated, stated_total, stated_fiscal, stated_special_account,
		stated_other, line, stated_blank FROM units WHERE document_id = $1 ORDER BY seq`, docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []jixiao.Unit{}
	for rows.Next() {
		var u jixiao.Unit
		var has, blank int
		if err := rows.Scan(&u.Name, &has, &u.Stated.Total, &u.Stated.Fiscal, &u.Stated.SpecialAccount,
			&u.Stated.Other, &u.Line, &blank); err != nil {
			return nil, err
		}
		u.HasStated, u.Stated.Blank = has != 0, jixiao.AmountCols(blank)
		out = append(out, u)
	}
	return out, rows.Err()
}

const projectCols = `p.id, p.document_id, p.seq, p.unit, p.name, p.total, p.fiscal, p.special_account, p.other,
	p.goal, p.line, p.raw, p.form, p.blank, p.unread`

func scanProject(sc interface{ Scan(...any) error }, p *jixiao.Project, extra ...any) error {
	var form string
	var blank, unread int
	dest := append([]any{&p.ID, &p.DocumentID, &p.Seq, &p.Unit, &p.Name, &p.Amounts.Total, &p.Amounts.Fiscal,
		&p.Amounts.SpecialAccount, &p.Amounts.Other, &p.Goal, &p.Line, &p.Raw, &form, &blank, &unread}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return err
	}
	p.Amounts.Blank, p.Amounts.Unread = jixiao.AmountCols(blank), jixiao.AmountCols(unread)
	if err := decodeForm(form, &p.FormFields); err != nil {
		return fmt.Errorf("project %d: form fields: %w", p.ID, err)
	}
	return nil
}

func readProjects(ctx context.Context, q querier, where string, args ...any) ([]jixiao.Project, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+projectCols+` FROM projects p WHERE `+where+
		` ORDER BY p.document_id, p.seq`, args...)
	if err != nil {
		return nil, err
	}
	return scanProjects(rows)
}

// scanProjects reads rows of projectCols, each project with no
// indicators yet, and closes rows.
func scanProjects(rows *sql.Rows) ([]jixiao.Project, error) {
	defer rows.Close()
	out := []jixiao.Project{}
	for rows.Next() {
		var p jixiao.Project
		if err := scanProject(rows, &p); err != nil {
			return nil, err
		}
		p.Indicators = []jixiao.Indicator{}
		out = append(out, p)
	}
	return out, rows.Err()
}

const indicatorCols = `i.id, i.seq, i.level1_code, i.level1, i.level2_code, i.level2, i.name, i.period_text,
	i.period_op, i.period_value, i.period_unit, i.annual_text, i.annual_op, i.annual_value, i.annual_unit,
	i.line, i.raw, i.level1_printed, i.level2_printed, i.notes, i.accrual`

func scanIndicator(sc interface{ Scan(...any) error }, in *jixiao.Indicator, extra ...any) error {
	var pop, aop, notes string
	dest := append([]any{&in.ID, &in.Seq, &in.Level1Code, &in.Level1, &in.Level2Code, &in.Level2, &in.Name,
		&in.Period.Text, &pop, &in.Period.Value, &in.Period.Unit, &in.Annual.Text, &aop, &in.Annual.Value,
		&in.Annual.Unit, &in.Line, &in.Raw, &in.Level1Printed, &in.Level2Printed, &notes, &in.Accrual}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return err
	}
	in.Period.Op, in.Annual.Op = jixiao.Comparator(pop), jixiao.Comparator(aop)
	if err := decodeNotes(notes, &in.Notes); err != nil {
		return fmt.Errorf("indicator %d: notes: %w", in.ID, err)
	}
	return nil
}

// readIndicatorsInto appends the matching indicators to their projects.
func readIndicatorsInto(ctx context.Context, q querier, ps []jixiao.Project, where string, args ...any) error {
	byID := make(map[int64]*jixiao.Project, len(ps))
	for i := range ps {
		byID[ps[i].ID] = &ps[i]
	}
	rows, err := q.QueryContext(ctx, `SELECT `+indicatorCols+`, i.project_id FROM indicators i WHERE `+where+
		` ORDER BY i.document_id, i.project_seq, i.seq`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var in jixiao.Indicator
		var pid int64
		if err := scanIndicator(rows, &in, &pid); err != nil {
			return err
		}
		if p := byID[pid]; p != nil {
			p.Indicators = append(p.Indicators, in)
		}
	}
	return rows.Err()
}

// Project returns one project with its indicators.
func (s *Store) Project(ctx context.Context, id int64) (*jixiao.Project, error) {
	ps, err := readProjects(ctx, s.DB, `p.id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("read project %d: %w", id, err)
	}
	if len(ps) == 0 {
		return nil, fmt.Errorf("project %d: %w", id, jixiao.ErrNotFound)
	}
	if err := readIndicatorsInto(ctx, s.DB, ps, `i.project_id = $1`, id); err != nil {
		return nil, fmt.Errorf("read indicators of project %d: %w", id, err)
	}
	return &ps[0], nil
}

// statedReadSQL holds for a document d whose 合计 row was printed and its
// 总计 cell read (bit 1 of stated_unread is jixiao.ColTotal).
const statedReadSQL = `d.has_stated <> 0 AND (d.stated_unread & 1) = 0`

// totalUnreadSQL holds for a project p whose 总计 is unknown: the cell is
// marked unread, or the row was kept as source text.
const totalUnreadSQL = `(p.raw <> '' OR (p.unread & 1) <> 0)`

// Documents lists every document, newest import first, with its counts.
func (s *Store) Documents(ctx context.Context) ([]jixiao.DocumentSummary, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT d.id, d.title, d.agency, d.agency_kind, d.year, d.money_unit,
		d.source_name, d.sha256, d.layout, d.imported_at,
		CASE WHEN `+statedReadSQL+` THEN d.stated_total
			ELSE COALESCE((SELECT SUM(p.total) FROM projects p WHERE p.document_id = d.id), 0) END,
		CASE WHEN `+statedReadSQL+` THEN 0
			ELSE (SELECT COUNT(*) FROM projects p WHERE p.document_id = d.id AND `+totalUnreadSQL+`) END,
		(SELECT COUNT(*) FROM units u WHERE u.document_id = d.id),
		(SELECT COUNT(*) FROM projects p WHERE p.document_id = d.id),
		(SELECT COUNT(*) FROM indicators i WHERE i.document_id = d.id)
		FROM documents d ORDER BY d.imported_at DESC, d.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	defer rows.Close()
	out := []jixiao.DocumentSummary{}
	index := map[int64]int{}
	for rows.Next() {
		var d jixiao.DocumentSummary
		var kind, unit string
		var at Time
		if err := rows.Scan(&d.ID, &d.Title, &d.Agency, &kind, &d.Year, &unit, &d.SourceName, &d.SHA256,
			&d.Layout, &at, &d.Total, &d.UnreadProjects, &d.Units, &d.Projects, &d.Indicators); err != nil {
			return nil, err
		}
		d.AgencyKind, d.MoneyUnit, d.ImportedAt = jixiao.AgencyKind(kind), jixiao.MoneyUnit(unit), at.T
		d.Findings = map[jixiao.Severity]int{}
		index[d.ID] = len(out)
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.countFindings(ctx, out, index)
}

func (s *Store) countFindings(ctx context.Context, ds []jixiao.DocumentSummary, index map[int64]int) error {
	rows, err := s.DB.QueryContext(ctx, `SELECT document_id, severity, COUNT(*) FROM findings
		GROUP BY document_id, severity`)
	if err != nil {
		return fmt.Errorf("count findings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var sev string
		var n int
		if err := rows.Scan(&id, &sev, &n); err != nil {
			return err
		}
		if i, ok := index[id]; ok {
			ds[i].Findings[jixiao.Severity(sev)] = n
		}
	}
	return rows.Err()
}

// Findings lists stored findings matching q, in document order.
func (s *Store) Findings(ctx context.Context, q jixiao.FindingQuery) ([]jixiao.Finding, error) {
	return s.findings(ctx, s.DB, q)
}

func (s *Store) findings(ctx context.Context, qr querier, q jixiao.FindingQuery) ([]jixiao.Finding, error) {
	w := &where{}
	if q.DocumentID != 0 {
		w.add("document_id = " + w.arg(q.DocumentID))
	}
	if q.ProjectSeq != 0 {
		w.add("project_seq = " + w.arg(q.ProjectSeq))
	}
	if q.Rule != "" {
		w.add("rule = " + w.arg(q.Rule))
	}
	if q.Severity != "" {
		w.add("severity = " + w.arg(string(q.Severity)))
	}
	rows, err := qr.QueryContext(ctx, `SELECT id, document_id, rule, severity, unit, project_seq, project,
		indicator_seq, line, message FROM findings`+w.sql()+` ORDER BY document_id, id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("list findings: %w", err)
	}
	defer rows.Close()
	out := []jixiao.Finding{}
	for rows.Next() {
		var f jixiao.Finding
		var sev string
		if err := rows.Scan(&f.ID, &f.DocumentID, &f.Rule, &sev, &f.Unit, &f.ProjectSeq, &f.Project,
			&f.IndicatorSeq, &f.Line, &f.Message); err != nil {
			return nil, err
		}
		f.Severity = jixiao.Severity(sev)
		out = append(out, f)
	}
	return out, rows.Err()
}

// where assembles a WHERE clause with numbered placeholders.
type where struct {
	conds []string
	args  []any
}

func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return fmt.Sprintf("$%d", len(w.args))
}

func (w *where) add(cond string) { w.conds = append(w.conds, cond) }

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	s := " WHERE " + w.conds[0]
	for _, c := range w.conds[1:] {
		s += " AND " + c
	}
	return s
}

// DataGeneration returns the data generation (migration 0040): a number
// that every committed change to what the API and the pages show
// increases, whichever process made it. Read it before the data it
// guards: an answer computed afterwards is at least that new.
func (s *Store) DataGeneration(ctx context.Context) (int64, error) {
	st, err := s.gen.prepared(ctx, s.DB)
	if err != nil {
		return 0, fmt.Errorf("read data generation: %w", err)
	}
	var n int64
	if err := st.QueryRowContext(ctx).Scan(&n); err != nil {
		return 0, fmt.Errorf("read data generation: %w", err)
	}
	return n, nil
}

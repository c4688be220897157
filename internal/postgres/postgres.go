// Package postgres is the jixiao stores (internal/sqldb) on PostgreSQL (and
// the compatible databases Chinese government procurement asks for)
// through pgx v5: everything through database/sql (pgx/v5/stdlib) in the
// SQL shared with SQLite, imports through native pgx with COPY. What is
// PostgreSQL's own: the migrations, the pg_trgm search, COPY, the locale
// checks, row locks and SQLSTATEs.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"jixiao"
	"jixiao/internal/sqldb"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is jixiao.Store on PostgreSQL, with the workflow and evaluation
// stores of sqldb.Store on the same database.
type Store struct {
	sqldb.Store
}

var (
	_ jixiao.Store            = (*Store)(nil)
	_ jixiao.WorkflowProvider = (*Store)(nil)
	_ jixiao.EvalProvider     = (*Store)(nil)
)

// Open connects to the database named by dsn (postgres://…), refuses one
// whose character set would break Chinese search, and applies the pending
// migrations.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s, err := Connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.checkTrigrams(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Connect is Open without migrating (the locale is still checked), for
// "jixiao migrate" which reports what it applies.
func Connect(ctx context.Context, dsn string) (*Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	// Workflow transactions lock a document's workflow row (SELECT … FOR
	// UPDATE) before moving its projects, so that a publication and a
	// return cannot interleave under READ COMMITTED.
	// Concurrent starters wait on a table lock to migrate.
	s := &Store{sqldb.Store{DB: db, Engine: "postgres", Migrations: migrations,
		MigrationLock: "LOCK TABLE schema_migrations IN EXCLUSIVE MODE",
		Match:         matcher{}, IsUnique: isUnique, ForUpdate: " FOR UPDATE"}}
	s.WriteDocument = s.saveDraftTx
	if err := s.open(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) open(ctx context.Context) error {
	if err := s.DB.PingContext(ctx); err != nil {
		return fmt.Errorf("连接 PostgreSQL 失败 / cannot reach PostgreSQL: %w", err)
	}
	return s.checkLocale(ctx)
}

// localeHelp says how to create a database that works.
const localeHelp = "CREATE DATABASE jixiao ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"

// checkLocale refuses a database in which pg_trgm would silently find
// nothing in Chinese: a non-UTF8 encoding, or LC_CTYPE C/POSIX, where
// Chinese characters are not "alphanumeric" and yield no trigrams.
func (s *Store) checkLocale(ctx context.Context) error {
	var name, enc, ctype string
	err := s.DB.QueryRowContext(ctx, `SELECT current_database(), pg_encoding_to_char(encoding), datctype
		FROM pg_database WHERE datname = current_database()`).Scan(&name, &enc, &ctype)
	if err != nil {
		return fmt.Errorf("read database locale: %w", err)
	}
	c := strings.ToLower(ctype)
	if enc == "UTF8" && (strings.Contains(c, "utf-8") || strings.Contains(c, "utf8")) {
		return nil
	}
	return localeError(name, enc, ctype)
}

func localeError(name, enc, ctype string) error {
	return fmt.Errorf("数据库 %s 的编码为 %s、LC_CTYPE 为 %s，中文的三元组（pg_trgm）检索会静默地什么也查不到，jixiao 拒绝使用它。"+
		"请用 UTF-8 字符分类新建数据库：%s; / database %s has encoding %s and LC_CTYPE %s, in which pg_trgm finds no "+
		"trigrams in Chinese text and search would silently return nothing; create one with: %s: %w",
		name, enc, ctype, localeHelp, name, enc, ctype, localeHelp, jixiao.ErrInvalid)
}

// checkTrigrams confirms, after the extension exists, that pg_trgm really
// sees Chinese (an ICU or unusual libc locale could still fail).
func (s *Store) checkTrigrams(ctx context.Context) error {
	var n sql.NullInt64
	if err := s.DB.QueryRowContext(ctx, `SELECT array_length(show_trgm('培训基层干部'), 1)`).Scan(&n); err != nil {
		return fmt.Errorf("check pg_trgm: %w", err)
	}
	if n.Int64 == 0 {
		var name, enc, ctype string
		_ = s.DB.QueryRowContext(ctx, `SELECT current_database(), pg_encoding_to_char(encoding), datctype
			FROM pg_database WHERE datname = current_database()`).Scan(&name, &enc, &ctype)
		return localeError(name, enc, ctype)
	}
	return nil
}

// uniqueViolation recognises a unique-constraint failure by its SQLSTATE,
// 23505, on constraint when it is not empty.
func uniqueViolation(err error, constraint string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505" && (constraint == "" || pe.ConstraintName == constraint)
}

func isUnique(err error) bool { return uniqueViolation(err, "") }

// matcher: pg_trgm GIN indexes for 3 characters or more (LIKE uses them);
// the gram GIN indexes of migrations 0003-0004 for 1 or 2, which yield no
// trigram (see sqldb.ShortQuery). The conditions are on the row itself, so
// that the planner weighs them with its statistics: a rare key through the
// index, a frequent one by walking the listing order.
type matcher struct{}

func (matcher) Projects(key string, _ bool, arg func(any) string) string {
	return search("p.name_key", "p.name_grams", key, arg)
}

func (matcher) Indicators(key string, _ bool, arg func(any) string) string {
	return search("i.search_key", "i.search_grams", key, arg)
}

func search(keyCol, gramsCol, key string, arg func(any) string) string {
	if sqldb.ShortQuery(key) {
		return gramsCol + " @> CAST(ARRAY[" + arg(key) + "] AS TEXT[])"
	}
	return keyCol + " LIKE " + arg(sqldb.LikePattern(key)) + ` ESCAPE '\'`
}

// SaveDocument stores doc in one transaction on one connection, natively
// through pgx: the document row with INSERT … RETURNING, ids reserved from
// the identity sequences, then units, projects, indicators and findings
// with COPY, and the import's audit entry naming by. A file stored meanwhile by another process is reported as a
// duplicate too.
func (s *Store) SaveDocument(ctx context.Context, doc *jixiao.Document, by jixiao.AuditEntry) error {
	doc.ContentSHA256 = doc.ContentHash()
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		return s.save(ctx, dc.(*stdlib.Conn).Conn(), doc, by)
	})
	if err != nil {
		doc.ID = 0
		if uniqueViolation(err, "documents_sha256_key") || uniqueViolation(err, "documents_content_hash") {
			if dup := sqldb.FindDuplicate(ctx, s.DB, doc); dup != nil {
				return dup
			}
		}
		return err
	}
	s.analyzeIfStale(ctx)
	return nil
}

// analyzeIfStale refreshes the planner's statistics of the searched tables
// once they have changed by half since the last ANALYZE. Search plans
// depend on them: without statistics PostgreSQL guesses that a gram
// matches 0.5 % of the rows, and for 就业 (9,335 of 50,000 projects) it
// gathered and sorted every match (16 ms) instead of walking the listing
// order and stopping at the page's end (0.5 ms once analyzed). Autovacuum
// does this where it runs, but servers run with it off (this machine's
// does), and a store loaded from empty was never analyzed at all. Doubling
// keeps the cost to a few ANALYZEs over a whole bulk load; a failure only
// leaves the old statistics, so it is not the import's error.
func (s *Store) analyzeIfStale(ctx context.Context) {
	var stale bool
	err := s.DB.QueryRowContext(ctx, `SELECT COALESCE(bool_or(n_mod_since_analyze >= GREATEST(1000, n_live_tup / 2)), false)
		FROM pg_stat_user_tables WHERE relid IN ('projects'::regclass, 'indicators'::regclass, 'findings'::regclass)`).Scan(&stale)
	if err == nil && stale {
		_, _ = s.DB.ExecContext(ctx, `ANALYZE projects, indicators, findings`)
	}
}

func (s *Store) save(ctx context.Context, c *pgx.Conn, doc *jixiao.Document, by jixiao.AuditEntry) error {
	tx, err := c.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(ctx)
	var id int64
	var sha string
	err = tx.QueryRow(ctx, sqldb.DuplicateQuery, doc.SHA256, doc.ContentSHA256).Scan(&id, &sha)
	if err == nil {
		return &jixiao.DuplicateError{SHA256: sha, DocumentID: id, SameContent: sha != doc.SHA256}
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("look for sha256: %w", err)
	}
	doc.ImportedAt = s.ImportTime(doc)
	if err := tx.QueryRow(ctx, sqldb.InsertSQL("documents", sqldb.DocumentCols),
		sqldb.DocumentValues(doc, doc.ImportedAt)...).Scan(&doc.ID); err != nil {
		return fmt.Errorf("insert document: %w", err)
	}
	err = assignIDs(doc, func(table string, n int) ([]int64, error) {
		rows, err := tx.Query(ctx, reserveIDs, table, n)
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, pgx.RowTo[int64])
	})
	if err != nil {
		return err
	}
	// COPY writes each table in one pass; the gram columns come from Go,
	// cheaper than the triggers' SQL.
	for _, t := range childRows(doc, true) {
		if t.n == 0 {
			continue
		}
		n, err := tx.CopyFrom(ctx, pgx.Identifier{t.table}, t.cols, &copySource{t: t})
		if err == nil && n != int64(t.n) {
			err = fmt.Errorf("%d rows written of %d", n, t.n)
		}
		if err != nil {
			return fmt.Errorf("copy %s: %w", t.table, err)
		}
	}
	args, err := s.AuditArgs(sqldb.ImportEntry(by, doc))
	if err == nil {
		_, err = tx.Exec(ctx, sqldb.AuditInsert, args...)
	}
	if err != nil {
		return fmt.Errorf("log import: %w", err)
	}
	return tx.Commit(ctx)
}

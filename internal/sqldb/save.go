package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"jixiao"
)

// FindDuplicate returns a *jixiao.DuplicateError when a document with sha is
// stored, nil when none is.
func FindDuplicate(ctx context.Context, q querier, doc *jixiao.Document) error {
	var id int64
	var sha string
	err := q.QueryRowContext(ctx, DuplicateQuery, doc.SHA256, doc.ContentSHA256).Scan(&id, &sha)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("look for sha256 %s: %w", doc.SHA256, err)
	}
	return &jixiao.DuplicateError{SHA256: sha, DocumentID: id, SameContent: sha != doc.SHA256}
}

// DuplicateQuery finds the stored document with the same bytes ($1, the
// SHA-256) or, failing that, the same content ($2, the ContentHash; never
// for a draft, which has none).
const DuplicateQuery = `SELECT id, sha256 FROM documents WHERE sha256 = $1 OR (content_hash = $2 AND content_hash <> '')
	ORDER BY CASE WHEN sha256 = $1 THEN 0 ELSE 1 END LIMIT 1`

// InsertSQL is INSERT INTO table (cols) VALUES ($1, …) RETURNING id.
func InsertSQL(table string, cols []string) string {
	ph := make([]string, len(cols))
	for i := range cols {
		ph[i] = "$" + strconv.Itoa(i+1)
	}
	return "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(ph, ", ") + ") RETURNING id"
}

// InsertDocument writes the documents row and sets doc.ID; at is how the
// engine stores imported_at (see DocumentValues).
func InsertDocument(ctx context.Context, tx *sql.Tx, doc *jixiao.Document, at any) error {
	if err := tx.QueryRowContext(ctx, InsertSQL("documents", DocumentCols), DocumentValues(doc, at)...).Scan(&doc.ID); err != nil {
		return fmt.Errorf("insert document: %w", err)
	}
	return nil
}

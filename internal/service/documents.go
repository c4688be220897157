package service

import (
	"context"

	"jixiao"
	"jixiao/internal/importer"
	"jixiao/internal/limit"
)

// MaxUpload is the largest file an import takes (importer.MaxBytes): the
// doors bound an upload's body to it before reading it.
const MaxUpload = importer.MaxBytes

// Documents imports and deletes whole target tables.
type Documents struct {
	st jixiao.Store
	wf jixiao.WorkflowStore
	// pool bounds the imports; nil is importer.Pool, the process's own.
	pool  *limit.Pool
	peers *Peers
}

// Upload is a file to import as a door received it.
type Upload struct {
	Name string
	Data []byte
	Year int // the budget year; 0 keeps the year the text gives
}

// MayImport says whether by may import a table: nil, or the refusal.
func (d *Documents) MayImport(by *jixiao.User) error {
	return jixiao.Permit(by, jixiao.ActionImport, jixiao.Resource{New: true}, "表")
}

// Import checks that by may import, then, once the import pool admits
// the import, reads the upload (read, so that a refused request is not
// read at all: neither a caller who may not import nor one beyond the
// pool's bound), checks the table and stores it as by imports it
// (internal/importer): published for finance and admins, as a draft under
// review for a department reviewer of its department. The audit entry
// names by.
func (d *Documents) Import(ctx context.Context, by *jixiao.User, read func() (Upload, error)) (*jixiao.Document, error) {
	if err := d.MayImport(by); err != nil {
		return nil, err
	}
	cc, err := d.peers.checkContext(ctx)
	if err != nil {
		return nil, err
	}
	return importer.ImportFrom(ctx, d.st, func() (importer.File, error) {
		up, err := read()
		return importer.File{Name: up.Name, Data: up.Data, Year: up.Year}, err
	}, importer.Options{By: by, Drafts: d.wf, Pool: d.pool, Check: cc})
}

// Delete removes document id and everything in it; the audit entry names by.
func (d *Documents) Delete(ctx context.Context, by *jixiao.User, id int64) error {
	st, err := d.wf.DocumentStatus(ctx, id)
	if err != nil {
		return notFoundOr(err, documentNamed(id))
	}
	if err := jixiao.Permit(by, jixiao.ActionDeleteDocument, st.Resource(), documentNamed(id)); err != nil {
		return err
	}
	return notFoundOr(d.st.DeleteDocument(ctx, id, jixiao.Actor(by)), documentNamed(id))
}

// UsePool makes the imports run in p instead of importer.Pool, the
// process's own: a test bounds them more tightly, and two services in one
// process may share a bound.
func (d *Documents) UsePool(p *limit.Pool) { d.pool = p }

package service

import (
	"context"

	"jixiao"
	"jixiao/internal/importer"
)

// Documents imports and deletes whole target tables.
type Documents struct {
	st jixiao.Store
	wf jixiao.WorkflowStore
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

// Import checks that by may import, then reads the upload (read, so that
// a refused request is not read at all), checks the table and stores it as
// by imports it (internal/importer): published for finance and admins, as
// a draft under review for a department reviewer of its department. The
// audit entry names by.
func (d *Documents) Import(ctx context.Context, by *jixiao.User, read func() (Upload, error)) (*jixiao.Document, error) {
	if err := d.MayImport(by); err != nil {
		return nil, err
	}
	up, err := read()
	if err != nil {
		return nil, err
	}
	return importer.Import(ctx, d.st, up.Name, up.Data, importer.Options{Year: up.Year, By: by, Drafts: d.wf})
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

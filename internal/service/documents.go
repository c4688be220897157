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

// Import reads data (the file called name; year 0 keeps the year the text
// gives), checks it and stores it as by imports it (internal/importer):
// published for finance and admins, as a draft under review for a
// department reviewer of its department. The audit entry names by.
func (d *Documents) Import(ctx context.Context, by *jixiao.User, name string, data []byte, year int) (*jixiao.Document, error) {
	if err := jixiao.Permit(by, jixiao.ActionImport, jixiao.Resource{New: true}, "表"); err != nil {
		return nil, err
	}
	return importer.Import(ctx, d.st, name, data, importer.Options{Year: year, By: by})
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

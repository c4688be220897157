package api

import (
	"fmt"
	"net/http"
	"strings"

	"jixiao"
	"jixiao/internal/export"
)

// exportTable answers GET /export/{table}.csv?document=: the flat tables of
// "jixiao export" (projects, indicators, units) as UTF-8 CSV with a BOM, for
// one document or, without document=, for every document one after the
// other under one header; "official" (the published seven-column layout)
// needs a document.
func (a *API) exportTable(w http.ResponseWriter, r *http.Request) error {
	table, ok := strings.CutSuffix(r.PathValue("file"), ".csv")
	switch {
	case !ok:
		return notFound("导出只提供 CSV：请求 /api/v1/export/{表}.csv")
	case table != export.TableProjects && table != export.TableIndicators &&
		table != export.TableUnits && table != export.TableOfficial:
		return notFound("没有表 %q（可选 projects、indicators、units、official）", table)
	}
	id, err := queryInt(r.URL.Query(), "document")
	if err != nil {
		return err
	}
	if id == 0 && table == export.TableOfficial {
		return invalid("official 表需要参数 document")
	}
	docs, err := a.exportDocuments(r, id)
	if err != nil {
		return err
	}
	name := table
	if id != 0 {
		name = fmt.Sprintf("document-%d-%s", id, table)
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.csv"`, name))
	if table == export.TableOfficial {
		return export.WriteCSV(w, docs[0], table)
	}
	return export.WriteFlatCSV(w, docs, table)
}

// exportDocuments reads the one document asked for, or all of them, as
// the caller may see them.
func (a *API) exportDocuments(r *http.Request, id int64) ([]*jixiao.Document, error) {
	v, err := a.view(r)
	if err != nil {
		return nil, err
	}
	if id != 0 {
		d, err := v.Document(r.Context(), id)
		return []*jixiao.Document{d}, err
	}
	sums, err := v.Documents(r.Context())
	if err != nil {
		return nil, err
	}
	docs := make([]*jixiao.Document, 0, len(sums))
	for i := len(sums) - 1; i >= 0; i-- { // oldest first, as imported
		d, err := v.Document(r.Context(), sums[i].ID)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, nil
}

package api

import (
	"net/http"

	"jixiao"
)

// listIndicators answers GET /indicators?document=&level1=&level2=&kind=&q=&limit=&cursor=.
func (a *API) listIndicators(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	doc, limit, err := pageParams(q)
	if err != nil {
		return err
	}
	kind := q.Get("kind")
	if kind != "" && kind != jixiao.KindQuantitative && kind != jixiao.KindQualitative {
		return invalid("参数 kind 应为 quantitative（定量）或 qualitative（定性），收到 %q", kind)
	}
	v, err := a.listingView(r, doc)
	if err != nil {
		return err
	}
	page, err := v.Indicators(r.Context(), jixiao.IndicatorQuery{DocumentID: doc, Level1Code: q.Get("level1"),
		Level2Code: q.Get("level2"), Kind: kind, Q: q.Get("q"), Limit: limit, Cursor: q.Get("cursor")})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(page.Items, page.NextCursor))
	return nil
}

// listFindings answers GET /findings?document=&rule=&severity=, one page
// holding every match.
func (a *API) listFindings(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	doc, err := queryInt(q, "document")
	if err != nil {
		return err
	}
	sev := jixiao.Severity(q.Get("severity"))
	switch sev {
	case "", jixiao.SeverityError, jixiao.SeverityWarning, jixiao.SeverityInfo:
	default:
		return invalid("参数 severity 应为 error、warning 或 info，收到 %q", sev)
	}
	v, err := a.listingView(r, doc)
	if err != nil {
		return err
	}
	fs, err := v.Findings(r.Context(), jixiao.FindingQuery{DocumentID: doc, Rule: q.Get("rule"), Severity: sev})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(fs, ""))
	return nil
}

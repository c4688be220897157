package sqldb

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"jixiao"
)

// FacetCap bounds the matches IndicatorFacets reads (issue 18): past it
// the search page shows "1,000+" and each value's count among the first
// FacetCap matches, in id order (import order), as a lower bound. Counting
// every match of a common word was 94 % of the search page's time.
const FacetCap = 1000

// Driver is implemented by a Matcher whose engine's search index hands
// out a key's matches in id order, so that a bounded read joins them to
// their rows and stops after the first few hundred, instead of gathering
// every match first (SQLite's IN (SELECT rowid …) builds the whole list).
type Driver interface {
	// DriveIndicators returns a FROM clause that joins the index's matches
	// of key to indicators (alias i), the condition that selects them, and
	// the column that orders them by indicator id, which the index reads
	// in that order without sorting.
	DriveIndicators(key string, arg func(any) string) (from, cond, order string)
}

// IndicatorFacets counts the indicators matching q by level-1, level-2,
// kind, unit of measure (non-empty only) and document, from at most
// FacetCap matches: one bounded read, grouped here. The matches counted
// are the first the plan meets: in id order where the engine's index
// hands them out so (a Driver), else in the order of the table or index
// the plan reads. When there are more, every count is marked AtLeast.
// HiddenDocuments and HiddenUnits are left out in SQL, so the counts need
// no correction.
func (s *Store) IndicatorFacets(ctx context.Context, q jixiao.IndicatorQuery) (jixiao.Facets, error) {
	w, err := indicatorFilters(q)
	if err != nil {
		return nil, err
	}
	hide(w, q)
	const cols = `i.level1_code, i.level1, i.level2_code, i.level2,
		CASE WHEN i.annual_value <> '' THEN 'quantitative' ELSE 'qualitative' END, i.annual_unit, i.document_id`
	limit := " LIMIT " + strconv.Itoa(FacetCap+1)
	d, drives := s.Match.(Driver)
	key := SearchKey(q.Q)
	switch {
	case key != "" && drives:
		from, cond, order := d.DriveIndicators(key, w.arg)
		w.add(cond)
		return s.facets(ctx, `SELECT `+cols+` FROM `+from+w.sql()+` ORDER BY `+order+limit, w.args)
	case key != "":
		w.add(s.Match.Indicators(key, false, w.arg))
	}
	if drives { // SQLite: its plan for the filters stops at the limit
		return s.facets(ctx, `SELECT `+cols+` FROM indicators i`+w.sql()+limit, w.args)
	}
	// Planned without its LIMIT (OFFSET 0 keeps PostgreSQL from pulling
	// the limit in), the read takes the index for a rare key and the table
	// for a common one, and either way stops after the first matches it
	// meets. With the limit in view (and ORDER BY id) PostgreSQL walked
	// the primary key past 22,000 rows to find 1,001 of a key with a few
	// thousand matches (BENCHMARKS.md, issue 18 item 1).
	return s.facets(ctx, `SELECT * FROM (SELECT `+cols+` FROM indicators i`+w.sql()+` OFFSET 0) f`+limit, w.args)
}

// facets counts the first FacetCap rows query reads by facet and value,
// marking each count AtLeast when there were more, and labels them.
func (s *Store) facets(ctx context.Context, query string, args []any) (jixiao.Facets, error) {
	acc, n, err := s.readFacets(ctx, query, args)
	if err != nil {
		return nil, err
	}
	out := jixiao.Facets{}
	for _, f := range facetNames {
		out[f] = labelFacet(f, sortFacet(f, acc[f]))
		for i := range out[f] {
			out[f][i].AtLeast = n > FacetCap
		}
	}
	return out, s.labelDocuments(ctx, out["document"])
}

// readFacets counts by facet and value the first FacetCap indicators that
// query reads, and says how many it read (FacetCap+1 when there are more).
// The rows are closed before it returns: a store of one connection has
// the next statement to run.
func (s *Store) readFacets(ctx context.Context, query string, args []any) (map[string]map[string]*jixiao.FacetCount, int, error) {
	rows, err := s.DB.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("count facets: %w", err)
	}
	defer rows.Close()
	acc := map[string]map[string]*jixiao.FacetCount{}
	for _, f := range facetNames {
		acc[f] = map[string]*jixiao.FacetCount{}
	}
	n := 0
	for rows.Next() {
		if n++; n > FacetCap {
			break
		}
		var l1, l1name, l2, l2name, k, unit string
		var doc int64
		if err := rows.Scan(&l1, &l1name, &l2, &l2name, &k, &unit, &doc); err != nil {
			return nil, 0, err
		}
		for f, vl := range map[string][2]string{"level1": {l1, l1name}, "level2": {l2, l2name}, "kind": {k, ""},
			"unit": {unit, unit}, "document": {strconv.FormatInt(doc, 10), ""}} {
			c := acc[f][vl[0]]
			if c == nil {
				c = &jixiao.FacetCount{Value: vl[0], Label: vl[1]}
				acc[f][vl[0]] = c
			}
			c.Count++
			c.Label = min(c.Label, vl[1]) // a stable label when the names as written vary
		}
	}
	return acc, n, rows.Err()
}

// hide leaves out of w the indicators q hides: those of its hidden
// documents, and of its hidden units' projects.
func hide(w *where, q jixiao.IndicatorQuery) {
	if len(q.HiddenDocuments) > 0 {
		ids := make([]string, len(q.HiddenDocuments))
		for i, id := range q.HiddenDocuments {
			ids[i] = w.arg(id)
		}
		w.add("i.document_id NOT IN (" + strings.Join(ids, ", ") + ")")
	}
	docs := make([]int64, 0, len(q.HiddenUnits))
	for id, units := range q.HiddenUnits {
		if len(units) > 0 {
			docs = append(docs, id)
		}
	}
	slices.Sort(docs) // one statement text for one view
	for _, id := range docs {
		units := slices.Sorted(slices.Values(q.HiddenUnits[id]))
		ps := make([]string, len(units))
		for i, u := range units {
			ps[i] = w.arg(u)
		}
		doc := w.arg(id)
		w.add("NOT (i.document_id = " + doc + " AND i.project_id IN (SELECT id FROM projects WHERE document_id = " +
			doc + " AND unit IN (" + strings.Join(ps, ", ") + ")))")
	}
}

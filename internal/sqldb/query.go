package sqldb

import (
	"context"
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"jixiao"
)

// Listing pages: keyset cursors over the same columns as the ORDER BY, so a
// page never repeats or skips a row whatever is imported meanwhile.

// DefaultLimit and MaxLimit bound a page.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

func pageLimit(n int) int {
	if n <= 0 {
		return DefaultLimit
	}
	return min(n, MaxLimit)
}

// endPage cuts a page read with one row more than limit back to limit,
// with the cursor of its last row when there is more.
func endPage[T any](page jixiao.Page[T], limit int, cursor func(last T) string) jixiao.Page[T] {
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		page.NextCursor = cursor(page.Items[limit-1])
	}
	items := page.Items
	page.After = func(i int) string { return cursor(items[i]) }
	return page
}

// encodeCursor makes an opaque cursor of the sort key of the last row.
func encodeCursor(kind string, keys ...int64) string {
	parts := []string{kind}
	for _, k := range keys {
		parts = append(parts, strconv.FormatInt(k, 10))
	}
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Join(parts, ".")))
}

func decodeCursor(kind, c string, n int) ([]int64, error) {
	bad := fmt.Errorf("cursor %q: %w", c, jixiao.ErrInvalid)
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, bad
	}
	parts := strings.Split(string(b), ".")
	if len(parts) != n+1 || parts[0] != kind {
		return nil, bad
	}
	keys := make([]int64, n)
	for i := range keys {
		if keys[i], err = strconv.ParseInt(parts[i+1], 10, 64); err != nil {
			return nil, bad
		}
	}
	return keys, nil
}

// Projects lists projects matching q in (document, seq) order.
func (s *Store) Projects(ctx context.Context, q jixiao.ProjectQuery) (jixiao.Page[jixiao.ProjectRow], error) {
	page := jixiao.Page[jixiao.ProjectRow]{Items: []jixiao.ProjectRow{}}
	w := &where{}
	if q.DocumentID != 0 {
		w.add("p.document_id = " + w.arg(q.DocumentID))
	}
	if q.Unit != "" {
		w.add("p.unit = " + w.arg(q.Unit))
	}
	if key := SearchKey(q.Q); key != "" {
		walk, err := s.frequent(ctx, key, false)
		if err != nil {
			return page, err
		}
		w.add(s.Match.Projects(key, walk, w.arg))
	}
	if q.Cursor != "" {
		k, err := decodeCursor("p", q.Cursor, 2)
		if err != nil {
			return page, err
		}
		w.add(fmt.Sprintf("(p.document_id, p.seq) > (%s, %s)", w.arg(k[0]), w.arg(k[1])))
	}
	limit := pageLimit(q.Limit)
	rows, err := s.DB.QueryContext(ctx, `SELECT `+projectCols+`, d.title, d.agency, d.year, d.money_unit
		FROM projects p JOIN documents d ON d.id = p.document_id`+w.sql()+
		` ORDER BY p.document_id, p.seq LIMIT `+strconv.Itoa(limit+1), w.args...)
	if err != nil {
		return page, fmt.Errorf("list projects: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r jixiao.ProjectRow
		var unit string
		if err := scanProject(rows, &r.Project, &r.DocumentTitle, &r.DocumentAgency, &r.DocumentYear, &unit); err != nil {
			return page, err
		}
		r.MoneyUnit = jixiao.MoneyUnit(unit)
		page.Items = append(page.Items, r)
	}
	if err := rows.Err(); err != nil {
		return page, err
	}
	return endPage(page, limit, func(last jixiao.ProjectRow) string {
		return encodeCursor("p", last.DocumentID, int64(last.Seq))
	}), nil
}

// frequentMatches is where a SQLite listing stops fetching every match
// through the search index and sorting them, and instead walks the rows in
// listing order, testing each against the matches, until the page is full.
// On 250,000 indicators (sqlite3 shell, CPU): 培训 (48,000 matches) took
// 26 ms through the index and 3.5 ms walking; a key with no match 0.3 ms
// and 26 ms. The costs cross near sqrt(10 × rows) matches; 2,000 suits a
// corpus of 10⁵-10⁶ rows. PostgreSQL chooses from its own statistics.
const frequentMatches = 2000

// frequent reports whether key has at least frequentMatches matches. The
// count stops there (issue 18): choosing the plan by counting every match
// of a common word was 54 % of a search's CPU.
// The answer is kept a while (planCache).
func (s *Store) frequent(ctx context.Context, key string, indicators bool) (bool, error) {
	c, ok := s.Match.(Counter)
	if !ok {
		return false, nil
	}
	k, now := planKey{key, indicators}, time.Now()
	if f, ok := s.plans.get(k, now); ok {
		return f, nil
	}
	n, err := c.CountMatches(ctx, s.DB, key, indicators, frequentMatches)
	if err != nil {
		return false, fmt.Errorf("count matches of %q: %w", key, err)
	}
	s.plans.put(k, n >= frequentMatches, now)
	return n >= frequentMatches, nil
}

// indicatorWhere filters indicators (alias i) by q for a listing page,
// which may walk in order (see frequent).
func (s *Store) indicatorWhere(ctx context.Context, q jixiao.IndicatorQuery) (*where, error) {
	w, err := indicatorFilters(q)
	if err != nil {
		return nil, err
	}
	if key := SearchKey(q.Q); key != "" {
		walk, err := s.frequent(ctx, key, true)
		if err != nil {
			return nil, err
		}
		w.add(s.Match.Indicators(key, walk, w.arg))
	}
	return w, nil
}

// indicatorFilters filters indicators (alias i) by q but for its search
// key and its page.
func indicatorFilters(q jixiao.IndicatorQuery) (*where, error) {
	w := &where{}
	if q.DocumentID != 0 {
		w.add("i.document_id = " + w.arg(q.DocumentID))
	}
	if q.Level1Code != "" {
		w.add("i.level1_code = " + w.arg(q.Level1Code))
	}
	if q.Level2Code != "" {
		w.add("i.level2_code = " + w.arg(q.Level2Code))
	}
	switch q.Kind {
	case "":
	case jixiao.KindQuantitative:
		w.add("i.annual_value <> ''")
	case jixiao.KindQualitative:
		w.add("i.annual_value = ''")
	default:
		return nil, fmt.Errorf("indicator kind %q: %w", q.Kind, jixiao.ErrInvalid)
	}
	if q.Unit != "" {
		w.add("i.annual_unit = " + w.arg(q.Unit))
	}
	if q.ProjectUnit != "" {
		w.add("i.project_id IN (SELECT id FROM projects WHERE unit = " + w.arg(q.ProjectUnit) + ")")
	}
	return w, nil
}

// Indicators lists indicators matching q in (document, project, seq) order.
func (s *Store) Indicators(ctx context.Context, q jixiao.IndicatorQuery) (jixiao.Page[jixiao.IndicatorRow], error) {
	page := jixiao.Page[jixiao.IndicatorRow]{Items: []jixiao.IndicatorRow{}}
	w, err := s.indicatorWhere(ctx, q)
	if err != nil {
		return page, err
	}
	if q.Cursor != "" {
		k, err := decodeCursor("i", q.Cursor, 3)
		if err != nil {
			return page, err
		}
		w.add(fmt.Sprintf("(i.document_id, i.project_seq, i.seq) > (%s, %s, %s)", w.arg(k[0]), w.arg(k[1]), w.arg(k[2])))
	}
	limit := pageLimit(q.Limit)
	rows, err := s.DB.QueryContext(ctx, `SELECT `+indicatorCols+`, i.document_id, d.title, i.project_id,
		i.project_seq, p.name, p.unit
		FROM indicators i JOIN projects p ON p.id = i.project_id JOIN documents d ON d.id = i.document_id`+
		w.sql()+` ORDER BY i.document_id, i.project_seq, i.seq LIMIT `+strconv.Itoa(limit+1), w.args...)
	if err != nil {
		return page, fmt.Errorf("list indicators: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r jixiao.IndicatorRow
		if err := scanIndicator(rows, &r.Indicator, &r.DocumentID, &r.DocumentTitle, &r.ProjectID,
			&r.ProjectSeq, &r.Project, &r.Unit); err != nil {
			return page, err
		}
		page.Items = append(page.Items, r)
	}
	if err := rows.Err(); err != nil {
		return page, err
	}
	return endPage(page, limit, func(last jixiao.IndicatorRow) string {
		return encodeCursor("i", last.DocumentID, int64(last.ProjectSeq), int64(last.Seq))
	}), nil
}

var facetNames = []string{"level1", "level2", "kind", "unit", "document"}

// sortFacet orders a facet's values: codes and kinds by value, units by
// count (most used first), documents by id.
func sortFacet(name string, m map[string]*jixiao.FacetCount) []jixiao.FacetCount {
	out := make([]jixiao.FacetCount, 0, len(m))
	for _, c := range m {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch name {
		case "unit":
			if a.Count != b.Count {
				return a.Count > b.Count
			}
		case "document":
			x, _ := strconv.ParseInt(a.Value, 10, 64)
			y, _ := strconv.ParseInt(b.Value, 10, 64)
			return x < y
		}
		return a.Value < b.Value
	})
	return out
}

// labelDocuments labels the document facet with the documents' agencies.
func (s *Store) labelDocuments(ctx context.Context, cs []jixiao.FacetCount) error {
	if len(cs) == 0 {
		return nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT id, agency, year FROM documents`)
	if err != nil {
		return fmt.Errorf("label documents: %w", err)
	}
	defer rows.Close()
	label := map[string]string{}
	for rows.Next() {
		var id int64
		var a string
		var year int
		if err := rows.Scan(&id, &a, &year); err != nil {
			return err
		}
		label[strconv.FormatInt(id, 10)] = jixiao.DocumentLabel(a, year)
	}
	for i := range cs {
		cs[i].Label = label[cs[i].Value]
	}
	return rows.Err()
}

// labelFacet names facet values for pages: canonical category names where
// the scheme knows the code, Chinese kind names, and drops the empty unit.
func labelFacet(name string, cs []jixiao.FacetCount) []jixiao.FacetCount {
	out := cs[:0]
	for _, c := range cs {
		switch name {
		case "level1":
			if cat, ok := jixiao.Scheme2015.Level1ByCode(c.Value); ok {
				c.Label = cat.Name
			}
		case "level2":
			if cat, ok := jixiao.Scheme2015.Level2ByCode(c.Value); ok {
				c.Label = cat.Name
			}
		case "kind":
			c.Label = map[string]string{jixiao.KindQuantitative: "定量", jixiao.KindQualitative: "定性"}[c.Value]
		case "unit":
			if c.Value == "" {
				continue
			}
			c.Label = c.Value
		}
		out = append(out, c)
	}
	return out
}

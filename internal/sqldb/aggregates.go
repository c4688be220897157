package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"jixiao"
)

// Aggregate counts what 总览 shows of one year's tables from the stored
// columns, grouped in SQL, without reading any document whole: at 20,000
// projects the page read its documents in full and answered nothing in 5
// s (issue 18). Which tables and units count is the caller's (the view's)
// decision, given in q; the statements share one snapshot.
func (s *Store) Aggregate(ctx context.Context, q jixiao.AggregateQuery) (jixiao.Aggregate, error) {
	a := jixiao.Aggregate{Year: q.Year, Findings: map[jixiao.Severity]int{},
		Units: []jixiao.UnitMoney{}, TopProjects: []jixiao.ProjectMoney{}, Levels: []jixiao.LevelCount{}, Documents: []jixiao.DocumentFigures{}}
	tx, err := s.DB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return a, err
	}
	defer tx.Rollback()
	docs := map[int64]*jixiao.DocumentFigures{}
	figures := func(id int64) *jixiao.DocumentFigures {
		if docs[id] == nil {
			docs[id] = &jixiao.DocumentFigures{DocumentID: id, Findings: map[jixiao.Severity]int{}}
		}
		return docs[id]
	}
	for _, step := range []aggregateStep{
		aggregateUnits, aggregateTop, aggregateIndicators, aggregateFindings, aggregateMarked, aggregateCopied,
	} {
		if err := step(ctx, tx, q, &a, figures); err != nil {
			return a, fmt.Errorf("aggregate %d: %w", q.Year, err)
		}
	}
	for _, d := range docs {
		a.Documents = append(a.Documents, *d)
	}
	slices.SortFunc(a.Documents, func(x, y jixiao.DocumentFigures) int { return cmp.Compare(x.DocumentID, y.DocumentID) })
	return a, nil
}

// aggregateScope writes the two tables every aggregate reads: vd, the
// year's documents the reader sees (the published ones and the drafts
// among q.Drafts), and vp, their projects less the hidden units'.
func aggregateScope(q jixiao.AggregateQuery, w *where) string {
	var b strings.Builder
	b.WriteString(`WITH vd AS (SELECT d.id FROM documents d LEFT JOIN document_workflow w ON w.document_id = d.id
		WHERE d.year = ` + w.arg(q.Year) + ` AND (w.state IS NULL OR w.state <> ` + w.arg(string(jixiao.DocDraft)))
	if len(q.Drafts) > 0 {
		b.WriteString(` OR d.id IN (` + argList(w, q.Drafts) + `)`)
	}
	b.WriteString(`)), vp AS (SELECT p.id, p.document_id, p.seq, p.unit, p.name, p.total,
		CASE WHEN ` + totalUnreadSQL + ` THEN 1 ELSE 0 END AS total_unread FROM projects p
		JOIN vd ON vd.id = p.document_id WHERE 1 = 1`)
	for _, id := range slices.Sorted(maps.Keys(q.HiddenUnits)) {
		b.WriteString(` AND NOT (p.document_id = ` + w.arg(id) + ` AND p.unit IN (` + argList(w, q.HiddenUnits[id]) + `))`)
	}
	b.WriteString(`) `)
	return b.String()
}

// argList adds each value as an argument and returns their placeholders.
func argList[T any](w *where, vs []T) string {
	ps := make([]string, len(vs))
	for i, v := range vs {
		ps[i] = w.arg(v)
	}
	return strings.Join(ps, ", ")
}

type aggregateStep = func(context.Context, *sql.Tx, jixiao.AggregateQuery, *jixiao.Aggregate, func(int64) *jixiao.DocumentFigures) error

// queryScoped runs the statement after the scope's WITH and hands each row
// to scan.
func queryScoped(ctx context.Context, tx *sql.Tx, q jixiao.AggregateQuery, stmt func(w *where) string, scan func(*sql.Rows) error) error {
	w := &where{}
	with := aggregateScope(q, w)
	rows, err := tx.QueryContext(ctx, with+stmt(w), w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// aggregateUnits adds up each document's units, and from them the year's
// projects and money.
func aggregateUnits(ctx context.Context, tx *sql.Tx, q jixiao.AggregateQuery, a *jixiao.Aggregate, figures func(int64) *jixiao.DocumentFigures) error {
	return queryScoped(ctx, tx, q, func(*where) string {
		return `SELECT vp.document_id, vp.unit, COUNT(*), COALESCE(SUM(vp.total), 0), COALESCE(SUM(vp.total_unread), 0) FROM vp
			GROUP BY vp.document_id, vp.unit ORDER BY vp.document_id, MIN(vp.seq)`
	}, func(rows *sql.Rows) error {
		var u jixiao.UnitMoney
		var unread int
		if err := rows.Scan(&u.DocumentID, &u.Unit, &u.Projects, &u.Money, &unread); err != nil {
			return err
		}
		a.Units = append(a.Units, u)
		d := figures(u.DocumentID)
		d.Projects += u.Projects
		d.Money += u.Money
		d.UnreadProjects += unread
		a.UnreadProjects += unread
		a.Projects += u.Projects
		a.Total += u.Money
		return nil
	})
}

// aggregateTop names the largest projects.
func aggregateTop(ctx context.Context, tx *sql.Tx, q jixiao.AggregateQuery, a *jixiao.Aggregate, _ func(int64) *jixiao.DocumentFigures) error {
	top := q.Top
	if top <= 0 {
		top = jixiao.AggregateTop
	}
	return queryScoped(ctx, tx, q, func(w *where) string {
		return `SELECT vp.id, vp.document_id, vp.name, vp.total FROM vp ORDER BY vp.total DESC, vp.id LIMIT ` + w.arg(top)
	}, func(rows *sql.Rows) error {
		var p jixiao.ProjectMoney
		if err := rows.Scan(&p.ID, &p.DocumentID, &p.Name, &p.Money); err != nil {
			return err
		}
		a.TopProjects = append(a.TopProjects, p)
		return nil
	})
}

// measurableSQL is check.Summarize's measurable indicator in SQL: no raw
// text, and both targets with a number, a unit and a comparator.
const measurableSQL = `CASE WHEN i.raw = '' AND i.period_value <> '' AND i.period_unit <> '' AND i.period_op <> ''
	AND i.annual_value <> '' AND i.annual_unit <> '' AND i.annual_op <> '' THEN 1 ELSE 0 END`

// aggregateIndicators counts the indicators by category, and per
// document all and the measurable ones, in one pass.
func aggregateIndicators(ctx context.Context, tx *sql.Tx, q jixiao.AggregateQuery, a *jixiao.Aggregate, figures func(int64) *jixiao.DocumentFigures) error {
	levels := map[jixiao.LevelCount]int{} // by the four names, Indicators zero
	err := queryScoped(ctx, tx, q, func(*where) string {
		return `SELECT vp.document_id, i.level1_code, i.level1, i.level2_code, i.level2, COUNT(*), SUM(` + measurableSQL + `)
			FROM vp JOIN indicators i ON i.project_id = vp.id
			GROUP BY vp.document_id, i.level1_code, i.level1, i.level2_code, i.level2`
	}, func(rows *sql.Rows) error {
		var id int64
		var l jixiao.LevelCount
		var n, measurable int
		if err := rows.Scan(&id, &l.Level1Code, &l.Level1, &l.Level2Code, &l.Level2, &n, &measurable); err != nil {
			return err
		}
		levels[l] += n
		d := figures(id)
		d.Indicators += n
		d.Measurable += measurable
		a.Indicators += n
		return nil
	})
	for l, n := range levels {
		l.Indicators = n
		a.Levels = append(a.Levels, l)
	}
	slices.SortFunc(a.Levels, func(x, y jixiao.LevelCount) int {
		return cmp.Or(cmp.Compare(x.Level1Code, y.Level1Code), cmp.Compare(x.Level1, y.Level1),
			cmp.Compare(x.Level2Code, y.Level2Code), cmp.Compare(x.Level2, y.Level2))
	})
	return err
}

// aggregateFindings counts the findings by severity: those about the
// whole table or a unit of every document counted, and those about a
// project only when the project is counted (as service.View.Findings).
func aggregateFindings(ctx context.Context, tx *sql.Tx, q jixiao.AggregateQuery, a *jixiao.Aggregate, figures func(int64) *jixiao.DocumentFigures) error {
	return queryScoped(ctx, tx, q, func(*where) string {
		cond := ``
		if len(q.HiddenUnits) > 0 {
			cond = ` WHERE f.project_seq = 0 OR EXISTS (SELECT 1 FROM vp WHERE vp.document_id = f.document_id AND vp.seq = f.project_seq)`
		}
		return `SELECT f.document_id, f.severity, COUNT(*) FROM findings f JOIN vd ON vd.id = f.document_id` + cond +
			` GROUP BY f.document_id, f.severity`
	}, func(rows *sql.Rows) error {
		var id int64
		var sev string
		var n int
		if err := rows.Scan(&id, &sev, &n); err != nil {
			return err
		}
		a.Findings[jixiao.Severity(sev)] += n
		figures(id).Findings[jixiao.Severity(sev)] = n
		return nil
	})
}

// The rules whose findings mark an indicator vague or external, and a
// project's list copied (check.Summarize).
const (
	ruleVague     = "target.vague"
	ruleExternal  = "target.external-reference"
	ruleCopied    = "indicator.copied"
	ruleDuplicate = "project.duplicate"
)

// aggregateMarked counts per document the counted indicators that a
// target.vague or target.external-reference finding names (once each).
func aggregateMarked(ctx context.Context, tx *sql.Tx, q jixiao.AggregateQuery, _ *jixiao.Aggregate, figures func(int64) *jixiao.DocumentFigures) error {
	return queryScoped(ctx, tx, q, func(w *where) string {
		return `SELECT m.document_id, m.rule, COUNT(*) FROM (SELECT DISTINCT f.document_id, f.rule, f.project_seq, f.indicator_seq
			FROM findings f JOIN vp ON vp.document_id = f.document_id AND vp.seq = f.project_seq
			JOIN indicators i ON i.document_id = f.document_id AND i.project_seq = f.project_seq AND i.seq = f.indicator_seq
			WHERE f.rule IN (` + argList(w, []string{ruleVague, ruleExternal}) + `)) m GROUP BY m.document_id, m.rule`
	}, func(rows *sql.Rows) error {
		var id int64
		var rule string
		var n int
		if err := rows.Scan(&id, &rule, &n); err != nil {
			return err
		}
		if rule == ruleVague {
			figures(id).Vague = n
		} else {
			figures(id).ExternalReference = n
		}
		return nil
	})
}

// aggregateCopied counts per document the indicators of counted projects
// whose list an indicator.copied or project.duplicate finding marks.
func aggregateCopied(ctx context.Context, tx *sql.Tx, q jixiao.AggregateQuery, _ *jixiao.Aggregate, figures func(int64) *jixiao.DocumentFigures) error {
	return queryScoped(ctx, tx, q, func(w *where) string {
		return `SELECT vp.document_id, COUNT(*) FROM vp
			JOIN (SELECT DISTINCT document_id, project_seq FROM findings WHERE rule IN (` + argList(w, []string{ruleCopied, ruleDuplicate}) + `)) c
				ON c.document_id = vp.document_id AND c.project_seq = vp.seq
			JOIN indicators i ON i.project_id = vp.id GROUP BY vp.document_id`
	}, func(rows *sql.Rows) error {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		figures(id).Copied = n
		return nil
	})
}

package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"jixiao"
)

// The inputs of the peer groups (标杆值, check.PeerBuilder) and the admin's
// corrections of them (migration 0190).

// peerProjectsQuery reads what the peer groups need of each published
// table's project, in the indicators' stored order (their unique index):
// its department, name and total, and its quantitative indicators (a
// qualitative or unread one is in no group). A document without a
// workflow row is an imported published table.
const peerProjectsQuery = `SELECT d.agency, p.id, p.document_id, p.name, p.unit, p.total,
	i.level2_code, i.level2, i.name, i.annual_text, i.annual_op, i.annual_value, i.annual_unit
	FROM indicators i
	JOIN projects p ON p.id = i.project_id
	JOIN documents d ON d.id = i.document_id
	LEFT JOIN document_workflow w ON w.document_id = i.document_id
	WHERE ` + docStateExpr + ` = '已公开' AND i.raw = '' AND i.annual_value <> ''
	ORDER BY i.document_id, i.project_seq, i.seq`

// PeerProjects streams every published project with its quantitative
// indicators to fn, one project at a time, without loading a document:
// only the fields the peer groups read are set (ID, DocumentID, Name,
// Unit, Amounts.Total; each indicator's level-2 category, name and annual
// target).
func (s *Store) PeerProjects(ctx context.Context, fn func(dept string, p *jixiao.Project) error) error {
	rows, err := s.DB.QueryContext(ctx, peerProjectsQuery)
	if err != nil {
		return fmt.Errorf("read peer inputs: %w", err)
	}
	defer rows.Close()
	cur := &jixiao.Project{}
	var dept string
	for rows.Next() {
		var d string
		var id, docID, total int64
		var name, unit string
		var in jixiao.Indicator
		var op string
		if err := rows.Scan(&d, &id, &docID, &name, &unit, &total, &in.Level2Code, &in.Level2, &in.Name,
			&in.Annual.Text, &op, &in.Annual.Value, &in.Annual.Unit); err != nil {
			return fmt.Errorf("read peer inputs: %w", err)
		}
		in.Annual.Op = jixiao.Comparator(op)
		if id != cur.ID {
			if cur.ID != 0 {
				if err := fn(dept, cur); err != nil {
					return err
				}
			}
			// A new project each time: fn may keep it.
			cur = &jixiao.Project{ID: id, DocumentID: docID, Name: name, Unit: unit, Amounts: jixiao.Amounts{Total: jixiao.Money(total)}}
			dept = d
		}
		cur.Indicators = append(cur.Indicators, in)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read peer inputs: %w", err)
	}
	if cur.ID != 0 {
		return fn(dept, cur)
	}
	return nil
}

// PeerGroupings are the admin's corrections of the groups: check.PeerName
// → the group's name.
func (s *Store) PeerGroupings(ctx context.Context) (map[string]string, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT name, into_name FROM peer_groupings ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("read peer groupings: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, into string
		if err := rows.Scan(&name, &into); err != nil {
			return nil, fmt.Errorf("read peer groupings: %w", err)
		}
		out[name] = into
	}
	return out, rows.Err()
}

// SetPeerGrouping puts name into the group named into (into == name: its
// own group), or, with into empty, gives it back to the default grouping;
// and logs e, in one transaction.
func (s *Store) SetPeerGrouping(ctx context.Context, name, into string, e jixiao.AuditEntry) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if e.At.IsZero() {
			e.At = s.now()
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM peer_groupings WHERE name = $1`, name); err != nil {
			return fmt.Errorf("store peer grouping: %w", err)
		}
		if into != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO peer_groupings (name, into_name, updated_by, updated_at)
				VALUES ($1, $2, $3, $4)`, name, into, e.Username, TimeText(e.At)); err != nil {
				return fmt.Errorf("store peer grouping: %w", err)
			}
		}
		return s.appendAudit(ctx, tx, e)
	})
}

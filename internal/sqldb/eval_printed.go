package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"jixiao"
)

// The published 自评表 imported into a round (migration 0170): one row per
// round and project, written with the round's actuals by SaveActuals and
// read back by Actuals. The form, the indicator matches and the import's
// findings are JSON: they are read and written whole, never queried.

func savePrintedForms(ctx context.Context, tx *sql.Tx, round int64, ps []jixiao.PrintedSelfEval) error {
	for _, p := range ps {
		form, err := json.Marshal(p.Form)
		if err != nil {
			return fmt.Errorf("encode printed form of project %d: %w", p.ProjectSeq, err)
		}
		seqs, err := json.Marshal(nonNil(p.IndicatorSeqs))
		if err != nil {
			return err
		}
		findings, err := json.Marshal(nonNil(p.Findings))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO eval_printed (round_id, project_seq, source_name, sha256,
			total_score, grade, form, indicator_seqs, findings, imported_by, imported_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (round_id, project_seq) DO UPDATE SET source_name = excluded.source_name,
			sha256 = excluded.sha256, total_score = excluded.total_score, grade = excluded.grade,
			form = excluded.form, indicator_seqs = excluded.indicator_seqs, findings = excluded.findings,
			imported_by = excluded.imported_by, imported_at = excluded.imported_at`,
			round, p.ProjectSeq, p.SourceName, p.SHA256, p.Form.TotalScore.Text, p.Form.Grade,
			string(form), string(seqs), string(findings), p.ImportedBy, TimeText(p.ImportedAt))
		if err != nil {
			return fmt.Errorf("save printed form of project %d: %w", p.ProjectSeq, err)
		}
	}
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func readPrintedForms(ctx context.Context, tx *sql.Tx, round int64) ([]jixiao.PrintedSelfEval, error) {
	rows, err := tx.QueryContext(ctx, `SELECT project_seq, source_name, sha256, form, indicator_seqs, findings,
		imported_by, imported_at FROM eval_printed WHERE round_id = $1 ORDER BY project_seq`, round)
	if err != nil {
		return nil, fmt.Errorf("read printed forms: %w", err)
	}
	defer rows.Close()
	var out []jixiao.PrintedSelfEval
	for rows.Next() {
		var p jixiao.PrintedSelfEval
		var form, seqs, findings string
		var at Time
		if err := rows.Scan(&p.ProjectSeq, &p.SourceName, &p.SHA256, &form, &seqs, &findings, &p.ImportedBy, &at); err != nil {
			return nil, fmt.Errorf("read printed form: %w", err)
		}
		p.ImportedAt = at.T
		for _, part := range []struct {
			text string
			into any
		}{{form, &p.Form}, {seqs, &p.IndicatorSeqs}, {findings, &p.Findings}} {
			if err := json.Unmarshal([]byte(part.text), part.into); err != nil {
				return nil, fmt.Errorf("printed form of project %d: %w", p.ProjectSeq, err)
			}
		}
		if len(p.Findings) == 0 {
			p.Findings = nil
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

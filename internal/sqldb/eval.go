package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"jixiao"
)

// Monitoring rounds and self-evaluations (jixiao.EvalStore): the tables of
// migrations 0020-0029, 0080, 0150 (eval_review.go) and 0170 (eval_printed.go), the same on both engines, and so is every
// statement here ($n placeholders, ON CONFLICT upserts, RETURNING).

// dateLayout is how a round's cut-off is stored.
const dateLayout = "2006-01-02"

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

// SaveActuals implements jixiao.EvalStore: one transaction for the round
// and every row, so a failure stores nothing.
func (s *Store) SaveActuals(ctx context.Context, a *jixiao.Actuals, entry jixiao.AuditEntry) error {
	if entry.Action == "" {
		return errors.New("save actuals: the audit entry names no action")
	}
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := s.upsertRound(ctx, tx, &a.Round); err != nil {
		return err
	}
	if err := saveProjectActuals(ctx, tx, a.Round.ID, a.Projects); err != nil {
		return err
	}
	if err := saveIndicatorActuals(ctx, tx, a.Round.ID, a.Indicators); err != nil {
		return err
	}
	if err := savePrintedForms(ctx, tx, a.Round.ID, a.PrintedForms); err != nil {
		return err
	}
	e := actorOrSystem(entry)
	e.Action, e.Comment, e.ProjectSeq = entry.Action, entry.Comment, entry.ProjectSeq
	e.DocumentID = a.Round.DocumentID
	if err := s.appendAudit(ctx, tx, e); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// upsertRound creates the round or touches the one of that name, and reads
// back what is stored (an existing round keeps its kind and cut-off).
func (s *Store) upsertRound(ctx context.Context, tx *sql.Tx, r *jixiao.Round) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE id = $1`, r.DocumentID).Scan(&n)
	if err != nil {
		return fmt.Errorf("find document %d: %w", r.DocumentID, err)
	}
	if n == 0 {
		return fmt.Errorf("document %d: %w", r.DocumentID, jixiao.ErrNotFound)
	}
	now := TimeText(s.now())
	var cut string
	var created, updated Time
	err = tx.QueryRowContext(ctx, `INSERT INTO eval_rounds (document_id, name, kind, cut_off, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5)
		ON CONFLICT (document_id, name) DO UPDATE SET updated_at = excluded.updated_at
		RETURNING id, kind, cut_off, created_at, updated_at`,
		r.DocumentID, r.Name, string(r.Kind), dateText(r.CutOff), now).
		Scan(&r.ID, &r.Kind, &cut, &created, &updated)
	if err != nil {
		return fmt.Errorf("save round %q: %w", r.Name, err)
	}
	r.CreatedAt, r.UpdatedAt = created.T, updated.T
	r.CutOff, _ = parseDate(cut)
	return nil
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(dateLayout, s)
}

func saveProjectActuals(ctx context.Context, tx *sql.Tx, round int64, ps []jixiao.ProjectActual) error {
	if len(ps) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO eval_project_actuals
		(round_id, project_seq, has_executed, executed, has_forecast, forecast, note,
		has_budget, budget, carried_budget, other_budget, has_split, carried_executed, other_executed)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
		ON CONFLICT (round_id, project_seq) DO UPDATE SET has_executed = excluded.has_executed,
		executed = excluded.executed, has_forecast = excluded.has_forecast,
		forecast = excluded.forecast, note = excluded.note, has_budget = excluded.has_budget,
		budget = excluded.budget, carried_budget = excluded.carried_budget, other_budget = excluded.other_budget,
		has_split = excluded.has_split, carried_executed = excluded.carried_executed,
		other_executed = excluded.other_executed`)
	if err != nil {
		return fmt.Errorf("prepare project actuals: %w", err)
	}
	defer st.Close()
	for _, p := range ps {
		_, err := st.ExecContext(ctx, round, p.ProjectSeq, boolInt(p.HasExecuted), int64(p.Executed),
			boolInt(p.HasForecast), int64(p.Forecast), p.Note, boolInt(p.HasBudget), int64(p.Budget),
			int64(p.CarriedBudget), int64(p.OtherBudget), boolInt(p.HasSplit), int64(p.CarriedExecuted), int64(p.OtherExecuted))
		if err != nil {
			return fmt.Errorf("save actual of project %d: %w", p.ProjectSeq, err)
		}
	}
	return nil
}

func saveIndicatorActuals(ctx context.Context, tx *sql.Tx, round int64, is []jixiao.IndicatorActual) error {
	if len(is) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO eval_indicator_actuals
		(round_id, project_seq, seq, actual_text, value, grade, target_text, score, weight, forecast, reasons, note, likelihood)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (round_id, project_seq, seq) DO UPDATE SET actual_text = excluded.actual_text,
		value = excluded.value, grade = excluded.grade, target_text = excluded.target_text,
		score = excluded.score, weight = excluded.weight, forecast = excluded.forecast,
		reasons = excluded.reasons, note = excluded.note, likelihood = excluded.likelihood`)
	if err != nil {
		return fmt.Errorf("prepare indicator actuals: %w", err)
	}
	defer st.Close()
	for _, a := range is {
		_, err := st.ExecContext(ctx, round, a.ProjectSeq, a.Seq, a.Text, a.Value, string(a.Grade), a.Target.Text,
			a.Score, a.Weight, a.Forecast, jixiao.JoinDeviationReasons(a.Reasons), a.Note, string(a.Likelihood))
		if err != nil {
			return fmt.Errorf("save actual of indicator %d.%d: %w", a.ProjectSeq, a.Seq, err)
		}
	}
	return nil
}

const roundColumns = `id, document_id, name, kind, cut_off, created_at, updated_at`

func scanRound(sc interface{ Scan(...any) error }) (jixiao.Round, error) {
	var r jixiao.Round
	var cut string
	var created, updated Time
	if err := sc.Scan(&r.ID, &r.DocumentID, &r.Name, &r.Kind, &cut, &created, &updated); err != nil {
		return r, err
	}
	r.CreatedAt, r.UpdatedAt = created.T, updated.T
	var err error
	r.CutOff, err = parseDate(cut)
	return r, err
}

// Rounds implements jixiao.EvalStore.
func (s *Store) Rounds(ctx context.Context, documentID int64) ([]jixiao.Round, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+roundColumns+` FROM eval_rounds
		WHERE document_id = $1 ORDER BY cut_off, name`, documentID)
	if err != nil {
		return nil, fmt.Errorf("list rounds: %w", err)
	}
	defer rows.Close()
	var out []jixiao.Round
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			return nil, fmt.Errorf("read round: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Actuals implements jixiao.EvalStore, in one read transaction so that the
// round and its rows agree.
func (s *Store) Actuals(ctx context.Context, documentID int64, round string) (*jixiao.Actuals, error) {
	tx, err := s.DB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	r, err := scanRound(tx.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM eval_rounds
		WHERE document_id = $1 AND name = $2`, documentID, round))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("document %d round %q: %w", documentID, round, jixiao.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read round: %w", err)
	}
	a := &jixiao.Actuals{Round: r}
	if a.Projects, err = readProjectActuals(ctx, tx, r.ID); err != nil {
		return nil, err
	}
	if a.Indicators, err = readIndicatorActuals(ctx, tx, r.ID); err != nil {
		return nil, err
	}
	if a.Reviews, err = readEvalReviews(ctx, tx, r.ID); err != nil {
		return nil, err
	}
	if a.Corrections, err = readCorrections(ctx, tx, r.ID); err != nil {
		return nil, err
	}
	if a.PrintedForms, err = readPrintedForms(ctx, tx, r.ID); err != nil {
		return nil, err
	}
	return a, nil
}

func readProjectActuals(ctx context.Context, tx *sql.Tx, round int64) ([]jixiao.ProjectActual, error) {
	rows, err := tx.QueryContext(ctx, `SELECT project_seq, has_executed, executed, has_forecast, forecast, note,
		has_budget, budget, carried_budget, other_budget, has_split, carried_executed, other_executed
		FROM eval_project_actuals WHERE round_id = $1 ORDER BY project_seq`, round)
	if err != nil {
		return nil, fmt.Errorf("read project actuals: %w", err)
	}
	defer rows.Close()
	var out []jixiao.ProjectActual
	for rows.Next() {
		var p jixiao.ProjectActual
		var hasExec, hasFc, hasBudget, hasSplit int
		if err := rows.Scan(&p.ProjectSeq, &hasExec, &p.Executed, &hasFc, &p.Forecast, &p.Note, &hasBudget, &p.Budget,
			&p.CarriedBudget, &p.OtherBudget, &hasSplit, &p.CarriedExecuted, &p.OtherExecuted); err != nil {
			return nil, fmt.Errorf("read project actual: %w", err)
		}
		p.HasExecuted, p.HasForecast, p.HasBudget, p.HasSplit = hasExec != 0, hasFc != 0, hasBudget != 0, hasSplit != 0
		out = append(out, p)
	}
	return out, rows.Err()
}

func readIndicatorActuals(ctx context.Context, tx *sql.Tx, round int64) ([]jixiao.IndicatorActual, error) {
	rows, err := tx.QueryContext(ctx, `SELECT project_seq, seq, actual_text, value, grade, target_text, score,
		weight, forecast, reasons, note, likelihood
		FROM eval_indicator_actuals WHERE round_id = $1 ORDER BY project_seq, seq`, round)
	if err != nil {
		return nil, fmt.Errorf("read indicator actuals: %w", err)
	}
	defer rows.Close()
	var out []jixiao.IndicatorActual
	for rows.Next() {
		var a jixiao.IndicatorActual
		var target, reasons string
		if err := rows.Scan(&a.ProjectSeq, &a.Seq, &a.Text, &a.Value, &a.Grade, &target, &a.Score,
			&a.Weight, &a.Forecast, &reasons, &a.Note, &a.Likelihood); err != nil {
			return nil, fmt.Errorf("read indicator actual: %w", err)
		}
		if strings.TrimSpace(target) != "" {
			a.Target = jixiao.ParseTarget(target)
		}
		if a.Reasons, err = jixiao.ParseDeviationReasons(reasons); err != nil {
			return nil, fmt.Errorf("indicator %d.%d: %w", a.ProjectSeq, a.Seq, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DeleteRound implements jixiao.EvalStore; the actuals go with the round.
func (s *Store) DeleteRound(ctx context.Context, documentID int64, round string) error {
	res, err := s.DB.ExecContext(ctx, `DELETE FROM eval_rounds WHERE document_id = $1 AND name = $2`, documentID, round)
	if err != nil {
		return fmt.Errorf("delete round: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("document %d round %q: %w", documentID, round, jixiao.ErrNotFound)
	}
	return nil
}

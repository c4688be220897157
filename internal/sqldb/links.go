package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"

	"jixiao"
)

var _ jixiao.LinkStore = (*Store)(nil)

// Links returns the store of the links between projects of different
// years (jixiao.LinkStore).
func (s *Store) Links() jixiao.LinkStore { return s }

// linkSelect reads a link with the seqs, years and names of its two
// projects (l the link, p and q the earlier and the later project, d and e
// their documents).
const linkSelect = `SELECT l.id, l.prev_document_id, l.prev_project_id, q.seq, d.year, l.document_id, l.project_id,
	p.seq, e.year, l.basis, l.certain, l.similarity, l.state, l.updated_by, l.updated_at, q.name, p.name, p.unit
	FROM project_links l
	JOIN projects q ON q.id = l.prev_project_id JOIN documents d ON d.id = l.prev_document_id
	JOIN projects p ON p.id = l.project_id JOIN documents e ON e.id = l.document_id `

func scanLink(sc interface{ Scan(...any) error }) (jixiao.StoredLink, error) {
	var l jixiao.StoredLink
	var certain, similarity int
	var state string
	var at Time
	err := sc.Scan(&l.ID, &l.PrevDocumentID, &l.PrevProjectID, &l.PrevSeq, &l.PrevYear, &l.DocumentID, &l.ProjectID,
		&l.Seq, &l.Year, &l.Basis, &certain, &similarity, &state, &l.UpdatedBy, &at, &l.PrevName, &l.Name, &l.Unit)
	l.Certain, l.Similarity, l.State, l.UpdatedAt = certain != 0, float64(similarity)/1000, jixiao.LinkState(state), at.T
	return l, err
}

// SaveLinks stores a later document's proposed links and logs e, in one
// transaction: certain links 已确认, the others 待确认; a link whose
// project is already linked (or whose earlier project is already continued
// in the document) is skipped.
func (s *Store) SaveLinks(ctx context.Context, documentID int64, links []jixiao.StoredLink, e jixiao.AuditEntry) ([]jixiao.StoredLink, error) {
	var out []jixiao.StoredLink
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if out, err = s.insertLinks(ctx, tx, documentID, links, actorOrSystem(e).Username); err != nil || len(out) == 0 {
			return err
		}
		pending := 0
		for _, l := range out {
			if !l.Certain {
				pending++
			}
		}
		e = actorOrSystem(e)
		e.Action, e.DocumentID = jixiao.ActionLinkProjects, documentID
		e.Comment = fmt.Sprintf("关联上年项目 %d 个，其中待审核人确认 %d 个", len(out), pending)
		return s.appendAudit(ctx, tx, e)
	})
	if err != nil {
		return nil, fmt.Errorf("save links of document %d: %w", documentID, err)
	}
	return out, nil
}

// insertLinks inserts links of document documentID in tx, as decided by
// by, skipping those whose project or earlier project is linked already,
// and returns those inserted with their ids.
func (s *Store) insertLinks(ctx context.Context, tx *sql.Tx, documentID int64, links []jixiao.StoredLink, by string) ([]jixiao.StoredLink, error) {
	var out []jixiao.StoredLink
	now := s.now()
	for _, l := range links {
		l.DocumentID, l.State, l.UpdatedBy, l.UpdatedAt = documentID, jixiao.LinkPending, by, now
		if l.Certain {
			l.State = jixiao.LinkConfirmed
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO project_links (prev_document_id, prev_project_id, document_id,
			project_id, basis, certain, similarity, state, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id`,
			l.PrevDocumentID, l.PrevProjectID, documentID, l.ProjectID, l.Basis, boolInt(l.Certain),
			int(math.Round(l.Similarity*1000)), string(l.State), by, TimeText(now)).Scan(&l.ID)
		if errors.Is(err, sql.ErrNoRows) {
			continue // linked already
		}
		if err != nil {
			return nil, fmt.Errorf("link project %d to %d: %w", l.ProjectID, l.PrevProjectID, err)
		}
		out = append(out, l)
	}
	return out, nil
}

// draftLinks are the links of a draft made from src to the projects it
// copies: certain, since each is the same project carried into the next
// year; none when the draft is not for a later year.
func draftLinks(src, draft *jixiao.Document) []jixiao.StoredLink {
	if src.Year == 0 || draft.Year <= src.Year {
		return nil
	}
	out := make([]jixiao.StoredLink, len(draft.Projects))
	for i := range draft.Projects {
		out[i] = jixiao.StoredLink{ProjectLink: jixiao.ProjectLink{PrevDocumentID: src.ID, PrevSeq: src.Projects[i].Seq,
			PrevYear: src.Year, Seq: draft.Projects[i].Seq, Year: draft.Year, Certain: true, Similarity: 1,
			Basis: fmt.Sprintf("由%d年表格新建的草稿", src.Year)}, PrevProjectID: src.Projects[i].ID, ProjectID: draft.Projects[i].ID}
	}
	return out
}

// Link returns one link.
func (s *Store) Link(ctx context.Context, id int64) (jixiao.StoredLink, error) {
	return s.link(ctx, s.DB, id)
}

func (s *Store) link(ctx context.Context, q querier, id int64) (jixiao.StoredLink, error) {
	l, err := scanLink(q.QueryRowContext(ctx, linkSelect+`WHERE l.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return l, fmt.Errorf("link %d: %w", id, jixiao.ErrNotFound)
	}
	return l, err
}

// ProjectLinks lists the links of project id to earlier years and from
// later ones, earlier year first.
func (s *Store) ProjectLinks(ctx context.Context, projectID int64) ([]jixiao.StoredLink, error) {
	return s.links(ctx, `WHERE l.project_id = $1 OR l.prev_project_id = $1 ORDER BY d.year, l.id`, projectID)
}

// DocumentLinks lists the links of a document's projects to earlier years,
// in project order.
func (s *Store) DocumentLinks(ctx context.Context, documentID int64) ([]jixiao.StoredLink, error) {
	return s.links(ctx, `WHERE l.document_id = $1 ORDER BY p.seq`, documentID)
}

func (s *Store) links(ctx context.Context, where string, args ...any) ([]jixiao.StoredLink, error) {
	rows, err := s.DB.QueryContext(ctx, linkSelect+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read links: %w", err)
	}
	defer rows.Close()
	out := []jixiao.StoredLink{}
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, fmt.Errorf("read links: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// DecideLink moves a 待确认 link to to and logs e (naming the two projects)
// in the same transaction.
func (s *Store) DecideLink(ctx context.Context, id int64, to jixiao.LinkState, e jixiao.AuditEntry) (jixiao.StoredLink, error) {
	if to != jixiao.LinkConfirmed && to != jixiao.LinkRejected {
		return jixiao.StoredLink{}, fmt.Errorf("%w: 关联只能确认或否决", jixiao.ErrInvalid)
	}
	var l jixiao.StoredLink
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE project_links SET state = $1, updated_by = $2, updated_at = $3
			WHERE id = $4 AND state = $5`, string(to), e.Username, TimeText(now), id, string(jixiao.LinkPending))
		if err != nil {
			return err
		}
		if l, err = s.link(ctx, tx, id); err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return &jixiao.TransitionError{From: jixiao.State(l.State), Action: jixiao.ActionDecideLink,
				Msg: fmt.Sprintf("该关联已是“%s”，不能再次确认或否决", l.State)}
		}
		e.Action, e.DocumentID, e.ProjectID, e.ProjectSeq = jixiao.ActionDecideLink, l.DocumentID, l.ProjectID, l.Seq
		e.FromState, e.ToState = jixiao.State(jixiao.LinkPending), jixiao.State(to)
		e.Comment = fmt.Sprintf("%s：%d年“%s”与%d年“%s”为同一项目的关联%s", to, l.PrevYear, l.PrevName, l.Year, l.Name, e.Comment)
		return s.appendAudit(ctx, tx, e)
	})
	if err != nil {
		return l, fmt.Errorf("decide link %d: %w", id, err)
	}
	return l, nil
}

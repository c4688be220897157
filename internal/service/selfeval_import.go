package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/eval"
	"jixiao/internal/importer"
	"jixiao/internal/ingest"
)

// SelfEvalImport is what importing a published 自评表 stored: the
// document and round, each project it was matched to with jixiao's score
// beside the printed one, and everything that was not carried over.
type SelfEvalImport struct {
	DocumentID int64              `json:"document_id"`
	Title      string             `json:"title"`
	Round      string             `json:"round"`
	SourceName string             `json:"source_name"`
	Projects   []ImportedSelfEval `json:"projects"`
}

// ImportedSelfEval is one form of the file and the project it became.
type ImportedSelfEval struct {
	ProjectSeq int                `json:"project_seq"`
	Project    string             `json:"project"`
	Unit       string             `json:"unit"`
	Score      *eval.ProjectScore `json:"score"`
	Comparison eval.Comparison    `json:"comparison"`
}

// Complete reports whether everything in the file was carried over: no
// finding of the forms' own arithmetic, no unread cell, no unmatched row.
func (im *SelfEvalImport) Complete() bool {
	return len(im.Findings()) == 0
}

// Findings are the forms' own (parse.*, selfeval.*) and the import's
// (import.*), in file order.
func (im *SelfEvalImport) Findings() []jixiao.Finding {
	var out []jixiao.Finding
	for _, p := range im.Projects {
		out = append(out, p.Comparison.Findings...)
	}
	return out
}

// ImportSelfEvaluation reads the published 自评表 in file (text, .docx,
// .xlsx or PDF, at most importer.MaxBytes) and records each form as the
// year-end self-evaluation of the stored project it is of: the same name,
// unit and year (eval.MatchProject) among the published documents by may
// see, only document (when not 0) if given. Every form of the file must
// find its project, all in one document, or nothing is stored: no match
// is ErrNotFound naming what was looked for, several ErrConflict naming
// them. by must be someone who may record that project's
// self-evaluation, and its report must still be 填报中. The project's
// actuals are replaced by the form's (an indicator the form lacks is
// emptied), the form kept beside them; the audit entry names by.
func (m *Monitoring) ImportSelfEvaluation(ctx context.Context, by *jixiao.User, file Upload, document int64) (*SelfEvalImport, error) {
	if by == nil {
		return nil, jixiao.Errorf(jixiao.ErrUnauthenticated, "请先登录后再导入自评表")
	}
	if len(file.Data) > importer.MaxBytes {
		return nil, importer.TooLarge(file.Name, int64(len(file.Data)))
	}
	var im *SelfEvalImport
	err := importer.Pool.Do(ctx, func() error {
		var err error
		im, err = m.importSelfEvaluation(ctx, by, file, document)
		return err
	})
	return im, err
}

func (m *Monitoring) importSelfEvaluation(ctx context.Context, by *jixiao.User, file Upload, document int64) (*SelfEvalImport, error) {
	forms, err := ingest.ParseSelfEvaluation(file.Name, file.Data)
	if err != nil {
		return nil, err
	}
	matches, err := m.matchForms(ctx, by, file.Name, forms, document)
	if err != nil {
		return nil, err
	}
	doc, err := m.changeable(ctx, by, matches[0].Doc.ID, jixiao.ActionRecordActuals)
	if err != nil {
		return nil, err
	}
	held, err := m.stored(ctx, doc, jixiao.SelfEvalRoundName)
	if err != nil {
		return nil, err
	}
	a, err := m.readForms(by, doc, held, forms, matches, file)
	if err != nil {
		return nil, err
	}
	if err := m.ev.SaveActuals(ctx, a, importEntry(by, file.Name, doc, a)); err != nil {
		return nil, err
	}
	saved, err := m.ev.Actuals(ctx, doc.ID, jixiao.SelfEvalRoundName)
	if err != nil {
		return nil, err
	}
	return m.imported(doc, saved, a, file.Name), nil
}

// matchForms finds each form's project among the published documents of
// its year that by may see.
func (m *Monitoring) matchForms(ctx context.Context, by *jixiao.User, name string, forms []*jixiao.SelfEvaluationForm, document int64) ([]eval.Candidate, error) {
	docs, err := m.candidateDocuments(ctx, by, forms, document)
	if err != nil {
		return nil, err
	}
	var out []eval.Candidate
	seen := map[int]bool{}
	for _, f := range forms {
		found := eval.MatchProject(f, docs)
		switch {
		case f.Year == 0:
			return nil, &jixiao.InputError{File: name, Line: f.TitleLine,
				Msg: fmt.Sprintf("自评表“%s”的标题没有写明年度，无法对应到目标表；请在标题中注明年度，如“（2024年度）”", f.Project)}
		case len(found) == 0:
			return nil, jixiao.Errorf(jixiao.ErrNotFound, "没有找到与自评表对应的项目：查找的是%s，在已公开的%d年度目标表中没有同名、同单位的项目；请先导入该项目的绩效目标表，或核对名称和单位",
				eval.LookedFor(f), f.Year)
		case len(found) > 1:
			return nil, jixiao.Errorf(jixiao.ErrConflict, "自评表%s对应到多个项目：%s；请指定文件编号后重试", eval.LookedFor(f), candidatesText(found))
		case out != nil && found[0].Doc.ID != out[0].Doc.ID:
			return nil, jixiao.Errorf(jixiao.ErrInvalid, "文件中的自评表分属不同的目标表（文件 %d 和 %d），请分成几个文件分别导入",
				out[0].Doc.ID, found[0].Doc.ID)
		case seen[found[0].Project.Seq]:
			return nil, jixiao.Errorf(jixiao.ErrInvalid, "文件中有两张“%s”的自评表，请只保留一张", found[0].Project.Name)
		}
		seen[found[0].Project.Seq] = true
		out = append(out, found[0])
	}
	return out, nil
}

// projectBySeq is the project of doc with that seq, nil for none.
func projectBySeq(doc *jixiao.Document, seq int) *jixiao.Project {
	for i := range doc.Projects {
		if doc.Projects[i].Seq == seq {
			return &doc.Projects[i]
		}
	}
	return nil
}

func candidatesText(cs []eval.Candidate) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("文件 %d“%s”的项目 %d“%s”（%s）", c.Doc.ID, c.Doc.Title, c.Project.Seq, c.Project.Name, c.Project.Unit)
	}
	return strings.Join(parts, "；")
}

// candidateDocuments reads the documents by may see whose year is one of
// the forms' (only document when given).
func (m *Monitoring) candidateDocuments(ctx context.Context, by *jixiao.User, forms []*jixiao.SelfEvaluationForm, document int64) ([]*jixiao.Document, error) {
	v, err := m.t.View(ctx, by)
	if err != nil {
		return nil, err
	}
	if document != 0 {
		doc, err := v.Document(ctx, document)
		if err != nil {
			return nil, err
		}
		return []*jixiao.Document{doc}, nil
	}
	years := map[int]bool{}
	for _, f := range forms {
		years[f.Year] = true
	}
	sums, err := v.Documents(ctx)
	if err != nil {
		return nil, err
	}
	var out []*jixiao.Document
	for _, s := range sums {
		if !years[s.Year] || v.IsDraft(s.ID) {
			continue
		}
		doc, err := v.Document(ctx, s.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, doc)
	}
	return out, nil
}

// readForms turns the forms into the round's actuals, checking that by
// may record each project and that its report is still 填报中.
func (m *Monitoring) readForms(by *jixiao.User, doc *jixiao.Document, held *jixiao.Actuals, forms []*jixiao.SelfEvaluationForm,
	matches []eval.Candidate, file Upload) (*jixiao.Actuals, error) {
	sum := sha256.Sum256(file.Data)
	a := &jixiao.Actuals{Round: held.Round}
	for i, f := range forms {
		p := projectBySeq(doc, matches[i].Project.Seq)
		if err := jixiao.Permit(by, jixiao.ActionRecordActuals, jixiao.ProjectResource(doc.Agency, p, true), ""); err != nil {
			return nil, jixiao.Errorf(jixiao.ErrForbidden, "%s（%s）无权导入项目 %d“%s”的自评表：该项目属于%s", by.Username, by.Role.Label(), p.Seq, p.Name, p.Unit)
		}
		if st := held.Review(p.Seq).State; st != jixiao.EvalFiling {
			return nil, jixiao.Errorf(jixiao.ErrConflict, "项目 %d“%s”的自评当前为“%s”，不能再导入；需要修改请由审核人退回", p.Seq, p.Name, st)
		}
		one, err := eval.ReadForm(f, doc, p, held.Round, m.cfg)
		if err != nil {
			return nil, err
		}
		one.PrintedForms[0].SourceName, one.PrintedForms[0].SHA256 = file.Name, hex.EncodeToString(sum[:])
		one.PrintedForms[0].ImportedBy, one.PrintedForms[0].ImportedAt = by.Username, time.Now().UTC().Truncate(time.Second)
		a.Projects = append(a.Projects, one.Projects...)
		a.Indicators = append(a.Indicators, withEmptied(p, one.Indicators)...)
		a.PrintedForms = append(a.PrintedForms, one.PrintedForms...)
	}
	return a, nil
}

// withEmptied adds an empty row for each indicator of p the form did not
// fill, so that the import replaces the project's whole self-evaluation.
func withEmptied(p *jixiao.Project, is []jixiao.IndicatorActual) []jixiao.IndicatorActual {
	filled := map[int]bool{}
	for _, ia := range is {
		filled[ia.Seq] = true
	}
	for _, ind := range p.Indicators {
		if !filled[ind.Seq] {
			is = append(is, jixiao.IndicatorActual{ProjectSeq: p.Seq, Seq: ind.Seq})
		}
	}
	return is
}

// importEntry is the audit entry of an import: the file, the projects,
// and how much was left out.
func importEntry(by *jixiao.User, name string, doc *jixiao.Document, a *jixiao.Actuals) jixiao.AuditEntry {
	e := jixiao.Actor(by)
	e.Action = jixiao.ActionRecordActuals
	var names []string
	left := 0
	for _, pr := range a.PrintedForms {
		names = append(names, fmt.Sprintf("项目 %d“%s”", pr.ProjectSeq, projectBySeq(doc, pr.ProjectSeq).Name))
		left += len(pr.Findings)
	}
	if len(a.PrintedForms) == 1 {
		e.ProjectSeq = a.PrintedForms[0].ProjectSeq
	}
	e.Comment = fmt.Sprintf("导入自评表“%s”为“%s”：%s；%d 处未能记录", name, a.Round.Name, strings.Join(names, "、"), left)
	return e
}

// imported is the answer: each imported project's score and comparison.
func (m *Monitoring) imported(doc *jixiao.Document, saved, a *jixiao.Actuals, name string) *SelfEvalImport {
	im := &SelfEvalImport{DocumentID: doc.ID, Title: doc.Title, Round: saved.Round.Name, SourceName: name}
	for _, pr := range a.PrintedForms {
		p := projectBySeq(doc, pr.ProjectSeq)
		stored, _ := saved.Printed(p.Seq)
		ps, _ := eval.ScoreProject(m.cfg, p, saved)
		im.Projects = append(im.Projects, ImportedSelfEval{ProjectSeq: p.Seq, Project: p.Name, Unit: p.Unit, Score: ps,
			Comparison: eval.ComparePrinted(ps, p, stored)})
	}
	return im
}

// Comparison is the printed 自评表 imported for project seq of document
// id set beside jixiao's score, as by may see the self-evaluation;
// ErrNotFound when none was imported.
func (m *Monitoring) Comparison(ctx context.Context, by *jixiao.User, id int64, seq int) (eval.Comparison, error) {
	doc, a, err := m.Round(ctx, by, id, jixiao.SelfEvalRoundName)
	if err != nil {
		return eval.Comparison{}, err
	}
	p := projectBySeq(doc, seq)
	pr, ok := a.Printed(seq)
	if p == nil || !ok {
		return eval.Comparison{}, jixiao.Errorf(jixiao.ErrNotFound, "文件 %d 的项目 %d 没有导入的自评表", id, seq)
	}
	ps, _ := eval.ScoreProject(m.cfg, p, a)
	return eval.ComparePrinted(ps, p, pr), nil
}

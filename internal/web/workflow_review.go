package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/service"
)

// The 审核 of 财预〔2015〕88号 第三章 in the pages: a reviewer at their stage
// opens the project's 审核 form (the four criteria with their marks
// pre-filled from the rules' findings and an opinion each, the result
// 优/良/中/差, the overall opinion, the fixes agreed for a 良); the POST is
// service.Targets.ReviewProject. The page also lists the reviews so far
// (finance sees the department's), and links the printable 审核意见表.

func reviewURL(project int64) string      { return editURL(project) + "/review" }
func reviewSheetURL(project int64) string { return editURL(project) + "/review/sheet" }

// reviewRow is one criterion of the form.
type reviewRow struct {
	Index     int
	Criterion jixiao.Criterion
	Mark      jixiao.Mark
	Opinion   string
}

// Question is what 88号 asks under the criterion.
func (r reviewRow) Question() string { return r.Criterion.Question() }

// resultChoice is a result radio with its consequence.
type resultChoice struct {
	Result      jixiao.Result
	Consequence string
}

type reviewPage struct {
	Layout
	Viewer  viewer
	Doc     *jixiao.Document
	Sheet   *service.ReviewSheet
	Rows    []reviewRow
	Result  jixiao.Result
	Opinion string
	Fixes   string
	Error   string
	// SeenVersion is the version a re-shown form was filled in for.
	SeenVersion int64
}

// Marks and Results are the radio choices.
func (p *reviewPage) Marks() []jixiao.Mark { return jixiao.Marks }
func (p *reviewPage) Results() []resultChoice {
	var out []resultChoice
	for _, r := range jixiao.Results {
		out = append(out, resultChoice{r, r.Consequence()})
	}
	return out
}

// SheetURL is the printable 审核意见表.
func (p *reviewPage) SheetURL() string { return reviewSheetURL(p.Sheet.Status.ProjectID) }

// loadReview reads the sheet and the document of the path's project.
func (s *site) loadReview(r *http.Request, v viewer, id int64) (*reviewPage, error) {
	sheet, err := s.svc.Targets.Reviews(r.Context(), v.User, id)
	if err != nil {
		return nil, err
	}
	rd, err := s.svc.Targets.View(r.Context(), v.User)
	if err != nil {
		return nil, err
	}
	doc, err := rd.Document(r.Context(), sheet.Status.DocumentID)
	if err != nil {
		return nil, err
	}
	p := &reviewPage{Layout: Layout{Title: "审核：" + sheet.Project.Name, Nav: "workflow",
		Crumbs: wfCrumbs(Crumb{doc.Title, workbenchURL(doc.ID)})}, Viewer: v, Doc: doc, Sheet: sheet}
	for i, c := range jixiao.Criteria {
		row := reviewRow{Index: i, Criterion: c}
		if sheet.Prefill != nil {
			for _, cr := range sheet.Prefill.Criteria {
				if cr.Criterion == c {
					row.Mark, row.Opinion = cr.Mark, cr.Opinion
				}
			}
		}
		p.Rows = append(p.Rows, row)
	}
	return p, nil
}

func (s *site) reviewForm(rw http.ResponseWriter, r *http.Request) error {
	v, id, err := s.viewerOf(r)
	if err != nil {
		return err
	}
	p, err := s.loadReview(r, v, id)
	if err != nil {
		return err
	}
	return s.render(rw, r, http.StatusOK, "workflow_review", "", p)
}

// reviewOf reads the posted review.
func reviewOf(r *http.Request) jixiao.Review {
	seen, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	rv := jixiao.Review{Result: jixiao.Result(r.PostFormValue("result")), Opinion: r.PostFormValue("opinion"),
		Fixes: r.PostFormValue("fixes"), SeenVersion: seen}
	for i, c := range jixiao.Criteria {
		k := strconv.Itoa(i)
		rv.Criteria = append(rv.Criteria, jixiao.CriterionReview{Criterion: c,
			Mark: jixiao.Mark(r.PostFormValue("mark_" + k)), Opinion: r.PostFormValue("opinion_" + k)})
	}
	return rv
}

// keep puts the posted review rv back into the form.
func (p *reviewPage) keep(rv jixiao.Review) {
	for i := range p.Rows {
		p.Rows[i].Mark, p.Rows[i].Opinion = rv.Criteria[i].Mark, rv.Criteria[i].Opinion
	}
	p.Result, p.Opinion, p.Fixes, p.SeenVersion = rv.Result, rv.Opinion, rv.Fixes, rv.SeenVersion
}

// review takes the posted 审核 (the service decides, as for the API); an
// incomplete one comes back with the reviewer's words kept and what is
// missing.
func (s *site) review(rw http.ResponseWriter, r *http.Request) error {
	v, id, ok, err := s.changerOf(rw, r)
	if err != nil || !ok {
		return err
	}
	rv := reviewOf(r)
	sr, ps, err := s.svc.Targets.ReviewProject(r.Context(), v.User, id, rv)
	if errors.Is(err, jixiao.ErrInvalid) {
		p, lerr := s.loadReview(r, v, id)
		if lerr != nil {
			return lerr
		}
		p.keep(rv)
		p.Error = jixiao.ErrorMessage(err)
		return s.render(rw, r, http.StatusUnprocessableEntity, "workflow_review", "", p)
	}
	if err != nil {
		return err
	}
	rd, err := s.svc.Targets.View(r.Context(), v.User)
	if err != nil {
		return err
	}
	proj, err := rd.Project(r.Context(), id)
	if err != nil {
		return err
	}
	http.Redirect(rw, r, flashURL(workbenchURL(ps.DocumentID), "reviewed", "n", proj.Seq, "act", sr.Action())+
		"#p"+itoa(id), http.StatusSeeOther)
	return nil
}

// reviewNote is a review the filer has to act on, as the workbench row and
// the edit form show it.
type reviewNote struct {
	Tier     string
	Result   jixiao.Result
	Opinions string
	Fixes    string
	Reviewer string
	At       time.Time
}

// noteOf is the note of r for a project now in state s, or nil when
// nothing is pending (jixiao.StoredReview.Pending).
func noteOf(r *jixiao.StoredReview, s jixiao.State) *reviewNote {
	if !r.Pending(s) {
		return nil
	}
	var parts []string
	if o := strings.TrimSpace(r.Opinion); o != "" {
		parts = append(parts, o)
	}
	for _, c := range r.Criteria {
		if c.Mark != jixiao.MarkMeets {
			parts = append(parts, string(c.Criterion)+string(c.Mark)+"："+c.Opinion)
		}
	}
	return &reviewNote{Tier: r.Tier.Label(), Result: r.Result, Opinions: strings.Join(parts, "；"), Fixes: r.Fixes,
		Reviewer: r.Reviewer, At: r.At}
}

// reviewSheetPage is the printable 审核意见表 of a project: its latest
// review at each tier (the department's, then finance's).
type reviewSheetPage struct {
	Layout
	Doc     *jixiao.Document
	Project *jixiao.Project
	Reviews []jixiao.StoredReview
	Back    string
}

func (s *site) reviewSheet(rw http.ResponseWriter, r *http.Request) error {
	v, id, err := s.viewerOf(r)
	if err != nil {
		return err
	}
	p, err := s.loadReview(r, v, id)
	if err != nil {
		return err
	}
	page := reviewSheetPage{Layout: Layout{Title: "审核意见表：" + p.Sheet.Project.Name}, Doc: p.Doc,
		Project: p.Sheet.Project, Reviews: latestPerTier(p.Sheet.Reviews), Back: reviewURL(id)}
	return s.render(rw, r, http.StatusOK, "workflow_review_sheet", "sheet", page)
}

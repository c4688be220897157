package service

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/eval"
)

// 结果应用 and the 整改台账 (issue 17 item 3): a reviewer opens an item from
// a review opinion, a red monitoring light, a 中/差 self-evaluation or an
// audit finding; the responsible unit's filer reports measures and
// evidence and marks it done; the reviewer who opened it verifies it or
// sends it back. Who may take which step is the model's
// (jixiao.RectifyStep); each command here checks it, then writes through
// the store with its history event and audit entry in one transaction.

// Rectify is the 整改台账's commands and reads.
type Rectify struct {
	t  *Targets
	m  *Monitoring
	rs jixiao.RectificationStore
	// Now is the clock that says what is overdue; nil is time.Now.
	Now func() time.Time
}

func newRectify(st Store, t *Targets, m *Monitoring) *Rectify {
	r := &Rectify{t: t, m: m}
	if rp, ok := st.(jixiao.RectificationProvider); ok {
		r.rs = rp.Rectify()
	}
	return r
}

func (r *Rectify) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// store is the ledger, or an error for a store that keeps none.
func (r *Rectify) store() (jixiao.RectificationStore, error) {
	if r.rs == nil {
		return nil, jixiao.Errorf(jixiao.ErrInvalid, "当前数据库不支持整改台账")
	}
	return r.rs, nil
}

// OpenRequest is a new item as a door received it. For a review,
// ProjectID and ReviewID name the opinion; for monitoring and
// self-evaluation, ProjectID and (monitoring) Round; for an audit
// finding, Department and Unit, and ProjectID when it is about one.
type OpenRequest struct {
	Source      jixiao.RectifySource
	ReviewID    int64
	ProjectID   int64
	Round       string
	Department  string
	Unit        string
	Problem     string
	Requirement string
	Deadline    string
}

// Open opens an item as by. The source must be one that calls for it: a
// 中 or 差 review or a 良 with agreed fixes, a red light in the round, a 中
// or 差 self-evaluation grade; else ErrConflict. A user who may not open
// items about the unit gets ErrForbidden, a bad field a *jixiao.FieldError.
func (r *Rectify) Open(ctx context.Context, by *jixiao.User, req OpenRequest) (*jixiao.Rectification, error) {
	rs, err := r.store()
	if err != nil {
		return nil, err
	}
	item, err := r.fromSource(ctx, by, req)
	if err != nil {
		return nil, err
	}
	item.Problem = cmp.Or(strings.TrimSpace(req.Problem), item.Problem)
	item.Requirement, item.Deadline = strings.TrimSpace(req.Requirement), strings.TrimSpace(req.Deadline)
	if err := jixiao.MayOpenRectification(by, item.Resource()); err != nil {
		return nil, err
	}
	if err := r.checkNew(item); err != nil {
		return nil, err
	}
	item.OpenedByID, item.OpenedBy = by.ID, by.Username
	e := jixiao.Actor(by)
	e.Action = jixiao.ActionOpenRectification
	e.Comment = fmt.Sprintf("%s（%s）：%s；责任单位 %s，期限 %s", item.Source.Label(), item.SourceRef, item.Problem, item.Unit, item.DeadlineText())
	if err := rs.CreateRectification(ctx, item, e); err != nil {
		return nil, err
	}
	return item, nil
}

// checkNew validates a new item and refuses a deadline already past.
func (r *Rectify) checkNew(item *jixiao.Rectification) error {
	if err := item.Validate(); err != nil {
		return err
	}
	d, _ := jixiao.ParseDeadline(item.Deadline)
	if d.Format(time.DateOnly) < r.now().In(jixiao.Beijing).Format(time.DateOnly) {
		return &jixiao.FieldError{Field: "deadline", Msg: "整改期限不能早于今天"}
	}
	return nil
}

// fromSource fills a new item from where it came from, checking that the
// source calls for rectification.
func (r *Rectify) fromSource(ctx context.Context, by *jixiao.User, req OpenRequest) (*jixiao.Rectification, error) {
	switch req.Source {
	case jixiao.SourceReview:
		return r.fromReview(ctx, by, req.ProjectID, req.ReviewID)
	case jixiao.SourceMonitoring:
		return r.fromLight(ctx, by, req.ProjectID, req.Round)
	case jixiao.SourceSelfEval:
		return r.fromSelfEval(ctx, by, req.ProjectID)
	case jixiao.SourceAudit:
		return r.fromAudit(ctx, by, req)
	}
	return nil, &jixiao.FieldError{Field: "source", Msg: fmt.Sprintf("未知的问题来源 %q（可选 review、monitoring、self_eval、audit）", req.Source)}
}

// projectItem starts an item about project id as by may see it.
func (r *Rectify) projectItem(ctx context.Context, by *jixiao.User, id int64, src jixiao.RectifySource) (*jixiao.Rectification, *jixiao.Document, *jixiao.Project, error) {
	if id == 0 {
		return nil, nil, nil, &jixiao.FieldError{Field: "project_id", Msg: "请指明所涉的项目"}
	}
	v, err := r.t.View(ctx, by)
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := v.Project(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	doc, err := v.Document(ctx, p.DocumentID)
	if err != nil {
		return nil, nil, nil, err
	}
	item := &jixiao.Rectification{Source: src, DocumentID: doc.ID, ProjectID: p.ID, Project: p.Name,
		Year: doc.Year, Department: doc.Agency, Unit: p.Unit}
	return item, doc, p, nil
}

// fromReview starts an item from review id of project projectID: a 中
// or 差, or a 良 whose fixes were agreed.
func (r *Rectify) fromReview(ctx context.Context, by *jixiao.User, projectID, id int64) (*jixiao.Rectification, error) {
	item, _, _, err := r.projectItem(ctx, by, projectID, jixiao.SourceReview)
	if err != nil {
		return nil, err
	}
	rv, err := r.review(ctx, projectID, id)
	if err != nil {
		return nil, err
	}
	switch {
	case rv.Result == jixiao.ResultFair || rv.Result == jixiao.ResultPoor:
		item.Problem = rv.Opinion
	case rv.Result == jixiao.ResultGood && strings.TrimSpace(rv.Fixes) != "":
		item.Problem = rv.Fixes
	default:
		return nil, jixiao.Errorf(jixiao.ErrConflict, "审核结果为“%s”且无修改意见，无需整改", rv.Result)
	}
	item.ReviewID = rv.ID
	item.SourceRef = fmt.Sprintf("%s %s审核结果“%s”", jixiao.BeijingDate(rv.At), rv.Tier.Label(), rv.Result)
	return item, nil
}

// review finds review id among project projectID's.
func (r *Rectify) review(ctx context.Context, projectID, id int64) (*jixiao.StoredReview, error) {
	if id == 0 {
		return nil, &jixiao.FieldError{Field: "review_id", Msg: "请指明所依据的审核意见"}
	}
	list, err := r.t.wf.ProjectReviews(ctx, projectID)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].ID == id {
			return &list[i], nil
		}
	}
	return nil, notFound(fmt.Sprintf("该项目编号为 %d 的审核意见", id))
}

// fromLight starts an item from a red light of the project in round.
func (r *Rectify) fromLight(ctx context.Context, by *jixiao.User, id int64, round string) (*jixiao.Rectification, error) {
	item, doc, p, err := r.projectItem(ctx, by, id, jixiao.SourceMonitoring)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(round) == "" {
		return nil, &jixiao.FieldError{Field: "round", Msg: "请指明监控轮次"}
	}
	a, err := r.m.stored(ctx, doc, strings.TrimSpace(round))
	if err != nil {
		return nil, notFoundOr(err, fmt.Sprintf("监控轮次“%s”", round))
	}
	for _, pl := range eval.Lights(r.m.cfg, doc, a) {
		if pl.ProjectSeq == p.Seq && pl.Overall.Color == eval.Red {
			item.Problem = pl.Overall.Reason
			item.SourceRef = fmt.Sprintf("监控轮次“%s”红灯", a.Round.Name)
			return item, nil
		}
	}
	return nil, jixiao.Errorf(jixiao.ErrConflict, "项目“%s”在“%s”中不是红灯，无需发起整改", p.Name, a.Round.Name)
}

// fromSelfEval starts an item from a final self-evaluation graded 中 or 差.
func (r *Rectify) fromSelfEval(ctx context.Context, by *jixiao.User, id int64) (*jixiao.Rectification, error) {
	item, doc, p, err := r.projectItem(ctx, by, id, jixiao.SourceSelfEval)
	if err != nil {
		return nil, err
	}
	a, err := r.m.stored(ctx, doc, jixiao.SelfEvalRoundName)
	if err != nil {
		return nil, err
	}
	ps, _ := eval.ScoreProject(r.m.cfg, p, a)
	if !slices.Contains(poorGrades(r.m.cfg), ps.Grade) {
		return nil, jixiao.Errorf(jixiao.ErrConflict, "项目“%s”的自评等级为“%s”，不是中或差，无需发起整改", p.Name, cmp.Or(ps.Grade, "未评定"))
	}
	item.SourceRef = fmt.Sprintf("%d年度自评 %s 分，等级“%s”", doc.Year, ps.TotalText(), ps.Grade)
	item.Problem = fmt.Sprintf("绩效自评等级为“%s”（%s 分）", ps.Grade, ps.TotalText())
	return item, nil
}

// poorGrades are the self-evaluation grades that call for rectification:
// the lowest two (中 and 差 by default).
func poorGrades(cfg eval.Config) []string {
	names := []string{cfg.LowestGrade}
	if n := len(cfg.Grades); n > 0 {
		names = append(names, cfg.Grades[n-1].Name)
	}
	return names
}

// fromAudit starts an item from an audit finding typed in: about a
// project when one is named, else about the department and unit given.
func (r *Rectify) fromAudit(ctx context.Context, by *jixiao.User, req OpenRequest) (*jixiao.Rectification, error) {
	if req.ProjectID != 0 {
		item, _, _, err := r.projectItem(ctx, by, req.ProjectID, jixiao.SourceAudit)
		if err == nil {
			item.SourceRef = "审计发现"
		}
		return item, err
	}
	dept := strings.TrimSpace(req.Department)
	if by != nil && by.Role == jixiao.RoleDeptReviewer && dept == "" {
		dept = by.Department
	}
	return &jixiao.Rectification{Source: jixiao.SourceAudit, SourceRef: "审计发现", Department: dept,
		Unit: strings.TrimSpace(req.Unit)}, nil
}

// RectifyDetail is an item with its history and the steps by may take.
type RectifyDetail struct {
	Item    *jixiao.Rectification `json:"item"`
	Overdue bool                  `json:"overdue"`
	History []jixiao.RectifyEvent `json:"history"`
	Steps   []jixiao.Action       `json:"steps"`
}

// Get reads item id as by; an item by may not see is not found.
func (r *Rectify) Get(ctx context.Context, by *jixiao.User, id int64) (*RectifyDetail, error) {
	item, err := r.item(ctx, by, id)
	if err != nil {
		return nil, err
	}
	h, err := r.rs.RectifyHistory(ctx, id)
	if err != nil {
		return nil, err
	}
	return &RectifyDetail{Item: item, Overdue: item.Overdue(r.now()), History: h,
		Steps: jixiao.AvailableRectifySteps(by, item)}, nil
}

// item reads item id if by may see it.
func (r *Rectify) item(ctx context.Context, by *jixiao.User, id int64) (*jixiao.Rectification, error) {
	rs, err := r.store()
	if err != nil {
		return nil, err
	}
	item, err := rs.Rectification(ctx, id)
	what := fmt.Sprintf("编号为 %d 的整改事项", id)
	if err != nil {
		return nil, notFoundOr(err, what)
	}
	if !jixiao.SeesRectification(by, item) {
		return nil, notFound(what)
	}
	return item, nil
}

// RectifyInput is a step as a door received it: Measures and Result are
// the unit's (report, mark done), Opinion the reviewer's verdict (verify)
// or reason (return, required).
type RectifyInput struct {
	Action   jixiao.Action
	Measures string
	Result   string
	Opinion  string
}

// RectifyStepWords are the doors' words for the steps after opening.
var RectifyStepWords = map[string]jixiao.Action{"report": jixiao.ActionReportRectification,
	"done": jixiao.ActionMarkRectified, "verify": jixiao.ActionVerifyRectification,
	"return": jixiao.ActionReturnRectification}

// RectifyStepAction reads a door's word (report, done, verify, return).
func RectifyStepAction(word string) (jixiao.Action, error) {
	if a, ok := RectifyStepWords[strings.TrimSpace(word)]; ok {
		return a, nil
	}
	return "", &jixiao.FieldError{Field: "action", Msg: fmt.Sprintf("未知操作 %q（可选 report、done、verify、return）", word)}
}

// Step takes step in on item id as by and returns the item as stored. A
// step out of role is ErrForbidden, one the state does not allow
// ErrConflict, a missing text a *jixiao.FieldError.
func (r *Rectify) Step(ctx context.Context, by *jixiao.User, id int64, in RectifyInput) (*jixiao.Rectification, error) {
	item, err := r.item(ctx, by, id)
	if err != nil {
		return nil, err
	}
	if in.Action == jixiao.ActionAttachEvidence {
		return nil, jixiao.Errorf(jixiao.ErrInvalid, "上传佐证材料请使用上传功能")
	}
	to, err := jixiao.RectifyStep(by, item, in.Action)
	if err != nil {
		return nil, err
	}
	from := item.State
	comment, err := applyStep(item, in)
	if err != nil {
		return nil, err
	}
	item.State, item.UpdatedBy = to, by.Username
	e := jixiao.Actor(by)
	e.Action, e.Comment = in.Action, comment
	if err := r.rs.UpdateRectification(ctx, item, from, e); err != nil {
		return nil, err
	}
	return item, nil
}

// applyStep writes what step in says onto item and returns the history
// comment.
func applyStep(item *jixiao.Rectification, in RectifyInput) (string, error) {
	measures, result, opinion := strings.TrimSpace(in.Measures), strings.TrimSpace(in.Result), strings.TrimSpace(in.Opinion)
	for f, s := range map[string]string{"measures": measures, "result": result, "opinion": opinion} {
		if err := jixiao.CheckText(f, s, jixiao.MaxRectifyText); err != nil {
			return "", err
		}
	}
	switch in.Action {
	case jixiao.ActionReportRectification, jixiao.ActionMarkRectified:
		item.Measures, item.Result = cmp.Or(measures, item.Measures), cmp.Or(result, item.Result)
		if in.Action == jixiao.ActionMarkRectified {
			return "整改措施：" + item.Measures + prefixed("；整改结果：", item.Result), item.CheckMarkRectified()
		}
		if measures == "" && result == "" {
			return "", &jixiao.FieldError{Field: "measures", Msg: "请填写整改措施或整改进展"}
		}
		return "整改措施：" + item.Measures + prefixed("；整改进展：", item.Result), nil
	case jixiao.ActionVerifyRectification:
		item.Verdict = cmp.Or(opinion, "经核实，整改到位")
		return "核实意见：" + item.Verdict, nil
	}
	if opinion == "" {
		return "", &jixiao.FieldError{Field: "opinion", Msg: "退回整改须写明原因"}
	}
	item.Verdict = "退回：" + opinion
	return "退回原因：" + opinion, nil
}

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

// AttachEvidence stores a file as evidence of item id, uploaded by by (the
// unit's filer). Its type is sniffed from the bytes; an empty, oversized
// or one-too-many file is a *jixiao.FieldError.
func (r *Rectify) AttachEvidence(ctx context.Context, by *jixiao.User, id int64, name string, data []byte) (*jixiao.Evidence, error) {
	item, err := r.item(ctx, by, id)
	if err != nil {
		return nil, err
	}
	to, err := jixiao.RectifyStep(by, item, jixiao.ActionAttachEvidence)
	if err != nil {
		return nil, err
	}
	clean, err := item.CheckEvidence(name, int64(len(data)))
	if err != nil {
		return nil, err
	}
	f := &jixiao.Evidence{Name: clean, ContentType: SniffEvidence(data), Data: data, UploadedBy: by.Username}
	e := jixiao.Actor(by)
	e.Action, e.Comment = jixiao.ActionAttachEvidence, fmt.Sprintf("上传佐证材料《%s》（%d 字节）", clean, len(data))
	if err := r.rs.AddEvidence(ctx, id, f, item.State, to, e); err != nil {
		return nil, err
	}
	return f, nil
}

// SniffEvidence is the content type evidence is stored and served as:
// what the bytes are (http.DetectContentType), kept only for the kinds an
// officer attaches (PDF, images, office files as zip, plain text), else
// application/octet-stream, so that nothing uploaded is ever served as a
// page or a script.
func SniffEvidence(data []byte) string {
	t := http.DetectContentType(data)
	base, _, _ := strings.Cut(t, ";")
	switch base {
	case "application/pdf", "image/png", "image/jpeg", "image/gif", "application/zip":
		return base
	case "text/plain":
		return t
	}
	return "application/octet-stream"
}

// SendEvidence writes f as the HTTP doors send evidence back: a download
// (jixiao.Evidence.Disposition) under its sniffed type, never re-sniffed
// by the browser and sandboxed should it be opened anyway.
func SendEvidence(w http.ResponseWriter, f *jixiao.Evidence) {
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", f.Disposition())
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox")
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	w.Write(f.Data)
}

// Evidence reads one evidence file of item id with its bytes, for by.
func (r *Rectify) Evidence(ctx context.Context, by *jixiao.User, id, fileID int64) (*jixiao.Evidence, error) {
	if _, err := r.item(ctx, by, id); err != nil {
		return nil, err
	}
	f, err := r.rs.EvidenceFile(ctx, id, fileID)
	return f, notFoundOr(err, fmt.Sprintf("编号为 %d 的佐证材料", fileID))
}

// RectifyRow is an item of the ledger's list.
type RectifyRow struct {
	jixiao.Rectification
	Overdue bool `json:"overdue"`
}

// List lists the items by may see that f keeps (its Now set here),
// newest first.
func (r *Rectify) List(ctx context.Context, by *jixiao.User, f jixiao.RectifyFilter) ([]RectifyRow, error) {
	rs, err := r.store()
	if err != nil {
		return nil, err
	}
	if by == nil {
		return nil, jixiao.Errorf(jixiao.ErrUnauthenticated, "请先登录后再查看整改台账")
	}
	all, err := rs.Rectifications(ctx)
	if err != nil {
		return nil, err
	}
	f.Now = r.now()
	out := []RectifyRow{}
	for i := range all {
		it := &all[i]
		if jixiao.SeesRectification(by, it) && f.Keeps(it) {
			out = append(out, RectifyRow{Rectification: *it, Overdue: it.Overdue(f.Now)})
		}
	}
	return out, nil
}

// ProjectItems lists the items about project id that by may see.
func (r *Rectify) ProjectItems(ctx context.Context, by *jixiao.User, id int64) ([]RectifyRow, error) {
	if by == nil || r.rs == nil {
		return nil, nil
	}
	return r.List(ctx, by, jixiao.RectifyFilter{ProjectID: id})
}

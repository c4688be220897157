package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/service"
)

// 结果应用 and the 整改台账 in the pages (issue 17 item 3): a reviewer opens
// an item from a review (the button beside a 中/差 review, or a 良 with
// fixes) or types in an audit finding; the item page shows the problem,
// the measures, the evidence (uploads and downloads), the history and one
// form per step the viewer may take; the ledger lists items with filters;
// the dashboard sums a department up. Who may do what is
// internal/service's (service.Rectify).

func rectifyURL(id int64) string { return "/rectify/" + strconv.FormatInt(id, 10) }

func rectifyCrumbs() []Crumb { return []Crumb{{"总览", "/"}, {"整改台账", "/rectify"}} }

// rectifyNewPage is the form that opens an item.
type rectifyNewPage struct {
	Layout
	Viewer  viewer
	Req     service.OpenRequest
	Sources []jixiao.RectifySource
	Error   string
}

// rectifyNew shows the form, pre-filled from the query (source,
// project_id, review_id, round, department, unit).
func (s *site) rectifyNew(w http.ResponseWriter, r *http.Request) error {
	v, err := s.viewer(r)
	if err != nil {
		return err
	}
	if v.User == nil {
		return jixiao.Errorf(jixiao.ErrUnauthenticated, "请先登录")
	}
	return s.render(w, r, http.StatusOK, "rectify_new", "", s.newRectifyPage(v, openRequestOf(r.URL.Query())))
}

func (s *site) newRectifyPage(v viewer, req service.OpenRequest) *rectifyNewPage {
	if req.Source == "" {
		req.Source = jixiao.SourceAudit
	}
	return &rectifyNewPage{Layout: Layout{Title: "发起整改", Nav: "rectify", Crumbs: rectifyCrumbs()},
		Viewer: v, Req: req, Sources: jixiao.RectifySources}
}

// openRequestOf reads an item to open from a query or a posted form.
func openRequestOf(q url.Values) service.OpenRequest {
	num := func(k string) int64 { n, _ := strconv.ParseInt(strings.TrimSpace(q.Get(k)), 10, 64); return n }
	return service.OpenRequest{Source: jixiao.RectifySource(q.Get("source")), ReviewID: num("review_id"),
		ProjectID: num("project_id"), Round: q.Get("round"), Department: q.Get("department"), Unit: q.Get("unit"),
		Problem: q.Get("problem"), Requirement: q.Get("requirement"), Deadline: q.Get("deadline")}
}

// rectifyOpen opens the posted item and goes to its page; a bad field
// shows the form again with the message and what was typed (422).
func (s *site) rectifyOpen(w http.ResponseWriter, r *http.Request) error {
	v, ok, err := s.changer(w, r)
	if err != nil || !ok {
		return err
	}
	req := openRequestOf(r.PostForm)
	item, err := s.svc.Rectify.Open(r.Context(), v.User, req)
	var fe *jixiao.FieldError
	if errors.As(err, &fe) {
		p := s.newRectifyPage(v, req)
		p.Error = fe.Msg
		return s.render(w, r, http.StatusUnprocessableEntity, "rectify_new", "", p)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, rectifyURL(item.ID)+"?opened=1", http.StatusSeeOther)
	return nil
}

// rectifyItemPage is an item's page.
type rectifyItemPage struct {
	Layout
	Viewer viewer
	*service.RectifyDetail
	Steps  map[string]bool // the step words the viewer may take now
	Error  string
	Notice string
}

func (s *site) rectifyItem(w http.ResponseWriter, r *http.Request) error {
	v, id, err := s.viewerOf(r)
	if err != nil {
		return err
	}
	p, err := s.itemPage(r, v, id)
	if err != nil {
		return err
	}
	p.Notice = rectifyNotice(r.URL.Query())
	return s.render(w, r, http.StatusOK, "rectify_item", "", p)
}

func (s *site) itemPage(r *http.Request, v viewer, id int64) (*rectifyItemPage, error) {
	if v.User == nil {
		return nil, jixiao.Errorf(jixiao.ErrUnauthenticated, "请先登录")
	}
	d, err := s.svc.Rectify.Get(r.Context(), v.User, id)
	if err != nil {
		return nil, err
	}
	p := &rectifyItemPage{Layout: Layout{Title: fmt.Sprintf("整改事项 %d", id), Nav: "rectify", Crumbs: rectifyCrumbs()},
		Viewer: v, RectifyDetail: d, Steps: map[string]bool{}}
	for _, a := range d.Steps {
		p.Steps[stepWordOf(a)] = true
	}
	return p, nil
}

// stepWordOf is the form word of step a ("evidence" for an upload).
func stepWordOf(a jixiao.Action) string {
	for w, act := range service.RectifyStepWords {
		if act == a {
			return w
		}
	}
	return "evidence"
}

// rectifyNotice says what the step just taken did.
func rectifyNotice(q url.Values) string {
	switch {
	case q.Get("opened") != "":
		return "已发起整改，等待责任单位整改。"
	case q.Get("uploaded") != "":
		return "佐证材料已上传。"
	case q.Get("step") != "":
		if a, err := service.RectifyStepAction(q.Get("step")); err == nil {
			return "已" + a.Label() + "。"
		}
	}
	return ""
}

// rectifyStep takes one step of the item and comes back to its page; a
// missing text shows the page again with the message (422).
func (s *site) rectifyStep(w http.ResponseWriter, r *http.Request) error {
	v, id, ok, err := s.changerOf(w, r)
	if err != nil || !ok {
		return err
	}
	word := r.PostFormValue("step")
	act, err := service.RectifyStepAction(word)
	if err == nil {
		_, err = s.svc.Rectify.Step(r.Context(), v.User, id, service.RectifyInput{Action: act,
			Measures: r.PostFormValue("measures"), Result: r.PostFormValue("result"), Opinion: r.PostFormValue("opinion")})
	}
	if err := s.itemRefused(w, r, v, id, err); err != errShown {
		return err
	}
	http.Redirect(w, r, rectifyURL(id)+"?step="+url.QueryEscape(word), http.StatusSeeOther)
	return nil
}

// errShown is itemRefused's nil: no error, the caller goes on.
var errShown = errors.New("not refused")

// itemRefused shows the item page again with a refused field's message
// (422) and returns nil, returns any other error, or errShown when err is
// nil.
func (s *site) itemRefused(w http.ResponseWriter, r *http.Request, v viewer, id int64, err error) error {
	var fe *jixiao.FieldError
	if err == nil {
		return errShown
	}
	if !errors.As(err, &fe) {
		return err
	}
	p, perr := s.itemPage(r, v, id)
	if perr != nil {
		return perr
	}
	p.Error = fe.Msg
	return s.render(w, r, http.StatusUnprocessableEntity, "rectify_item", "", p)
}

// rectifyUpload attaches the posted file as evidence. The body is bounded
// before the CSRF check reads the form, so an oversized upload costs no
// more than the cap.
func (s *site) rectifyUpload(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, jixiao.MaxEvidenceBytes+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return &jixiao.FieldError{Field: "file", Msg: fmt.Sprintf("无法读取上传的文件（每个最大 %d MiB）", jixiao.MaxEvidenceBytes>>20)}
	}
	v, id, ok, err := s.changerOf(w, r)
	if err != nil || !ok {
		return err
	}
	name, data, err := uploadedEvidence(r)
	if err == nil {
		_, err = s.svc.Rectify.AttachEvidence(r.Context(), v.User, id, name, data)
	}
	if err := s.itemRefused(w, r, v, id, err); err != errShown {
		return err
	}
	http.Redirect(w, r, rectifyURL(id)+"?uploaded=1#evidence", http.StatusSeeOther)
	return nil
}

// uploadedEvidence reads the form's file.
func uploadedEvidence(r *http.Request) (string, []byte, error) {
	f, h, err := r.FormFile("file")
	if err != nil {
		return "", nil, &jixiao.FieldError{Field: "file", Msg: "请选择要上传的佐证材料"}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, jixiao.MaxEvidenceBytes+1))
	if err != nil {
		return "", nil, fmt.Errorf("read evidence: %w", err)
	}
	return h.Filename, data, nil
}

// rectifyEvidence sends one evidence file back as a download: always an
// attachment, under its sniffed type, never rendered by the browser.
func (s *site) rectifyEvidence(w http.ResponseWriter, r *http.Request) error {
	v, id, err := s.viewerOf(r)
	if err != nil {
		return err
	}
	file, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil {
		return fmt.Errorf("file %q: %w", r.PathValue("file"), jixiao.ErrNotFound)
	}
	if v.User == nil {
		return jixiao.Errorf(jixiao.ErrUnauthenticated, "请先登录")
	}
	f, err := s.svc.Rectify.Evidence(r.Context(), v.User, id, file)
	if err != nil {
		return err
	}
	service.SendEvidence(w, f)
	return nil
}

// rectifyListPage is the 整改台账.
type rectifyListPage struct {
	Layout
	Viewer  viewer
	Items   []service.RectifyRow
	Filter  jixiao.RectifyFilter
	States  []jixiao.State
	Units   []string
	CanOpen bool
}

func (s *site) rectifyList(w http.ResponseWriter, r *http.Request) error {
	v, err := s.viewer(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := jixiao.RectifyFilter{State: jixiao.State(q.Get("state")), Unit: q.Get("unit"),
		Department: q.Get("department"), Overdue: q.Get("overdue") != ""}
	items, err := s.svc.Rectify.List(r.Context(), v.User, f)
	if err != nil {
		return err
	}
	all, err := s.svc.Rectify.List(r.Context(), v.User, jixiao.RectifyFilter{})
	if err != nil {
		return err
	}
	p := rectifyListPage{Layout: Layout{Title: "整改台账", Nav: "rectify", Crumbs: []Crumb{{"总览", "/"}}},
		Viewer: v, Items: items, Filter: f, States: jixiao.RectifyStates,
		CanOpen: v.User.Role == jixiao.RoleDeptReviewer || v.User.Role == jixiao.RoleFinanceReviewer}
	for _, it := range all {
		if !slices.Contains(p.Units, it.Unit) {
			p.Units = append(p.Units, it.Unit)
		}
	}
	return s.render(w, r, http.StatusOK, "rectify_list", "", p)
}

// rectifyDashboardPage is a department's 结果应用 summary.
type rectifyDashboardPage struct {
	Layout
	*service.Dashboard
	Results []jixiao.Result
	Grades  []string
	Lights  []string
}

func (s *site) rectifyDashboard(w http.ResponseWriter, r *http.Request) error {
	v, err := s.viewer(r)
	if err != nil {
		return err
	}
	d, err := s.svc.Rectify.Dashboard(r.Context(), v.User, r.URL.Query().Get("department"))
	if err != nil {
		return err
	}
	cfg := s.svc.Monitoring.Config()
	p := rectifyDashboardPage{Layout: Layout{Title: "结果应用：" + d.Department, Nav: "rectify", Crumbs: rectifyCrumbs()},
		Dashboard: d, Results: jixiao.Results, Lights: []string{"红灯", "黄灯", "绿灯", "未填报"}}
	for _, g := range cfg.Grades {
		p.Grades = append(p.Grades, g.Name)
	}
	p.Grades = append(p.Grades, cfg.LowestGrade)
	return s.render(w, r, http.StatusOK, "rectify_dashboard", "", p)
}

// CanRectify says whether the review page's viewer may open an item from
// a review (the button beside a 中/差 review, or a 良 with fixes).
func (p *reviewPage) CanRectify() bool {
	u := p.Viewer.User
	return u != nil && (u.Role == jixiao.RoleDeptReviewer || u.Role == jixiao.RoleFinanceReviewer)
}

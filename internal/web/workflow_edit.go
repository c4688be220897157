package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/service"
	"jixiao/internal/workflow"
)

// The edit page of a draft project: name, the four amounts, goal and the
// indicators (category from the taxonomy, name, targets as comparator +
// number + unit or as text), with the review rules run as the user types
// (htmx posts the form to /check, which answers the findings, each placed
// next to its indicator) and the indicator library (指标库) to pick from.

// targetField is a target as the form shows it: quantitative targets as
// comparator, number and unit; qualitative ones as text.
type targetField struct{ Text, Op, Value, Unit string }

func fieldOf(t jixiao.Target) targetField {
	if t.Quantitative() {
		return targetField{Op: string(t.Op), Value: t.Value, Unit: t.Unit}
	}
	return targetField{Text: t.Text}
}

// target reads the field: the number wins when given, else the text.
func (f targetField) target() jixiao.Target {
	if strings.TrimSpace(f.Value) != "" {
		return workflow.Target("", jixiao.Comparator(f.Op), f.Value, f.Unit)
	}
	return workflow.Target(f.Text, "", "", "")
}

// editRow is one indicator row of the form.
type editRow struct {
	Index    int
	Level2   string // "code|name" of the level-2 category
	Level1   string // "code|name" of the level-1 category, for one outside the taxonomy
	Custom   bool   // Level2 is not one of the picker's options: offer it as written
	Name     string
	Period   targetField
	Annual   targetField
	Findings []jixiao.Finding
	// OutOfBand marks the row's findings for htmx to swap in place, in the
	// live check's answer.
	OutOfBand bool
}

// category is an option of the level-2 picker, grouped by level 1.
type categoryGroup struct {
	Label   string
	Options []categoryOption
}

type categoryOption struct{ Value, Label string }

var categoryGroups = func() []categoryGroup {
	var out []categoryGroup
	for _, l1 := range jixiao.Scheme2015.Level1 {
		g := categoryGroup{Label: l1.Code + "-" + l1.Name}
		for _, l2 := range jixiao.Scheme2015.Level2Of(l1.Code) {
			g.Options = append(g.Options, categoryOption{l2.Code + "|" + l2.Name, l2.Code + "-" + l2.Name})
		}
		out = append(out, g)
	}
	return out
}()

// sameCategory reports whether two "code|name" values are one category:
// the same code and the same name once width, spaces and a trailing 指标
// are set aside, so that a table's "22|社会效益" is the picker's
// "22|社会效益指标" and not an odd option beside it.
func sameCategory(a, b string) bool {
	ac, an := splitPair(a)
	bc, bn := splitPair(b)
	return ac == bc && jixiao.NameKey(an) == jixiao.NameKey(bn)
}

// isOption reports whether a "code|name" value is one of the picker's.
func isOption(v string) bool {
	for _, g := range categoryGroups {
		for _, o := range g.Options {
			if sameCategory(o.Value, v) {
				return true
			}
		}
	}
	return false
}

// Picks reports whether the picker's option value is the row's category.
// The option then carries the row's own value, so that saving the form
// untouched keeps the name as the table wrote it.
func (r editRow) Picks(option string) bool { return sameCategory(option, r.Level2) }

// CustomLabel is a category outside the picker as a person reads it,
// "22-满意度（表中原样）", not its form value "22|满意度".
func (r editRow) CustomLabel() string {
	code, name := splitPair(r.Level2)
	if code == "" {
		return name + "（表中原样）"
	}
	return code + "-" + name + "（表中原样）"
}

// amountField is one of the four money inputs.
type amountField struct{ Name, Label, Value string }

type editPage struct {
	Layout
	Viewer      viewer
	Doc         *jixiao.Document
	Status      jixiao.ProjectStatus
	ProjectID   int64
	Seq         int
	Version     int64
	Name, Goal  string
	Raw         string // the source row whose amounts the reader could not read
	Amounts     []amountField
	Rows        []editRow
	Findings    []jixiao.Finding // about the whole project
	All         []jixiao.Finding
	ReadOnly    string
	Categories  []categoryGroup
	Message     string
	Error       string
	Conflict    []jixiao.Change
	ConflictBy  string
	LibraryFrom string // level-2 code the library opened on
	CanAdjust   bool   // a published project the viewer may file a 目标调整 for
	CanReview   bool   // the viewer may give the 88号 审核 now
	CanRemove   bool   // the viewer may remove the project (a draft, or 不予安排)
	CanSubmit   bool   // the viewer may submit the draft for review now
	Reviews     int    // the reviews stored, 0 when the viewer may not read them
	Review      *reviewNote
	// Fragment is set for the live check's answer: the findings card, the
	// form's error and each row's findings, without the page.
	Fragment bool
}

// RowFindings counts the findings shown next to their indicator.
func (p *editPage) RowFindings() int { return len(p.All) - len(p.Findings) }

// AdjustTargets lists what a 目标调整 may change.
func (p *editPage) AdjustTargets() []adjustTarget { return adjustTargets(p) }

// Disabled reports whether the form is read-only.
func (p *editPage) Disabled() bool { return p.ReadOnly != "" }

// loadEdit reads what the edit page needs and checks that v may read it.
func (s *site) loadEdit(r *http.Request, v viewer) (*editPage, *jixiao.Project, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	ps, err := s.svc.Targets.ProjectStatus(r.Context(), v.User, id)
	if err != nil {
		return nil, nil, err
	}
	rd, err := s.svc.Targets.View(r.Context(), v.User)
	if err != nil {
		return nil, nil, err
	}
	doc, err := rd.Document(r.Context(), ps.DocumentID)
	if err != nil {
		return nil, nil, err
	}
	p, err := rd.Project(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	page := &editPage{Layout: Layout{Title: p.Name, Nav: "workflow",
		Crumbs: wfCrumbs(Crumb{doc.Title, workbenchURL(doc.ID)})},
		Viewer: v, Doc: doc, Status: ps, ProjectID: id, Seq: p.Seq, Version: ps.Version, Raw: p.Raw,
		ReadOnly: jixiao.ReadOnlyReason(v.User, ps.Resource(), ps.State, ps.DocState), Categories: categoryGroups,
		CanAdjust: ps.DocState == jixiao.DocPublished && jixiao.Authorize(v.User, jixiao.ActionAdjust, ps.Resource()) == jixiao.Allow,
		CanReview: service.CanReview(v.User, ps)}
	page.CanSubmit = ps.State == jixiao.StateDraft && ps.DocState == jixiao.DocDraft &&
		jixiao.Authorize(v.User, jixiao.ActionSubmit, ps.Resource()) == jixiao.Allow
	page.CanRemove = page.ReadOnly == "" || ps.State == jixiao.StateRejected && ps.DocState == jixiao.DocDraft &&
		jixiao.Authorize(v.User, jixiao.ActionEdit, ps.Resource()) == jixiao.Allow
	if ps.DocState != jixiao.DocPublished {
		sheet, err := s.svc.Targets.Reviews(r.Context(), v.User, id)
		switch {
		case err == nil:
			page.Reviews, page.Review = len(sheet.Reviews), noteOf(sheet.Latest(), ps.State)
		case !errors.Is(err, jixiao.ErrNotFound): // not open to the viewer: no note
			return nil, nil, err
		}
	}
	return page, p, nil
}

// amountLabels are the four money columns' labels, in table order.
var amountLabels = [4]string{"总计", "财政拨款", "财政专户拨款", "其他资金"}

// fill puts project p and its findings into the form.
func (page *editPage) fill(p *jixiao.Project, findings []jixiao.Finding) {
	u := page.Doc.MoneyUnit
	page.Name, page.Goal = p.Name, p.Goal
	a := p.Amounts
	page.Amounts = page.Amounts[:0]
	for i, c := range jixiao.AmountColumns {
		v := a.Get(c).Format(u)
		switch {
		case a.Unread.Has(c):
			v = jixiao.UnreadAmount // never a 0.00 the filer could save unseen
		case a.Blank.Has(c):
			v = "" // left blank in the table: stays blank unless the filer fills it
		}
		page.Amounts = append(page.Amounts, amountField{c.Name(), amountLabels[i], v})
	}
	page.Rows = page.Rows[:0]
	for i, in := range p.Indicators {
		row := editRow{Index: i, Level2: in.Level2Code + "|" + in.Level2, Name: in.Name,
			Period: fieldOf(in.Period), Annual: fieldOf(in.Annual)}
		if _, ok := jixiao.Scheme2015.Level2ByCode(in.Level2Code); !ok {
			row.Level1 = in.Level1Code + "|" + in.Level1
		}
		row.Custom = !isOption(row.Level2)
		page.Rows = append(page.Rows, row)
	}
	page.placeFindings(findings)
}

// placeFindings puts each finding about the project next to its indicator,
// the rest above the table.
func (page *editPage) placeFindings(fs []jixiao.Finding) {
	page.Findings, page.All = nil, workflow.About(fs, page.Seq)
	for _, f := range page.All {
		if f.IndicatorSeq >= 1 && f.IndicatorSeq <= len(page.Rows) {
			page.Rows[f.IndicatorSeq-1].Findings = append(page.Rows[f.IndicatorSeq-1].Findings, f)
		} else {
			page.Findings = append(page.Findings, f)
		}
	}
}

func (s *site) editForm(rw http.ResponseWriter, r *http.Request) error {
	v, err := s.viewer(r)
	if err != nil {
		return err
	}
	page, p, err := s.loadEdit(r, v)
	if err != nil {
		return err
	}
	page.fill(p, page.Doc.Findings)
	page.Message = flashMessage(r.URL.Query())
	return s.render(rw, r, http.StatusOK, "workflow_edit", "", page)
}

// submitRefused answers a submission the rules refused (an error finding,
// or a project no longer a draft) with the project's edit form, the reason
// on top and the findings in place, instead of a bare error page: the filer
// fixes them there, saves and submits again. It reports false, and writes
// nothing, for any other error.
func (s *site) submitRefused(w http.ResponseWriter, r *http.Request, err error) bool {
	var te *jixiao.TransitionError
	if !errors.As(err, &te) || te.Action != jixiao.ActionSubmit || !strings.HasPrefix(r.URL.Path, "/workflow/projects/") {
		return false
	}
	v, verr := s.viewer(r)
	if verr != nil {
		return false
	}
	page, p, lerr := s.loadEdit(r, v)
	if lerr != nil {
		return false
	}
	page.fill(p, page.Doc.Findings)
	page.Error = te.Error() + "。请按下面的审核发现修改并保存，然后再提交。"
	return s.render(w, r, http.StatusConflict, "workflow_edit", "", page) == nil
}

// splitPair reads a "code|name" select value.
func splitPair(v string) (string, string) {
	code, name, _ := strings.Cut(v, "|")
	return strings.TrimSpace(code), strings.TrimSpace(name)
}

// fromForm reads the posted form into a project and the form's rows.
func (page *editPage) fromForm(r *http.Request) (*jixiao.Project, error) {
	u := page.Doc.MoneyUnit
	p := &jixiao.Project{ID: page.ProjectID, Unit: page.Status.Unit, Name: strings.TrimSpace(r.PostFormValue("name")),
		Goal: strings.TrimSpace(r.PostFormValue("goal")), Indicators: []jixiao.Indicator{}}
	page.Name, page.Goal, page.Amounts = p.Name, p.Goal, nil
	var problems []string
	for i, dst := range []*jixiao.Money{&p.Amounts.Total, &p.Amounts.Fiscal, &p.Amounts.SpecialAccount, &p.Amounts.Other} {
		name, label := jixiao.AmountColumns[i].Name(), amountLabels[i]
		raw := r.PostFormValue(name)
		page.Amounts = append(page.Amounts, amountField{name, label, raw})
		if strings.TrimSpace(raw) == jixiao.UnreadAmount {
			problems = append(problems, fmt.Sprintf("%s在原表中未能读出，请按原表填写金额", label))
			continue
		}
		if jixiao.IsBlankCell(raw) {
			p.Amounts.Blank |= jixiao.AmountColumns[i] // an empty field is a blank cell, 0 to the sums
		}
		m, err := jixiao.ParseMoney(raw, u)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s“%s”不是金额（%s，最多 %d 位小数）", label, raw, moneyUnitLabel(u), u.Decimals()))
		}
		*dst = m
	}
	n, _ := strconv.Atoi(r.PostFormValue("rows"))
	page.Rows = page.Rows[:0]
	for i := 0; i < n && i < 500; i++ {
		k := strconv.Itoa(i)
		if r.PostFormValue("remove_"+k) != "" {
			continue
		}
		row := editRow{Index: len(page.Rows), Level2: r.PostFormValue("level2_" + k), Level1: r.PostFormValue("level1_" + k),
			Name:   strings.TrimSpace(r.PostFormValue("name_" + k)),
			Period: targetField{r.PostFormValue("period_text_" + k), r.PostFormValue("period_op_" + k), r.PostFormValue("period_value_" + k), r.PostFormValue("period_unit_" + k)},
			Annual: targetField{r.PostFormValue("annual_text_" + k), r.PostFormValue("annual_op_" + k), r.PostFormValue("annual_value_" + k), r.PostFormValue("annual_unit_" + k)}}
		row.Custom = !isOption(row.Level2)
		page.Rows = append(page.Rows, row)
		in := jixiao.Indicator{Seq: len(page.Rows), Name: row.Name, Period: row.Period.target(), Annual: row.Annual.target()}
		in.Level2Code, in.Level2 = splitPair(row.Level2)
		in.Level1Code, in.Level1 = splitPair(row.Level1)
		workflow.FillCategoryNames(&in)
		p.Indicators = append(p.Indicators, in)
	}
	if p.Name == "" {
		problems = append(problems, "项目名称不能为空")
	}
	if err := p.Validate(); err != nil && len(problems) == 0 {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		return p, invalid("%s", strings.Join(problems, "；"))
	}
	return p, nil
}

// save handles the form's buttons: 添加指标 and a library pick re-render
// the form with a new row; 保存 saves it (a stale version re-renders the
// form with the other change shown).
func (s *site) save(rw http.ResponseWriter, r *http.Request) error {
	v, ok, err := s.changer(rw, r)
	if err != nil || !ok {
		return err
	}
	page, _, err := s.loadEdit(r, v)
	if err != nil {
		return err
	}
	if _, err := s.svc.Targets.Editable(r.Context(), v.User, page.ProjectID); err != nil {
		return err
	}
	p, formErr := page.fromForm(r)
	page.Version, _ = strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	op := r.PostFormValue("op")
	if op == "add" || strings.HasPrefix(op, "lib:") {
		page.Rows = append(page.Rows, libraryRow(len(page.Rows), op))
		page.placeFindings(nil)
		return s.render(rw, r, http.StatusOK, "workflow_edit", "", page)
	}
	if formErr != nil {
		page.Error = formErr.Error()
		return s.render(rw, r, http.StatusUnprocessableEntity, "workflow_edit", "", page)
	}
	st, err := s.svc.Targets.Save(r.Context(), v.User, page.ProjectID, p, page.Version)
	var ce *jixiao.ConflictError
	switch {
	case errors.As(err, &ce):
		page.Error, page.ConflictBy = conflictText(ce, v)
		if ce.Current != nil {
			page.Conflict = jixiao.DiffProjects(ce.Current, p, page.Doc.MoneyUnit)
		}
		page.Version = ce.Version
		findings, err := s.svc.Targets.Check(r.Context(), v.User, page.ProjectID, p)
		if err != nil {
			return err
		}
		page.placeFindings(findings)
		return s.render(rw, r, http.StatusConflict, "workflow_edit", "", page)
	case err != nil:
		return err
	}
	http.Redirect(rw, r, flashURL(editURL(p.ID), "saved", "n", st.Version), http.StatusSeeOther)
	return nil
}

// conflictText is the refused save's message and who saved first, as the
// viewer reads them: the viewer's own save in another tab or window is
// said to be theirs, not "他人".
func conflictText(ce *jixiao.ConflictError, v viewer) (msg, by string) {
	if v.User == nil || ce.By == "" || ce.By != v.User.Username {
		return ce.Error(), ce.By
	}
	return fmt.Sprintf("您已在另一窗口或标签页保存了第 %d 版（这里编辑的是第 %d 版）；请查看不同之处后重新保存",
		ce.Version, ce.Expected), "您（在另一窗口）"
}

// libraryRow is a new row: empty for 添加指标, or a suggestion of the
// library ("lib:" + the suggestion as a query string).
func libraryRow(i int, op string) editRow {
	row := editRow{Index: i, Level2: "11|数量指标"}
	q, err := url.ParseQuery(strings.TrimPrefix(op, "lib:"))
	if op == "add" || err != nil {
		return row
	}
	row.Level2 = q.Get("level2_code") + "|" + q.Get("level2")
	if _, ok := jixiao.Scheme2015.Level2ByCode(q.Get("level2_code")); !ok {
		row.Level1 = q.Get("level1_code") + "|" + q.Get("level1")
	}
	row.Custom = !isOption(row.Level2)
	row.Name = q.Get("name")
	row.Period, row.Annual = fieldOf(jixiao.ParseTarget(q.Get("period"))), fieldOf(jixiao.ParseTarget(q.Get("annual")))
	return row
}

// liveCheck answers the htmx post of the form while the user types: the
// findings the rules give for the form as it stands, nothing saved.
func (s *site) liveCheck(rw http.ResponseWriter, r *http.Request) error {
	v, err := s.viewer(r)
	if err != nil {
		return err
	}
	page, _, err := s.loadEdit(r, v)
	if err != nil {
		return err
	}
	p, formErr := page.fromForm(r)
	if formErr != nil {
		page.Error = formErr.Error()
	}
	findings, err := s.svc.Targets.Check(r.Context(), v.User, page.ProjectID, p)
	if err != nil {
		return err
	}
	page.placeFindings(findings)
	page.Fragment = true
	for i := range page.Rows {
		page.Rows[i].OutOfBand = true
	}
	return s.render(rw, r, http.StatusOK, "workflow_edit", "wf-findings", page)
}

// libraryPage is the htmx fragment of the indicator library.
type libraryPage struct {
	Level2      string
	Q           string
	Suggestions []librarySuggestion
	Categories  []categoryGroup
}

type librarySuggestion struct {
	workflow.Suggestion
	Op string // the button value that adds it to the form
}

func (s *site) library(rw http.ResponseWriter, r *http.Request) error {
	code, _ := splitPair(r.URL.Query().Get("library_level2"))
	if code == "" {
		code = r.URL.Query().Get("level2_code")
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	rd, err := s.reader(r)
	if err != nil {
		return err
	}
	ss, err := workflow.Library(r.Context(), rd, code, q, 20)
	if err != nil {
		return err
	}
	p := libraryPage{Level2: code, Q: q, Categories: categoryGroups}
	for _, s := range ss {
		v := url.Values{"level1_code": {s.Level1Code}, "level1": {s.Level1}, "level2_code": {s.Level2Code},
			"level2": {s.Level2}, "name": {s.Name}, "annual": {s.Annual}, "period": {s.Period}}
		p.Suggestions = append(p.Suggestions, librarySuggestion{s, "lib:" + v.Encode()})
	}
	return s.render(rw, r, http.StatusOK, "workflow_edit", "wf-library", p)
}

// targetInput is the argument of the wf-target template: one target's
// inputs in row Index.
type targetInput struct {
	Index int
	Name  string // "period" or "annual"
	Label string
	Field targetField
}

// opChoice is an option of the comparator picker.
type opChoice struct{ Value, Label string }

// Choices lists the comparators: none (a qualitative target), then as
// tables print them.
func (targetInput) Choices() []opChoice {
	return []opChoice{{"", "—"}, {">=", "≥"}, {"<=", "≤"}, {">", ">"}, {"<", "<"}, {"=", "="}}
}

// PeriodInput and AnnualInput are the row's two targets for the template.
func (r editRow) PeriodInput() targetInput {
	return targetInput{r.Index, "period", fmt.Sprintf("指标%d实施周期指标值", r.Index+1), r.Period}
}

func (r editRow) AnnualInput() targetInput {
	return targetInput{r.Index, "annual", fmt.Sprintf("指标%d年度指标值", r.Index+1), r.Annual}
}

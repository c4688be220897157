package jixiao

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// Accounts used by the matrix: one per role, scoped to department 人社局 and
// its unit 就业中心.
var (
	filer   = &User{Username: "f", Role: RoleFiler, Unit: "就业中心"}
	dept    = &User{Username: "d", Role: RoleDeptReviewer, Department: "人社局"}
	finance = &User{Username: "c", Role: RoleFinanceReviewer}
	admin   = &User{Username: "a", Role: RoleAdmin}
)

// The draft resources: in scope (the accounts' unit and department) and out
// of scope (another department's unit).
var (
	inScope  = Resource{Department: "人社局", Unit: "就业中心", Units: []string{"就业中心"}}
	outScope = Resource{Department: "教育局", Unit: "第一中学", Units: []string{"第一中学"}}
)

// TestAuthorizeMatrix tries every role against every action, in and out of
// scope, on a draft. Each row lists the expected decision per action, in
// the order of Actions; "A" allow, "F" forbid (403), "H" hide (404). A
// draft out of scope is hidden from every action that names it (issue 14:
// a signed-in outsider heard 403 for a hidden draft, 404 for a missing id).
func TestAuthorizeMatrix(t *testing.T) {
	// read edit submit d_appr d_ret f_appr f_ret d_rej f_rej publish draft adjust import delete users round actuals e_sub e_rev e_ret e_chk accrual measures decide
	want := []struct {
		who   string
		u     *User
		in    string
		out   string
		pubIn string // the same actions on a published document, in scope
	}{
		{"anonymous", nil,
			"H H H H H H H H H H H H H H H H H H H H H H H H",
			"H H H H H H H H H H H H H H H H H H H H H H H H",
			"A F F F F F F F F F F F F F F F F F F F F F F F"},
		{"filer", filer,
			"A A A F F F F F F F F A F F F F A A F F F A A F",
			"H H H H H H H H H H H H F H F H H H H H H H H H",
			"A A A F F F F F F F F A F F F F A A F F F A A F"},
		{"dept_reviewer", dept,
			"A F F A A F F A F F A F A F F F A F A A F A A F",
			"H H H H H H H H H H H H A H F H H H H H H H H H",
			"A F F A A F F A F F A F A F F F A F A A F A A F"},
		{"finance_reviewer", finance,
			"A F F F F A A F A A A F A F F A A F F A A A F A",
			"A F F F F A A F A A A F A F F A A F F A A A F A",
			"A F F F F A A F A A A F A F F A A F F A A A F A"},
		{"admin", admin,
			"A F F F F F F F F F F F A A A A A F F F F F F F",
			"A F F F F F F F F F F F A A A A A F F F F F F F",
			"A F F F F F F F F F F F A A A A A F F F F F F F"},
	}
	codes := map[string]Decision{"A": Allow, "F": Forbid, "H": Hide}
	published := inScope
	published.Published = true
	for _, row := range want {
		for _, c := range []struct {
			scope string
			r     Resource
			line  string
		}{{"in", inScope, row.in}, {"out", outScope, row.out}, {"published", published, row.pubIn}} {
			exp := strings.Fields(c.line)
			if len(exp) != len(Actions) {
				t.Fatalf("%s %s: %d expectations for %d actions", row.who, c.scope, len(exp), len(Actions))
			}
			for i, a := range Actions {
				if got := Authorize(row.u, a, c.r); got != codes[exp[i]] {
					t.Errorf("%s %s scope %s: got %s, want %s", row.who, a, c.scope, got, codes[exp[i]])
				}
			}
		}
	}
}

func TestInScopeFilerDepartmentAndDocument(t *testing.T) {
	u := &User{Role: RoleFiler, Unit: "就业中心", Department: "人社局"}
	if !InScope(u, Resource{Department: "人社局", Units: []string{"人社局本级", "就业中心"}}) {
		t.Error("filer should see a document listing its unit")
	}
	if InScope(u, Resource{Department: "人社局", Units: []string{"人社局本级"}}) {
		t.Error("filer sees a document without its unit")
	}
	if InScope(u, Resource{Department: "民政局", Unit: "就业中心"}) {
		t.Error("filer with a department sees a same-named unit of another department")
	}
	if InScope(&User{Role: RoleDeptReviewer}, Resource{}) {
		t.Error("a department reviewer without a department covers the empty department")
	}
}

func TestTransitions(t *testing.T) {
	states := []State{StateDraft, StateSubmitted, StateDeptApproved, StateFinanceApproved, StateRejected}
	// want[action][from] = to, or "" for a 409.
	want := map[Action]map[State]State{
		ActionSubmit:         {StateDraft: StateSubmitted},
		ActionDeptApprove:    {StateSubmitted: StateDeptApproved},
		ActionDeptReturn:     {StateSubmitted: StateDraft},
		ActionFinanceApprove: {StateDeptApproved: StateFinanceApproved},
		ActionFinanceReturn:  {StateDeptApproved: StateDraft, StateFinanceApproved: StateDraft},
		ActionDeptReject:     {StateSubmitted: StateRejected},
		ActionFinanceReject:  {StateDeptApproved: StateRejected},
		ActionEdit:           {},
		ActionPublish:        {},
	}
	for a, m := range want {
		for _, s := range states {
			got, err := Transition(s, a)
			exp, ok := m[s]
			switch {
			case ok && (err != nil || got != exp):
				t.Errorf("%s from %s: got %s, %v; want %s", a, s, got, err, exp)
			case !ok && !errors.Is(err, ErrConflict):
				t.Errorf("%s from %s: got %s, %v; want a conflict", a, s, got, err)
			case !ok && !strings.Contains(err.Error(), "不能") && !strings.Contains(err.Error(), "不是"):
				t.Errorf("%s from %s: message %q says nothing in Chinese", a, s, err)
			}
		}
	}
}

func TestProjectTransitionFrozenWhenPublished(t *testing.T) {
	_, err := ProjectTransition(StateFinanceApproved, DocPublished, ActionFinanceReturn)
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "目标调整") {
		t.Fatalf("return on a published document: %v", err)
	}
	if s, err := ProjectTransition(StateDraft, DocDraft, ActionSubmit); err != nil || s != StateSubmitted {
		t.Fatalf("submit a draft: %s %v", s, err)
	}
}

func TestFullCycle(t *testing.T) {
	s := StateDraft
	for _, a := range []Action{ActionSubmit, ActionDeptReturn, ActionSubmit, ActionDeptApprove,
		ActionFinanceReturn, ActionSubmit, ActionDeptApprove, ActionFinanceApprove} {
		var err error
		if s, err = Transition(s, a); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	if s != StateFinanceApproved {
		t.Fatalf("ended in %s", s)
	}
	if err := CheckPublish(DocDraft, []State{s, s}); err != nil {
		t.Fatal(err)
	}
}

func TestCheckPublish(t *testing.T) {
	for _, c := range []struct {
		doc    State
		states []State
		msg    string
	}{
		{DocPublished, []State{StateFinanceApproved}, "已经公开"},
		{DocDraft, nil, "没有项目"},
		{DocDraft, []State{StateFinanceApproved, StateDeptApproved, StateDraft}, "还有 2 个项目"},
	} {
		err := CheckPublish(c.doc, c.states)
		if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s %v: %v, want %q", c.doc, c.states, err, c.msg)
		}
	}
}

func TestCheckSubmitAndReturn(t *testing.T) {
	if err := CheckSubmit([]Finding{{Rule: "target.vague", Severity: SeverityWarning}}); err != nil {
		t.Errorf("a warning blocks submission: %v", err)
	}
	err := CheckSubmit([]Finding{{Rule: "indicator.unit_missing", Severity: SeverityError, Message: "缺少计量单位"}})
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "缺少计量单位") {
		t.Errorf("an error finding: %v", err)
	}
	p := &Project{Indicators: make([]Indicator, 3)}
	if err := CheckReturn(" ", 0, p); !errors.Is(err, ErrInvalid) {
		t.Errorf("return without comment: %v", err)
	}
	if err := CheckReturn("请量化", 4, p); !errors.Is(err, ErrInvalid) {
		t.Errorf("return on indicator 4 of 3: %v", err)
	}
	if err := CheckReturn("请量化", 3, p); err != nil {
		t.Errorf("return on indicator 3: %v", err)
	}
}

func TestReadOnlyReason(t *testing.T) {
	pub := inScope
	pub.Published = true
	for _, c := range []struct {
		u    *User
		r    Resource
		s    State
		doc  State
		want string
	}{
		{filer, inScope, StateDraft, DocDraft, ""},
		{nil, inScope, StateDraft, DocDraft, "登录"},
		{filer, inScope, StateSubmitted, DocDraft, "等待主管部门审核"},
		{filer, inScope, StateDeptApproved, DocDraft, "等待财政审核"},
		{filer, inScope, StateFinanceApproved, DocDraft, "财政已审核通过"},
		{filer, pub, StateFinanceApproved, DocPublished, "已公开"},
		{filer, outScope, StateDraft, DocDraft, "不在您的单位"},
		{dept, inScope, StateSubmitted, DocDraft, "只审核"},
		{admin, inScope, StateSubmitted, DocDraft, "不参与填报和审核"},
	} {
		got := ReadOnlyReason(c.u, c.r, c.s, c.doc)
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%v %s %s: %q, want %q", c.u, c.s, c.doc, got, c.want)
		}
	}
}

func TestReviewAction(t *testing.T) {
	for _, c := range []struct {
		word string
		r    Role
		want Action
	}{
		{"approve", RoleDeptReviewer, ActionDeptApprove},
		{"approve", RoleFinanceReviewer, ActionFinanceApprove},
		{"return", RoleDeptReviewer, ActionDeptReturn},
		{"return", RoleFinanceReviewer, ActionFinanceReturn},
		{"submit", RoleFiler, ActionSubmit},
		{"publish", RoleFinanceReviewer, ActionPublish},
	} {
		if got, err := ReviewAction(c.word, c.r); err != nil || got != c.want {
			t.Errorf("%s as %s: %s %v", c.word, c.r, got, err)
		}
	}
	// A filer's "approve" stays a word the policy refuses.
	a, _ := ReviewAction("approve", RoleFiler)
	if Authorize(filer, a, inScope) != Forbid {
		t.Error("a filer may approve")
	}
	if _, err := ReviewAction("delete", RoleAdmin); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown word: %v", err)
	}
}

func TestValidateUser(t *testing.T) {
	for _, c := range []struct {
		u  User
		ok bool
	}{
		{User{Username: "张三", Role: RoleFiler, Unit: "就业中心"}, true},
		{User{Username: "张三", Role: RoleFiler}, false},
		{User{Username: "李四", Role: RoleDeptReviewer}, false},
		{User{Username: "李四", Role: RoleDeptReviewer, Department: "人社局"}, true},
		{User{Username: "王五", Role: RoleFinanceReviewer}, true},
		{User{Username: "x", Role: "boss"}, false},
		{User{Username: " ", Role: RoleAdmin}, false},
	} {
		if err := c.u.Validate(); (err == nil) != c.ok {
			t.Errorf("%+v: %v", c.u, err)
		}
	}
}

func TestDiffProjects(t *testing.T) {
	old := &Project{Name: "就业补助", Goal: "促进就业", Amounts: Amounts{Total: 1_500_000},
		Indicators: []Indicator{
			{Level1Code: "1", Level1: "产出指标", Level2Code: "11", Level2: "数量指标", Name: "培训人数", Annual: ParseTarget("≥500人次")},
			{Name: "满意度", Annual: ParseTarget("≥90%")},
		}}
	nw := *old
	nw.Indicators = []Indicator{old.Indicators[0]}
	nw.Indicators[0].Annual = ParseTarget("≥600人次")
	nw.Amounts.Total = 2_000_000
	got := DiffProjects(old, &nw, WanYuan)
	want := []string{
		"资金总额: 1.50 → 2.00",
		"指标1 年度指标值: ≥500人次 → ≥600人次",
		"指标2（已删除）: 满意度；年度指标值:≥90% → ",
	}
	var lines []string
	for _, c := range got {
		lines = append(lines, fmt.Sprintf("%s: %s → %s", c.Label, c.Old, c.New))
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("diff:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if d := DiffProjects(old, old, WanYuan); len(d) != 0 {
		t.Errorf("no change gives %v", d)
	}
}

// TestDiffProjectsDeletesOneIndicator (issue 15): deleting indicator 2 of
// four was recorded as changes to indicators 2, 3 and 4; now it is one
// change, an edit of a later indicator keeps its own number, and an
// inserted indicator is one change too.
func TestDiffProjectsDeletesOneIndicator(t *testing.T) {
	in := func(name, annual string) Indicator {
		return Indicator{Level2Code: "11", Level2: "数量指标", Name: name, Annual: ParseTarget(annual)}
	}
	old := &Project{Name: "就业补助", Indicators: []Indicator{in("培训人数", "≥500人次"), in("补贴人数", "≥80人"), in("场次", "≥12场"), in("覆盖街道", "22个")}}
	nw := *old
	nw.Indicators = []Indicator{old.Indicators[0], old.Indicators[2], in("覆盖街道", "全部22个")}
	lines := func(cs []Change) string {
		var out []string
		for _, c := range cs {
			out = append(out, fmt.Sprintf("%s: %s → %s", c.Label, c.Old, c.New))
		}
		return strings.Join(out, "\n")
	}
	want := "指标2（已删除）: 11-数量指标；补贴人数；年度指标值:≥80人 → \n指标3（原指标4） 年度指标值: 22个 → 全部22个"
	if got := lines(DiffProjects(old, &nw, WanYuan)); got != want {
		t.Errorf("delete one, edit one:\n%s\nwant:\n%s", got, want)
	}
	back := DiffProjects(&nw, old, WanYuan)
	if want := "指标2（新增）:  → 11-数量指标；补贴人数；年度指标值:≥80人\n指标4（原指标3） 年度指标值: 全部22个 → 22个"; lines(back) != want {
		t.Errorf("insert one:\n%s\nwant:\n%s", lines(back), want)
	}
}

func TestConflictErrorIsConflict(t *testing.T) {
	err := error(&ConflictError{Expected: 2, Version: 3, By: "张三"})
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "第 3 版") {
		t.Fatal(err)
	}
}

func TestAvailableActions(t *testing.T) {
	draft := ProjectStatus{Department: "人社局", Unit: "就业中心", State: StateDraft, DocState: DocDraft}
	submitted, approved := draft, draft
	submitted.State, approved.State = StateSubmitted, StateDeptApproved
	published := approved
	published.State, published.DocState = StateFinanceApproved, DocPublished
	for _, c := range []struct {
		u    *User
		p    ProjectStatus
		want string
	}{
		{filer, draft, "submit"},
		{filer, submitted, ""},
		{dept, submitted, "approve return"},
		{dept, draft, ""},
		{finance, submitted, ""},
		{finance, approved, "approve return"},
		{finance, published, ""},
		{admin, submitted, ""},
		{nil, draft, ""},
		{&User{Role: RoleDeptReviewer, Department: "教育局"}, submitted, ""},
	} {
		if got := strings.Join(AvailableActions(c.u, c.p), " "); got != c.want {
			t.Errorf("%v on %s: %q, want %q", c.u, c.p.State, got, c.want)
		}
	}
}

func TestNewAdjustment(t *testing.T) {
	p := &Project{ID: 7, DocumentID: 3, Seq: 2, Unit: "就业中心", Goal: "促进就业",
		Indicators: []Indicator{{Name: "培训人数", Period: ParseTarget("≥1000人"), Annual: ParseTarget("≥500人")}}}
	a, err := NewAdjustment(p, AdjustAnnual, 1, "≥600人", "追加任务")
	if err != nil || a.Old != "≥500人" || a.Label() != "指标1 年度指标值" || a.State != StateSubmitted {
		t.Fatalf("%+v %v", a, err)
	}
	a.Apply(p)
	if p.Indicators[0].Annual.Value != "600" {
		t.Errorf("applied: %+v", p.Indicators[0].Annual)
	}
	for _, c := range []struct {
		field  string
		seq    int
		value  string
		reason string
	}{
		{AdjustAnnual, 2, "≥1人", "r"}, {"name", 1, "x", "r"}, {AdjustGoal, 0, "促进就业", "r"},
		{AdjustGoal, 0, "新目标", " "}, {AdjustPeriod, 1, "", "r"},
	} {
		if _, err := NewAdjustment(p, c.field, c.seq, c.value, c.reason); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: %v", c, err)
		}
	}
}

package sqldb_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/importer"
	"jixiao/internal/storetest"
)

// published stores a fixture document as an import would: published.
func published(t *testing.T, st store, seed string) *jixiao.Document {
	t.Helper()
	doc := storetest.NewDocument(seed, 4, 3)
	if err := st.SaveDocument(ctx(), doc, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	return doc
}

func actor(u *jixiao.User) jixiao.AuditEntry {
	return jixiao.AuditEntry{UserID: u.ID, Username: u.Username, Role: u.Role}
}

func user(t *testing.T, wf jixiao.WorkflowStore, name string, role jixiao.Role, unit, dept string) *jixiao.User {
	t.Helper()
	u := &jixiao.User{Username: name, Role: role, Unit: unit, Department: dept}
	if err := wf.CreateUser(ctx(), u, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U", jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestImportedDocumentIsPublished(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		doc := published(t, st, "甲")
		ds, err := st.Workflow().DocumentStatus(ctx(), doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ds.State != jixiao.DocPublished || len(ds.Projects) != 4 || ds.Department != doc.Agency {
			t.Fatalf("imported document status %+v", ds)
		}
		for _, p := range ds.Projects {
			if p.State != jixiao.StateFinanceApproved || p.Version != 1 {
				t.Errorf("imported project %+v", p)
			}
		}
		if _, err := st.Workflow().DocumentStatus(ctx(), doc.ID+100); !errors.Is(err, jixiao.ErrNotFound) {
			t.Errorf("missing document: %v", err)
		}
	})
}

func TestUsers(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		wf := st.Workflow()
		u := user(t, wf, "张三", jixiao.RoleFiler, "就业中心", "人社局")
		if err := wf.CreateUser(ctx(), &jixiao.User{Username: "张三", Role: jixiao.RoleAdmin}, "x", jixiao.Actor(nil)); !errors.Is(err, jixiao.ErrDuplicate) {
			t.Errorf("second 张三: %v", err)
		}
		if err := wf.CreateUser(ctx(), &jixiao.User{Username: "李四", Role: jixiao.RoleFiler}, "x", jixiao.Actor(nil)); !errors.Is(err, jixiao.ErrInvalid) {
			t.Errorf("filer without unit: %v", err)
		}
		got, hash, err := wf.UserByName(ctx(), "张三")
		if err != nil || got.ID != u.ID || got.Unit != "就业中心" || got.Department != "人社局" || !strings.HasPrefix(hash, "$argon2id$") {
			t.Fatalf("UserByName: %+v %q %v", got, hash, err)
		}
		if _, _, err := wf.UserByName(ctx(), "王五"); !errors.Is(err, jixiao.ErrNotFound) {
			t.Errorf("unknown user: %v", err)
		}
	})
}

// draft makes a published fixture and a draft copied from it for 2025.
func draft(t *testing.T, st store, by *jixiao.User) *jixiao.Document {
	t.Helper()
	src := published(t, st, "乙")
	d, err := st.Workflow().CreateDraft(ctx(), src.ID, 2025, actor(by))
	if err != nil {
		t.Fatal(err)
	}
	if d.ID == src.ID || d.Year != 2025 || !strings.HasPrefix(d.Title, "2025年") || len(d.Projects) != 4 {
		t.Fatalf("draft %d %q year %d, %d projects", d.ID, d.Title, d.Year, len(d.Projects))
	}
	return d
}

func TestDraftCycle(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		wf := st.Workflow()
		dept := user(t, wf, "审核员", jixiao.RoleDeptReviewer, "", "广州市乙人力资源和社会保障局")
		fin := user(t, wf, "财政", jixiao.RoleFinanceReviewer, "", "")
		filer := user(t, wf, "填报", jixiao.RoleFiler, "乙局本级", "")
		d := draft(t, st, dept)
		ds, _ := wf.DocumentStatus(ctx(), d.ID)
		if ds.State != jixiao.DocDraft || ds.SourceID == 0 {
			t.Fatalf("draft status %+v", ds)
		}
		// Copying a draft is refused.
		if _, err := wf.CreateDraft(ctx(), d.ID, 2026, actor(dept)); !errors.Is(err, jixiao.ErrConflict) {
			t.Errorf("draft from a draft: %v", err)
		}
		// Publishing too early is refused with the count.
		if err := wf.PublishDocument(ctx(), d.ID, actor(fin)); !errors.Is(err, jixiao.ErrConflict) {
			t.Errorf("early publish: %v", err)
		}
		// Edit project 1, then walk every project through the review.
		p := d.Projects[0]
		p.Indicators[0].Annual = jixiao.ParseTarget("≥600人次")
		p.Goal = "新目标"
		ps, err := wf.SaveProject(ctx(), &p, d.Findings, 1, actor(filer))
		if err != nil || ps.Version != 2 {
			t.Fatalf("save: %+v %v", ps, err)
		}
		saved, _ := st.Project(ctx(), p.ID)
		if saved.Goal != "新目标" || saved.Indicators[0].Annual.Text != "≥600人次" || len(saved.Indicators) != 3 {
			t.Errorf("saved project %+v", saved)
		}
		steps := []struct {
			u    *jixiao.User
			a    jixiao.Action
			from jixiao.State
			to   jixiao.State
		}{
			{filer, jixiao.ActionSubmit, jixiao.StateDraft, jixiao.StateSubmitted},
			{dept, jixiao.ActionDeptApprove, jixiao.StateSubmitted, jixiao.StateDeptApproved},
			{fin, jixiao.ActionFinanceApprove, jixiao.StateDeptApproved, jixiao.StateFinanceApproved},
		}
		for _, pr := range d.Projects {
			for _, s := range steps {
				e := actor(s.u)
				e.Action, e.FromState, e.ToState = s.a, s.from, s.to
				if _, err := wf.SetProjectState(ctx(), pr.ID, e); err != nil {
					t.Fatalf("project %d %s: %v", pr.ID, s.a, err)
				}
			}
		}
		// A stale transition (approve again) is a conflict.
		e := actor(dept)
		e.Action, e.FromState, e.ToState = jixiao.ActionDeptApprove, jixiao.StateSubmitted, jixiao.StateDeptApproved
		if _, err := wf.SetProjectState(ctx(), p.ID, e); !errors.Is(err, jixiao.ErrConflict) {
			t.Errorf("approve twice: %v", err)
		}
		if ds, err := wf.Drafts(ctx()); err != nil || len(ds) != 1 || ds[0].DocumentID != d.ID || len(ds[0].Units) != 2 {
			t.Fatalf("drafts before publication: %+v %v", ds, err)
		}
		if err := wf.PublishDocument(ctx(), d.ID, actor(fin)); err != nil {
			t.Fatalf("publish: %v", err)
		}
		if ds, err := wf.Drafts(ctx()); err != nil || len(ds) != 0 {
			t.Fatalf("drafts after publication: %+v %v", ds, err)
		}
		if err := wf.PublishDocument(ctx(), d.ID, actor(fin)); !errors.Is(err, jixiao.ErrConflict) {
			t.Errorf("publish twice: %v", err)
		}
		// Frozen: neither edits nor transitions.
		if _, err := wf.SaveProject(ctx(), &p, nil, 2, actor(filer)); !errors.Is(err, jixiao.ErrConflict) || !strings.Contains(err.Error(), "已公开") {
			t.Errorf("edit after publication: %v", err)
		}
		e.Action, e.FromState, e.ToState = jixiao.ActionFinanceReturn, jixiao.StateFinanceApproved, jixiao.StateDraft
		if _, err := wf.SetProjectState(ctx(), p.ID, e); !errors.Is(err, jixiao.ErrConflict) {
			t.Errorf("return after publication: %v", err)
		}
		h, err := wf.History(ctx(), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		// create_draft, edit, 4×3 transitions, publish.
		if len(h) != 1+1+12+1 {
			t.Fatalf("history has %d entries", len(h))
		}
		if h[0].Action != jixiao.ActionCreateDraft || h[1].Action != jixiao.ActionEdit || h[len(h)-1].Action != jixiao.ActionPublish {
			t.Errorf("history order: %s %s … %s", h[0].Action, h[1].Action, h[len(h)-1].Action)
		}
		var labels []string
		for _, c := range h[1].Changes {
			labels = append(labels, c.Label+":"+c.Old+"→"+c.New)
		}
		if len(h[1].Changes) != 2 || h[1].Username != "填报" || h[1].Version != 2 {
			t.Errorf("edit entry %+v, changes %v", h[1], labels)
		}
		v1, err := wf.ProjectVersion(ctx(), p.ID, 1)
		if err != nil || v1.Goal == "新目标" {
			t.Errorf("version 1: %v %v", v1, err)
		}
	})
}

func TestReturnWithComment(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		wf := st.Workflow()
		dept := user(t, wf, "审核员", jixiao.RoleDeptReviewer, "", "广州市乙人力资源和社会保障局")
		d := draft(t, st, dept)
		p := d.Projects[1]
		e := actor(dept)
		e.Action, e.FromState, e.ToState = jixiao.ActionSubmit, jixiao.StateDraft, jixiao.StateSubmitted
		if _, err := wf.SetProjectState(ctx(), p.ID, e); err != nil {
			t.Fatal(err)
		}
		e.Action, e.FromState, e.ToState = jixiao.ActionDeptReturn, jixiao.StateSubmitted, jixiao.StateDraft
		e.Comment, e.IndicatorSeq = "指标值过于笼统，请量化", 2
		ps, err := wf.SetProjectState(ctx(), p.ID, e)
		if err != nil || ps.State != jixiao.StateDraft {
			t.Fatalf("return: %+v %v", ps, err)
		}
		h, _ := wf.History(ctx(), d.ID)
		last := h[len(h)-1]
		if last.Comment != "指标值过于笼统，请量化" || last.IndicatorSeq != 2 || last.ProjectSeq != 2 || last.Username != "审核员" {
			t.Errorf("return entry %+v", last)
		}
	})
}

// TestConcurrentEdit: two editors start from version 1; the second save is
// refused with the first one's content, and both attempts are in the log.
func TestConcurrentEdit(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		wf := st.Workflow()
		a := user(t, wf, "甲", jixiao.RoleFiler, "乙局本级", "")
		b := user(t, wf, "乙", jixiao.RoleFiler, "乙局本级", "")
		d := draft(t, st, a)
		pa, pb := d.Projects[0], d.Projects[0]
		pa.Indicators = append([]jixiao.Indicator(nil), pa.Indicators...)
		pa.Goal, pb.Goal = "甲的目标", "乙的目标"
		type res struct {
			err error
		}
		ch := make(chan res, 2)
		go func() { _, err := wf.SaveProject(ctx(), &pa, nil, 1, actor(a)); ch <- res{err} }()
		go func() { _, err := wf.SaveProject(ctx(), &pb, nil, 1, actor(b)); ch <- res{err} }()
		r1, r2 := <-ch, <-ch
		var ok, conflicts int
		for _, r := range []res{r1, r2} {
			var ce *jixiao.ConflictError
			switch {
			case r.err == nil:
				ok++
			case errors.As(r.err, &ce):
				conflicts++
				if ce.Current == nil || ce.Version != 2 || (ce.Current.Goal != "甲的目标" && ce.Current.Goal != "乙的目标") {
					t.Errorf("conflict carries %+v", ce)
				}
			default:
				t.Errorf("save: %v", r.err)
			}
		}
		if ok != 1 || conflicts != 1 {
			t.Fatalf("%d saves, %d conflicts", ok, conflicts)
		}
		h, _ := wf.History(ctx(), d.ID)
		var outcomes []string
		for _, e := range h {
			if e.Action == jixiao.ActionEdit {
				outcomes = append(outcomes, e.Username+":"+e.Outcome)
			}
		}
		if len(outcomes) != 2 || !strings.Contains(strings.Join(outcomes, ","), jixiao.OutcomeConflict) {
			t.Errorf("edit entries %v", outcomes)
		}
		cur, _ := st.Project(ctx(), pa.ID)
		if cur.Goal != "甲的目标" && cur.Goal != "乙的目标" {
			t.Errorf("stored goal %q", cur.Goal)
		}
	})
}

// TestDraftOfRealSample copies the Liwan table (52 projects, 201
// indicators: more than one INSERT batch) and reads the same content back.
func TestDraftOfRealSample(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		data, err := os.ReadFile("../../testdata/liwan-hrss-bureau-2024.md")
		if err != nil {
			t.Fatal(err)
		}
		src, err := importer.Import(ctx(), st, "liwan-hrss-bureau-2024.md", data, importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		d, err := st.Workflow().CreateDraft(ctx(), src.ID, 2025, jixiao.AuditEntry{Username: "审核员"})
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.Document(ctx(), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Year != 2025 || len(got.Projects) != len(src.Projects) || got.IndicatorCount() != src.IndicatorCount() ||
			len(got.Findings) != len(src.Findings) || len(got.Units) != len(src.Units) {
			t.Fatalf("draft: year %d, %d projects, %d indicators, %d findings, %d units; source %d, %d, %d, %d",
				got.Year, len(got.Projects), got.IndicatorCount(), len(got.Findings), len(got.Units),
				len(src.Projects), src.IndicatorCount(), len(src.Findings), len(src.Units))
		}
		for i := range got.Projects {
			a, b := got.Projects[i], src.Projects[i]
			if d := jixiao.DiffProjects(&b, &a, src.MoneyUnit); len(d) != 0 {
				t.Fatalf("project %d differs from its source: %v", i+1, d)
			}
		}
	})
}

// TestAdjustment: a published target changes only through an adjustment,
// reviewed like the original, and takes effect when finance approves it.
func TestAdjustment(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		wf := st.Workflow()
		doc := published(t, st, "丙")
		filer := user(t, wf, "填报", jixiao.RoleFiler, doc.Projects[0].Unit, "")
		p := doc.Projects[0]
		a, err := jixiao.NewAdjustment(&p, jixiao.AdjustAnnual, 2, "≥30人", "上级追加任务")
		if err != nil {
			t.Fatal(err)
		}
		old := a.Old
		if err := wf.ProposeAdjustment(ctx(), a, actor(filer)); err != nil || a.ID == 0 || a.State != jixiao.StateSubmitted {
			t.Fatalf("propose: %+v %v", a, err)
		}
		step := func(act jixiao.Action, want error) {
			t.Helper()
			cur, _ := wf.Adjustment(ctx(), a.ID)
			to, terr := jixiao.AdjustmentTransition(cur.State, act)
			if terr != nil {
				if want == nil {
					t.Fatalf("%s: %v", act, terr)
				}
				return
			}
			e := actor(filer)
			e.Action, e.FromState, e.ToState = act, cur.State, to
			if _, err := wf.SetAdjustmentState(ctx(), a.ID, e); (err == nil) != (want == nil) {
				t.Fatalf("%s: %v", act, err)
			}
		}
		step(jixiao.ActionDeptReturn, nil)
		step(jixiao.ActionSubmit, nil)
		step(jixiao.ActionDeptApprove, nil)
		if got, _ := st.Project(ctx(), p.ID); got.Indicators[1].Annual.Text != old {
			t.Fatalf("applied before finance approval: %q", got.Indicators[1].Annual.Text)
		}
		step(jixiao.ActionFinanceApprove, nil)
		got, _ := st.Project(ctx(), p.ID)
		if in := got.Indicators[1].Annual; in.Text != "≥30人" || in.Op != jixiao.GE || in.Value != "30" {
			t.Errorf("after approval the published target is %+v", in)
		}
		if _, err := jixiao.AdjustmentTransition(jixiao.StateFinanceApproved, jixiao.ActionFinanceReturn); !errors.Is(err, jixiao.ErrConflict) {
			t.Errorf("return of an applied adjustment: %v", err)
		}
		list, _ := wf.Adjustments(ctx(), doc.ID)
		if len(list) != 1 || list[0].State != jixiao.StateFinanceApproved || list[0].Old != old || list[0].Reason != "上级追加任务" {
			t.Errorf("adjustments %+v", list)
		}
		h, _ := wf.History(ctx(), doc.ID)
		// The import is logged first.
		if len(h) != 6 || h[0].Action != jixiao.ActionImport || h[1].Action != jixiao.ActionAdjust ||
			h[5].AdjustmentID != a.ID || len(h[5].Changes) != 1 {
			t.Errorf("history %+v", h)
		}
		// A draft is edited directly, not adjusted.
		d := draft(t, st, filer)
		dp := d.Projects[0]
		da, _ := jixiao.NewAdjustment(&dp, jixiao.AdjustGoal, 0, "新目标", "理由")
		if err := wf.ProposeAdjustment(ctx(), da, actor(filer)); !errors.Is(err, jixiao.ErrConflict) {
			t.Errorf("adjustment of a draft: %v", err)
		}
	})
}

// TestAddAndRemoveProject: a filer adds a project to a draft and removes
// another; the numbering stays 1..n with indicators following, and both
// steps are in the history.
func TestAddAndRemoveProject(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		wf := st.Workflow()
		f := user(t, wf, "填报", jixiao.RoleFiler, "乙局本级", "")
		d := draft(t, st, f)
		p := &jixiao.Project{Unit: "乙局本级", Name: "新增的培训项目", Goal: "培训基层干部",
			Indicators: []jixiao.Indicator{{Level1Code: "1", Level1: "产出指标", Level2Code: "11", Level2: "数量指标",
				Name: "培训人次", Annual: jixiao.ParseTarget("≥500人次")}}}
		ps, err := wf.AddProject(ctx(), d.ID, p, nil, actor(f))
		if err != nil || ps.State != jixiao.StateDraft || ps.Version != 1 || p.Seq != 5 {
			t.Fatalf("add: %+v seq %d %v", ps, p.Seq, err)
		}
		if err := wf.RemoveProject(ctx(), d.Projects[1].ID, nil, actor(f)); err != nil {
			t.Fatalf("remove: %v", err)
		}
		got, err := st.Document(ctx(), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for i, q := range got.Projects {
			if q.Seq != i+1 {
				t.Errorf("project %q has seq %d at place %d", q.Name, q.Seq, i+1)
			}
			names = append(names, q.Name)
		}
		if len(got.Projects) != 4 || got.Projects[3].Name != "新增的培训项目" || len(got.Projects[3].Indicators) != 1 {
			t.Errorf("projects after add and remove: %v", names)
		}
		rows, err := st.Indicators(ctx(), jixiao.IndicatorQuery{DocumentID: d.ID, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows.Items {
			if r.ProjectSeq < 1 || r.ProjectSeq > 4 {
				t.Errorf("indicator %q keeps project seq %d", r.Name, r.ProjectSeq)
			}
		}
		h, _ := wf.History(ctx(), d.ID)
		if n := len(h); n < 3 || h[n-2].Action != jixiao.ActionAddProject || h[n-1].Action != jixiao.ActionRemoveProject {
			t.Errorf("history %+v", h)
		}
		// Neither works once the project is submitted or the document published.
		e := actor(f)
		e.Action, e.FromState, e.ToState = jixiao.ActionSubmit, jixiao.StateDraft, jixiao.StateSubmitted
		if _, err := wf.SetProjectState(ctx(), p.ID, e); err != nil {
			t.Fatal(err)
		}
		if err := wf.RemoveProject(ctx(), p.ID, nil, actor(f)); !errors.Is(err, jixiao.ErrConflict) {
			t.Errorf("remove a submitted project: %v", err)
		}
		ds, _ := wf.DocumentStatus(ctx(), d.ID)
		if _, err := wf.AddProject(ctx(), ds.SourceID, &jixiao.Project{Unit: "乙局本级", Name: "x"}, nil, actor(f)); !errors.Is(err, jixiao.ErrConflict) {
			t.Errorf("add to a published document: %v", err)
		}
	})
}

// TestDraftKeepsBlankCells: a draft copies the blank money cells of the
// table it comes from, and saving a draft project stores the blanks it is
// saved with (an edit that fills a blank cell makes it a printed amount).
func TestDraftKeepsBlankCells(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		wf := st.Workflow()
		dept := user(t, wf, "审核员", jixiao.RoleDeptReviewer, "", "广州市丙人力资源和社会保障局")
		filer := user(t, wf, "填报", jixiao.RoleFiler, "丙局本级", "")
		src := storetest.NewDocument("丙", 4, 3)
		src.Projects[0].Amounts.Blank = jixiao.ColOther
		src.Stated.Blank = jixiao.ColOther
		if err := st.SaveDocument(ctx(), src, jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
		d, err := wf.CreateDraft(ctx(), src.ID, 2025, actor(dept))
		if err != nil {
			t.Fatal(err)
		}
		d, err = st.Document(ctx(), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Projects[0].Amounts.Blank != jixiao.ColOther || d.Stated.Blank != jixiao.ColOther {
			t.Fatalf("draft blanks: project %v, 合计 %v", d.Projects[0].Amounts.Blank.Names(), d.Stated.Blank.Names())
		}
		p := d.Projects[0]
		p.Amounts.Blank = jixiao.ColSpecialAccount | jixiao.ColOther
		p.Amounts.SpecialAccount, p.Amounts.Fiscal = 0, p.Amounts.Total
		if _, err := wf.SaveProject(ctx(), &p, d.Findings, 1, actor(filer)); err != nil {
			t.Fatal(err)
		}
		saved, err := st.Project(ctx(), p.ID)
		if err != nil || saved.Amounts != p.Amounts {
			t.Fatalf("saved amounts %+v, want %+v (%v)", saved.Amounts, p.Amounts, err)
		}
	})
}

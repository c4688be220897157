package storetest

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"jixiao"
)

// testRectifications: a store that keeps the 整改台账 opens an item as
// 待整改, moves it only from the state the caller read (a stale step
// stores nothing), keeps evidence files byte for byte, lists them with
// the item, and writes each change's history event and audit entry
// naming the person; the database refuses a state outside the four.
func testRectifications(t *testing.T, st jixiao.Store) {
	rp, ok := st.(jixiao.RectificationProvider)
	if !ok {
		t.Skipf("%T keeps no 整改台账", st)
	}
	wp := st.(jixiao.WorkflowProvider)
	rs := rp.Rectify()
	doc := NewDocument("越秀", 2, 2)
	save(t, st, doc)
	dept := &jixiao.User{ID: 8, Username: "部门审核员", Role: jixiao.RoleDeptReviewer}
	filer := &jixiao.User{ID: 7, Username: "填报员", Role: jixiao.RoleFiler}
	entry := func(u *jixiao.User, a jixiao.Action, c string) jixiao.AuditEntry {
		e := jixiao.Actor(u)
		e.Action, e.Comment = a, c
		return e
	}
	p := doc.Projects[0]
	r := &jixiao.Rectification{Source: jixiao.SourceReview, SourceRef: "审核意见（中）", ReviewID: 3,
		DocumentID: doc.ID, ProjectID: p.ID, Project: p.Name, Year: doc.Year, Department: doc.Agency, Unit: p.Unit,
		Problem: "指标未细化", Deadline: "2025-06-30", OpenedByID: dept.ID, OpenedBy: dept.Username}
	if err := rs.CreateRectification(ctx(t), r, entry(dept, jixiao.ActionOpenRectification, "发起")); err != nil {
		t.Fatal(err)
	}
	if r.ID == 0 || r.State != jixiao.RectifyOpen || r.OpenedAt.IsZero() {
		t.Fatalf("created: %+v", r)
	}
	pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{0, 0xff, 'x'}, 1000)...)
	f := &jixiao.Evidence{Name: "整改报告.pdf", ContentType: "application/pdf", Data: pdf, UploadedBy: filer.Username}
	if err := rs.AddEvidence(ctx(t), r.ID, f, jixiao.RectifyOpen, jixiao.RectifyWorking,
		entry(filer, jixiao.ActionAttachEvidence, "上传")); err != nil {
		t.Fatal(err)
	}
	// A second upload claiming 待整改 is stale: the item is 整改中.
	err := rs.AddEvidence(ctx(t), r.ID, &jixiao.Evidence{Name: "b.txt", ContentType: "text/plain", Data: []byte("b"),
		UploadedBy: filer.Username}, jixiao.RectifyOpen, jixiao.RectifyWorking, entry(filer, jixiao.ActionAttachEvidence, "上传"))
	if !errors.Is(err, jixiao.ErrConflict) {
		t.Fatalf("stale upload: %v, want ErrConflict", err)
	}
	step := func(u *jixiao.User, from, to jixiao.State, a jixiao.Action, edit func(*jixiao.Rectification)) error {
		cur, err := rs.Rectification(ctx(t), r.ID)
		if err != nil {
			t.Fatal(err)
		}
		edit(cur)
		cur.State, cur.UpdatedBy = to, u.Username
		return rs.UpdateRectification(ctx(t), cur, from, entry(u, a, string(a)))
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(step(filer, jixiao.RectifyWorking, jixiao.RectifyDone, jixiao.ActionMarkRectified, func(c *jixiao.Rectification) {
		c.Measures, c.Result = "已细化指标", "已完成"
	}))
	if err := step(filer, jixiao.RectifyWorking, jixiao.RectifyDone, jixiao.ActionMarkRectified, func(*jixiao.Rectification) {}); !errors.Is(err, jixiao.ErrConflict) {
		t.Fatalf("stale step: %v, want ErrConflict", err)
	}
	if err := step(dept, jixiao.RectifyDone, "已关闭", jixiao.ActionVerifyRectification, func(*jixiao.Rectification) {}); err == nil {
		t.Fatal("a state outside the four was stored")
	}
	must(step(dept, jixiao.RectifyDone, jixiao.RectifyVerified, jixiao.ActionVerifyRectification, func(c *jixiao.Rectification) {
		c.Verdict = "核实无误"
	}))
	missing := &jixiao.Rectification{ID: r.ID + 100, State: jixiao.RectifyDone}
	if err := rs.UpdateRectification(ctx(t), missing, jixiao.RectifyWorking, entry(filer, jixiao.ActionMarkRectified, "")); !errors.Is(err, jixiao.ErrNotFound) {
		t.Fatalf("missing item: %v, want ErrNotFound", err)
	}

	got, err := rs.Rectification(ctx(t), r.ID)
	must(err)
	if got.State != jixiao.RectifyVerified || got.Measures != "已细化指标" || got.Verdict != "核实无误" ||
		got.UpdatedBy != dept.Username || got.Problem != "指标未细化" || got.ReviewID != 3 || len(got.Evidence) != 1 {
		t.Fatalf("read back: %+v", got)
	}
	if e := got.Evidence[0]; e.Name != "整改报告.pdf" || e.Size != int64(len(pdf)) || e.Data != nil {
		t.Errorf("evidence listed: %+v", e)
	}
	file, err := rs.EvidenceFile(ctx(t), r.ID, f.ID)
	must(err)
	if !bytes.Equal(file.Data, pdf) || file.ContentType != "application/pdf" {
		t.Errorf("evidence bytes: %d bytes of %s, want %d", len(file.Data), file.ContentType, len(pdf))
	}
	if _, err := rs.EvidenceFile(ctx(t), r.ID+1, f.ID); !errors.Is(err, jixiao.ErrNotFound) {
		t.Errorf("evidence through another item: %v, want ErrNotFound", err)
	}
	list, err := rs.Rectifications(ctx(t))
	must(err)
	if len(list) != 1 || list[0].ID != r.ID || len(list[0].Evidence) != 1 {
		t.Errorf("list: %+v", list)
	}
	checkRectifyHistory(t, rs, wp.Workflow(), r)
}

// checkRectifyHistory compares item r's history and its document's audit
// entries with the steps taken, in order.
func checkRectifyHistory(t *testing.T, rs jixiao.RectificationStore, wf jixiao.WorkflowStore, r *jixiao.Rectification) {
	t.Helper()
	want := []string{"部门审核员 open_rectification →待整改", "填报员 attach_evidence 待整改→整改中",
		"填报员 mark_rectified 整改中→已整改", "部门审核员 verify_rectification 已整改→已核实"}
	events, err := rs.RectifyHistory(ctx(t), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, e.Username+" "+string(e.Action)+" "+string(e.FromState)+"→"+string(e.ToState))
	}
	sameJSON(t, "item history", got, want)
	h, err := wf.History(ctx(t), r.DocumentID)
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, e := range h {
		if strings.HasPrefix(e.Comment, "整改事项") {
			if e.ProjectID != r.ProjectID {
				t.Errorf("audit entry %s: project %d, want %d", e.Action, e.ProjectID, r.ProjectID)
			}
			got = append(got, e.Username+" "+string(e.Action)+" "+string(e.FromState)+"→"+string(e.ToState))
		}
	}
	sameJSON(t, "audit entries", got, want)
}
